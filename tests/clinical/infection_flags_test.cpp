// Infection flags (clinical-rules.md section 6, a team rule): late fever, fever after CRS had
// resolved, positive culture, fever with prolonged neutropenia, fever on high-dose steroids and a
// new fever after tocilizumab, each on both sides of its threshold.
#include "cytostorm/clinical/infection_flags.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "support/text_match.hpp"

namespace cytostorm::clinical {
namespace {

using testing::any_contains;

Temperature temperature(double hours, double celsius) {
  return {hours, static_cast<int>(hours / 24.0), celsius};
}

// The input with a fever at `hours`, looked at then.
InfectionInput fever_at(double hours, double celsius = 38.5) {
  InfectionInput in;
  in.at_hours = hours;
  in.temperatures.push_back(temperature(hours, celsius));
  return in;
}

const Flag* find(const std::vector<Flag>& flags, std::string_view key) {
  for (const auto& f : flags) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

bool raised(const InfectionInput& in, std::string_view key, const DifferentialOptions& o = {}) {
  return find(infection_flags(in, o), key) != nullptr;
}

TEST(InfectionLateFever, AfterCalendarDay14) {
  EXPECT_FALSE(raised(fever_at(14 * 24.0 + 23.0), "infection_late_fever"));  // day 14
  EXPECT_TRUE(raised(fever_at(15 * 24.0), "infection_late_fever"));          // day 15
  DifferentialOptions o;
  o.infection_after_day = 20.0;
  EXPECT_FALSE(raised(fever_at(15 * 24.0), "infection_late_fever", o));
}

TEST(InfectionLateFever, FeverIs38AndWithinTheWindow) {
  EXPECT_FALSE(raised(fever_at(400.0, 37.9), "infection_late_fever"));
  EXPECT_TRUE(raised(fever_at(400.0, 38.0), "infection_late_fever"));
  auto in = fever_at(400.0);
  in.at_hours = 424.0;  // the fever is 24 h old: out of the window
  EXPECT_FALSE(raised(in, "infection_late_fever"));
  in.at_hours = 423.9;
  EXPECT_TRUE(raised(in, "infection_late_fever"));
}

TEST(InfectionAfterCrs, FeverAfterResolution) {
  auto in = fever_at(120.0);
  in.crs_resolved_hours = 100.0;
  EXPECT_TRUE(raised(in, "infection_fever_after_crs_resolved"));
  in.crs_resolved_hours = 120.0;
  EXPECT_FALSE(raised(in, "infection_fever_after_crs_resolved"));
  in.crs_resolved_hours.reset();
  EXPECT_FALSE(raised(in, "infection_fever_after_crs_resolved"));
}

TEST(InfectionCulture, PositiveCultureUpToNow) {
  InfectionInput in;
  in.at_hours = 50.0;
  in.positive_cultures.push_back({60.0, "blood culture: E. coli"});
  EXPECT_FALSE(raised(in, "infection_positive_culture"));
  in.positive_cultures.push_back({40.0, "blood culture: S. aureus"});
  const auto flags = infection_flags(in, {});
  const auto* f = find(flags, "infection_positive_culture");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->evidence, std::vector<std::string>{"blood culture: S. aureus at 40 h"});
}

TEST(InfectionNeutropenia, SevenDaysOfAncBelow05) {
  auto in = fever_at(168.0);
  in.anc = {{"anc", 0.3, "10^9/L", 0.0}, {"anc", 0.4, "10^9/L", 100.0}};
  EXPECT_TRUE(raised(in, "infection_neutropenic_fever"));
  auto shorter = fever_at(167.0);
  shorter.anc = in.anc;
  EXPECT_FALSE(raised(shorter, "infection_neutropenic_fever"));
  DifferentialOptions o;
  o.prolonged_neutropenia_days = 6.0;
  EXPECT_TRUE(raised(shorter, "infection_neutropenic_fever", o));
}

TEST(InfectionNeutropenia, AnAncOf05EndsTheRun) {
  auto in = fever_at(168.0);
  in.anc = {
      {"anc", 0.3, "10^9/L", 0.0}, {"anc", 0.5, "10^9/L", 50.0}, {"anc", 0.2, "10^9/L", 60.0}};
  EXPECT_FALSE(raised(in, "infection_neutropenic_fever"));
  in.anc[1].value = 0.49;
  EXPECT_TRUE(raised(in, "infection_neutropenic_fever"));
  in.anc.push_back({"anc", 0.6, "10^9/L", 160.0});  // recovered before the fever
  EXPECT_FALSE(raised(in, "infection_neutropenic_fever"));
}

TEST(InfectionSteroids, TenMgDexamethasoneEquivalentInThe24Hours) {
  auto in = fever_at(30.0);
  in.steroids = {{20.0, "dexamethasone", 10.0, "mg"}};
  EXPECT_TRUE(raised(in, "infection_fever_on_steroids"));
  in.steroids = {{20.0, "dexamethasone", 9.9, "mg"}};
  EXPECT_FALSE(raised(in, "infection_fever_on_steroids"));
  in.steroids = {{6.0, "dexamethasone", 10.0, "mg"}};  // 24 h before the fever: outside
  EXPECT_FALSE(raised(in, "infection_fever_on_steroids"));
  in.steroids = {{20.0, "dexamethasone", 5.0, "mg"}, {25.0, "dexamethasone", 5.0, "mg"}};
  EXPECT_TRUE(raised(in, "infection_fever_on_steroids"));
}

TEST(InfectionSteroids, OtherSteroidsByEquivalenceAndWeight) {
  auto in = fever_at(30.0);
  in.steroids = {{20.0, "methylprednisolone", 1.0, "mg/kg"}};
  EXPECT_FALSE(raised(in, "infection_fever_on_steroids"));  // no weight: not counted
  in.weight_kg = 60.0;                                      // 60 mg = 11.25 mg dexamethasone
  const auto flags = infection_flags(in, {});
  const auto* f = find(flags, "infection_fever_on_steroids");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(any_contains(f->evidence, "11.25 mg dexamethasone-equivalent"));
  in.steroids = {{20.0, "hydrocortisone", 200.0, "mg"}};  // 7.5 mg dexamethasone
  EXPECT_FALSE(raised(in, "infection_fever_on_steroids"));
  in.steroids = {{20.0, "dexamethasone", std::nullopt, ""}};
  EXPECT_FALSE(raised(in, "infection_fever_on_steroids"));
}

TEST(InfectionSteroids, Equivalence) {
  EXPECT_DOUBLE_EQ(*dexamethasone_equivalent_mg("dexamethasone", 10.0), 10.0);
  EXPECT_DOUBLE_EQ(*dexamethasone_equivalent_mg("methylprednisolone", 4.0), 0.75);
  EXPECT_DOUBLE_EQ(*dexamethasone_equivalent_mg("hydrocortisone", 20.0), 0.75);
  EXPECT_FALSE(dexamethasone_equivalent_mg("tocilizumab", 400.0));
}

TEST(InfectionTocilizumab, NewFeverAfterAnAfebrileSpell) {
  InfectionInput in;
  in.at_hours = 30.0;
  in.temperatures = {temperature(10.0, 38.5), temperature(20.0, 37.0), temperature(30.0, 38.3)};
  in.tocilizumab_hours = {12.0};
  EXPECT_TRUE(raised(in, "infection_new_fever_after_tocilizumab"));
  in.temperatures = {temperature(10.0, 38.5), temperature(20.0, 38.1), temperature(30.0, 38.3)};
  EXPECT_FALSE(raised(in, "infection_new_fever_after_tocilizumab"));  // fever persisted
  in.temperatures = {temperature(10.0, 37.0), temperature(30.0, 38.3)};
  EXPECT_FALSE(raised(in, "infection_new_fever_after_tocilizumab"));  // afebrile before the dose
}

TEST(InfectionFlags, LabelledAsATeamRule) {
  auto in = fever_at(400.0);
  const auto flags = infection_flags(in, {});
  ASSERT_EQ(flags.size(), 1U);
  EXPECT_NE(flags[0].title.find("(team rule)"), std::string::npos);
  EXPECT_EQ(flags[0].citation.short_name, "cytostorm team rule");
  EXPECT_TRUE(any_contains(flags[0].evidence, "temperature 38.5 C at 400 h (day 16)"));
}

TEST(InfectionFlags, NoFeverNoFeverFlags) {
  InfectionInput in;
  in.at_hours = 400.0;
  in.crs_resolved_hours = 100.0;
  in.anc = {{"anc", 0.1, "10^9/L", 0.0}};
  in.steroids = {{390.0, "dexamethasone", 20.0, "mg"}};
  EXPECT_TRUE(infection_flags(in, {}).empty());
}

}  // namespace
}  // namespace cytostorm::clinical
