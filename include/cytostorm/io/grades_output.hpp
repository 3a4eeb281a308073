#pragma once
/// @file
/// The outputs of `cytostorm grade` (formats.md section 3): JSON per patient with timelines,
/// CSV one row per patient, a readable table, and the cohort summary.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cytostorm/grading/cohort.hpp"
#include "cytostorm/grading/engine.hpp"

namespace cytostorm::io {

/// One syndrome's course: scale, max_grade, onset_day, onset_hours, duration_hours, episodes,
/// daily_max and timeline (the audit trail).
nlohmann::ordered_json to_json(const grading::SyndromeCourse& course);

/// One patient: patient_id, crs (the first scale), icans, and crs_by_scale when several scales
/// were graded.
nlohmann::ordered_json to_json(const grading::PatientGrades& patient);

/// The CSV header: the columns of formats.md section 3, then, for each further scale,
/// crs_<scale>_max_grade, crs_<scale>_onset_day, crs_<scale>_duration_hours.
std::string csv_header(const std::vector<std::string>& scales);

/// One patient's CSV row (empty cells where the syndrome never occurred).
std::string csv_row(const grading::PatientGrades& patient);

/// The header and one row of the readable table.
std::string table_header(const std::vector<std::string>& scales);
std::string table_row(const grading::PatientGrades& patient);

/// The cohort summary and, when given, the concordance between scales.
struct CohortReport {
  std::vector<grading::SyndromeSummary> syndromes;
  std::vector<grading::Concordance> concordance;
};
nlohmann::ordered_json to_json(const CohortReport& report);
std::string summary_text(const CohortReport& report);
std::string summary_csv(const CohortReport& report);

}  // namespace cytostorm::io
