#pragma once
/// @file
/// ASTCT 2019 consensus grading of cytokine release syndrome (clinical-rules.md section 1).

#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {

/// The ASTCT 2019 CRS grade of one assessment: fever (or masked fever) plus the more severe of
/// hypotension and hypoxia; death from CRS is grade 5.
/// @param s the assessment; `s.fever_masked` carries the history of established CRS treated
///          with an antipyretic or anti-cytokine drug
/// @param options the screen, exclusions and named options
/// @return grade 0-5 with drivers; `not_derivable` only when a nasal cannula's flow is missing
///         and decides between grade 2 and 3
GradeResult grade_astct_crs(const record::Snapshot& s, const RuleOptions& options = {});

}  // namespace cytostorm::clinical
