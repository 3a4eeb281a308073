// Running a trial: the same patients for any number of threads and any split of the indices
// (MPI ranks), graded by the trial's scale, a failed patient recorded rather than thrown.
#include "cytostorm/population/trial.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/population/simulation.hpp"
#include "cytostorm/population/trial_summary.hpp"

namespace cytostorm::population {
namespace {

const std::string kData = std::string(CYTOSTORM_SOURCE_DIR) + "/data";

Distribution lognormal(double cv) {
  Distribution d;
  d.kind = DistributionKind::lognormal;
  d.spread = cv;
  return d;
}

// A small, short trial with real variability: tumour burden and expansion vary.
TrialSpec small_spec(int patients, double days, const std::string& scale) {
  TrialSpec spec;
  spec.name = "small";
  spec.product = "axi-cel";
  spec.scale = scale;
  spec.patients = patients;
  spec.days = days;
  spec.seed = 21;
  Distribution burden = lognormal(1.0);
  burden.centre = 2.0;
  spec.population.covariates = {{"tumor_burden", burden, "", 0}};
  spec.population.parameters = {{"car_t_proliferation_rate", lognormal(0.1), "", 0}};
  return spec;
}

Trial prepare(const TrialSpec& spec) {
  auto inputs = load_trial_inputs(spec, kData);
  EXPECT_TRUE(inputs.ok()) << inputs.error().to_string();
  auto trial = Trial::prepare(spec, std::move(inputs).value());
  EXPECT_TRUE(trial.ok()) << trial.error().to_string();
  return std::move(trial).value();
}

TEST(RunTrial, OutcomesDoNotDependOnThreadsOrOnHowTheIndicesAreShared) {
  const Trial trial = prepare(small_spec(5, 4.0, "astct"));
  RunOptions one;
  one.threads = 1;
  RunOptions three;
  three.threads = 3;
  const auto serial = run_trial(trial, one);
  ASSERT_EQ(serial.size(), 5u);
  for (std::size_t i = 0; i < serial.size(); ++i) EXPECT_EQ(serial[i].index, i);
  EXPECT_EQ(pack_outcomes(run_trial(trial, three)), pack_outcomes(serial));
  // Two "ranks": indices 0, 2, 4 and 1, 3, merged by index.
  RunOptions rank0 = three, rank1 = three;
  rank0.stride = rank1.stride = 2;
  rank1.first = 1;
  auto merged = run_trial(trial, rank0);
  const auto second = run_trial(trial, rank1);
  EXPECT_EQ(merged.size(), 3u);
  merged.insert(merged.end(), second.begin(), second.end());
  std::sort(merged.begin(), merged.end(),
            [](const auto& a, const auto& b) { return a.index < b.index; });
  EXPECT_EQ(pack_outcomes(merged), pack_outcomes(serial));
  // The patients differ from one another.
  EXPECT_NE(serial[0].covariates.tumor_burden, serial[1].covariates.tumor_burden);
}

TEST(RunTrial, ReportsProgressForEveryPatient) {
  const Trial trial = prepare(small_spec(3, 1.0, "astct"));
  RunOptions o;
  o.threads = 2;
  std::vector<std::size_t> seen;
  o.progress = [&](std::size_t done, std::size_t total) {
    EXPECT_EQ(total, 3u);
    seen.push_back(done);
  };
  (void)run_trial(trial, o);
  EXPECT_EQ(seen, (std::vector<std::size_t>{1, 2, 3}));
  EXPECT_EQ(trial_indices(7, 2, 3), (std::vector<std::size_t>{2, 5}));
  EXPECT_THROW((void)trial_indices(7, 0, 0), std::invalid_argument);
}

TEST(RunTrial, StopsAfterThePatientsUnderWayWhenAskedTo) {
  const Trial trial = prepare(small_spec(6, 1.0, "astct"));
  std::atomic<bool> stop{false};
  RunOptions o;
  o.threads = 2;
  o.stop = &stop;
  std::size_t runs = 0;
  o.progress = [&](std::size_t done, std::size_t) {
    runs = done;
    if (done == 2) stop = true;  // asked while the other worker may be in its patient
  };
  (void)run_trial(trial, o);
  EXPECT_GE(runs, 2u);
  EXPECT_LE(runs, 3u);
  // Asked before the start: no patient runs; not asked: every patient runs.
  runs = 0;
  (void)run_trial(trial, o);
  EXPECT_EQ(runs, 0u);
  stop = false;
  o.progress = [&](std::size_t done, std::size_t) { runs = done; };
  (void)run_trial(trial, o);
  EXPECT_EQ(runs, 6u);
}

TEST(RunTrial, GradesEachPatientByTheTrialsScale) {
  const Trial lee = prepare(small_spec(2, 10.0, "lee2014"));
  solver::CvodeSolver solver;
  const auto outcome = lee.simulate_patient(1, solver);
  ASSERT_TRUE(outcome.failure.empty()) << outcome.failure;
  // The same patient by hand: draw, simulate, grade by Lee 2014.
  const auto draw = lee.sampler().draw(21, 1);
  SimulationOptions options;
  options.days = 10.0;
  options.seed = draw.seed;
  options.guideline = lee.inputs().clinician.guideline;
  const auto course =
      simulate_course(lee.sampler().patient(draw), lee.inputs().clinician.policy, solver, options);
  const auto grades =
      grading::grade_patient(course.record, {clinical::find_crs_scale("lee2014")}, {});
  EXPECT_EQ(grades.crs.front().scale, "lee2014");
  EXPECT_EQ(outcome.crs.max_grade, syndrome_outcome(grades.crs.front()).max_grade);
  EXPECT_EQ(outcome.crs.onset_days, syndrome_outcome(grades.crs.front()).onset_days);
  EXPECT_EQ(outcome.icans.max_grade, syndrome_outcome(grades.icans).max_grade);
  EXPECT_GE(outcome.crs.max_grade, 1);  // burden ~2 with axi-cel: CRS within 10 days
  EXPECT_GT(outcome.car_t_peak, 0.0);
  EXPECT_EQ(outcome.car_t.size(), 41u);  // every 6 h over 10 days, day 0 included
  EXPECT_EQ(outcome.seed, patient_seed(21, 1));
}

TEST(RunTrial, RecordsAPatientTheModelRefusesAsAFailure) {
  TrialSpec spec = small_spec(2, 1.0, "astct");
  spec.population.covariates = {{"tumor_burden", Distribution::fixed_at(-1.0), "", 0}};
  const Trial trial = prepare(spec);
  const auto outcomes = run_trial(trial, {});
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_NE(outcomes[0].failure.find("tumor_burden"), std::string::npos) << outcomes[0].failure;
  EXPECT_EQ(summarize_trial(spec, outcomes).failed, 2u);
}

TEST(RunTrial, APolicyChangesTreatmentNotThePatients) {
  const Trial standard = prepare(small_spec(2, 6.0, "astct"));
  Clinician prophylaxis = standard.inputs().clinician;
  prophylaxis.policy.name = "prophylaxis";
  prophylaxis.policy.prophylactic_dexamethasone_mg = 10;
  prophylaxis.policy.prophylactic_dexamethasone_days = {0, 1, 2};
  const Trial other = standard.with_clinician(prophylaxis);
  EXPECT_EQ(other.spec().policy, "prophylaxis");
  const auto a = run_trial(standard, {});
  const auto b = run_trial(other, {});
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].values, b[i].values);
    EXPECT_EQ(a[i].dose_cells, b[i].dose_cells);
    EXPECT_GE(b[i].steroid_doses, 3);
    EXPECT_DOUBLE_EQ(b[i].steroid_dexamethasone_mg, 10.0 * b[i].steroid_doses);
  }
}

TEST(SimulateTrial, RunsASpecInMemoryAgainAndAgain) {
  TrialSpec spec = small_spec(3, 3.0, "astct");
  const auto inputs = load_trial_inputs(spec, kData).value();
  const auto first = simulate_trial(spec, inputs);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first.value().patients, 3u);
  EXPECT_EQ(first.value().policy, "standard");
  const Trial trial = prepare(spec);
  const auto by_hand = summarize_trial(trial.spec(), run_trial(trial, {}));
  EXPECT_EQ(first.value().values, by_hand.values);
  // A calibration step: more antigen to expand on (the median burden), the same patients; the
  // CAR-T peak rises. (The proliferation rate's centre would not do: axi-cel sets its own.)
  spec.population.covariates[0].distribution.centre = 6.0;
  const auto second = simulate_trial(spec, inputs);
  ASSERT_TRUE(second.ok());
  EXPECT_GT(*second.value().value("car_t_peak_median"), *first.value().value("car_t_peak_median"));
  spec.population.parameters[0].name = "no_such_parameter";
  EXPECT_FALSE(simulate_trial(spec, inputs).ok());
}

TEST(LoadTrial, ReadsAPresetWithTheRequestsReplacements) {
  TrialRequest request;
  request.spec = "zuma-1";
  request.patients = 3;
  request.seed = 5;
  request.days = 7.5;
  request.policy = "early-tocilizumab";
  const auto trial = load_trial(kData, request);
  ASSERT_TRUE(trial.ok()) << trial.error().to_string();
  EXPECT_EQ(trial.value().spec().name, "zuma-1");
  EXPECT_EQ(trial.value().spec().patients, 3);
  EXPECT_EQ(trial.value().spec().seed, 5U);
  EXPECT_EQ(trial.value().spec().days, 7.5);
  EXPECT_EQ(trial.value().spec().policy, "early-tocilizumab");
  // A file is read as given.
  TrialRequest file;
  file.spec = kData + "/trials/zuma-1.toml";
  const auto same = load_trial(kData, file);
  ASSERT_TRUE(same.ok()) << same.error().to_string();
  EXPECT_EQ(same.value().spec().name, "zuma-1");
  EXPECT_NE(same.value().spec().patients, 3);
}

TEST(LoadTrial, NamesAnUnknownPresetAndABadFile) {
  TrialRequest request;
  request.spec = "zuma-9";
  const auto unknown = load_trial(kData, request);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().to_string().find(
                "unknown preset \"zuma-9\" (presets: cartitude-1, eliana, juliet, karmma, "
                "transcend-nhl, zuma-1, zuma-1-cohort6, zuma-2)"),
            std::string::npos)
      << unknown.error().to_string();
  request.spec = "zuma-9";
  request.spec_is_file = true;  // a file named like a preset is not looked up
  const auto missing = load_trial(kData, request);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().to_string().find("unknown preset"), std::string::npos);
  EXPECT_EQ(missing.error().file, "zuma-9");
  request.spec = "zuma-1";
  request.spec_is_file = false;
  request.patients = 0;
  EXPECT_FALSE(load_trial(kData, request).ok());
}

}  // namespace
}  // namespace cytostorm::population
