#include "cytostorm/io/toml_reader.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace cytostorm::io {
namespace {

TomlDocument parse(const std::string& text) {
  auto doc = TomlDocument::parse_text(text, "in.toml");
  EXPECT_TRUE(doc.ok()) << doc.error().to_string();
  return doc.value();
}

// The single wording of every problem: "file:line: column C: key "path": what".
std::string first_problem(const TomlDocument& doc) {
  const auto e = doc.error();
  return e ? e->to_string() : "no problem";
}

TEST(TomlReader, ReadsTypedValuesTablesAndLists) {
  const auto doc = parse(
      "name = \"x\"\nrate = 2\nratio = 0.5\non = true\ndays = [0, 1, 2]\n"
      "[limits]\nmax = 3\n[[step]]\nmg = 10\n[[step]]\nmg = 20\n");
  const auto root = doc.root();
  root.accept_only({"name", "rate", "ratio", "on", "days", "limits", "step"});
  EXPECT_EQ(root.text("name"), "x");
  EXPECT_EQ(root.number("rate", 0, 10), 2.0);  // an integer is a number
  EXPECT_EQ(root.number("ratio", 0, 1), 0.5);
  EXPECT_TRUE(root.boolean("on"));
  EXPECT_EQ(root.integers("days", 0, 28), (std::vector<int>{0, 1, 2}));
  const auto limits = root.table("limits");
  EXPECT_EQ(limits.path(), "limits");
  EXPECT_EQ(limits.path("max"), "limits.max");
  EXPECT_EQ(limits.line(), 6u);
  EXPECT_EQ(limits.integer("max", 1, 3), 3);
  const auto steps = root.tables("step");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1].path(), "step[1]");
  EXPECT_EQ(steps[1].number("mg", 0, 100), 20.0);
  EXPECT_EQ(root.keys(),
            (std::vector<std::string>{"name", "rate", "ratio", "on", "days", "limits", "step"}));
  EXPECT_FALSE(doc.error()) << first_problem(doc);
  EXPECT_TRUE(doc.result(1).ok());
}

TEST(TomlReader, AbsentOptionalKeysTakeTheFallback) {
  const auto doc = parse("a = 1\n");
  const auto root = doc.root();
  EXPECT_EQ(root.text("t", "fallback"), "fallback");
  EXPECT_EQ(root.number("n", 0, 1, 0.25), 0.25);
  EXPECT_EQ(root.integer("i", 0, 9, 7), 7);
  EXPECT_FALSE(root.boolean("b", false));
  EXPECT_FALSE(root.contains("t"));
  EXPECT_TRUE(root.contains("a"));
  EXPECT_FALSE(doc.error());
}

TEST(TomlReader, ListsOfStrings) {
  const auto doc = parse("tags = [\"crs\", \"icans\"]\nnone = []\n");
  EXPECT_EQ(doc.root().texts("tags"), (std::vector<std::string>{"crs", "icans"}));
  EXPECT_TRUE(doc.root().texts("none").empty());
  EXPECT_FALSE(doc.error()) << first_problem(doc);

  const auto mixed = parse("tags = [\"crs\", 2]\n");
  EXPECT_TRUE(mixed.root().texts("tags").empty());
  EXPECT_EQ(first_problem(mixed),
            "in.toml:1: column 16: key \"tags[1]\": expected a string, got an integer");
  const auto single = parse("tags = \"crs\"\n");
  EXPECT_TRUE(single.root().texts("tags").empty());
  EXPECT_EQ(first_problem(single),
            "in.toml:1: column 8: key \"tags\": expected a list of strings, got a string");
}

TEST(TomlReader, TheLineOfAValue) {
  const auto doc = parse("a = 1\n\ntext = \"\"\"\nline one\nline two\n\"\"\"\nb = 2\n");
  EXPECT_EQ(doc.root().line("a"), 1u);
  EXPECT_EQ(doc.root().line("text"), 3u);  // where its opening quotes are
  EXPECT_EQ(doc.root().line("b"), 7u);
  EXPECT_EQ(doc.root().line("absent"), 0u);
  EXPECT_FALSE(doc.error());
}

TEST(TomlReader, UnknownKeyNamesFileLineColumnAndKeyWithTheAcceptedKeys) {
  const auto doc = parse("[fluids]\nbolus_ml = 1000\nbolus_mls = 500\nz = 1\n");
  doc.root().table("fluids").accept_only({"bolus_ml"});
  EXPECT_EQ(first_problem(doc),
            "in.toml:3: column 1: key \"fluids.bolus_mls\": unknown key (accepted here: bolus_ml)");
}

TEST(TomlReader, WrongTypesAreNamed) {
  const auto doc = parse("n = \"three\"\n");
  EXPECT_EQ(doc.root().number("n", 0, 5), 0.0);
  EXPECT_EQ(first_problem(doc), "in.toml:1: column 5: key \"n\": expected a number, got a string");

  const auto floats = parse("i = 2.5\n");
  (void)floats.root().integer("i", 0, 5);
  EXPECT_EQ(first_problem(floats),
            "in.toml:1: column 5: key \"i\": expected an integer, got a floating-point number");

  const auto flag = parse("b = 1\n");
  (void)flag.root().boolean("b");
  EXPECT_EQ(first_problem(flag),
            "in.toml:1: column 5: key \"b\": expected true or false, got an "
            "integer");

  const auto table = parse("t = 1\n");
  (void)table.root().table("t");
  EXPECT_EQ(first_problem(table),
            "in.toml:1: column 5: key \"t\": expected a table, got an "
            "integer");

  const auto list = parse("days = [1, \"2\"]\n");
  EXPECT_TRUE(list.root().integers("days", 0, 5).empty());
  EXPECT_EQ(first_problem(list),
            "in.toml:1: column 12: key \"days[1]\": expected an integer, got a string");
}

TEST(TomlReader, RangesAreCheckedOnBothSides) {
  for (const auto& [text, ok] : {std::pair{"x = 800\n", true}, std::pair{"x = 800.5\n", false},
                                 std::pair{"x = 0\n", true}, std::pair{"x = -0.1\n", false}}) {
    const auto doc = parse(text);
    (void)doc.root().number("x", 0, 800);
    EXPECT_EQ(!doc.error(), ok) << text << first_problem(doc);
  }
  const auto doc = parse("x = 900\n");
  (void)doc.root().number("x", 0, 800);
  EXPECT_EQ(first_problem(doc), "in.toml:1: column 5: key \"x\": 900 is out of range (0 to 800)");
  const auto nan = parse("x = nan\n");
  (void)nan.root().number("x", 0, 800);
  EXPECT_NE(first_problem(nan).find("expected a finite number"), std::string::npos);
  const auto integer = parse("x = 4\n");
  (void)integer.root().integer("x", 1, 3);
  EXPECT_EQ(first_problem(integer), "in.toml:1: column 5: key \"x\": 4 is out of range (1 to 3)");
}

TEST(TomlReader, MissingKeysNameTheTableLine) {
  const auto doc = parse("a = 1\n\n[limits]\nmax = 3\n");
  (void)doc.root().table("limits").integer("min", 0, 3);
  EXPECT_EQ(first_problem(doc), "in.toml:3: key \"limits.min\": missing");
  const auto root_missing = parse("a = 1\n");
  (void)root_missing.root().text("name");
  EXPECT_EQ(first_problem(root_missing), "in.toml: key \"name\": missing");
}

TEST(TomlReader, ChoicesListTheAcceptedWords) {
  static constexpr std::pair<int, std::string_view> kWords[] = {{1, "one"}, {2, "two"}};
  const auto doc = parse("a = \"two\"\nb = \"three\"\n");
  EXPECT_EQ(doc.root().choice("a", kWords), 2);
  EXPECT_FALSE(doc.error());
  EXPECT_EQ(doc.root().choice("b", kWords), 1);
  EXPECT_EQ(first_problem(doc),
            "in.toml:2: column 5: key \"b\": unknown value \"three\" (accepted: one, two)");
}

TEST(TomlReader, TheFirstProblemIsKeptAndLaterReadsReturnFallbacks) {
  const auto doc = parse("a = \"x\"\nb = \"y\"\nc = 3\n");
  EXPECT_EQ(doc.root().number("a", 0, 1), 0.0);
  EXPECT_EQ(doc.root().number("b", 0, 1), 0.0);
  EXPECT_EQ(doc.root().number("c", 0, 5), 3.0);
  EXPECT_EQ(doc.error()->line, 1u);
  const auto result = doc.result(std::string("value"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().line, 1u);
}

TEST(TomlReader, CallerProblemsArePlacedAtTheKeyOrTheTable) {
  const auto doc = parse("[fluids]\nwean = 60\n");
  doc.root().table("fluids").fail("wean", "must be above map_below_mmhg");
  EXPECT_EQ(first_problem(doc),
            "in.toml:2: column 8: key \"fluids.wean\": must be above map_below_mmhg");
  const auto table = parse("x = 1\n[[step]]\nmg = 1\n");
  table.root().tables("step")[0].fail("", "give one dose");
  EXPECT_EQ(first_problem(table), "in.toml:2: key \"step[0]\": give one dose");
}

TEST(TomlReader, MalformedTextAndMissingFilesAreErrors) {
  const auto bad = TomlDocument::parse_text("name = \"x\"\n[fluids\n", "bad.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().line, 2u);
  EXPECT_EQ(bad.error().file, "bad.toml");
  EXPECT_NE(bad.error().message.find("malformed TOML"), std::string::npos);
  const auto missing = TomlDocument::parse_file("/nonexistent/x.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().to_string(), "/nonexistent/x.toml: cannot open the file");
}

TEST(TomlReader, CommentedTomlPutsTheHeaderAsCommentsBeforeTheText) {
  EXPECT_EQ(commented_toml({"fitted by calibrate", "", "spec x.toml"}, "a = 1"),
            "# fitted by calibrate\n#\n# spec x.toml\na = 1\n");
  EXPECT_EQ(commented_toml({}, "a = 1"), "a = 1\n");
  const auto read = TomlDocument::parse_text(commented_toml({"note"}, "name = \"x\""), "t.toml");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read.value().root().text("name"), "x");
}

TEST(TomlReader, DataFilePathTakesANameOrAPath) {
  EXPECT_EQ(data_file_path("/d", "policies", "standard"), "/d/policies/standard.toml");
  EXPECT_EQ(data_file_path("/d", "guidelines", "my/own"), "my/own");
  EXPECT_EQ(data_file_path("/d", "guidelines", "own.toml"), "own.toml");
}

}  // namespace
}  // namespace cytostorm::io
