#pragma once
/// @file
/// Facts about blood pressure and vasopressors that every CRS scale shares: the hypotension
/// screen, which drugs are vasopressors, which count toward "several", and the high-dose table.

#include <optional>
#include <string>
#include <vector>

#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {

/// Whether hypotension is present, and what says so.
struct HypotensionFinding {
  bool present = false;
  std::string basis;  ///< "clinician assessment", "SBP 85 mmHg < 90 mmHg (age > 10 y)", ...
};

/// The SBP below which the screen calls hypotension at this age (adult limit when the age is
/// unknown).
double hypotension_sbp_limit(std::optional<double> age_years, const HypotensionScreen& screen);

/// Hypotension from the clinician's assessment when recorded, else from the SBP screen
/// (clinical-rules.md section 1 rule 5). Nothing when neither is recorded.
std::optional<HypotensionFinding> assess_hypotension(const record::Snapshot& s,
                                                     const HypotensionScreen& screen);

/// True for norepinephrine, epinephrine, phenylephrine, dopamine, vasopressin, angiotensin II;
/// false for the inotropes dobutamine and milrinone.
bool is_vasopressor(record::VasoactiveDrug drug);

/// The vasopressors running in a snapshot (inotropes and stopped infusions left out).
std::vector<record::VasoactiveInfusion> running_vasopressors(const record::Snapshot& s);

/// Names of drugs, joined with "and" for drivers: "norepinephrine and vasopressin".
std::string drug_list(const std::vector<record::VasoactiveInfusion>& infusions);

/// Whether the running vasopressors are "high dose" by the [R] table.
struct HighDoseFinding {
  enum class Level { low, high, unknown } level = Level::low;
  std::string text;                  ///< the comparison made, for drivers
  std::vector<std::string> missing;  ///< inputs needed when unknown
};

/// Applies the [R] high-dose table (clinical-rules.md section 5) to the running vasopressors.
HighDoseFinding assess_high_dose(const std::vector<record::VasoactiveInfusion>& running,
                                 std::optional<double> weight_kg,
                                 const HighDoseVasopressorTable& table);

/// The label of the unverified high-dose table, for GradeBuilder::unverified.
inline constexpr const char* kHighDoseTableLabel =
    "high-dose vasopressor table (clinical-rules.md section 5, [R])";

}  // namespace cytostorm::clinical
