#include "cytostorm/record/input_error.hpp"

#include <gtest/gtest.h>

namespace cytostorm::record {
namespace {

TEST(InputErrorText, FileLineColumnMessage) {
  EXPECT_EQ((InputError{"events.csv", 12, "value", "not a number: 'abc'"}).to_string(),
            "events.csv:12: value: not a number: 'abc'");
  EXPECT_EQ((InputError{"x.json", 0, "", "empty"}).to_string(), "x.json: empty");
}

TEST(Result, HoldsAValueOrAnError) {
  Result<int> ok = 3;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), 3);
  Result<int> bad = InputError{"f", 1, "column 2", "wrong"};
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string(), "f:1: column 2: wrong");
}

}  // namespace
}  // namespace cytostorm::record
