// The closed loop of issue 4: the virtual patient treated by the virtual clinician, its event
// table graded by the same engine as real patients. One test per claim that needs the loop.
#include "cytostorm/population/simulation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/io/event_table.hpp"
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

SimulatedCourse simulate(model::Covariates c, const Policy& pol,
                         const std::string& product = "axi-cel") {
  auto params = model::Parameters::load(kData + "/model/parameters.toml");
  auto prod = model::load_product(kData, product);
  EXPECT_TRUE(params.ok() && prod.ok());
  const model::VirtualPatient patient(std::move(params).value(), prod.value(), c);
  solver::CvodeSolver solver;
  return simulate_course(patient, pol, solver, {});
}

int max_grade(const grading::SyndromeCourse& c) {
  return c.max_grade.value_or(c.max_at_least);
}

std::size_t column(const SimulatedCourse& c, const std::string& name) {
  const auto it = std::find(c.columns.begin(), c.columns.end(), name);
  EXPECT_NE(it, c.columns.end()) << name;
  return static_cast<std::size_t>(it - c.columns.begin());
}

TEST(SimulationClaims, MaxCrsGradeNeverDecreasesOverTumourBurden) {
  const Policy pol = policy();
  int previous = -1;
  std::vector<int> grades;
  for (double burden : {0.1, 0.3, 1.0, 2.0, 4.0, 8.0}) {
    model::Covariates c;
    c.tumor_burden = burden;
    const int g = max_grade(simulate(c, pol).grades.crs.front());
    grades.push_back(g);
    EXPECT_GE(g, previous) << "burden " << burden;
    previous = g;
  }
  EXPECT_GT(grades.back(), grades.front()) << "the sweep should span more than one grade";
  std::cout << "max CRS grade over burden 0.1..8: " << ::testing::PrintToString(grades) << "\n";
}

TEST(SimulationClaims, ProphylacticDexamethasoneLowersTheMaximumCrsGrade) {
  model::Covariates c;
  c.tumor_burden = 2.0;
  const auto standard = simulate(c, policy());
  const auto prophylaxis = simulate(c, policy(true));
  EXPECT_LT(max_grade(prophylaxis.grades.crs.front()), max_grade(standard.grades.crs.front()));
  const auto il6 = column(standard, "il6");
  const auto peak = [il6](const SimulatedCourse& s) {
    double m = 0;
    for (const auto& r : s.rows) m = std::max(m, r[il6]);
    return m;
  };
  EXPECT_LT(peak(prophylaxis), peak(standard));
}

TEST(SimulationClaims, HigherBaselineAng2RaisesIcansSeverity) {
  const Policy pol = policy();
  int previous_grade = -1;
  double previous_min_ice = 11.0;
  for (double ang2 : {700.0, 1439.0, 2878.0, 5000.0}) {
    model::Covariates c;
    c.baseline_ang2_pg_ml = ang2;
    const auto course = simulate(c, pol);
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
  Policy never = pol;
  never.tocilizumab_crs_grade = 5;  // the same patient, never given tocilizumab
  const auto untreated = simulate(c, never);
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

TEST(VirtualClinician, TocilizumabAtCrsGrade2WithinTheDoseLimits) {
  model::Covariates c;
  c.tumor_burden = 8.0;
  const auto course = simulate(c, policy());
  std::vector<double> doses;
  for (const auto& e : course.record.events) {
    if (e.kind == record::EventKind::medication && e.item == "tocilizumab") {
      doses.push_back(e.hours);
      EXPECT_LE(*e.value, 800.0);
      EXPECT_DOUBLE_EQ(*e.value, std::round(std::min(8.0 * c.weight_kg, 800.0)));
    }
  }
  ASSERT_FALSE(doses.empty());
  EXPECT_LE(doses.size(), 4u);
  for (std::size_t i = 1; i < doses.size(); ++i) EXPECT_GE(doses[i] - doses[i - 1], 8.0);
  // The first dose came when the course was at CRS grade 2 or more.
  const auto& timeline = course.grades.crs.front().timeline;
  int grade_then = 0;
  for (const auto& t : timeline) {
    if (t.hours <= doses.front()) grade_then = t.grade.value_or(t.at_least);
  }
  EXPECT_GE(grade_then, 2);
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
  EXPECT_THROW(
      simulate_course(
          model::VirtualPatient(model::Parameters::load(kData + "/model/parameters.toml").value(),
                                model::load_product(kData, "axi-cel").value(), c),
          policy(), *std::make_unique<solver::CvodeSolver>(),
          SimulationOptions{0.0, 1.0, "x", 1, {}}),
      std::invalid_argument);
}

}  // namespace
}  // namespace cytostorm::population
