// Blood pressure and vasopressor facts shared by the CRS scales: the hypotension screen, which
// drugs count, and the [R] high-dose table.

#include "cytostorm/clinical/hemodynamics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/record/snapshot.hpp"
#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::clinical {
namespace {

using record::DoseRateUnit;
using record::Snapshot;
using record::VasoactiveDrug;
using record::VasoactiveInfusion;
using Level = HighDoseFinding::Level;

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

VasoactiveInfusion infusion(VasoactiveDrug drug, std::optional<double> dose,
                            std::optional<DoseRateUnit> unit, std::optional<double> hours) {
  return VasoactiveInfusion{drug, dose, unit, hours};
}

VasoactiveInfusion ne(double ug_min, double hours = 3.0) {
  return infusion(VasoactiveDrug::norepinephrine, ug_min, DoseRateUnit::ug_min, hours);
}

VasoactiveInfusion vasopressin(double hours = 3.0) {
  return infusion(VasoactiveDrug::vasopressin, 0.03, DoseRateUnit::units_min, hours);
}

HighDoseFinding high_dose(const std::vector<VasoactiveInfusion>& running,
                          std::optional<double> weight_kg = 70.0) {
  return assess_high_dose(running, weight_kg, HighDoseVasopressorTable{});
}

// ---------------------------------------------------------------------------------------------
// High-dose table

TEST(HighDose, Norepinephrine20For3HoursIsHigh) {
  auto f = high_dose({ne(20.0, 3.0)});
  EXPECT_EQ(f.level, Level::high) << f.text;
  EXPECT_TRUE(f.missing.empty());
  EXPECT_TRUE(contains(f.text, "norepinephrine")) << f.text;
}

TEST(HighDose, Norepinephrine19_9IsLow) {
  auto f = high_dose({ne(19.9, 3.0)});
  EXPECT_EQ(f.level, Level::low) << f.text;
}

TEST(HighDose, Norepinephrine25For2HoursIsLow) {
  auto f = high_dose({ne(25.0, 2.0)});
  EXPECT_EQ(f.level, Level::low) << f.text;
  EXPECT_TRUE(contains(f.text, "2 h")) << f.text;
}

TEST(HighDose, NorepinephrinePerKgIsConvertedWithWeight) {
  auto f = high_dose({infusion(VasoactiveDrug::norepinephrine, 0.3, DoseRateUnit::ug_kg_min, 4.0)},
                     70.0);
  EXPECT_EQ(f.level, Level::high) << f.text;
  EXPECT_TRUE(contains(f.text, "21")) << f.text;
}

TEST(HighDose, NorepinephrinePerKgWithoutWeightIsUnknown) {
  auto f = high_dose({infusion(VasoactiveDrug::norepinephrine, 0.3, DoseRateUnit::ug_kg_min, 4.0)},
                     std::nullopt);
  EXPECT_EQ(f.level, Level::unknown) << f.text;
  EXPECT_NE(std::find(f.missing.begin(), f.missing.end(), "weight_kg"), f.missing.end());
}

TEST(HighDose, Norepinephrine10WithVasopressinIsHigh) {
  auto f = high_dose({ne(10.0), vasopressin()});
  EXPECT_EQ(f.level, Level::high) << f.text;
  EXPECT_TRUE(contains(f.text, "vasopressin")) << f.text;
}

TEST(HighDose, Norepinephrine9WithVasopressinIsLow) {
  auto f = high_dose({ne(9.0), vasopressin()});
  EXPECT_EQ(f.level, Level::low) << f.text;
}

TEST(HighDose, Norepinephrine10PlusPhenylephrine100IsNeEquivalent20High) {
  auto f = high_dose(
      {ne(10.0), infusion(VasoactiveDrug::phenylephrine, 100.0, DoseRateUnit::ug_min, 3.0)});
  EXPECT_EQ(f.level, Level::high) << f.text;
  EXPECT_TRUE(contains(f.text, "20")) << f.text;
}

TEST(HighDose, Norepinephrine10PlusPhenylephrine90IsLow) {
  auto f = high_dose(
      {ne(10.0), infusion(VasoactiveDrug::phenylephrine, 90.0, DoseRateUnit::ug_min, 3.0)});
  EXPECT_EQ(f.level, Level::low) << f.text;
}

TEST(HighDose, Dopamine10MonotherapyIsHigh) {
  auto f = high_dose({infusion(VasoactiveDrug::dopamine, 10.0, DoseRateUnit::ug_kg_min, 3.0)});
  EXPECT_EQ(f.level, Level::high) << f.text;
  auto low = high_dose({infusion(VasoactiveDrug::dopamine, 9.0, DoseRateUnit::ug_kg_min, 3.0)});
  EXPECT_EQ(low.level, Level::low) << low.text;
}

TEST(HighDose, PhenylephrineAndEpinephrineMonotherapyThresholds) {
  EXPECT_EQ(
      high_dose({infusion(VasoactiveDrug::phenylephrine, 200.0, DoseRateUnit::ug_min, 3.0)}).level,
      Level::high);
  EXPECT_EQ(
      high_dose({infusion(VasoactiveDrug::phenylephrine, 199.0, DoseRateUnit::ug_min, 3.0)}).level,
      Level::low);
  EXPECT_EQ(
      high_dose({infusion(VasoactiveDrug::epinephrine, 10.0, DoseRateUnit::ug_min, 3.0)}).level,
      Level::high);
  EXPECT_EQ(
      high_dose({infusion(VasoactiveDrug::epinephrine, 9.5, DoseRateUnit::ug_min, 3.0)}).level,
      Level::low);
}

TEST(HighDose, HighRateWithoutDurationIsUnknown) {
  auto f = high_dose(
      {infusion(VasoactiveDrug::norepinephrine, 30.0, DoseRateUnit::ug_min, std::nullopt)});
  EXPECT_EQ(f.level, Level::unknown) << f.text;
  EXPECT_NE(std::find(f.missing.begin(), f.missing.end(), "vasopressors.norepinephrine.hours"),
            f.missing.end());
}

TEST(HighDose, LowRateWithoutDurationIsLow) {
  auto f = high_dose(
      {infusion(VasoactiveDrug::norepinephrine, 5.0, DoseRateUnit::ug_min, std::nullopt)});
  EXPECT_EQ(f.level, Level::low) << f.text;
  EXPECT_TRUE(f.missing.empty());
}

TEST(HighDose, MissingDoseIsUnknown) {
  auto f = high_dose(
      {infusion(VasoactiveDrug::norepinephrine, std::nullopt, DoseRateUnit::ug_min, 3.0)});
  EXPECT_EQ(f.level, Level::unknown) << f.text;
  EXPECT_NE(std::find(f.missing.begin(), f.missing.end(), "vasopressors.norepinephrine.dose"),
            f.missing.end());
}

TEST(HighDose, VasopressinAloneIsNotHigh) {
  auto f = high_dose({vasopressin()});
  EXPECT_EQ(f.level, Level::low) << f.text;
}

TEST(HighDose, TableIsData) {
  HighDoseVasopressorTable table;
  table.norepinephrine_ug_min = 15.0;
  auto f = assess_high_dose({ne(16.0)}, 70.0, table);
  EXPECT_EQ(f.level, Level::high) << f.text;
  EXPECT_EQ(high_dose({ne(16.0)}).level, Level::low);
}

// ---------------------------------------------------------------------------------------------
// Which drugs count

TEST(Vasopressors, RecognisedVasopressorsAndInotropes) {
  for (auto d :
       {VasoactiveDrug::norepinephrine, VasoactiveDrug::epinephrine, VasoactiveDrug::phenylephrine,
        VasoactiveDrug::dopamine, VasoactiveDrug::vasopressin, VasoactiveDrug::angiotensin_ii}) {
    EXPECT_TRUE(is_vasopressor(d)) << record::name(d);
  }
  EXPECT_FALSE(is_vasopressor(VasoactiveDrug::dobutamine));
  EXPECT_FALSE(is_vasopressor(VasoactiveDrug::milrinone));
}

TEST(Vasopressors, RunningLeavesOutInotropesAndStoppedInfusions) {
  Snapshot s;
  s.vasoactives = {ne(5.0), infusion(VasoactiveDrug::dobutamine, 5.0, DoseRateUnit::ug_kg_min, 1.0),
                   infusion(VasoactiveDrug::phenylephrine, 0.0, DoseRateUnit::ug_min, 1.0),
                   infusion(VasoactiveDrug::epinephrine, std::nullopt, std::nullopt, std::nullopt)};
  auto running = running_vasopressors(s);
  ASSERT_EQ(running.size(), 2u);
  EXPECT_EQ(running[0].drug, VasoactiveDrug::norepinephrine);
  // A pressor with an unknown dose is still running.
  EXPECT_EQ(running[1].drug, VasoactiveDrug::epinephrine);
}

TEST(Vasopressors, DrugList) {
  EXPECT_EQ(drug_list({}), "");
  EXPECT_EQ(drug_list({ne(1.0)}), "norepinephrine");
  EXPECT_EQ(drug_list({ne(1.0), vasopressin()}), "norepinephrine and vasopressin");
  EXPECT_EQ(
      drug_list({ne(1.0), infusion(VasoactiveDrug::phenylephrine, 1.0, DoseRateUnit::ug_min, 1.0),
                 vasopressin()}),
      "norepinephrine, phenylephrine and vasopressin");
}

// ---------------------------------------------------------------------------------------------
// Hypotension screen

std::optional<HypotensionFinding> screen(std::optional<double> age, double sbp) {
  Snapshot s;
  s.age_years = age;
  s.sbp_mmhg = sbp;
  return assess_hypotension(s, HypotensionScreen{});
}

bool low(std::optional<double> age, double sbp) {
  auto f = screen(age, sbp);
  EXPECT_TRUE(f.has_value());
  return f && f->present;
}

TEST(HypotensionScreenTest, NothingRecordedIsNothing) {
  Snapshot s;
  s.age_years = 40.0;
  EXPECT_FALSE(assess_hypotension(s, HypotensionScreen{}).has_value());
}

TEST(HypotensionScreenTest, AdultBoundary) {
  EXPECT_TRUE(low(40.0, 89.0));
  EXPECT_FALSE(low(40.0, 90.0));
  EXPECT_TRUE(low(10.5, 89.0));
  EXPECT_FALSE(low(10.5, 90.0));
  auto f = screen(40.0, 89.0);
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(contains(f->basis, "89")) << f->basis;
}

TEST(HypotensionScreenTest, AgeNotRecordedUsesAdultScreen) {
  EXPECT_TRUE(low(std::nullopt, 89.0));
  EXPECT_FALSE(low(std::nullopt, 90.0));
}

TEST(HypotensionScreenTest, ChildBoundary) {
  EXPECT_TRUE(low(5.0, 79.0));
  EXPECT_FALSE(low(5.0, 80.0));
  EXPECT_TRUE(low(1.0, 71.0));
  EXPECT_FALSE(low(1.0, 72.0));
  EXPECT_TRUE(low(10.0, 89.0));
  EXPECT_FALSE(low(10.0, 90.0));
}

TEST(HypotensionScreenTest, ClinicianAssessmentOverridesTheScreen) {
  Snapshot s;
  s.age_years = 40.0;
  s.sbp_mmhg = 70.0;
  s.hypotension = false;
  auto f = assess_hypotension(s, HypotensionScreen{});
  ASSERT_TRUE(f.has_value());
  EXPECT_FALSE(f->present);
  EXPECT_TRUE(contains(f->basis, "clinician")) << f->basis;

  s.sbp_mmhg = 130.0;
  s.hypotension = true;
  f = assess_hypotension(s, HypotensionScreen{});
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(f->present);
}

}  // namespace
}  // namespace cytostorm::clinical
