// ASTCT 2019 CRS grading: the oracle cases of clinical-rules.md section 9, the known mistakes of
// public tools as regression tests, and the boundaries of section 1.

#include "cytostorm/clinical/astct_crs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/record/snapshot.hpp"
#include "cytostorm/record/units.hpp"
#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::clinical {
namespace {

using record::DeathCause;
using record::DoseRateUnit;
using record::OxygenDevice;
using record::OxygenPurpose;
using record::OxygenSupport;
using record::Snapshot;
using record::VasoactiveDrug;
using record::VasoactiveInfusion;

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

/// True when some driver's text mentions `word`.
bool driver_text_mentions(const GradeResult& r, std::string_view word) {
  return std::any_of(r.drivers.begin(), r.drivers.end(),
                     [&](const Driver& d) { return contains(d.text, word); });
}

/// True when some driver has key `finding` and grade `grade`.
bool has_driver(const GradeResult& r, std::string_view finding, int grade) {
  return std::any_of(r.drivers.begin(), r.drivers.end(),
                     [&](const Driver& d) { return d.finding == finding && d.grade == grade; });
}

/// True when some note mentions `word`.
bool note_mentions(const GradeResult& r, std::string_view word) {
  return std::any_of(r.notes.begin(), r.notes.end(),
                     [&](const std::string& n) { return contains(n, word); });
}

Snapshot febrile(double t = 38.5) {
  Snapshot s;
  s.age_years = 45.0;
  s.weight_kg = 70.0;
  s.temperature_c = t;
  return s;
}

VasoactiveInfusion pressor(VasoactiveDrug drug, double dose = 5.0,
                           DoseRateUnit unit = DoseRateUnit::ug_min) {
  VasoactiveInfusion v;
  v.drug = drug;
  v.dose = dose;
  v.unit = drug == VasoactiveDrug::vasopressin ? DoseRateUnit::units_min : unit;
  v.hours = 1.0;
  return v;
}

OxygenSupport oxygen(OxygenDevice device, std::optional<double> flow,
                     OxygenPurpose purpose = OxygenPurpose::hypoxia) {
  OxygenSupport o;
  o.device = device;
  o.flow_l_min = flow;
  o.purpose = purpose;
  return o;
}

/// The grade of `r`, failing the test when the grade is not derivable.
int grade_of(const GradeResult& r) {
  EXPECT_TRUE(r.grade.has_value()) << "grade not derivable; at_least " << r.at_least;
  return r.grade.value_or(-1);
}

// ---------------------------------------------------------------------------------------------
// Oracle cases (clinical-rules.md section 9, CRS)

TEST(AstctCrsOracle, Fever37_9IsNoCrs) {
  auto r = grade_astct_crs(febrile(37.9));
  EXPECT_EQ(grade_of(r), 0);
  EXPECT_TRUE(r.drivers.empty());
}

TEST(AstctCrsOracle, Fever38_0IsGrade1) {
  auto r = grade_astct_crs(febrile(38.0));
  EXPECT_EQ(grade_of(r), 1);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "fever");
  EXPECT_EQ(r.drivers.front().grade, 1);
  EXPECT_EQ(r.scale, "astct");
  EXPECT_EQ(r.citation.short_name, "ASTCT 2019");
}

TEST(AstctCrsOracle, NasalCannula6IsGrade2) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::nasal_cannula, 6.0);
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 2);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "oxygen");
  EXPECT_EQ(r.drivers.front().grade, 2);
  EXPECT_TRUE(contains(r.drivers.front().text, "low-flow")) << r.drivers.front().text;
}

TEST(AstctCrsOracle, NasalCannula6_5IsGrade3) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::nasal_cannula, 6.5);
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 3);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "oxygen");
  EXPECT_EQ(r.drivers.front().grade, 3);
  EXPECT_TRUE(contains(r.drivers.front().text, "high-flow")) << r.drivers.front().text;
}

TEST(AstctCrsOracle, SimpleFacemask4IsGrade3) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::simple_facemask, 4.0);
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 3);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "oxygen");
  EXPECT_TRUE(contains(r.drivers.front().text, "facemask")) << r.drivers.front().text;
}

TEST(AstctCrsOracle, HypotensionWithFluidsOnlyIsGrade2) {
  auto s = febrile();
  s.hypotension = true;
  s.fluid_boluses = 2;
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 2);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "hypotension");
  EXPECT_EQ(r.drivers.front().grade, 2);
}

TEST(AstctCrsOracle, NorepinephrinePlusVasopressinIsGrade3) {
  auto s = febrile();
  s.vasoactives = {pressor(VasoactiveDrug::norepinephrine),
                   pressor(VasoactiveDrug::vasopressin, 0.03)};
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 3);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "vasopressors");
  EXPECT_TRUE(driver_text_mentions(r, "norepinephrine"));
  EXPECT_TRUE(driver_text_mentions(r, "vasopressin"));
}

TEST(AstctCrsOracle, NorepinephrinePlusPhenylephrineIsGrade4) {
  auto s = febrile();
  s.vasoactives = {pressor(VasoactiveDrug::norepinephrine),
                   pressor(VasoactiveDrug::phenylephrine, 50.0)};
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 4);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "vasopressors");
  EXPECT_EQ(r.drivers.front().grade, 4);
  EXPECT_TRUE(contains(r.drivers.front().text, "norepinephrine")) << r.drivers.front().text;
  EXPECT_TRUE(contains(r.drivers.front().text, "phenylephrine")) << r.drivers.front().text;
}

TEST(AstctCrsOracle, BipapIsGrade4) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::bipap, std::nullopt);
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 4);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "oxygen");
  EXPECT_EQ(r.drivers.front().grade, 4);
  EXPECT_TRUE(contains(r.drivers.front().text, "bipap")) << r.drivers.front().text;
  EXPECT_TRUE(contains(r.drivers.front().text, "positive pressure")) << r.drivers.front().text;
}

TEST(AstctCrsOracle, OnePressorPlusNasalCannula2IsGrade3) {
  auto s = febrile();
  s.vasoactives = {pressor(VasoactiveDrug::norepinephrine)};
  s.oxygen = oxygen(OxygenDevice::nasal_cannula, 2.0);
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 3);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "vasopressors");
  EXPECT_EQ(r.drivers.front().grade, 3);
  EXPECT_TRUE(contains(r.drivers.front().text, "norepinephrine")) << r.drivers.front().text;
  EXPECT_TRUE(has_driver(r, "oxygen", 2));
}

TEST(AstctCrsOracle, AfebrileAfterTocilizumabOnePressorIsGrade3) {
  auto s = febrile(37.2);
  s.fever_masked = true;
  s.vasoactives = {pressor(VasoactiveDrug::norepinephrine)};
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 3);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "vasopressors");
  EXPECT_TRUE(contains(r.drivers.front().text, "norepinephrine")) << r.drivers.front().text;
  EXPECT_TRUE(note_mentions(r, "masked"));
}

TEST(AstctCrsOracle, AfebrileOnePressorNoPriorCrsIsNone) {
  auto s = febrile(37.2);
  s.fever_masked = false;
  s.vasoactives = {pressor(VasoactiveDrug::norepinephrine)};
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 0);
  EXPECT_TRUE(r.drivers.empty());
  // The pressor was seen, and the result says why it did not count.
  EXPECT_TRUE(note_mentions(r, "norepinephrine"));
  EXPECT_TRUE(note_mentions(r, "without fever"));
}

// ---------------------------------------------------------------------------------------------
// Known mistakes in public tools (clinical-rules.md section 9)

TEST(PublicToolMistakes, HighFlowIsAboveSixNotAtSix) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::nasal_cannula, 6.0);
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 2) << "6 L/min is low flow";
  s.oxygen->flow_l_min = 6.01;
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 3) << "just above 6 L/min is high flow";
}

TEST(PublicToolMistakes, VasopressinIsNotASecondPressor) {
  auto s = febrile();
  s.vasoactives = {pressor(VasoactiveDrug::epinephrine),
                   pressor(VasoactiveDrug::vasopressin, 0.04)};
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 3);
  EXPECT_FALSE(has_driver(r, "vasopressors", 4));
  EXPECT_TRUE(driver_text_mentions(r, "vasopressin"));
}

TEST(PublicToolMistakes, Grade4NeedsVentilatorOrPressorsNotBoth) {
  {
    SCOPED_TRACE("BiPAP alone, no pressor");
    auto s = febrile();
    s.oxygen = oxygen(OxygenDevice::bipap, std::nullopt);
    auto r = grade_astct_crs(s);
    EXPECT_EQ(grade_of(r), 4);
    EXPECT_TRUE(has_driver(r, "oxygen", 4));
  }
  {
    SCOPED_TRACE("two pressors alone, room air");
    auto s = febrile();
    s.oxygen = oxygen(OxygenDevice::room_air, std::nullopt);
    s.vasoactives = {pressor(VasoactiveDrug::norepinephrine), pressor(VasoactiveDrug::epinephrine)};
    auto r = grade_astct_crs(s);
    EXPECT_EQ(grade_of(r), 4);
    EXPECT_TRUE(has_driver(r, "vasopressors", 4));
  }
  {
    SCOPED_TRACE("mechanical ventilation alone");
    auto s = febrile();
    s.oxygen = oxygen(OxygenDevice::mechanical_ventilation, std::nullopt);
    EXPECT_EQ(grade_of(grade_astct_crs(s)), 4);
  }
}

TEST(PublicToolMistakes, AfebrileAfterTocilizumabIsNotGradeZero) {
  auto s = febrile(36.8);
  s.fever_masked = true;
  s.oxygen = oxygen(OxygenDevice::nasal_cannula, 3.0);
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 2);
  EXPECT_GT(r.at_least, 0);
  EXPECT_TRUE(has_driver(r, "oxygen", 2));
}

// ---------------------------------------------------------------------------------------------
// Fever

TEST(AstctCrsFever, FahrenheitBoundaryIsFever) {
  auto s = febrile(record::fahrenheit_to_celsius(100.4));
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 1);
  s.temperature_c = record::fahrenheit_to_celsius(100.2);
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 0);
}

TEST(AstctCrsFever, NoTemperatureNoCrs) {
  Snapshot s;
  s.oxygen = oxygen(OxygenDevice::nasal_cannula, 2.0);
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 0);
  EXPECT_TRUE(r.drivers.empty());
}

TEST(AstctCrsFever, AttributedFeverDoesNotCount) {
  auto s = febrile(39.0);
  s.attributed.fever = true;
  s.vasoactives = {pressor(VasoactiveDrug::norepinephrine)};
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 0);
  EXPECT_TRUE(r.drivers.empty());
  EXPECT_TRUE(note_mentions(r, "attributed"));
}

// ---------------------------------------------------------------------------------------------
// Oxygen

TEST(AstctCrsOxygen, SixVersusSixPointOne) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::nasal_cannula, 6.0);
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 2);
  s.oxygen->flow_l_min = 6.1;
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 3);
}

TEST(AstctCrsOxygen, NasalCannulaWithoutFlowIsNotDerivable) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::nasal_cannula, std::nullopt);
  auto r = grade_astct_crs(s);
  EXPECT_FALSE(r.grade.has_value());
  EXPECT_EQ(r.at_least, 2);
  EXPECT_NE(std::find(r.missing.begin(), r.missing.end(), "oxygen.flow_l_min"), r.missing.end());
}

TEST(AstctCrsOxygen, NasalCannulaWithoutFlowDoesNotMatterWhenPressorsReachGrade3) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::nasal_cannula, std::nullopt);
  s.vasoactives = {pressor(VasoactiveDrug::norepinephrine)};
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 3);
  EXPECT_TRUE(r.missing.empty());
}

TEST(AstctCrsOxygen, BlowByIsGrade2) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::blow_by, std::nullopt);
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 2);
  EXPECT_TRUE(has_driver(r, "oxygen", 2));
}

TEST(AstctCrsOxygen, MasksAreGrade3AtAnyFlow) {
  for (auto device : {OxygenDevice::simple_facemask, OxygenDevice::non_rebreather,
                      OxygenDevice::venturi, OxygenDevice::high_flow_nasal_cannula}) {
    for (double flow : {1.0, 6.0, 15.0}) {
      SCOPED_TRACE(std::string(record::name(device)) + " " + std::to_string(flow));
      auto s = febrile();
      s.oxygen = oxygen(device, flow);
      auto r = grade_astct_crs(s);
      EXPECT_EQ(grade_of(r), 3);
      EXPECT_TRUE(has_driver(r, "oxygen", 3));
    }
  }
}

TEST(AstctCrsOxygen, PositivePressureIsGrade4) {
  for (auto device :
       {OxygenDevice::cpap, OxygenDevice::bipap, OxygenDevice::mechanical_ventilation}) {
    SCOPED_TRACE(std::string(record::name(device)));
    auto s = febrile();
    s.oxygen = oxygen(device, std::nullopt);
    EXPECT_EQ(grade_of(grade_astct_crs(s)), 4);
  }
}

TEST(AstctCrsOxygen, ComfortOxygenIsNotCounted) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::non_rebreather, 10.0, OxygenPurpose::comfort);
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 1);
  EXPECT_FALSE(std::any_of(r.drivers.begin(), r.drivers.end(),
                           [](const Driver& d) { return d.finding == "oxygen"; }));
  EXPECT_TRUE(note_mentions(r, "comfort"));
}

TEST(AstctCrsOxygen, AirwayProtectionOxygenIsNotCountedAndIsUnverified) {
  auto s = febrile();
  s.oxygen =
      oxygen(OxygenDevice::mechanical_ventilation, std::nullopt, OxygenPurpose::airway_protection);
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 1);
  EXPECT_FALSE(std::any_of(r.drivers.begin(), r.drivers.end(),
                           [](const Driver& d) { return d.finding == "oxygen"; }));
  EXPECT_TRUE(note_mentions(r, "airway protection"));
  EXPECT_FALSE(r.unverified.empty());
  EXPECT_TRUE(contains(r.rule(), "unverified")) << r.rule();
}

TEST(AstctCrsOxygen, AirwayProtectionOxygenCountsWhenTheOptionIsOff) {
  auto s = febrile();
  s.oxygen =
      oxygen(OxygenDevice::mechanical_ventilation, std::nullopt, OxygenPurpose::airway_protection);
  RuleOptions options;
  options.exclude_airway_protection_oxygen = false;
  auto r = grade_astct_crs(s, options);
  EXPECT_EQ(grade_of(r), 4);
  EXPECT_TRUE(has_driver(r, "oxygen", 4));
}

TEST(AstctCrsOxygen, AttributedHypoxiaIsNotCounted) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::high_flow_nasal_cannula, 40.0);
  s.attributed.hypoxia = true;
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 1);
  EXPECT_TRUE(note_mentions(r, "attributed"));
}

TEST(AstctCrsOxygen, RoomAirIsNothing) {
  auto s = febrile();
  s.oxygen = oxygen(OxygenDevice::room_air, std::nullopt);
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 1);
}

// ---------------------------------------------------------------------------------------------
// Hypotension and vasopressors

TEST(AstctCrsHypotension, AttributedHypotensionIsNotCounted) {
  auto s = febrile();
  s.hypotension = true;
  s.vasoactives = {pressor(VasoactiveDrug::norepinephrine),
                   pressor(VasoactiveDrug::phenylephrine, 50.0)};
  s.attributed.hypotension = true;
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 1);
  EXPECT_FALSE(std::any_of(r.drivers.begin(), r.drivers.end(), [](const Driver& d) {
    return d.finding == "vasopressors" || d.finding == "hypotension";
  }));
  EXPECT_TRUE(note_mentions(r, "attributed"));
}

TEST(AstctCrsHypotension, InotropeIsNotCounted) {
  auto s = febrile();
  s.vasoactives = {pressor(VasoactiveDrug::dobutamine, 5.0, DoseRateUnit::ug_kg_min)};
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 1);
  EXPECT_TRUE(note_mentions(r, "dobutamine"));
  EXPECT_TRUE(note_mentions(r, "inotrope"));
}

TEST(AstctCrsHypotension, InotropeIsNotASecondPressor) {
  auto s = febrile();
  s.vasoactives = {pressor(VasoactiveDrug::norepinephrine),
                   pressor(VasoactiveDrug::milrinone, 0.5, DoseRateUnit::ug_kg_min)};
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 3);
  EXPECT_TRUE(note_mentions(r, "milrinone"));
}

TEST(AstctCrsHypotension, VasopressinAloneIsGrade3TeamReading) {
  auto s = febrile();
  s.vasoactives = {pressor(VasoactiveDrug::vasopressin, 0.03)};
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 3);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "vasopressors");
  EXPECT_TRUE(driver_text_mentions(r, "team reading") || note_mentions(r, "team reading"));
}

TEST(AstctCrsHypotension, StoppedInfusionIsNotCounted) {
  {
    SCOPED_TRACE("only infusion stopped");
    auto s = febrile();
    s.vasoactives = {pressor(VasoactiveDrug::norepinephrine, 0.0)};
    auto r = grade_astct_crs(s);
    EXPECT_EQ(grade_of(r), 1);
  }
  {
    SCOPED_TRACE("second infusion stopped");
    auto s = febrile();
    s.vasoactives = {pressor(VasoactiveDrug::norepinephrine),
                     pressor(VasoactiveDrug::phenylephrine, 0.0)};
    auto r = grade_astct_crs(s);
    EXPECT_EQ(grade_of(r), 3);
    EXPECT_FALSE(driver_text_mentions(r, "phenylephrine"));
  }
}

TEST(AstctCrsHypotension, AngiotensinIICountsAsAVasopressor) {
  auto s = febrile();
  s.vasoactives = {pressor(VasoactiveDrug::norepinephrine),
                   pressor(VasoactiveDrug::angiotensin_ii, 20.0)};
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 4);
}

TEST(AstctCrsHypotension, AdultSbp89IsHypotension) {
  auto s = febrile();
  s.age_years = 40.0;
  s.sbp_mmhg = 89.0;
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 2);
  EXPECT_TRUE(has_driver(r, "hypotension", 2));
}

TEST(AstctCrsHypotension, AdultSbp90IsNotHypotension) {
  auto s = febrile();
  s.age_years = 40.0;
  s.sbp_mmhg = 90.0;
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 1);
}

TEST(AstctCrsHypotension, ChildAge5Sbp79IsHypotension) {
  auto s = febrile();
  s.age_years = 5.0;
  s.weight_kg = 18.0;
  s.sbp_mmhg = 79.0;
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 2);
  EXPECT_TRUE(has_driver(r, "hypotension", 2));
}

TEST(AstctCrsHypotension, ChildAge5Sbp80IsNotHypotension) {
  auto s = febrile();
  s.age_years = 5.0;
  s.weight_kg = 18.0;
  s.sbp_mmhg = 80.0;
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 1);
}

TEST(AstctCrsHypotension, ClinicianNoHypotensionOverridesLowSbp) {
  auto s = febrile();
  s.age_years = 40.0;
  s.sbp_mmhg = 80.0;
  s.hypotension = false;
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 1);
}

TEST(AstctCrsHypotension, ClinicianHypotensionOverridesNormalSbp) {
  auto s = febrile();
  s.age_years = 40.0;
  s.sbp_mmhg = 120.0;
  s.hypotension = true;
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 2);
}

TEST(AstctCrsHypotension, ScreenThresholdIsAnOption) {
  auto s = febrile();
  s.age_years = 40.0;
  s.sbp_mmhg = 92.0;
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 1);
  RuleOptions options;
  options.hypotension_screen.adult_sbp_below = 95.0;
  EXPECT_EQ(grade_of(grade_astct_crs(s, options)), 2);
}

// ---------------------------------------------------------------------------------------------
// Combination and death

TEST(AstctCrsCombination, MoreSevereOfHypotensionAndHypoxia) {
  auto s = febrile();
  s.hypotension = true;
  s.oxygen = oxygen(OxygenDevice::non_rebreather, 12.0);
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 3);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "oxygen");
  EXPECT_TRUE(has_driver(r, "hypotension", 2));
  EXPECT_TRUE(has_driver(r, "fever", 1));
}

TEST(AstctCrsDeath, DeathFromCrsIsGrade5) {
  auto s = febrile();
  s.vasoactives = {pressor(VasoactiveDrug::norepinephrine), pressor(VasoactiveDrug::epinephrine)};
  s.death = DeathCause::crs;
  auto r = grade_astct_crs(s);
  EXPECT_EQ(grade_of(r), 5);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "death");
  EXPECT_EQ(r.drivers.front().grade, 5);
}

TEST(AstctCrsDeath, DeathFromAnotherCauseIsNotGrade5) {
  auto s = febrile();
  s.death = DeathCause::other;
  EXPECT_EQ(grade_of(grade_astct_crs(s)), 1);
}

}  // namespace
}  // namespace cytostorm::clinical
