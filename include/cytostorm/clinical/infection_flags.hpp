#pragma once
/// @file
/// Infection flags (clinical-rules.md section 6, a team rule): reasons to look for infection
/// before putting a fever down to CRS. A fever is a temperature >= 38.0 C within the fever window
/// before now; the flags are
/// - "infection_late_fever": the fever is later than calendar day `infection_after_day`;
/// - "infection_fever_after_crs_resolved": the fever comes after CRS had resolved;
/// - "infection_positive_culture": a positive culture (not in the event table: an input of the
///   pure rule only);
/// - "infection_neutropenic_fever": fever with ANC < 0.5 x 10^9/L for at least
///   `prolonged_neutropenia_days` (every ANC from the first low one to the fever below 0.5);
/// - "infection_fever_on_steroids": fever with at least the high-dose dexamethasone-equivalent
///   steroid dose in the 24 h up to the fever;
/// - "infection_new_fever_after_tocilizumab": fever after a tocilizumab dose, with an afebrile
///   temperature recorded between the dose and the fever.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/differential.hpp"
#include "cytostorm/clinical/flag.hpp"
#include "cytostorm/clinical/infusion_reaction.hpp"
#include "cytostorm/clinical/lab_value.hpp"

namespace cytostorm::clinical {

/// A body temperature.
struct Temperature {
  double hours = 0.0;  ///< hours since infusion
  int day = 0;         ///< calendar day since infusion (day 0 = infusion day)
  double celsius = 0.0;
};

/// A dose of a corticosteroid.
struct SteroidDose {
  double hours = 0.0;
  std::string drug;            ///< "dexamethasone", "methylprednisolone", "hydrocortisone"
  std::optional<double> dose;  ///< nothing when not recorded (then not counted, with a note)
  std::string unit;            ///< "mg", "g", "ug" or "mg/kg"
};

/// What the infection flags read: everything up to `at_hours`.
struct InfectionInput {
  double at_hours = 0.0;
  std::vector<Temperature> temperatures;
  std::optional<double> crs_resolved_hours;  ///< CourseContext::crs_resolved_hours
  std::vector<LabValue> anc;                 ///< 10^9/L
  std::vector<SteroidDose> steroids;
  std::vector<double> tocilizumab_hours;     ///< times of tocilizumab doses
  std::vector<TimedSign> positive_cultures;  ///< not derivable from the event table
  std::optional<double> weight_kg;           ///< for doses in mg/kg
};

/// The dexamethasone-equivalent dose in mg, by the usual glucocorticoid equivalence
/// (dexamethasone 0.75 mg = methylprednisolone 4 mg = hydrocortisone 20 mg).
/// @param drug the steroid
/// @param mg its dose in mg
/// @return the equivalent, or nothing when `drug` is not one of the three
std::optional<double> dexamethasone_equivalent_mg(std::string_view drug, double mg);

/// The infection flags raised at `input.at_hours`, each labelled as a team rule.
/// @param input the temperatures, ANC, drugs and cultures up to now
/// @param options the fever window and the team's thresholds
/// @return the flags, in the order listed above
std::vector<Flag> infection_flags(const InfectionInput& input, const DifferentialOptions& options);

}  // namespace cytostorm::clinical
