// The bedside review: grades at the chosen moment, the treatment situation read from the record
// (doses given, fever days, neutropenia, seizures, response), the suggestions of a rule set with
// the dose limits enforced, and the words "decision support, not a prescription".
#include "cytostorm/grading/advice.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/patient_rows.hpp"

namespace cytostorm::grading {
namespace {

using clinical::Action;

// A small rule set written in code, so that these tests check the review and not the shipped
// rule sets (those have their own tests).
clinical::Guideline rule_set() {
  clinical::Guideline g;
  g.name = "test";
  g.title = "Test 2024";
  g.reference = "a rule set for tests";
  g.version = "1";
  auto row = [&](std::string id, clinical::Syndrome s, int from, int to, clinical::RowCondition c,
                 Action a) {
    clinical::GuidelineRow r;
    r.id = std::move(id);
    r.syndrome = s;
    r.grade_min = from;
    r.grade_max = to;
    r.when = c;
    r.action = a;
    r.text = "as the row says";
    r.part = "table 1";
    g.rows.push_back(r);
  };
  using clinical::RowCondition;
  using clinical::Syndrome;
  row("CRS-1", Syndrome::crs, 1, 4, RowCondition::always, Action::supportive_care);
  row("CRS-2", Syndrome::crs, 2, 4, RowCondition::always, Action::tocilizumab);
  row("CRS-2b", Syndrome::crs, 2, 4, RowCondition::no_improvement, Action::dexamethasone);
  row("ICANS-2", Syndrome::icans, 2, 4, RowCondition::always, Action::dexamethasone);
  row("ICANS-3", Syndrome::icans, 3, 4, RowCondition::seizure, Action::seizure_treatment);
  return g;
}

std::vector<Action> actions(const BedsideAdvice& a, bool withheld) {
  std::vector<Action> out;
  for (const auto& s : a.guidance.suggestions) {
    if (s.withheld == withheld) out.push_back(s.action);
  }
  return out;
}

// Fever from 24 h, nasal cannula 3 L/min from 26 h (CRS grade 2), tocilizumab at 27 h.
const std::string kCrs2 =
    "P1,,patient,weight_kg,70,kg,\n"
    "P1,0,infusion,axi-cel,,,\n"
    "P1,24,vital,temperature,38.6,C,\n"
    "P1,26,oxygen,nasal_cannula,3,L/min,\n"
    "P1,27,medication,tocilizumab,560,mg,\n"
    "P1,30,vital,temperature,38.4,C,\n"
    "P1,40,vital,temperature,37.2,C,\n";

TEST(Advice, GradesAtTheChosenMoment) {
  const auto record = testing::patient_from_rows(kCrs2);
  const auto g = rule_set();
  const auto before = advise(record, 25.0, g);
  EXPECT_EQ(before.crs.grade, 1);
  EXPECT_EQ(before.day, 1);
  const auto on_oxygen = advise(record, 26.0, g);
  EXPECT_EQ(on_oxygen.crs.grade, 2);
  EXPECT_FALSE(on_oxygen.crs.drivers.empty());
  EXPECT_EQ(on_oxygen.icans.grade, 0);
}

TEST(Advice, DefaultsToTheLastObservation) {
  const auto a = advise(testing::patient_from_rows(kCrs2), std::nullopt, rule_set());
  EXPECT_DOUBLE_EQ(a.at_hours, 40.0);
  EXPECT_EQ(a.crs.grade, 2);  // oxygen holds, fever masked after tocilizumab
}

TEST(Advice, BeforeAnyEventNothingIsKnown) {
  const auto a = advise(testing::patient_from_rows(kCrs2), -10.0, rule_set());
  EXPECT_EQ(a.crs.grade, 0);
  EXPECT_EQ(a.icans.grade, 0);
  EXPECT_TRUE(a.situation.tocilizumab_hours.empty());
}

TEST(Advice, SuggestsByGradeAndWithholdsADoseTooSoon) {
  const auto record = testing::patient_from_rows(kCrs2);
  const auto g = rule_set();
  const auto first = advise(record, 26.5, g);
  EXPECT_EQ(actions(first, false),
            (std::vector<Action>{Action::supportive_care, Action::tocilizumab}));
  ASSERT_FALSE(first.guidance.suggestions.empty());
  EXPECT_EQ(first.guidance.suggestions.front().row, "CRS-1");
  // One hour after the dose: still grade 2, another dose would come too soon.
  const auto soon = advise(record, 28.0, g);
  EXPECT_EQ(soon.situation.tocilizumab_hours, (std::vector<double>{27.0}));
  EXPECT_TRUE(soon.situation.crs_not_improving);
  EXPECT_EQ(actions(soon, true), (std::vector<Action>{Action::tocilizumab}));
  EXPECT_EQ(actions(soon, false),
            (std::vector<Action>{Action::supportive_care, Action::dexamethasone}));
  for (const auto& s : soon.guidance.suggestions) {
    if (s.withheld) {
      EXPECT_NE(s.withheld_reason.find("8"), std::string::npos) << s.withheld_reason;
    }
  }
  // Nine hours after the dose the interval is respected.
  const auto later = advise(record, 36.0, g);
  EXPECT_TRUE(actions(later, true).empty());
  EXPECT_EQ(later.guidance.disclaimer, "decision support, not a prescription");
}

TEST(Advice, ImprovementIsReadFromTheCourse) {
  // Oxygen stopped after tocilizumab: grade 1 at most, then 0: improving.
  const auto record = testing::patient_from_rows(
      "P1,0,infusion,axi-cel,,,\n"
      "P1,24,vital,temperature,38.6,C,\n"
      "P1,26,oxygen,nasal_cannula,3,L/min,\n"
      "P1,27,medication,tocilizumab,560,mg,\n"
      "P1,34,oxygen,room_air,,,\n");
  const auto a = advise(record, 36.0, rule_set());
  EXPECT_LT(*a.crs.grade, 2);
  EXPECT_FALSE(a.situation.crs_not_improving);
}

TEST(Advice, AFeverAfterCrsResolvedIsFlaggedAsPossibleInfection) {
  // CRS from 24 h, afebrile from 36 h (resolved 24 h later, at 60 h), a new fever at 100 h opens
  // a new episode: the flag reads the earlier resolution.
  const auto record = testing::patient_from_rows(
      "P1,0,infusion,axi-cel,,,\n"
      "P1,24,vital,temperature,38.6,C,\n"
      "P1,36,vital,temperature,37.0,C,\n"
      "P1,80,vital,temperature,37.1,C,\n"
      "P1,100,vital,temperature,38.4,C,\n");
  const auto a = advise(record, 100.0, rule_set());
  EXPECT_EQ(a.crs.grade, 1);
  bool flagged = false;
  for (const auto& f : a.flags) flagged = flagged || f.key == "infection_fever_after_crs_resolved";
  EXPECT_TRUE(flagged);
}

TEST(Advice, SituationFromTheRecord) {
  const auto record = testing::patient_from_rows(
      "P1,0,infusion,axi-cel,,,\n"
      "P1,10,vital,temperature,38.2,C,\n"
      "P1,30,vital,temperature,38.4,C,\n"
      "P1,31,vital,temperature,38.9,C,\n"
      "P1,50,vital,temperature,38.1,C,\n"
      "P1,60,lab,anc,0.3,10^9/L,\n"
      "P1,70,ice,total,6,,\n"
      "P1,71,seizure,brief_resolved,,,\n"
      "P1,72,medication,dexamethasone,10,mg,\n");
  const auto a = advise(record, 80.0, rule_set());
  EXPECT_EQ(a.situation.fever_days, 0);  // the last fever (50 h) is outside the 24 h window
  EXPECT_EQ(advise(record, 52.0, rule_set()).situation.fever_days, 3);  // days 0, 1 and 2
  auto broken = record;  // an afebrile day 1 breaks the run
  std::erase_if(broken.events, [](const record::Event& e) { return e.day == 1; });
  EXPECT_EQ(advise(broken, 52.0, rule_set()).situation.fever_days, 1);
  EXPECT_TRUE(a.situation.neutropenic);
  EXPECT_TRUE(a.situation.seizure);
  EXPECT_EQ(a.situation.corticosteroid_hours, (std::vector<double>{72.0}));
  EXPECT_EQ(a.icans.grade, 3);
  EXPECT_TRUE(a.situation.icans_not_improving);
  const auto suggested = actions(a, false);
  EXPECT_NE(std::find(suggested.begin(), suggested.end(), Action::seizure_treatment),
            suggested.end());
  // The seizure leaves its 24 h window.
  const auto later = advise(record, 96.0, rule_set());
  EXPECT_FALSE(later.situation.seizure);
  // A recovered neutrophil count ends neutropenia.
  auto recovered = record;
  recovered.events.push_back(recovered.events.back());
  recovered.events.back().kind = record::EventKind::lab;
  recovered.events.back().item = "anc";
  recovered.events.back().value = 1.5;
  recovered.events.back().hours = 75.0;
  EXPECT_FALSE(advise(recovered, 80.0, rule_set()).situation.neutropenic);
}

TEST(ReviewHours, PlacesTheMomentOfAReview) {
  const auto hours =
      testing::patient_from_rows("P1,0,infusion,axi-cel,,,\nP1,30,vital,sbp,90,mmHg,\n");
  EXPECT_FALSE(review_hours("", hours, "--at").value());
  EXPECT_EQ(review_hours("72", hours, "--at").value(), 72.0);
  EXPECT_EQ(review_hours("2024-03-01T10:00:00Z", hours, "at").error().to_string(),
            "at: the file gives hours since infusion: give at in hours as well");
  EXPECT_EQ(review_hours("soon", hours, "at").error().file, "at");
  const auto iso = testing::patient_from_rows(
      "P1,2024-03-01T10:00:00Z,infusion,axi-cel,,,\nP1,2024-03-02T10:00:00Z,vital,sbp,90,mmHg,\n");
  EXPECT_EQ(review_hours("2024-03-02T12:00:00Z", iso, "at").value(), 26.0);
  // A mistyped year (found by the http_api fuzzer: grading the days up to it took minutes).
  EXPECT_EQ(review_hours("9012-03-03T08:00:00Z", iso, "at").error().to_string(),
            "at: 2552316 days from the infusion: more than 10 years away (a mistyped year?)");
  const auto no_infusion = testing::patient_from_rows("P1,30,vital,sbp,90,mmHg,\n");
  EXPECT_NE(review_hours("2024-03-02T12:00:00Z", no_infusion, "at")
                .error()
                .message.find("no infusion row"),
            std::string::npos);
}

}  // namespace
}  // namespace cytostorm::grading
