// cytostorm grade: event tables (CSV) or FHIR Bundles in, every patient graded over time out.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "command.hpp"
#include "cytostorm/grading/cohort.hpp"
#include "cytostorm/grading/engine.hpp"
#include "cytostorm/io/atomic_file.hpp"
#include "cytostorm/io/cohort_grading.hpp"
#include "cytostorm/io/grades_output.hpp"

namespace cytostorm::cli {

namespace {

struct GradeOptions {
  std::vector<std::string> inputs;
  std::string scale = "astct";
  std::string format = "table";
  bool summary = false;
  std::string output;
  bool skip_bad_rows = false;
  grading::EngineOptions engine;
};

int run_grade(const GradeOptions& o) {
  const auto scales = io::crs_scales_named(o.scale);
  if (!scales) {
    std::cerr << scales.error().to_string() << "\n";
    return kExitBadInput;
  }
  std::vector<std::string> names;
  for (const auto* s : scales.value()) names.emplace_back(s->name);

  // Everything goes to a temporary file first: renamed into place with -o, copied to standard
  // output otherwise, so a failed run leaves nothing partial.
  const std::string target =
      o.output.empty() ? (std::filesystem::temp_directory_path() / "cytostorm-grade").string()
                       : o.output;
  io::AtomicFile file(target);
  if (!file.ok()) {
    std::cerr << "cytostorm grade: " << file.error() << "\n";
    return kExitBadInput;
  }
  io::GradesWriter writer(o.format, o.summary, file.stream(), names);
  writer.begin();
  io::CohortOptions options;
  options.scales = scales.value();
  options.engine = o.engine;
  options.skip_bad_rows = o.skip_bad_rows;
  const bool progress = isatty(STDERR_FILENO) != 0;
  auto last_report = std::chrono::steady_clock::now();
  if (progress) {
    options.progress = [&](std::size_t graded) {
      if (std::chrono::steady_clock::now() - last_report > std::chrono::seconds(2)) {
        std::cerr << "\rgraded " << graded << " patients..." << std::flush;
        last_report = std::chrono::steady_clock::now();
      }
    };
  }
  std::vector<io::CohortInput> inputs;
  for (const auto& input : o.inputs) inputs.push_back({input, std::nullopt});
  std::optional<record::Result<std::vector<record::InputError>>> graded;
  try {
    graded = io::grade_cohort(inputs, options, writer);
  } catch (const std::runtime_error& e) {
    std::cerr << "cytostorm grade: " << e.what() << "\n";
    return 1;
  }
  if (progress) std::cerr << "\r";
  if (!*graded) {
    std::cerr << graded->error().to_string() << "\n";
    return kExitBadInput;
  }
  for (const auto& e : graded->value()) std::cerr << e.to_string() << " (skipped)\n";
  const std::size_t skipped = graded->value().size();
  writer.end();
  if (skipped > 0) std::cerr << "cytostorm grade: " << skipped << " rows or patients skipped\n";
  if (!file.sync()) {  // a full disk shows here
    std::cerr << "cytostorm grade: " << file.error() << "\n";
    return kExitBadInput;
  }
  if (o.output.empty()) {
    std::FILE* f = file.stream();
    std::rewind(f);
    char buffer[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) std::fwrite(buffer, 1, n, stdout);
    return kExitOk;  // the temporary file is removed by AtomicFile
  }
  if (!file.commit()) {
    std::cerr << "cytostorm grade: " << file.error() << "\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace

Command add_grade(CLI::App& parent) {
  auto o = std::make_shared<GradeOptions>();
  CLI::App* app = parent.add_subcommand(
      "grade",
      "Grade every patient of event tables (CSV, formats.md section 1) or FHIR R4 Bundles (.json) "
      "over time: the grade at each change with its drivers (the audit trail), episodes, onset, "
      "duration and the cohort summary.");
  app->add_option("FILE", o->inputs,
                  "Event table CSV files ('-' for standard input) or FHIR Bundles (*.json)")
      ->required();
  std::vector<std::string> scale_names{"all"};
  for (const auto& s : clinical::crs_scales()) scale_names.emplace_back(s.name);
  app->add_option("--scale", o->scale,
                  "CRS scale: astct (default), lee2014, ctcae_v4, ctcae_v5, penn, mskcc, cartox, "
                  "or all (every scale plus the concordance between them). ICANS is graded by "
                  "ASTCT 2019.")
      ->check(CLI::IsMember(scale_names))
      ->capture_default_str();
  app->add_option("--format", o->format,
                  "table (readable, default), json (timelines and summary) or csv (one row per "
                  "patient)")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  app->add_flag("--summary", o->summary,
                "Print only the cohort summary (n, any grade %, grade >= 3 %, median onset day "
                "with range, median duration), in the chosen format");
  app->add_option("-o,--output", o->output,
                  "Write to this file (written under a temporary name and renamed when complete)");
  app->add_flag("--skip-bad-rows", o->skip_bad_rows,
                "Skip bad rows (each reported on standard error) instead of stopping at the first");
  add_engine_options(*app, o->engine);
  app->footer(
      "Exit codes: 0 graded; 2 bad input ('file:line: column: what is wrong' on stderr; nothing "
      "is written) or usage.");
  return {app, [o] { return run_grade(*o); }};
}

}  // namespace cytostorm::cli
