#pragma once
// One patient from event-table rows, for tests that build a record the way a user writes one.

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "cytostorm/io/event_table.hpp"

namespace cytostorm::testing {

/// The single patient of `rows` (event-table rows without the header; the header is added).
/// A read error or a count other than one fails the calling test.
inline record::PatientRecord patient_from_rows(const std::string& rows,
                                               const std::string& name = "rows.csv") {
  std::vector<record::PatientRecord> out;
  const std::string text = std::string(io::kEventTableHeader) + "\n" + rows;
  const auto stats = io::read_event_table_text(
      text, name, {}, [&](record::PatientRecord&& p) { out.push_back(std::move(p)); });
  EXPECT_TRUE(stats.ok()) << (stats.ok() ? "" : stats.error().to_string());
  EXPECT_EQ(out.size(), 1U);
  return out.empty() ? record::PatientRecord{} : std::move(out.front());
}

}  // namespace cytostorm::testing
