#include "cytostorm/record/input_error.hpp"

#include <gtest/gtest.h>

namespace cytostorm::record {
namespace {

TEST(InputErrorText, FileLineColumnMessage) {
  EXPECT_EQ((InputError{"events.csv", 12, "value", "not a number: 'abc'"}).to_string(),
            "events.csv:12: value: not a number: 'abc'");
  EXPECT_EQ((InputError{"x.json", 0, "", "empty"}).to_string(), "x.json: empty");
}

TEST(InputErrorText, AMessageQuotingAHugeValueIsCutBetweenCharacters) {
  const std::string at_limit(InputError::kLongestMessage, 'x');
  EXPECT_EQ((InputError{"f.csv", 2, "", at_limit}).to_string(), "f.csv:2: " + at_limit);
  // One byte more: cut, and not inside the two bytes of an "é" that straddles the limit.
  const std::string over = std::string(InputError::kLongestMessage - 1, 'x') + "\xC3\xA9";
  EXPECT_EQ(
      (InputError{"f.csv", 2, "time", over}).to_string(),
      "f.csv:2: time: " + std::string(InputError::kLongestMessage - 1, 'x') + "... (2 bytes cut)");
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
