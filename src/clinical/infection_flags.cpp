#include "cytostorm/clinical/infection_flags.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "cytostorm/clinical/fever.hpp"
#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::clinical {

namespace {

constexpr double kNeutropeniaAnc = 0.5;  // 10^9/L

std::string fever_text(const Temperature& t) {
  return fmt::format("temperature {:g} C at {:g} h (day {})", t.celsius, t.hours, t.day);
}

Flag infection_flag(std::string key, std::string_view what, const Temperature* fever) {
  Flag f;
  f.key = std::move(key);
  f.title = fmt::format("possible infection: {} (team rule)", what);
  if (fever) f.evidence.push_back(fever_text(*fever));
  f.notes.emplace_back("look for infection before putting the fever down to CRS; both can coexist");
  f.citation = sources::team.cite("infection flags (team rule)");
  return f;
}

// The latest fever within the window before now.
const Temperature* current_fever(const InfectionInput& in, double window_hours) {
  const Temperature* out = nullptr;
  for (const auto& t : in.temperatures) {
    if (t.hours > in.at_hours || t.hours <= in.at_hours - window_hours) continue;
    if (t.celsius < kFeverC) continue;
    if (!out || t.hours >= out->hours) out = &t;
  }
  return out;
}

// Since when the ANC has been below 0.5 at `hours` (every ANC from then on below it), or nothing.
std::optional<LabValue> neutropenic_since(const std::vector<LabValue>& anc, double hours) {
  std::vector<const LabValue*> before;
  for (const auto& a : anc) {
    if (a.hours <= hours && value_in(a, "10^9/L")) before.push_back(&a);
  }
  std::stable_sort(before.begin(), before.end(),
                   [](const LabValue* a, const LabValue* b) { return a->hours < b->hours; });
  std::optional<LabValue> since;
  for (auto it = before.rbegin(); it != before.rend(); ++it) {
    if (at_least(*value_in(**it, "10^9/L"), kNeutropeniaAnc)) break;
    since = **it;
  }
  return since;
}

// A steroid dose in mg, or nothing (with the reason) when it cannot be known.
std::optional<double> dose_mg(const SteroidDose& d, std::optional<double> weight_kg,
                              std::string& why) {
  static constexpr std::array<std::pair<std::string_view, double>, 3> kPerUnit{
      {{"mg", 1.0}, {"g", 1000.0}, {"ug", 0.001}}};
  if (!d.dose) {
    why = fmt::format("{} at {:g} h: dose not recorded, not counted", d.drug, d.hours);
    return std::nullopt;
  }
  for (const auto& [unit, factor] : kPerUnit) {
    if (d.unit == unit) return *d.dose * factor;
  }
  if (d.unit == "mg/kg") {
    if (weight_kg) return *d.dose * *weight_kg;
    why = fmt::format("{} {:g} mg/kg at {:g} h: no weight recorded, not counted", d.drug, *d.dose,
                      d.hours);
    return std::nullopt;
  }
  why = fmt::format("{} {:g} {} at {:g} h: unit not convertible, not counted", d.drug, *d.dose,
                    d.unit, d.hours);
  return std::nullopt;
}

}  // namespace

std::optional<double> dexamethasone_equivalent_mg(std::string_view drug, double mg) {
  static constexpr std::array<std::pair<std::string_view, double>, 3> kEquivalentMg{
      {{"dexamethasone", 0.75}, {"methylprednisolone", 4.0}, {"hydrocortisone", 20.0}}};
  for (const auto& [name, equivalent] : kEquivalentMg) {
    if (name == drug) return mg * 0.75 / equivalent;
  }
  return std::nullopt;
}

std::vector<Flag> infection_flags(const InfectionInput& in, const DifferentialOptions& options) {
  std::vector<Flag> out;
  const Temperature* fever = current_fever(in, options.fever_window_hours);
  if (fever && fever->day > options.infection_after_day) {
    auto f =
        infection_flag("infection_late_fever",
                       fmt::format("fever after day {:g}", options.infection_after_day), fever);
    out.push_back(std::move(f));
  }
  if (fever && in.crs_resolved_hours && fever->hours > *in.crs_resolved_hours) {
    auto f =
        infection_flag("infection_fever_after_crs_resolved", "fever after CRS had resolved", fever);
    f.evidence.push_back(fmt::format("CRS resolved at {:g} h", *in.crs_resolved_hours));
    out.push_back(std::move(f));
  }
  std::vector<const TimedSign*> cultures;
  for (const auto& c : in.positive_cultures) {
    if (c.hours <= in.at_hours) cultures.push_back(&c);
  }
  if (!cultures.empty()) {
    auto f = infection_flag("infection_positive_culture", "positive culture", nullptr);
    for (const auto* c : cultures)
      f.evidence.push_back(fmt::format("{} at {:g} h", c->text, c->hours));
    out.push_back(std::move(f));
  }
  if (!fever) return out;
  if (const auto since = neutropenic_since(in.anc, fever->hours)) {
    const double days = (fever->hours - since->hours) / 24.0;
    if (at_least(days, options.prolonged_neutropenia_days)) {
      auto f = infection_flag("infection_neutropenic_fever",
                              fmt::format("fever with ANC < 0.5 x 10^9/L for {:g} days or more",
                                          options.prolonged_neutropenia_days),
                              fever);
      f.evidence.push_back(
          fmt::format("ANC below 0.5 x 10^9/L since {} ({:.1f} days)", describe(*since), days));
      out.push_back(std::move(f));
    }
  }
  double dexamethasone = 0.0;
  std::vector<std::string> doses, uncounted;
  for (const auto& d : in.steroids) {
    if (d.hours > fever->hours || d.hours <= fever->hours - 24.0) continue;
    std::string why;
    const auto mg = dose_mg(d, in.weight_kg, why);
    const auto eq = mg ? dexamethasone_equivalent_mg(d.drug, *mg) : std::nullopt;
    if (!eq) {
      if (!why.empty()) uncounted.push_back(std::move(why));
      continue;
    }
    dexamethasone += *eq;
    doses.push_back(fmt::format("{} {:g} {} at {:g} h", d.drug, *d.dose, d.unit, d.hours));
  }
  if (!doses.empty() &&
      at_least(dexamethasone, options.high_dose_steroid_dexamethasone_mg_per_day)) {
    auto f = infection_flag("infection_fever_on_steroids", "fever on high-dose steroids", fever);
    for (auto& d : doses) f.evidence.push_back(std::move(d));
    f.evidence.push_back(fmt::format(
        "{:g} mg dexamethasone-equivalent in the 24 h up to the fever (high dose: >= {:g} mg/day)",
        dexamethasone, options.high_dose_steroid_dexamethasone_mg_per_day));
    f.notes.emplace_back(
        "equivalence: dexamethasone 0.75 mg = methylprednisolone 4 mg = hydrocortisone 20 mg");
    for (auto& u : uncounted) f.notes.push_back(std::move(u));
    out.push_back(std::move(f));
  }
  // The last tocilizumab dose before the fever, and an afebrile temperature between them.
  std::optional<double> dose;
  for (double h : in.tocilizumab_hours) {
    if (h < fever->hours && (!dose || h > *dose)) dose = h;
  }
  if (dose) {
    const Temperature* afebrile = nullptr;
    for (const auto& t : in.temperatures) {
      if (t.hours > *dose && t.hours < fever->hours && t.celsius < kFeverC) afebrile = &t;
    }
    if (afebrile) {
      auto f = infection_flag("infection_new_fever_after_tocilizumab",
                              "new fever after tocilizumab", fever);
      f.evidence.push_back(fmt::format("tocilizumab at {:g} h", *dose));
      f.evidence.push_back(fmt::format("afebrile in between: {}", fever_text(*afebrile)));
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace cytostorm::clinical
