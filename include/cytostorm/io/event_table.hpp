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

/// One row of an event table as written: the seven columns as text, and where it was written.
struct EventRow {
  std::string patient_id;
  std::string time;
  std::string kind;
  std::string item;
  std::string value;
  std::string unit;
  std::string note;
  std::size_t line = 0;  ///< the line it was written on (a CSV or JSON line), for errors
};

/// Splits an event table held in memory into its rows, as written: the header, the CSV quoting
/// and the number of fields are checked here, the values by check_event_rows.
/// @param text the CSV text, header first
/// @param name the name used in errors ("request")
/// @return the rows with their lines, or the first error (`name:line: column: what is wrong`)
record::Result<std::vector<EventRow>> read_event_rows(const std::string& text,
                                                      const std::string& name);

/// Checks rows as read_event_table checks a file's rows (vocabulary, units, times, one time
/// style, the patient-level rules), with the same messages, and hands on each patient, complete.
/// @param rows the rows, in the order written; each row's `line` is used in errors
/// @param name the name used in errors and as each record's source
/// @param sink called once per patient, in order of first appearance
/// @return the statistics, or the first error
record::Result<EventTableStats> check_event_rows(const std::vector<EventRow>& rows,
                                                 const std::string& name, const PatientSink& sink);

/// One row as a CSV line (fields quoted where needed), without the line end.
std::string event_row_csv(const EventRow& row);

/// One patient as event-table rows: the patient facts first, then every event in time order,
/// times in hours since infusion; each row's `line` is the event's.
std::vector<EventRow> event_rows(const record::PatientRecord& patient);

/// One patient as event-table rows (formats.md section 1): the patient facts first, then every
/// event; times in hours since infusion.
/// @param with_header start with the header line
std::string event_table_csv(const record::PatientRecord& patient, bool with_header);

}  // namespace cytostorm::io
