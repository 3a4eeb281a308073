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
inline constexpr Source asco2021{"ASCO 2021",
                                 "Santomasso BD et al. J Clin Oncol 2021;39:3978-3992"};
inline constexpr Source cairo_bishop{"Cairo-Bishop",
                                     "Cairo MS, Bishop M. Br J Haematol 2004;127:3-11"};
inline constexpr Source howard2011{"Howard 2011",
                                   "Howard SC et al. N Engl J Med 2011;364:1844-1854"};
inline constexpr Source pennisi2021{"Pennisi 2021", "Pennisi M et al. Blood Adv 2021;5:3397"};
inline constexpr Source korell2022{"Korell 2022", "Korell F et al. Front Immunol 2022;13:877477"};
inline constexpr Source greenbaum2021{"Greenbaum 2021", "Greenbaum U et al. Blood Adv 2021;5:2799"};
inline constexpr Source car_hematotox{"CAR-HEMATOTOX", "Rejeski K et al. Blood 2021;138:2499-2513"};
inline constexpr Source hay2017{"Hay 2017", "Hay KA et al. Blood 2017;130:2295-2306"};
inline constexpr Source hines2023{
    "Hines 2023", "Hines MR et al. Transplant Cell Ther 2023;29:438.e1-438.e16 (IEC-HS)"};
/// Rules the team wrote where no published source gives one (clinical-rules.md section 6).
inline constexpr Source team{"cytostorm team rule", "clinical-rules.md section 6"};
}  // namespace sources

}  // namespace cytostorm::clinical
