#include "cytostorm/model/virtual_patient.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "model/patient_course.hpp"

namespace cytostorm::model {
namespace {

using testing::Course;
using testing::default_parameters;
using testing::Dose;
using testing::grid;
using testing::idx;
using testing::patient;
using testing::peak_of;
using testing::preset;
using testing::run;
using testing::RunOptions;

void report(const std::string& key, double value) {
  ::testing::Test::RecordProperty(key, std::to_string(value));
  std::cout << "[ measured ] " << key << " = " << value << "\n";
}

Support support(double norepinephrine, double fluids, double fio2) {
  Support s;
  s.norepinephrine_equivalent_ug_min = norepinephrine;
  s.fluids_ml_last_6h = fluids;
  s.fio2 = fio2;
  return s;
}

double log_slope(const std::vector<double>& v, std::size_t a, std::size_t b, double dt) {
  return std::log(v[a] / v[b]) / dt;
}

// ---------------------------------------------------------------------------------------------
// The interface

TEST(VirtualPatient, StateNamesFollowTheStateEnumAndDerivedHasTheRequiredQuantities) {
  const VirtualPatient p = patient("axi-cel");
  ASSERT_EQ(p.size(), kStateCount);
  ASSERT_EQ(p.state_names().size(), kStateCount);
  EXPECT_EQ(VirtualPatient::index("il6"), idx(State::il6));
  EXPECT_EQ(VirtualPatient::index("car_t_memory"), idx(State::car_t_memory));
  EXPECT_EQ(VirtualPatient::index("cns_inflammation"), idx(State::cns_inflammation));
  EXPECT_THROW((void)VirtualPatient::index("il-6"), std::out_of_range);
  const auto y = p.initial_state();
  const auto derived = p.derived(0, y);
  for (const char* name : {"car_t_total", "tumor", "ifng", "gmcsf", "il6", "il1", "ang2",
                           "il6_signalling", "host_lymphocytes", "vwf", "sil6r"}) {
    EXPECT_TRUE(std::any_of(derived.begin(), derived.end(), [&](const auto& d) {
      return d.first == name;
    })) << name;
  }
  for (const std::string& state : p.state_names()) {
    EXPECT_EQ(testing::derived_value(p, 0, y, state), y[VirtualPatient::index(state)]);
  }
}

TEST(VirtualPatient, InitialStateIsAPatientAtRest) {
  const VirtualPatient p = patient("axi-cel");
  const auto y = p.initial_state();
  const Observation o = p.observe(0, y, {});
  EXPECT_LT(o.temperature_c, 37.5);
  EXPECT_NEAR(o.map_mmhg, default_parameters()["map_baseline_mmhg"], 1.0);
  EXPECT_GT(o.spo2_pct, 95);
  EXPECT_GT(o.ice, 9.9);
  EXPECT_LT(o.consciousness_level, 0.1);
  EXPECT_LT(o.edema, 0.01);
  EXPECT_NEAR(y[idx(State::il6)], default_parameters()["il6_baseline_pg_ml"], 1e-9);
  EXPECT_NEAR(y[idx(State::ang2)], 1439, 1e-9);
  // Lymphodepletion (flu/cy) has removed most host lymphocytes.
  EXPECT_NEAR(y[idx(State::host_lymphocytes)],
              1000 * (1 - default_parameters()["lymphodepletion_fraction_flu_cy"]), 1e-9);
}

TEST(VirtualPatient, GiveAddsTheDoseToTheDrugAndRejectsBadInput) {
  const VirtualPatient p = patient("tisa-cel");
  auto y = p.initial_state();
  p.give(Drug::tocilizumab, 600, y);
  p.give(Drug::siltuximab, 825, y);
  p.give(Drug::anakinra, 100, y);
  p.give(Drug::dexamethasone, 10, y);
  p.give(Drug::methylprednisolone, 1000, y);
  EXPECT_DOUBLE_EQ(y[idx(State::tocilizumab_central)], 600);
  EXPECT_DOUBLE_EQ(y[idx(State::siltuximab)], 825);
  EXPECT_DOUBLE_EQ(y[idx(State::anakinra)], 100);
  EXPECT_DOUBLE_EQ(y[idx(State::steroid_central)], 10 + 1000 * 0.1875);
  EXPECT_THROW(p.give(Drug::tocilizumab, -1, y), std::invalid_argument);
  EXPECT_THROW(p.give(Drug::tocilizumab, std::nan(""), y), std::invalid_argument);
  std::vector<double> short_state(3);
  EXPECT_THROW(p.give(Drug::tocilizumab, 1, short_state), std::invalid_argument);
}

TEST(VirtualPatient, SupportRaisesPressureAndOxygenationAndIsChecked) {
  const VirtualPatient p = patient("axi-cel", 3.0);
  const Course c = run(p, grid(8, 0.25));
  // The most hypotensive point of the course.
  std::size_t worst = 0;
  for (std::size_t i = 0; i < c.obs.size(); ++i) {
    if (c.obs[i].map_mmhg < c.obs[worst].map_mmhg) worst = i;
  }
  const auto& y = c.y[worst];
  const Observation none = p.observe(c.t[worst], y, {});
  const Observation pressor = p.observe(c.t[worst], y, support(10, 0, 0.21));
  const Observation fluids = p.observe(c.t[worst], y, support(0, 1000, 0.21));
  const Observation oxygen = p.observe(c.t[worst], y, support(0, 0, 0.5));
  EXPECT_LT(none.map_mmhg, 70);
  EXPECT_GT(pressor.map_mmhg, none.map_mmhg + 10);
  EXPECT_GT(fluids.map_mmhg, none.map_mmhg + 2);
  EXPECT_LT(fluids.spo2_pct, none.spo2_pct);  // fluids worsen the pulmonary leak
  EXPECT_GT(oxygen.spo2_pct, none.spo2_pct);
  EXPECT_LT(none.spo2_pct, 95);
  report("worst_map_untreated", none.map_mmhg);
  report("worst_map_norepinephrine_10ug_min", pressor.map_mmhg);
  report("spo2_room_air", none.spo2_pct);
  report("spo2_fio2_0.5", oxygen.spo2_pct);
  EXPECT_THROW((void)p.observe(0, y, support(0, 0, 0.1)), std::invalid_argument);
  EXPECT_THROW((void)p.observe(0, y, support(-1, 0, 0.21)), std::invalid_argument);
}

TEST(VirtualPatient, RejectsParametersTheModelCannotUse) {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, double>>{{"il6_signalling_half_saturation_pg_ml", 0},
                                                   {"tocilizumab_central_volume_l", 0},
                                                   {"steroid_myeloid_imax", 1.5},
                                                   {"bbb_reflection_baseline", 1.0},
                                                   {"car_t_kill_rate", -0.1}}) {
    Parameters p = default_parameters();
    p.set(name, value);
    try {
      VirtualPatient vp(p, preset("axi-cel"), Covariates{});
      ADD_FAILURE() << name << " = " << value << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
}

TEST(VirtualPatient, RejectsOutOfRangeCovariates) {
  Covariates c;
  c.weight_kg = 0;
  EXPECT_THROW(VirtualPatient(default_parameters(), preset("axi-cel"), c), std::invalid_argument);
  c = {};
  c.lymphodepletion = "busulfan";
  EXPECT_THROW(VirtualPatient(default_parameters(), preset("axi-cel"), c), std::invalid_argument);
  c = {};
  c.tumor_burden = -1;
  EXPECT_THROW(VirtualPatient(default_parameters(), preset("axi-cel"), c), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// 1. Lymphodepletion and the homeostatic cytokine sink

TEST(ModelLymphodepletion, RemovingEightyPercentOfLymphocytesTriplesTheHomeostaticCytokine) {
  Parameters p = default_parameters();
  p.set("homeostatic_consumption_ratio", 5.0);  // q * N0 / k
  p.set("lymphodepletion_fraction_flu_cy", 0.8);
  p.set("lymphocyte_recovery_rate", 0.0);  // hold N where lymphodepletion left it
  p.set("car_t_homeostatic_consumption_ratio", 0.0);
  Covariates c;
  c.tumor_burden = 0;
  c.baseline_lymphocytes_per_ul = p["lymphocytes_reference_per_ul"];
  auto steady_c = [&](const std::string& regimen) {
    c.lymphodepletion = regimen;
    VirtualPatient vp(p, preset("tisa-cel"), c);
    auto y = vp.initial_state();
    y[idx(State::homeostatic_cytokine)] = 0.1;  // start far from the steady state
    solver::CvodeSolver solver;
    solver.start(vp, 0, y);
    solver.advance(20, y);
    std::vector<double> f(vp.size());
    vp.rhs(20, y, f);
    EXPECT_LT(std::abs(f[idx(State::homeostatic_cytokine)]), 1e-6) << regimen;
    return std::pair{y[idx(State::homeostatic_cytokine)], y[idx(State::host_lymphocytes)]};
  };
  const auto [c_none, n_none] = steady_c("none");
  const auto [c_ld, n_ld] = steady_c("flu_cy");
  EXPECT_NEAR(n_ld / n_none, 0.2, 1e-9);
  const double ratio = c_ld / c_none;
  report("qN0_over_k", p["homeostatic_consumption_ratio"]);
  report("homeostatic_cytokine_ratio_after_80pct_depletion", ratio);
  EXPECT_NEAR(ratio, 3.0, 0.15);  // within 5%
  EXPECT_NEAR(c_none, p["homeostatic_cytokine_reference_pg_ml"], 1e-6);
}

TEST(ModelLymphodepletion, LymphodepletionRaisesCarTExpansion) {
  Covariates none;
  none.lymphodepletion = "none";
  const Course with = run(patient("tisa-cel"), grid(40, 0.25));
  const Course without = run(patient("tisa-cel", 1.0, none), grid(40, 0.25));
  const double peak_with = peak_of(with.car_t_total(), with.t).value;
  const double peak_without = peak_of(without.car_t_total(), without.t).value;
  report("car_t_peak_flu_cy", peak_with);
  report("car_t_peak_no_lymphodepletion", peak_without);
  EXPECT_GT(peak_with, 1.2 * peak_without);
  // Host lymphocytes recover over weeks.
  const auto n = with.series(State::host_lymphocytes);
  EXPECT_GT(n.back(), 3 * n.front());
  EXPECT_LT(n.back(), 1000);
}

// ---------------------------------------------------------------------------------------------
// 2. CAR-T kinetics and the costimulatory domain

struct Kinetics {
  double initial, peak, tmax, fast, day60;
};

Kinetics kinetics(const Course& c) {
  const auto car = c.car_t_total();
  const auto pk = peak_of(car, c.t);
  const double dt = c.t[1] - c.t[0];
  const std::size_t a = c.at_time(pk.t + 3), b = c.at_time(pk.t + 10);
  return {car.front(), pk.value, pk.t, log_slope(car, a, b, static_cast<double>(b - a) * dt),
          car[c.at_time(60)]};
}

TEST(ModelCostimulation, Cd28PeaksEarlierAndHigherAndContractsFasterWhile41bbPersists) {
  Product cd28 = preset("axi-cel");
  Product bb = preset("tisa-cel");
  for (Product* p : {&cd28, &bb}) {  // the same dose for both
    p->dose_cells = 2e6;
    p->dose_per_kg = true;
    p->max_dose_cells = 2e8;
  }
  const Covariates c;
  const Course a = run(VirtualPatient(default_parameters(), cd28, c), grid(90, 0.25));
  const Course b = run(VirtualPatient(default_parameters(), bb, c), grid(90, 0.25));
  const Kinetics ka = kinetics(a), kb = kinetics(b);
  EXPECT_DOUBLE_EQ(ka.initial, kb.initial);
  report("cd28_peak", ka.peak);
  report("41bb_peak", kb.peak);
  report("cd28_tmax", ka.tmax);
  report("41bb_tmax", kb.tmax);
  report("cd28_contraction_per_day", ka.fast);
  report("41bb_contraction_per_day", kb.fast);
  report("cd28_day60", ka.day60);
  report("41bb_day60", kb.day60);
  EXPECT_LT(ka.tmax, kb.tmax - 1.0);
  EXPECT_GT(ka.peak, 1.1 * kb.peak);
  EXPECT_GT(ka.fast, 1.2 * kb.fast);
  EXPECT_GT(kb.day60, 1.5 * ka.day60);
}

TEST(ModelKinetics, TisaCelTypicalPatientMatchesStein2019) {
  const Course c = run(patient("tisa-cel"), grid(180, 0.5));
  const auto car = c.car_t_total();
  const Kinetics k = kinetics(c);
  const double fold = k.peak / k.initial;
  const double slow = log_slope(car, c.at_time(120), c.at_time(180), 60);
  // The slow phase extrapolated back to Tmax, as a share of the peak.
  const double slow_fraction = car[c.at_time(120)] * std::exp(slow * (120 - k.tmax)) / k.peak;
  report("tisa_fold_expansion", fold);
  report("tisa_tmax_days", k.tmax);
  report("tisa_fast_contraction_per_day", k.fast);
  report("tisa_slow_phase_per_day", slow);
  report("tisa_fraction_into_slow_phase", slow_fraction);
  EXPECT_NEAR(fold, 3900, 0.25 * 3900);
  EXPECT_NEAR(k.tmax, 9.3, 1.0);
  EXPECT_NEAR(k.fast, 0.16, 0.02);
  EXPECT_NEAR(slow, 0.0032, 0.0008);
  EXPECT_NEAR(slow_fraction, 0.0079, 0.003);
}

TEST(ModelKinetics, AxiCelPeakIsNearTheZuma1Median) {
  const Course c = run(patient("axi-cel"), grid(28, 0.25));
  const double pk = peak_of(c.car_t_total(), c.t).value;
  report("axi_cel_peak_cells_per_ul", pk);
  EXPECT_GT(pk, 42 / 1.5);
  EXPECT_LT(pk, 42 * 1.5);
}

// ---------------------------------------------------------------------------------------------
// 3. Tumour burden

TEST(ModelTumorBurden, Il6PeakNeverDecreasesWithBurden) {
  for (const char* product : {"tisa-cel", "axi-cel"}) {
    double previous = 0;
    for (int i = 0; i < 8; ++i) {
      const double burden = 0.1 * std::pow(100.0, i / 7.0);
      const Course c = run(patient(product, burden), grid(60, 0.1));
      const double il6 = peak_of(c.series(State::il6), c.t).value;
      report(std::string(product) + "_il6_peak_burden_" + std::to_string(burden), il6);
      EXPECT_GE(il6, previous) << product << " burden " << burden;
      previous = il6;
    }
  }
}

TEST(ModelTumorBurden, Il6PeakHighVersusLowBurdenIsNearHardiansyahNg) {
  const Course high = run(patient("tisa-cel", 10.0), grid(60, 0.1));
  const Course low = run(patient("tisa-cel", 0.1), grid(60, 0.1));
  const double il6_high = peak_of(high.series(State::il6), high.t).value;
  const double il6_low = peak_of(low.series(State::il6), low.t).value;
  report("il6_peak_burden_10", il6_high);
  report("il6_peak_burden_0.1", il6_low);
  report("il6_peak_ratio_high_low", il6_high / il6_low);
  EXPECT_GT(il6_high, 2800 / 2.0);
  EXPECT_LT(il6_high, 2800 * 2.0);
  EXPECT_GT(il6_low, 50 / 2.0);
  EXPECT_LT(il6_low, 50 * 2.0);
}

// ---------------------------------------------------------------------------------------------
// 4. The two-phase cytokine cascade

TEST(ModelCytokineCascade, IfngPeaksBeforeIl6AndCarTCellsMakeUnderTenPercentOfIl6) {
  for (const char* product : {"tisa-cel", "axi-cel"}) {
    for (double burden : {0.3, 1.0, 3.0}) {
      const VirtualPatient p = patient(product, burden);
      const Course c = run(p, grid(40, 0.02));
      const auto ifng = peak_of(c.series(State::ifng), c.t);
      const auto il6 = peak_of(c.series(State::il6), c.t);
      const std::string tag = std::string(product) + "_burden_" + std::to_string(burden);
      report(tag + "_ifng_peak_day", ifng.t);
      report(tag + "_il6_peak_day", il6.t);
      EXPECT_LT(ifng.t, il6.t) << tag;
      // Production integrated over the course (trapezoid rule).
      double car_t = 0, myeloid = 0;
      double last_car_t = 0, last_myeloid = 0;
      for (std::size_t i = 0; i < c.t.size(); ++i) {
        const double a = testing::derived_value(p, c.t[i], c.y[i], "il6_production_car_t");
        const double b = testing::derived_value(p, c.t[i], c.y[i], "il6_production_myeloid");
        if (i > 0) {
          const double dt = c.t[i] - c.t[i - 1];
          car_t += 0.5 * dt * (a + last_car_t);
          myeloid += 0.5 * dt * (b + last_myeloid);
        }
        last_car_t = a;
        last_myeloid = b;
      }
      const double share = car_t / (car_t + myeloid);
      report(tag + "_car_t_share_of_il6", share);
      EXPECT_LT(share, 0.10) << tag;
      EXPECT_GT(share, 0.0) << tag;
    }
  }
}

// A patient of `product` at burden 1 with one parameter away from its default.
VirtualPatient patient_with(const std::string& product, const std::string& parameter,
                            double value) {
  Parameters q = default_parameters();
  q.set(parameter, value);
  Covariates covariates;
  covariates.tumor_burden = 1.0;
  return VirtualPatient(q, preset(product), covariates);
}

TEST(ModelCytokineCascade, RefractoryMonocytesEndTheMyeloidResponseSooner) {
  const Course off = run(patient("axi-cel"), grid(28, 0.02));
  const VirtualPatient p = patient_with("axi-cel", "myeloid_tolerance_rate", 2.0);
  const Course on = run(p, grid(28, 0.02));
  // Off (the default, rate 0): no monocyte ever becomes refractory.
  const auto tolerance_off = off.series(State::myeloid_tolerance);
  EXPECT_EQ(*std::max_element(tolerance_off.begin(), tolerance_off.end()), 0.0);
  // On: monocytes become refractory while activated, and release less IL-6.
  const auto tolerance = peak_of(on.series(State::myeloid_tolerance), on.t);
  report("tolerant_peak_refractory_share", tolerance.value);
  EXPECT_GT(tolerance.value, 0.3);
  EXPECT_LT(tolerance.value, 1.0);
  const auto il6_off = peak_of(off.series(State::il6), off.t);
  const auto il6_on = peak_of(on.series(State::il6), on.t);
  report("il6_peak_without_tolerance", il6_off.value);
  report("il6_peak_with_tolerance", il6_on.value);
  EXPECT_LT(il6_on.value, il6_off.value);
  // The myeloid release falls to half its peak while at least half the monocytes are still
  // activated: the response ends before the stimulus does.
  bool released_less_while_activated = false;
  double release_peak = 0;
  const auto activation = on.series(State::myeloid_activation);
  const double activation_peak = *std::max_element(activation.begin(), activation.end());
  for (std::size_t i = 0; i < on.t.size(); ++i) {
    const double release = testing::derived_value(p, on.t[i], on.y[i], "il6_production_myeloid");
    release_peak = std::max(release_peak, release);
    if (release < 0.5 * release_peak && activation[i] > 0.5 * activation_peak) {
      released_less_while_activated = true;
    }
  }
  EXPECT_TRUE(released_less_while_activated);
  // And the CAR-T cells are untouched by it.
  const double car_t_on = peak_of(on.series(State::car_t_effector), on.t).value;
  const double car_t_off = peak_of(off.series(State::car_t_effector), off.t).value;
  EXPECT_NEAR(car_t_on, car_t_off, 1e-6 * car_t_off);
}

TEST(ModelCytokineCascade, FirstContactReleasesCytokinesEarlyAndLeavesTheExpansionAlone) {
  const Course off = run(patient("tisa-cel"), grid(28, 0.02));
  const Course on = run(patient_with("tisa-cel", "car_t_first_contact_rate", 0.5), grid(28, 0.02));
  // Off (the default, rate 0): nobody's first contact is counted down.
  const auto waiting_off = off.series(State::first_contact);
  EXPECT_GT(waiting_off.front(), 0.0);
  EXPECT_EQ(*std::min_element(waiting_off.begin(), waiting_off.end()), waiting_off.front());
  // On: most infused cells have met antigen within a week, and IFN-gamma rises earlier.
  const auto waiting = on.series(State::first_contact);
  const std::size_t day1 = on.at_time(1.0), day7 = on.at_time(7.0);
  report("first_contact_share_left_day_7", waiting[day7] / waiting.front());
  EXPECT_LT(waiting[day7], 0.5 * waiting.front());
  const double ifng_on = on.series(State::ifng)[day1];
  const double ifng_off = off.series(State::ifng)[off.at_time(1.0)];
  report("ifng_day_1_with_first_contact", ifng_on);
  report("ifng_day_1_without", ifng_off);
  EXPECT_GT(ifng_on, 2.0 * ifng_off);
  // The CAR-T cells themselves expand as before.
  const double car_t_on = peak_of(on.series(State::car_t_effector), on.t).value;
  const double car_t_off = peak_of(off.series(State::car_t_effector), off.t).value;
  EXPECT_NEAR(car_t_on, car_t_off, 1e-6 * car_t_off);
}

// ---------------------------------------------------------------------------------------------
// 5. Tocilizumab

TEST(ModelTocilizumab, SignallingAndFeverFallWithin12HoursWhileSerumIl6RisesAndExpansionIsKept) {
  for (const char* product : {"axi-cel", "tisa-cel"}) {
    const VirtualPatient p = patient(product);
    double dose_time = -1;
    RunOptions with = grid(40, 1.0 / 48);
    with.on_sample = [&](const VirtualPatient& vp, double t, const Observation& o,
                         std::vector<double>& y) {
      if (dose_time < 0 && o.temperature_c >= 38.5) {
        dose_time = t;
        vp.give(Drug::tocilizumab, 8 * vp.covariates().weight_kg, y);  // 8 mg/kg
        return true;
      }
      return false;
    };
    const Course treated = run(p, with);
    const Course untreated = run(p, grid(40, 1.0 / 48));
    ASSERT_GT(dose_time, 0) << product << ": temperature never reached 38.5 C";
    const std::size_t at = treated.at_time(dose_time), later = treated.at_time(dose_time + 0.5);
    const auto signalling = [&](const Course& c, std::size_t i) {
      return testing::derived_value(p, c.t[i], c.y[i], "il6_signalling");
    };
    // The state recorded at the dose time is after the dose: compare with the untreated course.
    const double s_before = signalling(untreated, at), s_after = signalling(treated, later);
    const double t_before = untreated.obs[at].temperature_c,
                 t_after = treated.obs[later].temperature_c;
    const double il6_before = untreated.y[at][idx(State::il6)];
    const double il6_after = treated.y[later][idx(State::il6)];
    const double il6_untreated = untreated.y[later][idx(State::il6)];
    const double peak_treated = peak_of(treated.car_t_total(), treated.t).value;
    const double peak_untreated = peak_of(untreated.car_t_total(), untreated.t).value;
    const std::string tag = product;
    report(tag + "_toci_dose_day", dose_time);
    report(tag + "_il6_signalling_before", s_before);
    report(tag + "_il6_signalling_12h_after", s_after);
    report(tag + "_temperature_before", t_before);
    report(tag + "_temperature_12h_after", t_after);
    report(tag + "_serum_il6_before", il6_before);
    report(tag + "_serum_il6_12h_after", il6_after);
    report(tag + "_serum_il6_12h_untreated", il6_untreated);
    report(tag + "_car_t_peak_ratio_toci", peak_treated / peak_untreated);
    EXPECT_LT(s_after, 0.5 * s_before) << tag;
    EXPECT_LT(t_after, t_before - 0.5) << tag;
    EXPECT_LT(t_after, 38.0) << tag;
    EXPECT_GT(il6_after, il6_before) << tag;
    EXPECT_GT(il6_after, il6_untreated) << tag;
    EXPECT_GT(peak_treated, 0.95 * peak_untreated) << tag;
  }
}

// Frey 2010 two-compartment model with parallel Michaelis-Menten elimination, integrated by a
// plain fixed-step RK4: an independent reference for the model's tocilizumab states.
double frey_reference_ug_ml(double dose_mg, double days, double vmax) {
  const double cl = 0.3, v1 = 3.5, q = 0.2, v2 = 2.9, km = 2.7, dt = 1e-3;
  double a1 = dose_mg, a2 = 0;
  auto f = [&](double x1, double x2) {
    const double c = x1 / v1;
    return std::pair{-(cl + q) * c + q * x2 / v2 - vmax * c / (km + c), q * c - q * x2 / v2};
  };
  for (long i = 0; i < std::lround(days / dt); ++i) {
    const auto k1 = f(a1, a2);
    const auto k2 = f(a1 + dt / 2 * k1.first, a2 + dt / 2 * k1.second);
    const auto k3 = f(a1 + dt / 2 * k2.first, a2 + dt / 2 * k2.second);
    const auto k4 = f(a1 + dt * k3.first, a2 + dt * k3.second);
    a1 += dt / 6 * (k1.first + 2 * k2.first + 2 * k3.first + k4.first);
    a2 += dt / 6 * (k1.second + 2 * k2.second + 2 * k3.second + k4.second);
  }
  return a1 / v1;
}

TEST(ModelTocilizumab, PharmacokineticsFollowFrey2010) {
  // 8 mg/kg in a 75 kg patient.
  const VirtualPatient p = patient("axi-cel", 0.0);
  auto y = p.initial_state();
  p.give(Drug::tocilizumab, 600, y);
  const double c0 = testing::derived_value(p, 0, y, "tocilizumab_ug_ml");
  EXPECT_NEAR(c0, 600 / 3.5, 1e-9);
  solver::SolverOptions o;
  o.rtol = 1e-8;
  solver::CvodeSolver solver(o);
  solver.start(p, 0, y);
  solver.advance(14, y);
  const double c14 = testing::derived_value(p, 14, y, "tocilizumab_ug_ml");
  const double reference = frey_reference_ug_ml(600, 14, 7.5);
  report("tocilizumab_ug_ml_day0", c0);
  report("tocilizumab_ug_ml_day14", c14);
  report("tocilizumab_ug_ml_day14_reference", reference);
  report("tocilizumab_ug_ml_day14_linear_only", frey_reference_ug_ml(600, 14, 0.0));
  EXPECT_NEAR(c14, reference, 1e-4 * reference);
  EXPECT_GT(testing::derived_value(p, 14, y, "il6_receptor_occupancy"), 0.9);
}

TEST(ModelCytokineBlockade, SiltuximabAndAnakinraBlockTheirCytokines) {
  const VirtualPatient p = patient("axi-cel", 3.0);
  const Course c = run(p, grid(5, 0.25));
  auto y = c.y.back();
  const double il6_free = testing::derived_value(p, 5, y, "il6_free");
  const double il1_signal = testing::derived_value(p, 5, y, "il1_signalling");
  p.give(Drug::siltuximab, 11 * 75, y);
  p.give(Drug::anakinra, 100, y);
  EXPECT_LT(testing::derived_value(p, 5, y, "il6_free"), 0.01 * il6_free);
  EXPECT_LT(testing::derived_value(p, 5, y, "il1_signalling"), 0.5 * il1_signal);
  EXPECT_NEAR(testing::derived_value(p, 5, y, "il6"), y[idx(State::il6)], 0);
}

// ---------------------------------------------------------------------------------------------
// 6. Corticosteroids

TEST(ModelCorticosteroids, DexamethasoneAtFeverLowersTheIl6Peak) {
  const VirtualPatient p = patient("axi-cel");
  bool given = false;
  RunOptions dex = grid(30, 1.0 / 48);
  dex.on_sample = [&](const VirtualPatient& vp, double, const Observation& o,
                      std::vector<double>& y) {
    if (!given && o.temperature_c >= 38.0) {
      given = true;
      vp.give(Drug::dexamethasone, 10, y);
      return true;
    }
    return false;
  };
  const Course treated = run(p, dex);
  const Course untreated = run(p, grid(30, 1.0 / 48));
  const double il6_treated = peak_of(treated.series(State::il6), treated.t).value;
  const double il6_untreated = peak_of(untreated.series(State::il6), untreated.t).value;
  report("il6_peak_dexamethasone_10mg_at_fever", il6_treated);
  report("il6_peak_untreated", il6_untreated);
  EXPECT_TRUE(given);
  EXPECT_LT(il6_treated, 0.9 * il6_untreated);
}

TEST(ModelCorticosteroids, ProphylacticDexamethasoneLowersIl6AndKeepsExpansion) {
  // ZUMA-1 cohort 6: dexamethasone 10 mg on days 0, 1 and 2.
  const VirtualPatient p = patient("axi-cel");
  const Course prophylaxis = run(p, grid(30, 1.0 / 48,
                                         {{0, Drug::dexamethasone, 10},
                                          {1, Drug::dexamethasone, 10},
                                          {2, Drug::dexamethasone, 10}}));
  const Course none = run(p, grid(30, 1.0 / 48));
  const double il6_ratio = peak_of(prophylaxis.series(State::il6), prophylaxis.t).value /
                           peak_of(none.series(State::il6), none.t).value;
  const double car_t_ratio = peak_of(prophylaxis.car_t_total(), prophylaxis.t).value /
                             peak_of(none.car_t_total(), none.t).value;
  report("prophylactic_dex_il6_peak_ratio", il6_ratio);
  report("prophylactic_dex_car_t_peak_ratio", car_t_ratio);
  EXPECT_LT(il6_ratio, 0.95);
  EXPECT_GT(car_t_ratio, 0.9);
}

// ---------------------------------------------------------------------------------------------
// 7. Endothelial activation

TEST(ModelEndothelium, Ang2RisesFromBaselineToCrsOnset) {
  for (const char* product : {"axi-cel", "tisa-cel"}) {
    const Course c = run(patient(product), grid(30, 1.0 / 48));
    const auto onset = c.first([](const Observation& o) { return o.temperature_c >= 38.0; });
    ASSERT_TRUE(onset.has_value()) << product;
    const double ratio = c.y[*onset][idx(State::ang2)] / c.y[0][idx(State::ang2)];
    const double vwf = c.y[*onset][idx(State::vwf)] / c.y[0][idx(State::vwf)];
    report(std::string(product) + "_ang2_onset_over_baseline", ratio);
    report(std::string(product) + "_ang2_at_onset_pg_ml", c.y[*onset][idx(State::ang2)]);
    report(std::string(product) + "_vwf_onset_over_baseline", vwf);
    EXPECT_GT(ratio, 1.4) << product;  // Moreno-Castano 2023: 1,439 -> 2,826 (x1.96)
    EXPECT_LT(ratio, 2.6) << product;
    EXPECT_GT(vwf, 1.2) << product;  // 162% -> 226% (x1.40)
    EXPECT_LT(vwf, 1.7) << product;
  }
}

TEST(ModelEndothelium, HigherBaselineAng2RaisesCnsEdemaAndLowersIce) {
  Covariates high;
  high.baseline_ang2_pg_ml = 2 * 1439;
  const Course typical = run(patient("axi-cel"), grid(30, 0.1));
  const Course primed = run(patient("axi-cel", 1.0, high), grid(30, 0.1));
  double edema_typical = 0, edema_primed = 0, ice_typical = 10, ice_primed = 10;
  for (const auto& o : typical.obs) {
    edema_typical = std::max(edema_typical, o.edema);
    ice_typical = std::min(ice_typical, o.ice);
  }
  for (const auto& o : primed.obs) {
    edema_primed = std::max(edema_primed, o.edema);
    ice_primed = std::min(ice_primed, o.ice);
  }
  report("peak_edema_ang2_1439", edema_typical);
  report("peak_edema_ang2_2878", edema_primed);
  report("min_ice_ang2_1439", ice_typical);
  report("min_ice_ang2_2878", ice_primed);
  EXPECT_GT(edema_primed, edema_typical);
  EXPECT_LT(ice_primed, ice_typical - 0.5);
}

// ---------------------------------------------------------------------------------------------
// 8 and 10. Blood-brain barrier, ICANS, and the time course

TEST(ModelTimeCourse, NoSignsInTheFirstSixHoursCrsWithinDaysAndIcansAfterCrs) {
  for (const char* product :
       {"axi-cel", "brexu-cel", "tisa-cel", "liso-cel", "ide-cel", "cilta-cel"}) {
    for (double burden : {1.0, 3.0}) {
      const Course c = run(patient(product, burden), grid(30, 1.0 / 48));
      const std::string tag = std::string(product) + "_burden_" + std::to_string(burden);
      const double map0 = c.obs[0].map_mmhg;
      for (std::size_t i = 0; c.t[i] <= 0.25; ++i) {
        EXPECT_LT(c.obs[i].temperature_c, 38.0) << tag << " t=" << c.t[i];
        EXPECT_GT(c.obs[i].map_mmhg, map0 - 10) << tag << " t=" << c.t[i];
      }
      const auto fever = c.first([](const Observation& o) { return o.temperature_c >= 38.0; });
      ASSERT_TRUE(fever.has_value()) << tag;
      report(tag + "_crs_onset_day", c.t[*fever]);
      EXPECT_GE(c.t[*fever], 1.0) << tag;
      EXPECT_LE(c.t[*fever], 7.0) << tag;
      const auto icans = c.first([](const Observation& o) { return o.ice < 9.5; });
      if (icans) {
        report(tag + "_ice_fall_day", c.t[*icans]);
        EXPECT_GT(c.t[*icans], c.t[*fever] + 0.5) << tag;
      }
      if (std::string(product) == "axi-cel") {
        EXPECT_TRUE(icans.has_value()) << tag;
      }
    }
  }
}

TEST(ModelBloodBrainBarrier, SteroidsTreatIcansAndTocilizumabDoesNot) {
  // At the first ICE below 9.5: dexamethasone 10 mg every 6 h for a day, or tocilizumab.
  const VirtualPatient p = patient("axi-cel", 3.0);
  auto treat = [&](Drug drug) {
    bool given = false;
    RunOptions o = grid(30, 1.0 / 48);
    std::vector<Dose> pending;
    o.on_sample = [&](const VirtualPatient& vp, double t, const Observation& obs,
                      std::vector<double>& y) {
      if (!given && obs.ice < 9.5) {
        given = true;
        for (int k = 0; k < (drug == Drug::dexamethasone ? 4 : 1); ++k) {
          pending.push_back({t + 0.25 * k, drug, drug == Drug::dexamethasone ? 10.0 : 600.0});
        }
      }
      bool changed = false;
      for (auto& d : pending) {
        if (d.mg > 0 && d.t_days <= t + 1e-9) {
          vp.give(d.drug, d.mg, y);
          d.mg = 0;
          changed = true;
        }
      }
      return changed;
    };
    const Course c = run(p, o);
    double ice = 10;
    for (const auto& obs : c.obs) ice = std::min(ice, obs.ice);
    return ice;
  };
  double untreated = 10;
  for (const auto& obs : run(p, grid(30, 1.0 / 48)).obs) {
    untreated = std::min(untreated, obs.ice);
  }
  const double dex = treat(Drug::dexamethasone);
  const double toci = treat(Drug::tocilizumab);
  report("min_ice_untreated", untreated);
  report("min_ice_dexamethasone", dex);
  report("min_ice_tocilizumab", toci);
  EXPECT_GT(dex, untreated + 1.0);
  EXPECT_LT(toci, untreated + 0.5);  // tocilizumab does not treat ICANS
}

// ---------------------------------------------------------------------------------------------
// The analytic Jacobian and the cost of a run

TEST(VirtualPatientJacobian, MatchesCentralDifferences) {
  // Refractory monocytes and first contacts on (off by default), so that every state moves.
  Parameters q = default_parameters();
  q.set("myeloid_tolerance_rate", 1.0);
  q.set("car_t_first_contact_rate", 0.5);
  Covariates covariates;
  covariates.tumor_burden = 2.0;
  const VirtualPatient p(q, preset("axi-cel"), covariates);
  const Course c = run(p, grid(14, 0.5));
  const std::size_t n = p.size();
  double worst = 0;
  int strict = 0;
  for (double t : {3.0, 6.0, 9.0, 14.0}) {
    // Every drug on board, so that no state sits at zero (where max(x, 0) has a kink).
    auto y = c.y[c.at_time(t)];
    p.give(Drug::tocilizumab, 300, y);
    p.give(Drug::siltuximab, 400, y);
    p.give(Drug::anakinra, 50, y);
    p.give(Drug::dexamethasone, 5, y);
    y[idx(State::tocilizumab_peripheral)] = 100;
    y[idx(State::steroid_effect)] = 1;
    std::vector<double> jac(n * n), fp(n), fm(n);
    ASSERT_TRUE(p.jacobian(t, y, jac));
    for (std::size_t col = 0; col < n; ++col) {
      ASSERT_GT(y[col], 0) << p.state_names()[col] << " at t=" << t;
      const double h = 1e-5 * std::abs(y[col]);
      auto yp = y, ym = y;
      yp[col] += h;
      ym[col] -= h;
      p.rhs(t, yp, fp);
      p.rhs(t, ym, fm);
      for (std::size_t row = 0; row < n; ++row) {
        const double fd = (fp[row] - fm[row]) / (2 * h);
        const double exact = jac[col * n + row];
        // Relative error. An entry whose contribution |J_ij y_j| is below 0.1% of the row's
        // largest contribution cannot be resolved by differences of f_i in double precision
        // (cancellation against the large terms), so its error is measured against that floor.
        double row_scale = 0;
        for (std::size_t k = 0; k < n; ++k) {
          row_scale = std::max(row_scale, std::abs(jac[k * n + row] * y[k]));
        }
        const double floor = 1e-3 * row_scale / std::abs(y[col]);
        const double err = std::abs(fd - exact) / std::max({std::abs(exact), floor, 1e-300});
        if (std::abs(exact) >= floor) ++strict;
        worst = std::max(worst, err);
        EXPECT_LT(err, 1e-5) << "d " << p.state_names()[row] << " / d " << p.state_names()[col]
                             << " at t=" << t << ": analytic " << exact << ", finite differences "
                             << fd;
      }
    }
  }
  report("jacobian_worst_relative_error", worst);
  report("jacobian_entries_compared_relative_to_themselves", strict);
}

// Speed is measured by the benchmarks (bench/, cytostorm_simulate_benchmark); this checks the
// work the solver does, which is the same on every machine.
TEST(ModelSolverWork, TypicalAxiCelRunTakesAFewStepsPerHourlyOutput) {
  const VirtualPatient p = patient("axi-cel");
  solver::SolverOptions o;
  o.rtol = 1e-6;
  solver::CvodeSolver solver(o);
  auto y = p.initial_state();
  solver.start(p, 0, y);
  constexpr int kOutputs = 28 * 24;  // hourly, 28 days
  for (int h = 1; h <= kOutputs; ++h) solver.advance(h / 24.0, y);
  const auto steps = solver.stats().steps;
  report("axi_cel_28_day_steps", static_cast<double>(steps));
  for (double v : y) EXPECT_TRUE(std::isfinite(v));
  // About two steps per output (each output is a stop): a stiff blow-up or a chattering
  // max(x, 0) would take tens of thousands.
  EXPECT_GE(steps, static_cast<long>(kOutputs));
  EXPECT_LT(steps, 3L * kOutputs);
}

}  // namespace
}  // namespace cytostorm::model
