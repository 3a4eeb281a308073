// Reading practice cases (io/practice_case.hpp): a good case with every field, the defaults, and
// every kind of bad case file, each error naming the file, the line and the key.
#include "cytostorm/io/practice_case.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "support/run_cli.hpp"

namespace cytostorm::io {
namespace {

using clinical::Action;
using testing::Scratch;

const std::vector<std::string> kGuidelines{"asco-2021", "cartox-2018"};

// A good case; line numbers matter to the error tests below (events header on line 10).
const std::string kGood = R"(title = "Six litres"
topics = ["crs", "oxygen"]
difficulty = "basic"
guideline = "cartox-2018"
at_hours = 40
vignette = """
A 49-year-old woman.
"""
events = """
patient_id,time,kind,item,value,unit,note
P1,,patient,weight_kg,64,,
P1,0,infusion,axi-cel,,,
P1,38.5,oxygen,nasal_cannula,6,L/min,
P1,40,vital,temperature,38.5,C,
"""
explanation = "Low flow is up to 6 L/min."

[expected]
crs = 2
icans = 0
actions = ["tocilizumab", "fluids", "oxygen"]
withheld = ["dexamethasone"]
flags = ["possible_infusion_reaction"]
)";

// kGood with the first occurrence of `from` replaced by `to`.
std::string with(std::string from, std::string to) {
  std::string text = kGood;
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(PracticeCase, ReadsEveryField) {
  Scratch s;
  const auto path = s.write("crs-six-litres.toml", kGood);
  auto c = read_practice_case(path, kGuidelines);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  const PracticeCase& p = c.value();
  EXPECT_EQ(p.id, "crs-six-litres");
  EXPECT_EQ(p.file, path);
  EXPECT_EQ(p.title, "Six litres");
  EXPECT_EQ(p.topics, (std::vector<std::string>{"crs", "oxygen"}));
  EXPECT_EQ(p.difficulty, Difficulty::basic);
  EXPECT_EQ(p.guideline, "cartox-2018");
  EXPECT_DOUBLE_EQ(p.at_hours, 40.0);
  EXPECT_EQ(p.vignette, "A 49-year-old woman.\n");
  EXPECT_EQ(p.explanation, "Low flow is up to 6 L/min.");
  EXPECT_EQ(p.patient.patient_id, "P1");
  EXPECT_EQ(p.patient.weight_kg, 64.0);
  ASSERT_EQ(p.patient.events.size(), 3u);  // the weight is a fact of the record, not an event
  // The audit trail points into the case file: the oxygen row is line 13 of the file.
  EXPECT_EQ(p.patient.events[1].item, "nasal_cannula");
  EXPECT_EQ(p.patient.events[1].line, 13u);
  EXPECT_EQ(p.expected.crs, 2);
  EXPECT_EQ(p.expected.icans, 0);
  // Canonical order: the order of clinical::Action, whatever the file's order.
  EXPECT_EQ(p.expected.actions,
            (std::vector<Action>{Action::fluids, Action::oxygen, Action::tocilizumab}));
  EXPECT_EQ(p.expected.withheld, std::vector<Action>{Action::dexamethasone});
  EXPECT_EQ(p.expected.flags, std::vector<std::string>{"possible_infusion_reaction"});
}

TEST(PracticeCase, OptionalKeysHaveTheirDefaults) {
  Scratch s;
  std::string text = with("guideline = \"cartox-2018\"\n", "");
  text = text.substr(0, text.find("withheld = "));
  auto c = read_practice_case(s.write("c.toml", text), kGuidelines);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_EQ(c.value().guideline, "asco-2021");
  EXPECT_TRUE(c.value().expected.withheld.empty());
  EXPECT_TRUE(c.value().expected.flags.empty());
}

TEST(PracticeCase, TheEventTableMayStartOnTheLineOfItsQuotes) {
  Scratch s;
  auto c = read_practice_case(
      s.write("c.toml", with("events = \"\"\"\npatient_id", "events = \"\"\"patient_id")),
      kGuidelines);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  // One line fewer before the table: the oxygen row is now line 12.
  EXPECT_EQ(c.value().patient.events[1].line, 12u);
}

struct BadCase {
  const char* name;
  std::string text;
  const char* error;  // expected after "<file>:"
};

void PrintTo(const BadCase& c, std::ostream* os) {
  *os << c.name;
}

class PracticeCaseErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(PracticeCaseErrors, NameTheFileTheLineAndTheKey) {
  Scratch s;
  const auto path = s.write("bad.toml", GetParam().text);
  auto c = read_practice_case(path, kGuidelines);
  ASSERT_FALSE(c.ok());
  const std::string message = c.error().to_string();
  EXPECT_EQ(message.rfind(path + ":", 0), 0u) << message;
  EXPECT_NE(message.find(GetParam().error), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Keys, PracticeCaseErrors,
    ::testing::Values(
        BadCase{"unknown_key", with("at_hours = 40\n", "at_hours = 40\ncolour = \"red\"\n"),
                ":6: column 1: key \"colour\": unknown key"},
        BadCase{"missing_title", with("title = \"Six litres\"\n", ""), "key \"title\": missing"},
        BadCase{"empty_title", with("\"Six litres\"", "\" \""),
                ":1: column 9: key \"title\": is empty"},
        BadCase{"no_topics", with("[\"crs\", \"oxygen\"]", "[]"),
                ":2: column 10: key \"topics\": give at least one topic"},
        BadCase{"bad_topic", with("\"oxygen\"", "\"Oxygen\""),
                ":2: column 10: key \"topics\": topic \"Oxygen\""},
        BadCase{"topic_twice", with("\"oxygen\"", "\"crs\""), "topic \"crs\" is listed twice"},
        BadCase{"difficulty", with("\"basic\"", "\"easy\""),
                ":3: column 14: key \"difficulty\": unknown value \"easy\" (accepted: basic, "
                "intermediate, advanced)"},
        BadCase{"guideline", with("\"cartox-2018\"", "\"nccn-2024\""),
                ":4: column 13: key \"guideline\": unknown value \"nccn-2024\" (accepted: "
                "asco-2021, cartox-2018)"},
        BadCase{"at_hours_text", with("at_hours = 40", "at_hours = \"forty\""),
                ":5: column 12: key \"at_hours\": expected a number, got a string"},
        BadCase{"at_hours_negative", with("at_hours = 40", "at_hours = -1"),
                ":5: column 12: key \"at_hours\": -1 is out of range"},
        BadCase{"crs_out_of_range", with("crs = 2", "crs = 6"),
                ":19: column 7: key \"expected.crs\": 6 is out of range (0 to 5)"},
        BadCase{"icans_float", with("icans = 0", "icans = 1.5"),
                ":20: column 9: key \"expected.icans\": expected an integer"},
        BadCase{"missing_actions",
                with("actions = [\"tocilizumab\", \"fluids\", \"oxygen\"]\n", ""),
                "key \"expected.actions\": missing"},
        BadCase{"unknown_action", with("\"tocilizumab\", \"fluids\"", "\"toci\", \"fluids\""),
                ":21: column 11: key \"expected.actions\": unknown action \"toci\" (accepted: "
                "supportive_care,"},
        BadCase{"action_twice", with("\"fluids\", \"oxygen\"]", "\"fluids\", \"fluids\"]"),
                "key \"expected.actions\": action \"fluids\" is listed twice"},
        BadCase{"withheld_and_suggested", with("[\"dexamethasone\"]", "[\"oxygen\"]"),
                ":22: column 12: key \"expected.withheld\": \"oxygen\" is both suggested"},
        BadCase{"bad_flag", with("\"possible_infusion_reaction\"", "\"Infusion Reaction\""),
                ":23: column 9: key \"expected.flags\": flag key \"Infusion Reaction\""},
        BadCase{"unknown_expected_key", with("icans = 0\n", "icans = 0\nscore = 3\n"),
                ":21: column 1: key \"expected.score\": unknown key"},
        BadCase{"malformed_toml", with("at_hours = 40", "at_hours = = 40"),
                ":5: column 12: malformed TOML"},
        BadCase{"bad_event_kind", with("P1,0,infusion", "P1,0,infusoin"),
                ":12: key \"events\": kind: unknown kind \"infusoin\""},
        BadCase{"bad_event_value", with("38.5,C", "38.5,K"),
                ":14: key \"events\": unit: unit \"K\" is not accepted for temperature"},
        BadCase{"bad_event_header", with("patient_id,time,kind", "patient,time,kind"),
                ":10: key \"events\""},
        BadCase{"event_after_question", with("P1,40,vital", "P1,41,vital"),
                ":14: key \"events\": an event at 41 h comes after the question (at_hours = 40)"},
        BadCase{"two_patients", with("P1,40,vital", "P2,40,vital"),
                ":10: key \"events\": the event table must hold exactly one patient, not 2"},
        BadCase{"no_rows",
                with("P1,,patient,weight_kg,64,,\nP1,0,infusion,axi-cel,,,\n"
                     "P1,38.5,oxygen,nasal_cannula,6,L/min,\nP1,40,vital,temperature,"
                     "38.5,C,\n",
                     ""),
                ":10: key \"events\": the event table must hold exactly one patient, not 0"}),
    [](const ::testing::TestParamInfo<BadCase>& p) { return std::string(p.param.name); });

TEST(PracticeCase, TheFileNameIsTheIdAndMustBeWritable) {
  Scratch s;
  auto c = read_practice_case(s.write("Six Litres.toml", kGood), kGuidelines);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().to_string().find("the case id \"Six Litres\""), std::string::npos);
  auto missing = read_practice_case(s.dir() + "/nothing.toml", kGuidelines);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().to_string().find("cannot open"), std::string::npos);
}

TEST(PracticeCases, ReadsAFolderInFileNameOrder) {
  Scratch s;
  s.write("b-second.toml", kGood);
  s.write("a-first.toml", kGood);
  s.write("notes.txt", "not a case");
  auto cases = read_practice_cases(s.dir(), kGuidelines);
  ASSERT_TRUE(cases.ok()) << cases.error().to_string();
  ASSERT_EQ(cases.value().size(), 2u);
  EXPECT_EQ(cases.value()[0].id, "a-first");
  EXPECT_EQ(cases.value()[1].id, "b-second");
}

TEST(PracticeCases, StopsAtTheFirstBadCase) {
  Scratch s;
  s.write("a-good.toml", kGood);
  s.write("b-bad.toml", with("crs = 2", "crs = 9"));
  auto cases = read_practice_cases(s.dir(), kGuidelines);
  ASSERT_FALSE(cases.ok());
  EXPECT_NE(cases.error().to_string().find("b-bad.toml:19:"), std::string::npos)
      << cases.error().to_string();
}

TEST(PracticeCases, AnEmptyOrMissingFolderIsAnError) {
  Scratch s;
  auto empty = read_practice_cases(s.dir(), kGuidelines);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("no case files"), std::string::npos);
  auto missing = read_practice_cases(s.dir() + "/nowhere", kGuidelines);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("not a folder"), std::string::npos);
}

TEST(PracticeCase, DifficultyNames) {
  EXPECT_EQ(name(Difficulty::basic), "basic");
  EXPECT_EQ(name(Difficulty::intermediate), "intermediate");
  EXPECT_EQ(name(Difficulty::advanced), "advanced");
}

}  // namespace
}  // namespace cytostorm::io
