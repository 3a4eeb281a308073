// One bedside assessment graded by every scale: the list of CRS scales, its order and names, the
// lookup by name, and the optional ICE/CAPD scores.

#include "cytostorm/clinical/assessment.hpp"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/astct_crs.hpp"
#include "cytostorm/clinical/older_crs_scales.hpp"
#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/record/snapshot.hpp"
#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::clinical {
namespace {

using record::DoseRateUnit;
using record::OxygenDevice;
using record::Snapshot;
using record::VasoactiveDrug;

const std::vector<std::string_view> kScaleNames{"astct", "lee2014", "ctcae_v4", "ctcae_v5",
                                                "penn",  "mskcc",   "cartox"};

/// Fever 39 C, norepinephrine 8 ug/min for 30 h, simple facemask FiO2 45% (issue 3).
Snapshot sick() {
  Snapshot s;
  s.age_years = 45.0;
  s.weight_kg = 70.0;
  s.temperature_c = 39.0;
  record::VasoactiveInfusion ne;
  ne.drug = VasoactiveDrug::norepinephrine;
  ne.dose = 8.0;
  ne.unit = DoseRateUnit::ug_min;
  ne.hours = 30.0;
  s.vasoactives.push_back(ne);
  record::OxygenSupport o;
  o.device = OxygenDevice::simple_facemask;
  o.fio2_pct = 45.0;
  s.oxygen = o;
  return s;
}

TEST(Assessment, CrsScalesAreListedAstctFirstWithTheirNames) {
  const auto& scales = crs_scales();
  ASSERT_EQ(scales.size(), kScaleNames.size());
  for (std::size_t i = 0; i < scales.size(); ++i) {
    SCOPED_TRACE(kScaleNames[i]);
    EXPECT_EQ(scales[i].name, kScaleNames[i]);
    EXPECT_FALSE(scales[i].title.empty());
    EXPECT_NE(scales[i].grade, nullptr);
  }
  EXPECT_EQ(scales.front().title, "ASTCT 2019");
}

TEST(Assessment, AssessGivesOneCrsResultPerScaleInOrder) {
  const std::vector<std::pair<std::string, Snapshot>> snapshots{{"empty snapshot", Snapshot{}},
                                                                {"issue 3 snapshot", sick()}};
  for (const auto& [label, s] : snapshots) {
    SCOPED_TRACE(label);
    const Assessment a = assess(s);
    ASSERT_EQ(a.crs.size(), crs_scales().size());
    for (std::size_t i = 0; i < a.crs.size(); ++i) {
      SCOPED_TRACE(kScaleNames[i]);
      EXPECT_EQ(a.crs[i].scale, kScaleNames[i]);
      EXPECT_EQ(a.crs[i].scale, crs_scales()[i].name);
      // The same result as calling the scale directly.
      const GradeResult direct = crs_scales()[i].grade(s, RuleOptions{});
      EXPECT_EQ(a.crs[i].grade, direct.grade);
      EXPECT_EQ(a.crs[i].at_least, direct.at_least);
      EXPECT_EQ(a.crs[i].missing, direct.missing);
    }
  }
}

TEST(Assessment, Issue3GradesThroughAssess) {
  const Assessment a = assess(sick());
  const std::vector<std::pair<std::string_view, int>> expected{
      {"astct", 3}, {"lee2014", 3}, {"ctcae_v4", 4}, {"ctcae_v5", 3},
      {"penn", 3},  {"mskcc", 3},   {"cartox", 3}};
  ASSERT_EQ(a.crs.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(expected[i].first);
    EXPECT_EQ(a.crs[i].scale, expected[i].first);
    EXPECT_TRUE(a.crs[i].grade.has_value());
    EXPECT_EQ(a.crs[i].grade.value_or(-1), expected[i].second);
  }
}

TEST(Assessment, OptionsReachEveryScale) {
  // Lee 2014 with norepinephrine 8 ug/min for 30 h: low dose by default, high dose when the
  // [R] table's threshold is lowered to 8.
  Snapshot s = sick();
  s.oxygen.reset();
  RuleOptions options;
  options.high_dose.norepinephrine_ug_min = 8.0;
  const Assessment by_default = assess(s);
  const Assessment lowered = assess(s, options);
  ASSERT_EQ(by_default.crs.size(), kScaleNames.size());
  ASSERT_EQ(lowered.crs.size(), kScaleNames.size());
  EXPECT_EQ(by_default.crs[1].grade.value_or(-1), 2);  // lee2014
  EXPECT_EQ(lowered.crs[1].grade.value_or(-1), 3);
  EXPECT_EQ(by_default.crs[4].grade.value_or(-1), 3);  // penn
  EXPECT_EQ(lowered.crs[4].grade.value_or(-1), 4);
}

TEST(Assessment, FindCrsScale) {
  const CrsScale* penn = find_crs_scale("penn");
  ASSERT_NE(penn, nullptr);
  EXPECT_EQ(penn->name, "penn");
  EXPECT_EQ(penn->title, "Penn");
  EXPECT_EQ(penn->grade, &grade_penn);
  EXPECT_EQ(penn, &crs_scales()[4]);

  const CrsScale* astct = find_crs_scale("astct");
  ASSERT_NE(astct, nullptr);
  EXPECT_EQ(astct->grade, &grade_astct_crs);

  for (const auto name : kScaleNames) {
    SCOPED_TRACE(name);
    const CrsScale* found = find_crs_scale(name);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->name, name);
  }

  EXPECT_EQ(find_crs_scale("nope"), nullptr);
  EXPECT_EQ(find_crs_scale(""), nullptr);
}

TEST(Assessment, NoIceNoCapdWhenNotGiven) {
  const Assessment a = assess(sick());
  EXPECT_FALSE(a.ice.has_value());
  EXPECT_FALSE(a.capd.has_value());
}

TEST(Assessment, IceOnlyWhenGiven) {
  Snapshot s;
  s.age_years = 45.0;
  record::IceInput ice;
  ice.total = 7;
  s.ice = ice;
  const Assessment a = assess(s);
  ASSERT_TRUE(a.ice.has_value());
  EXPECT_EQ(a.ice->total, std::optional<int>(7));
  EXPECT_FALSE(a.capd.has_value());
}

TEST(Assessment, IceByItemsIsScored) {
  Snapshot s;
  s.age_years = 45.0;
  record::IceInput ice;
  std::array<record::ScoreItem, 5> items{};
  const std::array<int, 5> points{4, 3, 1, 0, 1};
  for (std::size_t i = 0; i < items.size(); ++i) items[i].points = points[i];
  ice.items = items;
  s.ice = ice;
  const Assessment a = assess(s);
  ASSERT_TRUE(a.ice.has_value());
  EXPECT_EQ(a.ice->total, std::optional<int>(9));
  EXPECT_FALSE(a.capd.has_value());
}

TEST(Assessment, CapdOnlyWhenGiven) {
  Snapshot s;
  s.age_years = 8.0;
  record::CapdInput capd;
  capd.total = 9;
  s.capd = capd;
  const Assessment a = assess(s);
  ASSERT_TRUE(a.capd.has_value());
  EXPECT_EQ(a.capd->total, std::optional<int>(9));
  EXPECT_TRUE(a.capd->positive);
  EXPECT_FALSE(a.ice.has_value());
}

TEST(Assessment, IcansResultsAreFilled) {
  Snapshot s = sick();
  s.ctcae_neuro.confusion = 2;
  const Assessment a = assess(s);
  EXPECT_EQ(a.icans_ctcae.scale, "ctcae_neuro");
  EXPECT_EQ(a.icans_ctcae.grade.value_or(-1), 2);
  EXPECT_EQ(a.icans_astct.scale, "astct");
}

}  // namespace
}  // namespace cytostorm::clinical
