// EventMaker: make_event with a memory of recent rows gives exactly make_event's events and
// problems, for a row seen for the first time and for the same row again.
#include "cytostorm/record/event_maker.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "support/same_event.hpp"

namespace cytostorm::record {
namespace {

struct Row {
  std::string kind, item, value, unit, note;
};

// Rows that differ in one field only (the value, the unit, the note, the item's last letter) must
// not be taken for one another, and a bad row stays bad when it comes again.
TEST(EventMaker, GivesMakeEventsEventsAndProblemsForNewAndRepeatedRows) {
  const std::vector<Row> rows{
      {"vital", "temperature", "37.2", "C", ""},
      {"vital", "temperature", "99.5", "F", ""},
      {"vital", "temperature", "37.2", "C", "axillary"},
      {"vital", "temperature", "37.3", "C", ""},
      {"vital", "sbp", "120", "mmHg", ""},
      {"vital", "dbp", "120", "mmHg", ""},
      {"ice", "writing", "1", "", ""},
      {"ice", "writing", "NA", "", "intubated"},
      {"ice", "writing", "NA", "", ""},         // NA without its reason: a problem
      {"vital", "temperature", "50", "C", ""},  // out of range: a problem
      {"vasopressor", "norepinephrine", "8", "ug/min", ""},
      {"vasopressor", "norepinephrine", "8", "U/min", ""},  // wrong unit for the drug
      {"patient", "sex", "female", "", ""},
      {"patient", "sex", "male", "", ""},
      {"lymphodepletion", "flu_cy", "", "", ""},
      {"lymphodepletion", "flu_cz", "", "", ""},
  };
  EventMaker maker;
  for (int pass = 0; pass < 3; ++pass) {
    for (const auto& row : rows) {
      Event expected, made;
      made.line = 42;
      const auto want = make_event(row.kind, row.item, row.value, row.unit, row.note, expected);
      const auto got = maker.make(row.kind, row.item, row.value, row.unit, row.note, made);
      ASSERT_EQ(want.has_value(), got.has_value()) << row.item << " " << row.value;
      if (want) {
        EXPECT_EQ(got->column, want->column);
        EXPECT_EQ(got->message, want->message);
        continue;
      }
      SCOPED_TRACE(row.kind + "," + row.item + "," + row.value + "," + row.unit + "," + row.note);
      testing::expect_same_event(made, expected);
      EXPECT_EQ(made.line, 42U);  // the caller's line is kept
    }
  }
}

// An event made over an earlier one (the reader fills the same event again) holds nothing of it.
TEST(EventMaker, OverwritesEverythingButTheLineOfAReusedEvent) {
  EventMaker maker;
  Event e;
  ASSERT_FALSE(maker.make("ice", "writing", "NA", "", "intubated", e));
  EXPECT_EQ(e.text, "NA");
  e.hours = 5.0;
  e.day = 2;
  ASSERT_FALSE(maker.make("vital", "temperature", "38.5", "C", "", e));
  EXPECT_EQ(e.text, "");
  EXPECT_EQ(e.note, "");
  EXPECT_EQ(e.hours, 0.0);
  EXPECT_EQ(e.day, 0);
  EXPECT_EQ(e.value, 38.5);
  ASSERT_FALSE(maker.make("ice", "writing", "NA", "", "intubated", e));  // remembered
  EXPECT_EQ(e.text, "NA");
  EXPECT_EQ(e.note, "intubated");
  EXPECT_FALSE(e.value.has_value());
}

// A CSV row's fields lie one after the other in the reader's buffer, joined by commas; the same
// fields from separate strings, and rows just within and just over kRememberedBytes (remembered or
// checked every time), give make_event's events.
TEST(EventMaker, GivesTheSameEventsForFieldsInOneBufferOrApartAndForLongRows) {
  const std::size_t fixed = std::string("attribution,fever,,,").size();
  std::vector<std::string> notes;
  for (std::size_t n : {std::size_t{1}, EventMaker::kRememberedBytes - fixed,
                        EventMaker::kRememberedBytes - fixed + 1}) {
    notes.push_back(std::string(n, 'x'));
    notes.push_back(std::string(n - 1, 'x') + "y");  // differs in the last byte only
  }
  EventMaker maker;
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& note : notes) {
      const std::string row = "attribution,fever,,," + note;
      const std::string_view r(row);
      Event expected, in_buffer, apart;
      ASSERT_FALSE(make_event("attribution", "fever", "", "", note, expected));
      ASSERT_FALSE(maker.make(r.substr(0, 11), r.substr(12, 5), r.substr(18, 0), r.substr(19, 0),
                              r.substr(20), in_buffer));
      const std::string kind = "attribution", item = "fever", empty;
      ASSERT_FALSE(maker.make(kind, item, empty, empty, note, apart));
      SCOPED_TRACE(note.size());
      testing::expect_same_event(in_buffer, expected);
      testing::expect_same_event(apart, expected);
    }
  }
}

}  // namespace
}  // namespace cytostorm::record
