// The written forms of a trial: the patient table's columns for simulated and failed patients,
// the summary's nulls and prediction note, and the comparison's CSV and table.
#include "cytostorm/population/trial_report.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace cytostorm::population {
namespace {

const std::string kData = std::string(CYTOSTORM_SOURCE_DIR) + "/data";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Fields of a CSV line, honouring quotes.
std::size_t fields(const std::string& line) {
  std::size_t n = 1;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) ++n;
  }
  return n;
}

Trial small_trial() {
  TrialSpec spec;
  spec.name = "report";
  spec.product = "tisa-cel";
  Distribution d;
  d.kind = DistributionKind::lognormal;
  d.spread = 0.2;
  spec.population.parameters = {{"il6_myeloid_release_rate", d, "", 0}};
  auto inputs = load_trial_inputs(spec, kData);
  EXPECT_TRUE(inputs.ok());
  return Trial::prepare(spec, std::move(inputs).value()).value();
}

std::vector<PatientOutcome> outcomes() {
  PatientOutcome a;
  a.index = 0;
  a.seed = 11;
  a.values = {9000};
  a.crs = {2, 3.5, std::nullopt, 4.0};
  a.tocilizumab_doses = 1;
  a.car_t_peak = 12.5;
  a.car_t_tmax_days = 9;
  PatientOutcome b;
  b.index = 1;
  b.seed = 12;
  b.values = {11000};
  b.failure = "the integration failed: \"too much work\", at t = 3";
  return {a, b};
}

TEST(PatientsCsv, HasOneRowPerPatientWithEveryColumn) {
  const auto trial = small_trial();
  const auto rows = lines(patients_csv(trial, outcomes()));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].rfind("index,seed,il6_myeloid_release_rate,tumor_burden,", 0), 0u);
  EXPECT_EQ(fields(rows[1]), fields(rows[0]));
  EXPECT_EQ(fields(rows[2]), fields(rows[0]));
  EXPECT_EQ(rows[1].rfind("0,11,9000,", 0), 0u);
  EXPECT_NE(rows[1].find(",2,3.5,,4,"), std::string::npos);  // grade, onset, no grade 3, duration
  EXPECT_EQ(rows[1].back(), ',');                            // no failure
  EXPECT_NE(rows[2].find(",\"the integration failed: \"\"too much work\"\", at t = 3\""),
            std::string::npos);
}

TEST(SummaryJson, WritesNullsAndLabelsPredictions) {
  TrialSpec spec;
  spec.name = "p";
  spec.prediction = true;
  const auto s = summarize_trial(spec, {outcomes()[0]});
  const auto j = nlohmann::json::parse(summary_json(s));
  EXPECT_EQ(j["kind"], "prediction");
  EXPECT_EQ(j["note"],
            "prediction: built from the trial's design only, never tuned to its outcomes");
  EXPECT_TRUE(j["neuro_onset_median_day"].is_null());
  EXPECT_EQ(j["crs_any_pct"], 100.0);
  spec.prediction = false;
  const auto c = nlohmann::json::parse(summary_json(summarize_trial(spec, {})));
  EXPECT_EQ(c["kind"], "calibration");
  EXPECT_FALSE(c.contains("note"));
  EXPECT_TRUE(c["crs_any_pct"].is_null());
}

TEST(ComparisonOutputs, TableColumnsAlignAndCsvHasARowPerStatisticAndPolicy) {
  const auto a = outcomes();
  auto b = outcomes();
  b[0].crs = {};
  TrialSpec spec;
  spec.name = "cmp";
  spec.policy = "first";
  auto sa = summarize_trial(spec, a);
  spec.policy = "second, with a comma";
  auto sb = summarize_trial(spec, b);
  const auto c = compare_policies({sa, sb}, {a, b}, 100, 1);
  const auto table = lines(comparison_table(c));
  ASSERT_EQ(table.size(), 1u + kSummaryKeys.size() + 1u);
  const auto column = table[0].find("second");
  EXPECT_EQ(table[1].find("100.0"), table[0].find("first"));
  EXPECT_EQ(table[1].find("0.0  -100.0 [-100.0, -100.0]"), column);
  const auto csv = lines(comparison_csv(c));
  ASSERT_EQ(csv.size(), 1u + 2u * kSummaryKeys.size());
  EXPECT_EQ(csv[2], "crs_any_pct,\"second, with a comma\",0,-100,-100,-100");
  const auto j = nlohmann::json::parse(comparison_json(c));
  EXPECT_EQ(j["statistics"]["crs_any_pct"]["first"]["difference"], 0.0);
  EXPECT_TRUE(j["statistics"]["crs_any_pct"]["first"]["lower_95"].is_null());
  EXPECT_EQ(j["paired_patients"], 1);
}

}  // namespace
}  // namespace cytostorm::population
