// `cytostorm trial` as a user runs it: the three files with the exact summary keys, outputs that
// do not depend on the thread count, --compare, a prediction preset, progress and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_cli.hpp"

namespace cytostorm::testing {
namespace {

using nlohmann::ordered_json;
namespace fs = std::filesystem;

class TrialCli : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = scratch_dir(); }
  void TearDown() override { fs::remove_all(dir_); }

  [[nodiscard]] std::string path(const std::string& name) const { return dir_ + "/" + name; }
  [[nodiscard]] std::string read(const std::string& name) const {
    std::ifstream in(path(name), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string dir_;
};

std::size_t count_lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

TEST_F(TrialCli, WritesPatientsSummaryAndPlotWithTheExactKeys) {
  const auto run = run_cli(
      {"trial", "--preset", "zuma-1", "--patients", "6", "--threads", "2", "-o", path("out")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("wrote " + path("out") + "/patients.csv, summary.json, plot.svg"),
            std::string::npos);
  const auto summary = ordered_json::parse(read("out/summary.json"));
  std::vector<std::string> keys;
  for (const auto& [key, value] : summary.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"preset",
                                            "title",
                                            "kind",
                                            "product",
                                            "disease",
                                            "policy",
                                            "scale",
                                            "n",
                                            "failed",
                                            "seed",
                                            "days",
                                            "crs_any_pct",
                                            "crs_ge3_pct",
                                            "crs_onset_median_day",
                                            "crs_duration_median_days",
                                            "neuro_any_pct",
                                            "neuro_ge3_pct",
                                            "neuro_onset_median_day",
                                            "neuro_duration_median_days",
                                            "tocilizumab_pct",
                                            "steroid_pct",
                                            "car_t_peak_median",
                                            "car_t_tmax_median_day"}));
  EXPECT_EQ(summary["preset"], "zuma-1");
  EXPECT_EQ(summary["kind"], "calibration");
  EXPECT_EQ(summary["scale"], "lee2014");
  EXPECT_EQ(summary["n"], 6);
  EXPECT_EQ(summary["failed"], 0);
  EXPECT_EQ(summary["seed"], 1);
  EXPECT_GT(summary["car_t_peak_median"].get<double>(), 0.0);
  const double crs = summary["crs_any_pct"].get<double>();
  EXPECT_DOUBLE_EQ(crs * 6 / 100, std::round(crs * 6 / 100));  // a whole number of patients
  const auto patients = read("out/patients.csv");
  EXPECT_EQ(count_lines(patients), 7u);
  EXPECT_EQ(patients.rfind("index,seed,car_t_proliferation_rate,", 0), 0u);
  EXPECT_NE(patients.find(",crs_max_grade,crs_onset_day,crs_ge3_day,crs_duration_days,"),
            std::string::npos);
  const auto svg = read("out/plot.svg");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("Maximum grade"), std::string::npos);
  EXPECT_NE(svg.find("Cumulative incidence"), std::string::npos);
  EXPECT_NE(svg.find("10th-90th percentile"), std::string::npos);
  EXPECT_FALSE(fs::exists(path("out/compare.json")));
}

TEST_F(TrialCli, OutputsDoNotDependOnTheThreadCount) {
  const std::vector<std::string> trial{"trial",  "--preset", "juliet", "--patients", "5",
                                       "--days", "5",        "--seed", "3"};
  auto one = trial, two = trial;
  one.insert(one.end(), {"--threads", "1", "-o", path("one")});
  two.insert(two.end(), {"--threads", "3", "-o", path("two")});
  ASSERT_EQ(run_cli(one).exit_code, 0);
  ASSERT_EQ(run_cli(two).exit_code, 0);
  EXPECT_EQ(read("one/summary.json"), read("two/summary.json"));
  EXPECT_EQ(read("one/patients.csv"), read("two/patients.csv"));
  EXPECT_EQ(ordered_json::parse(read("one/summary.json"))["seed"], 3);
  // Another seed, other patients.
  auto other = trial;
  other[8] = "4";
  other.insert(other.end(), {"-o", path("other")});
  ASSERT_EQ(run_cli(other).exit_code, 0);
  EXPECT_NE(read("other/patients.csv"), read("one/patients.csv"));
}

TEST_F(TrialCli, ComparesPoliciesOnTheSamePatients) {
  const auto run = run_cli({"trial", "--preset", "zuma-1", "--patients", "4", "--days", "6",
                            "--compare", "standard", "early-tocilizumab",
                            "prophylactic-dexamethasone", "--resamples", "200", "-o", path("cmp")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // The table: a header, one row per statistic, the note.
  EXPECT_EQ(count_lines(run.out), 14u) << run.out;
  EXPECT_EQ(run.out.rfind("statistic", 0), 0u);
  EXPECT_NE(run.out.find("early-tocilizumab (difference [95% CI])"), std::string::npos);
  EXPECT_NE(run.out.find("95% paired bootstrap percentile interval: 200 resamples of the 4 "
                         "patients"),
            std::string::npos);
  const auto cmp = ordered_json::parse(read("cmp/compare.json"));
  EXPECT_EQ(cmp["policies"],
            ordered_json::array({"standard", "early-tocilizumab", "prophylactic-dexamethasone"}));
  EXPECT_EQ(cmp["statistics"].size(), 12u);
  const auto& steroids = cmp["statistics"]["steroid_pct"];
  EXPECT_EQ(steroids["prophylactic-dexamethasone"]["value"], 100.0);
  EXPECT_EQ(steroids["standard"]["difference"], 0.0);
  EXPECT_DOUBLE_EQ(steroids["prophylactic-dexamethasone"]["difference"].get<double>(),
                   100.0 - steroids["standard"]["value"].get<double>());
  const auto csv = read("cmp/compare.csv");
  EXPECT_EQ(count_lines(csv), 1u + 12u * 3u);
  EXPECT_EQ(csv.rfind("statistic,policy,value,difference,lower_95,upper_95\n", 0), 0u);
  EXPECT_FALSE(fs::exists(path("cmp/summary.json")));
}

TEST_F(TrialCli, LabelsPredictionsAndShowsProgressWhenAsked) {
  const auto run = run_cli({"trial", "--preset", "karmma", "--patients", "2", "--days", "2",
                            "--progress", "-o", path("p")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("karmma under standard: 2/2 patients"), std::string::npos) << run.err;
  const auto summary = ordered_json::parse(read("p/summary.json"));
  EXPECT_EQ(summary["kind"], "prediction");
  EXPECT_EQ(summary["note"],
            "prediction: built from the trial's design only, never tuned to its outcomes");
  EXPECT_NE(read("p/plot.svg").find("(prediction)"), std::string::npos);
  // Without --progress and with standard error not a terminal: no progress line.
  const auto quiet =
      run_cli({"trial", "--preset", "karmma", "--patients", "2", "--days", "1", "-o", path("q")});
  EXPECT_EQ(quiet.err.find("patients,"), std::string::npos) << quiet.err;
}

TEST_F(TrialCli, BadInputExitsWithTwoAndSaysWhere) {
  const auto unknown = run_cli({"trial", "--preset", "zuma-9", "-o", path("x")});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown preset \"zuma-9\" (presets: cartitude-1, eliana"),
            std::string::npos)
      << unknown.err;
  const std::string spec = path("bad.toml");
  std::ofstream(spec) << "name = \"bad\"\nproduct = \"axi-cel\"\npatients = -3\n";
  const auto bad = run_cli({"trial", spec, "-o", path("x")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, spec +
                         ":3: column 12: key \"patients\": -3 is out of range (1 to "
                         "10000000)\n");
  const auto both = run_cli({"trial", spec, "--preset", "zuma-1", "-o", path("x")});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("give a spec file or --preset NAME (not both)"), std::string::npos);
  const auto policy = run_cli({"trial", "--preset", "zuma-1", "--patients", "1", "--policy",
                               "no-such-policy", "-o", path("x")});
  EXPECT_EQ(policy.exit_code, 2);
  EXPECT_NE(policy.err.find("no-such-policy"), std::string::npos);
  EXPECT_FALSE(fs::exists(path("x/summary.json")));
  const auto one_policy =
      run_cli({"trial", "--preset", "zuma-1", "--compare", "standard", "-o", path("x")});
  EXPECT_EQ(one_policy.exit_code, 2);
}

}  // namespace
}  // namespace cytostorm::testing
