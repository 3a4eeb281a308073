#pragma once
/// @file
/// The time-series grading engine: carries a patient's state over time (an oxygen device or a
/// vasopressor rate holds until changed, a fever counts for a window, masked fever after
/// treatment of established CRS, attributions), grades it with the clinical rules at every
/// change of input, and builds each syndrome's course.

#include <memory>
#include <optional>
#include <vector>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/grading/course.hpp"
#include "cytostorm/record/event.hpp"

namespace cytostorm::grading {

/// Options of the engine.
struct EngineOptions {
  double fever_window_hours = 24.0;    ///< a temperature >= 38.0 C counts this long
  double resolution_hours = 24.0;      ///< grade 0 this long ends an episode
  double seizure_window_hours = 24.0;  ///< a seizure counts this long
  clinical::RuleOptions rules;
};

/// A patient graded over time.
struct PatientGrades {
  std::string patient_id;
  std::vector<SyndromeCourse> crs;  ///< one per requested scale, in the order asked
  SyndromeCourse icans;             ///< ASTCT 2019
};

/// Grades one patient step by step: events are applied in time order and the state is graded at
/// chosen times. grade_patient uses it over a whole record; the virtual clinician uses it to
/// know the grades while a simulated course unfolds (one engine, two users).
class Grader {
 public:
  /// @param facts the patient (age, weight, developmental delay are read; events are not);
  ///        must outlive the Grader
  /// @param scales the CRS scales wanted; @param options windows and rule options
  Grader(const record::PatientRecord& facts, std::vector<const clinical::CrsScale*> scales,
         const EngineOptions& options);
  ~Grader();
  Grader(Grader&&) noexcept;
  Grader& operator=(Grader&&) = delete;

  /// Applies one event; events must come in time order.
  void apply(const record::Event& event);

  /// Grades the state at `now` (calendar day `day`, which began at `day_start_hours`); nothing is
  /// recomputed when the state is unchanged since the last evaluation.
  void evaluate(double now, int day, double day_start_hours);

  /// The latest CRS result by scale `i` (in the order given), and the latest ICANS result.
  [[nodiscard]] const clinical::GradeResult& crs(std::size_t i) const;
  [[nodiscard]] const clinical::GradeResult& icans() const;

  /// Appends to `times` the later times at which `event` changes the state by itself (a fever
  /// or seizure leaving its window, a vasopressor reaching 3 h and 24 h), unsorted.
  void add_expiries(const record::Event& event, std::vector<double>& times) const;

  /// The courses, ending at the last observation.
  [[nodiscard]] PatientGrades finish(double end_hours, int end_day) &&;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Where a replay stopped.
struct Replayed {
  double hours = 0.0;   ///< the last time graded
  int day = 0;          ///< its calendar day
  bool graded = false;  ///< false when no event came before the end
};

/// Feeds `record`'s events to `grader` in time order and grades at every change of input and
/// every expiry, up to `until_hours` (graded at that time too) or to the last event.
/// @return the last time graded (0 and day 0 when there was nothing to grade)
Replayed replay(Grader& grader, const record::PatientRecord& record,
                std::optional<double> until_hours = std::nullopt);

/// Grades one patient by the CRS `scales` (ASTCT 2019 ICANS always).
/// @param record the patient's events, sorted by time (as PatientBuilder::finish leaves them)
/// @param scales the CRS scales wanted (from clinical::crs_scales())
/// @param options windows and rule options
PatientGrades grade_patient(const record::PatientRecord& record,
                            const std::vector<const clinical::CrsScale*>& scales,
                            const EngineOptions& options = {});

}  // namespace cytostorm::grading
