#pragma once
/// @file
/// The organ-toxicity domain shared by Lee 2014 and CARTOX: CTCAE grade 2 organ toxicity is CRS
/// grade 2, grade 3 (or grade 4 transaminitis) is grade 3, grade 4 other than transaminitis is
/// grade 4.

#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {

/// Adds the organ-toxicity findings of `s` to `b`. `grade1_counts`: CARTOX also counts grade 1
/// organ toxicity as CRS grade 1; Lee 2014 does not.
void grade_organ_toxicity(const record::Snapshot& s, bool grade1_counts, GradeBuilder& b);

}  // namespace cytostorm::clinical
