// Drawing virtual patients: seeds, the normal quantile, each distribution, the Gaussian copula
// (correlations reproduced over many draws), doses, regimens and the spec checks.
#include "cytostorm/population/sampling.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "model/patient_course.hpp"

namespace cytostorm::population {
namespace {

using model::testing::default_parameters;

using model::testing::preset;

Distribution lognormal(std::optional<double> median, double cv) {
  Distribution d;
  d.kind = DistributionKind::lognormal;
  d.centre = median;
  d.spread = cv;
  return d;
}

Distribution normal(double mean, double sd) {
  Distribution d;
  d.kind = DistributionKind::normal;
  d.centre = mean;
  d.spread = sd;
  return d;
}

Distribution ranged(DistributionKind kind, double min, double max) {
  Distribution d;
  d.kind = kind;
  d.min = min;
  d.max = max;
  return d;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double sd(const std::vector<double>& v) {
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

TEST(PatientSeed, IsTheSplitMix64StreamOfTheTrialSeed) {
  // The reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
  EXPECT_EQ(patient_seed(0, 0), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(patient_seed(0, 1), 0x6E789E6AA1B965F4ULL);
  EXPECT_EQ(patient_seed(0, 2), 0x06C45D188009454FULL);
  EXPECT_NE(patient_seed(1, 0), patient_seed(0, 0));
  RandomStream stream(0);
  EXPECT_EQ(stream.bits(), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(stream.bits(), 0x6E789E6AA1B965F4ULL);
}

TEST(NormalQuantile, MatchesKnownValuesAndInvertsTheDistributionFunction) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-16);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-12);  // the far tail (r > 5)
  EXPECT_NEAR(normal_quantile(0.1), -1.2815515655446004, 1e-14);   // the middle tail
  // Phi(z) keeps its relative precision below 0.5 only, so the round trip runs there; above,
  // the quantile is symmetric.
  for (double z = -8.0; z <= 0.0; z += 0.37) {
    EXPECT_NEAR(normal_quantile(normal_cdf(z)), z, 1e-9 * std::max(1.0, std::fabs(z))) << z;
  }
  for (double p : {1e-12, 1e-6, 0.01, 0.2, 0.45}) {
    EXPECT_NEAR(normal_quantile(1.0 - p), -normal_quantile(p),
                1e-9 * std::fabs(normal_quantile(p)) + 1e-15 / p)
        << p;
  }
  EXPECT_THROW((void)normal_quantile(0.0), std::invalid_argument);
  EXPECT_THROW((void)normal_quantile(1.0), std::invalid_argument);
}

TEST(RandomStream, UniformsStayInsideAndNormalsAreStandard) {
  RandomStream s(42);
  std::vector<double> u, z;
  for (int i = 0; i < 50000; ++i) {
    u.push_back(s.uniform());
    z.push_back(s.normal());
  }
  EXPECT_GT(*std::min_element(u.begin(), u.end()), 0.0);
  EXPECT_LT(*std::max_element(u.begin(), u.end()), 1.0);
  EXPECT_NEAR(mean(u), 0.5, 0.01);
  EXPECT_NEAR(mean(z), 0.0, 0.02);
  EXPECT_NEAR(sd(z), 1.0, 0.02);
}

TEST(QuantileAt, EachDistributionMapsTheNormalScore) {
  EXPECT_DOUBLE_EQ(quantile_at(Distribution::fixed_at(3.5), 2.0), 3.5);
  EXPECT_DOUBLE_EQ(quantile_at(normal(10, 2), 1.5), 13.0);
  // Lognormal: the median at z = 0, sigma = sqrt(ln(1 + cv^2)).
  EXPECT_DOUBLE_EQ(quantile_at(lognormal(4.0, 0.5), 0.0), 4.0);
  EXPECT_NEAR(quantile_at(lognormal(4.0, 0.5), 1.0), 4.0 * std::exp(std::sqrt(std::log(1.25))),
              1e-12);
  EXPECT_NEAR(quantile_at(ranged(DistributionKind::uniform, 2, 6), 0.0), 4.0, 1e-12);
  EXPECT_NEAR(quantile_at(ranged(DistributionKind::log_uniform, 1, 100), 0.0), 10.0, 1e-9);
  Distribution no_centre;
  no_centre.kind = DistributionKind::normal;
  no_centre.spread = 1;
  EXPECT_THROW((void)quantile_at(no_centre, 0), std::invalid_argument);
}

TEST(QuantileAt, TruncationKeepsTheBoundsAndTheOrder) {
  Distribution d = normal(80, 20);
  d.min = 40;
  d.max = 100;
  double previous = -INFINITY;
  for (double z = -6; z <= 6; z += 0.25) {
    const double v = quantile_at(d, z);
    EXPECT_GE(v, 40.0);
    EXPECT_LE(v, 100.0);
    EXPECT_GE(v, previous);
    previous = v;
  }
  // Deep in the tails the values approach the bounds from inside.
  EXPECT_NEAR(quantile_at(d, -8), 40.0, 1e-6);
  EXPECT_NEAR(quantile_at(d, 8), 100.0, 1e-6);
  Distribution l = lognormal(1.0, 1.0);
  l.max = 10;
  EXPECT_LE(quantile_at(l, 5.0), 10.0);
  EXPECT_GT(quantile_at(l, 5.0), 9.0);
}

TEST(QuantileAt, LognormalDrawsHaveTheirMedianAndCv) {
  RandomStream s(7);
  std::vector<double> v;
  for (int i = 0; i < 40000; ++i) v.push_back(quantile_at(lognormal(2.0, 0.4), s.normal()));
  std::vector<double> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_NEAR(sorted[sorted.size() / 2], 2.0, 0.03);
  EXPECT_NEAR(sd(v) / mean(v), 0.4, 0.015);
}

TEST(Cholesky, FactorsAPositiveDefiniteMatrixAndNamesTheFailingPivot) {
  std::vector<double> a{4, 2, 2, 2, 5, 1, 2, 1, 6};
  ASSERT_FALSE(cholesky(a, 3).has_value());
  // L = [[2,0,0],[1,2,0],[1,0,sqrt(5)]]
  EXPECT_DOUBLE_EQ(a[0], 2);
  EXPECT_DOUBLE_EQ(a[3], 1);
  EXPECT_DOUBLE_EQ(a[4], 2);
  EXPECT_DOUBLE_EQ(a[6], 1);
  EXPECT_DOUBLE_EQ(a[7], 0);
  EXPECT_NEAR(a[8], std::sqrt(5.0), 1e-15);
  EXPECT_DOUBLE_EQ(a[1], 0);
  // r12 = r13 = 0.9 and r23 = -0.9 cannot hold together: the third pivot fails.
  std::vector<double> b{1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1};
  EXPECT_EQ(cholesky(b, 3), std::optional<std::size_t>(2));
}

TrialSpec correlated_spec() {
  TrialSpec spec;
  spec.product = "axi-cel";
  spec.population.parameters = {{"il6_myeloid_release_rate", lognormal(std::nullopt, 0.5), "", 0},
                                {"cns_inflammation_gain", lognormal(std::nullopt, 0.3), "", 0},
                                {"temperature_baseline_c", Distribution::fixed_at(36.9), "", 0}};
  spec.population.covariates = {{"age_years", normal(60, 10), "", 0},
                                {"weight_kg", normal(80, 15), "", 0}};
  spec.population.correlations = {{"il6_myeloid_release_rate", "cns_inflammation_gain", 0.6, "", 0},
                                  {"age_years", "il6_myeloid_release_rate", -0.4, "", 0}};
  return spec;
}

TEST(PopulationSampler, ReproducesTheCorrelationsOverManyDraws) {
  const auto sampler =
      PopulationSampler::prepare(correlated_spec(), default_parameters(), preset("axi-cel"));
  ASSERT_TRUE(sampler.ok()) << sampler.error().to_string();
  const auto& names = sampler.value().names();
  ASSERT_EQ(names, (std::vector<std::string>{"il6_myeloid_release_rate", "cns_inflammation_gain",
                                             "temperature_baseline_c", "age_years", "weight_kg"}));
  EXPECT_EQ(sampler.value().parameter_count(), 3u);
  std::vector<double> il6, cns, age, weight;
  for (std::size_t i = 0; i < 20000; ++i) {
    const auto d = sampler.value().draw(11, i);
    il6.push_back(std::log(d.values[0]));
    cns.push_back(std::log(d.values[1]));
    EXPECT_EQ(d.values[2], 36.9);
    age.push_back(d.values[3]);
    weight.push_back(d.values[4]);
    EXPECT_EQ(d.covariates.age_years, d.values[3]);
  }
  EXPECT_NEAR(pearson(il6, cns), 0.6, 0.02);
  EXPECT_NEAR(pearson(age, il6), -0.4, 0.02);
  EXPECT_NEAR(pearson(age, cns), 0.0, 0.02);  // a pair not given is uncorrelated
  EXPECT_NEAR(pearson(weight, age), 0.0, 0.02);
  // The centres are the model's values when the spec gives none.
  std::sort(il6.begin(), il6.end());
  EXPECT_NEAR(std::exp(il6[il6.size() / 2]), default_parameters()["il6_myeloid_release_rate"],
              0.03 * default_parameters()["il6_myeloid_release_rate"]);
}

TEST(PopulationSampler, APatientDependsOnlyOnTheTrialSeedAndItsIndex) {
  const auto sampler =
      PopulationSampler::prepare(correlated_spec(), default_parameters(), preset("axi-cel"))
          .value();
  const auto first = sampler.draw(5, 17);
  for (std::size_t i = 0; i < 17; ++i) (void)sampler.draw(5, i);
  const auto again = sampler.draw(5, 17);
  EXPECT_EQ(first.values, again.values);
  EXPECT_EQ(first.seed, again.seed);
  EXPECT_EQ(first.seed, patient_seed(5, 17));
  EXPECT_NE(sampler.draw(5, 18).values, first.values);
  EXPECT_NE(sampler.draw(6, 17).values, first.values);
}

// The first parameter of 2001 patients of `spec` given `product`, in increasing order.
std::vector<double> sorted_draws(const TrialSpec& spec, const std::string& product) {
  const auto sampler =
      PopulationSampler::prepare(spec, default_parameters(), preset(product)).value();
  std::vector<double> out;
  for (std::size_t i = 0; i < 2001; ++i) out.push_back(sampler.draw(1, i).values[0]);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(PopulationSampler, ACentreLeftOutIsTheProductsOverride) {
  TrialSpec spec;
  spec.population.parameters = {{"car_t_proliferation_rate", lognormal(std::nullopt, 0.1), "", 0}};
  const auto a = sorted_draws(spec, "axi-cel");
  const auto t = sorted_draws(spec, "tisa-cel");
  EXPECT_NEAR(a[1000], preset("axi-cel").overrides.at("car_t_proliferation_rate"), 0.05);
  EXPECT_NEAR(t[1000], default_parameters()["car_t_proliferation_rate"], 0.05);
  // The drawn value reaches the patient through the product's override.
  const auto axi =
      PopulationSampler::prepare(spec, default_parameters(), preset("axi-cel")).value();
  const auto draw = axi.draw(1, 3);
  const auto patient = axi.patient(draw);
  EXPECT_EQ(patient.product().overrides.at("car_t_proliferation_rate"), draw.values[0]);
}

// A centre given in the population is the shared biology's; a product that sets the parameter
// keeps its own centre, with the population's spread.
TEST(PopulationSampler, AProductsOverrideOutranksTheCentreOfTheSharedBiology) {
  TrialSpec spec;
  spec.population.parameters = {{"car_t_proliferation_rate", lognormal(1.0, 0.1), "", 0}};
  const auto a = sorted_draws(spec, "axi-cel");
  const auto t = sorted_draws(spec, "tisa-cel");
  ASSERT_GT(preset("axi-cel").overrides.at("car_t_proliferation_rate"), 2.0);
  EXPECT_NEAR(a[1000], preset("axi-cel").overrides.at("car_t_proliferation_rate"), 0.05);
  EXPECT_NEAR(t[1000], 1.0, 0.02);
  // The spread is the population's for both: the same ratio of the 90th to the 10th percentile.
  EXPECT_NEAR(a[1800] / a[200], t[1800] / t[200], 0.01);
}

TEST(PopulationSampler, DosesFollowTheSpecTheCapAndTheWeightSplit) {
  TrialSpec spec;
  spec.population.covariates = {{"weight_kg", ranged(DistributionKind::uniform, 20, 120), "", 0}};
  // The product's own dose: axi-cel 2e6/kg, max 2e8.
  auto sampler = PopulationSampler::prepare(spec, default_parameters(), preset("axi-cel")).value();
  for (std::size_t i = 0; i < 200; ++i) {
    const auto d = sampler.draw(3, i);
    EXPECT_DOUBLE_EQ(d.dose_cells, std::min(2e6 * d.covariates.weight_kg, 2e8));
  }
  // ELIANA: per kg up to 50 kg, flat above.
  spec.dose.cells_per_kg = ranged(DistributionKind::uniform, 0.2e6, 5e6);
  spec.dose.cells = ranged(DistributionKind::uniform, 0.1e8, 2.5e8);
  spec.dose.per_kg_up_to_kg = 50;
  sampler = PopulationSampler::prepare(spec, default_parameters(), preset("tisa-cel")).value();
  int light = 0, heavy = 0;
  for (std::size_t i = 0; i < 400; ++i) {
    const auto d = sampler.draw(3, i);
    const double w = d.covariates.weight_kg;
    if (w <= 50) {
      ++light;
      EXPECT_GE(d.dose_cells / w, 0.2e6 - 1);
      EXPECT_LE(d.dose_cells / w, 5e6 + 1);
    } else {
      ++heavy;
      EXPECT_GE(d.dose_cells, 0.1e8);
      EXPECT_LE(d.dose_cells, 2.5e8);
    }
    EXPECT_EQ(sampler.patient(d).product().dose_cells, d.dose_cells);
    EXPECT_FALSE(sampler.patient(d).product().dose_per_kg);
  }
  EXPECT_GT(light, 50);
  EXPECT_GT(heavy, 50);
}

TEST(PopulationSampler, RegimensFollowTheirSharesAndFluCyDosesScaleTheIntensity) {
  TrialSpec spec;
  spec.lymphodepletion.shares = {0.7, 0.2, 0.1};
  spec.lymphodepletion.fludarabine_mg_m2 = 90;
  spec.lymphodepletion.cyclophosphamide_mg_m2 = 900;  // 30 + 300 x3
  EXPECT_NEAR(flu_cy_dose_intensity(spec.lymphodepletion), 0.8, 1e-12);
  const auto sampler =
      PopulationSampler::prepare(spec, default_parameters(), preset("ide-cel")).value();
  std::map<std::string, int> counts;
  for (std::size_t i = 0; i < 10000; ++i) {
    const auto d = sampler.draw(9, i);
    ++counts[d.covariates.lymphodepletion];
    EXPECT_DOUBLE_EQ(d.covariates.lymphodepletion_intensity,
                     d.covariates.lymphodepletion == "flu_cy" ? 0.8 : 1.0);
  }
  EXPECT_NEAR(counts["flu_cy"] / 10000.0, 0.7, 0.015);
  EXPECT_NEAR(counts["bendamustine"] / 10000.0, 0.2, 0.015);
  EXPECT_NEAR(counts["none"] / 10000.0, 0.1, 0.015);
}

std::string problem(const TrialSpec& spec, const std::string& product_name = "axi-cel") {
  const auto s = PopulationSampler::prepare(spec, default_parameters(), preset(product_name));
  return s.ok() ? "" : s.error().to_string();
}

TEST(PopulationSampler, RefusesBadSpecsNamingTheFileLineAndKey) {
  TrialSpec spec;
  spec.file = "t.toml";
  spec.population.parameters = {{"no_such_parameter", lognormal(1.0, 0.1), "b.toml", 7}};
  EXPECT_EQ(problem(spec),
            "b.toml:7: key \"parameters.no_such_parameter\": unknown model "
            "parameter (see data/model/parameters.toml)");
  spec.population.parameters = {{"il6_myeloid_release_rate", lognormal(-1.0, 0.1), "", 4}};
  EXPECT_EQ(problem(spec),
            "t.toml:4: key \"parameters.il6_myeloid_release_rate\": a lognormal "
            "needs a median > 0, got -1");
  spec.population.parameters = {
      {"il6_myeloid_release_rate", ranged(DistributionKind::uniform, 1, INFINITY), "", 5}};
  EXPECT_NE(problem(spec).find(":5: key \"parameters.il6_myeloid_release_rate\": uniform needs "
                               "min and max"),
            std::string::npos);
  spec.population.parameters = {};
  spec.population.covariates = {{"height_cm", normal(170, 10), "", 3}};
  EXPECT_NE(problem(spec).find("t.toml:3: key \"covariates.height_cm\": unknown covariate"),
            std::string::npos);
  spec.population.covariates = {{"age_years", normal(60, 10), "", 3},
                                {"age_years", normal(60, 10), "", 4}};
  EXPECT_EQ(problem(spec), "t.toml:4: key \"covariates.age_years\": distributed twice");
}

TEST(PopulationSampler, RefusesCorrelationsThatCannotHold) {
  TrialSpec spec = correlated_spec();
  spec.file = "t.toml";
  spec.population.correlations = {
      {"il6_myeloid_release_rate", "cns_inflammation_gain", 0.9, "", 10},
      {"il6_myeloid_release_rate", "age_years", 0.9, "", 13},
      {"cns_inflammation_gain", "age_years", -0.9, "", 16}};
  EXPECT_EQ(problem(spec),
            "t.toml:16: key \"correlation\": the correlation matrix is not positive definite (the "
            "Cholesky factorisation fails at age_years): these correlations cannot hold together");
  spec.population.correlations = {{"il6_myeloid_release_rate", "age_years", 1.0, "", 12}};
  EXPECT_EQ(problem(spec),
            "t.toml:12: key \"correlation.r\": r must be strictly between -1 and 1, "
            "got 1");
  spec.population.correlations = {{"temperature_baseline_c", "age_years", 0.2, "", 9}};
  EXPECT_NE(problem(spec).find("t.toml:9: key \"correlation\": \"temperature_baseline_c\" is not "
                               "a distributed quantity"),
            std::string::npos);
  spec.population.correlations = {{"age_years", "weight_kg", 0.2, "", 9},
                                  {"weight_kg", "age_years", 0.3, "", 11}};
  EXPECT_EQ(problem(spec),
            "t.toml:11: key \"correlation\": weight_kg and age_years are "
            "correlated twice");
  spec.population.correlations = {{"age_years", "age_years", 0.2, "", 9}};
  EXPECT_EQ(problem(spec),
            "t.toml:9: key \"correlation\": \"age_years\" is correlated with itself");
  // A valid negative correlation passes.
  spec.population.correlations = {{"age_years", "weight_kg", -0.5, "", 9}};
  EXPECT_EQ(problem(spec), "");
}

TEST(PopulationSampler, RefusesSharesScalesAndSizesOutOfRange) {
  TrialSpec spec;
  spec.file = "t.toml";
  spec.lymphodepletion.shares = {0.5, 0.2, 0.2};
  EXPECT_EQ(problem(spec), "t.toml: key \"lymphodepletion.shares\": the shares sum to 0.9, not 1");
  spec.lymphodepletion.shares = {1, 0, 0};
  spec.scale = "who";
  EXPECT_NE(problem(spec).find("unknown scale \"who\""), std::string::npos);
  spec.scale = "penn";
  spec.patients = 0;
  EXPECT_EQ(problem(spec), "t.toml: key \"patients\": must be at least 1");
  spec.patients = 1;
  EXPECT_EQ(problem(spec), "");
}

}  // namespace
}  // namespace cytostorm::population
