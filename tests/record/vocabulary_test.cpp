#include "cytostorm/record/vocabulary.hpp"

#include <gtest/gtest.h>

namespace cytostorm::record {
namespace {

template <typename E>
void expect_round_trip() {
  for (const auto& [value, word] : Vocabulary<E>::entries) {
    EXPECT_EQ(name(value), word);
    EXPECT_EQ(parse<E>(word), value);
  }
}

TEST(Vocabulary, EveryNameRoundTrips) {
  expect_round_trip<OxygenDevice>();
  expect_round_trip<OxygenPurpose>();
  expect_round_trip<VasoactiveDrug>();
  expect_round_trip<Consciousness>();
  expect_round_trip<Seizure>();
  expect_round_trip<MotorFinding>();
  expect_round_trip<Edema>();
  expect_round_trip<DeathCause>();
  expect_round_trip<DoseRateUnit>();
  expect_round_trip<IceItem>();
  expect_round_trip<CapdFrequency>();
  expect_round_trip<CapdItem>();
  expect_round_trip<SymptomCourse>();
}

TEST(Vocabulary, FormatsSpellingsAreAccepted) {
  // formats.md section 1: the oxygen devices and vasopressors exactly as users write them.
  for (const char* device :
       {"room_air", "blow_by", "nasal_cannula", "high_flow_nasal_cannula", "simple_facemask",
        "non_rebreather", "venturi", "cpap", "bipap", "mechanical_ventilation"}) {
    EXPECT_TRUE(parse<OxygenDevice>(device)) << device;
  }
  for (const char* drug : {"norepinephrine", "epinephrine", "phenylephrine", "dopamine",
                           "vasopressin", "angiotensin_ii"}) {
    EXPECT_TRUE(parse<VasoactiveDrug>(drug)) << drug;
  }
}

TEST(Vocabulary, UnknownWordsAreNotGuessed) {
  EXPECT_FALSE(parse<OxygenDevice>("Nasal_Cannula"));
  EXPECT_FALSE(parse<VasoactiveDrug>("levophed"));
  EXPECT_NE(accepted_names<Edema>().find("none, focal, diffuse"), std::string::npos);
}

}  // namespace
}  // namespace cytostorm::record
