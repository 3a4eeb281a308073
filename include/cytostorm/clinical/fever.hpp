#pragma once
/// @file
/// Fever as every CRS scale reads it: 38.0 C is fever, 37.9 C is not (ASTCT 2019).

#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {

/// Fever threshold in degrees Celsius.
inline constexpr double kFeverC = 38.0;

/// True when the snapshot's temperature is a fever that counts (>= 38.0 C and not attributed to
/// another cause). Adds the fever to `b` as a finding of `grade`, or a note when it is attributed
/// elsewhere.
bool counted_fever(const record::Snapshot& s, int grade, GradeBuilder& b);

}  // namespace cytostorm::clinical
