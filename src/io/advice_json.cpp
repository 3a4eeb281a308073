#include "cytostorm/io/advice_json.hpp"

#include <fmt/format.h>

#include "cytostorm/io/assessment_json.hpp"

namespace cytostorm::io {

using json = nlohmann::ordered_json;

namespace {

json optional_number(const std::optional<double>& x) {
  return x ? json(*x) : json(nullptr);
}

json to_json(const clinical::Flag& f) {
  json out{{"key", f.key}, {"title", f.title}};
  out["grade"] = f.grade ? json(*f.grade) : json(nullptr);
  out["evidence"] = f.evidence;
  out["notes"] = f.notes;
  out["rule"] = clinical::cite(f.citation);
  out["verified"] = f.citation.verified;
  return out;
}

json to_json(const clinical::RiskScore& s) {
  json out{{"key", s.key}, {"title", s.title}};
  out["value"] = optional_number(s.value);
  if (s.log2_value) out["log2"] = *s.log2_value;
  out["category"] = s.category;
  out["inputs"] = json::array();
  for (const auto& i : s.inputs) {
    out["inputs"].push_back({{"name", i.name},
                             {"value", i.value},
                             {"unit", i.unit},
                             {"at_hours", optional_number(i.at_hours)}});
  }
  out["missing"] = s.missing;
  out["notes"] = s.notes;
  out["rule"] = clinical::cite(s.citation);
  out["verified"] = s.citation.verified;
  return out;
}

json to_json(const clinical::Suggestion& s) {
  json out{{"action", clinical::name(s.action)}, {"text", s.text}};
  out["dose_mg"] = optional_number(s.dose_mg);
  out["row"] = s.row;
  out["rule"] = clinical::cite(s.citation);
  out["verified"] = s.citation.verified;
  out["withheld"] = s.withheld;
  if (s.withheld) out["withheld_reason"] = s.withheld_reason;
  if (!s.notes.empty()) out["notes"] = s.notes;
  return out;
}

json to_json(const clinical::TreatmentSituation& s) {
  return {{"now_hours", s.now_hours},
          {"crs_grade", s.crs_grade},
          {"icans_grade", s.icans_grade},
          {"weight_kg", optional_number(s.weight_kg)},
          {"tocilizumab_hours", s.tocilizumab_hours},
          {"corticosteroid_hours", s.corticosteroid_hours},
          {"crs_not_improving", s.crs_not_improving},
          {"icans_not_improving", s.icans_not_improving},
          {"fever_days", s.fever_days},
          {"neutropenic", s.neutropenic},
          {"seizure", s.seizure},
          {"cerebral_edema", s.cerebral_edema}};
}

std::string grade_line(const char* name, const clinical::GradeResult& r) {
  std::string out =
      r.grade ? fmt::format("{} (ASTCT 2019): grade {}\n", name, *r.grade)
              : fmt::format("{} (ASTCT 2019): not derivable (at least grade {}; missing: {})\n",
                            name, r.at_least, fmt::join(r.missing, ", "));
  for (const auto& d : r.drivers) out += fmt::format("  - {}\n", d.text);
  for (const auto& n : r.notes) out += fmt::format("  note: {}\n", n);
  return out;
}

}  // namespace

json to_json(const grading::BedsideAdvice& a) {
  json out{{"patient_id", a.patient_id}, {"at_hours", a.at_hours}, {"day", a.day}};
  out["crs"] = to_json(a.crs);
  out["icans"] = to_json(a.icans);
  out["icans"]["incomplete"] = a.icans.incomplete;
  out["flags"] = json::array();
  for (const auto& f : a.flags) out["flags"].push_back(to_json(f));
  out["risk_scores"] = json::array();
  for (const auto& s : a.scores) out["risk_scores"].push_back(to_json(s));
  out["guideline"] = a.guideline;
  out["suggestions"] = json::array();
  for (const auto& s : a.guidance.suggestions) out["suggestions"].push_back(to_json(s));
  out["icu"] = {{"flag", a.guidance.icu}, {"reason", a.guidance.icu_reason}};
  out["situation"] = to_json(a.situation);
  out["disclaimer"] = a.guidance.disclaimer;
  return out;
}

std::string text_report(const grading::BedsideAdvice& a) {
  std::string out = fmt::format("Patient {} at {:g} h (day {})\n", a.patient_id, a.at_hours, a.day);
  out += grade_line("CRS", a.crs);
  out += grade_line("ICANS", a.icans);
  if (!a.flags.empty()) out += "Think of:\n";
  for (const auto& f : a.flags) {
    out += f.grade ? fmt::format("  ! {} (grade {})\n", f.title, *f.grade)
                   : fmt::format("  ! {}\n", f.title);
    for (const auto& e : f.evidence) out += fmt::format("      {}\n", e);
    for (const auto& n : f.notes) out += fmt::format("      note: {}\n", n);
    out += fmt::format("      rule: {}\n", clinical::cite(f.citation));
  }
  if (!a.scores.empty()) out += "Risk scores (information, never a trigger for treatment):\n";
  for (const auto& s : a.scores) {
    if (s.value) {
      out += fmt::format("  {} = {:.3g}{}{}\n", s.title, *s.value,
                         s.log2_value ? fmt::format(" (log2 {:.3g})", *s.log2_value) : "",
                         s.category.empty() ? "" : ": " + s.category);
    } else {
      out +=
          fmt::format("  {}: not computable (missing: {})\n", s.title, fmt::join(s.missing, ", "));
    }
    for (const auto& i : s.inputs) {
      out += fmt::format("      {} {:g} {}{}\n", i.name, i.value, i.unit,
                         i.at_hours ? fmt::format(" at {:g} h", *i.at_hours) : "");
    }
    out += fmt::format("      rule: {}\n", clinical::cite(s.citation));
  }
  out += fmt::format("Suggestions ({}):\n", a.guideline);
  if (a.guidance.icu) out += fmt::format("  * ICU: {}\n", a.guidance.icu_reason);
  for (const auto& s : a.guidance.suggestions) {
    if (s.withheld) {
      out += fmt::format("  x WITHHELD {}: {}\n      reason: {}\n", clinical::name(s.action),
                         s.text, s.withheld_reason);
    } else {
      out += fmt::format("  * {}: {}\n", clinical::name(s.action), s.text);
    }
    for (const auto& n : s.notes) out += fmt::format("      note: {}\n", n);
    out += fmt::format("      row {}: {}\n", s.row, clinical::cite(s.citation));
  }
  out += fmt::format("{}\n", a.guidance.disclaimer);
  return out;
}

}  // namespace cytostorm::io
