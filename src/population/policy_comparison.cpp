#include "cytostorm/population/policy_comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "cytostorm/population/sampling.hpp"

namespace cytostorm::population {

namespace {

// The p-th quantile of sorted values, interpolated between order statistics (R's type 7).
double quantile_sorted(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

std::optional<double> minus(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return std::nullopt;
  return *a - *b;
}

}  // namespace

PolicyComparison compare_policies(std::vector<TrialSummary> summaries,
                                  const std::vector<std::vector<PatientOutcome>>& arms,
                                  int resamples, std::uint64_t bootstrap_seed) {
  if (arms.size() < 2 || summaries.size() != arms.size()) {
    throw std::invalid_argument("compare_policies: give at least two arms, each with a summary");
  }
  if (resamples < 100) throw std::invalid_argument("compare_policies: resamples must be >= 100");
  const std::size_t n = arms.front().size();
  for (const auto& arm : arms) {
    if (arm.size() != n) throw std::invalid_argument("compare_policies: arms differ in length");
    for (std::size_t i = 0; i < n; ++i) {
      if (arm[i].index != arms.front()[i].index || arm[i].seed != arms.front()[i].seed) {
        throw std::invalid_argument(
            "compare_policies: the arms do not hold the same patients in the same order");
      }
    }
  }
  PolicyComparison out;
  for (const auto& s : summaries) out.policies.push_back(s.policy);
  out.resamples = resamples;
  out.bootstrap_seed = bootstrap_seed;
  // The pairs: patients simulated under every policy.
  std::vector<std::size_t> paired;
  for (std::size_t i = 0; i < n; ++i) {
    bool ok = true;
    for (const auto& arm : arms) ok = ok && arm[i].failure.empty();
    if (ok) paired.push_back(i);
  }
  out.paired_patients = paired.size();
  const std::size_t k = arms.size();
  const auto pointers = [&](const std::vector<std::size_t>& chosen) {
    std::vector<std::vector<const PatientOutcome*>> p(k);
    for (std::size_t a = 0; a < k; ++a) {
      p[a].reserve(chosen.size());
      for (std::size_t i : chosen) p[a].push_back(&arms[a][i]);
    }
    return p;
  };
  const auto observed = pointers(paired);
  // diffs[key][arm]: the resampled differences.
  std::vector<std::vector<std::vector<double>>> diffs(kSummaryKeys.size(),
                                                      std::vector<std::vector<double>>(k));
  RandomStream stream(splitmix64(bootstrap_seed));
  std::vector<std::size_t> chosen(paired.size());
  for (int b = 0; b < resamples && !paired.empty(); ++b) {
    for (auto& c : chosen) c = paired[stream.bits() % paired.size()];
    const auto sample = pointers(chosen);
    for (std::size_t key = 0; key < kSummaryKeys.size(); ++key) {
      const auto base = trial_statistic(key, sample[0]);
      for (std::size_t a = 1; a < k; ++a) {
        if (const auto d = minus(trial_statistic(key, sample[a]), base)) {
          diffs[key][a].push_back(*d);
        }
      }
    }
  }
  for (std::size_t key = 0; key < kSummaryKeys.size(); ++key) {
    ComparisonRow row;
    row.key = std::string(kSummaryKeys[key]);
    const auto base = trial_statistic(key, observed[0]);
    for (std::size_t a = 0; a < k; ++a) {
      row.values.push_back(summaries[a].values[key]);
      PairedDifference d;
      d.difference = minus(trial_statistic(key, observed[a]), base);
      auto& resampled = diffs[key][a];
      if (a > 0 && static_cast<double>(resampled.size()) >= 0.9 * resamples) {
        std::sort(resampled.begin(), resampled.end());
        d.lower = quantile_sorted(resampled, 0.025);
        d.upper = quantile_sorted(resampled, 0.975);
      }
      row.differences.push_back(d);
    }
    out.rows.push_back(std::move(row));
  }
  out.summaries = std::move(summaries);
  return out;
}

}  // namespace cytostorm::population
