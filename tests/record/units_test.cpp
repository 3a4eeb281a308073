#include "cytostorm/record/units.hpp"

#include <gtest/gtest.h>

namespace cytostorm::record {
namespace {

TEST(Units, Temperature) {
  EXPECT_NEAR(fahrenheit_to_celsius(100.4), 38.0, 1e-12);
  EXPECT_NEAR(fahrenheit_to_celsius(32.0), 0.0, 1e-12);
  EXPECT_NEAR(celsius_to_fahrenheit(37.0), 98.6, 1e-12);
}

TEST(Units, VasopressorRates) {
  EXPECT_EQ(convert_rate(0.1, DoseRateUnit::ug_kg_min, DoseRateUnit::ug_min, 80.0), 8.0);
  EXPECT_EQ(convert_rate(8.0, DoseRateUnit::ug_min, DoseRateUnit::ug_kg_min, 80.0), 0.1);
  EXPECT_EQ(convert_rate(8.0, DoseRateUnit::ug_min, DoseRateUnit::ug_min, std::nullopt), 8.0);
  EXPECT_FALSE(convert_rate(0.1, DoseRateUnit::ug_kg_min, DoseRateUnit::ug_min, std::nullopt));
  EXPECT_FALSE(convert_rate(0.04, DoseRateUnit::units_min, DoseRateUnit::ug_min, 80.0));
}

}  // namespace
}  // namespace cytostorm::record
