// The answer key of a bedside review (grading/answer_key.hpp), and the check that keeps a wrong
// case out of the library: for every file of data/cases/ the expected answers are the engine's.
#include "cytostorm/grading/answer_key.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cytostorm/io/guideline_toml.hpp"
#include "cytostorm/io/practice_case.hpp"

namespace cytostorm::grading {
namespace {

using clinical::Action;

clinical::Suggestion suggestion(Action action, bool withheld) {
  clinical::Suggestion s;
  s.action = action;
  s.withheld = withheld;
  return s;
}

clinical::Flag flag(const std::string& key) {
  clinical::Flag f;
  f.key = key;
  return f;
}

BedsideAdvice review() {
  BedsideAdvice a;
  a.crs.grade = 3;
  a.icans.grade = 1;
  a.guidance.suggestions = {
      suggestion(Action::tocilizumab, true),    suggestion(Action::icu, false),
      suggestion(Action::dexamethasone, false), suggestion(Action::fluids, false),
      suggestion(Action::tocilizumab, true),    suggestion(Action::dexamethasone, true)};
  a.flags = {flag("tls_laboratory"), flag("car_hlh"), flag("tls_laboratory")};
  return a;
}

TEST(AnswerKey, TakesTheGradesActionsWithheldAndFlagsOfTheReview) {
  const AnswerKey key = answer_key(review());
  EXPECT_EQ(key.crs, 3);
  EXPECT_EQ(key.icans, 1);
  // In the order of clinical::Action, each once.
  EXPECT_EQ(key.actions, (std::vector<Action>{Action::fluids, Action::dexamethasone, Action::icu}));
  EXPECT_EQ(key.withheld, std::vector<Action>{Action::tocilizumab});
  EXPECT_EQ(key.flags, (std::vector<std::string>{"car_hlh", "tls_laboratory"}));
}

TEST(AnswerKey, AnActionSuggestedByOneRowAndWithheldByAnotherIsSuggested) {
  BedsideAdvice a;
  a.guidance.suggestions = {suggestion(Action::dexamethasone, true),
                            suggestion(Action::dexamethasone, false)};
  const AnswerKey key = answer_key(a);
  EXPECT_EQ(key.actions, std::vector<Action>{Action::dexamethasone});
  EXPECT_TRUE(key.withheld.empty());
}

TEST(AnswerKey, TheIcuFlagIsTheIcuAction) {
  BedsideAdvice a;
  a.guidance.suggestions = {suggestion(Action::vasopressors, false)};
  EXPECT_EQ(answer_key(a).actions, std::vector<Action>{Action::vasopressors});
  a.guidance.icu = true;
  EXPECT_EQ(answer_key(a).actions, (std::vector<Action>{Action::vasopressors, Action::icu}));
}

TEST(AnswerKey, ANotDerivableGradeStaysOpen) {
  BedsideAdvice a;
  a.crs.grade = std::nullopt;
  a.icans.grade = 0;
  const AnswerKey key = answer_key(a);
  EXPECT_FALSE(key.crs.has_value());
  EXPECT_EQ(key.icans, 0);
  EXPECT_TRUE(key.actions.empty());
}

TEST(AnswerKey, ActionSetIsOrderedAndUnique) {
  EXPECT_EQ(action_set({Action::icu, Action::supportive_care, Action::icu}),
            (std::vector<Action>{Action::supportive_care, Action::icu}));
  EXPECT_TRUE(action_set({}).empty());
}

TEST(AnswerKey, ActionListNamesTheActions) {
  EXPECT_EQ(action_list({Action::fluids, Action::tocilizumab}), "fluids, tocilizumab");
  EXPECT_EQ(action_list({}), "none");
}

TEST(AnswerKey, DisagreementsNameEachAnswerThatDiffers) {
  const AnswerKey engine = answer_key(review());
  EXPECT_TRUE(disagreements(engine, engine).empty());
  AnswerKey expected = engine;
  expected.crs = 2;
  expected.actions = {Action::fluids};
  expected.flags.clear();
  const auto d = disagreements(expected, engine);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0], "CRS grade: expected 2, engine 3");
  EXPECT_EQ(d[1], "actions: expected fluids, engine fluids, dexamethasone, icu");
  EXPECT_EQ(d[2], "flags: expected none, engine car_hlh, tls_laboratory");
  expected = engine;
  expected.icans = std::nullopt;
  expected.withheld.clear();
  const auto e = disagreements(expected, engine);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0], "ICANS grade: expected not derivable, engine 1");
  EXPECT_EQ(e[1], "withheld: expected none, engine tocilizumab");
}

// --- The case library --------------------------------------------------------------------------

const std::string kData = std::string(CYTOSTORM_SOURCE_DIR) + "/data";

TEST(CaseLibrary, EveryCaseStatesTheEnginesAnswers) {
  const auto names = io::guideline_names(kData);
  auto cases = io::read_practice_cases(kData + "/cases", names);
  ASSERT_TRUE(cases.ok()) << cases.error().to_string();
  EXPECT_GE(cases.value().size(), 30u);
  std::map<std::string, clinical::Guideline> guidelines;
  for (const auto& c : cases.value()) {
    if (guidelines.count(c.guideline) == 0) {
      auto g = io::load_guideline(io::guideline_path(kData, c.guideline));
      ASSERT_TRUE(g.ok()) << g.error().to_string();
      guidelines.emplace(c.guideline, std::move(g).value());
    }
    const AnswerKey engine = answer_key(advise(c.patient, c.at_hours, guidelines.at(c.guideline)));
    for (const auto& d : disagreements(c.expected, engine)) ADD_FAILURE() << c.file << ": " << d;
  }
}

TEST(CaseLibrary, CoversEveryGradeTheWithheldDosesAndTheFlags) {
  auto cases = io::read_practice_cases(kData + "/cases", io::guideline_names(kData));
  ASSERT_TRUE(cases.ok()) << cases.error().to_string();
  std::map<int, int> crs, icans;
  int withheld = 0, flagged = 0, children = 0;
  for (const auto& c : cases.value()) {
    ++crs[*c.expected.crs];
    ++icans[*c.expected.icans];
    withheld += c.expected.withheld.empty() ? 0 : 1;
    flagged += c.expected.flags.empty() ? 0 : 1;
    children += c.patient.age_years.value_or(99) < 12 ? 1 : 0;
  }
  for (int grade = 0; grade <= 4; ++grade) {
    EXPECT_GE(crs[grade], 1) << "no case of CRS grade " << grade;
    EXPECT_GE(icans[grade], 1) << "no case of ICANS grade " << grade;
  }
  EXPECT_GE(withheld, 3);
  EXPECT_GE(flagged, 3);
  EXPECT_GE(children, 3);
}

}  // namespace
}  // namespace cytostorm::grading
