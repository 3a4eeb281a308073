// The catalogue of bad inputs (issue 9): every odd or wrong input tried here is run through the
// CLI as a user would, must end with a message and exit code 2 (never a crash, an internal error
// or a silent success), and docs/bad-input.md must show exactly what the user sees. When a
// message changes, regenerate the page:
//
//     CYTOSTORM_UPDATE_BAD_INPUT=1 build/test/tests/cytostorm_tests --gtest_filter='BadInput*'
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/damaged_database.hpp"
#include "support/run_cli.hpp"

namespace cytostorm::testing {
namespace {

const std::string kSource = CYTOSTORM_SOURCE_DIR;
const std::string kPage = kSource + "/docs/bad-input.md";

struct BadInput {
  std::string section;            ///< the kind of input
  std::string what;               ///< what is odd about it
  std::string file;               ///< the input's name in the folder the CLI runs in ("" when none)
  std::string content;            ///< the input
  std::vector<std::string> args;  ///< after `cytostorm`
  int exit_code = 2;              ///< 0 for odd input that has a defined, accepted reading
  std::string shown = "";         ///< what the page shows for a binary input ("": the content)
};

const std::string kHeader = "patient_id,time,kind,item,value,unit,note\n";
const std::string kInfusion = "P1,0,infusion,axi-cel,,,\n";

BadInput table(std::string what, std::string rows, int exit_code = 2) {
  return {
      "Event table (`cytostorm grade events.csv`)", std::move(what), "events.csv", std::move(rows),
      {"grade", "events.csv", "--format", "csv"},   exit_code};
}

BadInput bundle(std::string what, std::string json) {
  return {"FHIR Bundle (`cytostorm grade bundle.json`)",
          std::move(what),
          "bundle.json",
          std::move(json),
          {"grade", "bundle.json"}};
}

BadInput snapshot(std::string what, std::string json, int exit_code = 2) {
  return {"Snapshot JSON (`cytostorm assess snapshot.json`)",
          std::move(what),
          "snapshot.json",
          std::move(json),
          {"assess", "snapshot.json", "--format", "json"},
          exit_code};
}

BadInput trial_spec(std::string what, std::string toml) {
  return {"Trial spec TOML (`cytostorm trial spec.toml -o out`)",
          std::move(what),
          "spec.toml",
          std::move(toml),
          {"trial", "spec.toml", "--patients", "1", "-o", "out"}};
}

BadInput policy(std::string what, std::string toml) {
  return {
      "Policy TOML (`cytostorm trial --preset zuma-1 --policy policy.toml -o out`)",
      std::move(what),
      "policy.toml",
      std::move(toml),
      {"trial", "--preset", "zuma-1", "--patients", "1", "--policy", "policy.toml", "-o", "out"}};
}

BadInput rule_set(std::string what, std::string toml) {
  return {
      "Guideline rule set TOML (`cytostorm advise events.csv --patient P1 --guideline "
      "rules.toml`)",
      std::move(what),
      "rules.toml",
      std::move(toml),
      {"advise", kSource + "/data/examples/bedside-review.csv", "--patient", "P08", "--guideline",
       "rules.toml"}};
}

// `cytostorm serve` stops at start when --db is not its database: nothing is served, so nothing
// waits for a request.
BadInput database(std::string what, std::string bytes, std::string shown = "") {
  return {"Patient database (`cytostorm serve --db patients.db`)",
          std::move(what),
          "patients.db",
          std::move(bytes),
          {"serve", "--port", "0", "--db", "patients.db"},
          2,
          std::move(shown)};
}

BadInput option(std::string what, std::vector<std::string> args) {
  return {"Command-line options", std::move(what), "", "", std::move(args)};
}

const std::string kSpec =
    "name = \"mine\"\nproduct = \"axi-cel\"\npopulations = [\"lbcl\"]\npatients = 10\n";
const std::string kSnapshot =
    "{\"age_years\": 61, \"temperature_c\": 38.4, \"hypotension\": false,\n"
    " \"ice\": {\"total\": 9}, \"consciousness\": \"alert\"}\n";
const std::string kPatient =
    "{\"fullUrl\": \"urn:uuid:p1\", \"resource\": {\"resourceType\": \"Patient\", \"id\": \"p1\"}}";

std::string temperature(const std::string& value, const std::string& unit) {
  return "{\"resource\": {\"resourceType\": \"Observation\", \"status\": \"final\", \"code\": "
         "{\"coding\": [{\"system\": \"http://loinc.org\", \"code\": \"8310-5\"}]}, \"subject\": "
         "{\"reference\": \"urn:uuid:p1\"}, \"effectiveDateTime\": \"2024-03-02T08:00:00Z\", "
         "\"valueQuantity\": {\"value\": " +
         value + ", \"unit\": \"" + unit + "\"}}}";
}

std::string collection(const std::string& entries) {
  return "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [" + kPatient +
         entries + "]}\n";
}

std::vector<BadInput> catalogue() {
  std::string utf16 = "\xFF\xFE";
  for (char c : kHeader) utf16 += std::string{c, '\0'};
  return {
      table("An empty file", ""),
      table("Another header", "id,when,what\nP1,0,infusion\n"),
      table("A UTF-16 file (Excel's \"Unicode text\")", utf16),
      table("A UTF-8 byte order mark and CRLF line ends: read as without them",
            "\xEF\xBB\xBFpatient_id,time,kind,item,value,unit,note\r\n"
            "P1,0,infusion,axi-cel,,,\r\nP1,12,vital,temperature,38.6,C,\r\n",
            0),
      table("A NUL byte in a note",
            kHeader + kInfusion + "P1,12,attribution,fever,,,flu" + std::string(1, '\0') + "\n"),
      table("Latin-1 text (not UTF-8)",
            kHeader + kInfusion + "P1,12,attribution,fever,,,fi\xE8vre\n"),
      table("A line over 1 MiB",
            kHeader + kInfusion + "P1,12,attribution,fever,,," + std::string(1 << 20, 'x') + "\n"),
      table("A quote never closed", kHeader + kInfusion + "P1,12,attribution,fever,,,\"flu\n"),
      table("A quote inside an unquoted field",
            kHeader + kInfusion + "P1,12,vital,temperature,38\"5,C,\n"),
      table("Too few fields", kHeader + "P1,0,infusion,axi-cel\n"),
      table("An empty patient_id", kHeader + ",0,infusion,axi-cel,,,\n"),
      table("An unknown kind", kHeader + kInfusion + "P1,12,vitals,temperature,38.6,C,\n"),
      table("An unknown item", kHeader + kInfusion + "P1,12,vital,temp,38.6,C,\n"),
      table("A unit the item does not take",
            kHeader + kInfusion + "P1,12,vital,temperature,311,K,\n"),
      table("A value out of range", kHeader + kInfusion + "P1,12,vital,temperature,48,C,\n"),
      table("A value that is not a number",
            kHeader + kInfusion + "P1,12,vital,temperature,high,C,\n"),
      table("A 100 kB time", kHeader + kInfusion + "P1," + std::string(100000, '9') +
                                 "x,vital,temperature,38.6,C,\n"),
      table("A time that is neither hours nor ISO 8601",
            kHeader + kInfusion + "P1,yesterday,vital,temperature,38.6,C,\n"),
      table("An ISO 8601 time with no such date",
            kHeader + "P1,2024-02-30T08:00:00Z,infusion,axi-cel,,,\n"),
      table("Hours and ISO 8601 times in one file",
            kHeader + kInfusion + "P1,2024-03-02T08:00:00Z,vital,temperature,38.6,C,\n"),
      table("ISO 8601 times without an infusion row",
            kHeader + "P1,2024-03-02T08:00:00Z,vital,temperature,38.6,C,\n"),
      table("Hours beyond ten years", kHeader + kInfusion + "P1,1e9,vital,temperature,38.6,C,\n"),
      table("A patient row with a time", kHeader + "P1,0,patient,age_years,61,,\n" + kInfusion),
      table("Two infusion rows", kHeader + kInfusion + "P1,24,infusion,axi-cel,,,\n"),
      table("Rows not grouped by patient: read again and grouped",
            kHeader + kInfusion + "P2,0,infusion,axi-cel,,,\nP1,12,vital,temperature,38.6,C,\n", 0),
      {"Event table (`cytostorm grade events.csv`)",
       "Bad rows with --skip-bad-rows: each reported, the rest graded",
       "events.csv",
       kHeader + kInfusion + "P1,12,vital,temperature,48,C,\nP1,13,vitals,spo2,90,%,\n" +
           "P1,14,vital,temperature,38.6,C,\n",
       {"grade", "events.csv", "--format", "csv", "--skip-bad-rows"},
       0},
      {"Event table (`cytostorm grade events.csv`)",
       "The same patient in two files",
       "events.csv",
       kHeader + kInfusion,
       {"grade", "events.csv", "events.csv"}},
      option("A file that does not exist", {"grade", "no-such-file.csv"}),
      bundle("Not JSON", "{\"resourceType\": \"Bundle\",\n"),
      bundle("JSON but not a Bundle", "{\"resourceType\": \"Patient\", \"id\": \"p1\"}\n"),
      bundle("A Bundle of an unread type",
             "{\"resourceType\": \"Bundle\", \"type\": \"document\", "
             "\"entry\": []}\n"),
      bundle("A temperature in a unit it does not take",
             collection(", " + temperature("311", "K"))),
      bundle("A temperature out of range", collection(", " + temperature("48", "Cel"))),
      bundle("A temperature that is not a number",
             collection(", " + temperature("\"38.6\"", "Cel"))),
      bundle("Text after the JSON", collection("") + "}\n"),
      bundle("Bytes that are not UTF-8 in a string",
             "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"id\": \"fi\xE8vre\"}\n"),
      snapshot("An empty file", ""),
      snapshot("An unknown key", "{\"temperature\": 38.4}\n"),
      snapshot("A number given as text", "{\"temperature_c\": \"38.4\"}\n"),
      snapshot("A value out of range", "{\"temperature_c\": 48}\n"),
      snapshot("An unknown word", "{\"consciousness\": \"drowsy\"}\n"),
      snapshot("A NUL byte", std::string("{\"temperature_c\": 38.4}") + '\0' + "\n"),
      snapshot("// and /* */ comments: read as without them",
               "// bed 4, 08:00\n/* after tocilizumab */\n" + kSnapshot, 0),
      trial_spec("A TOML syntax error", kSpec + "days = \n"),
      trial_spec("An unknown key", kSpec + "patient = 5\n"),
      trial_spec("A value out of range", kSpec + "days = 0\n"),
      trial_spec("A wrong type", kSpec + "seed = \"one\"\n"),
      trial_spec("An unknown product", "name = \"mine\"\nproduct = \"zz-cel\"\n"),
      trial_spec("An unknown population",
                 "name = \"mine\"\nproduct = \"axi-cel\"\npopulations = [\"martians\"]\n"),
      trial_spec("A parameter the model does not have",
                 kSpec + "[parameters.warp_speed]\ndistribution = \"normal\"\n"),
      policy("An unknown key", "name = \"mine\"\nguideline = \"asco-2021\"\nmonitor = 4\n"),
      policy("A policy without its required tables",
             "name = \"mine\"\nguideline = \"asco-2021\"\n"),
      rule_set("A TOML syntax error", "name = \"mine\"\n[tocilizumab\n"),
      rule_set("An unknown key", "name = \"mine\"\nauthor = \"me\"\n"),
      database("A text file",
               "patient_id,time,kind,item,value,unit,note\nP1,0,infusion,axi-cel,,,\n"),
      database("A valid SQLite header, the last page overwritten",
               patient_database(Damage::page_overwritten),
               "(a cytostorm database of 300 rows whose last page starts with 64 bytes \\xA5)"),
      database("A valid SQLite header, the file cut in half", patient_database(Damage::truncated),
               "(a cytostorm database of 300 rows cut after half its pages)"),
      option("An unknown command", {"grades", "events.csv"}),
      option("An unknown option", {"grade", "--frobnicate", "events.csv"}),
      option("An unknown scale", {"grade", "--scale", "lee2099", "events.csv"}),
      option("A number out of range",
             {"trial", "--preset", "zuma-1", "--patients", "0", "-o", "x"}),
      option("A required option missing", {"trial", "--preset", "zuma-1"}),
      option("An unknown trial preset", {"trial", "--preset", "zuma-9", "-o", "out"}),
  };
}

// `text` with bytes a page cannot show written as \xNN (\r as \r), cut after `longest`
// characters.
std::string printable(const std::string& text, std::size_t longest = 300) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (out.size() > longest) return out + "... (" + std::to_string(text.size()) + " bytes in all)";
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n' || (c >= 0x20 && c < 0x7F)) {
      out += static_cast<char>(c);
    } else {
      static const char* kHex = "0123456789ABCDEF";
      out += std::string("\\x") + kHex[c >> 4] + kHex[c & 15];
    }
  }
  return out;
}

// `text` with the source folder left out of paths, so the page reads the same on any machine.
std::string relative(std::string text) {
  for (std::size_t at = text.find(kSource + "/"); at != std::string::npos;
       at = text.find(kSource + "/", at)) {
    text.erase(at, kSource.size() + 1);
  }
  return text;
}

// The first `lines` lines of `text`, with a note of how many more there were.
std::string head(const std::string& text, std::size_t lines) {
  std::size_t at = 0;
  for (std::size_t n = 0; n < lines && at != std::string::npos; ++n) {
    at = text.find('\n', at);
    if (at != std::string::npos) ++at;
  }
  if (at == std::string::npos || at >= text.size()) return text;
  const auto more = std::count(text.begin() + static_cast<std::ptrdiff_t>(at), text.end(), '\n');
  return text.substr(0, at) + "... (" + std::to_string(more) + " more lines)\n";
}

std::string block(const std::string& text) {
  std::string body = text;
  if (body.empty() || body.back() != '\n') body += '\n';
  return "```\n" + body + "```\n";
}

TEST(BadInputCatalogue, EveryInputGetsItsDefinedAnswerAndThePageShowsIt) {
  std::string page =
      "# Bad input: what the user sees\n\n"
      "Every input below was run through the CLI by the test `BadInputCatalogue` "
      "(tests/cli/bad_input_catalogue_test.cpp), which also writes this page; it fails when the "
      "page and the CLI differ. Each bad input ends with exit code 2 and a message naming the "
      "file, the line and the column or key; none crashes, hangs or is taken silently. A few odd "
      "inputs have a defined reading and are accepted; they say so. Bytes a page cannot show are "
      "written `\\xNN`.\n\n"
      "Regenerate after changing a message:\n\n"
      "    CYTOSTORM_UPDATE_BAD_INPUT=1 build/test/tests/cytostorm_tests "
      "--gtest_filter='BadInput*'\n";
  std::string section;
  int number = 0;
  for (const auto& c : catalogue()) {
    SCOPED_TRACE(c.section + ": " + c.what);
    Scratch s;
    if (!c.file.empty()) s.write(c.file, c.content);
    const auto run = run_cli_under({"env", "-C", s.dir()}, c.args);
    EXPECT_EQ(run.exit_code, c.exit_code) << run.err;
    if (c.exit_code != 0) {
      EXPECT_FALSE(run.err.empty());
    }
    EXPECT_EQ(run.err.find("internal error"), std::string::npos) << run.err;
    EXPECT_LT(run.err.size(), 2000u) << "a message should not echo a whole input";
    if (c.section != section) {
      section = c.section;
      page += "\n## " + section + "\n";
    }
    std::string command = "$ cytostorm";
    for (const auto& a : c.args) command += " " + relative(a);
    page += "\n### " + std::to_string(++number) + ". " + c.what + "\n\n";
    if (!c.file.empty()) {
      page += c.file + ":\n\n" + block(c.shown.empty() ? printable(c.content) : c.shown) + "\n";
    }
    page += block(command + "\n" + printable(relative(run.err), std::string::npos) +
                  (c.exit_code == 0 ? head(relative(run.out), 6) : std::string()) + "(exit " +
                  std::to_string(run.exit_code) + ")");
  }
  if (std::getenv("CYTOSTORM_UPDATE_BAD_INPUT") != nullptr) {
    std::ofstream(kPage, std::ios::binary) << page;
  }
  EXPECT_TRUE(read_bytes(kPage) == page)
      << "docs/bad-input.md differs from what the CLI says; regenerate it with\n"
         "    CYTOSTORM_UPDATE_BAD_INPUT=1 build/test/tests/cytostorm_tests "
         "--gtest_filter='BadInput*'\n"
         "and review the difference (git diff docs/bad-input.md)";
}

}  // namespace
}  // namespace cytostorm::testing
