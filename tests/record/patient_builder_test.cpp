// PatientBuilder: the bound on how far from the infusion a time may lie.
#include "cytostorm/record/patient_builder.hpp"

#include <gtest/gtest.h>

namespace cytostorm::record {
namespace {

// A mistyped year (found by the FHIR fuzzer: 1012 for 2024 made `grade --format json` run for
// minutes over 370,000 days) is refused; ten years on either side of the infusion is accepted.
TEST(PatientBuilderYears, ATimeMoreThanTenYearsFromTheInfusionIsRefused) {
  const auto build = [](double hours) {
    PatientBuilder b("P1", "f.csv");
    Event infusion;
    infusion.kind = EventKind::infusion;
    infusion.item = "axi-cel";
    infusion.line = 2;
    b.add(std::move(infusion), TimePoint{false, 0.0});
    Event fever;
    fever.kind = EventKind::vital;
    fever.item = "temperature";
    fever.value = 39.0;
    fever.unit = "C";
    fever.line = 3;
    b.add(std::move(fever), TimePoint{false, hours});
    return std::move(b).finish();
  };
  const double ten_years = 10 * 365.25 * 24;
  EXPECT_TRUE(build(ten_years).ok());
  EXPECT_TRUE(build(-ten_years).ok());
  const auto late = build(ten_years + 24);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().to_string(),
            "f.csv:3: time: patient P1: 3654 days from the infusion: more than 10 years away (a "
            "mistyped year?)");
  EXPECT_FALSE(build(-ten_years - 24).ok());
}

}  // namespace
}  // namespace cytostorm::record
