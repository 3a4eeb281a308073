#pragma once
/// @file
/// The same virtual patients under several policies: each statistic of the trial table under
/// each policy, and its difference to the first policy with a 95% interval from a paired
/// bootstrap (patients resampled with replacement, the same resample for every policy, a fixed
/// seed; the interval is the 2.5th to 97.5th percentile of the resampled differences).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cytostorm/population/patient_outcome.hpp"
#include "cytostorm/population/trial_summary.hpp"

namespace cytostorm::population {

/// A difference to the first policy with its interval.
struct PairedDifference {
  std::optional<double> difference;  ///< this policy minus the first; nothing when undefined
  std::optional<double> lower;       ///< 2.5th percentile; nothing when too few resamples count
  std::optional<double> upper;       ///< 97.5th percentile
};

/// One statistic across the policies.
struct ComparisonRow {
  std::string key;                            ///< from kSummaryKeys
  std::vector<std::optional<double>> values;  ///< one per policy
  std::vector<PairedDifference> differences;  ///< one per policy (the first: zero, no interval)
};

/// The comparison.
struct PolicyComparison {
  std::vector<std::string> policies;
  std::vector<TrialSummary> summaries;  ///< one per policy
  std::vector<ComparisonRow> rows;      ///< in kSummaryKeys order
  std::size_t paired_patients = 0;      ///< patients whose simulation succeeded under every policy
  int resamples = 0;
  std::uint64_t bootstrap_seed = 0;
};

/// Compares the arms. A resample in which a statistic is undefined for either policy (a median
/// over nobody) is left out of that statistic's interval; with fewer than 90% of the resamples
/// left the interval is not given.
/// @param summaries each policy's summary (its `policy` names the column)
/// @param arms each policy's outcomes, patient for patient (the same indices in the same order)
/// @param resamples bootstrap resamples (>= 100)
/// @param bootstrap_seed the bootstrap's seed
/// @return the comparison
/// @throws std::invalid_argument when the arms differ in length or patients, fewer than two
///   arms are given, or resamples < 100
PolicyComparison compare_policies(std::vector<TrialSummary> summaries,
                                  const std::vector<std::vector<PatientOutcome>>& arms,
                                  int resamples, std::uint64_t bootstrap_seed);

}  // namespace cytostorm::population
