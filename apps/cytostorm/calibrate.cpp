// cytostorm calibrate: fits the shared biology of the virtual patients to the published outcomes
// of the calibration trials (issue 6 item 4), then runs the prediction trials with it.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "command.hpp"
#include "cytostorm/io/toml_reader.hpp"
#include "cytostorm/population/calibration.hpp"
#include "cytostorm/population/trial_report.hpp"
#include "interrupt.hpp"

namespace cytostorm::cli {

namespace {

struct CalibrateOptions {
  std::string spec;
  std::string targets;
  std::string kinetics;
  std::optional<int> max_evaluations;
  unsigned threads = 0;
  std::optional<std::uint64_t> seed;
  bool predictions = true;
  bool progress = false;
  std::string output;
};

population::TrialRequest preset(const std::string& name, std::optional<std::uint64_t> seed) {
  population::TrialRequest request;
  request.spec = name;
  request.seed = seed;
  return request;
}

int bad_input(const std::string& message) {
  std::cerr << message << "\n";
  return kExitBadInput;
}

// ../shared/data beside the checkout, where the published outcomes are kept.
std::string shared_data_file(const std::string& data, const std::string& name) {
  return (std::filesystem::path(data).parent_path().parent_path() / "shared" / "data" / name)
      .lexically_normal()
      .string();
}

std::string number(std::optional<double> v) {
  return v ? fmt::format("{:.3g}", *v) : std::string("undefined");
}

// "name (centre)", for a product's number "name (tisa-cel)", for another population's
// "name (centre, lbcl)".
std::string field_name(const population::FreeParameter& p) {
  if (!p.product.empty()) return fmt::format("{} ({})", p.name, p.product);
  if (!p.population.empty()) {
    return fmt::format("{} ({}, {})", p.name, population::name(p.field), p.population);
  }
  return fmt::format("{} ({})", p.name, population::name(p.field));
}

// The seed each calibration trial was simulated from, in spec order.
std::vector<std::uint64_t> seeds(const population::CalibrationResult& r) {
  std::vector<std::uint64_t> out;
  for (const auto& t : r.trials) out.push_back(t.seed);
  return out;
}

// The calibration report: the fitted numbers, then each target with the simulated value, the
// tolerance and met or missed.
std::string report_markdown(const population::CalibrationSetup& setup,
                            const population::CalibrationResult& r) {
  const auto met = std::count_if(r.targets.begin(), r.targets.end(),
                                 [](const population::TargetResult& t) { return t.met; });
  std::string out = fmt::format(
      "# Calibration report\n\n{}\n\nSpec: `{}`. Trials: {}, each with {} virtual patient(s) per "
      "published patient (trial seeds {}). NLopt {} over {} evaluations ({}); "
      "objective (sum of squared misses in tolerances) {:.4g} at the start, {:.4g} fitted.\n\n"
      "**{} of {} targets met.**\n\n## Fitted numbers\n\nThe biology is shared by every trial; "
      "a product's own number is marked with the product, a disease's with its population file.\n\n"
      "| Parameter | Start | Fitted | Bounds |\n|---|---|---|---|\n",
      setup.spec.description, setup.spec.file, fmt::join(setup.spec.trials, ", "),
      setup.spec.virtual_patients_per_patient, fmt::join(seeds(r), ", "), setup.spec.algorithm,
      r.evaluations, r.stop_reason, r.start_objective, r.objective, met, r.targets.size());
  for (std::size_t i = 0; i < setup.spec.free.size(); ++i) {
    const auto& p = setup.spec.free[i];
    out += fmt::format("| {} | {:.4g} | {:.4g} | [{:g}, {:g}]{} |\n", field_name(p), r.start[i],
                       r.fitted[i], p.min, p.max, p.log_scale ? " log" : "");
  }
  out +=
      "\n## Targets\n\n| Trial | Statistic | Published | Simulated | Tolerance | Result | Source "
      "|\n|---|---|---|---|---|---|---|\n";
  for (const auto& t : r.targets) {
    out += fmt::format("| {} | {} | {:g} | {} | ±{:g} | {} | {} |\n", t.target.trial, t.target.key,
                       t.target.value, number(t.simulated), t.target.tolerance,
                       t.met ? "met" : "**missed**", t.target.source);
  }
  return out;
}

nlohmann::json report_json(const population::CalibrationSetup& setup,
                           const population::CalibrationResult& r) {
  nlohmann::json j;
  j["spec"] = setup.spec.file;
  j["algorithm"] = setup.spec.algorithm;
  j["virtual_patients_per_patient"] = setup.spec.virtual_patients_per_patient;
  j["seeds"] = seeds(r);
  j["evaluations"] = r.evaluations;
  j["stop_reason"] = r.stop_reason;
  j["interrupted"] = r.interrupted;
  j["start_objective"] = r.start_objective;
  j["objective"] = r.objective;
  j["fitted"] = nlohmann::json::array();
  for (std::size_t i = 0; i < setup.spec.free.size(); ++i) {
    const auto& p = setup.spec.free[i];
    j["fitted"].push_back(
        {{"name", p.name},
         {"field", population::name(p.field)},
         {"product", p.product.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.product)},
         {"population",
          p.population.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.population)},
         {"start", r.start[i]},
         {"fitted", r.fitted[i]},
         {"min", p.min},
         {"max", p.max}});
  }
  j["targets"] = nlohmann::json::array();
  for (const auto& t : r.targets) {
    j["targets"].push_back({{"trial", t.target.trial},
                            {"key", t.target.key},
                            {"published", t.target.value},
                            {"simulated", t.simulated ? nlohmann::json(*t.simulated) : nullptr},
                            {"tolerance", t.target.tolerance},
                            {"met", t.met},
                            {"source", t.target.source}});
  }
  j["met"] = std::count_if(r.targets.begin(), r.targets.end(),
                           [](const population::TargetResult& t) { return t.met; });
  return j;
}

std::string predictions_markdown(const std::vector<population::TrialSummary>& summaries,
                                 const std::string& biology) {
  std::string out = fmt::format(
      "# Predictions (not compared with outcomes)\n\nThese trials are PREDICTIONS: built from "
      "their design only (product, dose, lymphodepletion, population, grading scale), run with "
      "the fitted biology `{}`, and never tuned to their outcomes.\n\n| Trial | Scale | n |",
      biology);
  for (const auto& key : population::kSummaryKeys) out += fmt::format(" {} |", key);
  out += "\n|---|---|---|";
  for (std::size_t i = 0; i < population::kSummaryKeys.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& s : summaries) {
    out += fmt::format("| {} (prediction) | {} | {} |", s.trial, s.scale, s.patients);
    for (const auto& v : s.values) out += fmt::format(" {} |", number(v));
    out += "\n";
  }
  return out;
}

int run_calibrate(const CalibrateOptions& o) {
  const std::string data = data_dir();
  auto parameters = model::Parameters::load(data + "/model/parameters.toml");
  if (!parameters) return bad_input(parameters.error().to_string());
  const std::string spec_path = o.spec.empty() ? data + "/calibration/calibration.toml" : o.spec;
  auto spec = population::load_calibration_spec(spec_path, parameters.value());
  if (!spec) return bad_input(spec.error().to_string());
  population::CalibrationSetup setup;
  setup.spec = std::move(spec).value();
  if (o.max_evaluations) setup.spec.max_evaluations = *o.max_evaluations;
  auto biology = population::load_population(
      io::data_file_path(data, "populations", setup.spec.biology), parameters.value());
  if (!biology) return bad_input(biology.error().to_string());
  setup.biology = std::move(biology).value();
  for (const auto& p : setup.spec.free) {
    if (p.population.empty() || setup.populations.count(p.population) != 0) continue;
    auto population = population::load_population(
        io::data_file_path(data, "populations", p.population), parameters.value());
    if (!population) {
      return bad_input(fmt::format("{}:{}: population: {}", setup.spec.file, p.line,
                                   population.error().to_string()));
    }
    setup.populations.emplace(p.population, std::move(population).value());
  }
  for (const auto& name : setup.spec.trials) {
    auto trial = population::load_trial(data, preset(name, o.seed));
    if (!trial) return bad_input(trial.error().to_string());
    setup.trials.push_back(trial.value().spec());
    setup.inputs.push_back(trial.value().inputs());
  }
  const std::string targets_csv =
      o.targets.empty() ? shared_data_file(data, "calibration_trials.csv") : o.targets;
  const std::string kinetics_csv =
      o.kinetics.empty() ? shared_data_file(data, "calibration_kinetics.csv") : o.kinetics;
  auto targets =
      population::read_calibration_targets(setup.spec, setup.trials, targets_csv, kinetics_csv);
  if (!targets) {
    return bad_input(targets.error().to_string() +
                     "\n(the published outcomes: pass --targets FILE and --kinetics FILE)");
  }
  setup.targets = std::move(targets).value();
  std::error_code ec;
  std::filesystem::create_directories(o.output, ec);
  if (ec) {
    return bad_input(
        fmt::format("cytostorm calibrate: {}: cannot create: {}", o.output, ec.message()));
  }
  population::RunOptions run;
  run.threads = o.threads ? o.threads : std::max(1U, std::thread::hardware_concurrency());
  run.stop = &interrupted;
  stop_on_interrupt();
  const bool show = o.progress || isatty(STDERR_FILENO) != 0;
  std::cerr << fmt::format(
      "cytostorm calibrate: {} free parameters, {} targets over {} trials, at most {} "
      "evaluations\n",
      setup.spec.free.size(), setup.targets.size(), setup.trials.size(),
      setup.spec.max_evaluations);
  auto result = population::calibrate(setup, run, [&](const population::CalibrationStep& s) {
    if (!show) return;
    std::fprintf(stderr, "evaluation %d/%d: objective %.4g, best %.4g, %zu of %zu targets met\n",
                 s.evaluation, setup.spec.max_evaluations, s.objective, s.best, s.met, s.targets);
  });
  if (!result) return bad_input(result.error().to_string());
  const auto& r = result.value();
  if (r.interrupted && r.evaluations == 0) {
    std::cerr << fmt::format("\ncytostorm calibrate: interrupted; nothing written to {}\n",
                             o.output);
    return kExitInterrupted;
  }
  const std::filesystem::path dir(o.output);
  const std::string fitted_toml = population::population_toml(
      r.biology,
      {"The shared biology fitted by `cytostorm calibrate` (docs/calibration.md)",
       fmt::format("from {} and {}, spec {}.", targets_csv, kinetics_csv, setup.spec.file),
       "Use it in a trial spec: populations = [\"" + (dir / "biology.toml").string() +
           "\", ...]."});
  std::vector<std::pair<std::string, std::string>> files{
      {"biology.toml", fitted_toml},
      {"report.md", report_markdown(setup, r)},
      {"report.json", report_json(setup, r).dump(2) + "\n"}};
  for (const auto& product : r.products) {  // fitted products: presets for data/products/
    files.emplace_back(
        "products/" + product.name + ".toml",
        model::product_toml(product, {"The product preset with the numbers fitted by `cytostorm "
                                      "calibrate` (docs/calibration.md), spec " +
                                      setup.spec.file + "."}));
  }
  for (const auto& [name, fitted] : r.populations) {  // fitted disease populations
    files.emplace_back(
        "populations/" + name + ".toml",
        population::population_toml(
            fitted, {"The population with the numbers fitted by `cytostorm calibrate` "
                     "(docs/calibration.md), spec " +
                     setup.spec.file + "."}));
  }
  for (const auto& [folder, used] : {std::pair{"products", !r.products.empty()},
                                     std::pair{"populations", !r.populations.empty()}}) {
    if (used && !ec) std::filesystem::create_directories(dir / folder, ec);
    if (ec) {
      std::cerr << fmt::format("cytostorm calibrate: {}/{}: {}\n", o.output, folder, ec.message());
      return kExitBadInput;
    }
  }
  if (!write_files("calibrate", dir, files)) return kExitBadInput;
  const auto met = std::count_if(r.targets.begin(), r.targets.end(),
                                 [](const population::TargetResult& t) { return t.met; });
  std::cerr << fmt::format(
      "{} of {} targets met (objective {:.4g}, from {:.4g}); wrote {}/biology.toml, report.md, "
      "report.json{}{}\n",
      met, r.targets.size(), r.objective, r.start_objective, o.output,
      r.products.empty() ? "" : ", products/", r.populations.empty() ? "" : ", populations/");
  if (r.interrupted) {
    std::cerr << fmt::format(
        "cytostorm calibrate: interrupted after {} evaluations: these are the best values so "
        "far; the predictions were not run\n",
        r.evaluations);
    return kExitInterrupted;
  }
  if (!o.predictions || setup.spec.predictions.empty()) return kExitOk;
  std::vector<population::TrialSummary> predictions;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& name : setup.spec.predictions) {
    auto trial = population::load_trial(data, preset(name, o.seed));
    if (!trial) return bad_input(trial.error().to_string());
    auto spec_t = trial.value().spec();
    population::use_population(spec_t, r.biology);
    for (const auto& [name_p, fitted] : r.populations) population::use_population(spec_t, fitted);
    auto inputs = trial.value().inputs();
    population::use_products(inputs, r.products);
    std::cerr << fmt::format("prediction {}: {} virtual patients\n", name, spec_t.patients);
    auto summary = population::simulate_trial(spec_t, inputs, run);
    if (!summary) return bad_input(summary.error().to_string());
    all.push_back(nlohmann::json::parse(population::summary_json(summary.value())));
    predictions.push_back(std::move(summary).value());
  }
  if (!write_files(
          "calibrate", dir,
          {{"predictions.md", predictions_markdown(predictions, (dir / "biology.toml").string())},
           {"predictions.json", all.dump(2) + "\n"}})) {
    return kExitBadInput;
  }
  std::cerr << fmt::format("wrote {}/predictions.md, predictions.json (predictions)\n", o.output);
  return kExitOk;
}

}  // namespace

Command add_calibrate(CLI::App& parent) {
  auto o = std::make_shared<CalibrateOptions>();
  auto* app = parent.add_subcommand(
      "calibrate",
      "Fit the shared biology of the virtual patients (data/populations/biology.toml) to the "
      "published outcomes of the calibration trials (ZUMA-1, ZUMA-1 cohort 6, JULIET, ELIANA) "
      "with NLopt, report each target as met or missed, and run the prediction trials with the "
      "fitted biology.");
  app->add_option("spec", o->spec,
                  "Calibration spec (default data/calibration/calibration.toml; "
                  "docs/calibration.md)");
  app->add_option("--targets", o->targets,
                  "Published trial outcomes (default ../shared/data/calibration_trials.csv)");
  app->add_option("--kinetics", o->kinetics,
                  "Published CAR-T kinetics (default ../shared/data/calibration_kinetics.csv)");
  app->add_option("--max-evaluations", o->max_evaluations,
                  "Evaluations of the four trials at most (the spec's max_evaluations; 0 "
                  "evaluates the starting values only)")
      ->check(CLI::Range(0, 100000));
  app->add_option("--threads", o->threads, "Worker threads (default: all cores)");
  app->add_option("--seed", o->seed,
                  "Trial seed of every calibration and prediction trial (default: each trial's "
                  "own): with --max-evaluations 0, the report of another draw of the same trials");
  app->add_flag(
      "--no-predictions", [o](std::int64_t) { o->predictions = false; },
      "Do not run the prediction trials");
  app->add_flag("--progress", o->progress,
                "Print every evaluation on standard error even when it is not a terminal");
  app->add_option("-o,--output", o->output,
                  "Directory for biology.toml, report.md, report.json, products/ (fitted product "
                  "presets), populations/ (fitted disease populations), predictions.md, "
                  "predictions.json")
      ->required();
  app->footer(
      "Ctrl-C (SIGINT) or SIGTERM ends the fit after the evaluation under way: the best values so "
      "far are written (the report says the fit was interrupted) and the predictions are not "
      "run; a second Ctrl-C ends the process at once.\n"
      "Exit codes: 0 fitted and reported (whether or not every target is met: see report.md); "
      "2 bad input (the message names the file, line and key); 130 interrupted.");
  return {app, [o] { return run_calibrate(*o); }};
}

}  // namespace cytostorm::cli
