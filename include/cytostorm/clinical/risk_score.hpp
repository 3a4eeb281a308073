#pragma once
/// @file
/// A risk score (clinical-rules.md section 7): its value, the inputs with their units and time
/// points, and its citation. Scores are information, never triggers for treatment.

#include <optional>
#include <string>
#include <vector>

#include "cytostorm/clinical/grade_result.hpp"

namespace cytostorm::clinical {

/// One input of a score as it was used.
struct ScoreInput {
  std::string name;                ///< "ldh", "creatinine", ...
  double value = 0.0;              ///< in `unit`
  std::string unit;                ///< the unit the score's formula needs ("U/L", "mg/dL")
  std::optional<double> at_hours;  ///< when it was measured, hours since infusion
};

/// A computed (or not computable) risk score.
struct RiskScore {
  std::string key;                   ///< "easix", "m_easix", "car_hematotox", "hay_2017"
  std::string title;                 ///< "EASIX"
  std::optional<double> value;       ///< nothing when an input is missing
  std::optional<double> log2_value;  ///< for EASIX and m-EASIX
  std::string category;              ///< "high risk", "low risk", "above 4.67 (Korell 2022)", ""
  std::vector<ScoreInput> inputs;
  std::vector<std::string> missing;  ///< inputs needed and not found
  std::vector<std::string> notes;  ///< time point used, "information, not a trigger for treatment"
  Citation citation;               ///< verified = false for [R] points or cut-offs
};

}  // namespace cytostorm::clinical
