// An outcome reduced from a graded course, and its bytes for MPI.
#include "cytostorm/population/patient_outcome.hpp"

#include <gtest/gtest.h>

namespace cytostorm::population {
namespace {

TEST(SyndromeOutcome, TakesMaxGradeOnsetFirstSevereTimeAndDuration) {
  grading::SyndromeCourse c;
  c.max_grade = 3;
  c.onset_hours = 36.0;
  c.duration_hours = 120.0;
  c.timeline = {{0.0, 0, 0, 0, {}, {}, {}},
                {36.0, 1, 1, 1, {}, {}, {}},
                {60.0, 2, 2, 2, {}, {}, {}},
                {72.0, 3, 3, 3, {}, {}, {}},
                {96.0, 4, 4, 4, {}, {}, {}}};
  const auto o = syndrome_outcome(c);
  EXPECT_EQ(o.max_grade, 3);
  EXPECT_DOUBLE_EQ(*o.onset_days, 1.5);
  EXPECT_DOUBLE_EQ(*o.severe_days, 3.0);
  EXPECT_DOUBLE_EQ(*o.duration_days, 5.0);
  // Not derivable: the grade it is at least; no grade 3 reached, no severe time.
  grading::SyndromeCourse d;
  d.max_grade = std::nullopt;
  d.max_at_least = 2;
  d.timeline = {{10.0, 0, std::nullopt, 2, {}, {}, {}}};
  const auto p = syndrome_outcome(d);
  EXPECT_EQ(p.max_grade, 2);
  EXPECT_FALSE(p.severe_days.has_value());
  EXPECT_FALSE(p.onset_days.has_value());
}

TEST(PackOutcomes, RoundTripsEveryFieldAndRefusesTruncatedBytes) {
  PatientOutcome a;
  a.index = 7;
  a.seed = 0xFFFFFFFFFFFFFFFFULL;
  a.values = {1.5, -2.25};
  a.covariates.lymphodepletion = "bendamustine";
  a.covariates.weight_kg = 61.5;
  a.dose_cells = 1.2e8;
  a.crs = {2, 2.5, std::nullopt, 4.0};
  a.icans = {3, 6.0, 7.0, std::nullopt};
  a.tocilizumab_doses = 2;
  a.steroid_doses = 3;
  a.steroid_dexamethasone_mg = 30;
  a.car_t_peak = 44.5;
  a.car_t_tmax_days = 7.25;
  a.car_t = {0.1, 1, 10};
  PatientOutcome b;
  b.index = 8;
  b.failure = "the integration failed, \"badly\"";
  const auto bytes = pack_outcomes({a, b});
  const auto back = unpack_outcomes(bytes);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(pack_outcomes(back), bytes);
  EXPECT_EQ(back[0].seed, a.seed);
  EXPECT_EQ(back[0].values, a.values);
  EXPECT_EQ(back[0].covariates.lymphodepletion, "bendamustine");
  EXPECT_EQ(back[0].crs.onset_days, 2.5);
  EXPECT_FALSE(back[0].crs.severe_days.has_value());
  EXPECT_EQ(back[0].icans.severe_days, 7.0);
  EXPECT_EQ(back[0].car_t, a.car_t);
  EXPECT_EQ(back[1].failure, b.failure);
  EXPECT_THROW((void)unpack_outcomes(bytes.substr(0, bytes.size() - 1)), std::invalid_argument);
  EXPECT_THROW((void)unpack_outcomes(bytes + "x"), std::invalid_argument);
  EXPECT_TRUE(unpack_outcomes(pack_outcomes({})).empty());
}

}  // namespace
}  // namespace cytostorm::population
