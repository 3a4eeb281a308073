#include "cytostorm/clinical/grade_result.hpp"

#include <gtest/gtest.h>

#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::clinical {
namespace {

TEST(GradeBuilder, KnownFindingsSetTheGradeAndComeFirst) {
  GradeBuilder b;
  b.finding(1, "fever", "fever");
  b.finding(3, "vasopressors", "one vasopressor");
  b.finding(2, "oxygen", "low flow");
  auto r = std::move(b).result("astct", sources::astct2019.cite("table"));
  ASSERT_TRUE(r.grade);
  EXPECT_EQ(*r.grade, 3);
  ASSERT_EQ(r.drivers.size(), 3u);
  EXPECT_EQ(r.drivers.front().finding, "vasopressors");
  EXPECT_EQ(r.drivers.back().finding, "fever");
}

TEST(GradeBuilder, UnknownInputAboveTheKnownGradeMakesItNotDerivable) {
  GradeBuilder b;
  b.finding(2, "oxygen", "oxygen, FiO2 not recorded");
  b.unknown(3, "oxygen.fio2_pct");
  auto r = std::move(b).result("lee2014", sources::lee2014.cite("table"));
  EXPECT_FALSE(r.grade);
  EXPECT_EQ(r.at_least, 2);
  EXPECT_EQ(r.missing, std::vector<std::string>{"oxygen.fio2_pct"});
}

TEST(GradeBuilder, UnknownInputAtOrBelowTheKnownGradeDoesNotMatter) {
  GradeBuilder b;
  b.finding(3, "vasopressors", "two pressors");
  b.unknown(3, "oxygen.fio2_pct");
  auto r = std::move(b).result("lee2014", sources::lee2014.cite("table"));
  ASSERT_TRUE(r.grade);
  EXPECT_EQ(*r.grade, 3);
  EXPECT_TRUE(r.missing.empty());
}

TEST(GradeResult, RuleNamesTheSourceAndSaysUnverified) {
  GradeBuilder b;
  b.unverified("high-dose table");
  auto r = std::move(b).result("lee2014", sources::lee2014.cite("CRS grading table"));
  EXPECT_NE(r.rule().find("Lee 2014 (Lee DW et al. Blood 2014;124:188-195)"), std::string::npos);
  EXPECT_NE(r.rule().find("unverified: high-dose table"), std::string::npos);
  auto v5 = GradeBuilder{}.result("ctcae_v5", sources::ctcae_v5.cite("CRS", false));
  EXPECT_NE(v5.rule().find("unverified"), std::string::npos);
}

}  // namespace
}  // namespace cytostorm::clinical
