#pragma once
// One event compared with another, field by field, for tests that check two ways of making the
// same event (a FHIR entry and its CSV row, make_event and EventMaker).

#include <gtest/gtest.h>

#include "cytostorm/record/event.hpp"

namespace cytostorm::testing {

/// Expects every field of `got` but `line` to equal `want`'s (the caller compares lines where
/// they should agree).
inline void expect_same_event(const record::Event& got, const record::Event& want) {
  EXPECT_EQ(got.hours, want.hours);
  EXPECT_EQ(got.day, want.day);
  EXPECT_EQ(got.day_start_hours, want.day_start_hours);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.item, want.item);
  EXPECT_EQ(got.value, want.value);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.unit, want.unit);
  EXPECT_EQ(got.note, want.note);
}

}  // namespace cytostorm::testing
