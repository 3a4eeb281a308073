#include "cytostorm/record/event_time.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace cytostorm::record {
namespace {

TimePoint parsed(std::string_view text) {
  std::string error;
  const auto t = parse_time(text, error);
  EXPECT_TRUE(t) << text << ": " << error;
  return t.value_or(TimePoint{});
}

std::string error_of(std::string_view text) {
  std::string error;
  EXPECT_FALSE(parse_time(text, error)) << text;
  return error;
}

TEST(EventTime, HoursSinceInfusion) {
  const auto t = parsed("-4.5");
  EXPECT_FALSE(t.absolute);
  EXPECT_DOUBLE_EQ(t.hours, -4.5);
  const auto r = relative_to_infusion(parsed("50"), std::nullopt);
  EXPECT_DOUBLE_EQ(r.hours, 50.0);
  EXPECT_EQ(r.day, 2);
  EXPECT_DOUBLE_EQ(r.day_start_hours, 48.0);
  EXPECT_EQ(relative_to_infusion(parsed("-0.5"), std::nullopt).day, -1);
}

TEST(EventTime, IsoTimesWithAndWithoutOffsets) {
  const auto utc = parsed("2024-03-01T08:00:00Z");
  EXPECT_TRUE(utc.absolute);
  EXPECT_DOUBLE_EQ(parsed("2024-03-01T09:00+01:00").epoch_hours, utc.epoch_hours);
  EXPECT_DOUBLE_EQ(parsed("2024-03-01 08:00:00").epoch_hours, utc.epoch_hours);
  EXPECT_DOUBLE_EQ(parsed("2024-03-01T03:00:00-05:00").epoch_hours, utc.epoch_hours);
  EXPECT_DOUBLE_EQ(parsed("2024-03-01T03:00:00-05:00").offset_hours, -5.0);
  EXPECT_DOUBLE_EQ(parsed("2024-03-01T08:00:00.5Z").epoch_hours, utc.epoch_hours + 0.5 / 3600);
}

// The calendar day and the hour it began are the local ones of the written offset: at -05:00 a
// day begins at 05:00 UTC.
TEST(EventTime, CalendarDaysFollowTheWrittenOffset) {
  const auto infusion = parsed("2024-03-01T22:00:00-05:00");  // 2024-03-02T03:00Z
  const auto late = relative_to_infusion(parsed("2024-03-02T01:00:00-05:00"), infusion);
  EXPECT_DOUBLE_EQ(late.hours, 3.0);
  EXPECT_EQ(late.day, 1);
  EXPECT_DOUBLE_EQ(late.day_start_hours, 2.0);  // local midnight, 2024-03-02T05:00Z
  const auto same_day = relative_to_infusion(parsed("2024-03-01T23:59:00-05:00"), infusion);
  EXPECT_EQ(same_day.day, 0);
  EXPECT_DOUBLE_EQ(same_day.day_start_hours, -22.0);
  // Without an infusion an absolute time cannot be placed.
  EXPECT_DOUBLE_EQ(relative_to_infusion(parsed("2024-03-02T01:00:00Z"), std::nullopt).hours, 0.0);
}

TEST(EventTime, MalformedTimesSayWhatIsWrong) {
  EXPECT_EQ(error_of(""), "time is empty");
  EXPECT_NE(error_of("2024-02-30T08:00Z").find("no such date"), std::string::npos);
  EXPECT_NE(error_of("2024-03-01T24:00Z").find("no such time of day"), std::string::npos);
  EXPECT_NE(error_of("2024-03-01T08:00+15:00").find("expected an offset"), std::string::npos);
  EXPECT_NE(error_of("2024-03-01T08:00Zx").find("unexpected characters"), std::string::npos);
  EXPECT_NE(error_of("soon").find("expected hours since infusion"), std::string::npos);
  EXPECT_NE(error_of("87601").find("out of range"), std::string::npos);
  EXPECT_DOUBLE_EQ(parsed("87600").hours, 87600.0);  // 10 years exactly: still accepted
}

// kMaxHoursFromInfusion is ten years of 365.25 days: a time that far from the infusion, before or
// after it, is accepted; a day further, or no number at all, is not.
TEST(EventTimeDistance, TenYearsInHoursIsTheLastTimeAccepted) {
  EXPECT_DOUBLE_EQ(kMaxHoursFromInfusion, 87660.0);
  EXPECT_EQ(distance_problem(kMaxHoursFromInfusion), "");
  EXPECT_EQ(distance_problem(-kMaxHoursFromInfusion), "");
  EXPECT_NE(distance_problem(kMaxHoursFromInfusion + 24.0), "");
  EXPECT_NE(distance_problem(-kMaxHoursFromInfusion - 24.0), "");
  EXPECT_NE(distance_problem(std::nan("")), "");
}

}  // namespace
}  // namespace cytostorm::record
