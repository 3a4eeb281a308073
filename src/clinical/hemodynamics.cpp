#include "cytostorm/clinical/hemodynamics.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cytostorm/record/units.hpp"

namespace cytostorm::clinical {

using record::DoseRateUnit;
using record::VasoactiveDrug;

double hypotension_sbp_limit(std::optional<double> age_years, const HypotensionScreen& screen) {
  if (age_years && *age_years < 1.0) return screen.infant_sbp_below;
  if (age_years && *age_years <= 10.0) {
    return screen.child_sbp_base + screen.child_sbp_per_year * *age_years;
  }
  return screen.adult_sbp_below;
}

std::optional<HypotensionFinding> assess_hypotension(const record::Snapshot& s,
                                                     const HypotensionScreen& screen) {
  if (s.hypotension) {
    return HypotensionFinding{*s.hypotension, *s.hypotension
                                                  ? "hypotension per clinician assessment"
                                                  : "no hypotension per clinician assessment"};
  }
  if (!s.sbp_mmhg) return std::nullopt;
  const double sbp = *s.sbp_mmhg;
  const double limit = hypotension_sbp_limit(s.age_years, screen);
  std::string group = s.age_years ? "age > 10 y" : "age not recorded: adult screen";
  if (s.age_years && *s.age_years < 1.0) {
    group = "age < 1 y";
  } else if (s.age_years && *s.age_years <= 10.0) {
    group = fmt::format("age {:g} y: {:g} + {:g} x age", *s.age_years, screen.child_sbp_base,
                        screen.child_sbp_per_year);
  }
  const bool low = sbp < limit;
  return HypotensionFinding{
      low, fmt::format("SBP {:g} mmHg {} {:g} mmHg ({}; Pediatric CARTOX screen)", sbp,
                       low ? "<" : ">=", limit, group)};
}

bool is_vasopressor(VasoactiveDrug drug) {
  return drug != VasoactiveDrug::dobutamine && drug != VasoactiveDrug::milrinone;
}

std::vector<record::VasoactiveInfusion> running_vasopressors(const record::Snapshot& s) {
  std::vector<record::VasoactiveInfusion> out;
  for (const auto& v : s.vasoactives) {
    if (is_vasopressor(v.drug) && (!v.dose || *v.dose > 0.0)) out.push_back(v);
  }
  return out;
}

std::string drug_list(const std::vector<record::VasoactiveInfusion>& infusions) {
  std::string out;
  for (std::size_t i = 0; i < infusions.size(); ++i) {
    if (i > 0) out += i + 1 == infusions.size() ? " and " : ", ";
    out += record::name(infusions[i].drug);
  }
  return out;
}

namespace {

// The rate of `v` in `unit`, or nothing (and the missing input recorded) when it cannot be had.
std::optional<double> rate_in(const record::VasoactiveInfusion& v, DoseRateUnit unit,
                              std::optional<double> weight_kg, std::vector<std::string>& missing) {
  const std::string drug(record::name(v.drug));
  if (!v.dose) {
    missing.push_back(fmt::format("vasopressors.{}.dose", drug));
    return std::nullopt;
  }
  if (!v.unit) {
    missing.push_back(fmt::format("vasopressors.{}.unit", drug));
    return std::nullopt;
  }
  auto r = record::convert_rate(*v.dose, *v.unit, unit, weight_kg);
  if (!r) missing.push_back("weight_kg");
  return r;
}

}  // namespace

HighDoseFinding assess_high_dose(const std::vector<record::VasoactiveInfusion>& running,
                                 std::optional<double> weight_kg,
                                 const HighDoseVasopressorTable& table) {
  HighDoseFinding f;
  std::vector<record::VasoactiveInfusion> others;
  bool vasopressin = false;
  for (const auto& v : running) {
    if (v.drug == VasoactiveDrug::vasopressin) {
      vasopressin = true;
    } else {
      others.push_back(v);
    }
  }
  if (others.empty()) {
    f.text = vasopressin ? "vasopressin alone: not high dose by the table" : "no vasopressor";
    return f;
  }
  // NE-equivalent of the non-vasopressin drugs, and each drug's own monotherapy threshold.
  double ne_eq = 0.0;
  double mono_rate = 0.0, mono_limit = 0.0;
  std::string mono_unit;
  std::optional<double> hours;
  for (const auto& v : others) {
    if (!v.hours) {
      f.missing.push_back(fmt::format("vasopressors.{}.hours", record::name(v.drug)));
    } else {
      hours = hours ? std::min(*hours, *v.hours) : *v.hours;
    }
    const bool dopamine = v.drug == VasoactiveDrug::dopamine;
    if (v.drug == VasoactiveDrug::angiotensin_ii) {
      f.missing.push_back("angiotensin_ii has no norepinephrine equivalent in the table");
      continue;
    }
    auto rate =
        rate_in(v, dopamine ? DoseRateUnit::ug_kg_min : DoseRateUnit::ug_min, weight_kg, f.missing);
    if (!rate) continue;
    switch (v.drug) {
      case VasoactiveDrug::norepinephrine:
        ne_eq += *rate;
        mono_limit = table.norepinephrine_ug_min;
        break;
      case VasoactiveDrug::epinephrine:
        ne_eq += *rate;
        mono_limit = table.epinephrine_ug_min;
        break;
      case VasoactiveDrug::phenylephrine:
        ne_eq += *rate / table.phenylephrine_divisor;
        mono_limit = table.phenylephrine_ug_min;
        break;
      case VasoactiveDrug::dopamine:
        ne_eq += *rate / table.dopamine_divisor;
        mono_limit = table.dopamine_ug_kg_min;
        break;
      default:
        break;
    }
    mono_rate = *rate;
    mono_unit = dopamine ? "ug/kg/min" : "ug/min";
  }
  if (std::any_of(f.missing.begin(), f.missing.end(),
                  [](const std::string& m) { return m.find(".hours") == std::string::npos; })) {
    f.level = HighDoseFinding::Level::unknown;
    f.text = "vasopressor doses incomplete: high-dose table cannot be applied";
    return f;
  }
  bool high = false;
  if (vasopressin) {
    high = ne_eq >= table.with_vasopressin_ne_eq_ug_min;
    f.text = fmt::format("vasopressin + NE-equivalent {:g} ug/min {} {:g}", ne_eq,
                         high ? ">=" : "<", table.with_vasopressin_ne_eq_ug_min);
  } else if (others.size() > 1) {
    high = ne_eq >= table.combination_ne_eq_ug_min;
    f.text = fmt::format("combination NE-equivalent {:g} ug/min {} {:g}", ne_eq, high ? ">=" : "<",
                         table.combination_ne_eq_ug_min);
  } else {
    high = mono_rate >= mono_limit;
    f.text = fmt::format("{} {:g} {} {} {:g}", record::name(others.front().drug), mono_rate,
                         mono_unit, high ? ">=" : "<", mono_limit);
  }
  if (!high) {
    f.missing.clear();  // low dose whatever the duration
    return f;
  }
  if (!f.missing.empty()) {
    f.level = HighDoseFinding::Level::unknown;
    f.text += ", duration not recorded";
    return f;
  }
  if (*hours < table.min_hours) {
    f.text += fmt::format(", but for {:g} h < {:g} h", *hours, table.min_hours);
    return f;
  }
  f.level = HighDoseFinding::Level::high;
  f.text += fmt::format(" for {:g} h", *hours);
  return f;
}

}  // namespace cytostorm::clinical
