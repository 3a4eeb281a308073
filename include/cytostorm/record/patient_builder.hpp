#pragma once
/// @file
/// Assembles one PatientRecord from checked rows in any order: every reader (CSV, FHIR) adds
/// rows here, and `finish` sorts them, places them relative to the infusion and takes the
/// patient facts out of the `patient` rows.

#include <optional>
#include <string>
#include <vector>

#include "cytostorm/record/event.hpp"
#include "cytostorm/record/event_time.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::record {

/// Collects one patient's rows.
class PatientBuilder {
 public:
  PatientBuilder(std::string patient_id, std::string source);

  /// Adds a checked event observed at `time` (nothing for `patient` rows, which need no time).
  void add(Event&& event, std::optional<TimePoint> time);

  /// Makes room for `rows` rows (a hint: the rows of the previous patient, say).
  void reserve(std::size_t rows);

  /// The finished record, or an error: ISO times without an infusion row, two infusion rows,
  /// or a row without a time. A patient fact given twice keeps the later value.
  [[nodiscard]] Result<PatientRecord> finish() &&;

  [[nodiscard]] const std::string& patient_id() const { return record_.patient_id; }
  [[nodiscard]] std::size_t size() const { return rows_; }

 private:
  PatientRecord record_;  // patient facts applied as they come, events not yet placed
  std::vector<std::optional<TimePoint>> times_;  // the time of each of record_.events
  std::size_t rows_ = 0;
  std::optional<TimePoint> infusion_;                // the first infusion row's time
  std::size_t infusion_line_ = 0;                    // its line, 0 when there is none
  std::optional<std::size_t> second_infusion_line_;  // the line of a second infusion row
};

}  // namespace cytostorm::record
