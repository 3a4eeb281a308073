#pragma once
/// @file
/// The choices the rules leave open: [D] options where sources disagree, and [R] tables that
/// are recalled but unverified, kept as data so that they can be corrected without new code.

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace cytostorm::clinical {

/// [D] Which drugs mask fever once CRS is established (clinical-rules.md section 1 rule 2).
enum class FeverMasking {
  antipyretic_or_anticytokine,  ///< default: acetaminophen, NSAIDs, tocilizumab, steroids, ...
  anticytokine_only,            ///< tocilizumab, siltuximab, anakinra and corticosteroids only
};

/// [D] The age below which ICANS uses CAPD instead of ICE (clinical-rules.md section 4).
enum class CapdAgeCutoff {
  under_12,  ///< default: CAPD when age < 12 years
  up_to_12,  ///< CAPD when age <= 12 years
};

/// The names users give the choices (`--masking-drugs`, `--capd-age-cutoff`, and the Python
/// module's keywords of the same names).
inline constexpr std::array<std::pair<std::string_view, FeverMasking>, 2> kFeverMaskingNames{{
    {"antipyretic-or-anticytokine", FeverMasking::antipyretic_or_anticytokine},
    {"anticytokine-only", FeverMasking::anticytokine_only},
}};
inline constexpr std::array<std::pair<std::string_view, CapdAgeCutoff>, 2> kCapdAgeCutoffNames{{
    {"under-12", CapdAgeCutoff::under_12},
    {"up-to-12", CapdAgeCutoff::up_to_12},
}};

/// The hypotension screen used when no clinician assessment is recorded (section 1 rule 5).
struct HypotensionScreen {
  double adult_sbp_below = 90.0;  ///< age > 10 years
  double child_sbp_base = 70.0;   ///< 1-10 years: SBP < base + per_year x age
  double child_sbp_per_year = 2.0;
  double infant_sbp_below = 70.0;  ///< under 1 year (PALS; the team's extension)
};

/// [R] High-dose vasopressors, all sustained for at least `min_hours` (Lee 2014 / Penn table,
/// clinical-rules.md section 5). NE-equivalent = NE + dopamine/2 + epinephrine +
/// phenylephrine/10, with NE, epinephrine, phenylephrine in ug/min and dopamine in ug/kg/min.
struct HighDoseVasopressorTable {
  double norepinephrine_ug_min = 20.0;
  double dopamine_ug_kg_min = 10.0;
  double phenylephrine_ug_min = 200.0;
  double epinephrine_ug_min = 10.0;
  double with_vasopressin_ne_eq_ug_min = 10.0;
  double combination_ne_eq_ug_min = 20.0;
  double dopamine_divisor = 2.0;
  double phenylephrine_divisor = 10.0;
  double min_hours = 3.0;
};

/// Every open choice of the clinical rules, with the defaults of clinical-rules.md.
struct RuleOptions {
  FeverMasking fever_masking = FeverMasking::antipyretic_or_anticytokine;
  CapdAgeCutoff capd_age_cutoff = CapdAgeCutoff::under_12;
  HypotensionScreen hypotension_screen;
  HighDoseVasopressorTable high_dose;
  /// [R] Oxygen given for airway protection because of neurotoxicity does not count toward CRS.
  bool exclude_airway_protection_oxygen = true;
};

}  // namespace cytostorm::clinical
