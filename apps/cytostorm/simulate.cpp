// cytostorm simulate: one virtual patient, from the infusion to the bedside signs, treated by a
// virtual clinician and graded like any real patient.

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "cytostorm/io/atomic_file.hpp"
#include "cytostorm/io/event_table.hpp"
#include "cytostorm/io/grades_output.hpp"
#include "cytostorm/io/svg_plot.hpp"
#include "cytostorm/model/virtual_patient.hpp"
#include "cytostorm/population/course_plot.hpp"
#include "cytostorm/population/simulation.hpp"
#include "cytostorm/population/virtual_course.hpp"

namespace cytostorm::cli {

namespace {

struct SimulateOptions {
  std::string product;
  model::Covariates covariates;
  std::vector<std::string> params;
  std::string policy = "standard";
  double days = 28.0;
  std::uint64_t seed = 1;
  std::string output;
};

// Writes `path` atomically: `write` fills the temporary file, which is renamed when complete.
bool write_file(const std::filesystem::path& path, const std::function<void(std::FILE*)>& write) {
  io::AtomicFile file(path.string());
  if (file.ok()) write(file.stream());
  if (!file.ok() || !file.commit()) {
    std::cerr << "cytostorm simulate: " << file.error() << "\n";
    return false;
  }
  return true;
}

bool write_file(const std::filesystem::path& path, const std::string& content) {
  return write_file(path, [&](std::FILE* f) { std::fwrite(content.data(), 1, content.size(), f); });
}

std::string trajectory_csv(const population::SimulatedCourse& c) {
  std::string out;
  for (std::size_t i = 0; i < c.columns.size(); ++i) out += (i ? "," : "") + c.columns[i];
  out += "\n";
  for (const auto& row : c.rows) {
    for (std::size_t i = 0; i < row.size(); ++i)
      out += fmt::format("{}{:.6g}", i ? "," : "", row[i]);
    out += "\n";
  }
  return out;
}

int run_simulate(const SimulateOptions& o) {
  population::VirtualCourseSpec spec;
  spec.product = o.product;
  spec.covariates = o.covariates;
  spec.policy = o.policy;
  spec.days = o.days;
  spec.seed = o.seed;
  for (const auto& assignment : o.params) {
    const auto eq = assignment.find('=');
    try {
      if (eq == std::string::npos) throw std::invalid_argument("expected NAME=VALUE");
      std::size_t used = 0;
      const double value = std::stod(assignment.substr(eq + 1), &used);
      if (used != assignment.size() - eq - 1) throw std::invalid_argument("not a number");
      spec.parameters.emplace_back(assignment.substr(0, eq), value);
    } catch (const std::exception& e) {
      std::cerr << "cytostorm simulate: --param " << assignment << ": " << e.what() << "\n";
      return kExitBadInput;
    }
  }
  try {
    const auto simulated = population::simulate_virtual_course(spec, data_dir());
    if (!simulated) {
      std::cerr << population::simulation_message(simulated.error()) << "\n";
      return kExitBadInput;
    }
    const auto& course = simulated.value();
    std::error_code ec;  // created only once the course is simulated: bad input leaves nothing
    std::filesystem::create_directories(o.output, ec);
    if (ec) {
      std::cerr << "cytostorm simulate: " << o.output << ": cannot create: " << ec.message()
                << "\n";
      return kExitBadInput;
    }
    const std::filesystem::path dir(o.output);
    const auto plot = population::course_plot(
        course,
        fmt::format("Virtual patient: {}, tumour burden {:g}", o.product,
                    o.covariates.tumor_burden),
        fmt::format("policy {}; CRS max grade {}, ICANS max grade {} (ASTCT 2019)", course.policy,
                    course.grades.crs.front().max_grade.value_or(-1),
                    course.grades.icans.max_grade.value_or(-1)),
        o.days);
    if (!write_file(dir / "trajectory.csv", trajectory_csv(course)) ||
        !write_file(dir / "events.csv", io::event_table_csv(course.record, true)) ||
        !write_file(dir / "grades.json",
                    [&](std::FILE* f) {
                      io::GradesWriter writer("json", false, f, {"astct"});
                      writer.begin();
                      writer.patient(course.grades);
                      writer.end();
                    }) ||
        !write_file(dir / "plot.svg", io::render_svg(plot))) {
      return kExitBadInput;
    }
    const auto& s = course.solver_stats;
    std::cerr << fmt::format(
        "simulated {} for {:g} days: CRS max grade {}, ICANS max grade {}; {} treatments; "
        "solver {} steps, {} RHS evaluations, {} Jacobians\nwrote {}/trajectory.csv, events.csv, "
        "grades.json, plot.svg\n",
        o.product, o.days, course.grades.crs.front().max_grade.value_or(-1),
        course.grades.icans.max_grade.value_or(-1), course.treatments.size(), s.steps, s.rhs_evals,
        s.jac_evals, o.output);
  } catch (const solver::SolverError& e) {
    std::cerr << "cytostorm simulate: the integration failed: " << e.what() << "\n";
    return 1;
  }
  return kExitOk;
}

}  // namespace

Command add_simulate(CLI::App& parent) {
  auto o = std::make_shared<SimulateOptions>();
  CLI::App* app = parent.add_subcommand(
      "simulate",
      "Simulate one virtual patient (CAR-T expansion, cytokine cascade, endothelium, brain) "
      "treated by a virtual clinician; write the trajectory, the event table, its grades and a "
      "plot.");
  app->add_option("--product", o->product,
                  "CAR-T product preset: axi-cel, brexu-cel (CD28), tisa-cel, liso-cel, ide-cel, "
                  "cilta-cel (4-1BB); see data/products/")
      ->required();
  app->add_option("--tumor-burden", o->covariates.tumor_burden,
                  "Tumour burden relative to a typical patient")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app->add_option("--baseline-ang2", o->covariates.baseline_ang2_pg_ml,
                  "Angiopoietin-2 before infusion (pg/mL)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app->add_option("--baseline-lymphocytes", o->covariates.baseline_lymphocytes_per_ul,
                  "Absolute lymphocyte count before lymphodepletion (cells/uL)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app->add_option("--lymphodepletion", o->covariates.lymphodepletion,
                  "Lymphodepletion regimen: flu_cy, bendamustine or none")
      ->check(CLI::IsMember({"flu_cy", "bendamustine", "none"}))
      ->capture_default_str();
  app->add_option("--lymphodepletion-intensity", o->covariates.lymphodepletion_intensity,
                  "Multiplies the regimen's depleted fraction")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app->add_option("--weight", o->covariates.weight_kg, "Body weight (kg)")
      ->check(CLI::Range(1.0, 300.0))
      ->capture_default_str();
  app->add_option("--age", o->covariates.age_years, "Age (years)")
      ->check(CLI::Range(0.0, 120.0))
      ->capture_default_str();
  app->add_option("--param", o->params,
                  "Override a model parameter, NAME=VALUE (repeatable; names in "
                  "data/model/parameters.toml)");
  app->add_option("--policy", o->policy,
                  "Virtual clinician policy: a name in data/policies/ or a TOML file; its "
                  "`guideline` names the rule set for drugs (data/guidelines/)")
      ->capture_default_str();
  app->add_option("--days", o->days, "Days to simulate after the infusion")
      ->check(CLI::Range(0.5, 365.0))
      ->capture_default_str();
  app->add_option("--seed", o->seed, "Seed for the seizure draws")->capture_default_str();
  app->add_option("-o,--output", o->output,
                  "Directory for trajectory.csv, events.csv, grades.json and plot.svg")
      ->required();
  app->footer(
      "Exit codes: 0 simulated; 2 bad input (unknown product, parameter, policy or guideline "
      "key; the message names the file, line and key); 1 the integration failed.");
  return {app, [o] { return run_simulate(*o); }};
}

}  // namespace cytostorm::cli
