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

  /// Adds a checked event observed at `time` (nothing for `patient` rows, which need no time);
  /// its free texts are copied into the record's texts (keep_texts).
  void add(Event&& event, const std::optional<TimePoint>& time);

  /// The next event, to be filled in place (by make_event, without a copy): keep() adds it, and
  /// it is dropped otherwise (the next call returns it again, to be filled anew).
  /// @return the event, holding whatever was last written to it
  Event& next_event();

  /// Adds the event filled in through next_event(), as add() does.
  /// @param time when it was observed (nothing for `patient` rows)
  void keep(const std::optional<TimePoint>& time);

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
  bool pending_ = false;  // record_.events ends with the event of next_event(), not yet kept
  std::optional<TimePoint> infusion_;                // the first infusion row's time
  std::size_t infusion_line_ = 0;                    // its line, 0 when there is none
  std::optional<std::size_t> second_infusion_line_;  // the line of a second infusion row
};

}  // namespace cytostorm::record
