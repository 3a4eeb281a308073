#pragma once
/// @file
/// A differential-diagnosis flag (clinical-rules.md section 6): a reason to think twice before
/// calling a finding CRS or ICANS, with the evidence behind it and its citation.

#include <optional>
#include <string>
#include <vector>

#include "cytostorm/clinical/grade_result.hpp"

namespace cytostorm::clinical {

/// One flag raised by a differential rule.
struct Flag {
  std::string key;    ///< machine key: "tls_laboratory", "tls_clinical", "car_hlh",
                      ///< "possible_infusion_reaction", "infection_*", "encephalopathy_*"
  std::string title;  ///< what a clinician reads: "laboratory tumour lysis syndrome (Cairo-Bishop)"
  std::optional<int> grade;           ///< when the rule grades (clinical TLS 1-5, sudden death 5)
  std::vector<std::string> evidence;  ///< the findings, each with value, unit and time
  std::vector<std::string> notes;     ///< inputs missing, options used, caveats
  Citation citation;
};

}  // namespace cytostorm::clinical
