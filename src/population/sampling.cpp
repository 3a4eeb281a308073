#include "cytostorm/population/sampling.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "cytostorm/clinical/assessment.hpp"

namespace cytostorm::population {

namespace {

constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;

double polynomial(double x, std::initializer_list<double> c) {
  // c holds the coefficients from the highest power down (Horner).
  double v = 0.0;
  for (double k : c) v = v * x + k;
  return v;
}

record::InputError error_at(const std::string& spec_file, const std::string& file, std::size_t line,
                            const std::string& key, const std::string& message) {
  return {file.empty() ? (spec_file.empty() ? "<trial spec>" : spec_file) : file, line, "",
          fmt::format("key \"{}\": {}", key, message)};
}

double covariate_default(std::string_view name) {
  const model::Covariates c;
  if (name == "tumor_burden") return c.tumor_burden;
  if (name == "baseline_lymphocytes_per_ul") return c.baseline_lymphocytes_per_ul;
  if (name == "baseline_ang2_pg_ml") return c.baseline_ang2_pg_ml;
  if (name == "weight_kg") return c.weight_kg;
  if (name == "age_years") return c.age_years;
  return c.lymphodepletion_intensity;
}

void set_covariate(model::Covariates& c, std::string_view name, double v) {
  if (name == "tumor_burden") {
    c.tumor_burden = v;
  } else if (name == "baseline_lymphocytes_per_ul") {
    c.baseline_lymphocytes_per_ul = v;
  } else if (name == "baseline_ang2_pg_ml") {
    c.baseline_ang2_pg_ml = v;
  } else if (name == "weight_kg") {
    c.weight_kg = v;
  } else if (name == "age_years") {
    c.age_years = v;
  } else {
    c.lymphodepletion_intensity = v;
  }
}

// A distribution's domain, its centre resolved: "" when usable, else what is wrong.
std::string domain_problem(const Distribution& d) {
  const double c = d.centre.value_or(0.0);
  if (!(d.min <= d.max)) return fmt::format("min ({:g}) is above max ({:g})", d.min, d.max);
  switch (d.kind) {
    case DistributionKind::fixed:
      break;
    case DistributionKind::normal:
      if (!(d.spread >= 0) || !std::isfinite(d.spread)) return "sd must be >= 0";
      break;
    case DistributionKind::lognormal:
      if (!(d.spread >= 0) || !std::isfinite(d.spread)) return "cv must be >= 0";
      if (!(c > 0)) return fmt::format("a lognormal needs a median > 0, got {:g}", c);
      if (std::isfinite(d.min) && d.min < 0) return "a lognormal's min must be >= 0";
      break;
    case DistributionKind::uniform:
    case DistributionKind::log_uniform:
      if (!std::isfinite(d.min) || !std::isfinite(d.max)) {
        return fmt::format("{} needs min and max", distribution_name(d.kind));
      }
      if (d.kind == DistributionKind::log_uniform && !(d.min > 0)) {
        return "log_uniform needs min > 0";
      }
      return "";
  }
  if (c < d.min || c > d.max) {
    return fmt::format("the centre {:g} is outside [{:g}, {:g}]", c, d.min, d.max);
  }
  return "";
}

// The quantile of a distribution with standard normal scale (mu + s z), truncated to [lo, hi] in
// that scale, at z.
double truncated(double mu, double s, double lo, double hi, double z) {
  if (!std::isfinite(lo) && !std::isfinite(hi)) return mu + s * z;
  if (s == 0) return std::clamp(mu, lo, hi);
  const double pa = std::isfinite(lo) ? normal_cdf((lo - mu) / s) : 0.0;
  const double pb = std::isfinite(hi) ? normal_cdf((hi - mu) / s) : 1.0;
  const double p = pa + normal_cdf(z) * (pb - pa);
  if (!(p > 0.0 && p < 1.0) || !(pb > pa)) return std::clamp(mu + s * z, lo, hi);
  return std::clamp(mu + s * normal_quantile(p), lo, hi);
}

// The distributed quantities that are not fixed, in draw order (parameters, then covariates).
std::vector<std::string> correlated_names(const TrialSpec& spec) {
  std::vector<std::string> names;
  for (const auto* list : {&spec.population.parameters, &spec.population.covariates}) {
    for (const auto& nd : *list) {
      if (nd.distribution.kind != DistributionKind::fixed) names.push_back(nd.name);
    }
  }
  return names;
}

// The lower Cholesky factor of the correlations among `names` (identity where none is given),
// or the problem: a correlation of a quantity not in `names`, a pair given twice, |r| >= 1, or a
// matrix that is not positive definite.
std::optional<record::InputError> correlation_factor(const TrialSpec& spec,
                                                     const std::vector<std::string>& names,
                                                     std::vector<double>& factor) {
  const std::size_t k = names.size();
  factor.assign(k * k, 0.0);
  for (std::size_t i = 0; i < k; ++i) factor[i * k + i] = 1.0;
  const auto position = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  for (const auto& c : spec.population.correlations) {
    const std::size_t i = position(c.first);
    const std::size_t j = position(c.second);
    for (const auto& [at, name] : {std::pair{i, &c.first}, std::pair{j, &c.second}}) {
      if (at == k) {
        return error_at(spec.file, c.file, c.line, "correlation",
                        fmt::format("\"{}\" is not a distributed quantity (only parameters and "
                                    "covariates with a distribution other than fixed can be "
                                    "correlated)",
                                    *name));
      }
    }
    if (i == j) {
      return error_at(spec.file, c.file, c.line, "correlation",
                      fmt::format("\"{}\" is correlated with itself", c.first));
    }
    if (!(std::fabs(c.r) < 1.0)) {
      return error_at(spec.file, c.file, c.line, "correlation.r",
                      fmt::format("r must be strictly between -1 and 1, got {:g}", c.r));
    }
    if (factor[i * k + j] != 0.0) {
      return error_at(spec.file, c.file, c.line, "correlation",
                      fmt::format("{} and {} are correlated twice", c.first, c.second));
    }
    factor[i * k + j] = factor[j * k + i] = c.r;
  }
  if (const auto failed = cholesky(factor, k)) {
    // Blame the last correlation of the quantity whose pivot failed.
    const std::string& name = names[*failed];
    const Correlation* blamed = nullptr;
    for (const auto& c : spec.population.correlations) {
      if (c.first == name || c.second == name) blamed = &c;
    }
    return error_at(spec.file, blamed ? blamed->file : "", blamed ? blamed->line : 0, "correlation",
                    fmt::format("the correlation matrix is not positive definite (the Cholesky "
                                "factorisation fails at {}): these correlations cannot hold "
                                "together",
                                name));
  }
  return std::nullopt;
}

}  // namespace

std::optional<record::InputError> check_trial_spec(const TrialSpec& spec,
                                                   const model::Parameters& parameters) {
  const auto whole = [&](const std::string& key, const std::string& message) {
    return error_at(spec.file, "", 0, key, message);
  };
  if (!clinical::find_crs_scale(spec.scale)) {
    std::string names;
    for (const auto& s : clinical::crs_scales())
      names += (names.empty() ? "" : ", ") + std::string(s.name);
    return whole("grading_scale",
                 fmt::format("unknown scale \"{}\" (accepted: {})", spec.scale, names));
  }
  if (spec.patients < 1) return whole("patients", "must be at least 1");
  if (!(spec.days > 0) || !std::isfinite(spec.days)) return whole("days", "must be positive");
  double total = 0.0;
  for (double share : spec.lymphodepletion.shares) {
    if (!(share >= 0)) return whole("lymphodepletion.shares", "shares must be >= 0");
    total += share;
  }
  if (std::fabs(total - 1.0) > 1e-9) {
    return whole("lymphodepletion.shares", fmt::format("the shares sum to {:g}, not 1", total));
  }
  std::vector<std::string> seen;
  for (const auto* list : {&spec.population.parameters, &spec.population.covariates}) {
    const bool covariates = list == &spec.population.covariates;
    for (const auto& nd : *list) {
      const std::string key = (covariates ? "covariates." : "parameters.") + nd.name;
      if (covariates ? std::find(kCovariateNames.begin(), kCovariateNames.end(), nd.name) ==
                           kCovariateNames.end()
                     : !parameters.contains(nd.name)) {
        return error_at(spec.file, nd.file, nd.line, key,
                        covariates ? fmt::format("unknown covariate (accepted: {})",
                                                 fmt::join(kCovariateNames, ", "))
                                   : "unknown model parameter (see data/model/parameters.toml)");
      }
      if (std::find(seen.begin(), seen.end(), nd.name) != seen.end()) {
        return error_at(spec.file, nd.file, nd.line, key, "distributed twice");
      }
      seen.push_back(nd.name);
    }
  }
  std::vector<double> factor;
  return correlation_factor(spec, correlated_names(spec), factor);
}

std::uint64_t splitmix64(std::uint64_t x) {
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

std::uint64_t patient_seed(std::uint64_t trial_seed, std::uint64_t index) {
  return splitmix64(trial_seed + (index + 1) * kGoldenGamma);
}

std::uint64_t RandomStream::bits() {
  state_ += kGoldenGamma;
  return splitmix64(state_);
}

double RandomStream::uniform() {
  // 53 random bits, centred in their interval: (k + 0.5) / 2^53 lies strictly inside (0, 1).
  return (static_cast<double>(bits() >> 11U) + 0.5) * 0x1.0p-53;
}

double RandomStream::normal() {
  return normal_quantile(uniform());
}

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) {
    throw std::invalid_argument(fmt::format("normal_quantile: p must be in (0, 1), got {}", p));
  }
  // Wichura MJ. Algorithm AS 241: the percentage points of the normal distribution. Appl Stat
  // 1988;37:477-484 (PPND16).
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q *
           polynomial(r,
                      {2.5090809287301226727e+3, 3.3430575583588128105e+4, 6.7265770927008700853e+4,
                       4.5921953931549871457e+4, 1.3731693765509461125e+4, 1.9715909503065514427e+3,
                       1.3314166789178437745e+2, 3.3871328727963666080e0}) /
           polynomial(r,
                      {5.2264952788528545610e+3, 2.8729085735721942674e+4, 3.9307895800092710610e+4,
                       2.1213794301586595867e+4, 5.3941960214247511077e+3, 6.8718700749205790830e+2,
                       4.2313330701600911252e+1, 1.0});
  }
  double r = std::sqrt(-std::log(q < 0 ? p : 1.0 - p));
  double v = 0.0;
  if (r <= 5.0) {
    r -= 1.6;
    v = polynomial(r,
                   {7.74545014278341407640e-4, 2.27238449892691845833e-2, 2.41780725177450611770e-1,
                    1.27045825245236838258e0, 3.64784832476320460504e0, 5.76949722146069140550e0,
                    4.63033784615654529590e0, 1.42343711074968357734e0}) /
        polynomial(r,
                   {1.05075007164441684324e-9, 5.47593808499534494600e-4, 1.51986665636164571966e-2,
                    1.48103976427480074590e-1, 6.89767334985100004550e-1, 1.67638483018380384940e0,
                    2.05319162663775882187e0, 1.0});
  } else {
    r -= 5.0;
    v = polynomial(r,
                   {2.01033439929228813265e-7, 2.71155556874348757815e-5, 1.24266094738807843860e-3,
                    2.65321895265761230930e-2, 2.96560571828504891230e-1, 1.78482653991729133580e0,
                    5.46378491116411436990e0, 6.65790464350110377720e0}) /
        polynomial(
            r, {2.04426310338993978564e-15, 1.42151175831644588870e-7, 1.84631831751005468180e-5,
                7.86869131145613259100e-4, 1.48753612908506148525e-2, 1.36929880922735805310e-1,
                5.99832206555887937690e-1, 1.0});
  }
  return q < 0 ? -v : v;
}

double quantile_at(const Distribution& d, double z) {
  if (!d.centre && d.kind != DistributionKind::uniform && d.kind != DistributionKind::log_uniform) {
    throw std::invalid_argument("quantile_at: the distribution has no centre");
  }
  switch (d.kind) {
    case DistributionKind::fixed:
      return *d.centre;
    case DistributionKind::normal:
      return truncated(*d.centre, d.spread, d.min, d.max, z);
    case DistributionKind::lognormal: {
      const double sigma = std::sqrt(std::log1p(d.spread * d.spread));
      const double lo = d.min > 0 ? std::log(d.min) : -INFINITY;
      const double hi = std::isfinite(d.max) ? std::log(d.max) : INFINITY;
      return std::exp(truncated(std::log(*d.centre), sigma, lo, hi, z));
    }
    case DistributionKind::uniform:
      return std::clamp(d.min + (d.max - d.min) * normal_cdf(z), d.min, d.max);
    case DistributionKind::log_uniform:
      return std::clamp(
          std::exp(std::log(d.min) + (std::log(d.max) - std::log(d.min)) * normal_cdf(z)), d.min,
          d.max);
  }
  return *d.centre;
}

std::optional<std::size_t> cholesky(std::vector<double>& a, std::size_t n) {
  if (a.size() != n * n) throw std::invalid_argument("cholesky: the matrix is not n x n");
  for (std::size_t j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (std::size_t k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 1e-12)) return j;
    const double l = std::sqrt(d);
    a[j * n + j] = l;
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / l;
    }
    for (std::size_t k = j + 1; k < n; ++k) a[j * n + k] = 0.0;
  }
  return std::nullopt;
}

record::Result<PopulationSampler> PopulationSampler::prepare(const TrialSpec& spec,
                                                             const model::Parameters& parameters,
                                                             const model::Product& product) {
  if (auto problem = check_trial_spec(spec, parameters)) return *problem;
  PopulationSampler s;
  s.parameters_ = parameters;
  s.product_ = product;
  s.dose_ = spec.dose;
  s.lymphodepletion_ = spec.lymphodepletion;
  s.flu_cy_intensity_ = flu_cy_dose_intensity(spec.lymphodepletion);
  // A distribution is centred on its own median or mean, else on the model's value; a parameter
  // the product sets is centred on the product's value, which outranks the shared biology's.
  const auto add = [&](const NamedDistribution& nd, const std::string& table, double default_centre,
                       bool product_sets) -> std::optional<record::InputError> {
    Distribution d = nd.distribution;
    if ((!d.centre || product_sets) && d.kind != DistributionKind::uniform &&
        d.kind != DistributionKind::log_uniform) {
      d.centre = default_centre;
    }
    if (auto problem = domain_problem(d); !problem.empty()) {
      return error_at(spec.file, nd.file, nd.line, table + "." + nd.name, problem);
    }
    s.names_.push_back(nd.name);
    s.distributions_.push_back(d);
    return std::nullopt;
  };
  for (const auto& nd : spec.population.parameters) {
    if (auto e = add(nd, "parameters", model::parameter_value(parameters, product, nd.name),
                     product.overrides.count(nd.name) != 0))
      return *e;
  }
  s.parameter_count_ = s.names_.size();
  for (const auto& nd : spec.population.covariates) {
    if (auto e = add(nd, "covariates", covariate_default(nd.name), false)) return *e;
  }
  for (const auto* dose : {&spec.dose.cells_per_kg, &spec.dose.cells}) {
    if (!*dose) continue;
    const std::string key = dose == &spec.dose.cells ? "dose.cells" : "dose.cells_per_kg";
    if (!(*dose)->centre && (*dose)->kind != DistributionKind::uniform &&
        (*dose)->kind != DistributionKind::log_uniform) {
      return error_at(spec.file, "", 0, key, "a dose needs its value, mean or median");
    }
    if (auto problem = domain_problem(**dose); !problem.empty()) {
      return error_at(spec.file, "", 0, key, problem);
    }
    if (!((*dose)->min > 0) && (*dose)->kind != DistributionKind::fixed &&
        (*dose)->kind != DistributionKind::lognormal) {
      return error_at(spec.file, "", 0, key, "a dose distribution needs min > 0");
    }
  }
  for (std::size_t i = 0; i < s.distributions_.size(); ++i) {
    if (s.distributions_[i].kind != DistributionKind::fixed) s.correlated_.push_back(i);
  }
  // check_trial_spec has shown that the factor exists.
  (void)correlation_factor(spec, correlated_names(spec), s.factor_);
  return s;
}

PatientDraw PopulationSampler::draw(std::uint64_t trial_seed, std::size_t index) const {
  PatientDraw out;
  out.index = index;
  out.seed = patient_seed(trial_seed, index);
  RandomStream stream(out.seed);
  const std::size_t k = correlated_.size();
  std::vector<double> z(k);
  for (auto& v : z) v = stream.normal();
  std::vector<double> scores(names_.size(), 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    double y = 0.0;
    for (std::size_t j = 0; j <= i; ++j) y += factor_[i * k + j] * z[j];
    scores[correlated_[i]] = y;
  }
  out.values.resize(names_.size());
  for (std::size_t i = 0; i < names_.size(); ++i) {
    out.values[i] = quantile_at(distributions_[i], scores[i]);
    if (i >= parameter_count_) set_covariate(out.covariates, names_[i], out.values[i]);
  }
  // The regimen, then the dose: one draw each, whatever the spec, so the layout of the stream
  // does not change with it.
  const double u = stream.uniform();
  double cumulative = 0.0;
  std::size_t regimen = kRegimens.size() - 1;
  for (std::size_t r = 0; r < kRegimens.size(); ++r) {
    cumulative += lymphodepletion_.shares[r];
    if (u < cumulative && lymphodepletion_.shares[r] > 0) {
      regimen = r;
      break;
    }
  }
  while (lymphodepletion_.shares[regimen] <= 0 && regimen > 0) --regimen;
  out.covariates.lymphodepletion = std::string(kRegimens[regimen]);
  if (regimen == 0) {
    out.covariates.lymphodepletion_intensity =
        std::clamp(out.covariates.lymphodepletion_intensity * flu_cy_intensity_, 0.0, 2.0);
  }
  const double dose_z = stream.normal();
  const double weight = out.covariates.weight_kg;
  double cells = 0.0;
  if (dose_.cells_per_kg && (!dose_.cells || weight <= dose_.per_kg_up_to_kg)) {
    cells = quantile_at(*dose_.cells_per_kg, dose_z) * weight;
  } else if (dose_.cells) {
    cells = quantile_at(*dose_.cells, dose_z);
  } else {
    cells = model::infused_cells(product_, weight);
  }
  if (dose_.max_cells > 0) cells = std::min(cells, dose_.max_cells);
  out.dose_cells = cells;
  return out;
}

model::VirtualPatient PopulationSampler::patient(const PatientDraw& draw) const {
  model::Parameters p = parameters_;
  model::Product product = product_;
  for (std::size_t i = 0; i < parameter_count_; ++i) {
    const auto it = product.overrides.find(names_[i]);
    if (it != product.overrides.end()) {
      it->second = draw.values[i];
    } else {
      p.set(names_[i], draw.values[i]);
    }
  }
  product.dose_cells = draw.dose_cells;
  product.dose_per_kg = false;
  product.max_dose_cells = 0.0;
  return model::VirtualPatient(std::move(p), std::move(product), draw.covariates);
}

}  // namespace cytostorm::population
