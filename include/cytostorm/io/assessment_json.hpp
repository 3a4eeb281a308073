#pragma once
/// @file
/// Writing an assessment: the result JSON of `cytostorm assess` (formats.md section 2) and the
/// short readable report of `--format text`.

#include <nlohmann/json.hpp>
#include <string>

#include "cytostorm/clinical/assessment.hpp"

namespace cytostorm::io {

/// One grade as JSON: `grade` (integer, or "not_derivable" with `missing` and `at_least`),
/// `drivers`, `rule`, `notes`, `unverified`, and `incomplete` for ICANS.
nlohmann::ordered_json to_json(const clinical::GradeResult& r);

/// The whole result: `crs.<scale>`, `icans.astct`, `icans.ctcae_neuro`, `ice`, `capd`.
nlohmann::ordered_json to_json(const clinical::Assessment& a);

/// A short report a clinician reads at the bedside.
std::string text_report(const clinical::Assessment& a);

}  // namespace cytostorm::io
