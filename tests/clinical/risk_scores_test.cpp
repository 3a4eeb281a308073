// Risk scores (clinical-rules.md section 7): EASIX and m-EASIX on worked numbers and with
// converted units, the Korell 2022 cut-off on both sides, CAR-HEMATOTOX point boundaries and
// categories, Hay 2017; every score says it is information, not a trigger for treatment.
#include "cytostorm/clinical/risk_scores.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/text_match.hpp"

namespace cytostorm::clinical {
namespace {

using testing::any_contains;

std::optional<LabValue> lab(std::string analyte, double value, std::string unit,
                            double hours = -120.0) {
  return LabValue{std::move(analyte), value, std::move(unit), hours};
}

TEST(Easix, WorkedExample) {
  // 250 U/L x 0.9 mg/dL / 150 x 10^9/L = 1.5; log2 1.5 = 0.585.
  const auto s = easix(lab("ldh", 250.0, "U/L"), lab("creatinine", 0.9, "mg/dL"),
                       lab("platelets", 150.0, "10^9/L"), true);
  EXPECT_EQ(s.key, "easix");
  ASSERT_TRUE(s.value);
  EXPECT_NEAR(*s.value, 1.5, 1e-12);
  ASSERT_TRUE(s.log2_value);
  EXPECT_NEAR(*s.log2_value, 0.585, 5e-4);
  ASSERT_EQ(s.inputs.size(), 3U);
  EXPECT_EQ(s.inputs[1].name, "creatinine");
  EXPECT_EQ(s.inputs[1].unit, "mg/dL");
  EXPECT_EQ(s.inputs[1].at_hours, -120.0);
  EXPECT_TRUE(s.missing.empty());
  EXPECT_TRUE(any_contains(s.notes, "information, not a trigger for treatment"));
}

TEST(Easix, CreatinineInUmolPerLitreGivesTheSameScore) {
  const auto s = easix(lab("ldh", 250.0, "U/L"), lab("creatinine", 0.9 * 88.4, "umol/L"),
                       lab("platelets", 150.0, "10^9/L"), true);
  ASSERT_TRUE(s.value);
  EXPECT_NEAR(*s.value, 1.5, 1e-12);
  EXPECT_NEAR(s.inputs[1].value, 0.9, 1e-12);
  EXPECT_TRUE(any_contains(s.notes, "creatinine 79.56 umol/L at -120 h converted to 0.9 mg/dL"));
}

TEST(Easix, KorellCutoffIsStrictlyAbove467) {
  const auto at = easix(lab("ldh", 467.0, "U/L"), lab("creatinine", 1.0, "mg/dL"),
                        lab("platelets", 100.0, "10^9/L"), true);
  EXPECT_EQ(at.category, "4.67 or below (Korell 2022)");
  const auto above = easix(lab("ldh", 468.0, "U/L"), lab("creatinine", 1.0, "mg/dL"),
                           lab("platelets", 100.0, "10^9/L"), true);
  EXPECT_EQ(above.category, "above 4.67 (Korell 2022)");
  EXPECT_EQ(above.citation.short_name, "Korell 2022");
}

TEST(Easix, NoKorellCategoryAfterLymphodepletion) {
  const auto s = easix(lab("ldh", 468.0, "U/L"), lab("creatinine", 1.0, "mg/dL"),
                       lab("platelets", 100.0, "10^9/L"), false);
  ASSERT_TRUE(s.value);
  EXPECT_EQ(s.category, "");
  EXPECT_TRUE(any_contains(s.notes, "no category"));
}

TEST(Easix, MissingAndUndefinedInputs) {
  const auto missing = easix(lab("ldh", 250.0, "U/L"), std::nullopt, std::nullopt, true);
  EXPECT_FALSE(missing.value);
  EXPECT_EQ(missing.missing,
            (std::vector<std::string>{"creatinine (mg/dL)", "platelets (10^9/L)"}));
  const auto zero = easix(lab("ldh", 250.0, "U/L"), lab("creatinine", 0.9, "mg/dL"),
                          lab("platelets", 0.0, "10^9/L"), true);
  EXPECT_FALSE(zero.value);
  EXPECT_TRUE(any_contains(zero.notes, "platelets 0"));
  const auto wrong = easix(lab("ldh", 250.0, "U/L"), lab("creatinine", 0.9, "g/L"),
                           lab("platelets", 150.0, "10^9/L"), true);
  EXPECT_FALSE(wrong.value);
  EXPECT_TRUE(any_contains(wrong.missing, "cannot be converted"));
}

TEST(ModifiedEasix, WorkedExampleAndUnits) {
  // 250 U/L x 2.0 mg/dL / 100 = 5.0; log2 5 = 2.3219.
  const auto s = modified_easix(lab("ldh", 250.0, "U/L"), lab("crp", 2.0, "mg/dL"),
                                lab("platelets", 100.0, "10^9/L"));
  EXPECT_EQ(s.key, "m_easix");
  ASSERT_TRUE(s.value);
  EXPECT_NEAR(*s.value, 5.0, 1e-12);
  EXPECT_NEAR(*s.log2_value, 2.3219, 1e-4);
  EXPECT_EQ(s.category, "");
  EXPECT_TRUE(any_contains(s.notes, "AUC for severe CRS 0.80 at lymphodepletion"));
  const auto mg_l = modified_easix(lab("ldh", 250.0, "U/L"), lab("crp", 20.0, "mg/L"),
                                   lab("platelets", 100.0, "10^9/L"));
  ASSERT_TRUE(mg_l.value);
  EXPECT_NEAR(*mg_l.value, 5.0, 1e-12);
  EXPECT_EQ(modified_easix(lab("ldh", 250.0, "U/L"), std::nullopt, std::nullopt).missing,
            (std::vector<std::string>{"CRP (mg/dL)", "platelets (10^9/L)"}));
}

TEST(CarHematotox, PointBoundaries) {
  EXPECT_EQ(hematotox_platelet_points(175.1), 0);
  EXPECT_EQ(hematotox_platelet_points(175.0), 1);
  EXPECT_EQ(hematotox_platelet_points(75.0), 1);
  EXPECT_EQ(hematotox_platelet_points(74.9), 2);
  EXPECT_EQ(hematotox_anc_points(1.21), 0);
  EXPECT_EQ(hematotox_anc_points(1.2), 0);
  EXPECT_EQ(hematotox_anc_points(1.19), 1);
  EXPECT_EQ(hematotox_hemoglobin_points(9.1), 0);
  EXPECT_EQ(hematotox_hemoglobin_points(9.0), 0);
  EXPECT_EQ(hematotox_hemoglobin_points(8.9), 1);
  EXPECT_EQ(hematotox_crp_points(2.9), 0);
  EXPECT_EQ(hematotox_crp_points(3.0), 0);
  EXPECT_EQ(hematotox_crp_points(3.1), 1);
  EXPECT_EQ(hematotox_ferritin_points(649.0), 0);
  EXPECT_EQ(hematotox_ferritin_points(650.0), 1);
  EXPECT_EQ(hematotox_ferritin_points(2000.0), 1);
  EXPECT_EQ(hematotox_ferritin_points(2001.0), 2);
}

RiskScore hematotox(double platelets, double anc, double hb, double crp, double ferritin,
                    std::string hb_unit = "g/dL", std::string crp_unit = "mg/dL") {
  return car_hematotox(lab("platelets", platelets, "10^9/L"), lab("anc", anc, "10^9/L"),
                       lab("hemoglobin", hb, std::move(hb_unit)),
                       lab("crp", crp, std::move(crp_unit)), lab("ferritin", ferritin, "ng/mL"));
}

TEST(CarHematotox, CategoriesLowUpTo1HighFrom2) {
  const auto zero = hematotox(200.0, 2.0, 12.0, 1.0, 300.0);
  EXPECT_EQ(zero.value, 0.0);
  EXPECT_EQ(zero.category, "low risk (0-1)");
  const auto one = hematotox(150.0, 2.0, 12.0, 1.0, 300.0);
  EXPECT_EQ(one.value, 1.0);
  EXPECT_EQ(one.category, "low risk (0-1)");
  const auto two = hematotox(150.0, 1.0, 12.0, 1.0, 300.0);
  EXPECT_EQ(two.value, 2.0);
  EXPECT_EQ(two.category, "high risk (>= 2)");
  const auto all = hematotox(50.0, 0.5, 8.0, 5.0, 3000.0);
  EXPECT_EQ(all.value, 7.0);
}

TEST(CarHematotox, ConvertedUnitsScoreTheSame) {
  // 85 g/L = 8.5 g/dL (1 point); 35 mg/L = 3.5 mg/dL (1 point).
  const auto s = hematotox(200.0, 2.0, 85.0, 35.0, 300.0, "g/L", "mg/L");
  EXPECT_EQ(s.value, 2.0);
  EXPECT_TRUE(any_contains(s.notes, "hemoglobin 8.5 g/dL: 1 point"));
  EXPECT_TRUE(any_contains(s.notes, "CRP 3.5 mg/dL: 1 point"));
}

TEST(CarHematotox, UnverifiedPointsAndWhatItPredicts) {
  const auto s = hematotox(200.0, 2.0, 12.0, 1.0, 300.0);
  EXPECT_FALSE(s.citation.verified);
  EXPECT_EQ(s.citation.short_name, "CAR-HEMATOTOX");
  EXPECT_TRUE(any_contains(s.notes, "predicts hematotoxicity, not CRS/ICANS"));
  EXPECT_TRUE(any_contains(s.notes, "information, not a trigger for treatment"));
  const auto missing = car_hematotox(lab("platelets", 200.0, "10^9/L"), std::nullopt, std::nullopt,
                                     std::nullopt, std::nullopt);
  EXPECT_FALSE(missing.value);
  EXPECT_EQ(missing.category, "");
  EXPECT_EQ(missing.missing.size(), 4U);
}

HayInput hay(std::optional<double> t, std::optional<double> mcp1, bool closed = true) {
  HayInput in;
  in.temperature_c = t;
  in.temperature_hours = 20.0;
  if (mcp1) in.mcp1 = LabValue{"mcp1", *mcp1, "pg/mL", 24.0};
  in.window_closed = closed;
  return in;
}

TEST(Hay2017, BothThresholdsInclusive) {
  const auto yes = hay_2017(hay(38.9, 1343.5));
  EXPECT_EQ(yes.value, 1.0);
  EXPECT_EQ(yes.category, "predicts grade >= 4 CRS (Lee 2014)");
  EXPECT_EQ(hay_2017(hay(38.8, 1343.5)).value, 0.0);
  EXPECT_EQ(hay_2017(hay(38.9, 1343.4)).value, 0.0);
  EXPECT_FALSE(yes.citation.verified);
}

TEST(Hay2017, MissingInputsUnlessTheOtherRulesItOut) {
  const auto open = hay_2017(hay(39.5, std::nullopt));
  EXPECT_FALSE(open.value);
  EXPECT_EQ(open.missing, std::vector<std::string>{"MCP-1 (pg/mL)"});
  const auto out = hay_2017(hay(38.0, std::nullopt, false));
  EXPECT_EQ(out.value, 0.0);
  EXPECT_EQ(out.category, "does not predict grade >= 4 CRS");
  EXPECT_TRUE(any_contains(out.notes, "the 36 h window is still open"));
  EXPECT_FALSE(hay_2017(hay(std::nullopt, 2000.0)).value);
}

}  // namespace
}  // namespace cytostorm::clinical
