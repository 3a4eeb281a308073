// cytostorm advise: one patient's bedside review at a moment: grades with drivers, differential
// flags, risk scores and the guideline's suggestions. Decision support, not a prescription.

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "command.hpp"
#include "cytostorm/grading/advice.hpp"
#include "cytostorm/io/advice_json.hpp"
#include "cytostorm/io/guideline_toml.hpp"

namespace cytostorm::cli {

namespace {

struct AdviseOptions {
  std::string input;
  std::string patient;
  std::string at;
  std::string guideline = "asco-2021";
  std::string format = "text";
  grading::AdviceOptions advice;
};

int run_advise(const AdviseOptions& o) {
  const auto fail = [](const record::InputError& e) {
    std::cerr << e.to_string() << "\n";
    return kExitBadInput;
  };
  auto guideline = io::load_guideline(io::guideline_path(data_dir(), o.guideline));
  if (!guideline) return fail(guideline.error());
  auto patient = read_patient(o.input, o.patient);
  if (!patient) return fail(patient.error());
  const auto at = grading::review_hours(o.at, patient.value(), "--at");
  if (!at) return fail(at.error());
  const auto advice = grading::advise(patient.value(), at.value(), guideline.value(), o.advice);
  if (o.format == "json") {
    std::cout << io::to_json(advice).dump(2) << "\n";
  } else {
    std::cout << io::text_report(advice);
  }
  return kExitOk;
}

}  // namespace

Command add_advise(CLI::App& parent) {
  auto o = std::make_shared<AdviseOptions>();
  CLI::App* app = parent.add_subcommand(
      "advise",
      "Review one patient at a moment: the current ASTCT CRS and ICANS grades with their drivers, "
      "the differential flags (tumour lysis, carHLH, infusion reaction, infection, other causes "
      "of encephalopathy), the risk scores the data allow, and the guideline's suggestions with "
      "their rows and the tocilizumab dose limits enforced. Decision support, not a "
      "prescription.");
  app->add_option("FILE", o->input, "Event table CSV ('-' for standard input) or FHIR Bundle")
      ->required();
  app->add_option("--patient", o->patient, "The patient_id to review")->required();
  app->add_option("--at", o->at,
                  "The moment of the review: hours since infusion (72) or an ISO 8601 time; "
                  "default: the patient's last observation");
  app->add_option("--guideline", o->guideline,
                  "Rule set: asco-2021 (default), cartox-2018, or the path of a rule-set TOML")
      ->capture_default_str();
  app->add_option("--format", o->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app->add_option("--infusion-reaction-hours", o->advice.differential.infusion_reaction_hours,
                  "[R] signs starting this soon after infusion are flagged as a possible "
                  "infusion reaction")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_engine_options(*app, o->advice.engine);
  app->footer(
      "Exit codes: 0 reviewed; 2 bad input ('file:line: column: what is wrong' on stderr) or "
      "usage.");
  return {app, [o] { return run_advise(*o); }};
}

}  // namespace cytostorm::cli
