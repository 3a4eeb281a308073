#include "cytostorm/population/population_spec.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/io/toml_reader.hpp"
#include "cytostorm/population/sampling.hpp"

namespace cytostorm::population {

namespace {

constexpr std::array<std::string_view, 5> kDistributionNames{"fixed", "normal", "lognormal",
                                                             "uniform", "log_uniform"};

// A distribution written as an inline table { distribution = "...", ... }.
Distribution read_distribution(const io::TomlTable& t) {
  Distribution d;
  d.kind = static_cast<DistributionKind>(t.one_of("distribution", kDistributionNames));
  const double inf = std::numeric_limits<double>::infinity();
  constexpr double kHuge = 1e300;
  switch (d.kind) {
    case DistributionKind::fixed:
      t.accept_only({"distribution", "value"});
      if (t.contains("value")) d.centre = t.number("value", -kHuge, kHuge);
      break;
    case DistributionKind::normal:
      t.accept_only({"distribution", "mean", "sd", "min", "max"});
      if (t.contains("mean")) d.centre = t.number("mean", -kHuge, kHuge);
      d.spread = t.number("sd", 0, kHuge);
      break;
    case DistributionKind::lognormal:
      t.accept_only({"distribution", "median", "cv", "min", "max"});
      if (t.contains("median")) d.centre = t.number("median", 1e-300, kHuge);
      d.spread = t.number("cv", 0, 100);
      break;
    case DistributionKind::uniform:
    case DistributionKind::log_uniform:
      t.accept_only({"distribution", "min", "max"});
      if (!t.contains("min")) t.fail("min", "missing");
      if (!t.contains("max")) t.fail("max", "missing");
      break;
  }
  const double low = d.kind == DistributionKind::log_uniform ? 1e-300 : -kHuge;
  d.min = t.number("min", low, kHuge, -inf);
  d.max = t.number("max", low, kHuge, inf);
  if (d.min > d.max) t.fail("max", fmt::format("must not be below min ({:g})", d.min));
  if (d.centre && (*d.centre < d.min || *d.centre > d.max)) {
    t.fail(d.kind == DistributionKind::normal ? "mean" : "median",
           fmt::format("{:g} is outside [min, max]", *d.centre));
  }
  return d;
}

// Adds or replaces by name.
void put(std::vector<NamedDistribution>& list, NamedDistribution nd) {
  for (auto& existing : list) {
    if (existing.name == nd.name) {
      existing = std::move(nd);
      return;
    }
  }
  list.push_back(std::move(nd));
}

// The [parameters], [covariates] and [[correlation]] of a spec or population file, merged into
// `population` (later files replace earlier entries of the same name or pair).
void read_population(const io::TomlTable& root, const std::string& file,
                     const model::Parameters& parameters, PopulationSpec& population) {
  for (const auto* table : {"parameters", "covariates"}) {
    if (!root.contains(table)) continue;
    const bool covariates = std::string_view(table) == "covariates";
    const auto t = root.table(table);
    for (const auto& name : t.keys()) {
      const bool known = covariates ? std::find(kCovariateNames.begin(), kCovariateNames.end(),
                                                name) != kCovariateNames.end()
                                    : parameters.contains(name);
      if (!known) {
        t.fail(name, covariates ? fmt::format("unknown covariate (accepted: {})",
                                              fmt::join(kCovariateNames, ", "))
                                : "unknown model parameter (see data/model/parameters.toml)");
        return;
      }
      const auto entry = t.table(name);
      put(covariates ? population.covariates : population.parameters,
          {name, read_distribution(entry), file, entry.line()});
    }
  }
  if (!root.contains("correlation")) return;
  for (const auto& c : root.tables("correlation")) {
    c.accept_only({"between", "r"});
    const auto between = c.texts("between");
    if (between.size() != 2) {
      c.fail("between", "expected two names");
      return;
    }
    Correlation correlation{between[0], between[1], c.number("r", -1, 1), file, c.line()};
    auto same = std::find_if(
        population.correlations.begin(), population.correlations.end(), [&](const Correlation& k) {
          return (k.first == correlation.first && k.second == correlation.second) ||
                 (k.first == correlation.second && k.second == correlation.first);
        });
    if (same != population.correlations.end() && same->file != file) {
      *same = std::move(correlation);
    } else {
      population.correlations.push_back(std::move(correlation));
    }
  }
}

}  // namespace

record::Result<PopulationSpec> load_population(const std::string& path,
                                               const model::Parameters& parameters,
                                               PopulationSpec into) {
  auto parsed = io::TomlDocument::parse_file(path);
  if (!parsed) return parsed.error();
  const auto root = parsed.value().root();
  root.accept_only({"description", "parameters", "covariates", "correlation"});
  into.description = root.text("description", "");
  read_population(root, path, parameters, into);
  if (auto e = parsed.value().error()) return *e;
  into.sources.push_back(path);
  return into;
}

namespace {

DoseSpec read_dose(const io::TomlTable& d) {
  DoseSpec dose;
  d.accept_only({"cells_per_kg", "cells", "per_kg_up_to_kg", "max_cells"});
  if (d.contains("cells_per_kg")) dose.cells_per_kg = read_distribution(d.table("cells_per_kg"));
  if (d.contains("cells")) dose.cells = read_distribution(d.table("cells"));
  if (!dose.cells_per_kg && !dose.cells) d.fail("", "give cells_per_kg or cells");
  if (d.contains("per_kg_up_to_kg")) {
    dose.per_kg_up_to_kg = d.number("per_kg_up_to_kg", 1, 300);
    if (!dose.cells_per_kg || !dose.cells) {
      d.fail("per_kg_up_to_kg", "needs both cells_per_kg and cells");
    }
  } else if (dose.cells_per_kg && dose.cells) {
    d.fail("cells", "with cells_per_kg too, say per_kg_up_to_kg");
  }
  dose.max_cells = d.number("max_cells", 0, 1e12, 0);
  for (const auto* key : {"cells_per_kg", "cells"}) {
    const auto& dist = std::string_view(key) == "cells" ? dose.cells : dose.cells_per_kg;
    if (!dist) continue;
    if (!dist->centre && dist->kind != DistributionKind::uniform &&
        dist->kind != DistributionKind::log_uniform) {
      d.fail(key, "a dose needs its value, mean or median");
    } else if (dist->kind == DistributionKind::uniform && !(dist->min > 0)) {
      d.fail(key, "a dose range needs min > 0");
    }
  }
  return dose;
}

LymphodepletionSpec read_lymphodepletion(const io::TomlTable& l) {
  LymphodepletionSpec out;
  l.accept_only({"shares", "fludarabine_mg_m2_day", "fludarabine_days",
                 "cyclophosphamide_mg_m2_day", "cyclophosphamide_days"});
  if (l.contains("shares")) {
    const auto s = l.table("shares");
    s.accept_only({kRegimens[0], kRegimens[1], kRegimens[2]});
    double total = 0.0;
    for (std::size_t r = 0; r < kRegimens.size(); ++r) {
      out.shares[r] = s.number(kRegimens[r], 0, 1, 0);
      total += out.shares[r];
    }
    if (std::fabs(total - 1.0) > 1e-9) {
      l.fail("shares", fmt::format("the shares sum to {:g}, not 1", total));
    }
  }
  out.fludarabine_mg_m2 =
      l.number("fludarabine_mg_m2_day", 0, 100, 30) * l.integer("fludarabine_days", 0, 10, 3);
  out.cyclophosphamide_mg_m2 = l.number("cyclophosphamide_mg_m2_day", 0, 3000, 500) *
                               l.integer("cyclophosphamide_days", 0, 10, 3);
  if (out.shares[0] > 0 && out.fludarabine_mg_m2 + out.cyclophosphamide_mg_m2 <= 0) {
    l.fail("", "a flu_cy share needs fludarabine or cyclophosphamide");
  }
  return out;
}

}  // namespace

record::Result<TrialSpec> load_trial_spec(const std::string& path, const std::string& data_dir,
                                          const model::Parameters& parameters) {
  auto parsed = io::TomlDocument::parse_file(path);
  if (!parsed) return parsed.error();
  return read_trial_spec(parsed.value(), data_dir, parameters);
}

record::Result<TrialSpec> read_trial_spec(const io::TomlDocument& doc, const std::string& data_dir,
                                          const model::Parameters& parameters) {
  const std::string& path = doc.file();
  const auto root = doc.root();
  root.accept_only({"name", "title", "kind", "description", "source", "product", "disease",
                    "populations", "policy", "grading_scale", "patients", "days", "seed", "dose",
                    "lymphodepletion", "parameters", "covariates", "correlation"});
  TrialSpec spec;
  spec.file = path;
  spec.name = root.text("name");
  spec.title = root.text("title", spec.name);
  spec.description = root.text("description", "");
  spec.source = root.text("source", "");
  constexpr std::array<std::string_view, 2> kKinds{"calibration", "prediction"};
  spec.prediction = root.contains("kind") && root.one_of("kind", kKinds) == 1;
  spec.product = root.text("product");
  spec.disease = root.text("disease", "");
  spec.policy = root.text("policy", "standard");
  std::vector<std::string_view> scales;
  for (const auto& s : clinical::crs_scales()) scales.push_back(s.name);
  spec.scale = root.contains("grading_scale")
                   ? std::string(scales[root.one_of("grading_scale", scales)])
                   : "astct";
  spec.patients = root.integer("patients", 1, 10'000'000, 100);
  spec.days = root.number("days", 0.5, 365, 28);
  spec.seed =
      static_cast<std::uint64_t>(root.integer("seed", 0, std::numeric_limits<int>::max(), 1));
  if (root.contains("dose")) spec.dose = read_dose(root.table("dose"));
  if (root.contains("lymphodepletion")) {
    spec.lymphodepletion = read_lymphodepletion(root.table("lymphodepletion"));
  }
  if (auto e = doc.error()) return *e;
  // The population files, in order, then the spec's own tables.
  if (root.contains("populations")) {
    for (const auto& name : root.texts("populations")) {
      const std::string file = io::data_file_path(data_dir, "populations", name);
      std::error_code ec;
      if (!std::filesystem::is_regular_file(file, ec)) {
        root.fail("populations", fmt::format("no population \"{}\" ({})", name, file));
        break;
      }
      auto population = load_population(file, parameters, std::move(spec.population));
      if (!population) return population.error();
      spec.population = std::move(population.value());
    }
  }
  read_population(root, path, parameters, spec.population);
  if (auto e = doc.error()) return *e;
  spec.population.sources.push_back(path);
  if (auto problem = check_trial_spec(spec, parameters)) return *problem;
  return spec;
}

std::string_view distribution_name(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::fixed:
      return "fixed";
    case DistributionKind::normal:
      return "normal";
    case DistributionKind::lognormal:
      return "lognormal";
    case DistributionKind::uniform:
      return "uniform";
    case DistributionKind::log_uniform:
      return "log_uniform";
  }
  return "fixed";
}

Distribution Distribution::fixed_at(double value) {
  Distribution d;
  d.centre = value;
  return d;
}

double flu_cy_dose_intensity(const LymphodepletionSpec& spec) {
  return 0.5 * (spec.fludarabine_mg_m2 / kReferenceFludarabineMgM2 +
                spec.cyclophosphamide_mg_m2 / kReferenceCyclophosphamideMgM2);
}

std::string trial_spec_path(const std::string& data_dir, const std::string& name_or_path) {
  return io::data_file_path(data_dir, "trials", name_or_path);
}

std::vector<std::string> trial_presets(const std::string& data_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(data_dir) / "trials", ec)) {
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace cytostorm::population

namespace cytostorm::population {

namespace {

toml::table distribution_toml(const Distribution& d) {
  toml::table t;
  t.insert("distribution", std::string(distribution_name(d.kind)));
  static constexpr std::array<const char*, 5> kCentre{"value", "mean", "median", "", ""};
  static constexpr std::array<const char*, 5> kSpread{"", "sd", "cv", "", ""};
  const auto kind = static_cast<std::size_t>(d.kind);
  if (d.centre && *kCentre[kind] != '\0') t.insert(kCentre[kind], *d.centre);
  if (*kSpread[kind] != '\0') t.insert(kSpread[kind], d.spread);
  if (d.kind != DistributionKind::fixed) {
    if (std::isfinite(d.min)) t.insert("min", d.min);
    if (std::isfinite(d.max)) t.insert("max", d.max);
  }
  t.is_inline(true);
  return t;
}

}  // namespace

std::string population_toml(const PopulationSpec& population,
                            const std::vector<std::string>& header) {
  // toml++ writes a table's keys sorted, but the patients drawn follow the order of the entries:
  // each entry is written on its own, in the population's order, so that the file reads back to
  // the same order (TomlTable::keys) and draws the same patients.
  std::ostringstream text;
  if (!population.description.empty()) {
    text << toml::toml_formatter(toml::table{{"description", population.description}}) << '\n';
  }
  for (const auto& [name, list] : {std::pair{"parameters", &population.parameters},
                                   std::pair{"covariates", &population.covariates}}) {
    if (list->empty()) continue;
    text << '\n' << '[' << name << "]\n";
    for (const auto& nd : *list) {
      text << toml::toml_formatter(toml::table{{nd.name, distribution_toml(nd.distribution)}})
           << '\n';
    }
  }
  if (!population.correlations.empty()) {
    toml::array correlations;
    for (const auto& c : population.correlations) {
      correlations.push_back(toml::table{{"between", toml::array{c.first, c.second}}, {"r", c.r}});
    }
    text << '\n' << toml::toml_formatter(toml::table{{"correlation", std::move(correlations)}});
  }
  return io::commented_toml(header, text.str());
}

}  // namespace cytostorm::population
