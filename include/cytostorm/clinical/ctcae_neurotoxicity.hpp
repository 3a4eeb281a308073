#pragma once
/// @file
/// Neurotoxicity as pre-2019 trials graded it: the highest CTCAE grade among encephalopathy,
/// confusion, dysphasia, seizure and somnolence (clinical-rules.md section 5).

#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {

/// The highest CTCAE grade of the five neurological terms; `not_derivable` when none is graded.
/// Death from ICANS is grade 5.
GradeResult grade_ctcae_neurotoxicity(const record::Snapshot& s);

}  // namespace cytostorm::clinical
