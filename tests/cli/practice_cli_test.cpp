// `cytostorm practice` as a trainee runs it: the whole library answered right scores in full,
// wrong answers are explained with the drivers, the guideline rows and the withheld doses and
// counted, bad answers are re-asked at the terminal and reported from an answers file, the case
// order is deterministic, --check compares the case files with the engine, and bad input exits 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cytostorm/grading/answer_key.hpp"
#include "cytostorm/io/guideline_toml.hpp"
#include "cytostorm/io/practice_case.hpp"
#include "support/run_cli.hpp"

namespace cytostorm::testing {
namespace {

const std::string kData = std::string(CYTOSTORM_SOURCE_DIR) + "/data";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<io::PracticeCase> library() {
  auto cases = io::read_practice_cases(kData + "/cases", io::guideline_names(kData));
  EXPECT_TRUE(cases.ok()) << cases.error().to_string();
  return cases.ok() ? cases.value() : std::vector<io::PracticeCase>{};
}

// The answers-file line that gives `key`'s answers.
std::string answer_line(const std::string& id, const grading::AnswerKey& key) {
  std::string actions;
  for (auto a : key.actions) actions += (actions.empty() ? "" : ",") + std::string(name(a));
  return id + ": crs=" + std::to_string(*key.crs) + " icans=" + std::to_string(*key.icans) +
         " actions=" + (actions.empty() ? "none" : actions) + "\n";
}

// `text` with each line break and the indentation after it read as one space, so that a phrase
// the trainer wrapped at the page width is found whole.
std::string flat(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out += text[i];
      continue;
    }
    while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
    out += ' ';
  }
  return out;
}

// The ids of the cases in the order the session showed them.
std::vector<std::string> shown_order(const std::string& out) {
  std::vector<std::string> ids;
  std::istringstream in(out);
  std::string line;
  bool next = false;
  while (std::getline(in, line)) {
    if (next) ids.push_back(line.substr(0, line.find(" | ")));
    next = line.rfind("== Case ", 0) == 0;
  }
  return ids;
}

TEST(PracticeCli, TheWholeLibraryAnsweredRightScoresInFull) {
  Scratch s;
  const auto cases = library();
  ASSERT_GE(cases.size(), 30u);
  std::string answers = "# every case, answered as its file says (the engine's answers)\n\n";
  for (const auto& c : cases) answers += answer_line(c.id, c.expected);
  const auto run = run_cli({"practice", "--answers", s.write("answers.txt", answers)});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string n = std::to_string(cases.size());
  EXPECT_NE(run.out.find("CRS grade:    " + n + " of " + n + " right"), std::string::npos);
  EXPECT_NE(run.out.find("ICANS grade:  " + n + " of " + n + " right"), std::string::npos);
  EXPECT_NE(run.out.find("(" + n + " exactly right)"), std::string::npos);
  EXPECT_NE(run.out.find("of " + std::to_string(3 * cases.size()) + " (100.0%)"), std::string::npos)
      << run.out.substr(run.out.size() - 400);
  EXPECT_EQ(run.out.find("Wrong."), std::string::npos);
  EXPECT_EQ(run.err, "");
  // File-name order without a seed.
  std::vector<std::string> ids;
  for (const auto& c : cases) ids.push_back(c.id);
  EXPECT_EQ(shown_order(run.out), ids);
}

TEST(PracticeCli, WrongAnswersAreExplainedWithTheDriversAndCounted) {
  Scratch s;
  const auto run = run_cli({"practice", "--case", "crs-cannula-6-5-litres", "--answers",
                            s.write("a.txt",
                                    "crs-cannula-6-5-litres: crs=2 icans=0 "
                                    "actions=oxygen,tocilizumab\n")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string& out = run.out;
  // The vignette, the events and the echoed answers.
  EXPECT_NE(out.find("Six and a half litres"), std::string::npos);
  EXPECT_NE(out.find("oxygen nasal_cannula 6.5 L/min"), std::string::npos);
  EXPECT_NE(out.find("CRS grade now (ASTCT 2019, 0-5)? 2"), std::string::npos);
  // The CRS answer is wrong and the driver says why.
  EXPECT_NE(out.find("CRS grade (ASTCT 2019): you said 2; the engine says 3. Wrong."),
            std::string::npos);
  EXPECT_NE(out.find("nasal cannula 6.5 L/min: high-flow nasal cannula (> 6 L/min) (grade 3)"),
            std::string::npos);
  EXPECT_NE(out.find("ICANS grade (ASTCT 2019): you said 0; the engine says 0. Right."),
            std::string::npos);
  // The suggestions with their rows, and the disclaimer.
  EXPECT_NE(out.find("decision support, not a prescription"), std::string::npos);
  EXPECT_NE(out.find("- tocilizumab [ASCO-2021 CRS-3"), std::string::npos);
  EXPECT_NE(flat(out).find("Missed: supportive_care, infection_workup, fluids, vasopressors, "
                           "dexamethasone, icu."),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Teaching point:"), std::string::npos);
  // The score counts it: CRS wrong, ICANS right, actions in part.
  EXPECT_NE(out.find("CRS grade:    0 of 1 right"), std::string::npos);
  EXPECT_NE(out.find("ICANS grade:  1 of 1 right"), std::string::npos);
  EXPECT_NE(out.find("(0 exactly right)"), std::string::npos);
  EXPECT_EQ(out.find("(100.0%)"), std::string::npos);
}

TEST(PracticeCli, AWithheldDoseIsWrongToGiveAndTheReasonIsShown) {
  Scratch s;
  const auto run = run_cli(
      {"practice", "--case", "management-tocilizumab-repeat-too-soon", "--answers",
       s.write("a.txt",
               "management-tocilizumab-repeat-too-soon: crs=2 icans=0 actions=tocilizumab\n")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Withheld:"), std::string::npos);
  EXPECT_NE(flat(run.out).find("tocilizumab: withheld now (see above)"), std::string::npos);
  EXPECT_NE(run.out.find("CRS grade:    1 of 1 right"), std::string::npos);
  EXPECT_NE(run.out.find("Next actions: 0.00 of 1"), std::string::npos);
}

TEST(PracticeCli, ACaseWithoutAnAnswerScoresNothing) {
  Scratch s;
  const auto run = run_cli({"practice", "--case", "crs-bipap", "--case", "crs-fever-38-0",
                            "--answers", s.write("a.txt", "crs-bipap: crs=4\n")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("(no answer for this case in the answers file)"), std::string::npos);
  EXPECT_NE(run.out.find("ICANS grade now (ASTCT 2019, 0-5)? (not answered)"), std::string::npos);
  EXPECT_NE(run.out.find("CRS grade:    1 of 2 right"), std::string::npos);
  EXPECT_NE(run.out.find("Total:        1.00 of 6"), std::string::npos);
}

TEST(PracticeCli, BadAnswersAreAskedAgainAtTheTerminal) {
  const auto cases = library();
  const auto c = std::find_if(cases.begin(), cases.end(),
                              [](const auto& p) { return p.id == "crs-cannula-6-litres"; });
  ASSERT_NE(c, cases.end());
  std::string actions;
  for (auto a : c->expected.actions)
    actions += (actions.empty() ? "" : " , ") + std::string(name(a));
  const auto run =
      run_cli({"practice", "--case", c->id}, "two\n7\n" + std::to_string(*c->expected.crs) +
                                                 "\n\n" + std::to_string(*c->expected.icans) +
                                                 "\ntoci, fluids\nnone, oxygen\n" + actions + "\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\"two\" is not a grade: give a whole number from 0 to 5; try again."),
            std::string::npos);
  EXPECT_NE(run.out.find("7 is out of range: grades run from 0 to 5; try again."),
            std::string::npos);
  EXPECT_NE(run.out.find("\"\" is not a grade"), std::string::npos);
  EXPECT_NE(run.out.find("unknown action \"toci\" (the actions: supportive_care,"),
            std::string::npos);
  EXPECT_NE(run.out.find("\"none\" cannot be given together with actions"), std::string::npos);
  EXPECT_NE(run.out.find("The actions:\n  supportive_care,"), std::string::npos);
  EXPECT_NE(run.out.find("Total:        3.00 of 3 (100.0%)"), std::string::npos) << run.out;
}

TEST(PracticeCli, InputEndingEarlyIsBadInput) {
  const auto run =
      run_cli({"practice", "--case", "crs-bipap", "--case", "crs-fever-38-0"}, "4\n0\nicu\n");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("standard input ended before the session was complete"),
            std::string::npos);
}

TEST(PracticeCli, AnswersFileErrorsAreAllReportedWithTheirLines) {
  Scratch s;
  const auto path = s.write("a.txt",
                            "crs-bipap: crs=x icans=0 actions=icu\n"
                            "# a comment\n"
                            "crs-fever-38-0: crs=1 icans=9 actions=fluids,toci\n"
                            "no-such-case: crs=1\n"
                            "crs-bipap: crs=4\n"
                            "crs-temperature-37-9 crs=0\n"
                            "icans-ice-7: grade=1\n");
  const auto run = run_cli({"practice", "--answers", path});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  const std::string& e = run.err;
  EXPECT_NE(e.find(path + ":1: key \"crs\": \"x\" is not a grade"), std::string::npos) << e;
  EXPECT_NE(e.find(path + ":3: key \"icans\": 9 is out of range"), std::string::npos) << e;
  EXPECT_NE(e.find(path + ":3: key \"actions\": unknown action \"toci\""), std::string::npos) << e;
  EXPECT_NE(e.find(path + ":4: case \"no-such-case\": unknown case"), std::string::npos) << e;
  EXPECT_NE(e.find(path + ":5: case \"crs-bipap\": answered again (first on line 1)"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find(path + ":6: expected \"case_id: crs=N icans=N actions=a,b\""), std::string::npos)
      << e;
  EXPECT_NE(e.find(path + ":7: key \"grade\": unknown key"), std::string::npos) << e;
}

TEST(PracticeCli, AnUnknownCaseOrTopicIsBadInput) {
  const auto unknown = run_cli({"practice", "--case", "crs-nonsense"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.out, "");
  EXPECT_NE(unknown.err.find("--case: unknown case \"crs-nonsense\""), std::string::npos);
  EXPECT_NE(unknown.err.find("crs-bipap"), std::string::npos);  // the ids are listed
  const auto topic = run_cli({"practice", "--topic", "astrology"});
  EXPECT_EQ(topic.exit_code, 2);
  EXPECT_NE(topic.err.find("no case has the topic \"astrology\""), std::string::npos);
  const auto both = run_cli({"practice", "--case", "crs-bipap", "--topic", "pediatric"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("no case has both"), std::string::npos);
}

TEST(PracticeCli, TopicsSelectCasesInFileNameOrder) {
  Scratch s;
  const auto run = run_cli(
      {"practice", "--topic", "capd", "--topic", "dose-limits", "--answers", s.write("a.txt", "")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> expected;
  for (const auto& c : library()) {
    const auto& t = c.topics;
    if (std::count(t.begin(), t.end(), "capd") + std::count(t.begin(), t.end(), "dose-limits")) {
      expected.push_back(c.id);
    }
  }
  ASSERT_GE(expected.size(), 4u);
  EXPECT_EQ(shown_order(run.out), expected);
}

TEST(PracticeCli, ASeedShufflesTheSameWayEveryTime) {
  Scratch s;
  const auto answers = s.write("a.txt", "");
  const auto first = run_cli({"practice", "--seed", "7", "--answers", answers});
  const auto again = run_cli({"practice", "--seed", "7", "--answers", answers});
  const auto other = run_cli({"practice", "--seed", "8", "--answers", answers});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto order = shown_order(first.out);
  EXPECT_EQ(order, shown_order(again.out));
  EXPECT_NE(order, shown_order(other.out));
  std::vector<std::string> ids;
  for (const auto& c : library()) ids.push_back(c.id);
  EXPECT_NE(order, ids);
  auto sorted = order;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, ids);  // every case once
}

TEST(PracticeCli, CheckComparesEveryCaseWithTheEngine) {
  const auto run = run_cli({"practice", "--check"});
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const std::string n = std::to_string(library().size());
  EXPECT_NE(run.out.find(n + " cases: " + n + " agree, 0 disagree"), std::string::npos);

  // A copy of a case that states the wrong grade and action is caught.
  Scratch s;
  std::string text = read(kData + "/cases/crs-cannula-6-litres.toml");
  text.replace(text.find("crs = 2"), 7, "crs = 3");
  const auto path = s.write("cases/crs-wrong.toml", text);
  const auto wrong = run_cli({"practice", "--check", "--cases", s.dir() + "/cases"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(
      wrong.out.find(path + ": disagrees with the engine:\n  CRS grade: expected 3, engine 2"),
      std::string::npos)
      << wrong.out;
  // Played anyway, the engine's answers are used and the difference is noted.
  const auto played = run_cli({"practice", "--cases", s.dir() + "/cases", "--answers",
                               s.write("a.txt", "crs-wrong: crs=2\n")});
  EXPECT_EQ(played.exit_code, 0);
  EXPECT_NE(played.err.find(path + " states answers the engine does not give"), std::string::npos);
  EXPECT_NE(played.out.find("CRS grade:    1 of 1 right"), std::string::npos);
}

TEST(PracticeCli, ABadCaseFileIsBadInput) {
  Scratch s;
  std::string text = read(kData + "/cases/crs-bipap.toml");
  text.replace(text.find("P09,0,infusion"), 14, "P09,0,infusoin");
  const auto path = s.write("cases/crs-bipap.toml", text);
  const auto run = run_cli({"practice", "--cases", s.dir() + "/cases"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find(path + ":"), std::string::npos);
  EXPECT_NE(run.err.find("key \"events\": kind: unknown kind \"infusoin\""), std::string::npos);
  const auto missing = run_cli({"practice", "--cases", s.dir() + "/nowhere"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("not a folder of practice cases"), std::string::npos);
}

}  // namespace
}  // namespace cytostorm::testing
