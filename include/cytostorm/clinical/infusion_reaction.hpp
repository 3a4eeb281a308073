#pragma once
/// @file
/// A possible infusion reaction (clinical-rules.md section 6) [R]: a reaction to the infused
/// product (DMSO) comes during or within hours of the infusion (flushing, wheeze, itch,
/// urticaria, bronchospasm); CRS starts days later with fever. Signs starting less than 6 h
/// (an option) after the start of the infusion are flagged "possible infusion reaction, not CRS".

#include <optional>
#include <string>
#include <vector>

#include "cytostorm/clinical/flag.hpp"

namespace cytostorm::clinical {

/// A sign and when it started.
struct TimedSign {
  double hours = 0.0;  ///< hours since infusion
  std::string text;    ///< "temperature 38.4 C", "hypotension (clinician assessment)", ...
};

/// The "possible_infusion_reaction" flag when any sign starts at or after the infusion start and
/// less than `window_hours` after it. The rule is [R]: its citation is unverified.
/// @param signs the signs seen, in any order
/// @param infusion_start_hours when the infusion started, hours since infusion (0 in the table)
/// @param window_hours the window (DifferentialOptions::infusion_reaction_hours)
/// @return the flag, or nothing
std::optional<Flag> infusion_reaction_flag(const std::vector<TimedSign>& signs,
                                           double infusion_start_hours, double window_hours);

}  // namespace cytostorm::clinical
