#pragma once
/// @file
/// CAR-T-cell-related hemophagocytic lymphohistiocytosis, carHLH (CARTOX, clinical-rules.md
/// section 6) [V]: peak ferritin > 10,000 ng/mL during CRS (usually the first 5 days) plus any two
/// of: a grade >= 3 rise of bilirubin, AST or ALT; grade >= 3 oliguria or creatinine rise; grade
/// >= 3 pulmonary edema; hemophagocytosis on biopsy. The organ grades are CTCAE grades of
/// organ_toxicity rows. The IEC-HS criteria (Hines 2023) are [R] and not implemented.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/flag.hpp"
#include "cytostorm/clinical/lab_value.hpp"

namespace cytostorm::clinical {

/// carHLH's peak ferritin cut-off (strictly above), ng/mL.
inline constexpr double kCarHlhFerritinNgMl = 10000.0;

/// A CTCAE grade of one organ toxicity and when it was recorded.
struct OrganGrade {
  std::string term;  ///< the organ_toxicity item: "alt_increased", "pulmonary_edema", ...
  int grade = 0;     ///< CTCAE grade 0-5
  double hours = 0.0;
};

/// The organ criteria of carHLH.
enum class CarHlhOrgan {
  liver,   ///< blood_bilirubin_increased, bilirubin_increased, ast_increased, alt_increased,
           ///< transaminitis
  kidney,  ///< oliguria, creatinine_increased, acute_kidney_injury
  lung,    ///< pulmonary_edema
  other,   ///< any other term: not a carHLH criterion
};

/// The carHLH criterion a CTCAE term belongs to.
/// @param term the organ_toxicity item
/// @return its organ, or CarHlhOrgan::other
CarHlhOrgan car_hlh_organ(std::string_view term);

/// What the carHLH rule reads.
struct CarHlhInput {
  std::optional<LabValue> peak_ferritin;  ///< the highest ferritin during CRS (ng/mL or ug/L)
  std::vector<OrganGrade> organ_grades;   ///< organ toxicities during CRS
  /// Hemophagocytosis on biopsy: not in the event table, an input of the pure rule only;
  /// nothing when not known.
  std::optional<bool> hemophagocytosis;
};

/// The carHLH flag ("car_hlh") when the criteria are met, with the ferritin and each organ
/// criterion as evidence.
/// @param input the peak ferritin, organ grades and biopsy finding
/// @return the flag, or nothing when the criteria are not met
std::optional<Flag> car_hlh_flag(const CarHlhInput& input);

}  // namespace cytostorm::clinical
