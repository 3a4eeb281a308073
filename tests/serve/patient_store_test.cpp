// The SQLite patient store: the schema made on first open and kept on reopening, files that are
// not cytostorm databases or damaged ones refused untouched, rows kept in order, all-or-none
// writes, and concurrent writers.
#include "cytostorm/serve/patient_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <thread>

#include "support/damaged_database.hpp"
#include "support/run_cli.hpp"

namespace cytostorm::serve {
namespace {

using testing::Damage;
using testing::Scratch;

std::optional<record::InputError> accept(const std::vector<io::EventRow>&,
                                         const std::vector<io::EventRow>&) {
  return std::nullopt;
}

io::EventRow row(const std::string& time, const std::string& item, const std::string& value) {
  return {"P01", time, "vital", item, value, "", "", 0};
}

void run_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(PatientStore, MakesTheSchemaOnFirstOpenAndKeepsItOnReopening) {
  Scratch s;
  const std::string path = s.dir() + "/new.db";
  {
    auto store = PatientStore::open(path);
    ASSERT_TRUE(store.ok()) << store.error().to_string();
    EXPECT_EQ(store.value()->schema_version(), PatientStore::latest_schema_version());
    EXPECT_EQ(store.value()->create_patient("P01", {}, accept).status,
              WriteOutcome::Status::stored);
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  auto again = PatientStore::open(path);
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(again.value()->patient_ids(), std::vector<std::string>{"P01"});
}

TEST(PatientStore, RefusesATextFileAndLeavesItAlone) {
  Scratch s;
  const std::string text = "patient_id,time\nP01,0\n" + std::string(200, 'x');
  const std::string path = s.write("notes.db", text);
  const auto store = PatientStore::open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().to_string(),
            path + ": not an SQLite database (is it another file?); give --db a new file");
  EXPECT_EQ(testing::read_bytes(path), text);
}

TEST(PatientStore, RefusesAnotherProgramsDatabase) {
  Scratch s;
  const std::string path = s.dir() + "/shop.db";
  run_sql(path, "CREATE TABLE orders (id INTEGER); CREATE TABLE customers (name TEXT);");
  const auto store = PatientStore::open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().file, path);
  EXPECT_NE(store.error().message.find("another program (tables: customers, orders)"),
            std::string::npos)
      << store.error().message;
}

// A valid SQLite header with damaged pages behind it: refused at open, the file byte for byte as
// it was. The undamaged database (the other side) opens with its rows.
TEST(PatientStore, RefusesADamagedDatabaseAndLeavesItAlone) {
  Scratch s;
  const std::string sound = s.write("sound.db", testing::patient_database(Damage::none));
  {
    const auto store = PatientStore::open(sound);
    ASSERT_TRUE(store.ok()) << store.error().to_string();
    EXPECT_EQ(store.value()->rows("P01")->size(), 300U);
  }
  for (const auto damage : {Damage::page_overwritten, Damage::truncated}) {
    SCOPED_TRACE(damage == Damage::truncated ? "truncated" : "page overwritten");
    const std::string bytes = testing::patient_database(damage);
    ASSERT_EQ(bytes.substr(0, 16), std::string("SQLite format 3") + '\0');
    const std::string path = s.write("damaged.db", bytes);
    const auto store = PatientStore::open(path);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().file, path);
    EXPECT_TRUE(store.error().message.starts_with("the database is damaged ("))
        << store.error().message;
    EXPECT_NE(store.error().message.find("it was left as it is"), std::string::npos);
    EXPECT_EQ(store.error().message.find('\n'), std::string::npos) << store.error().message;
    EXPECT_TRUE(testing::read_bytes(path) == bytes) << "the damaged file was changed";
    EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  }
}

TEST(PatientStore, RefusesADatabaseOfANewerCytostorm) {
  Scratch s;
  const std::string path = s.dir() + "/newer.db";
  ASSERT_TRUE(PatientStore::open(path).ok());
  const int latest = PatientStore::latest_schema_version();
  run_sql(path, "UPDATE schema_version SET version = " + std::to_string(latest + 1));
  const auto store = PatientStore::open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("newer cytostorm"), std::string::npos);
  run_sql(path, "UPDATE schema_version SET version = " + std::to_string(latest));
  EXPECT_TRUE(PatientStore::open(path).ok());  // the boundary: this version is read
}

TEST(PatientStore, KeepsRowsInTheOrderStoredWithTheirLines) {
  Scratch s;
  auto store = PatientStore::open(s.dir() + "/rows.db").value();
  ASSERT_EQ(
      store->create_patient("P01", {{"P01", "", "patient", "age_years", "9", "", "", 0}}, accept)
          .status,
      WriteOutcome::Status::stored);
  const auto outcome =
      store->add_rows("P01", {row("48", "sbp", "82"), row("30", "temperature", "39")}, accept);
  EXPECT_EQ(outcome.status, WriteOutcome::Status::stored);
  EXPECT_EQ(outcome.events, 2U);  // patient facts are not events
  const auto rows = store->rows("P01");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3U);
  EXPECT_EQ((*rows)[0].item, "age_years");
  EXPECT_EQ((*rows)[1].time, "48");
  EXPECT_EQ((*rows)[2].line, 4U);
  EXPECT_FALSE(store->rows("P02"));
}

TEST(PatientStore, WritesAllOrNothingAndKnowsItsPatients) {
  Scratch s;
  auto store = PatientStore::open(s.dir() + "/w.db").value();
  EXPECT_EQ(store->add_rows("P01", {row("1", "sbp", "90")}, accept).status,
            WriteOutcome::Status::unknown_patient);
  ASSERT_EQ(store->create_patient("P01", {}, accept).status, WriteOutcome::Status::stored);
  EXPECT_EQ(store->create_patient("P01", {}, accept).status, WriteOutcome::Status::patient_exists);
  std::size_t stored_seen = 99;
  const auto refuse = [&](const std::vector<io::EventRow>& stored,
                          const std::vector<io::EventRow>&) -> std::optional<record::InputError> {
    stored_seen = stored.size();
    return record::InputError{"request", 2, "kind", "no"};
  };
  const auto outcome =
      store->add_rows("P01", {row("1", "sbp", "90"), row("2", "sbp", "91")}, refuse);
  EXPECT_EQ(outcome.status, WriteOutcome::Status::refused);
  EXPECT_EQ(outcome.problem->to_string(), "request:2: kind: no");
  EXPECT_EQ(stored_seen, 0U);
  EXPECT_TRUE(store->rows("P01")->empty());
  EXPECT_EQ(store->create_patient("P02", {row("", "age_years", "x")}, refuse).status,
            WriteOutcome::Status::refused);
  EXPECT_EQ(store->patient_ids(), std::vector<std::string>{"P01"});
}

TEST(PatientStore, ConcurrentWritersLoseNothing) {
  Scratch s;
  auto store = PatientStore::open(s.dir() + "/c.db").value();
  ASSERT_EQ(store->create_patient("P01", {}, accept).status, WriteOutcome::Status::stored);
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        store->add_rows("P01", {row(std::to_string(t * 100 + i), "sbp", "90")}, accept);
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(store->rows("P01")->size(), 100U);
}

}  // namespace
}  // namespace cytostorm::serve
