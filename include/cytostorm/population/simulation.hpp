#pragma once
/// @file
/// One simulated patient's course: the virtual patient (model) integrated by CVODE, observed
/// at the bedside and treated by a virtual clinician who follows a written policy for supportive
/// care and a guideline rule set for drugs. The clinician's observations and actions are an
/// event table, graded by the same engine as any real patient.
///
/// At every round the clinician grades the patient (ASTCT), builds a clinical::TreatmentSituation
/// (grades, weight, the doses it gave, "no improvement" after Policy::response_after_hours,
/// calendar days with fever, a seizure in the last 24 h, edema on the last imaging; neutropenia
/// and high risk are not modelled) and calls clinical::suggest() with the rule set and the
/// policy's added rows. It gives tocilizumab when a tocilizumab suggestion is not withheld, at
/// its computed dose, and at most one corticosteroid: of the corticosteroid suggestions (those of
/// unverified rows only when not withheld) it takes the most specific (the row of the highest
/// starting grade, then a row with a condition before a standing row, then row order) and gives
/// it when it is not withheld. Each medication event notes the row it follows.

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cytostorm/clinical/guideline.hpp"
#include "cytostorm/grading/engine.hpp"
#include "cytostorm/model/virtual_patient.hpp"
#include "cytostorm/population/policy.hpp"
#include "cytostorm/record/event.hpp"
#include "cytostorm/record/input_error.hpp"
#include "cytostorm/solver/cvode_solver.hpp"

namespace cytostorm::population {

/// How to run one course.
struct SimulationOptions {
  double days = 28.0;
  double sample_hours = 1.0;  ///< trajectory resolution
  std::string patient_id = "virtual-1";
  std::uint64_t seed = 1;  ///< seizures are drawn from the model's hazard with this seed
  grading::EngineOptions engine;
  /// The rule set the clinician follows for tocilizumab and corticosteroids: the one the policy
  /// names (io::load_guideline(io::guideline_path(data_dir, policy.guideline))). Required.
  clinical::Guideline guideline;
};

/// A treatment given, for plots.
struct Treatment {
  double hours = 0.0;
  std::string label;  ///< "tocilizumab 600 mg"
};

/// The samples of a course: one row per sample time, one value per column, held in one
/// contiguous block row after row (so that the Python module hands the whole table to NumPy
/// without copying it). A row is a span of `width()` values.
class SampleRows {
 public:
  /// Iterates over the rows, each a span.
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::span<const double>;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::span<const double>;
    Iterator() = default;
    Iterator(const double* at, std::size_t width) : at_(at), width_(width) {}
    std::span<const double> operator*() const { return {at_, width_}; }
    Iterator& operator++() {
      at_ += width_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      at_ += width_;
      return before;
    }
    bool operator==(const Iterator& other) const { return at_ == other.at_; }

   private:
    const double* at_ = nullptr;
    std::size_t width_ = 0;
  };

  /// @param width the number of values in every row
  explicit SampleRows(std::size_t width = 0) : width_(width) {}

  /// Appends a row.
  /// @param row `width()` values
  /// @throws std::invalid_argument when the row has another width
  void push_back(std::span<const double> row);
  /// Makes room for `rows` rows.
  /// @param rows the number of rows expected
  void reserve(std::size_t rows) { values_.reserve(rows * width_); }

  /// @return the number of rows
  [[nodiscard]] std::size_t size() const { return width_ ? values_.size() / width_ : 0; }
  /// @return true when there is no row
  [[nodiscard]] bool empty() const { return values_.empty(); }
  /// @return the number of values in a row
  [[nodiscard]] std::size_t width() const { return width_; }
  /// @param i a row index below size()
  /// @return row `i`
  std::span<const double> operator[](std::size_t i) const {
    return {values_.data() + i * width_, width_};
  }
  /// @return the first row (there must be one)
  [[nodiscard]] std::span<const double> front() const { return (*this)[0]; }
  /// @return the last row (there must be one)
  [[nodiscard]] std::span<const double> back() const { return (*this)[size() - 1]; }
  /// @return the first value of the first row; the rows follow each other without gaps
  [[nodiscard]] const double* data() const { return values_.data(); }
  [[nodiscard]] Iterator begin() const { return {values_.data(), width_}; }
  [[nodiscard]] Iterator end() const { return {values_.data() + values_.size(), width_}; }

 private:
  std::size_t width_;
  std::vector<double> values_;
};

/// Everything one simulated course yields.
struct SimulatedCourse {
  std::vector<std::string> columns;  ///< "time_days", states and derived quantities, signs
  SampleRows rows;                   ///< one per sample, columns.size() values each
  std::string policy;                ///< the name of the clinician's policy
  record::PatientRecord record;      ///< the clinician's event table
  grading::PatientGrades grades;     ///< graded by ASTCT 2019 like any patient
  std::vector<Treatment> treatments;
  solver::SolverStats solver_stats;
};

/// The solver settings for the virtual patient: default tolerances, outputs interpolated (its
/// right-hand side is autonomous and every dose restarts the integrator through reset_state, so
/// stopping at each hourly sample would only triple the steps).
solver::SolverOptions virtual_patient_solver_options();

/// Simulates one patient under `policy`.
/// @param patient the virtual patient (its covariates give age and weight)
/// @param policy the virtual clinician's policy
/// @param solver a solver to (re)use: its memory is reused across patients
/// @param options duration, sampling, seed, grading options, the guideline rule set
/// @throws std::invalid_argument when the duration or sampling is not positive, the vitals
///   interval is not a multiple of the sampling, the guideline has no rows, or a row the policy
///   adds has the id of a guideline row
/// @throws solver::SolverError when the integration fails
SimulatedCourse simulate_course(const model::VirtualPatient& patient, const Policy& policy,
                                solver::CvodeSolver& solver, const SimulationOptions& options);

}  // namespace cytostorm::population
