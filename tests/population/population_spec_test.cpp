// Reading trial specs: every preset, each distribution, population files merged in order, and
// bad specs refused with the file, the line and the key.
#include "cytostorm/population/population_spec.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cytostorm/population/sampling.hpp"
#include "model/patient_course.hpp"

namespace cytostorm::population {
namespace {

const std::string kData = std::string(CYTOSTORM_SOURCE_DIR) + "/data";

using model::testing::default_parameters;

class SpecFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cytostorm-spec-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) const {
    const auto path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  // A minimal valid spec followed by `extra`.
  record::Result<TrialSpec> load(const std::string& extra, const std::string& head = kHead) {
    return load_trial_spec(write("t.toml", head + extra), kData, default_parameters());
  }

  std::string error(const std::string& extra, const std::string& head = kHead) {
    const auto r = load(extra, head);
    return r.ok() ? "(no error)" : r.error().to_string();
  }

  static constexpr const char* kHead = "name = \"t\"\nproduct = \"axi-cel\"\n";
  std::filesystem::path dir_;
};

TEST_F(SpecFile, EveryPresetLoadsAndPrepares) {
  const auto names = trial_presets(kData);
  EXPECT_EQ(names,
            (std::vector<std::string>{"cartitude-1", "eliana", "juliet", "karmma", "transcend-nhl",
                                      "zuma-1", "zuma-1-cohort6", "zuma-2"}));
  int predictions = 0;
  for (const auto& name : names) {
    const auto spec = load_trial_spec(trial_spec_path(kData, name), kData, default_parameters());
    ASSERT_TRUE(spec.ok()) << spec.error().to_string();
    EXPECT_EQ(spec.value().name, name);
    EXPECT_EQ(spec.value().days, 28.0);
    predictions += spec.value().prediction ? 1 : 0;
    const auto product = model::load_product(kData, spec.value().product);
    ASSERT_TRUE(product.ok()) << name;
    const auto sampler =
        PopulationSampler::prepare(spec.value(), default_parameters(), product.value());
    EXPECT_TRUE(sampler.ok()) << name << ": " << (sampler.ok() ? "" : sampler.error().to_string());
  }
  EXPECT_EQ(predictions, 4);
}

TEST_F(SpecFile, PresetsHoldTheirDesigns) {
  const auto zuma1 =
      load_trial_spec(trial_spec_path(kData, "zuma-1"), kData, default_parameters()).value();
  EXPECT_EQ(zuma1.product, "axi-cel");
  EXPECT_EQ(zuma1.scale, "lee2014");
  EXPECT_EQ(zuma1.patients, 108);
  EXPECT_FALSE(zuma1.prediction);
  EXPECT_EQ(*zuma1.dose.cells_per_kg->centre, 2e6);
  EXPECT_EQ(zuma1.dose.max_cells, 2e8);
  EXPECT_DOUBLE_EQ(flu_cy_dose_intensity(zuma1.lymphodepletion), 1.0);
  EXPECT_EQ(zuma1.population.sources.size(), 3u);  // biology, lbcl, the spec
  EXPECT_EQ(zuma1.population.covariates.size(), 6u);
  const auto eliana =
      load_trial_spec(trial_spec_path(kData, "eliana"), kData, default_parameters()).value();
  EXPECT_EQ(eliana.scale, "penn");
  EXPECT_EQ(eliana.dose.per_kg_up_to_kg, 50);
  EXPECT_EQ(eliana.dose.cells->kind, DistributionKind::uniform);
  EXPECT_DOUBLE_EQ(flu_cy_dose_intensity(eliana.lymphodepletion), 1.0);  // 30 x4 + 500 x2
  const auto juliet =
      load_trial_spec(trial_spec_path(kData, "juliet"), kData, default_parameters()).value();
  EXPECT_DOUBLE_EQ(juliet.lymphodepletion.shares[1], 0.20);
  EXPECT_NEAR(flu_cy_dose_intensity(juliet.lymphodepletion), 2.0 / 3.0, 1e-12);
  const auto karmma =
      load_trial_spec(trial_spec_path(kData, "karmma"), kData, default_parameters()).value();
  EXPECT_TRUE(karmma.prediction);
  EXPECT_EQ(karmma.patients, 128);
  EXPECT_DOUBLE_EQ(flu_cy_dose_intensity(karmma.lymphodepletion), 0.8);
  const auto cartitude =
      load_trial_spec(trial_spec_path(kData, "cartitude-1"), kData, default_parameters()).value();
  EXPECT_EQ(cartitude.scale, "astct");
  EXPECT_EQ(load_trial_spec(trial_spec_path(kData, "zuma-1-cohort6"), kData, default_parameters())
                .value()
                .policy,
            "prophylactic-dexamethasone");
}

TEST_F(SpecFile, ReadsEachDistribution) {
  const auto spec = load(R"(
[parameters]
car_t_proliferation_rate = { distribution = "lognormal", cv = 0.2 }
il6_myeloid_release_rate = { distribution = "lognormal", median = 9000, cv = 0.5, min = 1000, max = 50000 }
map_baseline_mmhg = { distribution = "normal", mean = 85, sd = 8, min = 65, max = 110 }
temperature_baseline_c = { distribution = "fixed", value = 36.9 }
cns_inflammation_gain = { distribution = "uniform", min = 0.05, max = 0.2 }
il1_myeloid_release_rate = { distribution = "log_uniform", min = 100, max = 400 }
[covariates]
age_years = { distribution = "normal", sd = 10 }
)");
  ASSERT_TRUE(spec.ok()) << spec.error().to_string();
  const auto& p = spec.value().population.parameters;
  ASSERT_EQ(p.size(), 6u);
  EXPECT_EQ(p[0].distribution.kind, DistributionKind::lognormal);
  EXPECT_FALSE(p[0].distribution.centre.has_value());
  EXPECT_EQ(p[0].distribution.spread, 0.2);
  EXPECT_EQ(p[0].line, 5u);
  EXPECT_EQ(*p[1].distribution.centre, 9000);
  EXPECT_EQ(p[1].distribution.min, 1000);
  EXPECT_EQ(p[1].distribution.max, 50000);
  EXPECT_EQ(p[2].distribution.kind, DistributionKind::normal);
  EXPECT_EQ(p[2].distribution.spread, 8);
  EXPECT_EQ(p[3].distribution.kind, DistributionKind::fixed);
  EXPECT_EQ(*p[3].distribution.centre, 36.9);
  EXPECT_EQ(p[4].distribution.kind, DistributionKind::uniform);
  EXPECT_EQ(p[5].distribution.kind, DistributionKind::log_uniform);
  EXPECT_EQ(spec.value().population.covariates[0].name, "age_years");
  // Defaults of a minimal spec.
  EXPECT_EQ(spec.value().scale, "astct");
  EXPECT_EQ(spec.value().policy, "standard");
  EXPECT_EQ(spec.value().days, 28.0);
  EXPECT_EQ(spec.value().seed, 1u);
  EXPECT_EQ(spec.value().patients, 100);
}

TEST_F(SpecFile, MergesPopulationFilesInOrderAndTheSpecLast) {
  write("a.toml", R"(description = "a"
[parameters]
car_t_proliferation_rate = { distribution = "lognormal", cv = 0.1 }
il6_myeloid_release_rate = { distribution = "lognormal", cv = 0.3 }
[[correlation]]
between = ["car_t_proliferation_rate", "il6_myeloid_release_rate"]
r = 0.2
)");
  write("b.toml", R"([parameters]
il6_myeloid_release_rate = { distribution = "lognormal", cv = 0.6 }
[[correlation]]
between = ["il6_myeloid_release_rate", "car_t_proliferation_rate"]
r = -0.1
)");
  const auto spec = load("populations = [\"" + (dir_ / "a.toml").string() + "\", \"" +
                         (dir_ / "b.toml").string() + R"("]
[parameters]
car_t_proliferation_rate = { distribution = "lognormal", cv = 0.25 }
)");
  ASSERT_TRUE(spec.ok()) << spec.error().to_string();
  const auto& p = spec.value().population;
  ASSERT_EQ(p.parameters.size(), 2u);
  EXPECT_EQ(p.parameters[0].distribution.spread, 0.25);  // the spec's own
  EXPECT_EQ(p.parameters[1].distribution.spread, 0.6);   // b.toml over a.toml
  EXPECT_NE(p.parameters[1].file.find("b.toml"), std::string::npos);
  ASSERT_EQ(p.correlations.size(), 1u);  // the same pair: b.toml replaces a.toml
  EXPECT_EQ(p.correlations[0].r, -0.1);
}

TEST_F(SpecFile, RefusesBadKeysTypesAndRangesWithFileLineAndKey) {
  const std::string file = (dir_ / "t.toml").string();
  EXPECT_EQ(error("colour = \"red\"\n"),
            file +
                ":3: column 1: key \"colour\": unknown key (accepted here: name, title, kind, "
                "description, source, product, disease, populations, policy, grading_scale, "
                "patients, days, seed, dose, lymphodepletion, parameters, covariates, "
                "correlation)");
  EXPECT_EQ(error("patients = \"many\"\n"),
            file + ":3: column 12: key \"patients\": expected an integer, got a string");
  EXPECT_EQ(error("patients = 0\n"),
            file + ":3: column 12: key \"patients\": 0 is out of range (1 to 10000000)");
  EXPECT_NE(error("grading_scale = \"who\"\n")
                .find(":3: column 17: key \"grading_scale\": "
                      "unknown value \"who\""),
            std::string::npos);
  EXPECT_NE(error("kind = \"guess\"\n").find("key \"kind\": unknown value \"guess\""),
            std::string::npos);
  EXPECT_EQ(error("\n[parameters]\nno_such = { distribution = \"fixed\", value = 1 }\n"),
            file +
                ":5: column 11: key \"parameters.no_such\": unknown model parameter (see "
                "data/model/parameters.toml)");
  EXPECT_NE(error("[covariates]\nheight_cm = { distribution = \"fixed\", value = 1 }\n")
                .find(":4: column 13: key \"covariates.height_cm\": unknown covariate"),
            std::string::npos);
  EXPECT_EQ(error("[parameters]\ncar_t_kill_rate = { distribution = \"lognormal\" }\n"),
            file + ":4: key \"parameters.car_t_kill_rate.cv\": missing");
  EXPECT_EQ(
      error("[parameters]\ncar_t_kill_rate = { distribution = \"lognormal\", cv = 0.1, sd = 1 }\n"),
      file +
          ":4: column 59: key \"parameters.car_t_kill_rate.sd\": unknown key (accepted here: "
          "distribution, median, cv, min, max)");
  EXPECT_EQ(error("[parameters]\ncar_t_kill_rate = { distribution = \"uniform\", min = 0.1 }\n"),
            file + ":4: key \"parameters.car_t_kill_rate.max\": missing");
  EXPECT_EQ(error("[parameters]\ncar_t_kill_rate = { distribution = \"normal\", sd = 0.1, min = "
                  "0.5, max = 0.2 }\n"),
            file +
                ":4: column 73: key \"parameters.car_t_kill_rate.max\": must not be below min "
                "(0.5)");
  EXPECT_EQ(error("[parameters]\ncar_t_kill_rate = { distribution = \"normal\", mean = 1, sd = "
                  "0.1, max = 0.5 }\n"),
            file +
                ":4: column 53: key \"parameters.car_t_kill_rate.mean\": 1 is outside [min, "
                "max]");
  EXPECT_NE(error("[parameters]\ncar_t_kill_rate = { distribution = \"gamma\", cv = 1 }\n")
                .find("key \"parameters.car_t_kill_rate.distribution\": unknown value \"gamma\""),
            std::string::npos);
}

TEST_F(SpecFile, RefusesBadCorrelationsDosesRegimensAndPopulations) {
  const std::string file = (dir_ / "t.toml").string();
  const std::string two = R"([covariates]
age_years = { distribution = "normal", mean = 60, sd = 10 }
weight_kg = { distribution = "normal", mean = 80, sd = 15 }
tumor_burden = { distribution = "lognormal", cv = 1 }
)";
  EXPECT_EQ(error(two + R"(
[[correlation]]
between = ["age_years", "weight_kg"]
r = 0.9

[[correlation]]
between = ["age_years", "tumor_burden"]
r = 0.9

[[correlation]]
between = ["weight_kg", "tumor_burden"]
r = -0.9
)"),
            file +
                ":16: key \"correlation\": the correlation matrix is not positive definite (the "
                "Cholesky factorisation fails at tumor_burden): these correlations cannot "
                "hold together");
  EXPECT_EQ(error(two + "[[correlation]]\nbetween = [\"age_years\"]\nr = 0.2\n"),
            file + ":8: column 11: key \"correlation[0].between\": expected two names");
  EXPECT_EQ(error(two + "[[correlation]]\nbetween = [\"age_years\", \"weight_kg\"]\nr = 1.5\n"),
            file + ":9: column 5: key \"correlation[0].r\": 1.5 is out of range (-1 to 1)");
  EXPECT_NE(error(two + "[[correlation]]\nbetween = [\"age_years\", \"baseline_ang2_pg_ml\"]\nr "
                        "= 0.2\n")
                .find(":7: key \"correlation\": \"baseline_ang2_pg_ml\" is not a distributed "
                      "quantity"),
            std::string::npos);
  EXPECT_EQ(error("[dose]\nmax_cells = 1e8\n"),
            file + ":3: key \"dose\": give cells_per_kg or cells");
  EXPECT_EQ(error("[dose]\ncells_per_kg = { distribution = \"fixed\", value = 2e6 }\ncells = { "
                  "distribution = \"fixed\", value = 1e8 }\n"),
            file + ":5: column 9: key \"dose.cells\": with cells_per_kg too, say per_kg_up_to_kg");
  EXPECT_EQ(error("[dose]\ncells = { distribution = \"lognormal\", cv = 0.3 }\n"),
            file + ":4: column 9: key \"dose.cells\": a dose needs its value, mean or median");
  EXPECT_EQ(error("[lymphodepletion]\nshares = { flu_cy = 0.5, bendamustine = 0.3 }\n"),
            file + ":4: column 10: key \"lymphodepletion.shares\": the shares sum to 0.8, not 1");
  EXPECT_NE(error("[lymphodepletion]\nshares = { rituximab = 1.0 }\n")
                .find("key \"lymphodepletion.shares.rituximab\": unknown key"),
            std::string::npos);
  EXPECT_NE(error("populations = [\"no-such-disease\"]\n")
                .find(":3: column 15: key \"populations\": no population \"no-such-disease\""),
            std::string::npos);
  EXPECT_NE(error("populations = [\"biology\", 3]\n")
                .find("key \"populations[1]\": expected a string, got an integer"),
            std::string::npos);
  EXPECT_EQ(error("", "product = \"axi-cel\"\n"), file + ": key \"name\": missing");
  // A bad population file is named itself.
  write("bad.toml", "[parameters]\ncar_t_kill_rate = { distribution = \"normal\" }\n");
  EXPECT_NE(error("populations = [\"" + (dir_ / "bad.toml").string() + "\"]\n")
                .find("bad.toml:2: key \"parameters.car_t_kill_rate.sd\": missing"),
            std::string::npos);
}

TEST(TrialSpecPath, NamesAreLookedUpAndPathsKept) {
  EXPECT_EQ(trial_spec_path("/d", "zuma-1"), "/d/trials/zuma-1.toml");
  EXPECT_EQ(trial_spec_path("/d", "x/y.toml"), "x/y.toml");
  EXPECT_EQ(trial_spec_path("/d", "y.toml"), "y.toml");
  EXPECT_TRUE(trial_presets("/no/such/folder").empty());
  EXPECT_EQ(distribution_name(DistributionKind::log_uniform), "log_uniform");
}

}  // namespace
}  // namespace cytostorm::population
