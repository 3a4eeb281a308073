#pragma once
/// @file
/// Writing a bedside review (`cytostorm advise`): the JSON document and the readable report. Both
/// end with the words "decision support, not a prescription".

#include <nlohmann/json.hpp>
#include <string>

#include "cytostorm/grading/advice.hpp"

namespace cytostorm::io {

/// The review as JSON: `patient_id`, `at_hours`, `day`, `crs` and `icans` (as `cytostorm assess`
/// writes a grade), `flags`, `risk_scores`, `guideline`, `suggestions` (withheld ones with
/// `withheld_reason`), `icu`, `situation` and `disclaimer`.
nlohmann::ordered_json to_json(const grading::BedsideAdvice& advice);

/// The review as a short report a clinician reads at the bedside.
std::string text_report(const grading::BedsideAdvice& advice);

}  // namespace cytostorm::io
