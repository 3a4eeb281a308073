// The closed loop of issue 4: the virtual patient treated by the virtual clinician, its event
// table graded by the same engine as real patients. One test per claim that needs the loop.
#include "cytostorm/population/simulation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/io/event_table.hpp"
#include "cytostorm/io/guideline_toml.hpp"
#include "cytostorm/population/course_plot.hpp"

namespace cytostorm::population {
namespace {

const std::string kData = std::string(CYTOSTORM_SOURCE_DIR) + "/data";

Policy policy(bool prophylaxis = false) {
  auto p = load_policy(policy_path(kData, "standard"));
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().to_string());
  Policy out = p.value();
  if (prophylaxis) {
    out.prophylactic_dexamethasone_mg = 10.0;
    out.prophylactic_dexamethasone_days = {0, 1, 2};
  }
  return out;
}

// The rule set a policy names.
clinical::Guideline rules_of(const Policy& pol) {
  auto g = io::load_guideline(io::guideline_path(kData, pol.guideline));
  EXPECT_TRUE(g.ok()) << (g.ok() ? "" : g.error().to_string());
  return g.value();
}

// The rows the policy's clinician follows: its rule set's and its own added rows.
clinical::Guideline rules_with_added_rows(const Policy& pol) {
  auto g = rules_of(pol);
  g.rows.insert(g.rows.end(), pol.added_rows.begin(), pol.added_rows.end());
  return g;
}

// The policy's rule set without tocilizumab and corticosteroids: supportive care only, so that a
// claim about the disease is not confounded by the drugs it brings on sooner.
clinical::Guideline supportive_care(const Policy& pol) {
  auto supportive = rules_of(pol);
  std::erase_if(supportive.rows, [](const clinical::GuidelineRow& r) {
    return r.action == clinical::Action::tocilizumab || clinical::is_corticosteroid(r.action);
  });
  EXPECT_FALSE(supportive.rows.empty());
  return supportive;
}

SimulatedCourse simulate(model::Covariates c, const Policy& pol,
                         const std::string& product = "axi-cel",
                         const clinical::Guideline* rules = nullptr,
                         const std::map<std::string, double>& product_numbers = {}) {
  auto params = model::Parameters::load(kData + "/model/parameters.toml");
  auto prod = model::load_product(kData, product);
  EXPECT_TRUE(params.ok() && prod.ok());
  model::Product chosen = prod.value();
  for (const auto& [name, value] : product_numbers) chosen.overrides[name] = value;
  const model::VirtualPatient patient(std::move(params).value(), chosen, c);
  solver::CvodeSolver solver;
  SimulationOptions options;
  options.guideline = rules ? *rules : rules_of(pol);
  return simulate_course(patient, pol, solver, options);
}

int max_grade(const grading::SyndromeCourse& c) {
  return c.max_grade.value_or(c.max_at_least);
}

// The grade in force at `hours`.
int grade_at(const grading::SyndromeCourse& course, double hours) {
  int g = 0;
  for (const auto& t : course.timeline) {
    if (t.hours <= hours + 1e-9) g = t.grade.value_or(t.at_least);
  }
  return g;
}

std::size_t column(const SimulatedCourse& c, const std::string& name) {
  const auto it = std::find(c.columns.begin(), c.columns.end(), name);
  EXPECT_NE(it, c.columns.end()) << name;
  return static_cast<std::size_t>(it - c.columns.begin());
}

TEST(SimulationClaims, MaxCrsGradeNeverDecreasesOverTumourBurden) {
  // Supportive care only: with drugs, a larger burden brings tocilizumab sooner (for ICANS with
  // CRS, say), which can end the CRS at a lower grade than a later storm reaches.
  const Policy pol = policy();
  const auto supportive = supportive_care(pol);
  int previous = -1;
  std::vector<int> grades;
  for (double burden : {0.1, 0.3, 1.0, 2.0, 4.0, 8.0}) {
    model::Covariates c;
    c.tumor_burden = burden;
    const int g = max_grade(simulate(c, pol, "axi-cel", &supportive).grades.crs.front());
    grades.push_back(g);
    EXPECT_GE(g, previous) << "burden " << burden;
    previous = g;
  }
  EXPECT_GT(grades.back(), grades.front()) << "the sweep should span more than one grade";
  std::cout << "max CRS grade over burden 0.1..8: " << ::testing::PrintToString(grades) << "\n";
}

TEST(SimulationClaims, ProphylacticDexamethasoneLowersTheMaximumCrsGrade) {
  // A patient who reaches CRS grade 2 under standard care (at burdens 1 to 3 tocilizumab, given
  // for ICANS with CRS, keeps the standard course at grade 1; from burden 6 the storm outgrows
  // three days of 10 mg).
  model::Covariates c;
  c.tumor_burden = 5.0;
  const auto standard = simulate(c, policy());
  const auto prophylaxis = simulate(c, policy(true));
  EXPECT_LT(max_grade(prophylaxis.grades.crs.front()), max_grade(standard.grades.crs.front()));
  // Less IL-6 from the suppressed monocytes, judged without tocilizumab (which raises serum
  // IL-6 by blocking its receptor) or other steroids.
  const auto supportive = supportive_care(policy());
  const auto il6 = column(standard, "il6");
  const auto peak = [il6](const SimulatedCourse& s) {
    double m = 0;
    for (const auto& r : s.rows) m = std::max(m, r[il6]);
    return m;
  };
  EXPECT_LT(peak(simulate(c, policy(true), "axi-cel", &supportive)),
            peak(simulate(c, policy(), "axi-cel", &supportive)));
}

TEST(SimulationClaims, HigherBaselineAng2RaisesIcansSeverity) {
  // Supportive care only: with drugs, a higher Ang-2 brings CRS grade 3 and dexamethasone
  // sooner, which treats the ICANS it would have caused.
  const Policy pol = policy();
  const auto supportive = supportive_care(pol);
  int previous_grade = -1;
  double previous_min_ice = 11.0;
  for (double ang2 : {700.0, 1439.0, 2878.0, 5000.0}) {
    model::Covariates c;
    c.baseline_ang2_pg_ml = ang2;
    const auto course = simulate(c, pol, "axi-cel", &supportive);
    for (const auto& e : course.record.events) {
      EXPECT_NE(e.kind, record::EventKind::medication) << e.item << " at " << e.hours << " h";
    }
    const int g = max_grade(course.grades.icans);
    const auto ice = column(course, "ice");
    double min_ice = 10.0;
    for (const auto& r : course.rows) min_ice = std::min(min_ice, r[ice]);
    EXPECT_GE(g, previous_grade) << "Ang-2 " << ang2;
    EXPECT_LT(min_ice, previous_min_ice) << "Ang-2 " << ang2;
    previous_grade = g;
    previous_min_ice = min_ice;
  }
}

TEST(SimulationClaims, IcansBeginsAfterCrsAndNoCrsSignInTheFirst6Hours) {
  const Policy pol = policy();
  for (const char* product : {"axi-cel", "tisa-cel", "cilta-cel"}) {
    for (double burden : {1.0, 3.0}) {
      SCOPED_TRACE(::testing::Message() << product << " burden " << burden);
      model::Covariates c;
      c.tumor_burden = burden;
      const auto course = simulate(c, pol, product);
      const auto& crs = course.grades.crs.front();
      ASSERT_TRUE(crs.onset_hours) << "no CRS";
      EXPECT_GE(*crs.onset_hours, 6.0);
      if (course.grades.icans.onset_hours) {
        EXPECT_GT(*course.grades.icans.onset_hours, *crs.onset_hours);
      }
      const auto temperature = column(course, "temperature_c");
      for (const auto& r : course.rows) {
        if (r.front() <= 0.25) {
          EXPECT_LT(r[temperature], 38.0) << "day " << r.front();
        }
      }
    }
  }
}

TEST(SimulationClaims, TocilizumabAtCrsGrade2CalmsSignallingNotExpansion) {
  model::Covariates c;
  c.tumor_burden = 2.0;
  const Policy pol = policy();
  const auto treated = simulate(c, pol);
  clinical::Guideline never = rules_of(pol);  // the same patient, never given tocilizumab
  std::erase_if(never.rows,
                [](const auto& r) { return r.action == clinical::Action::tocilizumab; });
  const auto untreated = simulate(c, pol, "axi-cel", &never);
  double dose_hours = -1;
  for (const auto& e : treated.record.events) {
    if (e.kind == record::EventKind::medication && e.item == "tocilizumab") {
      dose_hours = e.hours;
      break;
    }
  }
  ASSERT_GE(dose_hours, 0.0) << "no tocilizumab given";
  const auto at = [&](const SimulatedCourse& s, const std::string& name, double hours) {
    const auto col = column(s, name);
    for (const auto& r : s.rows) {
      if (r.front() * 24.0 >= hours - 1e-9) return r[col];
    }
    return s.rows.back()[col];
  };
  // The sample at the dose time is taken after the dose: compare with the hour before.
  const double before = dose_hours - 1.0, after = dose_hours + 12.0;
  EXPECT_LT(at(treated, "il6_signalling", after), at(treated, "il6_signalling", before));
  EXPECT_LT(at(treated, "temperature_c", after), at(treated, "temperature_c", before));
  EXPECT_GT(at(treated, "il6", after), at(treated, "il6", before));
  const auto peak = [&](const SimulatedCourse& s) {
    const auto col = column(s, "car_t_total");
    double m = 0;
    for (const auto& r : s.rows) m = std::max(m, r[col]);
    return m;
  };
  EXPECT_GE(peak(treated), 0.95 * peak(untreated));
  std::cout << "tocilizumab at " << dose_hours << " h; CAR-T peak treated/untreated "
            << peak(treated) / peak(untreated) << "\n";
}

TEST(SimulationClaims, TheEventTableGradesLikeAnyPatient) {
  model::Covariates c;
  c.tumor_burden = 2.0;
  const auto course = simulate(c, policy());
  const std::string csv = io::event_table_csv(course.record, true);
  std::vector<record::PatientRecord> read;
  const auto stats = io::read_event_table_text(
      csv, "events.csv", {}, [&](record::PatientRecord&& r) { read.push_back(std::move(r)); });
  ASSERT_TRUE(stats.ok()) << stats.error().to_string();
  ASSERT_EQ(read.size(), 1u);
  const auto regraded = grading::grade_patient(read.front(), {clinical::find_crs_scale("astct")});
  EXPECT_EQ(regraded.crs.front().max_grade, course.grades.crs.front().max_grade);
  EXPECT_EQ(regraded.icans.max_grade, course.grades.icans.max_grade);
  EXPECT_EQ(regraded.crs.front().onset_hours, course.grades.crs.front().onset_hours);
  EXPECT_EQ(regraded.crs.front().timeline.size(), course.grades.crs.front().timeline.size());
}

// Tocilizumab within its dose limits (8 mg/kg, at most 800 mg, at least 8 h apart, at most 4),
// and only when a row of the rule set asks for it: a CRS row from CRS grade 2, an ICANS row
// (ICANS with concurrent CRS) from ICANS grade 1 with CRS present.
TEST(VirtualClinician, TocilizumabAtCrsGrade2WithinTheDoseLimits) {
  std::size_t crs_row_doses = 0;
  // At burden 2 the first doses answer ICANS with CRS; at 5 CRS itself reaches a CRS row first.
  for (double burden : {2.0, 5.0}) {
    model::Covariates c;
    c.tumor_burden = burden;
    const auto course = simulate(c, policy());
    std::vector<double> doses;
    for (const auto& e : course.record.events) {
      if (e.kind != record::EventKind::medication || e.item != "tocilizumab") continue;
      doses.push_back(e.hours);
      EXPECT_LE(*e.value, 800.0);
      EXPECT_DOUBLE_EQ(*e.value, std::round(std::min(8.0 * c.weight_kg, 800.0)));
      const int crs = grade_at(course.grades.crs.front(), e.hours);
      if (e.note.find(" CRS-") != std::string::npos) {
        // Grade 2, or grade 1 with fever on more than 3 calendar days, managed as grade 2
        // (CRS-1.4).
        ++crs_row_doses;
        const auto& episodes = course.grades.crs.front().episodes;
        const bool fever_over_3_days =
            !episodes.empty() && e.day - episodes.front().start_day + 1 > 3;
        EXPECT_TRUE(crs >= 2 || (crs == 1 && fever_over_3_days))
            << "burden " << burden << ", " << e.note << " at " << e.hours << " h, CRS grade "
            << crs;
      } else {
        ASSERT_NE(e.note.find(" ICANS-"), std::string::npos) << e.note;
        EXPECT_GE(grade_at(course.grades.icans, e.hours), 1) << e.note << " at " << e.hours;
        EXPECT_GE(crs, 1) << e.note << " at " << e.hours << " h";
      }
    }
    ASSERT_FALSE(doses.empty()) << "burden " << burden;
    EXPECT_LE(doses.size(), 4u);
    for (std::size_t i = 1; i < doses.size(); ++i) EXPECT_GE(doses[i] - doses[i - 1], 8.0);
  }
  EXPECT_GT(crs_row_doses, 0u) << "no dose for CRS itself";
}

// Hypotension that two fluid boluses do not correct gets norepinephrine at the next round (with
// rounds every 4 h, a 6 h window once held only the last bolus, and no vasopressor ever started).
TEST(VirtualClinician, HypotensionAfterTwoBolusesGetsNorepinephrine) {
  model::Covariates c;
  c.tumor_burden = 10.0;
  auto pol = load_policy(policy_path(kData, "kymriah-label-2017"));
  ASSERT_TRUE(pol.ok()) << pol.error().to_string();
  const auto course = simulate(c, pol.value(), "tisa-cel");
  std::vector<double> boluses;
  double first_pressor = -1;
  for (const auto& e : course.record.events) {
    if (e.kind == record::EventKind::fluid_bolus) boluses.push_back(e.hours);
    if (e.kind == record::EventKind::vasopressor && first_pressor < 0) first_pressor = e.hours;
  }
  ASSERT_GE(first_pressor, 0) << boluses.size() << " boluses and no vasopressor";
  const auto within = [&](double from, double to) {
    return std::count_if(boluses.begin(), boluses.end(),
                         [&](double b) { return b > from && b < to; });
  };
  const double window = pol.value().fluids_window_hours;
  EXPECT_EQ(within(first_pressor - window, first_pressor), 2);
  // Never more boluses in a window than the policy allows before a vasopressor.
  for (double b : boluses) EXPECT_LE(within(b - window, b + 1e-9), 2) << "at " << b << " h";
}

TEST(VirtualClinician, SameSeedSameCourseAndAPlotOfIt) {
  model::Covariates c;
  c.tumor_burden = 2.0;
  const auto a = simulate(c, policy());
  const auto b = simulate(c, policy());
  EXPECT_EQ(io::event_table_csv(a.record, true), io::event_table_csv(b.record, true));
  EXPECT_GT(a.solver_stats.steps, 0);
  const auto plot = course_plot(a, "t", "s", 28.0);
  EXPECT_EQ(plot.panels.size(), 7u);
  EXPECT_EQ(plot.bands.size(), 2u);
  EXPECT_EQ(plot.markers.size(), a.treatments.size());
  const model::VirtualPatient patient(
      model::Parameters::load(kData + "/model/parameters.toml").value(),
      model::load_product(kData, "axi-cel").value(), c);
  solver::CvodeSolver solver;
  SimulationOptions options{0.0, 1.0, "x", 1, {}, rules_of(policy())};
  EXPECT_THROW(simulate_course(patient, policy(), solver, options), std::invalid_argument);
  options.days = 1.0;
  Policy clash = policy();
  clash.added_rows = {options.guideline.rows.front()};  // cited rows must be told apart
  EXPECT_THROW(simulate_course(patient, clash, solver, options), std::invalid_argument);
  options.guideline.rows.clear();  // no rule set: refused, not a clinician who gives nothing
  EXPECT_THROW(simulate_course(patient, policy(), solver, options), std::invalid_argument);
}

// The row a medication event cites (its note), or nullptr.
const clinical::GuidelineRow* cited_row(const clinical::Guideline& g, const record::Event& e) {
  const auto it =
      std::find_if(g.rows.begin(), g.rows.end(), [&](const auto& r) { return r.id == e.note; });
  return it == g.rows.end() ? nullptr : &*it;
}

// The grades the clinician saw at its round at `hours`: the record up to the round's
// observations, before its fluids, pressors, oxygen and drugs of that round.
std::pair<int, int> seen_at(const SimulatedCourse& course, double hours) {
  record::PatientRecord seen = course.record;
  std::erase_if(seen.events, [&](const record::Event& e) {
    if (e.hours > hours + 1e-9) return true;
    if (e.hours < hours - 1e-9) return false;
    return e.kind == record::EventKind::fluid_bolus || e.kind == record::EventKind::vasopressor ||
           e.kind == record::EventKind::oxygen || e.kind == record::EventKind::fio2 ||
           e.kind == record::EventKind::medication;
  });
  const auto grades = grading::grade_patient(seen, {clinical::find_crs_scale("astct")});
  return {grade_at(grades.crs.front(), hours), grade_at(grades.icans, hours)};
}

// Every dose the clinician gave follows a suggestion of its rule set: it cites a row whose
// action is the drug, at the row's dose, at a grade the row covers (or the grade below, managed
// as the next), and no dose breaks a tocilizumab limit or comes before the row's interval.
void expect_doses_follow_the_rule_set(const SimulatedCourse& course, const Policy& pol,
                                      const clinical::Guideline& rules, double weight_kg) {
  std::vector<double> tocilizumab, steroids;
  int cited = 0;
  for (const auto& e : course.record.events) {
    if (e.kind != record::EventKind::medication) continue;
    if (e.note == "prophylaxis") {
      steroids.push_back(e.hours);
      continue;
    }
    const auto* row = cited_row(rules, e);
    ASSERT_NE(row, nullptr) << e.item << " at " << e.hours << " h cites \"" << e.note << "\"";
    ++cited;
    EXPECT_TRUE(row->verified) << row->id << ": an unverified row alone gave a drug";
    const auto [crs, icans] = seen_at(course, e.hours);
    const int g = row->syndrome == clinical::Syndrome::crs ? crs : icans;
    EXPECT_GE(g + 1, row->grade_min) << row->id << " at " << e.hours << " h";
    EXPECT_LE(g, row->grade_max) << row->id << " at " << e.hours << " h";
    if (e.item == "tocilizumab") {
      EXPECT_EQ(row->action, clinical::Action::tocilizumab);
      EXPECT_FALSE(clinical::tocilizumab_refusal(rules.tocilizumab, tocilizumab, e.hours, "x"))
          << "dose at " << e.hours << " h";
      // The limits, counted independently.
      EXPECT_LT(tocilizumab.size(), 4u);
      if (!tocilizumab.empty()) {
        EXPECT_GE(e.hours - tocilizumab.back(), rules.tocilizumab.min_interval_hours - 1e-9);
      }
      EXPECT_LT(std::count_if(tocilizumab.begin(), tocilizumab.end(),
                              [&](double t) { return t > e.hours - 24.0; }),
                3);
      EXPECT_DOUBLE_EQ(*e.value,
                       std::round(clinical::tocilizumab_dose_mg(rules.tocilizumab, weight_kg)));
      tocilizumab.push_back(e.hours);
    } else {
      EXPECT_TRUE(clinical::is_corticosteroid(row->action)) << row->id;
      EXPECT_EQ(e.item, row->action == clinical::Action::dexamethasone ? "dexamethasone"
                                                                       : "methylprednisolone");
      const bool step_dose = std::any_of(row->doses.begin(), row->doses.end(), [&](const auto& d) {
        return *e.value == std::round(d.mg > 0 ? d.mg : d.mg_per_kg * weight_kg);
      });
      EXPECT_TRUE(step_dose) << row->id << " " << *e.value << " mg";
      if (!steroids.empty()) {
        double shortest = 1e9;
        for (const auto& d : row->doses) shortest = std::min(shortest, d.every_hours);
        EXPECT_GE(e.hours - steroids.back(), shortest - 1e-9) << row->id << " at " << e.hours;
      }
      steroids.push_back(e.hours);
    }
  }
  EXPECT_GT(cited, 0) << "no drug given: the test checks nothing (policy " << pol.name << ")";
}

TEST(VirtualClinician, DosesFollowTheRuleSetAndNeverBreakALimit) {
  const Policy pol = policy();
  const auto rules = rules_of(pol);
  for (const char* product : {"axi-cel", "cilta-cel"}) {
    for (double burden : {2.0, 8.0}) {
      for (double weight : {25.0, 70.0, 120.0}) {
        SCOPED_TRACE(::testing::Message()
                     << product << " burden " << burden << " weight " << weight);
        model::Covariates c;
        c.tumor_burden = burden;
        c.weight_kg = weight;
        c.baseline_ang2_pg_ml = 5000;  // severe ICANS too: steroid rows of both syndromes
        expect_doses_follow_the_rule_set(simulate(c, pol, product), pol, rules, weight);
      }
    }
  }
}

TEST(VirtualClinician, AVariantPolicyAddsARowEarlyTocilizumabFromCrsGrade1) {
  Policy early = policy();
  early.name = "early-tocilizumab";
  clinical::GuidelineRow row;
  row.id = "early-tocilizumab CRS-1";
  row.syndrome = clinical::Syndrome::crs;
  row.grade_min = row.grade_max = 1;
  row.action = clinical::Action::tocilizumab;
  row.text = "Tocilizumab from CRS grade 1.";
  row.part = "policy";
  row.source = "policy early-tocilizumab";
  row.repeat_if_no_improvement = true;
  early.added_rows = {row};
  model::Covariates c;
  c.tumor_burden = 2.0;
  const auto course = simulate(c, early);
  const auto first = std::find_if(course.record.events.begin(), course.record.events.end(),
                                  [](const auto& e) { return e.item == "tocilizumab"; });
  ASSERT_NE(first, course.record.events.end());
  EXPECT_EQ(first->note, "early-tocilizumab CRS-1");
  EXPECT_EQ(seen_at(course, first->hours).first, 1);
  const auto standard = simulate(c, policy());
  const auto later = std::find_if(standard.record.events.begin(), standard.record.events.end(),
                                  [](const auto& e) { return e.item == "tocilizumab"; });
  ASSERT_NE(later, standard.record.events.end());
  EXPECT_LT(first->hours, later->hours);
  expect_doses_follow_the_rule_set(course, early, rules_with_added_rows(early), c.weight_kg);
}

// ZUMA-1's clinician (policy lee-2014-algorithm): tocilizumab only once CRS reaches grade 3, and
// corticosteroids from the policy's own rows (CRS not improving on tocilizumab, ICANS grade 3-4).
TEST(VirtualClinician, TheLee2014ClinicianKeepsTocilizumabForCrsGrade3) {
  const auto pol = load_policy(policy_path(kData, "lee-2014-algorithm"));
  ASSERT_TRUE(pol.ok()) << pol.error().to_string();
  const auto rules = rules_with_added_rows(pol.value());
  std::size_t tocilizumab = 0;
  std::size_t steroids = 0;
  for (double burden : {2.0, 8.0}) {
    SCOPED_TRACE(::testing::Message() << "burden " << burden);
    model::Covariates c;
    c.tumor_burden = burden;
    c.baseline_ang2_pg_ml = 5000;
    const auto course = simulate(c, pol.value());
    expect_doses_follow_the_rule_set(course, pol.value(), rules, c.weight_kg);
    for (const auto& e : course.record.events) {
      if (e.kind != record::EventKind::medication) continue;
      const auto [crs, icans] = seen_at(course, e.hours);
      if (e.item == "tocilizumab") {
        ++tocilizumab;
        EXPECT_EQ(e.note, "LEE-2014 CRS-3");
        EXPECT_GE(crs, 3) << "tocilizumab at " << e.hours << " h";
      } else {
        ++steroids;
        EXPECT_TRUE(e.note == "lee-2014-algorithm CRS-3" || e.note == "lee-2014-algorithm ICANS-3")
            << e.note;
      }
    }
  }
  EXPECT_GT(tocilizumab, 0u);
  EXPECT_GT(steroids, 0u);
}

TEST(VirtualClinician, TheCartoxRuleSetRepeatsTocilizumabAfter6Hours) {
  // Rounds every 2 h and a response judged after 6 h, so that the rule set's interval decides.
  Policy pol = policy();
  pol.vitals_every_hours = 2;
  pol.response_after_hours = 6;
  model::Covariates c;  // a patient whose CRS stays at grade 2 or more after a first dose
  c.tumor_burden = 12.0;
  c.baseline_ang2_pg_ml = 5000;
  // axi-cel with its numbers from before the calibration, fixed here: the rule set's interval is
  // under test, not the fitted product.
  const std::map<std::string, double> fixed{{"car_t_proliferation_rate", 4.0},
                                            {"ifng_release_rate", 50.0}};
  const auto shortest_interval = [&](const std::string& guideline) {
    pol.guideline = guideline;
    const auto course = simulate(c, pol, "axi-cel", nullptr, fixed);
    std::vector<double> doses;
    for (const auto& e : course.record.events) {
      if (e.item == "tocilizumab") doses.push_back(e.hours);
    }
    EXPECT_GE(doses.size(), 2u) << guideline;
    EXPECT_LE(doses.size(), 4u) << guideline;
    double shortest = 1e9;
    for (std::size_t i = 1; i < doses.size(); ++i) {
      shortest = std::min(shortest, doses[i] - doses[i - 1]);
    }
    return shortest;
  };
  EXPECT_DOUBLE_EQ(shortest_interval("cartox-2018"), 6.0);
  EXPECT_DOUBLE_EQ(shortest_interval("asco-2021"), 8.0);
}

TEST(SampleRows, HoldsRowsOneAfterAnotherInOneBlock) {
  SampleRows rows(3);
  EXPECT_TRUE(rows.empty());
  EXPECT_EQ(rows.size(), 0U);
  rows.push_back(std::vector<double>{1, 2, 3});
  rows.push_back(std::vector<double>{4, 5, 6});
  EXPECT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows.width(), 3U);
  EXPECT_EQ(rows.front()[0], 1.0);
  EXPECT_EQ(rows.back()[2], 6.0);
  EXPECT_EQ(rows[1].data(), rows.data() + 3);  // no gap between rows
  std::vector<double> firsts;
  for (const auto& r : rows) firsts.push_back(r.front());
  EXPECT_EQ(firsts, (std::vector<double>{1, 4}));
  EXPECT_THROW(rows.push_back(std::vector<double>{7, 8}), std::invalid_argument);
  EXPECT_THROW(rows.push_back(std::vector<double>{7, 8, 9, 10}), std::invalid_argument);
  EXPECT_EQ(rows.size(), 2U);
}

}  // namespace
}  // namespace cytostorm::population
