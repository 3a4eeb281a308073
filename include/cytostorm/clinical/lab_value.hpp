#pragma once
/// @file
/// A laboratory value as measured (analyte, value, unit, time) and the unit conversions the
/// differential rules and risk scores need, written once (clinical-rules.md sections 6 and 7):
/// uric acid mg/dL x 59.48 = umol/L, phosphate mg/dL x 0.3229 = mmol/L, calcium mg/dL x 0.2495 =
/// mmol/L, creatinine mg/dL x 88.4 = umol/L, CRP mg/dL x 10 = mg/L, hemoglobin and albumin g/dL x
/// 10 = g/L, ferritin ng/mL = ug/L.

#include <optional>
#include <string>
#include <string_view>

namespace cytostorm::clinical {

/// Uric acid: umol/L per mg/dL.
inline constexpr double kUricAcidUmolPerMg = 59.48;
/// Phosphate: mmol/L per mg/dL.
inline constexpr double kPhosphateMmolPerMg = 0.3229;
/// Calcium: mmol/L per mg/dL.
inline constexpr double kCalciumMmolPerMg = 0.2495;
/// Creatinine: umol/L per mg/dL.
inline constexpr double kCreatinineUmolPerMg = 88.4;

/// One laboratory result with its unit and time.
struct LabValue {
  std::string analyte;  ///< the event table's lab item: "uric_acid", "crp", "ldh", ...
  double value = 0.0;   ///< in `unit`
  std::string unit;     ///< as measured: "mg/dL", "umol/L", "mmol/L", "U/L", "10^9/L", ...
  double hours = 0.0;   ///< hours since infusion (negative before it)
};

/// `value` of `analyte` converted from unit `from` to unit `to`.
/// @param analyte the lab item ("uric_acid", "phosphate", "calcium", "creatinine", "crp",
///        "hemoglobin", "albumin", "ferritin"; any analyte when `from` equals `to`)
/// @param value the value in `from`
/// @param from, to units as the event table writes them
/// @return the converted value, or nothing when the two units are not both units of `analyte`
std::optional<double> convert_lab(std::string_view analyte, double value, std::string_view from,
                                  std::string_view to);

/// The value of `lab` in `unit`, or nothing when its unit cannot be converted to `unit`.
/// @param lab the measured value
/// @param unit the wanted unit
/// @return the converted value
std::optional<double> value_in(const LabValue& lab, std::string_view unit);

/// The analyte's name as a clinician reads it: "uric acid", "CRP", "MCP-1".
/// @param analyte the lab item
/// @return the display name
std::string analyte_name(std::string_view analyte);

/// "uric acid 8 mg/dL at 12 h": the value as measured, for evidence.
/// @param lab the measured value
/// @return the text
std::string describe(const LabValue& lab);

/// Whether `value` reaches `limit` (>=), allowing for the rounding of values converted between
/// units (relative tolerance 1e-9).
/// @param value the measured value
/// @param limit the cut-off in the same unit
/// @return true when value >= limit
bool at_least(double value, double limit);

/// Whether `value` is at or below `limit` (<=), with the tolerance of at_least.
/// @param value the measured value
/// @param limit the cut-off in the same unit
/// @return true when value <= limit
bool at_most(double value, double limit);

}  // namespace cytostorm::clinical
