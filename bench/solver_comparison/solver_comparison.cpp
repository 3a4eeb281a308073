// cytostorm_solver_comparison: the C++ side of bench/solver_comparison.sh.
//
//   export DIR [--rtol R] [--atol A] [--days D] [--outputs-per-day K]
//       writes DIR/case-1.csv .. case-3.csv (case_file.hpp): three virtual patients built the
//       usual way (data/model/parameters.toml, a product preset, covariates), no interventions
//   run --out DIR [--samples S] [--min-seconds X] CASE...
//       "ours": integrates every case with solver::CvodeSolver over model::VirtualPatient (the
//       path every cytostorm simulation takes), writes each trajectory to DIR/<case file name>,
//       then times repeated runs of all cases and prints one line
//       `timing ours SECONDS_PER_RUN SAMPLES RUNS_PER_SAMPLE STEPS RHS_EVALS JAC_EVALS`
//       (the median over S samples of the CPU time per run; each sample repeats the run enough
//       times to last X seconds; the work counters are per run of all cases).

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "case_file.hpp"
#include "cytostorm/model/virtual_patient.hpp"
#include "cytostorm/population/simulation.hpp"
#include "cytostorm/solver/cvode_solver.hpp"

namespace {

using namespace cytostorm;

struct ExportOptions {
  std::string dir;
  double rtol = 1e-6;
  double atol = 1e-9;
  int days = 28;
  int outputs_per_day = 24;
};

// The three patients of the comparison: a typical one, a severe course, a mild one.
struct CaseSpec {
  const char* description;
  const char* product;
  model::Covariates covariates;
};

std::vector<CaseSpec> case_specs() {
  model::Covariates severe;
  severe.tumor_burden = 4.0;
  severe.baseline_ang2_pg_ml = 3500;
  model::Covariates mild;
  mild.tumor_burden = 0.3;
  mild.lymphodepletion = "bendamustine";
  mild.weight_kg = 60;
  return {{"axi-cel, typical patient (default covariates)", "axi-cel", {}},
          {"axi-cel, tumour burden 4x, baseline Ang-2 3500 pg/mL", "axi-cel", severe},
          {"tisa-cel, tumour burden 0.3x, bendamustine lymphodepletion, 60 kg", "tisa-cel", mild}};
}

int run_export(const ExportOptions& o) {
  const std::string data = CYTOSTORM_DATA_DIR;
  auto parameters = model::Parameters::load(data + "/model/parameters.toml");
  if (!parameters) {
    fmt::print(stderr, "solver_comparison: {}\n", parameters.error().to_string());
    return 2;
  }
  std::filesystem::create_directories(o.dir);
  int k = 0;
  for (const CaseSpec& spec : case_specs()) {
    auto product = model::load_product(data, spec.product);
    if (!product) {
      fmt::print(stderr, "solver_comparison: {}\n", product.error().to_string());
      return 2;
    }
    const model::VirtualPatient patient(parameters.value(), product.value(), spec.covariates);
    bench::ComparisonCase c = bench::case_of(patient, spec.description);
    c.rtol = o.rtol;
    c.atol = o.atol;
    c.days = o.days;
    c.outputs_per_day = o.outputs_per_day;
    // The named inputs must rebuild the very same patient: the same initial state and the same
    // right-hand side there, to the bit.
    const model::VirtualPatient rebuilt = bench::patient_from_inputs(c.input_names, c.input_values);
    std::vector<double> f(patient.size()), g(patient.size());
    patient.rhs(0.0, c.initial_state, f);
    rebuilt.rhs(0.0, c.initial_state, g);
    if (rebuilt.initial_state() != c.initial_state || f != g) {
      fmt::print(stderr, "solver_comparison: the inputs of case {} do not rebuild the patient\n",
                 k + 1);
      return 1;
    }
    const std::string path = fmt::format("{}/case-{}.csv", o.dir, ++k);
    if (const auto error = bench::write_case(path, c)) {
      fmt::print(stderr, "solver_comparison: {}\n", error->to_string());
      return 2;
    }
    fmt::print(stderr, "solver_comparison: wrote {} ({})\n", path, spec.description);
  }
  return 0;
}

struct RunOptions {
  std::string out;
  int samples = 15;
  double min_seconds = 0.2;
  std::vector<std::string> cases;
};

struct Patient {
  bench::ComparisonCase c;
  model::VirtualPatient model;
};

// One run: every case from its initial state to the last output, the state at every output
// (the initial state first) written into `trajectories`.
void run_once(const std::vector<Patient>& patients, solver::CvodeSolver& solver,
              std::vector<std::vector<double>>& trajectories) {
  for (std::size_t p = 0; p < patients.size(); ++p) {
    const Patient& patient = patients[p];
    const std::size_t n = patient.model.size();
    const int outputs = patient.c.days * patient.c.outputs_per_day;
    std::vector<double>& out = trajectories[p];
    std::copy(patient.c.initial_state.begin(), patient.c.initial_state.end(), out.begin());
    solver.start(patient.model, 0.0, patient.c.initial_state);
    for (int j = 1; j <= outputs; ++j) {
      solver.advance(j / static_cast<double>(patient.c.outputs_per_day),
                     std::span<double>(out).subspan(static_cast<std::size_t>(j) * n, n));
    }
  }
}

bool write_trajectory(const std::string& path, const Patient& patient,
                      const std::vector<double>& out) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!file) return false;
  fmt::print(file.get(), "time,{}\n", fmt::join(patient.c.state_names, ","));
  const std::size_t n = patient.model.size();
  for (std::size_t j = 0; j * n < out.size(); ++j) {
    fmt::print(file.get(), "{},{}\n", static_cast<double>(j) / patient.c.outputs_per_day,
               fmt::join(out.begin() + static_cast<std::ptrdiff_t>(j * n),
                         out.begin() + static_cast<std::ptrdiff_t>((j + 1) * n), ","));
  }
  return std::fclose(file.release()) == 0;
}

double cpu_seconds() {
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

int run_ours(const RunOptions& o) {
  std::vector<Patient> patients;
  for (const std::string& path : o.cases) {
    auto c = bench::read_case(path);
    if (!c) {
      fmt::print(stderr, "solver_comparison: {}\n", c.error().to_string());
      return 2;
    }
    const auto& first = patients.empty() ? c.value() : patients.front().c;
    if (c.value().rtol != first.rtol || c.value().atol != first.atol) {
      fmt::print(stderr, "solver_comparison: {}: the cases must share rtol and atol\n", path);
      return 2;
    }
    try {
      auto model = bench::patient_from_inputs(c.value().input_names, c.value().input_values);
      patients.push_back({std::move(c).value(), std::move(model)});
    } catch (const std::exception& e) {
      fmt::print(stderr, "solver_comparison: {}: {}\n", path, e.what());
      return 2;
    }
  }
  solver::SolverOptions options = population::virtual_patient_solver_options();
  options.rtol = patients.front().c.rtol;
  options.atol = patients.front().c.atol;
  solver::CvodeSolver solver(options);
  std::vector<std::vector<double>> trajectories;
  for (const Patient& p : patients) {
    const auto outputs = static_cast<std::size_t>(p.c.days * p.c.outputs_per_day + 1);
    trajectories.emplace_back(outputs * p.model.size());
  }

  // The first run writes the trajectories and measures the solver's work.
  const double start = cpu_seconds();
  run_once(patients, solver, trajectories);
  const double first = cpu_seconds() - start;
  const solver::SolverStats work = solver.stats();
  std::filesystem::create_directories(o.out);
  for (std::size_t p = 0; p < patients.size(); ++p) {
    const std::string path = o.out + "/" + std::filesystem::path(o.cases[p]).filename().string();
    if (!write_trajectory(path, patients[p], trajectories[p])) {
      fmt::print(stderr, "solver_comparison: cannot write {}\n", path);
      return 2;
    }
  }

  const int runs = std::max(1, static_cast<int>(std::ceil(o.min_seconds / std::max(first, 1e-6))));
  std::vector<double> per_run;
  for (int s = 0; s < o.samples; ++s) {
    const double t0 = cpu_seconds();
    for (int r = 0; r < runs; ++r) run_once(patients, solver, trajectories);
    per_run.push_back((cpu_seconds() - t0) / runs);
  }
  std::sort(per_run.begin(), per_run.end());
  const double median = per_run.empty() ? first : per_run[per_run.size() / 2];
  fmt::print("timing ours {:.6e} {} {} {} {} {}\n", median, o.samples, runs, work.steps,
             work.rhs_evals, work.jac_evals);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The C++ side of bench/solver_comparison.sh: exports the cases, runs ours."};
  app.require_subcommand(1, 1);
  ExportOptions e;
  CLI::App* exp = app.add_subcommand("export", "write the case files");
  exp->add_option("dir", e.dir, "directory for case-1.csv ..")->required();
  exp->add_option("--rtol", e.rtol, "relative tolerance")->check(CLI::PositiveNumber);
  exp->add_option("--atol", e.atol, "absolute tolerance")->check(CLI::PositiveNumber);
  exp->add_option("--days", e.days, "length of the run")->check(CLI::Range(1, 365));
  exp->add_option("--outputs-per-day", e.outputs_per_day, "outputs per day")
      ->check(CLI::Range(1, 1440));
  RunOptions r;
  CLI::App* run = app.add_subcommand("run", "integrate and time the cases with CvodeSolver");
  run->add_option("--out", r.out, "directory for the trajectories")->required();
  run->add_option("--samples", r.samples, "timed samples (0: only the first run)")
      ->check(CLI::Range(0, 1000));
  run->add_option("--min-seconds", r.min_seconds, "CPU seconds per sample, at least")
      ->check(CLI::NonNegativeNumber);
  run->add_option("cases", r.cases, "case files")->required()->check(CLI::ExistingFile);
  CLI11_PARSE(app, argc, argv);
  try {
    return exp->parsed() ? run_export(e) : run_ours(r);
  } catch (const std::exception& ex) {
    fmt::print(stderr, "solver_comparison: {}\n", ex.what());
    return 1;
  }
}
