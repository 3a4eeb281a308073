#pragma once
/// @file
/// The primary sources of clinical-rules.md, cited by their short names in code and output.

#include <string_view>

#include "cytostorm/clinical/grade_result.hpp"

namespace cytostorm::clinical {

/// A primary source: its short name and its reference.
struct Source {
  std::string_view short_name;
  std::string_view reference;

  /// A citation of `part` of this source; `verified` is false for a rule marked [R].
  [[nodiscard]] Citation cite(std::string_view part, bool verified = true) const {
    return {std::string(short_name), std::string(reference), std::string(part), verified};
  }
};

namespace sources {
inline constexpr Source astct2019{
    "ASTCT 2019",
    "Lee DW, Santomasso BD, Locke FL et al. Biol Blood Marrow Transplant 2019;25:625-638"};
inline constexpr Source lee2014{"Lee 2014", "Lee DW et al. Blood 2014;124:188-195"};
inline constexpr Source penn{"Penn", "Porter DL et al. J Hematol Oncol 2018;11:35"};
inline constexpr Source mskcc{"MSKCC", "Park JH et al. N Engl J Med 2018;378:449-459"};
inline constexpr Source cartox{"CARTOX", "Neelapu SS et al. Nat Rev Clin Oncol 2018;15:47-62"};
inline constexpr Source pediatric_cartox{"Pediatric CARTOX",
                                         "Mahadeo KM et al. Nat Rev Clin Oncol 2019;16:45-63"};
inline constexpr Source capd{"CAPD", "Traube C et al. Crit Care Med 2014;42:656-663"};
inline constexpr Source ctcae_v4{"CTCAE v4.03",
                                 "Common Terminology Criteria for Adverse Events v4.03, NCI 2010"};
inline constexpr Source ctcae_v5{"CTCAE v5.0",
                                 "Common Terminology Criteria for Adverse Events v5.0, NCI 2017"};
}  // namespace sources

}  // namespace cytostorm::clinical
