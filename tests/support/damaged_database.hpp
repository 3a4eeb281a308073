#pragma once
// A real patient database written by serve::PatientStore, then damaged the way a failing disk or
// an interrupted copy damages one: the SQLite header stays valid, pages behind it do not.

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "cytostorm/serve/patient_store.hpp"
#include "support/run_cli.hpp"

namespace cytostorm::testing {

/// How the database is damaged.
enum class Damage {
  none,              ///< as the store left it
  page_overwritten,  ///< the first 64 bytes of the last page (its b-tree header) overwritten
  truncated,         ///< cut after half its pages
};

/// The bytes of a database holding patient P01 with 300 events (several pages), damaged as
/// `damage` says. A store that cannot be written fails the calling test.
inline std::string patient_database(Damage damage) {
  Scratch s;
  const std::string path = s.dir() + "/patients.db";
  {
    auto store = serve::PatientStore::open(path);
    EXPECT_TRUE(store.ok()) << store.error().to_string();
    if (!store.ok()) return {};
    std::vector<io::EventRow> rows;
    for (int hour = 1; hour <= 300; ++hour) {
      rows.push_back({"P01", std::to_string(hour), "vital", "temperature", "38.5", "C", "", 0});
    }
    const auto accept = [](const std::vector<io::EventRow>&, const std::vector<io::EventRow>&) {
      return std::optional<record::InputError>();
    };
    EXPECT_EQ(store.value()->create_patient("P01", rows, accept).status,
              serve::WriteOutcome::Status::stored);
  }  // closed: the write-ahead log is checkpointed into the file and removed
  std::string bytes = read_bytes(path);
  // The page size is the big-endian 16-bit number at offset 16 of the header.
  const std::size_t page = bytes.size() < 100
                               ? 0U
                               : std::size_t{static_cast<unsigned char>(bytes[16])} * 256U +
                                     static_cast<unsigned char>(bytes[17]);
  const std::size_t pages = page == 0 ? 0 : bytes.size() / page;
  EXPECT_GE(pages, 4U) << "the database should span several pages";
  if (pages < 4) return bytes;
  switch (damage) {
    case Damage::none:
      break;
    case Damage::page_overwritten:
      bytes.replace((pages - 1) * page, 64, std::string(64, '\xA5'));
      break;
    case Damage::truncated:
      bytes.resize(pages / 2 * page);
      break;
  }
  return bytes;
}

}  // namespace cytostorm::testing
