#pragma once
/// @file
/// The written forms of a virtual trial: the patient table (patients.csv), the summary
/// (summary.json), and a policy comparison as a printed table, JSON (compare.json) and CSV
/// (compare.csv). Equal input gives byte-identical output.

#include <string>
#include <vector>

#include "cytostorm/population/patient_outcome.hpp"
#include "cytostorm/population/policy_comparison.hpp"
#include "cytostorm/population/trial.hpp"
#include "cytostorm/population/trial_summary.hpp"

namespace cytostorm::population {

/// One row per virtual patient: index (0-based), seed, the drawn model parameters, the
/// covariates (regimen and intensity as given), dose, CRS and ICANS maximum grades, onsets
/// (first grade >= 1 and >= 3, days), durations (days), tocilizumab and steroid doses, steroid
/// total (mg dexamethasone equivalents), CAR-T peak (cells/uL) and Tmax (days), and the failure
/// when the simulation failed. Empty cells: no value.
/// @param trial the trial (the names of the drawn parameters)
/// @param outcomes the outcomes
/// @return CSV with a header
std::string patients_csv(const Trial& trial, const std::vector<PatientOutcome>& outcomes);

/// The summary as JSON: preset, title, kind ("calibration" or "prediction"), a note for a
/// prediction, product, disease, policy, scale, n, failed, seed, days, then the kSummaryKeys
/// (null when undefined).
/// @param summary the summary
/// @return the JSON text, indented, ending in a newline
std::string summary_json(const TrialSummary& summary);

/// The comparison as a table for a terminal: one row per statistic, one column per policy; after
/// the first, each value is followed by its difference and 95% interval.
/// @param comparison the comparison
/// @return the text
std::string comparison_table(const PolicyComparison& comparison);

/// The comparison as JSON: the trial, the policies, how the intervals were made, and per
/// statistic per policy its value, difference, lower and upper.
/// @param comparison the comparison
/// @return the JSON text, ending in a newline
std::string comparison_json(const PolicyComparison& comparison);

/// The comparison as CSV: statistic, policy, value, difference, lower_95, upper_95.
/// @param comparison the comparison
/// @return CSV with a header
std::string comparison_csv(const PolicyComparison& comparison);

}  // namespace cytostorm::population
