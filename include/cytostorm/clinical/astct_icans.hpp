#pragma once
/// @file
/// ASTCT 2019 consensus grading of ICANS for adults (ICE) and children (CAPD)
/// (clinical-rules.md sections 2-4).

#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {

/// Whether this patient is screened with CAPD rather than ICE: age under the cut-off (an option,
/// default < 12 years) or developmental delay at any age.
bool uses_capd(const record::Snapshot& s, const RuleOptions& options = {});

/// The ASTCT 2019 ICANS grade: the most severe domain (ICE or CAPD, depressed consciousness,
/// seizure, motor, raised ICP / cerebral edema) not attributable to another cause. Sedation,
/// intracranial hemorrhage, tremor and myoclonus do not count. `incomplete` is set when the ICE
/// or CAPD was not done or had items that could not be assessed.
GradeResult grade_astct_icans(const record::Snapshot& s, const RuleOptions& options = {});

}  // namespace cytostorm::clinical
