#pragma once
/// @file
/// Reading the event table (formats.md section 1): a CSV file with the header
/// `patient_id,time,kind,item,value,unit,note`, strict about vocabulary and units.

#include <functional>
#include <string>
#include <vector>

#include "cytostorm/record/event.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::io {

/// The header an event table must start with.
inline constexpr const char* kEventTableHeader = "patient_id,time,kind,item,value,unit,note";

/// How strict the reader is.
struct EventTableOptions {
  bool skip_bad_rows = false;  ///< skip (and report) bad rows instead of stopping at the first
};

/// What a read saw.
struct EventTableStats {
  std::size_t rows = 0;                     ///< data rows read (skipped ones included)
  std::size_t patients = 0;                 ///< patients handed on
  bool streamed = true;                     ///< rows were grouped by patient and read in one pass
  std::vector<record::InputError> skipped;  ///< rows or patients skipped, with the reason
};

/// Receives each patient as soon as all of its rows are read.
using PatientSink = std::function<void(record::PatientRecord&&)>;

/// Reads an event table. Rows grouped by patient are streamed: memory stays bounded by the
/// largest patient. When a patient's rows turn up again after another patient's, the input is
/// not grouped: `restart` is called (drop everything received so far) and the input is read
/// again with every row kept until the end. Standard input ("-") is held in memory for this.
/// @param path the file, or "-" for standard input
/// @param options strictness
/// @param sink called once per patient, in order of first appearance
/// @param restart called before a second, grouping pass
/// @return the statistics, or the first error (`file:line: column: what is wrong`)
record::Result<EventTableStats> read_event_table(const std::string& path,
                                                 const EventTableOptions& options,
                                                 const PatientSink& sink,
                                                 const std::function<void()>& restart);

/// Reads an event table held in memory (for tests and the server); `name` is used in errors.
/// Every row is kept until the end, so each patient is handed on once, complete.
record::Result<EventTableStats> read_event_table_text(const std::string& text,
                                                      const std::string& name,
                                                      const EventTableOptions& options,
                                                      const PatientSink& sink);

/// One patient as event-table rows (formats.md section 1): the patient facts first, then every
/// event; times in hours since infusion.
/// @param with_header start with the header line
std::string event_table_csv(const record::PatientRecord& patient, bool with_header);

}  // namespace cytostorm::io
