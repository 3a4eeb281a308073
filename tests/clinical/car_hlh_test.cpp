// carHLH (CARTOX, clinical-rules.md section 6): peak ferritin strictly above 10,000 ng/mL during
// CRS plus two of the four organ or biopsy criteria, each organ counted once, grade >= 3 only.
#include "cytostorm/clinical/car_hlh.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/text_match.hpp"

namespace cytostorm::clinical {
namespace {

using testing::any_contains;

CarHlhInput input(double ferritin, std::vector<OrganGrade> organs,
                  std::optional<bool> hemophagocytosis = std::nullopt, std::string unit = "ng/mL") {
  CarHlhInput in;
  in.peak_ferritin = LabValue{"ferritin", ferritin, std::move(unit), 72.0};
  in.organ_grades = std::move(organs);
  in.hemophagocytosis = hemophagocytosis;
  return in;
}

const std::vector<OrganGrade> kLiverAndLung{{"alt_increased", 3, 80.0},
                                            {"pulmonary_edema", 3, 90.0}};

TEST(CarHlh, FerritinMustBeAbove10000) {
  EXPECT_FALSE(car_hlh_flag(input(10000.0, kLiverAndLung)));
  EXPECT_TRUE(car_hlh_flag(input(10001.0, kLiverAndLung)));
  EXPECT_FALSE(car_hlh_flag(input(10000.0, kLiverAndLung, std::nullopt, "ug/L")));
  EXPECT_TRUE(car_hlh_flag(input(10001.0, kLiverAndLung, std::nullopt, "ug/L")));
  CarHlhInput none;
  none.organ_grades = kLiverAndLung;
  EXPECT_FALSE(car_hlh_flag(none));
}

TEST(CarHlh, OrganCriteriaNeedGrade3) {
  EXPECT_FALSE(car_hlh_flag(input(20000.0, {{"alt_increased", 3, 80.0}, {"oliguria", 2, 80.0}})));
  EXPECT_TRUE(car_hlh_flag(input(20000.0, {{"alt_increased", 3, 80.0}, {"oliguria", 3, 80.0}})));
  EXPECT_TRUE(car_hlh_flag(
      input(20000.0, {{"blood_bilirubin_increased", 4, 80.0}, {"creatinine_increased", 3, 80.0}})));
}

TEST(CarHlh, OneOrganCountsOnce) {
  EXPECT_FALSE(
      car_hlh_flag(input(20000.0, {{"alt_increased", 3, 80.0}, {"ast_increased", 4, 81.0}})));
  EXPECT_FALSE(
      car_hlh_flag(input(20000.0, {{"oliguria", 3, 80.0}, {"creatinine_increased", 3, 81.0}})));
}

TEST(CarHlh, OtherTermsAreNotCriteria) {
  EXPECT_FALSE(
      car_hlh_flag(input(20000.0, {{"alt_increased", 3, 80.0}, {"febrile_neutropenia", 4, 81.0}})));
  EXPECT_EQ(car_hlh_organ("febrile_neutropenia"), CarHlhOrgan::other);
  EXPECT_EQ(car_hlh_organ("ast_increased"), CarHlhOrgan::liver);
  EXPECT_EQ(car_hlh_organ("oliguria"), CarHlhOrgan::kidney);
  EXPECT_EQ(car_hlh_organ("pulmonary_edema"), CarHlhOrgan::lung);
}

TEST(CarHlh, HemophagocytosisOnBiopsyIsOneCriterion) {
  const std::vector<OrganGrade> liver{{"alt_increased", 3, 80.0}};
  EXPECT_TRUE(car_hlh_flag(input(20000.0, liver, true)));
  EXPECT_FALSE(car_hlh_flag(input(20000.0, liver, false)));
  EXPECT_FALSE(car_hlh_flag(input(20000.0, liver)));
  EXPECT_FALSE(car_hlh_flag(input(20000.0, {}, true)));
}

TEST(CarHlh, FlagCarriesEvidenceNotesAndCitation) {
  const auto f = car_hlh_flag(input(25000.0, kLiverAndLung));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->key, "car_hlh");
  EXPECT_TRUE(any_contains(f->evidence, "peak ferritin 25000 ng/mL at 72 h during CRS > 10000"));
  EXPECT_TRUE(any_contains(f->evidence, "grade 3 bilirubin/AST/ALT rise (alt_increased) at 80 h"));
  EXPECT_TRUE(any_contains(f->evidence, "grade 3 pulmonary edema (pulmonary_edema) at 90 h"));
  EXPECT_TRUE(any_contains(f->notes, "hemophagocytosis on biopsy: not known"));
  EXPECT_TRUE(any_contains(f->notes, "IEC-HS criteria (Hines 2023"));
  EXPECT_EQ(f->citation.short_name, "CARTOX");
  const auto with_biopsy = car_hlh_flag(input(25000.0, kLiverAndLung, true));
  ASSERT_TRUE(with_biopsy);
  EXPECT_FALSE(any_contains(with_biopsy->notes, "not known"));
  EXPECT_TRUE(any_contains(with_biopsy->evidence, "hemophagocytosis on biopsy"));
}

}  // namespace
}  // namespace cytostorm::clinical
