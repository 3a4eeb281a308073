#pragma once
/// @file
/// Facts about oxygen support that every CRS scale shares: the low/high-flow cut-off, the FiO2
/// cut-off of the older scales, positive pressure, and when oxygen does not count.

#include <optional>
#include <string>

#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {

/// Nasal cannula flow up to and including this is low flow (ASTCT 2019: 6 L/min is grade 2).
inline constexpr double kLowFlowMaxLMin = 6.0;
/// FiO2 at or above this is "O2 >= 40%" in Lee 2014, CARTOX, MSKCC and CTCAE v5.0.
inline constexpr double kHighFio2Pct = 40.0;

/// CPAP, BiPAP, intubation and mechanical ventilation.
bool is_positive_pressure(record::OxygenDevice device);

/// The oxygen support that counts toward CRS hypoxia, or nothing when there is none: room air,
/// oxygen for comfort, for airway protection (an [R] rule, see RuleOptions), or hypoxia
/// attributed to another cause. Exclusions are written to `b` as notes.
std::optional<record::OxygenSupport> counted_oxygen(const record::Snapshot& s,
                                                    const RuleOptions& options, GradeBuilder& b);

/// "nasal cannula 6.5 L/min, FiO2 32%".
std::string describe(const record::OxygenSupport& o);

/// The FiO2 domain shared by Lee 2014, CARTOX, MSKCC and CTCAE v5.0: FiO2 < 40% is grade 2,
/// >= 40% grade 3; an unrecorded FiO2 leaves grade 3 open.
void grade_fio2(const record::OxygenSupport& o, GradeBuilder& b);

}  // namespace cytostorm::clinical
