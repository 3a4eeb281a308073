// The CRS scales used before ASTCT 2019 (clinical-rules.md section 5), one table per scale: every
// grade level, the boundaries of the FiO2 cut-off and of the [R] high-dose vasopressor table, the
// "not derivable" answers when an input is missing, and the "unverified" labelling of results that
// rest on [R] rules. Then the cross-scale rules (death, attribution, comfort oxygen) and the
// regrading case of issue 3.

#include "cytostorm/clinical/older_crs_scales.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/astct_crs.hpp"
#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/clinical/hemodynamics.hpp"
#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/record/snapshot.hpp"
#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::clinical {
namespace {

using record::DeathCause;
using record::DoseRateUnit;
using record::OxygenDevice;
using record::OxygenPurpose;
using record::Snapshot;
using record::SymptomCourse;
using record::VasoactiveDrug;

using Rule = GradeResult (*)(const Snapshot&, const RuleOptions&);

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool note_mentions(const GradeResult& r, std::string_view word) {
  return std::any_of(r.notes.begin(), r.notes.end(),
                     [&](const std::string& n) { return contains(n, word); });
}

/// The result in a line, for failure messages.
std::string show(const GradeResult& r) {
  std::string out = r.scale + ": grade ";
  out += r.grade ? std::to_string(*r.grade) : std::string("not derivable");
  out += ", at_least " + std::to_string(r.at_least) + "; drivers:";
  for (const auto& d : r.drivers) out += " [" + std::to_string(d.grade) + " " + d.text + "]";
  out += "; missing:";
  for (const auto& m : r.missing) out += " " + m;
  out += "; notes:";
  for (const auto& n : r.notes) out += " [" + n + "]";
  out += "; rule: " + r.rule();
  return out;
}

/// A snapshot of an adult (45 y, 70 kg) with nothing abnormal, built up finding by finding.
class Snap {
 public:
  Snap() {
    s_.age_years = 45.0;
    s_.weight_kg = 70.0;
  }

  Snap& temp(double c) {
    s_.temperature_c = c;
    return *this;
  }
  Snap& hypotension() {
    s_.hypotension = true;
    return *this;
  }
  Snap& sbp(double mmhg) {
    s_.sbp_mmhg = mmhg;
    return *this;
  }
  Snap& boluses(int n) {
    s_.fluid_boluses = n;
    return *this;
  }
  Snap& pressor(VasoactiveDrug drug, std::optional<double> dose, std::optional<DoseRateUnit> unit,
                std::optional<double> hours) {
    record::VasoactiveInfusion v;
    v.drug = drug;
    v.dose = dose;
    v.unit = unit;
    v.hours = hours;
    s_.vasoactives.push_back(v);
    return *this;
  }
  /// A drug in ug/min.
  Snap& ug_min(VasoactiveDrug drug, double dose, double hours) {
    return pressor(drug, dose, DoseRateUnit::ug_min, hours);
  }
  /// A drug in ug/kg/min.
  Snap& ug_kg_min(VasoactiveDrug drug, double dose, double hours) {
    return pressor(drug, dose, DoseRateUnit::ug_kg_min, hours);
  }
  /// Norepinephrine in ug/min.
  Snap& ne(double dose, double hours) {
    return ug_min(VasoactiveDrug::norepinephrine, dose, hours);
  }
  Snap& vasopressin(double hours) {
    return pressor(VasoactiveDrug::vasopressin, 0.03, DoseRateUnit::units_min, hours);
  }
  Snap& o2(OxygenDevice device, std::optional<double> fio2, std::optional<double> flow = {},
           OxygenPurpose purpose = OxygenPurpose::hypoxia) {
    record::OxygenSupport o;
    o.device = device;
    o.fio2_pct = fio2;
    o.flow_l_min = flow;
    o.purpose = purpose;
    s_.oxygen = o;
    return *this;
  }
  /// Nasal cannula 2 L/min with the FiO2 given (or not).
  Snap& cannula(std::optional<double> fio2) { return o2(OxygenDevice::nasal_cannula, fio2, 2.0); }
  Snap& organ(int grade) {
    s_.organ_toxicity_max_grade = grade;
    return *this;
  }
  Snap& transaminitis(int grade) {
    s_.transaminitis_grade = grade;
    return *this;
  }
  Snap& creatinine(int grade) {
    s_.creatinine_grade = grade;
    return *this;
  }
  Snap& course(SymptomCourse c) {
    s_.symptom_course = c;
    return *this;
  }
  Snap& iv_therapy() {
    s_.iv_therapy = true;
    return *this;
  }
  Snap& death(DeathCause cause) {
    s_.death = cause;
    return *this;
  }
  Snap& no_weight() {
    s_.weight_kg.reset();
    return *this;
  }
  Snap& hypotension_elsewhere() {
    s_.attributed.hypotension = true;
    return *this;
  }

  operator Snapshot() const { return s_; }  // NOLINT(google-explicit-constructor)

 private:
  Snapshot s_;
};

/// One row of a scale's table.
struct Row {
  std::string label;
  Snapshot snapshot;
  std::optional<int> grade;          ///< nothing: expected "not derivable"
  int at_least = 0;                  ///< expected GradeResult::at_least
  std::vector<std::string> missing;  ///< inputs that must be named as missing
  bool high_dose_table = false;      ///< the result rests on the [R] high-dose table
};

/// A row whose grade is derivable.
Row graded(std::string label, Snapshot s, int grade, bool high_dose_table = false) {
  return Row{std::move(label), std::move(s), grade, grade, {}, high_dose_table};
}

/// A row whose grade is not derivable: at least `at_least`, `missing` named.
Row not_derivable(std::string label, Snapshot s, int at_least, std::vector<std::string> missing,
                  bool high_dose_table = false) {
  return Row{std::move(label), std::move(s),       std::nullopt,
             at_least,         std::move(missing), high_dose_table};
}

/// Whether the scale as a whole is verified ([V]) or not (CTCAE v5.0 is [R]).
enum class ScaleMark { verified, unverified };

void run_table(Rule rule, std::string_view scale, ScaleMark mark, const std::vector<Row>& rows) {
  for (const auto& row : rows) {
    SCOPED_TRACE(row.label);
    const GradeResult r = rule(row.snapshot, RuleOptions{});
    EXPECT_EQ(r.scale, scale);
    if (row.grade) {
      EXPECT_TRUE(r.grade.has_value()) << show(r);
      EXPECT_EQ(r.grade.value_or(-1), *row.grade) << show(r);
      EXPECT_TRUE(r.missing.empty()) << show(r);
    } else {
      EXPECT_FALSE(r.grade.has_value()) << show(r);
      EXPECT_FALSE(r.missing.empty()) << show(r);
      for (const auto& m : row.missing) EXPECT_TRUE(has(r.missing, m)) << m << " | " << show(r);
    }
    EXPECT_EQ(r.at_least, row.at_least) << show(r);

    // [R] labelling: the high-dose table, and CTCAE v5.0 as a whole.
    EXPECT_EQ(r.citation.verified, mark == ScaleMark::verified);
    if (row.high_dose_table) {
      EXPECT_TRUE(has(r.unverified, kHighDoseTableLabel)) << show(r);
      EXPECT_TRUE(contains(r.rule(), "unverified")) << show(r);
    } else {
      EXPECT_TRUE(r.unverified.empty()) << show(r);
      if (mark == ScaleMark::verified) {
        EXPECT_FALSE(contains(r.rule(), "unverified")) << show(r);
      } else {
        EXPECT_TRUE(contains(r.rule(), "unverified")) << show(r);
      }
    }
  }
}

using D = VasoactiveDrug;
constexpr bool kTable = true;

// ---------------------------------------------------------------------------------------------
// Lee 2014 [V], high-dose table [R]

TEST(OlderCrsScales, Lee2014Table) {
  const std::vector<Row> rows{
      graded("0: nothing recorded", Snap(), 0),
      graded("0: 37.9 C is not fever", Snap().temp(37.9), 0),
      graded("1: fever 38.0 C, symptomatic treatment only", Snap().temp(38.0), 1),
      graded("0: grade 1 organ toxicity does not count in Lee 2014", Snap().organ(1), 0),
      graded("0: grade 1 transaminitis does not count in Lee 2014", Snap().transaminitis(1), 0),
      graded("1: death from another cause is not grade 5",
             Snap().temp(38.5).death(DeathCause::other), 1),
      graded("2: FiO2 39% (< 40%)", Snap().temp(38.5).cannula(39.0), 2),
      graded("2: hypotension responsive to fluids", Snap().temp(38.5).hypotension().boluses(1), 2),
      graded("2: norepinephrine 19.9 ug/min for 5 h is low dose", Snap().temp(38.5).ne(19.9, 5.0),
             2, kTable),
      graded("2: norepinephrine 20 ug/min for 2.9 h is not sustained high dose",
             Snap().temp(38.5).ne(20.0, 2.9), 2, kTable),
      graded("2: norepinephrine 5 ug/min without hours is low dose whatever the duration",
             Snap().temp(38.5).pressor(D::norepinephrine, 5.0, DoseRateUnit::ug_min, std::nullopt),
             2, kTable),
      graded("2: norepinephrine + dobutamine is one vasopressor (inotrope not counted)",
             Snap().temp(38.5).ne(5.0, 5.0).ug_kg_min(D::dobutamine, 5.0, 5.0), 2, kTable),
      graded("2: dopamine 9.9 ug/kg/min for 3 h",
             Snap().temp(38.5).ug_kg_min(D::dopamine, 9.9, 3.0), 2, kTable),
      graded("2: phenylephrine 199 ug/min for 3 h",
             Snap().temp(38.5).ug_min(D::phenylephrine, 199.0, 3.0), 2, kTable),
      graded("2: epinephrine 9.9 ug/min for 3 h",
             Snap().temp(38.5).ug_min(D::epinephrine, 9.9, 3.0), 2, kTable),
      graded("2: grade 2 organ toxicity", Snap().organ(2), 2),
      graded("2: grade 2 transaminitis", Snap().transaminitis(2), 2),
      graded("3: FiO2 40% (>= 40%)", Snap().temp(38.5).cannula(40.0), 3),
      graded("3: simple facemask FiO2 45%",
             Snap().temp(38.5).o2(OxygenDevice::simple_facemask, 45.0, 8.0), 3),
      graded("3: norepinephrine 20 ug/min for 3 h is high dose", Snap().temp(38.5).ne(20.0, 3.0), 3,
             kTable),
      graded("3: norepinephrine 0.3 ug/kg/min x 70 kg = 21 ug/min for 4 h",
             Snap().temp(38.5).ug_kg_min(D::norepinephrine, 0.3, 4.0), 3, kTable),
      graded("3: dopamine 10 ug/kg/min for 3 h (no weight needed)",
             Snap().temp(38.5).no_weight().ug_kg_min(D::dopamine, 10.0, 3.0), 3, kTable),
      graded("3: phenylephrine 200 ug/min for 3 h",
             Snap().temp(38.5).ug_min(D::phenylephrine, 200.0, 3.0), 3, kTable),
      graded("3: epinephrine 10 ug/min for 3 h",
             Snap().temp(38.5).ug_min(D::epinephrine, 10.0, 3.0), 3, kTable),
      graded("3: multiple vasopressors (norepinephrine + phenylephrine), low doses",
             Snap().temp(38.5).ne(5.0, 1.0).ug_min(D::phenylephrine, 50.0, 1.0), 3),
      graded("3: grade 3 organ toxicity", Snap().organ(3), 3),
      graded("3: grade 3 transaminitis", Snap().transaminitis(3), 3),
      graded("3: grade 4 transaminitis counts as grade 3", Snap().transaminitis(4), 3),
      graded("4: mechanical ventilation",
             Snap().temp(38.5).o2(OxygenDevice::mechanical_ventilation, 60.0), 4),
      graded("4: grade 4 organ toxicity (not transaminitis)", Snap().organ(4), 4),
      graded("4: grade 4 organ toxicity and grade 4 transaminitis",
             Snap().organ(4).transaminitis(4), 4),
      graded("5: death from CRS", Snap().temp(38.5).death(DeathCause::crs), 5),
      not_derivable("open: oxygen without FiO2", Snap().temp(38.5).cannula(std::nullopt), 2,
                    {"oxygen.fio2_pct"}),
      graded("3: oxygen without FiO2, but grade 3 organ toxicity already reaches 3",
             Snap().temp(38.5).cannula(std::nullopt).organ(3), 3),
      not_derivable(
          "open: norepinephrine without dose",
          Snap().temp(38.5).pressor(D::norepinephrine, std::nullopt, DoseRateUnit::ug_min, 5.0), 2,
          {"vasopressors.norepinephrine.dose"}, kTable),
      not_derivable("open: norepinephrine without unit",
                    Snap().temp(38.5).pressor(D::norepinephrine, 25.0, std::nullopt, 5.0), 2,
                    {"vasopressors.norepinephrine.unit"}, kTable),
      not_derivable(
          "open: norepinephrine 20 ug/min without hours",
          Snap().temp(38.5).pressor(D::norepinephrine, 20.0, DoseRateUnit::ug_min, std::nullopt), 2,
          {"vasopressors.norepinephrine.hours"}, kTable),
      not_derivable("open: norepinephrine in ug/kg/min without weight",
                    Snap().temp(38.5).no_weight().ug_kg_min(D::norepinephrine, 0.3, 5.0), 2,
                    {"weight_kg"}, kTable),
      graded("3: norepinephrine in ug/kg/min without weight, but FiO2 45% already reaches 3",
             Snap().temp(38.5).no_weight().ug_kg_min(D::norepinephrine, 0.3, 5.0).cannula(45.0), 3,
             kTable),
  };
  run_table(&grade_lee2014, "lee2014", ScaleMark::verified, rows);
}

// ---------------------------------------------------------------------------------------------
// CTCAE v4.03 [V]

TEST(OlderCrsScales, CtcaeV4Table) {
  const std::vector<Row> rows{
      graded("0: nothing recorded", Snap(), 0),
      graded("1: fever, no intervention", Snap().temp(38.5).course(SymptomCourse::no_intervention),
             1),
      graded("2: fever, prompt response to symptomatic treatment",
             Snap().temp(38.5).course(SymptomCourse::prompt_response), 2),
      graded("3: fever, prolonged or recurrent",
             Snap().temp(38.5).course(SymptomCourse::prolonged_or_recurrent), 3),
      graded("2: hypotension without pressor, prompt response",
             Snap().temp(38.5).hypotension().boluses(1).course(SymptomCourse::prompt_response), 2),
      graded("3: nasal cannula oxygen, prolonged",
             Snap().temp(38.5).cannula(28.0).course(SymptomCourse::prolonged_or_recurrent), 3),
      graded("2: facemask FiO2 45% is not a grade of its own in CTCAE v4, prompt response",
             Snap()
                 .temp(38.5)
                 .o2(OxygenDevice::simple_facemask, 45.0)
                 .course(SymptomCourse::prompt_response),
             2),
      graded("1: dobutamine is not a pressor",
             Snap()
                 .temp(38.5)
                 .ug_kg_min(D::dobutamine, 5.0, 5.0)
                 .course(SymptomCourse::no_intervention),
             1),
      graded("4: any pressor, low dose and short, no symptom course needed",
             Snap().temp(38.5).ne(2.0, 0.5), 4),
      graded("4: vasopressin alone is pressor support", Snap().temp(38.5).vasopressin(1.0), 4),
      graded("4: mechanical ventilation, no symptom course needed",
             Snap().temp(38.5).o2(OxygenDevice::mechanical_ventilation, 50.0), 4),
      graded("5: death from CRS", Snap().temp(38.5).death(DeathCause::crs), 5),
      not_derivable("open: fever without symptom_course", Snap().temp(38.5), 1, {"symptom_course"}),
      not_derivable("open: hypotension without pressor, without symptom_course",
                    Snap().temp(38.5).hypotension().boluses(1), 2, {"symptom_course"}),
      not_derivable("open: nasal cannula without symptom_course", Snap().temp(38.5).cannula(28.0),
                    2, {"symptom_course"}),
  };
  run_table(&grade_ctcae_v4_crs, "ctcae_v4", ScaleMark::verified, rows);
}

// ---------------------------------------------------------------------------------------------
// CTCAE v5.0 [R]: every result is labelled unverified

TEST(OlderCrsScales, CtcaeV5Table) {
  const std::vector<Row> rows{
      graded("0: nothing recorded", Snap(), 0),
      graded("0: 37.9 C is not fever", Snap().temp(37.9), 0),
      graded("1: fever 38.0 C", Snap().temp(38.0), 1),
      graded("2: hypotension responding to fluids", Snap().temp(38.5).hypotension().boluses(1), 2),
      graded("2: FiO2 39% (< 40%)", Snap().temp(38.5).cannula(39.0), 2),
      graded("3: FiO2 40% (>= 40%)", Snap().temp(38.5).cannula(40.0), 3),
      graded("3: hypotension managed with one pressor", Snap().temp(38.5).ne(5.0, 1.0), 3),
      graded("3: one pressor, facemask without FiO2 (grade 3 already reached)",
             Snap().temp(38.5).ne(5.0, 1.0).o2(OxygenDevice::simple_facemask, std::nullopt), 3),
      graded("4: several pressors (read as urgent intervention)",
             Snap().temp(38.5).ne(5.0, 1.0).ug_min(D::phenylephrine, 50.0, 1.0), 4),
      graded("4: mechanical ventilation",
             Snap().temp(38.5).o2(OxygenDevice::mechanical_ventilation, 50.0), 4),
      graded("5: death from CRS", Snap().temp(38.5).death(DeathCause::crs), 5),
      not_derivable("open: oxygen without FiO2", Snap().temp(38.5).cannula(std::nullopt), 2,
                    {"oxygen.fio2_pct"}),
  };
  run_table(&grade_ctcae_v5_crs, "ctcae_v5", ScaleMark::unverified, rows);
}

// ---------------------------------------------------------------------------------------------
// Penn [V], high-dose table [R]

TEST(OlderCrsScales, PennTable) {
  const std::vector<Row> rows{
      graded("0: nothing recorded", Snap(), 0),
      graded("1: fever, supportive care only", Snap().temp(38.5), 1),
      graded("2: IV therapy or admission for CRS symptoms", Snap().temp(38.5).iv_therapy(), 2),
      graded("2: grade 1 creatinine", Snap().creatinine(1), 2),
      graded("2: grade 2 creatinine", Snap().creatinine(2), 2),
      graded("2: grade 3 LFTs", Snap().transaminitis(3), 2),
      graded("2: hypotension, one fluid bolus", Snap().temp(38.5).hypotension().boluses(1), 2),
      graded("3: hypotension, two fluid boluses", Snap().temp(38.5).hypotension().boluses(2), 3),
      graded("3: grade 3 creatinine", Snap().creatinine(3), 3),
      graded("3: grade 4 LFTs", Snap().transaminitis(4), 3),
      graded("3: low-dose vasopressor (norepinephrine 5 ug/min for 1 h)",
             Snap().temp(38.5).ne(5.0, 1.0), 3, kTable),
      graded("3: norepinephrine 19.9 ug/min for 5 h", Snap().temp(38.5).ne(19.9, 5.0), 3, kTable),
      graded("3: norepinephrine 20 ug/min for 2.9 h", Snap().temp(38.5).ne(20.0, 2.9), 3, kTable),
      graded("4: norepinephrine 20 ug/min for 3 h", Snap().temp(38.5).ne(20.0, 3.0), 4, kTable),
      graded("4: norepinephrine 0.3 ug/kg/min x 70 kg = 21 ug/min for 4 h",
             Snap().temp(38.5).ug_kg_min(D::norepinephrine, 0.3, 4.0), 4, kTable),
      graded("3: vasopressin + norepinephrine 9.9 ug/min for 3 h",
             Snap().temp(38.5).ne(9.9, 3.0).vasopressin(3.0), 3, kTable),
      graded("4: vasopressin + norepinephrine 10 ug/min for 3 h",
             Snap().temp(38.5).ne(10.0, 3.0).vasopressin(3.0), 4, kTable),
      graded("3: combination NE-eq 10 + 99/10 = 19.9 ug/min for 3 h",
             Snap().temp(38.5).ne(10.0, 3.0).ug_min(D::phenylephrine, 99.0, 3.0), 3, kTable),
      graded("4: combination NE-eq 10 + 100/10 = 20 ug/min for 3 h",
             Snap().temp(38.5).ne(10.0, 3.0).ug_min(D::phenylephrine, 100.0, 3.0), 4, kTable),
      graded("4: combination NE-eq 15 + dopamine 10/2 = 20 ug/min for 3 h",
             Snap().temp(38.5).ne(15.0, 3.0).ug_kg_min(D::dopamine, 10.0, 3.0), 4, kTable),
      graded("3: combination NE-eq 20, one drug for only 2.9 h",
             Snap().temp(38.5).ne(10.0, 3.0).ug_min(D::phenylephrine, 100.0, 2.9), 3, kTable),
      graded("3: nasal cannula oxygen, FiO2 not needed", Snap().temp(38.5).cannula(std::nullopt),
             3),
      graded("3: high-flow nasal cannula",
             Snap().temp(38.5).o2(OxygenDevice::high_flow_nasal_cannula, 50.0, 40.0), 3),
      graded("3: CPAP is supplemental oxygen, not mechanical ventilation",
             Snap().temp(38.5).o2(OxygenDevice::cpap, 40.0), 3),
      graded("3: BiPAP is supplemental oxygen, not mechanical ventilation",
             Snap().temp(38.5).o2(OxygenDevice::bipap, 40.0), 3),
      graded("4: mechanical ventilation",
             Snap().temp(38.5).o2(OxygenDevice::mechanical_ventilation, 40.0), 4),
      graded("5: death from CRS", Snap().temp(38.5).death(DeathCause::crs), 5),
      not_derivable(
          "open: vasopressor without dose",
          Snap().temp(38.5).pressor(D::norepinephrine, std::nullopt, DoseRateUnit::ug_min, 5.0), 3,
          {"vasopressors.norepinephrine.dose"}, kTable),
      not_derivable(
          "open: norepinephrine 25 ug/min without hours",
          Snap().temp(38.5).pressor(D::norepinephrine, 25.0, DoseRateUnit::ug_min, std::nullopt), 3,
          {"vasopressors.norepinephrine.hours"}, kTable),
      not_derivable("open: norepinephrine in ug/kg/min without weight",
                    Snap().temp(38.5).no_weight().ug_kg_min(D::norepinephrine, 0.3, 5.0), 3,
                    {"weight_kg"}, kTable),
      not_derivable("open: hypotension without the number of fluid boluses",
                    Snap().temp(38.5).hypotension(), 2, {"fluid_boluses"}),
  };
  run_table(&grade_penn, "penn", ScaleMark::verified, rows);
}

// ---------------------------------------------------------------------------------------------
// MSKCC [V], high-dose table [R] for grade 4

TEST(OlderCrsScales, MskccTable) {
  const std::vector<Row> rows{
      graded("0: nothing recorded", Snap(), 0),
      graded("1: fever, supportive care", Snap().temp(38.5), 1),
      graded("2: vasopressor for 23.9 h", Snap().temp(38.5).ne(5.0, 23.9), 2),
      graded("3: vasopressor for 24 h", Snap().temp(38.5).ne(5.0, 24.0), 3),
      graded("2: FiO2 39% (< 40%)", Snap().temp(38.5).cannula(39.0), 2),
      graded("3: FiO2 40% (>= 40%)", Snap().temp(38.5).cannula(40.0), 3),
      graded("2: hypotension, norepinephrine 19.9 ug/min for 3 h is not high dose",
             Snap().temp(38.5).hypotension().ne(19.9, 3.0), 2, kTable),
      graded("2: hypotension, norepinephrine 20 ug/min for 2.9 h is not sustained",
             Snap().temp(38.5).hypotension().ne(20.0, 2.9), 2, kTable),
      graded("4: hypotension refractory to norepinephrine 20 ug/min for 3 h",
             Snap().temp(38.5).hypotension().ne(20.0, 3.0), 4, kTable),
      graded("4: hypotension refractory to norepinephrine 20 ug/min for 30 h",
             Snap().temp(38.5).hypotension().ne(20.0, 30.0), 4, kTable),
      graded("4: mechanical ventilation",
             Snap().temp(38.5).o2(OxygenDevice::mechanical_ventilation, 40.0), 4),
      graded("5: death from CRS", Snap().temp(38.5).death(DeathCause::crs), 5),
      not_derivable(
          "open: vasopressor without hours",
          Snap().temp(38.5).pressor(D::norepinephrine, 5.0, DoseRateUnit::ug_min, std::nullopt), 2,
          {"vasopressors.norepinephrine.hours"}),
      not_derivable("open: oxygen without FiO2", Snap().temp(38.5).cannula(std::nullopt), 2,
                    {"oxygen.fio2_pct"}),
      graded("3: oxygen without FiO2, but vasopressor for 30 h already reaches 3",
             Snap().temp(38.5).ne(5.0, 30.0).cannula(std::nullopt), 3),
      not_derivable(
          "open: hypotension, norepinephrine in ug/kg/min without weight",
          Snap().temp(38.5).no_weight().hypotension().ug_kg_min(D::norepinephrine, 0.3, 5.0), 2,
          {"weight_kg"}, kTable),
  };
  run_table(&grade_mskcc, "mskcc", ScaleMark::verified, rows);
}

// ---------------------------------------------------------------------------------------------
// CARTOX [V], high-dose table [R]

TEST(OlderCrsScales, CartoxTable) {
  const std::vector<Row> rows{
      graded("0: nothing recorded", Snap(), 0),
      graded("0: 37.9 C is not fever", Snap().temp(37.9), 0),
      graded("1: temperature 38.0 C", Snap().temp(38.0), 1),
      graded("1: grade 1 organ toxicity counts in CARTOX", Snap().organ(1), 1),
      graded("1: grade 1 transaminitis counts in CARTOX", Snap().transaminitis(1), 1),
      graded("2: SBP 85 mmHg (< 90) responsive to fluids", Snap().temp(38.5).sbp(85.0).boluses(1),
             2),
      graded("1: SBP 90 mmHg is not hypotension", Snap().temp(38.5).sbp(90.0), 1),
      graded("2: norepinephrine 19.9 ug/min for 5 h is low dose", Snap().temp(38.5).ne(19.9, 5.0),
             2, kTable),
      graded("2: norepinephrine 20 ug/min for 2.9 h", Snap().temp(38.5).ne(20.0, 2.9), 2, kTable),
      graded("2: FiO2 39% (< 40%)", Snap().temp(38.5).cannula(39.0), 2),
      graded("2: grade 2 organ toxicity", Snap().organ(2), 2),
      graded("3: FiO2 40% (>= 40%)", Snap().temp(38.5).cannula(40.0), 3),
      graded("3: norepinephrine 20 ug/min for 3 h", Snap().temp(38.5).ne(20.0, 3.0), 3, kTable),
      graded("3: several vasopressors (norepinephrine + epinephrine), low doses",
             Snap().temp(38.5).ne(3.0, 1.0).ug_min(D::epinephrine, 2.0, 1.0), 3),
      graded("3: grade 3 organ toxicity", Snap().organ(3), 3),
      graded("3: grade 4 transaminitis counts as grade 3", Snap().transaminitis(4), 3),
      graded("4: grade 4 organ toxicity (not transaminitis)", Snap().organ(4), 4),
      graded("4: mechanical ventilation",
             Snap().temp(38.5).o2(OxygenDevice::mechanical_ventilation, 40.0), 4),
      graded("4: BiPAP (positive pressure)", Snap().temp(38.5).o2(OxygenDevice::bipap, 40.0), 4),
      graded("5: death from CRS", Snap().temp(38.5).death(DeathCause::crs), 5),
      not_derivable("open: oxygen without FiO2", Snap().temp(38.5).cannula(std::nullopt), 2,
                    {"oxygen.fio2_pct"}),
      not_derivable("open: norepinephrine in ug/kg/min without weight",
                    Snap().temp(38.5).no_weight().ug_kg_min(D::norepinephrine, 0.3, 5.0), 2,
                    {"weight_kg"}, kTable),
      not_derivable(
          "open: norepinephrine without dose",
          Snap().temp(38.5).pressor(D::norepinephrine, std::nullopt, DoseRateUnit::ug_min, 5.0), 2,
          {"vasopressors.norepinephrine.dose"}, kTable),
  };
  run_table(&grade_cartox_crs, "cartox", ScaleMark::verified, rows);
}

// ---------------------------------------------------------------------------------------------
// Rules shared by every older scale

struct Scale {
  std::string_view name;
  Rule rule;
};

const std::vector<Scale>& older_scales() {
  static const std::vector<Scale> scales{
      {"lee2014", &grade_lee2014},       {"ctcae_v4", &grade_ctcae_v4_crs},
      {"ctcae_v5", &grade_ctcae_v5_crs}, {"penn", &grade_penn},
      {"mskcc", &grade_mskcc},           {"cartox", &grade_cartox_crs},
  };
  return scales;
}

TEST(OlderCrsScales, DeathFromCrsIsGrade5OnEveryScale) {
  const std::vector<std::pair<std::string, Snapshot>> cases{
      {"death alone, afebrile", Snap().death(DeathCause::crs)},
      {"death with fever", Snap().temp(39.0).death(DeathCause::crs)},
      // Missing inputs that could only reach grade 3 or 4 do not keep grade 5 open.
      {"death with oxygen without FiO2 and a pressor without dose or hours",
       Snap()
           .temp(39.0)
           .death(DeathCause::crs)
           .cannula(std::nullopt)
           .pressor(D::norepinephrine, std::nullopt, DoseRateUnit::ug_min, std::nullopt)},
  };
  for (const auto& [label, s] : cases) {
    for (const auto& scale : older_scales()) {
      SCOPED_TRACE(label + " / " + std::string(scale.name));
      const GradeResult r = scale.rule(s, RuleOptions{});
      EXPECT_TRUE(r.grade.has_value()) << show(r);
      EXPECT_EQ(r.grade.value_or(-1), 5) << show(r);
      ASSERT_FALSE(r.drivers.empty());
      EXPECT_EQ(r.drivers.front().finding, "death") << show(r);
    }
  }
}

TEST(OlderCrsScales, DeathFromAnotherCauseIsNotGrade5OnAnyScale) {
  const Snapshot s = Snap().death(DeathCause::icans);
  for (const auto& scale : older_scales()) {
    SCOPED_TRACE(scale.name);
    const GradeResult r = scale.rule(s, RuleOptions{});
    EXPECT_TRUE(r.grade.has_value()) << show(r);
    EXPECT_EQ(r.grade.value_or(-1), 0) << show(r);
  }
}

TEST(OlderCrsScales, AttributedHypotensionIsNotCountedOnAnyScale) {
  // Hypotension on norepinephrine 25 ug/min for 30 h, afebrile: grade >= 2 on every scale ...
  const Snapshot counted = Snap().hypotension().boluses(2).ne(25.0, 30.0);
  // ... and nothing once the clinician attributes the hypotension to another cause.
  const Snapshot attributed =
      Snap().hypotension().boluses(2).ne(25.0, 30.0).hypotension_elsewhere();
  for (const auto& scale : older_scales()) {
    SCOPED_TRACE(scale.name);
    const GradeResult c = scale.rule(counted, RuleOptions{});
    EXPECT_GE(c.at_least, 2) << show(c);
    const GradeResult r = scale.rule(attributed, RuleOptions{});
    EXPECT_TRUE(r.grade.has_value()) << show(r);
    EXPECT_EQ(r.grade.value_or(-1), 0) << show(r);
    EXPECT_TRUE(r.drivers.empty()) << show(r);
    EXPECT_TRUE(note_mentions(r, "attributed")) << show(r);
  }
}

TEST(OlderCrsScales, ComfortOxygenIsNotCountedOnAnyScale) {
  const Snapshot hypoxia = Snap().o2(OxygenDevice::simple_facemask, 45.0, 8.0);
  const Snapshot comfort =
      Snap().o2(OxygenDevice::simple_facemask, 45.0, 8.0, OxygenPurpose::comfort);
  for (const auto& scale : older_scales()) {
    SCOPED_TRACE(scale.name);
    const GradeResult h = scale.rule(hypoxia, RuleOptions{});
    EXPECT_GE(h.at_least, 2) << show(h);
    const GradeResult r = scale.rule(comfort, RuleOptions{});
    EXPECT_TRUE(r.grade.has_value()) << show(r);
    EXPECT_EQ(r.grade.value_or(-1), 0) << show(r);
    EXPECT_TRUE(r.drivers.empty()) << show(r);
    EXPECT_TRUE(note_mentions(r, "comfort")) << show(r);
  }
}

TEST(OlderCrsScales, AttributedHypoxiaIsNotCountedOnAnyScale) {
  Snapshot s = Snap().o2(OxygenDevice::mechanical_ventilation, 60.0);
  for (const auto& scale : older_scales()) {
    SCOPED_TRACE(scale.name);
    EXPECT_EQ(scale.rule(s, RuleOptions{}).grade.value_or(-1), 4);
  }
  s.attributed.hypoxia = true;
  for (const auto& scale : older_scales()) {
    SCOPED_TRACE(scale.name);
    const GradeResult r = scale.rule(s, RuleOptions{});
    EXPECT_TRUE(r.grade.has_value()) << show(r);
    EXPECT_EQ(r.grade.value_or(-1), 0) << show(r);
    EXPECT_TRUE(note_mentions(r, "attributed")) << show(r);
  }
}

TEST(OlderCrsScales, AirwayProtectionOxygenIsNotCountedAndLabelledUnverified) {
  // [R] section 1 rule 6: ventilation for airway protection because of neurotoxicity does not
  // count toward CRS; the result rests on that unverified rule and says so.
  const Snapshot s = Snap().o2(OxygenDevice::mechanical_ventilation, 40.0, std::nullopt,
                               OxygenPurpose::airway_protection);
  for (const auto& scale : older_scales()) {
    SCOPED_TRACE(scale.name);
    const GradeResult r = scale.rule(s, RuleOptions{});
    EXPECT_TRUE(r.grade.has_value()) << show(r);
    EXPECT_EQ(r.grade.value_or(-1), 0) << show(r);
    EXPECT_FALSE(r.unverified.empty()) << show(r);
    EXPECT_TRUE(contains(r.rule(), "unverified")) << show(r);
    EXPECT_TRUE(note_mentions(r, "airway protection")) << show(r);
  }
  // The option turns the [R] exclusion off: ventilation then counts (grade 4 on every scale).
  RuleOptions counted;
  counted.exclude_airway_protection_oxygen = false;
  for (const auto& scale : older_scales()) {
    SCOPED_TRACE(scale.name);
    const GradeResult r = scale.rule(s, counted);
    EXPECT_EQ(r.grade.value_or(-1), 4) << show(r);
  }
}

TEST(OlderCrsScales, NoScaleRequiresFever) {
  // Grade 3 organ toxicity without fever still grades on Lee 2014 and CARTOX; one pressor without
  // fever still grades on the others.
  const Snapshot organ = Snap().organ(3);
  EXPECT_EQ(grade_lee2014(organ).grade.value_or(-1), 3);
  EXPECT_EQ(grade_cartox_crs(organ).grade.value_or(-1), 3);
  const Snapshot pressor = Snap().ne(5.0, 30.0);
  EXPECT_EQ(grade_ctcae_v4_crs(pressor).grade.value_or(-1), 4);
  EXPECT_EQ(grade_ctcae_v5_crs(pressor).grade.value_or(-1), 3);
  EXPECT_EQ(grade_penn(pressor).grade.value_or(-1), 3);
  EXPECT_EQ(grade_mskcc(pressor).grade.value_or(-1), 3);
}

TEST(OlderCrsScales, HighDoseTableIsOptionsData) {
  // The [R] table is data: lowering the norepinephrine threshold changes Lee 2014 and Penn.
  const Snapshot s = Snap().temp(38.5).ne(8.0, 5.0);
  EXPECT_EQ(grade_lee2014(s).grade.value_or(-1), 2);
  EXPECT_EQ(grade_penn(s).grade.value_or(-1), 3);
  RuleOptions options;
  options.high_dose.norepinephrine_ug_min = 8.0;
  EXPECT_EQ(grade_lee2014(s, options).grade.value_or(-1), 3);
  EXPECT_EQ(grade_penn(s, options).grade.value_or(-1), 4);
  options.high_dose.min_hours = 6.0;
  EXPECT_EQ(grade_lee2014(s, options).grade.value_or(-1), 2);
  EXPECT_EQ(grade_penn(s, options).grade.value_or(-1), 3);
}

// ---------------------------------------------------------------------------------------------
// Issue 3: a trial patient regraded from the raw inputs

Snapshot issue3(std::optional<double> fio2) {
  return Snap().temp(39.0).ne(8.0, 30.0).o2(OxygenDevice::simple_facemask, fio2);
}

TEST(OlderCrsScales, Issue3RegradingCase) {
  const Snapshot s = issue3(45.0);
  const std::vector<std::pair<GradeResult, int>> expected{
      {grade_astct_crs(s), 3},
      {grade_lee2014(s), 3},
      {grade_mskcc(s), 3},
      {grade_cartox_crs(s), 3},
      {grade_penn(s), 3},
      // Not named in the issue, but fixed by section 5: CTCAE v4 any pressor -> 4, v5 one
      // pressor / FiO2 >= 40% -> 3.
      {grade_ctcae_v4_crs(s), 4},
      {grade_ctcae_v5_crs(s), 3},
  };
  for (const auto& [r, grade] : expected) {
    SCOPED_TRACE(r.scale);
    EXPECT_TRUE(r.grade.has_value()) << show(r);
    EXPECT_EQ(r.grade.value_or(-1), grade) << show(r);
  }
  // Lee 2014 and CARTOX: the FiO2 decides (norepinephrine 8 ug/min is low dose).
  for (const auto& r : {grade_lee2014(s), grade_cartox_crs(s)}) {
    SCOPED_TRACE(r.scale);
    ASSERT_FALSE(r.drivers.empty());
    EXPECT_EQ(r.drivers.front().finding, "oxygen") << show(r);
    EXPECT_EQ(r.drivers.front().grade, 3) << show(r);
  }
}

TEST(OlderCrsScales, Issue3WithoutFio2) {
  const Snapshot s = issue3(std::nullopt);
  const GradeResult lee = grade_lee2014(s);
  EXPECT_FALSE(lee.grade.has_value()) << show(lee);
  EXPECT_EQ(lee.missing, std::vector<std::string>{"oxygen.fio2_pct"}) << show(lee);
  EXPECT_EQ(lee.at_least, 2) << show(lee);

  const GradeResult cartox = grade_cartox_crs(s);
  EXPECT_FALSE(cartox.grade.has_value()) << show(cartox);
  EXPECT_TRUE(has(cartox.missing, "oxygen.fio2_pct")) << show(cartox);
  EXPECT_EQ(cartox.at_least, 2) << show(cartox);

  // The scales that do not need the FiO2 here still grade.
  EXPECT_EQ(grade_astct_crs(s).grade.value_or(-1), 3);
  EXPECT_EQ(grade_mskcc(s).grade.value_or(-1), 3);  // vasopressor >= 24 h
  EXPECT_EQ(grade_penn(s).grade.value_or(-1), 3);
}

}  // namespace
}  // namespace cytostorm::clinical
