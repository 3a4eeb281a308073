#pragma once
/// @file
/// The other causes of encephalopathy to rule out before calling ICANS (clinical-rules.md
/// section 6): sedatives, hyponatremia, hypoglycemia, uremia, hyperammonemia, hypercapnia,
/// sepsis, CNS infection, hemorrhage, stroke, PRES, CNS disease. Raised as a checklist once ICANS
/// is graded >= 1, marking which causes the data speak to and which remain to be ruled out.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/flag.hpp"

namespace cytostorm::clinical {

/// A cause of encephalopathy other than ICANS.
enum class EncephalopathyCause {
  sedatives,
  hyponatremia,
  hypoglycemia,
  uremia,
  hyperammonemia,
  hypercapnia,
  sepsis,
  cns_infection,
  hemorrhage,
  stroke,
  pres,
  cns_disease,
};

/// Every cause, in the order of clinical-rules.md.
inline constexpr std::array<EncephalopathyCause, 12> kEncephalopathyCauses{
    EncephalopathyCause::sedatives,      EncephalopathyCause::hyponatremia,
    EncephalopathyCause::hypoglycemia,   EncephalopathyCause::uremia,
    EncephalopathyCause::hyperammonemia, EncephalopathyCause::hypercapnia,
    EncephalopathyCause::sepsis,         EncephalopathyCause::cns_infection,
    EncephalopathyCause::hemorrhage,     EncephalopathyCause::stroke,
    EncephalopathyCause::pres,           EncephalopathyCause::cns_disease,
};

/// The cause in a clinician's words: "sedatives", "CNS infection", "PRES".
/// @param cause the cause
/// @return its name
std::string_view cause_name(EncephalopathyCause cause);

/// What the data say about one cause.
struct CauseFinding {
  EncephalopathyCause cause = EncephalopathyCause::sedatives;
  bool suggests = false;  ///< true: the finding points to this cause; false: it speaks against it
  std::string text;       ///< "hemorrhage on neuroimaging at 30 h"
};

/// The checklist flag ("encephalopathy_other_causes") when ICANS is graded >= 1: each finding as
/// evidence (pointing to or against its cause), the causes pointed to in the title, and the
/// causes the data do not speak to in the notes, still to be ruled out.
/// @param icans_grade the ICANS grade now
/// @param findings what the data say, cause by cause
/// @return the flag, or nothing when ICANS is not present
std::optional<Flag> encephalopathy_checklist(int icans_grade,
                                             const std::vector<CauseFinding>& findings);

}  // namespace cytostorm::clinical
