#pragma once
/// @file
/// A trial's table: the statistics a publication reports, named as the columns of
/// ../shared/data/calibration_trials.csv, computed from the virtual patients' outcomes.
/// Percentages are over the patients whose simulation did not fail; onset and duration medians
/// over the patients with the syndrome; "neuro" is ICANS by ASTCT 2019.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/population/patient_outcome.hpp"
#include "cytostorm/population/population_spec.hpp"

namespace cytostorm::population {

/// The statistics, in table order.
inline constexpr std::array<std::string_view, 12> kSummaryKeys{
    "crs_any_pct",     "crs_ge3_pct",   "crs_onset_median_day",   "crs_duration_median_days",
    "neuro_any_pct",   "neuro_ge3_pct", "neuro_onset_median_day", "neuro_duration_median_days",
    "tocilizumab_pct", "steroid_pct",   "car_t_peak_median",      "car_t_tmax_median_day"};

/// One statistic over a set of patients (failed ones are skipped).
/// @param key an index into kSummaryKeys
/// @param patients the patients
/// @return the value; nothing when no patient counts (no patient, or a median over nobody)
/// @throws std::out_of_range when key is not an index into kSummaryKeys
std::optional<double> trial_statistic(std::size_t key,
                                      std::span<const PatientOutcome* const> patients);

/// The median of some values (the mean of the middle two for an even count).
/// @param values the values (reordered)
/// @return the median; nothing for no values
std::optional<double> median(std::vector<double>& values);

/// A trial's summary.
struct TrialSummary {
  std::string trial;  ///< the spec's name
  std::string title;
  std::string product;
  std::string disease;
  std::string policy;
  std::string scale;
  bool prediction = false;
  std::size_t patients = 0;  ///< simulated
  std::size_t failed = 0;    ///< whose simulation failed (left out of every statistic)
  std::uint64_t seed = 0;
  double days = 0.0;
  std::array<std::optional<double>, kSummaryKeys.size()> values;  ///< by kSummaryKeys

  /// A statistic by name.
  /// @param key a name from kSummaryKeys
  /// @return its value
  /// @throws std::out_of_range when the name is not a summary key
  [[nodiscard]] std::optional<double> value(std::string_view key) const;
};

/// Summarises a trial's outcomes.
/// @param spec the trial (names, scale, policy, seed, days)
/// @param outcomes every patient's outcome
/// @return the summary
TrialSummary summarize_trial(const TrialSpec& spec, const std::vector<PatientOutcome>& outcomes);

}  // namespace cytostorm::population
