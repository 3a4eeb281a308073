// The options several subcommands share, defined once.

#include <map>

#include "command.hpp"

namespace cytostorm::cli {

void add_rule_options(CLI::App& app, clinical::RuleOptions& rules) {
  std::map<std::string, clinical::CapdAgeCutoff> cutoffs;
  for (const auto& [name, value] : clinical::kCapdAgeCutoffNames) cutoffs.emplace(name, value);
  app.add_option("--capd-age-cutoff", rules.capd_age_cutoff,
                 "[D] children screened with CAPD instead of ICE: under-12 (age < 12, default) or "
                 "up-to-12 (age <= 12)")
      ->transform(CLI::CheckedTransformer(cutoffs, CLI::ignore_case));
  app.add_flag("!--count-airway-protection-oxygen", rules.exclude_airway_protection_oxygen,
               "[R] count oxygen given for airway protection toward CRS hypoxia (by default it "
               "is not counted)");
}

void add_engine_options(CLI::App& app, grading::EngineOptions& engine) {
  app.add_option("--fever-window-hours", engine.fever_window_hours,
                 "How long a fever >= 38.0 C counts before an assessment")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--resolution-hours", engine.resolution_hours,
                 "How long the grade must stay 0 for an episode to end")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  std::map<std::string, clinical::FeverMasking> masking;
  for (const auto& [name, value] : clinical::kFeverMaskingNames) masking.emplace(name, value);
  app.add_option("--masking-drugs", engine.rules.fever_masking,
                 "[D] drugs that mask fever once CRS is established: antipyretic-or-anticytokine "
                 "(default) or anticytokine-only (tocilizumab, siltuximab, anakinra, steroids)")
      ->transform(CLI::CheckedTransformer(masking, CLI::ignore_case));
  add_rule_options(app, engine.rules);
}

}  // namespace cytostorm::cli
