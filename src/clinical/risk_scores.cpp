#include "cytostorm/clinical/risk_scores.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::clinical {

namespace {

constexpr const char* kInformation = "information, not a trigger for treatment";

RiskScore start(std::string key, std::string title, Citation citation) {
  RiskScore s;
  s.key = std::move(key);
  s.title = std::move(title);
  s.citation = std::move(citation);
  s.notes.emplace_back(kInformation);
  return s;
}

// The value of `lab` in `unit` for the score `s`: recorded as an input (with a note when it was
// converted), or listed as missing.
std::optional<double> take(RiskScore& s, const std::optional<LabValue>& lab, std::string_view name,
                           std::string_view unit) {
  if (!lab) {
    s.missing.push_back(fmt::format("{} ({})", analyte_name(name), unit));
    return std::nullopt;
  }
  const auto value = value_in(*lab, unit);
  if (!value) {
    s.missing.push_back(
        fmt::format("{} ({}): {} cannot be converted", analyte_name(name), unit, describe(*lab)));
    return std::nullopt;
  }
  if (lab->unit != unit) {
    s.notes.push_back(fmt::format("{} converted to {:g} {}", describe(*lab), *value, unit));
  }
  s.inputs.push_back({std::string(name), *value, std::string(unit), lab->hours});
  return value;
}

// LDH x `middle` / platelets, with its log2: EASIX and m-EASIX.
void ldh_product(RiskScore& s, const std::optional<LabValue>& ldh,
                 const std::optional<LabValue>& middle, std::string_view middle_name,
                 std::string_view middle_unit, const std::optional<LabValue>& platelets) {
  const auto l = take(s, ldh, "ldh", "U/L");
  const auto m = take(s, middle, middle_name, middle_unit);
  const auto p = take(s, platelets, "platelets", "10^9/L");
  if (!l || !m || !p) return;
  if (*p <= 0.0) {
    s.notes.emplace_back("platelets 0: the score is undefined");
    return;
  }
  s.value = *l * *m / *p;
  if (*s.value > 0.0) {
    s.log2_value = std::log2(*s.value);
  } else {
    s.notes.emplace_back("score 0: log2 undefined");
  }
}

}  // namespace

RiskScore easix(const std::optional<LabValue>& ldh, const std::optional<LabValue>& creatinine,
                const std::optional<LabValue>& platelets, bool pre_lymphodepletion) {
  auto s = start("easix", "EASIX",
                 sources::korell2022.cite("EASIX before lymphodepletion, cut-off 4.67"));
  ldh_product(s, ldh, creatinine, "creatinine", "mg/dL", platelets);
  s.notes.push_back(
      fmt::format("EASIX = LDH (U/L) x creatinine (mg/dL) / platelets (10^9/L); in "
                  "CAR-T also studied by {} ({})",
                  sources::greenbaum2021.short_name, sources::greenbaum2021.reference));
  if (!pre_lymphodepletion) {
    s.notes.emplace_back(
        "the Korell 2022 cut-off is for values before lymphodepletion: no category");
  } else if (s.value) {
    s.category = !at_most(*s.value, kKorellEasixCutoff) ? "above 4.67 (Korell 2022)"
                                                        : "4.67 or below (Korell 2022)";
    s.notes.emplace_back(
        "Korell 2022: pre-lymphodepletion EASIX > 4.67 went with about 4.3-fold odds of grade "
        ">= 3 CRS and/or ICANS");
  }
  return s;
}

RiskScore modified_easix(const std::optional<LabValue>& ldh, const std::optional<LabValue>& crp,
                         const std::optional<LabValue>& platelets) {
  auto s = start("m_easix", "m-EASIX", sources::pennisi2021.cite("m-EASIX"));
  ldh_product(s, ldh, crp, "crp", "mg/dL", platelets);
  s.notes.emplace_back("m-EASIX = LDH (U/L) x CRP (mg/dL) / platelets (10^9/L)");
  s.notes.emplace_back(
      "Pennisi 2021: AUC for severe CRS 0.80 at lymphodepletion, 0.73 on day -1, 0.75 on day +1; "
      "its cut-offs are unverified and not applied: no category");
  return s;
}

int hematotox_platelet_points(double platelets_e9_l) {
  if (!at_most(platelets_e9_l, 175.0)) return 0;
  return at_least(platelets_e9_l, 75.0) ? 1 : 2;
}

int hematotox_anc_points(double anc_e9_l) {
  return at_least(anc_e9_l, 1.2) ? 0 : 1;
}

int hematotox_hemoglobin_points(double hemoglobin_g_dl) {
  return at_least(hemoglobin_g_dl, 9.0) ? 0 : 1;
}

int hematotox_crp_points(double crp_mg_dl) {
  return at_most(crp_mg_dl, 3.0) ? 0 : 1;
}

int hematotox_ferritin_points(double ferritin_ng_ml) {
  if (!at_least(ferritin_ng_ml, 650.0)) return 0;
  return at_most(ferritin_ng_ml, 2000.0) ? 1 : 2;
}

RiskScore car_hematotox(const std::optional<LabValue>& platelets,
                        const std::optional<LabValue>& anc,
                        const std::optional<LabValue>& hemoglobin,
                        const std::optional<LabValue>& crp,
                        const std::optional<LabValue>& ferritin) {
  auto s = start("car_hematotox", "CAR-HEMATOTOX",
                 sources::car_hematotox.cite("CAR-HEMATOTOX score before lymphodepletion", false));
  struct Item {
    const std::optional<LabValue>& lab;
    std::string_view name, unit;
    int (*points)(double);
  };
  const Item items[] = {
      {platelets, "platelets", "10^9/L", hematotox_platelet_points},
      {anc, "anc", "10^9/L", hematotox_anc_points},
      {hemoglobin, "hemoglobin", "g/dL", hematotox_hemoglobin_points},
      {crp, "crp", "mg/dL", hematotox_crp_points},
      {ferritin, "ferritin", "ng/mL", hematotox_ferritin_points},
  };
  int total = 0;
  std::vector<std::string> points;
  for (const auto& item : items) {
    const auto v = take(s, item.lab, item.name, item.unit);
    if (!v) continue;
    const int p = item.points(*v);
    total += p;
    points.push_back(fmt::format("{} {:g} {}: {} point{}", analyte_name(item.name), *v, item.unit,
                                 p, p == 1 ? "" : "s"));
  }
  for (auto& p : points) s.notes.push_back(std::move(p));
  s.notes.emplace_back("points unverified (clinical-rules.md section 7 [R]); structure verified");
  s.notes.emplace_back("predicts hematotoxicity, not CRS/ICANS");
  s.notes.emplace_back(
      "ANC exactly 1.2, hemoglobin exactly 9.0 and CRP exactly 3.0 score 0 (the published table "
      "leaves them open; the team's reading)");
  if (!s.missing.empty()) return s;
  s.value = total;
  s.category = total <= 1 ? "low risk (0-1)" : "high risk (>= 2)";
  return s;
}

RiskScore hay_2017(const HayInput& input) {
  constexpr double kTemperatureC = 38.9;
  constexpr double kMcp1PgMl = 1343.5;
  auto s = start("hay_2017", "Hay 2017 early predictor of grade >= 4 CRS",
                 sources::hay2017.cite("temperature and MCP-1 within 36 h of infusion", false));
  std::optional<bool> fever, mcp1;
  if (input.temperature_c) {
    fever = at_least(*input.temperature_c, kTemperatureC);
    s.inputs.push_back({"temperature", *input.temperature_c, "C", input.temperature_hours});
  } else {
    s.missing.emplace_back("temperature (C) within 36 h of infusion");
  }
  if (const auto v = take(s, input.mcp1, "mcp1", "pg/mL")) mcp1 = at_least(*v, kMcp1PgMl);
  s.notes.emplace_back("temperature >= 38.9 C and MCP-1 >= 1343.5 pg/mL within 36 h of infusion");
  s.notes.emplace_back("unverified rule (clinical-rules.md section 7 [R]); grades by Lee 2014");
  if ((fever && !*fever) || (mcp1 && !*mcp1)) {
    s.value = 0.0;
    s.category = "does not predict grade >= 4 CRS";
    if (!input.window_closed)
      s.notes.emplace_back("the 36 h window is still open: this can change");
  } else if (fever && mcp1) {
    s.value = 1.0;
    s.category = "predicts grade >= 4 CRS (Lee 2014)";
  }
  return s;
}

}  // namespace cytostorm::clinical
