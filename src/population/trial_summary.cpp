#include "cytostorm/population/trial_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace cytostorm::population {

namespace {

// What one statistic counts or takes the median of.
enum class Measure { share, median };

struct Statistic {
  Measure measure;
  // share: whether the patient counts; median: the patient's value, if it has one.
  std::optional<double> (*of)(const PatientOutcome&);
};

std::optional<double> yes(bool b) {
  return b ? std::optional<double>(1.0) : std::nullopt;
}

constexpr std::array<Statistic, kSummaryKeys.size()> kStatistics{{
    {Measure::share, [](const PatientOutcome& p) { return yes(p.crs.max_grade >= 1); }},
    {Measure::share, [](const PatientOutcome& p) { return yes(p.crs.max_grade >= 3); }},
    {Measure::median, [](const PatientOutcome& p) { return p.crs.onset_days; }},
    {Measure::median, [](const PatientOutcome& p) { return p.crs.duration_days; }},
    {Measure::share, [](const PatientOutcome& p) { return yes(p.icans.max_grade >= 1); }},
    {Measure::share, [](const PatientOutcome& p) { return yes(p.icans.max_grade >= 3); }},
    {Measure::median, [](const PatientOutcome& p) { return p.icans.onset_days; }},
    {Measure::median, [](const PatientOutcome& p) { return p.icans.duration_days; }},
    {Measure::share, [](const PatientOutcome& p) { return yes(p.tocilizumab_doses > 0); }},
    {Measure::share, [](const PatientOutcome& p) { return yes(p.steroid_doses > 0); }},
    {Measure::median, [](const PatientOutcome& p) { return std::optional<double>(p.car_t_peak); }},
    {Measure::median,
     [](const PatientOutcome& p) { return std::optional<double>(p.car_t_tmax_days); }},
}};

}  // namespace

std::optional<double> median(std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  const auto mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower =
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2.0;
}

std::optional<double> trial_statistic(std::size_t key,
                                      std::span<const PatientOutcome* const> patients) {
  const Statistic& s = kStatistics.at(key);
  std::size_t counted = 0;
  std::size_t yes_count = 0;
  std::vector<double> values;
  for (const PatientOutcome* p : patients) {
    if (!p->failure.empty()) continue;
    ++counted;
    const auto v = s.of(*p);
    if (!v) continue;
    ++yes_count;
    values.push_back(*v);
  }
  if (s.measure == Measure::median) return median(values);
  if (counted == 0) return std::nullopt;
  return 100.0 * static_cast<double>(yes_count) / static_cast<double>(counted);
}

std::optional<double> TrialSummary::value(std::string_view key) const {
  for (std::size_t i = 0; i < kSummaryKeys.size(); ++i) {
    if (kSummaryKeys[i] == key) return values[i];
  }
  throw std::out_of_range(fmt::format("TrialSummary: no statistic \"{}\"", key));
}

TrialSummary summarize_trial(const TrialSpec& spec, const std::vector<PatientOutcome>& outcomes) {
  TrialSummary s;
  s.trial = spec.name;
  s.title = spec.title;
  s.product = spec.product;
  s.disease = spec.disease;
  s.policy = spec.policy;
  s.scale = spec.scale;
  s.prediction = spec.prediction;
  s.patients = outcomes.size();
  s.seed = spec.seed;
  s.days = spec.days;
  std::vector<const PatientOutcome*> all;
  all.reserve(outcomes.size());
  for (const auto& o : outcomes) {
    all.push_back(&o);
    if (!o.failure.empty()) ++s.failed;
  }
  for (std::size_t k = 0; k < kSummaryKeys.size(); ++k) s.values[k] = trial_statistic(k, all);
  return s;
}

}  // namespace cytostorm::population
