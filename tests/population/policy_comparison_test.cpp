// Policies compared on the same patients: values, paired differences and bootstrap intervals.
#include "cytostorm/population/policy_comparison.hpp"

#include <gtest/gtest.h>

namespace cytostorm::population {
namespace {

std::vector<PatientOutcome> arm(int patients, int with_crs, int treated) {
  std::vector<PatientOutcome> out(static_cast<std::size_t>(patients));
  for (int i = 0; i < patients; ++i) {
    auto& p = out[static_cast<std::size_t>(i)];
    p.index = static_cast<std::size_t>(i);
    p.seed = 1000 + static_cast<std::uint64_t>(i);
    if (i < with_crs) p.crs = {2, 2.0 + i % 3, std::nullopt, 5.0};
    p.tocilizumab_doses = i < treated ? 1 : 0;
    p.car_t_peak = 10.0 + i;
  }
  return out;
}

TrialSummary named(const std::string& policy, const std::vector<PatientOutcome>& outcomes) {
  TrialSpec spec;
  spec.policy = policy;
  return summarize_trial(spec, outcomes);
}

const ComparisonRow& row(const PolicyComparison& c, const std::string& key) {
  for (const auto& r : c.rows) {
    if (r.key == key) return r;
  }
  throw std::out_of_range(key);
}

TEST(PolicyComparison, GivesValuesDifferencesAndPairedIntervals) {
  const auto a = arm(40, 30, 10);
  const auto b = arm(40, 20, 40);
  const auto c = compare_policies({named("standard", a), named("early", b)}, {a, b}, 500, 3);
  EXPECT_EQ(c.policies, (std::vector<std::string>{"standard", "early"}));
  EXPECT_EQ(c.paired_patients, 40u);
  ASSERT_EQ(c.rows.size(), kSummaryKeys.size());
  const auto& crs = row(c, "crs_any_pct");
  EXPECT_DOUBLE_EQ(*crs.values[0], 75.0);
  EXPECT_DOUBLE_EQ(*crs.values[1], 50.0);
  EXPECT_DOUBLE_EQ(*crs.differences[0].difference, 0.0);
  EXPECT_FALSE(crs.differences[0].lower.has_value());
  EXPECT_DOUBLE_EQ(*crs.differences[1].difference, -25.0);
  // Paired: the 10 patients who lose CRS are the only discordant pairs, so every resample's
  // difference lies between -100% and 0 and the interval holds -25.
  EXPECT_LT(*crs.differences[1].lower, -25.0);
  EXPECT_GT(*crs.differences[1].upper, -25.0);
  EXPECT_LE(*crs.differences[1].upper, 0.0);
  EXPECT_GT(*crs.differences[1].lower, -50.0);
  // The kinetics are the same patients' in both arms: no difference, and no spread at all.
  const auto& peak = row(c, "car_t_peak_median");
  EXPECT_DOUBLE_EQ(*peak.differences[1].difference, 0.0);
  EXPECT_DOUBLE_EQ(*peak.differences[1].lower, 0.0);
  EXPECT_DOUBLE_EQ(*peak.differences[1].upper, 0.0);
  // Everyone treated under "early": +75 percentage points of tocilizumab.
  EXPECT_DOUBLE_EQ(*row(c, "tocilizumab_pct").differences[1].difference, 75.0);
  // Same seed, same intervals.
  const auto again = compare_policies({named("standard", a), named("early", b)}, {a, b}, 500, 3);
  EXPECT_EQ(*row(again, "crs_any_pct").differences[1].lower, *crs.differences[1].lower);
}

TEST(PolicyComparison, LeavesOutPatientsFailedInAnyArmAndUndefinedIntervals) {
  auto a = arm(20, 20, 0);
  auto b = arm(20, 0, 0);
  b[3].failure = "the integration failed";
  const auto c = compare_policies({named("p", a), named("q", b)}, {a, b}, 200, 1);
  EXPECT_EQ(c.paired_patients, 19u);
  // No CRS under q: its onset median is undefined, so is the difference and its interval.
  const auto& onset = row(c, "crs_onset_median_day");
  EXPECT_FALSE(onset.values[1].has_value());
  EXPECT_FALSE(onset.differences[1].difference.has_value());
  EXPECT_FALSE(onset.differences[1].lower.has_value());
  EXPECT_DOUBLE_EQ(*row(c, "crs_any_pct").differences[1].difference, -100.0);
}

TEST(PolicyComparison, RefusesArmsThatAreNotTheSamePatients) {
  const auto a = arm(5, 1, 1);
  auto b = arm(5, 1, 1);
  b[2].seed = 1;
  EXPECT_THROW((void)compare_policies({named("p", a), named("q", b)}, {a, b}, 200, 1),
               std::invalid_argument);
  EXPECT_THROW((void)compare_policies({named("p", a), named("q", a)}, {a, arm(4, 1, 1)}, 200, 1),
               std::invalid_argument);
  EXPECT_THROW((void)compare_policies({named("p", a)}, {a}, 200, 1), std::invalid_argument);
  EXPECT_THROW((void)compare_policies({named("p", a), named("q", a)}, {a, a}, 99, 1),
               std::invalid_argument);
}

}  // namespace
}  // namespace cytostorm::population
