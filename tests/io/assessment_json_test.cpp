#include "cytostorm/io/assessment_json.hpp"

#include <gtest/gtest.h>

#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::io {
namespace {

TEST(GradeResultJson, GradedResultHasGradeDriversRule) {
  clinical::GradeBuilder b;
  b.finding(2, "oxygen", "low-flow oxygen");
  const auto j = to_json(std::move(b).result("astct", clinical::sources::astct2019.cite("t")));
  EXPECT_EQ(j["grade"], 2);
  EXPECT_EQ(j["drivers"], nlohmann::ordered_json::array({"low-flow oxygen"}));
  EXPECT_EQ(j["rule"].get<std::string>().rfind("ASTCT 2019", 0), 0u);
  EXPECT_TRUE(j["verified"].get<bool>());
  EXPECT_FALSE(j.contains("missing"));
}

TEST(GradeResultJson, NotDerivableHasMissingAndAtLeast) {
  clinical::GradeBuilder b;
  b.finding(2, "oxygen", "oxygen, FiO2 not recorded");
  b.unknown(3, "oxygen.fio2_pct");
  const auto j = to_json(std::move(b).result("lee2014", clinical::sources::lee2014.cite("t")));
  EXPECT_EQ(j["grade"], "not_derivable");
  EXPECT_EQ(j["at_least"], 2);
  EXPECT_EQ(j["missing"], nlohmann::ordered_json::array({"oxygen.fio2_pct"}));
}

TEST(AssessmentJson, AstctComesFirstAndIceIsReported) {
  record::Snapshot s;
  s.temperature_c = 38.2;
  s.ice = record::IceInput{std::nullopt, 8};
  const auto j = to_json(clinical::assess(s));
  EXPECT_EQ(j["crs"].begin().key(), "astct");
  EXPECT_EQ(j["crs"]["astct"]["grade"], 1);
  EXPECT_EQ(j["icans"]["astct"]["grade"], 1);
  EXPECT_FALSE(j["icans"]["astct"]["incomplete"].get<bool>());
  EXPECT_EQ(j["ice"]["total"], 8);
  EXPECT_FALSE(j.contains("capd"));
}

TEST(TextReport, ShowsGradesDriversAndNotDerivable) {
  record::Snapshot s;
  s.temperature_c = 39.0;
  s.oxygen = record::OxygenSupport{record::OxygenDevice::simple_facemask, 6.0, std::nullopt,
                                   record::OxygenPurpose::hypoxia};
  const auto text = text_report(clinical::assess(s));
  EXPECT_NE(text.find("CRS (ASTCT 2019): grade 3"), std::string::npos) << text;
  EXPECT_NE(text.find("  - simple facemask 6 L/min"), std::string::npos) << text;
  EXPECT_NE(text.find("Lee 2014     not derivable (at least grade 2; missing: oxygen.fio2_pct)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ICANS (ASTCT 2019) [incomplete]: grade 0"), std::string::npos) << text;
}

}  // namespace
}  // namespace cytostorm::io
