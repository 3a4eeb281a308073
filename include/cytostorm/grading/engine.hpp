#pragma once
/// @file
/// The time-series grading engine: carries a patient's state over time (an oxygen device or a
/// vasopressor rate holds until changed, a fever counts for a window, masked fever after
/// treatment of established CRS, attributions), grades it with the clinical rules at every
/// change of input, and builds each syndrome's course.

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

/// Grades one patient by the CRS `scales` (ASTCT 2019 ICANS always).
/// @param record the patient's events, sorted by time (as PatientBuilder::finish leaves them)
/// @param scales the CRS scales wanted (from clinical::crs_scales())
/// @param options windows and rule options
PatientGrades grade_patient(const record::PatientRecord& record,
                            const std::vector<const clinical::CrsScale*>& scales,
                            const EngineOptions& options = {});

}  // namespace cytostorm::grading
