#include "cytostorm/population/calibration.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlopt.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <utility>

#include "cytostorm/io/csv_records.hpp"
#include "cytostorm/io/toml_reader.hpp"

namespace cytostorm::population {

using record::InputError;

namespace {

// The words of FittedField, in its order.
constexpr std::array<std::string_view, 3> kFittedFields{"centre", "spread", "value"};

constexpr double kUndefinedPenalty = 16.0;  // an undefined statistic: 4 tolerances away

bool is_summary_key(std::string_view key) {
  return std::find(kSummaryKeys.begin(), kSummaryKeys.end(), key) != kSummaryKeys.end();
}

// A CSV file as a header and rows of fields (copied out of the reader's buffer).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;
};

record::Result<CsvTable> read_csv_table(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return InputError{path, 0, "", "cannot open (the calibration targets)"};
  io::CsvRecords csv(file.get(), path);
  CsvTable table;
  std::vector<std::string_view> fields;
  std::size_t line = 0;
  std::string error;
  while (csv.next(fields, line, error)) {
    if (!error.empty()) return InputError{path, line, "", error};
    std::vector<std::string> row(fields.begin(), fields.end());
    if (table.header.empty()) {
      table.header = std::move(row);
    } else if (!(row.size() == 1 && row[0].empty())) {
      if (row.size() != table.header.size()) {
        return InputError{
            path, line, "",
            fmt::format("{} fields where the header has {}", row.size(), table.header.size())};
      }
      table.rows.push_back(std::move(row));
      table.lines.push_back(line);
    }
  }
  if (table.header.empty()) return InputError{path, 1, "", "empty file: a header row is needed"};
  return table;
}

record::Result<std::size_t> column(const CsvTable& t, const std::string& path,
                                   std::string_view name) {
  const auto it = std::find(t.header.begin(), t.header.end(), name);
  if (it == t.header.end()) {
    return InputError{path, 1, std::string(name), "column missing from the header"};
  }
  return static_cast<std::size_t>(it - t.header.begin());
}

record::Result<double> cell_number(const CsvTable& t, const std::string& path, std::size_t row,
                                   std::size_t col) {
  const std::string& text = t.rows[row][col];
  double v = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return InputError{path, t.lines[row], t.header[col],
                      fmt::format("\"{}\" is not a number", text)};
  }
  return v;
}

double to_search(const FreeParameter& p, double x) {
  return p.log_scale ? std::log(x) : x;
}
double from_search(const FreeParameter& p, double u) {
  return p.log_scale ? std::exp(u) : u;
}

}  // namespace

std::string_view name(FittedField field) {
  return kFittedFields.at(static_cast<std::size_t>(field));
}

record::Result<CalibrationSpec> load_calibration_spec(const std::string& path,
                                                      const model::Parameters& parameters) {
  auto parsed = io::TomlDocument::parse_file(path);
  if (!parsed) return parsed.error();
  const auto& doc = parsed.value();
  const auto root = doc.root();
  root.accept_only({"description", "trials", "predictions", "biology", "algorithm",
                    "max_evaluations", "relative_tolerance", "initial_step",
                    "virtual_patients_per_patient", "tolerance", "free", "kinetics"});
  CalibrationSpec spec;
  spec.file = path;
  spec.description = root.text("description", "");
  spec.trials = root.texts("trials");
  if (root.contains("predictions")) spec.predictions = root.texts("predictions");
  spec.biology = root.text("biology", "biology");
  spec.algorithm = root.text("algorithm", "LN_SBPLX");
  if (spec.algorithm.rfind("LN_", 0) != 0 ||
      nlopt_algorithm_from_string(spec.algorithm.c_str()) < 0) {
    root.fail("algorithm",
              "expected an NLopt local derivative-free algorithm (LN_SBPLX, "
              "LN_NELDERMEAD, LN_BOBYQA, LN_COBYLA, ...)");
  }
  spec.max_evaluations = root.integer("max_evaluations", 0, 100'000, 200);
  spec.relative_tolerance = root.number("relative_tolerance", 0, 1, 1e-3);
  spec.initial_step = root.number("initial_step", 1e-6, 1, 0.1);
  spec.virtual_patients_per_patient = root.integer("virtual_patients_per_patient", 1, 100, 1);
  if (root.contains("tolerance")) {
    const auto t = root.table("tolerance");
    for (const auto& key : t.keys()) {
      if (!is_summary_key(key)) {
        t.fail(key, "not a summary statistic (see docs/trials.md)");
        break;
      }
      spec.tolerances.emplace_back(key, t.number(key, 0, 1e9));
    }
  }
  if (root.contains("free")) {
    for (const auto& f : root.tables("free")) {
      f.accept_only({"name", "product", "population", "field", "min", "max", "scale"});
      FreeParameter p;
      p.name = f.text("name");
      p.population = f.text("population", "");
      const bool covariate = std::find(kCovariateNames.begin(), kCovariateNames.end(), p.name) !=
                             kCovariateNames.end();
      if (!p.name.empty() && !parameters.contains(p.name) &&
          !(covariate && !p.population.empty())) {
        f.fail("name", covariate ? "a covariate is a population's: name it (population = ...)"
                                 : "unknown model parameter (see data/model/parameters.toml)");
      }
      p.field = static_cast<FittedField>(f.one_of("field", kFittedFields));
      p.product = f.text("product", "");
      if (!p.population.empty() && p.field == FittedField::value) {
        f.fail("population", "a population's number is fitted as its \"centre\" or \"spread\"");
      } else if (p.population == spec.biology) {
        f.fail("population", "the biology's numbers are fitted without population = ...");
      } else if (p.field == FittedField::value && p.product.empty()) {
        f.fail("field", "a fitted \"value\" is a product's: name the product (product = ...)");
      } else if (p.field != FittedField::value && !p.product.empty()) {
        f.fail("product", "a product's number is fitted as field = \"value\"");
      }
      p.min = f.number("min", -1e300, 1e300);
      p.max = f.number("max", -1e300, 1e300);
      constexpr std::array<std::string_view, 2> kScales{"linear", "log"};
      p.log_scale = f.contains("scale") && f.one_of("scale", kScales) == 1;
      if (p.max <= p.min) f.fail("max", fmt::format("must be above min ({:g})", p.min));
      if (p.log_scale && p.min <= 0) f.fail("min", "must be > 0 on a log scale");
      p.line = f.line();
      for (const auto& other : spec.free) {
        if (other.name == p.name && other.field == p.field && other.product == p.product &&
            other.population == p.population) {
          f.fail("name", "fitted twice");
        }
      }
      spec.free.push_back(std::move(p));
    }
  }
  if (root.contains("kinetics")) {
    for (const auto& k : root.tables("kinetics")) {
      k.accept_only({"product", "quantity", "trial", "key", "tolerance"});
      KineticTarget target{k.text("product"), k.text("quantity"), k.text("trial"), k.text("key"),
                           k.number("tolerance", 0, 1e9)};
      if (!target.key.empty() && !is_summary_key(target.key)) {
        k.fail("key", "not a summary statistic (see docs/trials.md)");
      }
      if (!target.trial.empty() &&
          std::find(spec.trials.begin(), spec.trials.end(), target.trial) == spec.trials.end()) {
        k.fail("trial", "not one of the calibration's trials");
      }
      spec.kinetics.push_back(std::move(target));
    }
  }
  if (spec.free.empty() && !root.contains("free")) root.fail("free", "missing: nothing to fit");
  if (auto e = doc.error()) return *e;
  return spec;
}

record::Result<std::vector<CalibrationTarget>> read_calibration_targets(
    const CalibrationSpec& spec, const std::vector<TrialSpec>& trials,
    const std::string& trials_csv, const std::string& kinetics_csv) {
  std::vector<CalibrationTarget> targets;
  auto outcomes = read_csv_table(trials_csv);
  if (!outcomes) return outcomes.error();
  const auto& t = outcomes.value();
  auto trial_col = column(t, trials_csv, "trial");
  auto source_col = column(t, trials_csv, "source");
  if (!trial_col) return trial_col.error();
  if (!source_col) return source_col.error();
  for (const auto& trial : trials) {
    std::size_t row = 0;
    while (row < t.rows.size() && t.rows[row][trial_col.value()] != trial.title) ++row;
    if (row == t.rows.size()) {
      return InputError{trials_csv, 0, "trial",
                        fmt::format("no row for \"{}\" (the title of {})", trial.title,
                                    trial.file.empty() ? trial.name : trial.file)};
    }
    for (const auto& key : kSummaryKeys) {
      const auto tol = std::find_if(spec.tolerances.begin(), spec.tolerances.end(),
                                    [&](const auto& kv) { return kv.first == key; });
      if (tol == spec.tolerances.end()) continue;
      const auto col = std::find(t.header.begin(), t.header.end(), key);
      if (col == t.header.end()) continue;  // the kinetic statistics are not columns
      const auto c = static_cast<std::size_t>(col - t.header.begin());
      if (t.rows[row][c].empty()) continue;  // not published
      auto value = cell_number(t, trials_csv, row, c);
      if (!value) return value.error();
      targets.push_back(
          {trial.name, std::string(key), value.value(), tol->second,
           fmt::format("{}:{} ({})", trials_csv, t.lines[row], t.rows[row][source_col.value()])});
    }
  }
  if (spec.kinetics.empty()) return targets;
  auto kinetics = read_csv_table(kinetics_csv);
  if (!kinetics) return kinetics.error();
  const auto& k = kinetics.value();
  auto product_col = column(k, kinetics_csv, "product");
  auto quantity_col = column(k, kinetics_csv, "quantity");
  auto value_col = column(k, kinetics_csv, "value");
  auto ksource_col = column(k, kinetics_csv, "source");
  for (const auto* c : {&product_col, &quantity_col, &value_col, &ksource_col}) {
    if (!*c) return c->error();
  }
  for (const auto& kt : spec.kinetics) {
    std::size_t row = 0;
    while (row < k.rows.size() && !(k.rows[row][product_col.value()] == kt.product &&
                                    k.rows[row][quantity_col.value()] == kt.quantity)) {
      ++row;
    }
    if (row == k.rows.size()) {
      return InputError{kinetics_csv, 0, "quantity",
                        fmt::format("no row for product \"{}\" and quantity \"{}\" (named in {})",
                                    kt.product, kt.quantity, spec.file)};
    }
    auto value = cell_number(k, kinetics_csv, row, value_col.value());
    if (!value) return value.error();
    targets.push_back(
        {kt.trial, kt.key, value.value(), kt.tolerance,
         fmt::format("{}:{} ({})", kinetics_csv, k.lines[row], k.rows[row][ksource_col.value()])});
  }
  return targets;
}

namespace {

// A population's entry of that name, among its parameters and then its covariates.
template <typename Population>
auto find_entry(Population& population, const std::string& name)
    -> decltype(&population.parameters.front()) {
  for (auto* list : {&population.parameters, &population.covariates}) {
    for (auto& nd : *list) {
      if (nd.name == name) return &nd;
    }
  }
  return nullptr;
}

}  // namespace

std::optional<double> free_parameter_value(const FreeParameter& p, const PopulationSpec& population,
                                           const model::Parameters& parameters) {
  const auto* nd = find_entry(population, p.name);
  if (nd == nullptr) return std::nullopt;
  if (p.field == FittedField::spread) return nd->distribution.spread;
  if (nd->distribution.centre) return *nd->distribution.centre;
  if (parameters.contains(p.name)) return parameters[p.name];
  return std::nullopt;
}

std::optional<std::string> apply_free_parameters(const std::vector<FreeParameter>& free,
                                                 const std::vector<double>& values,
                                                 const std::string& name,
                                                 PopulationSpec& population) {
  for (std::size_t i = 0; i < free.size(); ++i) {
    // A product's number, or another population's, is not this population's.
    if (free[i].field == FittedField::value || free[i].population != name) continue;
    auto* nd = find_entry(population, free[i].name);
    if (nd == nullptr) return free[i].name;
    if (free[i].field == FittedField::spread) {
      nd->distribution.spread = values[i];
    } else {
      nd->distribution.centre = values[i];
    }
  }
  return std::nullopt;
}

void use_products(TrialInputs& inputs, const std::vector<model::Product>& products) {
  for (const auto& p : products) {
    if (p.name == inputs.product.name) inputs.product = p;
  }
}

void use_population(TrialSpec& trial, const PopulationSpec& population) {
  const auto& file = population.sources.empty() ? std::string() : population.sources.back();
  for (auto* list : {&trial.population.parameters, &trial.population.covariates}) {
    for (auto& nd : *list) {
      if (nd.file != file) continue;
      if (const auto* fitted = find_entry(population, nd.name)) {
        nd.distribution = fitted->distribution;
      }
    }
  }
}

double calibration_objective(const std::vector<CalibrationTarget>& targets,
                             const std::vector<TrialSummary>& summaries,
                             std::vector<TargetResult>& results) {
  results.clear();
  double sum = 0.0;
  for (const auto& target : targets) {
    TargetResult r{target, std::nullopt, false};
    for (const auto& s : summaries) {
      if (s.trial == target.trial) r.simulated = s.value(target.key);
    }
    if (r.simulated) {
      const double z = (*r.simulated - target.value) / std::max(target.tolerance, 1e-12);
      r.met = std::abs(*r.simulated - target.value) <= target.tolerance;
      sum += z * z;
    } else {
      sum += kUndefinedPenalty;
    }
    results.push_back(std::move(r));
  }
  return sum;
}

namespace {

// The state NLopt's callback works on.
struct Fit {
  const CalibrationSetup& setup;
  const RunOptions& options;
  const std::function<void(const CalibrationStep&)>& progress;
  std::vector<model::Product> start_products;  // the products with a fitted value, as read
  CalibrationResult best;
  std::optional<InputError> error;
  int evaluations = 0;
  nlopt_opt opt = nullptr;  // to stop NLopt when the run is interrupted

  bool interrupted() const { return options.stop != nullptr && options.stop->load(); }

  // The objective at `values`, keeping the best.
  double evaluate(const std::vector<double>& values) {
    PopulationSpec biology = setup.biology;
    if (auto missing = apply_free_parameters(setup.spec.free, values, "", biology)) {
      error = InputError{setup.spec.file, 0, *missing, "not distributed in the biology population"};
      return std::numeric_limits<double>::infinity();
    }
    std::map<std::string, PopulationSpec> populations = setup.populations;
    for (auto& [name, population] : populations) {
      if (auto missing = apply_free_parameters(setup.spec.free, values, name, population)) {
        error = InputError{setup.spec.file, 0, *missing, "not distributed in population " + name};
        return std::numeric_limits<double>::infinity();
      }
    }
    std::vector<model::Product> products = start_products;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const auto& p = setup.spec.free[i];
      for (auto& product : products) {
        if (p.field == FittedField::value && product.name == p.product) {
          product.overrides[p.name] = values[i];
        }
      }
    }
    std::vector<TrialSummary> summaries;
    for (std::size_t i = 0; i < setup.trials.size(); ++i) {
      TrialSpec trial = setup.trials[i];
      trial.patients *= setup.spec.virtual_patients_per_patient;
      use_population(trial, biology);
      for (const auto& [name, population] : populations) use_population(trial, population);
      TrialInputs inputs = setup.inputs[i];
      use_products(inputs, products);
      auto summary = simulate_trial(trial, inputs, options);
      if (!summary) {
        error = summary.error();
        return std::numeric_limits<double>::infinity();
      }
      summaries.push_back(std::move(summary).value());
    }
    // An interrupted trial left patients unrun: its summary is not an evaluation.
    if (interrupted()) return std::numeric_limits<double>::infinity();
    std::vector<TargetResult> results;
    const double objective = calibration_objective(setup.targets, summaries, results);
    ++evaluations;
    if (evaluations == 1) best.start_objective = objective;
    if (evaluations == 1 || objective < best.objective) {
      best.objective = objective;
      best.fitted = values;
      best.trials = std::move(summaries);
      best.targets = std::move(results);
      best.biology = std::move(biology);
      best.products = std::move(products);
      best.populations = std::move(populations);
    }
    if (progress) {
      const auto met = static_cast<std::size_t>(std::count_if(
          best.targets.begin(), best.targets.end(), [](const TargetResult& r) { return r.met; }));
      progress({evaluations, objective, best.objective, met, best.targets.size()});
    }
    return objective;
  }
};

double nlopt_objective(unsigned n, const double* u, double* gradient, void* data) {
  (void)gradient;  // derivative-free algorithms only
  auto& fit = *static_cast<Fit*>(data);
  std::vector<double> values(n);
  for (unsigned i = 0; i < n; ++i) values[i] = from_search(fit.setup.spec.free[i], u[i]);
  const double objective = fit.evaluate(values);
  if (fit.interrupted()) nlopt_force_stop(fit.opt);
  return objective;
}

std::string stop_reason(nlopt_result r) {
  switch (r) {
    case NLOPT_MAXEVAL_REACHED:
      return "the evaluation budget (max_evaluations) was spent";
    case NLOPT_XTOL_REACHED:
      return "the parameters changed less than relative_tolerance";
    case NLOPT_FTOL_REACHED:
      return "the objective changed less than its tolerance";
    case NLOPT_SUCCESS:
      return "NLopt reported success";
    case NLOPT_FORCED_STOP:
      return "stopped by an error";
    default:
      return fmt::format("NLopt returned {}", static_cast<int>(r));
  }
}

}  // namespace

record::Result<CalibrationResult> calibrate(
    const CalibrationSetup& setup, const RunOptions& options,
    const std::function<void(const CalibrationStep&)>& progress) {
  const auto& free = setup.spec.free;
  const auto& parameters = setup.inputs.front().parameters;
  Fit fit{setup, options, progress, {}, {}, std::nullopt, 0};
  for (const auto& p : free) {
    std::optional<double> v;
    if (p.field == FittedField::value) {
      const auto it = std::find_if(setup.inputs.begin(), setup.inputs.end(),
                                   [&](const auto& in) { return in.product.name == p.product; });
      if (it == setup.inputs.end()) {
        return InputError{setup.spec.file, p.line, "product",
                          fmt::format("{} is not the product of any calibration trial ({})",
                                      p.product, fmt::join(setup.spec.trials, ", "))};
      }
      if (std::none_of(fit.start_products.begin(), fit.start_products.end(),
                       [&](const model::Product& q) { return q.name == p.product; })) {
        fit.start_products.push_back(it->product);
      }
      v = model::parameter_value(parameters, it->product, p.name);
    } else if (!p.population.empty()) {
      const auto it = setup.populations.find(p.population);
      if (it == setup.populations.end() || it->second.sources.empty() ||
          std::none_of(setup.trials.begin(), setup.trials.end(), [&](const TrialSpec& t) {
            const auto& sources = t.population.sources;
            return std::find(sources.begin(), sources.end(), it->second.sources.back()) !=
                   sources.end();
          })) {
        return InputError{setup.spec.file, p.line, "population",
                          fmt::format("{} is not a population of any calibration trial ({})",
                                      p.population, fmt::join(setup.spec.trials, ", "))};
      }
      v = free_parameter_value(p, it->second, parameters);
      if (!v) {
        return InputError{
            setup.spec.file, p.line, "name",
            fmt::format("{} is not distributed, with a {}, in the population {} ({})", p.name,
                        name(p.field), p.population, it->second.sources.back())};
      }
    } else {
      v = free_parameter_value(p, setup.biology, parameters);
    }
    if (!v) {
      return InputError{setup.spec.file, p.line, "name",
                        fmt::format("{} is not distributed in the biology population ({})", p.name,
                                    fmt::join(setup.biology.sources, ", "))};
    }
    if (*v < p.min || *v > p.max) {
      return InputError{setup.spec.file, p.line, "min",
                        fmt::format("the starting value of {} ({:g}) is outside [{:g}, {:g}]",
                                    p.name, *v, p.min, p.max)};
    }
    // A product that sets the parameter uses its own centre; the shared one is fitted for the
    // trials whose product does not, and there must be one.
    if (p.field == FittedField::centre && !setup.inputs.empty() &&
        std::all_of(setup.inputs.begin(), setup.inputs.end(), [&](const auto& inputs) {
          return inputs.product.overrides.count(p.name) != 0;
        })) {
      const auto& product = setup.inputs.front().product.name;
      return InputError{setup.spec.file, p.line, "field",
                        fmt::format("every calibration trial's product sets {} (the product {} "
                                    "among them): the shared centre would move no patient; fit "
                                    "its spread, or a product's value (field = \"value\", "
                                    "product = \"{}\")",
                                    p.name, product, product)};
    }
    fit.best.start.push_back(*v);
  }
  if (setup.spec.max_evaluations == 0 || free.empty()) {
    fit.evaluate(fit.best.start);
    if (fit.error) return *fit.error;
    fit.best.evaluations = fit.evaluations;
    fit.best.interrupted = fit.interrupted();
    fit.best.stop_reason = fit.best.interrupted
                               ? "interrupted before the starting values were evaluated"
                               : "no fit asked for (max_evaluations = 0): the starting values";
    return fit.best;
  }
  const auto n = static_cast<unsigned>(free.size());
  std::unique_ptr<nlopt_opt_s, void (*)(nlopt_opt)> opt(
      nlopt_create(nlopt_algorithm_from_string(setup.spec.algorithm.c_str()), n), &nlopt_destroy);
  std::vector<double> lower(n), upper(n), step(n), u(n);
  for (unsigned i = 0; i < n; ++i) {
    lower[i] = to_search(free[i], free[i].min);
    upper[i] = to_search(free[i], free[i].max);
    step[i] = setup.spec.initial_step * (upper[i] - lower[i]);
    u[i] = to_search(free[i], fit.best.start[i]);
  }
  nlopt_srand(1);  // for algorithms with a random component: the same run every time
  nlopt_set_lower_bounds(opt.get(), lower.data());
  nlopt_set_upper_bounds(opt.get(), upper.data());
  nlopt_set_initial_step(opt.get(), step.data());
  nlopt_set_maxeval(opt.get(), setup.spec.max_evaluations);
  nlopt_set_xtol_rel(opt.get(), setup.spec.relative_tolerance);
  nlopt_set_min_objective(opt.get(), &nlopt_objective, &fit);
  fit.opt = opt.get();
  double minimum = 0.0;
  const nlopt_result r = nlopt_optimize(opt.get(), u.data(), &minimum);
  if (fit.error) return *fit.error;
  fit.best.evaluations = fit.evaluations;
  fit.best.interrupted = fit.interrupted();
  fit.best.stop_reason =
      fit.best.interrupted
          ? fmt::format("interrupted after {} evaluations: the best values found so far",
                        fit.evaluations)
          : stop_reason(r);
  return fit.best;
}

}  // namespace cytostorm::population
