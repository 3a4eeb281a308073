// The trial table from a hand-made set of patients: every statistic, failures left out, the
// medians over the patients with the syndrome.
#include "cytostorm/population/trial_summary.hpp"

#include <gtest/gtest.h>

namespace cytostorm::population {
namespace {

PatientOutcome patient(int crs, std::optional<double> crs_onset, std::optional<double> crs_days,
                       int icans, std::optional<double> icans_onset, int toci, int steroids,
                       double peak, double tmax) {
  PatientOutcome p;
  p.crs = {crs, crs_onset, crs >= 3 ? crs_onset : std::nullopt, crs_days};
  p.icans = {icans, icans_onset, icans >= 3 ? icans_onset : std::nullopt,
             icans_onset ? std::optional<double>(3.0) : std::nullopt};
  p.tocilizumab_doses = toci;
  p.steroid_doses = steroids;
  p.car_t_peak = peak;
  p.car_t_tmax_days = tmax;
  return p;
}

std::vector<PatientOutcome> hand_made() {
  return {
      patient(0, std::nullopt, std::nullopt, 0, std::nullopt, 0, 0, 10, 9),
      patient(1, 2.0, 5.0, 0, std::nullopt, 0, 0, 30, 8),
      patient(2, 3.0, 7.0, 1, 6.0, 1, 0, 50, 7),
      patient(3, 1.5, 9.0, 3, 5.0, 2, 3, 80, 7.5),
  };
}

TEST(TrialSummary, ComputesEveryStatisticOfAHandMadeTrial) {
  TrialSpec spec;
  spec.name = "hand";
  spec.scale = "lee2014";
  spec.seed = 9;
  const auto s = summarize_trial(spec, hand_made());
  EXPECT_EQ(s.patients, 4u);
  EXPECT_EQ(s.failed, 0u);
  EXPECT_EQ(s.trial, "hand");
  EXPECT_EQ(s.scale, "lee2014");
  EXPECT_EQ(s.seed, 9u);
  EXPECT_DOUBLE_EQ(*s.value("crs_any_pct"), 75.0);
  EXPECT_DOUBLE_EQ(*s.value("crs_ge3_pct"), 25.0);
  EXPECT_DOUBLE_EQ(*s.value("crs_onset_median_day"), 2.0);      // 1.5, 2, 3
  EXPECT_DOUBLE_EQ(*s.value("crs_duration_median_days"), 7.0);  // 5, 7, 9
  EXPECT_DOUBLE_EQ(*s.value("neuro_any_pct"), 50.0);
  EXPECT_DOUBLE_EQ(*s.value("neuro_ge3_pct"), 25.0);
  EXPECT_DOUBLE_EQ(*s.value("neuro_onset_median_day"), 5.5);  // 5, 6: the middle two
  EXPECT_DOUBLE_EQ(*s.value("neuro_duration_median_days"), 3.0);
  EXPECT_DOUBLE_EQ(*s.value("tocilizumab_pct"), 50.0);
  EXPECT_DOUBLE_EQ(*s.value("steroid_pct"), 25.0);
  EXPECT_DOUBLE_EQ(*s.value("car_t_peak_median"), 40.0);      // 10, 30, 50, 80
  EXPECT_DOUBLE_EQ(*s.value("car_t_tmax_median_day"), 7.75);  // 7, 7.5, 8, 9
  EXPECT_THROW((void)s.value("crs_any"), std::out_of_range);
}

TEST(TrialSummary, LeavesFailedSimulationsOutAndMediansOverNobodyUndefined) {
  auto patients = hand_made();
  patients[3].failure = "the integration failed";
  const auto s = summarize_trial({}, patients);
  EXPECT_EQ(s.failed, 1u);
  EXPECT_DOUBLE_EQ(*s.value("crs_any_pct"), 100.0 * 2 / 3);
  EXPECT_DOUBLE_EQ(*s.value("crs_ge3_pct"), 0.0);
  EXPECT_DOUBLE_EQ(*s.value("neuro_onset_median_day"), 6.0);
  const auto none = summarize_trial({}, {hand_made()[0]});
  EXPECT_FALSE(none.value("crs_onset_median_day").has_value());
  EXPECT_DOUBLE_EQ(*none.value("crs_any_pct"), 0.0);
  EXPECT_FALSE(summarize_trial({}, {}).value("crs_any_pct").has_value());
}

TEST(TrialSummary, KeysAreTheCalibrationColumnsAndTheKinetics) {
  // The columns of ../shared/data/calibration_trials.csv that a trial reports, in their order.
  const std::vector<std::string> expected{
      "crs_any_pct",     "crs_ge3_pct",   "crs_onset_median_day",   "crs_duration_median_days",
      "neuro_any_pct",   "neuro_ge3_pct", "neuro_onset_median_day", "neuro_duration_median_days",
      "tocilizumab_pct", "steroid_pct",   "car_t_peak_median",      "car_t_tmax_median_day"};
  EXPECT_EQ(std::vector<std::string>(kSummaryKeys.begin(), kSummaryKeys.end()), expected);
  std::vector<double> v{3, 1, 2};
  EXPECT_EQ(median(v), 2.0);
  std::vector<double> empty;
  EXPECT_FALSE(median(empty).has_value());
}

}  // namespace
}  // namespace cytostorm::population
