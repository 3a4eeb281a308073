// cytostorm assess: one bedside snapshot in, every grade with its drivers and citation out.

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

#include "command.hpp"
#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/io/assessment_json.hpp"
#include "cytostorm/io/input_file.hpp"
#include "cytostorm/io/snapshot_json.hpp"

namespace cytostorm::cli {

namespace {

struct AssessOptions {
  std::string input = "-";
  std::string format = "json";
  clinical::RuleOptions rules;
};

int run_assess(const AssessOptions& o) {
  const auto text = io::read_input(o.input);
  if (!text) {
    std::cerr << text.error().to_string() << "\n";
    return kExitBadInput;
  }
  const std::string name = o.input == "-" ? "<stdin>" : o.input;
  auto snapshot = io::read_snapshot(text.value(), name);
  if (!snapshot) {
    std::cerr << snapshot.error().to_string() << "\n";
    return kExitBadInput;
  }
  const auto assessment = clinical::assess(snapshot.value(), o.rules);
  if (o.format == "text") {
    std::cout << io::text_report(assessment);
  } else {
    std::cout << io::to_json(assessment).dump(2) << "\n";
  }
  return kExitOk;
}

}  // namespace

Command add_assess(CLI::App& parent) {
  auto options = std::make_shared<AssessOptions>();
  CLI::App* app = parent.add_subcommand(
      "assess",
      "Grade one bedside snapshot (JSON, formats.md section 2) by ASTCT 2019 CRS and ICANS and by "
      "the older CRS scales (Lee 2014, CTCAE v4.03/v5.0, Penn, MSKCC, CARTOX).");
  app->add_option("FILE", options->input,
                  "Snapshot JSON file; '-' (the default) reads standard input")
      ->capture_default_str();
  app->add_option("--format", options->format,
                  "json: the result JSON (crs.<scale>, icans.astct, ice, capd); text: a short "
                  "readable report")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();
  add_rule_options(*app, options->rules);
  app->footer(
      "Exit codes: 0 graded; 2 bad input (malformed JSON, unknown key or value, wrong type, number "
      "out of range), with 'file:line: column N: key \"...\": what is wrong' on stderr and nothing "
      "on stdout.");
  return {app, [options] { return run_assess(*options); }};
}

}  // namespace cytostorm::cli
