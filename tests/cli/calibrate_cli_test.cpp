// `cytostorm calibrate` as a modeller runs it: the report of every target (met or missed), the
// fitted biology as a population file, the predictions labelled as such, and bad input.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cytostorm/model/parameters.hpp"
#include "cytostorm/model/product.hpp"
#include "cytostorm/population/population_spec.hpp"
#include "support/run_cli.hpp"
#include "support/text_match.hpp"

namespace cytostorm::testing {
namespace {

const std::string kData = std::string(CYTOSTORM_SOURCE_DIR) + "/data";
const std::string kShared = std::string(CYTOSTORM_SHARED_DIR) + "/data";

// A three-patient, five-day ZUMA-1 (same title, so the published row applies) and prediction.
std::string small_trial(const Scratch& scratch, const std::string& name, bool prediction) {
  std::string text = read_bytes(kData + "/trials/" + (prediction ? "zuma-2" : "zuma-1") + ".toml");
  text = text.substr(0, text.find("patients = "));
  text += "patients = 3\ndays = 5\nseed = 1\n";
  const std::string full =
      read_bytes(kData + "/trials/" + (prediction ? "zuma-2" : "zuma-1") + ".toml");
  text += full.substr(full.find("[dose]"));
  return scratch.write(name + ".toml", text);
}

// A spec fitting the small ZUMA-1 (a biology centre, axi-cel's own proliferation rate and the
// lymphoma population's tumour burden) with a small ZUMA-2 as its prediction.
std::string small_spec(const Scratch& scratch) {
  const auto trial = small_trial(scratch, "zuma-small", false);
  const auto prediction = small_trial(scratch, "zuma-2-small", true);
  return scratch.write(
      "calibration.toml",
      "description = \"test\"\ntrials = [\"" + trial + "\"]\npredictions = [\"" + prediction +
          "\"]\n[tolerance]\ncrs_any_pct = 10\nneuro_any_pct = 15\n[[free]]\nname = "
          "\"il6_myeloid_release_rate\"\nfield = \"centre\"\nmin = 1000\nmax = 100000\nscale = "
          "\"log\"\n[[free]]\nname = \"car_t_proliferation_rate\"\nfield = \"value\"\nproduct = "
          "\"axi-cel\"\nmin = 1\nmax = 8\n[[free]]\nname = \"tumor_burden\"\nfield = "
          "\"centre\"\npopulation = \"lbcl\"\nmin = 0.1\nmax = 5\nscale = \"log\"\n");
}

TEST(CalibrateCli, ReportsEveryTargetWritesTheBiologyAndLabelsThePredictions) {
  Scratch scratch;
  const auto spec = small_spec(scratch);
  const std::string out = scratch.dir() + "/out";
  const auto run = run_cli({"calibrate", spec, "--max-evaluations", "0", "--threads", "2",
                            "--targets", kShared + "/calibration_trials.csv", "--kinetics",
                            kShared + "/calibration_kinetics.csv", "-o", out});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(contains(run.err, "of 2 targets met"));
  const auto report = read_bytes(out + "/report.md");
  EXPECT_TRUE(contains(report, "| zuma-1 | crs_any_pct | 94 |"));
  EXPECT_TRUE(contains(report, "| zuma-1 | neuro_any_pct | 87 |"));
  EXPECT_TRUE(contains(report, "±15"));
  const auto json = nlohmann::json::parse(read_bytes(out + "/report.json"));
  ASSERT_EQ(json["targets"].size(), 2u);
  for (const auto& t : json["targets"]) {
    const double simulated = t["simulated"].get<double>();
    const double published = t["published"].get<double>();
    EXPECT_EQ(t["met"].get<bool>(),
              std::abs(simulated - published) <= t["tolerance"].get<double>());
  }
  EXPECT_EQ(json["evaluations"], 1);
  EXPECT_EQ(json["seeds"], nlohmann::json::array({1}));  // the trial's own
  EXPECT_EQ(json["virtual_patients_per_patient"], 1);
  EXPECT_TRUE(
      contains(report, "each with 1 virtual patient(s) per published patient (trial seeds 1)"));
  // The fitted biology reads back as a population file.
  auto parameters = model::Parameters::load(kData + "/model/parameters.toml");
  ASSERT_TRUE(parameters.ok());
  auto bio = population::load_population(out + "/biology.toml", parameters.value());
  ASSERT_TRUE(bio.ok()) << bio.error().to_string();
  EXPECT_FALSE(bio.value().parameters.empty());
  // The product with a fitted number is written as a preset that load_product reads.
  const auto preset = model::load_product(kData, "axi-cel");
  ASSERT_TRUE(preset.ok());
  const double rate = preset.value().overrides.at("car_t_proliferation_rate");
  EXPECT_TRUE(contains(report, fmt::format("| car_t_proliferation_rate (axi-cel) | {:.4g} | {:.4g} "
                                           "| [1, 8] |",
                                           rate, rate)));
  EXPECT_EQ(json["fitted"][1]["product"], "axi-cel");
  EXPECT_EQ(json["fitted"][1]["field"], "value");
  auto product = model::load_product(out, "axi-cel");
  ASSERT_TRUE(product.ok()) << product.error().to_string();
  EXPECT_EQ(product.value().overrides, preset.value().overrides);  // no evaluation: as it was
  // The disease population with a fitted covariate is written as a population file.
  const auto shipped =
      population::load_population(kData + "/populations/lbcl.toml", parameters.value());
  ASSERT_TRUE(shipped.ok());
  const double burden = shipped.value().covariates.at(0).distribution.centre.value();
  EXPECT_TRUE(contains(report, fmt::format("| tumor_burden (centre, lbcl) | {:.4g} | {:.4g} | "
                                           "[0.1, 5] log |",
                                           burden, burden)))
      << report;
  EXPECT_EQ(json["fitted"][2]["population"], "lbcl");
  auto lbcl = population::load_population(out + "/populations/lbcl.toml", parameters.value());
  ASSERT_TRUE(lbcl.ok()) << lbcl.error().to_string();
  EXPECT_EQ(lbcl.value().covariates.size(), shipped.value().covariates.size());
  const auto& written = lbcl.value().covariates;
  const auto it = std::find_if(written.begin(), written.end(),
                               [](const auto& nd) { return nd.name == "tumor_burden"; });
  ASSERT_NE(it, written.end());
  EXPECT_EQ(it->distribution.centre, burden);  // no evaluation: as it was
  const auto predictions = read_bytes(out + "/predictions.md");
  EXPECT_TRUE(contains(predictions, "PREDICTIONS"));
  EXPECT_TRUE(contains(predictions, "(prediction)"));
  const auto pj = nlohmann::json::parse(read_bytes(out + "/predictions.json"));
  ASSERT_EQ(pj.size(), 1u);
  EXPECT_EQ(pj[0]["kind"], "prediction");
}

// --seed draws other virtual patients for the same trials: the report of another draw.
TEST(CalibrateCli, SeedDrawsTheTrialsFromAnotherSeed) {
  Scratch scratch;
  const auto spec = small_spec(scratch);
  const std::string out = scratch.dir() + "/out";
  const auto run =
      run_cli({"calibrate", spec, "--max-evaluations", "0", "--threads", "2", "--no-predictions",
               "--seed", "7", "--targets", kShared + "/calibration_trials.csv", "--kinetics",
               kShared + "/calibration_kinetics.csv", "-o", out});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(read_bytes(out + "/report.json"));
  EXPECT_EQ(json["seeds"], nlohmann::json::array({7}));
  EXPECT_TRUE(contains(read_bytes(out + "/report.md"), "(trial seeds 7)"));
}

// Ctrl-C during a long fit writes the best values found so far, says so, skips the predictions
// and exits 130.
TEST(CalibrateCli, CtrlCWritesTheBestSoFarAndSkipsThePredictions) {
  Scratch scratch;
  const auto spec = small_spec(scratch);
  const std::string out = scratch.dir() + "/out", err = scratch.dir() + "/stderr";
  const pid_t pid = start_cli({"calibrate", spec, "--max-evaluations", "100000", "--threads", "2",
                               "--progress", "--targets", kShared + "/calibration_trials.csv",
                               "--kinetics", kShared + "/calibration_kinetics.csv", "-o", out},
                              err);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(wait_for_text(err, "evaluation 2/", std::chrono::seconds(300))) << read_bytes(err);
  kill(pid, SIGINT);
  const int status = wait_for(pid, std::chrono::seconds(300));
  ASSERT_TRUE(status != -1 && WIFEXITED(status)) << read_bytes(err);
  EXPECT_EQ(WEXITSTATUS(status), 130) << read_bytes(err);
  const std::string log = read_bytes(err);
  EXPECT_TRUE(contains(log, "cytostorm calibrate: interrupted after ")) << log;
  EXPECT_TRUE(contains(log, "the predictions were not run")) << log;
  const auto json = nlohmann::json::parse(read_bytes(out + "/report.json"));
  EXPECT_TRUE(json["interrupted"].get<bool>());
  EXPECT_GE(json["evaluations"].get<int>(), 2);
  EXPECT_TRUE(contains(json["stop_reason"].get<std::string>(), "interrupted after"));
  EXPECT_TRUE(contains(read_bytes(out + "/report.md"), "interrupted after"));
  EXPECT_TRUE(std::filesystem::exists(out + "/biology.toml"));
  EXPECT_FALSE(std::filesystem::exists(out + "/predictions.md"));
}

TEST(CalibrateCli, BadInputNamesTheFileAndExitsTwo) {
  Scratch scratch;
  const auto spec =
      scratch.write("bad.toml", "trials = [\"zuma-1\"]\nmax_evaluations = -3\n[[free]]\n");
  const auto run = run_cli({"calibrate", spec, "-o", scratch.dir() + "/out"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(contains(run.err, spec + ":2")) << run.err;
  const auto targets = scratch.write("t.csv", "trial,source\nnothing,x\n");
  const auto missing = run_cli(
      {"calibrate", "--targets", targets, "--max-evaluations", "0", "-o", scratch.dir() + "/out2"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "no row for \"ZUMA-1 (pivotal safety set)\"")) << missing.err;
}

}  // namespace
}  // namespace cytostorm::testing
