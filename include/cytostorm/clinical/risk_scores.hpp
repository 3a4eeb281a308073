#pragma once
/// @file
/// The risk scores of clinical-rules.md section 7, as pure functions of lab values that carry
/// their units (converted explicitly to the units of each formula). Scores are information, never
/// triggers for treatment; every result says so.
///
/// - EASIX = LDH (U/L) x creatinine (mg/dL) / platelets (10^9/L) [V]; Korell 2022 [V]:
///   pre-lymphodepletion EASIX > 4.67, about 4.3-fold odds of grade >= 3 CRS and/or ICANS.
/// - m-EASIX = LDH (U/L) x CRP (mg/dL) / platelets (10^9/L) [V]; Pennisi 2021 AUCs as notes,
///   its cut-offs are [R] and not applied.
/// - CAR-HEMATOTOX [V structure, R points], before lymphodepletion: platelets (> 175: 0, 75-175:
///   1, < 75: 2), ANC (> 1.2: 0, < 1.2: 1), hemoglobin (> 9.0: 0, < 9.0: 1), CRP (< 3.0 mg/dL: 0,
///   > 3.0: 1), ferritin (< 650: 0, 650-2000: 1, > 2000: 2); 0-1 low, >= 2 high risk of
///   hematotoxicity (not of CRS or ICANS). The table leaves ANC 1.2, hemoglobin 9.0 and CRP 3.0
///   themselves open: they score 0 here (the team's reading).
/// - Hay 2017 [R]: temperature >= 38.9 C and MCP-1 >= 1343.5 pg/mL within 36 h of the infusion
///   predicted grade >= 4 CRS (Lee 2014 scale).

#include <optional>

#include "cytostorm/clinical/lab_value.hpp"
#include "cytostorm/clinical/risk_score.hpp"

namespace cytostorm::clinical {

/// Korell 2022's pre-lymphodepletion EASIX cut-off (strictly above).
inline constexpr double kKorellEasixCutoff = 4.67;

/// EASIX from LDH, creatinine (mg/dL or umol/L) and platelets.
/// @param ldh, creatinine, platelets the values used, nothing when missing
/// @param pre_lymphodepletion whether the values are from before lymphodepletion: only then is
///        the Korell 2022 category given
/// @return the score ("easix"), with log2, or the missing inputs
RiskScore easix(const std::optional<LabValue>& ldh, const std::optional<LabValue>& creatinine,
                const std::optional<LabValue>& platelets, bool pre_lymphodepletion);

/// m-EASIX from LDH, CRP (mg/dL or mg/L) and platelets; no category (cut-offs unverified).
/// @param ldh, crp, platelets the values used, nothing when missing
/// @return the score ("m_easix"), with log2, or the missing inputs
RiskScore modified_easix(const std::optional<LabValue>& ldh, const std::optional<LabValue>& crp,
                         const std::optional<LabValue>& platelets);

/// CAR-HEMATOTOX points of each input.
/// @param platelets_e9_l platelets, 10^9/L
/// @return 0, 1 or 2
int hematotox_platelet_points(double platelets_e9_l);
/// @param anc_e9_l ANC, 10^9/L @return 0 or 1
int hematotox_anc_points(double anc_e9_l);
/// @param hemoglobin_g_dl hemoglobin, g/dL @return 0 or 1
int hematotox_hemoglobin_points(double hemoglobin_g_dl);
/// @param crp_mg_dl CRP, mg/dL @return 0 or 1
int hematotox_crp_points(double crp_mg_dl);
/// @param ferritin_ng_ml ferritin, ng/mL @return 0, 1 or 2
int hematotox_ferritin_points(double ferritin_ng_ml);

/// CAR-HEMATOTOX before lymphodepletion (points unverified).
/// @param platelets, anc, hemoglobin, crp, ferritin the values used, nothing when missing
/// @return the score ("car_hematotox") with its category, or the missing inputs
RiskScore car_hematotox(const std::optional<LabValue>& platelets,
                        const std::optional<LabValue>& anc,
                        const std::optional<LabValue>& hemoglobin,
                        const std::optional<LabValue>& crp,
                        const std::optional<LabValue>& ferritin);

/// What the Hay 2017 rule reads: the highest temperature and MCP-1 within 36 h of the infusion.
struct HayInput {
  std::optional<double> temperature_c;      ///< the highest temperature in the window
  std::optional<double> temperature_hours;  ///< when it was measured
  std::optional<LabValue> mcp1;             ///< the highest MCP-1 in the window (pg/mL)
  bool window_closed = true;                ///< false while the 36 h are not over
};

/// Hay 2017 (unverified): value 1 when grade >= 4 CRS is predicted, 0 when an input rules it
/// out, nothing when an input is missing and the others do not rule it out.
/// @param input the temperature and MCP-1
/// @return the score ("hay_2017")
RiskScore hay_2017(const HayInput& input);

}  // namespace cytostorm::clinical
