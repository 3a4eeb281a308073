// cytostorm trial: a virtual trial (issue 6). Patients drawn from a population spec, simulated
// under a policy, graded by the trial's scale; the patient table, the summary and a plot, or the
// same patients under several policies side by side.

#include "cytostorm/population/trial.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "command.hpp"
#include "cytostorm/io/svg_plot.hpp"
#include "cytostorm/population/policy_comparison.hpp"
#include "cytostorm/population/trial_plot.hpp"
#include "cytostorm/population/trial_report.hpp"
#include "cytostorm/population/trial_summary.hpp"
#include "interrupt.hpp"
#include "ranks.hpp"

namespace cytostorm::cli {

namespace {

struct TrialOptions {
  std::string spec;
  std::string preset;
  std::optional<int> patients;
  unsigned threads = 0;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> policy;
  std::optional<double> days;
  std::vector<std::string> compare;
  int resamples = 2000;
  bool progress = false;
  std::string output;
};

// Patients done, rate and time left on standard error, at most five times a second.
class Progress {
 public:
  Progress(bool enabled, std::string label) : enabled_(enabled), label_(std::move(label)) {}

  void operator()(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
    std::fprintf(stderr, "\r%s: %zu/%zu patients, %.1f/s, ETA %.0f s   %s", label_.c_str(), done,
                 total, rate, eta, done == total ? "\n" : "");
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  std::string label_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

int report_interrupt(const Ranks& ranks, const std::string& output) {
  if (ranks.leader()) {
    std::cerr << fmt::format("\ncytostorm trial: interrupted; nothing written to {}\n", output);
  }
  return kExitInterrupted;
}

int bad_input(const Ranks& ranks, const std::string& message) {
  if (ranks.leader()) std::cerr << message << "\n";
  return kExitBadInput;
}

// Runs `trial` on this rank's share of the patients and gathers them on rank 0.
std::vector<population::PatientOutcome> run(const population::Trial& trial, const TrialOptions& o,
                                            Ranks& ranks) {
  population::RunOptions run;
  run.first = static_cast<std::size_t>(ranks.rank());
  run.stride = static_cast<std::size_t>(ranks.size());
  run.threads = o.threads ? o.threads
                          : std::max(1U, std::thread::hardware_concurrency() /
                                             static_cast<unsigned>(ranks.local_size()));
  const bool show = ranks.leader() && (o.progress || isatty(STDERR_FILENO) != 0);
  Progress progress(show, fmt::format("{} under {}", trial.spec().name, trial.spec().policy));
  run.progress = [&](std::size_t done, std::size_t total) { progress(done, total); };
  run.stop = &interrupted;
  try {
    return ranks.gather(population::run_trial(trial, run));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cytostorm trial: internal error on rank %d: %s\n", ranks.rank(),
                 e.what());
    ranks.abort(1);
  }
}

int report_failures(const population::TrialSummary& s) {
  if (s.failed > 0) {
    std::cerr << fmt::format(
        "cytostorm trial: {} of {} simulations failed under {} (see patients.csv, column "
        "failure); they are left out of every statistic\n",
        s.failed, s.patients, s.policy);
  }
  return kExitOk;
}

int run_single(const population::Trial& trial, const TrialOptions& o, Ranks& ranks) {
  const auto outcomes = run(trial, o, ranks);
  if (interrupted) return report_interrupt(ranks, o.output);
  if (!ranks.leader()) return kExitOk;
  const auto summary = population::summarize_trial(trial.spec(), outcomes);
  if (!write_files("trial", o.output,
                   {{"patients.csv", population::patients_csv(trial, outcomes)},
                    {"summary.json", population::summary_json(summary)},
                    {"plot.svg", io::render_svg(population::trial_plot(summary, outcomes))}})) {
    return kExitBadInput;
  }
  std::cerr << fmt::format(
      "{}: {} virtual patients{}; CRS any {:.1f}%, grade >= 3 {:.1f}% ({}); ICANS any {:.1f}%, "
      "grade >= 3 {:.1f}%\nwrote {}/patients.csv, summary.json, plot.svg\n",
      trial.spec().name, summary.patients, trial.spec().prediction ? " (prediction)" : "",
      summary.value("crs_any_pct").value_or(0), summary.value("crs_ge3_pct").value_or(0),
      summary.scale, summary.value("neuro_any_pct").value_or(0),
      summary.value("neuro_ge3_pct").value_or(0), o.output);
  return report_failures(summary);
}

int run_compare(const population::Trial& trial, const TrialOptions& o, Ranks& ranks,
                const std::string& data) {
  std::vector<population::Trial> arms;
  for (const auto& name : o.compare) {
    auto clinician = population::load_clinician(data, name);
    if (!clinician) return bad_input(ranks, clinician.error().to_string());
    for (const auto& arm : arms) {
      if (arm.spec().policy == clinician.value().policy.name) {
        return bad_input(ranks, fmt::format("cytostorm trial: --compare: two policies are named "
                                            "\"{}\"; give each its own name",
                                            arm.spec().policy));
      }
    }
    arms.push_back(trial.with_clinician(std::move(clinician).value()));
  }
  std::vector<std::vector<population::PatientOutcome>> outcomes;
  std::vector<population::TrialSummary> summaries;
  for (const auto& arm : arms) {
    outcomes.push_back(run(arm, o, ranks));
    if (interrupted) return report_interrupt(ranks, o.output);
    summaries.push_back(population::summarize_trial(arm.spec(), outcomes.back()));
  }
  if (!ranks.leader()) return kExitOk;
  const auto comparison =
      population::compare_policies(summaries, outcomes, o.resamples, trial.spec().seed);
  std::cout << population::comparison_table(comparison);
  if (!write_files("trial", o.output,
                   {{"compare.json", population::comparison_json(comparison)},
                    {"compare.csv", population::comparison_csv(comparison)}})) {
    return kExitBadInput;
  }
  std::cerr << fmt::format("wrote {}/compare.json, compare.csv\n", o.output);
  for (const auto& s : summaries) report_failures(s);
  return kExitOk;
}

int run_trial_command(const TrialOptions& o) {
  Ranks ranks;
  if (o.spec.empty() == o.preset.empty()) {
    return bad_input(ranks, "cytostorm trial: give a spec file or --preset NAME (not both)");
  }
  const std::string data = data_dir();
  population::TrialRequest request;
  request.spec = o.spec.empty() ? o.preset : o.spec;
  request.spec_is_file = !o.spec.empty();
  request.patients = o.patients;
  request.seed = o.seed;
  request.policy = o.policy;
  request.days = o.days;
  auto trial = population::load_trial(data, request);
  if (!trial) return bad_input(ranks, trial.error().to_string());
  std::error_code ec;
  if (ranks.leader()) std::filesystem::create_directories(o.output, ec);
  if (!ranks.all(!ec)) {
    return bad_input(ranks,
                     fmt::format("cytostorm trial: {}: cannot create: {}", o.output, ec.message()));
  }
  stop_on_interrupt();
  return o.compare.empty() ? run_single(trial.value(), o, ranks)
                           : run_compare(trial.value(), o, ranks, data);
}

}  // namespace

Command add_trial(CLI::App& parent) {
  auto o = std::make_shared<TrialOptions>();
  CLI::App* app = parent.add_subcommand(
      "trial",
      "Run a virtual trial: patients drawn from a population spec, each simulated under the "
      "virtual clinician's policy and graded by the trial's scale; write the patient table, the "
      "summary (the columns of calibration_trials.csv) and a plot, or compare policies on the "
      "same patients.");
  app->add_option("spec", o->spec, "Trial spec (TOML, docs/trials.md)");
  app->add_option("--preset", o->preset,
                  "A trial preset in data/trials/: zuma-1, zuma-1-cohort6, juliet, eliana "
                  "(calibration); zuma-2, transcend-nhl, karmma, cartitude-1 (predictions)");
  app->add_option("--patients", o->patients, "Number of virtual patients (default: the spec's)")
      ->check(CLI::Range(1, 10000000));
  app->add_option("--threads", o->threads,
                  "Worker threads (default: every core, shared between the MPI ranks of a "
                  "machine)")
      ->check(CLI::Range(1U, 4096U));
  app->add_option("--seed", o->seed, "Trial seed (default: the spec's)");
  app->add_option("--policy", o->policy,
                  "Virtual clinician policy, a name in data/policies/ or a TOML file (default: "
                  "the spec's)");
  app->add_option("--days", o->days, "Days to simulate after the infusion (default: the spec's)")
      ->check(CLI::Range(0.5, 365.0));
  app->add_option("--compare", o->compare,
                  "Run the same patients under each of these policies and print the table side "
                  "by side, with the difference to the first policy and its 95% interval; writes "
                  "compare.json and compare.csv")
      ->expected(2, 64);
  app->add_option("--resamples", o->resamples, "Bootstrap resamples for --compare intervals")
      ->check(CLI::Range(100, 1000000))
      ->capture_default_str();
  app->add_flag("--progress", o->progress,
                "Show progress on standard error even when it is not a terminal");
  app->add_option("-o,--output", o->output,
                  "Directory for patients.csv, summary.json and plot.svg (or compare.json and "
                  "compare.csv)")
      ->required();
  app->footer(
      "Under MPI (built with -DCYTOSTORM_WITH_MPI=ON): mpirun -np K cytostorm trial ...; rank r "
      "runs patients r, r+K, ...; rank 0 writes. The outputs do not depend on threads or ranks.\n"
      "Ctrl-C (SIGINT) or SIGTERM stops the workers and writes nothing; the files of a run are "
      "written all or none.\n"
      "Exit codes: 0 done; 2 bad input (the message names the file, line and key); 1 internal "
      "error; 130 interrupted.");
  return {app, [o] { return run_trial_command(*o); }};
}

}  // namespace cytostorm::cli
