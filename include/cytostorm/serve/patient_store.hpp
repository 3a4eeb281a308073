#pragma once
/// @file
/// Where the server keeps its patients: an SQLite database (WAL journal, foreign keys, full
/// synchronous commits, versioned migrations) holding each patient's event-table rows as written.
/// Every write is one transaction: when a write returns, it is on disk.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cytostorm/io/event_table.hpp"
#include "cytostorm/record/input_error.hpp"

struct sqlite3;

namespace cytostorm::serve {

/// SQLite failed while the database was open (disk full, I/O error): not the user's input.
class StoreFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Checks rows about to be added to a patient who already has `stored` rows; returns what is
/// wrong with `added`, or nothing. Called inside the write transaction.
using RowCheck = std::function<std::optional<record::InputError>(
    const std::vector<io::EventRow>& stored, const std::vector<io::EventRow>& added)>;

/// What a write did.
struct WriteOutcome {
  enum class Status { stored, patient_exists, unknown_patient, refused };
  Status status = Status::stored;
  std::optional<record::InputError> problem;  ///< why the check refused the rows
  std::size_t events = 0;                     ///< the patient's events after the write
};

/// The database of patients and their rows.
class PatientStore {
 public:
  /// The schema version this program writes (the number of migrations).
  static int latest_schema_version();

  /// Opens (creating when missing) the database at `path` and brings its schema up to date.
  /// A file that is not an SQLite database, a database of another program, a damaged one
  /// (PRAGMA quick_check, run before anything is written) or one written by a newer cytostorm
  /// is refused, the file left as it was.
  /// @param path the database file
  /// @return the store, or an error naming the file and what is wrong with it
  static record::Result<std::shared_ptr<PatientStore>> open(const std::string& path);

  ~PatientStore();
  PatientStore(const PatientStore&) = delete;
  PatientStore& operator=(const PatientStore&) = delete;

  /// The schema version of the open database.
  [[nodiscard]] int schema_version() const;

  /// Every patient_id, sorted.
  [[nodiscard]] std::vector<std::string> patient_ids() const;

  /// A patient's rows in the order they were stored; each row's `line` is its line in that
  /// table with a header (the first row is line 2), so that grades cite the same lines as for
  /// the event table that was uploaded.
  /// @param patient_id the patient
  /// @return the rows, or nothing for an unknown patient
  [[nodiscard]] std::optional<std::vector<io::EventRow>> rows(const std::string& patient_id) const;

  /// Creates a patient with its first rows (patient facts), in one transaction.
  /// @param patient_id the new patient; @param rows rows to store with it
  /// @param check run on (no stored rows, `rows`) before anything is written
  /// @return stored, patient_exists, or refused with the problem
  WriteOutcome create_patient(const std::string& patient_id, const std::vector<io::EventRow>& rows,
                              const RowCheck& check);

  /// Adds rows to a patient, all or none, in one transaction.
  /// @param patient_id the patient; @param rows the rows to add
  /// @param check run on (stored rows, `rows`) inside the transaction before writing
  /// @return stored with the new count of events, unknown_patient, or refused with the problem
  WriteOutcome add_rows(const std::string& patient_id, const std::vector<io::EventRow>& rows,
                        const RowCheck& check);

 private:
  struct Connection;
  explicit PatientStore(std::unique_ptr<Connection> connection);
  std::unique_ptr<Connection> connection_;
};

}  // namespace cytostorm::serve
