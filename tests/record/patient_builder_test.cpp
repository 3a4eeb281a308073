// PatientBuilder: the bound on how far from the infusion a time may lie; events filled in place.
#include "cytostorm/record/patient_builder.hpp"

#include <gtest/gtest.h>

#include "cytostorm/record/event.hpp"

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

// An event filled in through next_event is added by keep and dropped otherwise: a row found bad
// after it was written in place leaves no trace, and the next row is written over it.
TEST(PatientBuilderInPlace, KeepsTheEventsKeptAndDropsTheOneLeftUnkept) {
  PatientBuilder b("P1", "f.csv");
  const auto fill = [&](std::string_view kind, std::string_view item, std::string_view value,
                        std::string_view unit, std::size_t line) {
    Event& e = b.next_event();
    e.line = line;
    return !make_event(kind, item, value, unit, "", e).has_value();
  };
  ASSERT_TRUE(fill("patient", "age_years", "61", "", 2));
  b.keep(std::nullopt);
  ASSERT_TRUE(fill("vital", "temperature", "101.3", "F", 3));
  b.keep(TimePoint{false, 5.0});
  EXPECT_FALSE(fill("vital", "spo2", "120", "%", 4));      // out of range: not kept
  ASSERT_TRUE(fill("hypotension", "present", "", "", 5));  // written over the spo2 row
  b.keep(TimePoint{false, 6.0});
  EXPECT_FALSE(fill("vital", "heart_rate", "-1", "/min", 6));  // left unkept at the end
  EXPECT_EQ(b.size(), 3u);
  auto r = std::move(b).finish();
  ASSERT_TRUE(r.ok());
  const PatientRecord& p = r.value();
  EXPECT_EQ(p.age_years, 61.0);
  ASSERT_EQ(p.events.size(), 2u);
  EXPECT_EQ(p.events[0].item, "temperature");
  EXPECT_EQ(p.events[0].unit, "C");
  EXPECT_NEAR(*p.events[0].value, 38.5, 1e-9);
  EXPECT_EQ(p.events[0].hours, 5.0);
  EXPECT_EQ(p.events[1].kind, EventKind::hypotension);
  EXPECT_EQ(p.events[1].item, "present");
  EXPECT_FALSE(p.events[1].value.has_value());  // nothing left of the spo2 row
  EXPECT_EQ(p.events[1].unit, "");
  EXPECT_EQ(p.events[1].line, 5u);
  EXPECT_EQ(p.events[1].hours, 6.0);
}

}  // namespace
}  // namespace cytostorm::record
