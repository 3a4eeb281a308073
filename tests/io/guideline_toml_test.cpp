#include "cytostorm/io/guideline_toml.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace cytostorm::io {
namespace {

const std::string kData = std::string(CYTOSTORM_SOURCE_DIR) + "/data";

// A small valid rule set; tests change one thing at a time.
const std::string kValid = R"(name = "test"
title = "Test 2024"
reference = "Nobody 2024"
version = "1"

[tocilizumab]
mg_per_kg = 8
mg_per_kg_small = 12
small_below_kg = 30
max_dose_mg = 800
min_interval_hours = 8
max_per_24h = 3
max_total = 4

[icu]
crs_grade = 3
icans_grade = 3

[[row]]
id = "T CRS-2"
syndrome = "crs"
grades = [2, 3]
when = "always"
action = "tocilizumab"
text = "Tocilizumab."
part = "Table 1"
verified = true

[[row]]
id = "T ICANS-3"
syndrome = "icans"
grades = [3]
when = "always"
action = "dexamethasone"
text = "Dexamethasone."
part = "Table 2"
verified = false
doses = [{ mg = 10, every_hours = 6 }]
)";

std::string write(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("cytostorm_guideline_" + name);
  std::ofstream(path) << text;
  return path.string();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

// The error of loading kValid with `from` replaced by `to`, as "file:line: ...".
std::string error_of(const std::string& name, const std::string& from, const std::string& to) {
  const auto path = write(name, replaced(kValid, from, to));
  const auto g = load_guideline(path);
  EXPECT_FALSE(g.ok()) << name;
  return g.ok() ? std::string("loaded") : g.error().to_string().substr(path.size());
}

TEST(GuidelineToml, ASmallRuleSetLoadsWithEveryField) {
  const auto g = load_guideline(write("valid.toml", kValid));
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  const auto& rules = g.value();
  EXPECT_EQ(rules.name, "test");
  EXPECT_EQ(rules.title, "Test 2024");
  EXPECT_EQ(rules.tocilizumab.min_interval_hours, 8.0);
  ASSERT_EQ(rules.rows.size(), 2u);
  EXPECT_EQ(rules.rows[0].grade_min, 2);
  EXPECT_EQ(rules.rows[0].grade_max, 3);
  EXPECT_EQ(rules.rows[0].action, clinical::Action::tocilizumab);
  EXPECT_TRUE(rules.rows[0].doses.empty());
  EXPECT_FALSE(rules.rows[1].verified);
  ASSERT_EQ(rules.rows[1].doses.size(), 1u);
  EXPECT_EQ(rules.rows[1].doses[0].mg, 10.0);
  EXPECT_EQ(rules.rows[1].doses[0].every_hours, 6.0);
  EXPECT_EQ(rules.rows[1].doses[0].days, 0.0);
}

TEST(GuidelineToml, BothShippedRuleSetsLoad) {
  for (const char* name : {"asco-2021", "cartox-2018"}) {
    const auto g = load_guideline(guideline_path(kData, name));
    ASSERT_TRUE(g.ok()) << g.error().to_string();
    EXPECT_EQ(g.value().name, name);
    EXPECT_GT(g.value().rows.size(), 20u) << name;
    for (const auto& row : g.value().rows) {
      EXPECT_FALSE(row.text.empty()) << row.id;
      EXPECT_FALSE(row.part.empty()) << row.id;
    }
  }
  const auto asco = load_guideline(guideline_path(kData, "asco-2021")).value();
  const auto cartox = load_guideline(guideline_path(kData, "cartox-2018")).value();
  EXPECT_EQ(asco.tocilizumab.min_interval_hours, 8.0);
  EXPECT_EQ(cartox.tocilizumab.min_interval_hours, 6.0);  // [D]
  const auto row = [](const clinical::Guideline& g, const std::string& id) {
    const auto it =
        std::find_if(g.rows.begin(), g.rows.end(), [&](const auto& r) { return r.id == id; });
    EXPECT_NE(it, g.rows.end()) << id;
    return *it;
  };
  EXPECT_FALSE(row(asco, "ASCO-2021 ICANS-4.1").verified);  // [R] high-dose methylprednisolone
  EXPECT_FALSE(row(asco, "ASCO-2021 CRS-2.4").verified);    // [R] steroid wording
  const auto schedule = row(asco, "ASCO-2021 CRS-4.3").doses;
  ASSERT_EQ(schedule.size(), 4u);
  EXPECT_EQ(schedule[0].mg, 500.0);
  EXPECT_EQ(schedule[0].days, 3.0);
  EXPECT_EQ(schedule[3].mg, 60.0);
  EXPECT_EQ(schedule[3].days, 0.0);
  EXPECT_EQ(row(asco, "ASCO-2021 ICANS-0.1").when, clinical::RowCondition::high_risk);
  EXPECT_EQ(row(cartox, "CARTOX-2018 ICANS-0.1").when, clinical::RowCondition::always);
}

TEST(GuidelineToml, GuidelinePathTakesANameOrAPath) {
  EXPECT_EQ(guideline_path("/d", "asco-2021"), "/d/guidelines/asco-2021.toml");
  EXPECT_EQ(guideline_path("/d", "mine/rules.toml"), "mine/rules.toml");
}

TEST(GuidelineToml, GuidelineNamesListTheShippedRuleSets) {
  EXPECT_EQ(guideline_names(kData),
            (std::vector<std::string>{"asco-2021", "cartox-2018", "kymriah-2017", "lee-2014"}));
  EXPECT_TRUE(guideline_names(kData + "/nowhere").empty());
}

TEST(GuidelineToml, UnknownKeyNamesLineAndKey) {
  EXPECT_EQ(error_of("unknown.toml", "action = \"tocilizumab\"", "acton = \"tocilizumab\""),
            ":24: column 1: key \"row[0].acton\": unknown key (accepted here: id, syndrome, "
            "grades, when, action, text, part, verified, doses, repeat_if_no_improvement)");
  EXPECT_EQ(error_of("unknown_root.toml", "version = \"1\"", "version = \"1\"\nedition = 2"),
            ":5: column 1: key \"edition\": unknown key (accepted here: name, title, reference, "
            "version, tocilizumab, icu, row)");
}

TEST(GuidelineToml, WrongTypeNamesLineAndKey) {
  EXPECT_EQ(error_of("type.toml", "verified = true", "verified = \"yes\""),
            ":27: column 12: key \"row[0].verified\": expected true or false, got a string");
  EXPECT_EQ(error_of("grades.toml", "grades = [2, 3]", "grades = 2"),
            ":22: column 10: key \"row[0].grades\": expected a list of integers, got an integer");
}

TEST(GuidelineToml, OutOfRangeLimitsAreErrors) {
  EXPECT_EQ(error_of("cap.toml", "max_dose_mg = 800", "max_dose_mg = 900"),
            ":10: column 15: key \"tocilizumab.max_dose_mg\": 900 is out of range (1 to 800)");
  EXPECT_EQ(error_of("interval.toml", "min_interval_hours = 8", "min_interval_hours = 4"),
            ":11: column 22: key \"tocilizumab.min_interval_hours\": 4 is out of range (6 to 72)");
  EXPECT_EQ(error_of("total.toml", "max_total = 4", "max_total = 5"),
            ":13: column 13: key \"tocilizumab.max_total\": 5 is out of range (1 to 4)");
  EXPECT_EQ(error_of("grade.toml", "grades = [2, 3]", "grades = [2, 6]"),
            ":22: column 14: key \"row[0].grades[1]\": 6 is out of range (0 to 5)");
}

TEST(GuidelineToml, UnknownActionConditionAndSyndromeListTheVocabulary) {
  const auto action = error_of("action.toml", "\"tocilizumab\"", "\"tocilizumb\"");
  EXPECT_TRUE(
      action.starts_with(":24: column 10: key \"row[0].action\": unknown value "
                         "\"tocilizumb\" (accepted: supportive_care, infection_workup,"))
      << action;
  EXPECT_NE(error_of("when.toml", "when = \"always\"", "when = \"sometimes\"")
                .find(":23: column 8: key \"row[0].when\": unknown value \"sometimes\""),
            std::string::npos);
  EXPECT_NE(error_of("syndrome.toml", "syndrome = \"crs\"", "syndrome = \"hlh\"")
                .find(":21: column 12: key \"row[0].syndrome\": unknown value \"hlh\" "
                      "(accepted: crs, icans)"),
            std::string::npos);
}

TEST(GuidelineToml, RowRulesAreChecked) {
  EXPECT_EQ(error_of("gap.toml", "grades = [2, 3]", "grades = [2, 4]"),
            ":22: column 10: key \"row[0].grades\": expected consecutive grades in increasing "
            "order, such as [2, 3, 4]");
  EXPECT_EQ(error_of("repeat.toml", "id = \"T ICANS-3\"", "id = \"T CRS-2\""),
            ":30: column 6: key \"row[1].id\": row id \"T CRS-2\" repeated");
  EXPECT_EQ(error_of("no_doses.toml", "doses = [{ mg = 10, every_hours = 6 }]\n", ""),
            ":29: key \"row[1].doses\": missing");
  EXPECT_EQ(
      error_of("toci_doses.toml", "verified = true\n", "verified = true\ndoses = [{ mg = 1 }]\n"),
      ":28: column 9: key \"row[0].doses\": a tocilizumab row takes its dose from [tocilizumab] "
      "(mg/kg, cap, limits)");
  EXPECT_EQ(error_of("both.toml", "{ mg = 10, every_hours = 6 }",
                     "{ mg = 10, mg_per_kg = 1, every_hours = 6 }"),
            ":38: key \"row[1].doses[0]\": give one positive dose: mg or mg_per_kg");
  EXPECT_EQ(error_of("open.toml", "{ mg = 10, every_hours = 6 }",
                     "{ mg = 10, every_hours = 6 }, { mg = 5, every_hours = 6 }"),
            ":38: key \"row[1].doses[0].days\": only the last step may be open-ended: "
            "give its length in days");
  EXPECT_EQ(error_of("fluid_doses.toml", "action = \"tocilizumab\"\n",
                     "action = \"fluids\"\ndoses = [{ mg = 1, every_hours = 6 }]\n"),
            ":25: column 9: key \"row[0].doses\": doses are for drug rows, not for \"fluids\"");
}

TEST(GuidelineToml, IcansTocilizumabNeedsConcurrentCrs) {
  const std::string icans_toci = replaced(kValid, "syndrome = \"crs\"", "syndrome = \"icans\"");
  const auto path = write("icans_toci.toml", icans_toci);
  const auto g = load_guideline(path);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().to_string(),
            path +
                ":23: column 8: key \"row[0].when\": an ICANS tocilizumab row needs when = "
                "\"concurrent_crs\" (anti-IL-6 is not given for ICANS without CRS)");
  const auto fixed =
      load_guideline(write("icans_toci_ok.toml",
                           replaced(icans_toci, "when = \"always\"", "when = \"concurrent_crs\"")));
  EXPECT_TRUE(fixed.ok()) << fixed.error().to_string();
}

TEST(GuidelineToml, MissingFileAndMissingRowsAreErrors) {
  const auto missing = load_guideline("/nonexistent/rules.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().to_string(), "/nonexistent/rules.toml: cannot open the file");
  const std::string no_rows = kValid.substr(0, kValid.find("[[row]]"));
  const auto path = write("no_rows.toml", no_rows);
  const auto g = load_guideline(path);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().to_string(), path + ": key \"row\": missing");
}

}  // namespace
}  // namespace cytostorm::io
