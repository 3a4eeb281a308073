#include "cytostorm/serve/patient_store.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>

#include <mutex>
#include <string_view>

namespace cytostorm::serve {

namespace {

// The schema, one migration per version: migration i brings a database from version i to i + 1.
// Never edit a migration that has shipped; add one.
constexpr std::string_view kMigrations[] = {
    R"sql(
CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  patient_id TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- insertion order
  patient INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  time TEXT NOT NULL,
  kind TEXT NOT NULL,
  item TEXT NOT NULL,
  value TEXT NOT NULL,
  unit TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX events_by_patient ON events(patient, id);
)sql",
};

// A prepared statement, finalized when it goes out of scope.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK) {
      throw StoreFailure(fmt::format("cannot prepare \"{}\": {}", sql, sqlite3_errmsg(db)));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text) {
    check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(int index, sqlite3_int64 value) {
    check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  // True while there is a row; false when done.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreFailure(sqlite3_errmsg(db_));
  }
  // Runs a statement that returns no rows, ready to run again with new bindings.
  void run() {
    step();
    sqlite3_reset(stmt_);
  }
  [[nodiscard]] std::string text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
  }
  [[nodiscard]] sqlite3_int64 integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw StoreFailure(sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void execute(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    throw StoreFailure(text);
  }
}

// A write transaction (BEGIN IMMEDIATE: the write lock is taken at once), rolled back unless
// committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { execute(db_, "BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    execute(db_, "COMMIT");
    done_ = true;
  }

 private:
  sqlite3* db_;
  bool done_ = false;
};

std::optional<sqlite3_int64> patient_key(sqlite3* db, const std::string& patient_id) {
  Statement s(db, "SELECT id FROM patients WHERE patient_id = ?");
  s.bind(1, patient_id);
  if (!s.step()) return std::nullopt;
  return s.integer(0);
}

std::vector<io::EventRow> read_rows(sqlite3* db, sqlite3_int64 key, const std::string& patient_id) {
  Statement s(db,
              "SELECT time, kind, item, value, unit, note FROM events WHERE patient = ? ORDER BY "
              "id");
  s.bind(1, key);
  std::vector<io::EventRow> rows;
  while (s.step()) {
    // The line in the patient's table as stored: the header is line 1.
    rows.push_back({patient_id, s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5),
                    rows.size() + 2});
  }
  return rows;
}

std::size_t count_events(sqlite3* db, sqlite3_int64 key) {
  Statement s(db, "SELECT count(*) FROM events WHERE patient = ? AND kind <> 'patient'");
  s.bind(1, key);
  s.step();
  return static_cast<std::size_t>(s.integer(0));
}

void insert_rows(sqlite3* db, sqlite3_int64 key, const std::vector<io::EventRow>& rows) {
  Statement s(db,
              "INSERT INTO events (patient, time, kind, item, value, unit, note) VALUES (?, ?, ?, "
              "?, ?, ?, ?)");
  for (const auto& r : rows) {
    s.bind(1, key).bind(2, r.time).bind(3, r.kind).bind(4, r.item).bind(5, r.value);
    s.bind(6, r.unit).bind(7, r.note).run();
  }
}

// The first problem PRAGMA quick_check finds (b-tree pages, free list, record formats: every
// page is read, nothing written), or nothing for a sound database.
std::optional<std::string> first_damage(sqlite3* db) {
  Statement check(db, "PRAGMA quick_check(1)");
  check.step();
  std::string found = check.text(0);
  if (found == "ok") return std::nullopt;
  // SQLite starts its report with "*** in database main ***" on a line of its own.
  std::string_view text = found;
  if (text.starts_with("***") && text.find('\n') != std::string_view::npos) {
    text.remove_prefix(text.find('\n') + 1);
  }
  return std::string(text.substr(0, text.find('\n')));
}

std::string damaged(const std::string& problem) {
  return fmt::format(
      "the database is damaged ({}); it was left as it is: restore it from a backup, or give "
      "--db a new file",
      problem);
}

}  // namespace

struct PatientStore::Connection {
  sqlite3* db = nullptr;
  std::mutex mutex;  // one connection, one user at a time (see bench/serve_load.sh)
  ~Connection() { sqlite3_close(db); }
};

int PatientStore::latest_schema_version() {
  return static_cast<int>(std::size(kMigrations));
}

record::Result<std::shared_ptr<PatientStore>> PatientStore::open(const std::string& path) {
  auto connection = std::make_unique<Connection>();
  const auto fail = [&](const std::string& message) {
    return record::InputError{path, 0, "", message};
  };
  if (sqlite3_open_v2(path.c_str(), &connection->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    return fail(fmt::format("cannot open the database: {}",
                            connection->db ? sqlite3_errmsg(connection->db) : "out of memory"));
  }
  sqlite3* db = connection->db;
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  try {
    // Look before changing anything: the file may be damaged or belong to someone else.
    if (auto problem = first_damage(db)) return fail(damaged(*problem));
    std::vector<std::string> tables;
    {
      Statement s(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
      while (s.step()) tables.push_back(s.text(0));
    }
    int version = 0;
    if (!tables.empty()) {
      if (std::find(tables.begin(), tables.end(), "schema_version") == tables.end()) {
        return fail(fmt::format(
            "an SQLite database of another program (tables: {}), not a cytostorm database; give "
            "--db a new file",
            fmt::join(tables, ", ")));
      }
      Statement s(db, "SELECT version FROM schema_version");
      if (!s.step()) return fail("the schema_version table is empty: not a cytostorm database");
      version = static_cast<int>(s.integer(0));
      if (version > latest_schema_version()) {
        return fail(fmt::format(
            "schema version {} was written by a newer cytostorm (this one knows up to {})", version,
            latest_schema_version()));
      }
    }
    {
      Statement wal(db, "PRAGMA journal_mode = WAL");
      wal.step();
      if (wal.text(0) != "wal") return fail("cannot use write-ahead logging (journal_mode WAL)");
    }
    execute(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL");
    for (int v = version; v < latest_schema_version(); ++v) {
      Transaction t(db);
      execute(db, std::string(kMigrations[v]));
      if (v == 0) execute(db, "CREATE TABLE schema_version (version INTEGER NOT NULL)");
      execute(db, v == 0 ? "INSERT INTO schema_version (version) VALUES (1)"
                         : fmt::format("UPDATE schema_version SET version = {}", v + 1));
      t.commit();
    }
  } catch (const StoreFailure& e) {
    const int code = sqlite3_extended_errcode(db);
    if ((code & 0xff) == SQLITE_NOTADB) {
      return fail("not an SQLite database (is it another file?); give --db a new file");
    }
    // SQLite's own words ("database disk image is malformed"), not the statement that met them.
    if ((code & 0xff) == SQLITE_CORRUPT) return fail(damaged(sqlite3_errmsg(db)));
    return fail(e.what());
  }
  return std::shared_ptr<PatientStore>(new PatientStore(std::move(connection)));
}

PatientStore::PatientStore(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)) {}

PatientStore::~PatientStore() = default;

int PatientStore::schema_version() const {
  std::lock_guard lock(connection_->mutex);
  Statement s(connection_->db, "SELECT version FROM schema_version");
  s.step();
  return static_cast<int>(s.integer(0));
}

std::vector<std::string> PatientStore::patient_ids() const {
  std::lock_guard lock(connection_->mutex);
  Statement s(connection_->db, "SELECT patient_id FROM patients ORDER BY patient_id");
  std::vector<std::string> ids;
  while (s.step()) ids.push_back(s.text(0));
  return ids;
}

std::optional<std::vector<io::EventRow>> PatientStore::rows(const std::string& patient_id) const {
  std::lock_guard lock(connection_->mutex);
  const auto key = patient_key(connection_->db, patient_id);
  if (!key) return std::nullopt;
  return read_rows(connection_->db, *key, patient_id);
}

WriteOutcome PatientStore::create_patient(const std::string& patient_id,
                                          const std::vector<io::EventRow>& rows,
                                          const RowCheck& check) {
  std::lock_guard lock(connection_->mutex);
  sqlite3* db = connection_->db;
  Transaction t(db);
  if (patient_key(db, patient_id)) return {WriteOutcome::Status::patient_exists, {}, 0};
  if (auto problem = check({}, rows)) {
    return {WriteOutcome::Status::refused, std::move(problem), 0};
  }
  Statement s(db, "INSERT INTO patients (patient_id) VALUES (?)");
  s.bind(1, patient_id).run();
  const sqlite3_int64 key = sqlite3_last_insert_rowid(db);
  insert_rows(db, key, rows);
  t.commit();
  return {WriteOutcome::Status::stored, {}, 0};
}

WriteOutcome PatientStore::add_rows(const std::string& patient_id,
                                    const std::vector<io::EventRow>& rows, const RowCheck& check) {
  std::lock_guard lock(connection_->mutex);
  sqlite3* db = connection_->db;
  Transaction t(db);
  const auto key = patient_key(db, patient_id);
  if (!key) return {WriteOutcome::Status::unknown_patient, {}, 0};
  if (auto problem = check(read_rows(db, *key, patient_id), rows)) {
    return {WriteOutcome::Status::refused, std::move(problem), 0};
  }
  insert_rows(db, *key, rows);
  const std::size_t events = count_events(db, *key);
  t.commit();
  return {WriteOutcome::Status::stored, {}, events};
}

}  // namespace cytostorm::serve
