// CourseBuilder on hand-made grades: episodes and their resolution window, onset, duration, the
// timeline of changes, daily maxima and "not derivable".
#include "cytostorm/grading/course.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace cytostorm::grading {
namespace {

clinical::GradeResult known(int grade) {
  clinical::GradeResult r;
  r.scale = "astct";
  r.grade = grade;
  r.at_least = grade;
  r.could_reach = grade;
  r.citation = {"ASTCT 2019", "Lee DW et al.", "CRS table", true};
  if (grade > 0) r.drivers.push_back({"fever", grade, "a finding"});
  return r;
}

clinical::GradeResult open(int at_least, int could_reach, std::vector<std::string> missing) {
  clinical::GradeResult r = known(at_least);
  r.grade.reset();
  r.could_reach = could_reach;
  r.missing = std::move(missing);
  return r;
}

std::vector<ObservedDriver> observed(double hours) {
  return {{"fever", 1, "temperature 38.5 C", {hours}}};
}

TEST(CourseBuilder, NothingAboveZeroHasNoEpisodeOnsetOrDuration) {
  CourseBuilder b("astct", 24.0);
  b.at(0.0, 0, 0 * 24.0, known(0), {});
  b.at(30.0, 1, 1 * 24.0, known(0), {});
  EXPECT_FALSE(b.episode_active(30.0));
  EXPECT_FALSE(b.episode_start().has_value());
  const auto c = std::move(b).finish(50.0, 2);
  EXPECT_EQ(c.scale, "astct");
  EXPECT_EQ(c.max_grade, 0);
  EXPECT_EQ(c.max_at_least, 0);
  EXPECT_TRUE(c.missing.empty());
  EXPECT_FALSE(c.onset_hours.has_value());
  EXPECT_FALSE(c.onset_day.has_value());
  EXPECT_FALSE(c.duration_hours.has_value());
  EXPECT_TRUE(c.episodes.empty());
  ASSERT_EQ(c.timeline.size(), 1U);
  EXPECT_EQ(c.daily_max, (std::map<int, int>{{0, 0}, {1, 0}, {2, 0}}));
}

TEST(CourseBuilder, OneEpisodeFromFirstGradeToTheFallToZero) {
  CourseBuilder b("astct", 24.0);
  b.at(0.0, 0, 0 * 24.0, known(0), {});
  b.at(10.0, 0, 0 * 24.0, known(1), observed(10.0));
  EXPECT_TRUE(b.episode_active(10.0));
  EXPECT_EQ(b.episode_start(), 10.0);
  b.at(15.0, 0, 0 * 24.0, known(2), {});
  b.at(20.0, 0, 0 * 24.0, known(0), {});
  // Grade 0 since 20 h: the episode is under way for the whole resolution window.
  EXPECT_TRUE(b.episode_active(20.0));
  EXPECT_TRUE(b.episode_active(43.9));
  EXPECT_FALSE(b.episode_active(44.0));
  EXPECT_EQ(b.episode_start(), 10.0);
  const auto c = std::move(b).finish(100.0, 4);
  EXPECT_EQ(c.max_grade, 2);
  EXPECT_EQ(c.onset_hours, 10.0);
  EXPECT_EQ(c.onset_day, 0);
  ASSERT_EQ(c.episodes.size(), 1U);
  EXPECT_DOUBLE_EQ(c.episodes[0].start_hours, 10.0);
  EXPECT_EQ(c.episodes[0].end_hours, 20.0);
  EXPECT_EQ(c.episodes[0].max_grade, 2);
  EXPECT_FALSE(c.episodes[0].biphasic);
  EXPECT_EQ(c.duration_hours, 10.0);
  EXPECT_EQ(c.rule, known(0).rule());
}

TEST(CourseBuilder, BackAbove0Within23_9HoursContinuesTheEpisode) {
  CourseBuilder b("astct", 24.0);
  b.at(10.0, 0, 0 * 24.0, known(1), {});
  b.at(20.0, 0, 0 * 24.0, known(0), {});
  b.at(43.9, 1, 1 * 24.0, known(3), {});
  b.at(50.0, 2, 2 * 24.0, known(0), {});
  const auto c = std::move(b).finish(100.0, 4);
  ASSERT_EQ(c.episodes.size(), 1U);
  EXPECT_EQ(c.episodes[0].max_grade, 3);
  EXPECT_EQ(c.episodes[0].end_hours, 50.0);
  EXPECT_DOUBLE_EQ(*c.duration_hours, 40.0);
}

TEST(CourseBuilder, BackAbove0After24HoursIsABiphasicEpisode) {
  CourseBuilder b("astct", 24.0);
  b.at(10.0, 0, 0 * 24.0, known(1), {});
  b.at(20.0, 0, 0 * 24.0, known(0), {});
  b.at(44.0, 1, 1 * 24.0, known(2), {});
  EXPECT_EQ(b.episode_start(), 44.0);
  b.at(50.0, 2, 2 * 24.0, known(0), {});
  const auto c = std::move(b).finish(100.0, 4);
  ASSERT_EQ(c.episodes.size(), 2U);
  EXPECT_EQ(c.episodes[0].end_hours, 20.0);
  EXPECT_EQ(c.episodes[0].max_grade, 1);
  EXPECT_FALSE(c.episodes[0].biphasic);
  EXPECT_DOUBLE_EQ(c.episodes[1].start_hours, 44.0);
  EXPECT_EQ(c.episodes[1].start_day, 1);
  EXPECT_EQ(c.episodes[1].end_hours, 50.0);
  EXPECT_EQ(c.episodes[1].max_grade, 2);
  EXPECT_TRUE(c.episodes[1].biphasic);
  EXPECT_EQ(c.onset_hours, 10.0);
  EXPECT_DOUBLE_EQ(*c.duration_hours, 16.0);
  EXPECT_EQ(c.max_grade, 2);
}

TEST(CourseBuilder, ResolutionWindowIsTheConstructorsArgument) {
  CourseBuilder b("astct", 6.0);
  b.at(10.0, 0, 0 * 24.0, known(1), {});
  b.at(20.0, 0, 0 * 24.0, known(0), {});
  EXPECT_TRUE(b.episode_active(25.9));
  EXPECT_FALSE(b.episode_active(26.0));
  b.at(26.0, 1, 1 * 24.0, known(1), {});
  const auto c = std::move(b).finish(30.0, 1);
  ASSERT_EQ(c.episodes.size(), 2U);
  EXPECT_TRUE(c.episodes[1].biphasic);
}

TEST(CourseBuilder, EpisodeOpenAtTheEndLastsToTheEndOfTheData) {
  CourseBuilder b("astct", 24.0);
  b.at(10.0, 0, 0 * 24.0, known(2), {});
  const auto c = std::move(b).finish(70.0, 2);
  ASSERT_EQ(c.episodes.size(), 1U);
  EXPECT_FALSE(c.episodes[0].end_hours.has_value());
  EXPECT_DOUBLE_EQ(*c.duration_hours, 60.0);
  EXPECT_EQ(c.daily_max, (std::map<int, int>{{0, 2}, {1, 2}, {2, 2}}));
}

TEST(CourseBuilder, TimelineRecordsChangesOnlyWithTheirDrivers) {
  CourseBuilder b("astct", 24.0);
  b.at(0.0, 0, 0 * 24.0, known(0), {});
  b.at(5.0, 0, 0 * 24.0, known(0), {});
  b.at(10.0, 0, 0 * 24.0, known(1), observed(10.0));
  b.at(12.0, 0, 0 * 24.0, known(1), observed(12.0));
  b.at(20.0, 0, 0 * 24.0, open(1, 3, {"oxygen.fio2_pct"}), {});
  b.at(21.0, 0, 0 * 24.0, open(1, 3, {"oxygen.fio2_pct"}), {});
  b.at(22.0, 0, 0 * 24.0, open(2, 3, {"oxygen.fio2_pct"}), {});
  b.at(23.0, 0, 0 * 24.0, known(0), {});
  const auto c = std::move(b).finish(23.0, 0);
  std::vector<double> hours;
  for (const auto& t : c.timeline) hours.push_back(t.hours);
  EXPECT_EQ(hours, (std::vector<double>{0.0, 10.0, 20.0, 22.0, 23.0}));
  ASSERT_EQ(c.timeline[1].drivers.size(), 1U);
  EXPECT_EQ(c.timeline[1].drivers[0].observed_at_hours, std::vector<double>{10.0});
  EXPECT_EQ(c.timeline[1].grade, 1);
  EXPECT_FALSE(c.timeline[2].grade.has_value());
  EXPECT_EQ(c.timeline[2].at_least, 1);
  EXPECT_EQ(c.timeline[2].missing, std::vector<std::string>{"oxygen.fio2_pct"});
  EXPECT_EQ(c.timeline[3].at_least, 2);
}

TEST(CourseBuilder, MaximumIsNotDerivableWhenAMissingInputCouldRaiseIt) {
  CourseBuilder b("lee2014", 24.0);
  b.at(0.0, 0, 0 * 24.0, known(0), {});
  b.at(72.0, 3, 3 * 24.0, open(2, 3, {"oxygen.fio2_pct"}), {});
  b.at(80.0, 3, 3 * 24.0, known(1), {});
  const auto c = std::move(b).finish(90.0, 3);
  EXPECT_FALSE(c.max_grade.has_value());
  EXPECT_EQ(c.max_at_least, 2);
  EXPECT_EQ(c.missing, std::vector<std::string>{"oxygen.fio2_pct"});
  ASSERT_EQ(c.episodes.size(), 1U);
  EXPECT_EQ(c.episodes[0].max_grade, 2);
  EXPECT_EQ(c.daily_max.at(3), 2);
  EXPECT_EQ(c.onset_day, 3);
}

TEST(CourseBuilder, MaximumIsDerivableWhenAKnownGradeReachesWhatTheMissingInputCould) {
  CourseBuilder b("lee2014", 24.0);
  b.at(72.0, 3, 3 * 24.0, open(2, 3, {"oxygen.fio2_pct"}), {});
  b.at(80.0, 3, 3 * 24.0, known(3), {});
  const auto c = std::move(b).finish(90.0, 3);
  EXPECT_EQ(c.max_grade, 3);
  EXPECT_TRUE(c.missing.empty());
}

TEST(CourseBuilder, DaysWithoutACallHoldTheGradeInForce) {
  CourseBuilder b("astct", 24.0);
  b.at(0.0, 0, 0 * 24.0, known(0), {});
  b.at(10.0, 0, 0 * 24.0, known(3), {});
  b.at(96.0, 4, 4 * 24.0, known(0), {});  // exactly at the start of day 4
  const auto c = std::move(b).finish(130.0, 5);
  EXPECT_EQ(c.daily_max, (std::map<int, int>{{0, 3}, {1, 3}, {2, 3}, {3, 3}, {4, 0}, {5, 0}}));
}

TEST(CourseBuilder, DayOfAChangeIncludesTheGradeHeldIntoIt) {
  CourseBuilder b("astct", 24.0);
  b.at(0.0, 0, 0 * 24.0, known(0), {});
  b.at(20.0, 0, 0 * 24.0, known(2), {});
  b.at(30.0, 1, 1 * 24.0, known(0), {});
  const auto c = std::move(b).finish(40.0, 1);
  EXPECT_EQ(c.daily_max.at(1), 2);
}

}  // namespace
}  // namespace cytostorm::grading
