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
  void add(Event event, std::optional<TimePoint> time);

  /// The finished record, or an error: ISO times without an infusion row, two infusion rows,
  /// or a row without a time. A patient fact given twice keeps the later value.
  [[nodiscard]] Result<PatientRecord> finish() &&;

  [[nodiscard]] const std::string& patient_id() const { return record_.patient_id; }
  [[nodiscard]] std::size_t size() const { return rows_.size(); }

 private:
  struct Row {
    Event event;
    std::optional<TimePoint> time;
  };
  PatientRecord record_;
  std::vector<Row> rows_;
};

}  // namespace cytostorm::record
