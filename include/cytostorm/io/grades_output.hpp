#pragma once
/// @file
/// The outputs of `cytostorm grade` (formats.md section 3): JSON per patient with timelines,
/// CSV one row per patient, a readable table, and the cohort summary.

#include <cstdio>
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

/// Writes graded patients as they come (table, JSON or CSV), then the cohort summary: the output
/// of `cytostorm grade`, shared with `cytostorm simulate`.
class GradesWriter {
 public:
  /// @param format "table", "json" or "csv"; @param summary only the cohort summary
  /// @param out where to write; @param scales the CRS scales graded, in order
  GradesWriter(std::string format, bool summary, std::FILE* out, std::vector<std::string> scales);

  /// Starts the document (header row, opening bracket).
  void begin();
  /// Writes one patient.
  void patient(const grading::PatientGrades& p);
  /// Writes the cohort summary (and the concordance when several scales were graded).
  void end();

  /// The cohort summary of the patients written so far, and the concordance between the scales
  /// when there are several: what end() writes.
  /// @return the summary
  [[nodiscard]] CohortReport report() const;

  [[nodiscard]] std::size_t count() const { return count_; }

  /// A point to come back to when an input has to be read again.
  struct Mark {
    long offset;
    std::size_t count;
  };
  [[nodiscard]] Mark mark() const;
  /// Drops everything written after `m`; false when the output cannot be rewound.
  bool rewind_to(const Mark& m);

 private:
  void put(const std::string& s);

  std::string format_;
  bool summary_;
  std::FILE* out_;
  std::vector<std::string> scales_;
  std::vector<std::vector<grading::CourseFacts>> crs_;
  std::vector<grading::CourseFacts> icans_;
  std::size_t count_ = 0;
};

}  // namespace cytostorm::io
