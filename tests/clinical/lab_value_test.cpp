// Lab values and their units (clinical-rules.md sections 6 and 7): each conversion factor both
// ways, units that cannot be converted, descriptions for evidence, and the comparison tolerance.
#include "cytostorm/clinical/lab_value.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cytostorm::clinical {
namespace {

struct Row {
  const char* analyte;
  const char* conventional;
  const char* si;
  double factor;
};

TEST(ConvertLab, EachFactorBothWays) {
  const Row rows[] = {
      {"uric_acid", "mg/dL", "umol/L", 59.48}, {"phosphate", "mg/dL", "mmol/L", 0.3229},
      {"calcium", "mg/dL", "mmol/L", 0.2495},  {"creatinine", "mg/dL", "umol/L", 88.4},
      {"crp", "mg/dL", "mg/L", 10.0},          {"hemoglobin", "g/dL", "g/L", 10.0},
      {"albumin", "g/dL", "g/L", 10.0},        {"ferritin", "ng/mL", "ug/L", 1.0},
  };
  for (const auto& r : rows) {
    const auto there = convert_lab(r.analyte, 2.0, r.conventional, r.si);
    ASSERT_TRUE(there) << r.analyte;
    EXPECT_DOUBLE_EQ(*there, 2.0 * r.factor) << r.analyte;
    const auto back = convert_lab(r.analyte, *there, r.si, r.conventional);
    ASSERT_TRUE(back) << r.analyte;
    EXPECT_DOUBLE_EQ(*back, 2.0) << r.analyte;
  }
}

TEST(ConvertLab, PublishedEquivalents) {
  EXPECT_NEAR(*convert_lab("uric_acid", 8.0, "mg/dL", "umol/L"), 475.84, 1e-9);
  EXPECT_NEAR(*convert_lab("phosphate", 4.5, "mg/dL", "mmol/L"), 1.45305, 1e-9);
  EXPECT_NEAR(*convert_lab("calcium", 7.0, "mg/dL", "mmol/L"), 1.7465, 1e-9);
  EXPECT_NEAR(*convert_lab("creatinine", 88.4, "umol/L", "mg/dL"), 1.0, 1e-12);
}

TEST(ConvertLab, SameUnitIsTheValueForAnyAnalyte) {
  EXPECT_EQ(convert_lab("ldh", 250.0, "U/L", "U/L"), 250.0);
}

TEST(ConvertLab, UnitsOfAnotherAnalyteOrUnknownUnitsGiveNothing) {
  EXPECT_FALSE(convert_lab("potassium", 6.0, "mmol/L", "mg/dL"));
  EXPECT_FALSE(convert_lab("uric_acid", 8.0, "mg/dL", "mmol/L"));
  EXPECT_FALSE(convert_lab("ldh", 250.0, "U/L", "ukat/L"));
}

TEST(ValueIn, UsesTheLabsOwnAnalyteAndUnit) {
  const LabValue crp{"crp", 25.0, "mg/L", 12.0};
  EXPECT_DOUBLE_EQ(*value_in(crp, "mg/dL"), 2.5);
  EXPECT_FALSE(value_in(crp, "U/L"));
}

TEST(Describe, ValueUnitAndTime) {
  EXPECT_EQ(describe({"uric_acid", 8.0, "mg/dL", 12.0}), "uric acid 8 mg/dL at 12 h");
  EXPECT_EQ(describe({"crp", 2.5, "mg/dL", -24.0}), "CRP 2.5 mg/dL at -24 h");
  EXPECT_EQ(analyte_name("mcp1"), "MCP-1");
  EXPECT_EQ(analyte_name("ldh"), "LDH");
}

TEST(Compare, ToleranceAbsorbsConversionRoundingOnly) {
  EXPECT_TRUE(at_least(6.0, 6.0));
  EXPECT_FALSE(at_least(5.99, 6.0));
  // 0.1 + 0.2 is 0.30000000000000004 in binary: rounding, not a difference.
  EXPECT_TRUE(at_most(0.1 + 0.2, 0.3));
  EXPECT_TRUE(at_least(0.3, 0.1 + 0.2));
  EXPECT_FALSE(at_most(7.01, 7.0));
  EXPECT_TRUE(at_most(7.0, 7.0));
  // 1e-6 relative is a real difference, not rounding.
  EXPECT_FALSE(at_least(476.0 - 476.0 * 1e-6, 476.0));
}

}  // namespace
}  // namespace cytostorm::clinical
