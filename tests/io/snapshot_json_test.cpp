#include "cytostorm/io/snapshot_json.hpp"

#include <gtest/gtest.h>

namespace cytostorm::io {
namespace {

record::Snapshot read_ok(const std::string& text) {
  auto r = read_snapshot(text, "case.json");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? r.value() : record::Snapshot{};
}

std::string read_error(const std::string& text) {
  auto r = read_snapshot(text, "case.json");
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.error().to_string();
}

TEST(ReadSnapshot, EmptyObjectIsAnAssessmentWithNothingPresent) {
  const auto s = read_ok("{}");
  EXPECT_FALSE(s.temperature_c);
  EXPECT_TRUE(s.vasoactives.empty());
  EXPECT_FALSE(s.oxygen);
  EXPECT_EQ(s.seizure, record::Seizure::none);
}

TEST(ReadSnapshot, ReadsTheFormatExampleWithComments) {
  const auto s = read_ok(R"({
      "age_years": 54,
      "temperature_c": 38.4,                    // or "temperature_f"
      "fever_masked": false,
      "hypotension": true,
      "sbp_mmhg": 85,
      "vasopressors": [{"drug": "norepinephrine", "dose": 8, "unit": "ug/min", "hours": 5}],
      "oxygen": {"device": "nasal_cannula", "flow_l_min": 4, "fio2_pct": 32},
      "ice": {"orientation": 4, "naming": 3, "commands": 1, "writing": "NA", "attention": 0,
              "not_assessable_reason": "baseline dysgraphia"},
      "consciousness": "voice",
      "sedated": false,
      "seizure": "none",
      "motor": "none",
      "edema": "none",
      "hemorrhage": false, "global_aphasia": false, "posturing": false, "papilledema": false,
      "cn6_palsy": false, "cushing_triad": false, "tremor": false, "myoclonus": false,
      "organ_toxicity_max_grade": 0, "transaminitis_grade": 0
    })");
  ASSERT_TRUE(s.age_years);
  EXPECT_EQ(*s.age_years, 54);
  EXPECT_DOUBLE_EQ(*s.temperature_c, 38.4);
  EXPECT_EQ(s.hypotension, true);
  ASSERT_EQ(s.vasoactives.size(), 1u);
  EXPECT_EQ(s.vasoactives[0].drug, record::VasoactiveDrug::norepinephrine);
  EXPECT_EQ(s.vasoactives[0].unit, record::DoseRateUnit::ug_min);
  EXPECT_EQ(s.vasoactives[0].hours, 5.0);
  ASSERT_TRUE(s.oxygen);
  EXPECT_EQ(s.oxygen->device, record::OxygenDevice::nasal_cannula);
  EXPECT_EQ(s.oxygen->flow_l_min, 4.0);
  ASSERT_TRUE(s.ice && s.ice->items);
  EXPECT_FALSE((*s.ice->items)[3].points);
  EXPECT_EQ((*s.ice->items)[3].not_assessable_reason, "baseline dysgraphia");
  EXPECT_EQ((*s.ice->items)[0].points, 4);
  EXPECT_EQ(s.consciousness, record::Consciousness::voice);
}

TEST(ReadSnapshot, FahrenheitIsConvertedToCelsius) {
  const auto s = read_ok(R"({"temperature_f": 100.4})");
  ASSERT_TRUE(s.temperature_c);
  EXPECT_NEAR(*s.temperature_c, 38.0, 1e-9);
}

TEST(ReadSnapshot, CapdAcceptsWordsAndNumbers) {
  const auto words = read_ok(R"({"capd": {"eye_contact": "never", "purposeful": "never",
      "aware": "never", "communicates": "never", "restless": "always", "inconsolable": "always",
      "underactive": "always", "slow_response": "always", "total": 32}})");
  ASSERT_TRUE(words.capd && words.capd->answers);
  EXPECT_EQ((*words.capd->answers)[0], record::CapdFrequency::never);
  const auto numbers = read_ok(R"({"capd": {"eye_contact": 0, "purposeful": 0, "aware": 0,
      "communicates": 0, "restless": 4, "inconsolable": 4, "underactive": 4, "slow_response": 4}})");
  ASSERT_TRUE(numbers.capd && numbers.capd->answers);
  EXPECT_EQ((*numbers.capd->answers)[7], record::CapdFrequency::always);
}

TEST(ReadSnapshot, AttributionAndDeath) {
  const auto s = read_ok(R"({"attributed_to_other_cause": ["fever", "hypoxia"], "death": "crs"})");
  EXPECT_TRUE(s.attributed.fever);
  EXPECT_TRUE(s.attributed.hypoxia);
  EXPECT_FALSE(s.attributed.hypotension);
  EXPECT_EQ(s.death, record::DeathCause::crs);
}

TEST(ReadSnapshot, ErrorsNameFileLineColumnAndKey) {
  EXPECT_EQ(read_error("{\n  \"sbp_mmhg\": 85,\n  \"oxygen\": {\"device\": \"tent\"}\n}"),
            "case.json:3: column 14: key \"oxygen.device\": unknown value \"tent\" (accepted: "
            "room_air, blow_by, nasal_cannula, high_flow_nasal_cannula, simple_facemask, "
            "non_rebreather, venturi, cpap, bipap, mechanical_ventilation)");
  EXPECT_EQ(read_error("{\"vasopressors\": [{\"drug\": \"norepinephrine\"}, 3]}"),
            "case.json:1: column 47: key \"vasopressors[1]\": expected an object, got an integer");
}

TEST(ReadSnapshot, IceConsistencyIsChecked) {
  EXPECT_NE(read_error(R"({"ice": {"orientation": 4, "naming": 3}})").find("2 of the 5 ICE items"),
            std::string::npos);
  EXPECT_NE(read_error(R"({"ice": {"orientation": 4, "naming": 3, "commands": 1, "writing": 1,
                                   "attention": 1, "total": 9}})")
                .find("9 differs from the sum of the items (10)"),
            std::string::npos);
  EXPECT_NE(read_error(R"({"ice": {"orientation": 4, "naming": 3, "commands": 1, "writing": "NA",
                                   "attention": 1, "not_assessable_reason": "aphasia",
                                   "total": 9}})")
                .find("never scored 0"),
            std::string::npos);
  EXPECT_NE(read_error(R"({"ice": {}})").find("give the five items or \"total\""),
            std::string::npos);
}

TEST(ReadSnapshot, CapdConsistencyIsChecked) {
  EXPECT_NE(read_error(R"({"capd": {"total": 33}})").find("33 is out of range (0 to 32)"),
            std::string::npos);
  EXPECT_NE(read_error(R"({"capd": {"unable_to_perform": true, "total": 4}})").find("has no score"),
            std::string::npos);
  EXPECT_NE(read_error(R"({"capd": {"eye_contact": "seldom", "purposeful": 0, "aware": 0,
      "communicates": 0, "restless": 4, "inconsolable": 4, "underactive": 4, "slow_response": 4}})")
                .find("unknown value \"seldom\""),
            std::string::npos);
}

TEST(ReadSnapshot, DuplicateDrugIsAnError) {
  EXPECT_NE(read_error(R"({"vasopressors": [{"drug": "dopamine"}, {"drug": "dopamine"}]})")
                .find("dopamine is listed twice"),
            std::string::npos);
}

TEST(ReadSnapshot, NonFiniteAndHugeNumbersAreOutOfRange) {
  EXPECT_EQ(read_error(R"({"sbp_mmhg": 1e400})"),
            "case.json:1: column 19: malformed JSON: number overflow parsing '1e400'");
  EXPECT_NE(read_error(R"({"fluid_boluses": 99999999999999999999})").find("fluid_boluses"),
            std::string::npos);
}

}  // namespace
}  // namespace cytostorm::io
