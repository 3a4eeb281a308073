// cytostorm grade: event tables (CSV) or FHIR Bundles in, every patient graded over time out.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "command.hpp"
#include "cytostorm/grading/cohort.hpp"
#include "cytostorm/grading/engine.hpp"
#include "cytostorm/io/atomic_file.hpp"
#include "cytostorm/io/event_table.hpp"
#include "cytostorm/io/fhir_bundle.hpp"
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
  std::vector<const clinical::CrsScale*> scales;
  if (o.scale == "all") {
    for (const auto& s : clinical::crs_scales()) scales.push_back(&s);
  } else {
    scales.push_back(clinical::find_crs_scale(o.scale));
  }
  std::vector<std::string> names;
  for (const auto* s : scales) names.emplace_back(s->name);

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
  const bool progress = isatty(STDERR_FILENO) != 0;
  auto last_report = std::chrono::steady_clock::now();
  std::set<std::string> seen;
  std::string duplicate;
  const auto grade = [&](record::PatientRecord&& r) {
    if (!seen.insert(r.patient_id).second && duplicate.empty()) {
      duplicate = r.patient_id + " (again in " + r.source + ")";
    }
    writer.patient(grading::grade_patient(r, scales, o.engine));
    if (progress && std::chrono::steady_clock::now() - last_report > std::chrono::seconds(2)) {
      std::cerr << "\rgraded " << writer.count() << " patients..." << std::flush;
      last_report = std::chrono::steady_clock::now();
    }
  };
  std::size_t skipped = 0;
  for (const auto& input : o.inputs) {
    if (is_fhir(input)) {
      std::string text, error;
      if (!read_input(input, text, error)) {
        std::cerr << "cytostorm grade: " << error << "\n";
        return kExitBadInput;
      }
      auto patients = io::read_fhir_bundle(text, input);
      if (!patients) {
        std::cerr << patients.error().to_string() << "\n";
        return kExitBadInput;
      }
      for (auto& p : std::move(patients).value()) grade(std::move(p));
      continue;
    }
    io::EventTableOptions options;
    options.skip_bad_rows = o.skip_bad_rows;
    const auto mark = writer.mark();
    std::vector<std::string> ids_before(seen.begin(), seen.end());
    bool rewound = true;
    auto stats = io::read_event_table(input, options, grade, [&] {
      // The rows were not grouped by patient: this file is read again, so drop its output.
      rewound = writer.rewind_to(mark);
      seen = std::set<std::string>(ids_before.begin(), ids_before.end());
    });
    if (!rewound) {
      std::cerr << "cytostorm grade: cannot rewind the temporary output\n";
      return 1;
    }
    if (!stats) {
      std::cerr << stats.error().to_string() << "\n";
      return kExitBadInput;
    }
    for (const auto& e : stats.value().skipped) {
      std::cerr << e.to_string() << " (skipped)\n";
      ++skipped;
    }
  }
  if (progress) std::cerr << "\r";
  if (!duplicate.empty()) {
    std::cerr << "cytostorm grade: patient " << duplicate << ": give each patient once\n";
    return kExitBadInput;
  }
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
