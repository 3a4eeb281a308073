// The cohort summary, the concordance between scales and the median, on hand-made facts.
#include "cytostorm/grading/cohort.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace cytostorm::grading {
namespace {

CourseFacts present(int grade, int onset_day, double duration) {
  return {grade, onset_day, duration};
}
CourseFacts absent() {
  return {0, std::nullopt, std::nullopt};
}
CourseFacts not_derivable() {
  return {std::nullopt, 3, 10.0};
}

TEST(Median, OddEvenAndEmpty) {
  EXPECT_EQ(median({}), std::nullopt);
  EXPECT_EQ(median({5.0}), 5.0);
  EXPECT_EQ(median({9.0, 1.0, 5.0}), 5.0);
  EXPECT_EQ(median({4.0, 1.0, 3.0, 2.0}), 2.5);
  EXPECT_EQ(median({-1.0, 7.0}), 3.0);
}

TEST(Facts, CopiesMaximumOnsetAndDuration) {
  SyndromeCourse c;
  c.max_grade = 2;
  c.onset_day = 4;
  c.duration_hours = 36.5;
  const auto f = facts(c);
  EXPECT_EQ(f.max_grade, 2);
  EXPECT_EQ(f.onset_day, 4);
  EXPECT_EQ(f.duration_hours, 36.5);
  SyndromeCourse open;
  const auto g = facts(open);
  EXPECT_FALSE(g.max_grade.has_value());
  EXPECT_FALSE(g.onset_day.has_value());
  EXPECT_FALSE(g.duration_hours.has_value());
}

TEST(Summarise, PercentagesOfTheDerivablePatientsAndMediansOfThePresentOnes) {
  const std::vector<CourseFacts> patients{absent(), present(1, 1, 24.0), present(3, 2, 48.0),
                                          not_derivable(), present(2, 4, 100.0)};
  const auto s = summarise("crs", "astct", patients);
  EXPECT_EQ(s.syndrome, "crs");
  EXPECT_EQ(s.scale, "astct");
  EXPECT_EQ(s.n, 5U);
  EXPECT_EQ(s.not_derivable, 1U);
  EXPECT_DOUBLE_EQ(s.any_grade_pct, 75.0);
  EXPECT_DOUBLE_EQ(s.grade3_plus_pct, 25.0);
  EXPECT_EQ(s.onset_day_median, 2.0);
  EXPECT_EQ(s.onset_day_min, 1);
  EXPECT_EQ(s.onset_day_max, 4);
  EXPECT_EQ(s.duration_hours_median, 48.0);
}

TEST(Summarise, EvenCountMedianIsTheMeanOfTheMiddleTwo) {
  const auto s = summarise(
      "icans", "astct",
      {present(1, 3, 10.0), present(4, 6, 30.0), present(2, 5, 20.0), present(3, 8, 40.0)});
  EXPECT_EQ(s.onset_day_median, 5.5);
  EXPECT_EQ(s.onset_day_min, 3);
  EXPECT_EQ(s.onset_day_max, 8);
  EXPECT_EQ(s.duration_hours_median, 25.0);
  EXPECT_DOUBLE_EQ(s.any_grade_pct, 100.0);
  EXPECT_DOUBLE_EQ(s.grade3_plus_pct, 50.0);
}

TEST(Summarise, NobodyWithTheSyndrome) {
  const auto s = summarise("crs", "astct", {absent(), absent()});
  EXPECT_EQ(s.n, 2U);
  EXPECT_DOUBLE_EQ(s.any_grade_pct, 0.0);
  EXPECT_DOUBLE_EQ(s.grade3_plus_pct, 0.0);
  EXPECT_FALSE(s.onset_day_median.has_value());
  EXPECT_FALSE(s.onset_day_min.has_value());
  EXPECT_FALSE(s.onset_day_max.has_value());
  EXPECT_FALSE(s.duration_hours_median.has_value());
}

TEST(Summarise, EmptyCohortAndAllNotDerivable) {
  const auto empty = summarise("crs", "astct", {});
  EXPECT_EQ(empty.n, 0U);
  EXPECT_DOUBLE_EQ(empty.any_grade_pct, 0.0);
  const auto nd = summarise("crs", "lee2014", {not_derivable(), not_derivable()});
  EXPECT_EQ(nd.n, 2U);
  EXPECT_EQ(nd.not_derivable, 2U);
  EXPECT_DOUBLE_EQ(nd.any_grade_pct, 0.0);
  // A not-derivable patient's onset does not enter the medians.
  EXPECT_FALSE(nd.onset_day_median.has_value());
  EXPECT_FALSE(nd.duration_hours_median.has_value());
}

TEST(Concordance, PresenceAndExactGradeOverPatientsDerivableOnBoth) {
  const std::vector<CourseFacts> a{absent(), present(1, 1, 1), present(3, 1, 1), not_derivable(),
                                   present(2, 1, 1)};
  const std::vector<CourseFacts> b{absent(), present(2, 1, 1), present(3, 1, 1), present(1, 1, 1),
                                   absent()};
  const auto c = concordance("astct", a, "lee2014", b);
  EXPECT_EQ(c.scale_a, "astct");
  EXPECT_EQ(c.scale_b, "lee2014");
  EXPECT_EQ(c.n, 4U);
  EXPECT_DOUBLE_EQ(c.presence_pct, 75.0);
  EXPECT_DOUBLE_EQ(c.exact_grade_pct, 50.0);
}

TEST(Concordance, NobodyDerivableOnBothGivesZero) {
  const auto c = concordance("astct", {not_derivable()}, "lee2014", {present(1, 1, 1)});
  EXPECT_EQ(c.n, 0U);
  EXPECT_DOUBLE_EQ(c.presence_pct, 0.0);
  EXPECT_DOUBLE_EQ(c.exact_grade_pct, 0.0);
}

TEST(Concordance, DifferentPatientCountsAreRefused) {
  EXPECT_THROW(concordance("astct", {absent()}, "lee2014", {absent(), absent()}),
               std::invalid_argument);
}

}  // namespace
}  // namespace cytostorm::grading
