#include "cytostorm/clinical/differential.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "cytostorm/clinical/car_hlh.hpp"
#include "cytostorm/clinical/encephalopathy_causes.hpp"
#include "cytostorm/clinical/fever.hpp"
#include "cytostorm/clinical/hemodynamics.hpp"
#include "cytostorm/clinical/infection_flags.hpp"
#include "cytostorm/clinical/infusion_reaction.hpp"
#include "cytostorm/clinical/risk_scores.hpp"

namespace cytostorm::clinical {

using record::Event;
using record::EventKind;
using record::PatientRecord;

namespace {

// The events of `kind` at or before `at_hours`.
std::vector<const Event*> events_of(const PatientRecord& r, EventKind kind, double at_hours) {
  std::vector<const Event*> out;
  for (const auto& e : r.events) {
    if (e.kind == kind && e.hours <= at_hours) out.push_back(&e);
  }
  return out;
}

// Every lab value at or before `at_hours`.
std::vector<LabValue> labs_up_to(const PatientRecord& r, double at_hours) {
  std::vector<LabValue> out;
  for (const auto* e : events_of(r, EventKind::lab, at_hours)) {
    if (e->value) out.push_back({std::string(e->item), *e->value, std::string(e->unit), e->hours});
  }
  return out;
}

// The last value of `analyte` at or before `hours`.
std::optional<LabValue> last_of(const std::vector<LabValue>& labs, std::string_view analyte,
                                double hours) {
  std::optional<LabValue> out;
  for (const auto& l : labs) {
    if (l.analyte == analyte && l.hours <= hours && (!out || l.hours >= out->hours)) out = l;
  }
  return out;
}

// The highest value of `analyte` in [from, to], compared in `unit`.
std::optional<LabValue> highest_of(const std::vector<LabValue>& labs, std::string_view analyte,
                                   std::string_view unit, double from, double to) {
  std::optional<LabValue> out;
  std::optional<double> best;
  for (const auto& l : labs) {
    if (l.analyte != analyte || l.hours < from || l.hours > to) continue;
    const auto v = value_in(l, unit);
    if (v && (!best || *v > *best)) {
      out = l;
      best = v;
    }
  }
  return out;
}

// The first lymphodepletion row at or before `at_hours`.
std::optional<double> lymphodepletion_hours(const PatientRecord& r, double at_hours) {
  const auto rows = events_of(r, EventKind::lymphodepletion, at_hours);
  if (rows.empty()) return std::nullopt;
  return rows.front()->hours;
}

// The Cairo-Bishop seizure severity of an event-table seizure word (the team's reading).
TlsSeizure tls_seizure(std::string_view item) {
  if (item == "brief_resolved") return TlsSeizure::brief_generalised_or_controlled;
  if (item == "nonconvulsive_eeg_resolved") {
    return TlsSeizure::consciousness_altered_or_poorly_controlled;
  }
  return TlsSeizure::prolonged_repetitive_or_intractable;
}

std::vector<Flag> tls_flags(const PatientRecord& r, const std::vector<LabValue>& labs,
                            double at_hours, const TlsOptions& options) {
  TlsInput in;
  in.labs = labs;
  std::vector<std::string> notes;
  const auto ld = lymphodepletion_hours(r, at_hours);
  if (options.therapy_start == TherapyStart::lymphodepletion && ld) {
    in.therapy_start_hours = *ld;
    notes.push_back(fmt::format("start of therapy: lymphodepletion at {:g} h (option)", *ld));
  } else if (options.therapy_start == TherapyStart::lymphodepletion) {
    notes.emplace_back("no lymphodepletion row: the infusion (0 h) taken as the start of therapy");
  } else {
    notes.emplace_back("start of therapy: the infusion (0 h) (option)");
  }
  if (r.age_years) {
    in.child = *r.age_years < options.child_below_age_years;
  } else {
    notes.emplace_back("age not recorded: the adult phosphate cut-off is used");
  }
  for (const auto* e : events_of(r, EventKind::seizure, at_hours)) {
    in.seizures.push_back({e->hours, tls_seizure(e->item), std::string(e->item)});
  }
  notes.emplace_back("arrhythmia is not in the event table: not assessed");
  notes.emplace_back(
      "seizure rows read as Cairo-Bishop seizure grades by the team: brief_resolved 2, "
      "nonconvulsive_eeg_resolved 3, prolonged and repetitive_no_baseline 4");
  auto flags = tumour_lysis_flags(in, options);
  for (auto& f : flags) f.notes.insert(f.notes.end(), notes.begin(), notes.end());
  return flags;
}

std::optional<Flag> car_hlh(const PatientRecord& r, const std::vector<LabValue>& labs,
                            double at_hours, const CourseContext& course) {
  if (!course.crs_onset_hours || *course.crs_onset_hours > at_hours) return std::nullopt;
  const double onset = *course.crs_onset_hours;
  double end = at_hours;
  if (course.crs_resolved_hours && *course.crs_resolved_hours >= onset) {
    end = std::min(end, *course.crs_resolved_hours);
  }
  CarHlhInput in;
  in.peak_ferritin = highest_of(labs, "ferritin", "ng/mL", onset, end);
  for (const auto* e : events_of(r, EventKind::organ_toxicity, at_hours)) {
    if (e->hours >= onset)
      in.organ_grades.push_back({std::string(e->item), static_cast<int>(*e->value), e->hours});
  }
  auto f = car_hlh_flag(in);
  if (f) {
    f->notes.push_back(fmt::format(
        "ferritin during CRS ({:g} h to {:g} h); organ toxicities from CRS onset to now", onset,
        end));
  }
  return f;
}

std::optional<Flag> infusion_reaction(const PatientRecord& r, double at_hours,
                                      const DifferentialOptions& options) {
  std::vector<TimedSign> signs;
  for (const auto& e : r.events) {
    if (e.hours > at_hours) break;
    if (e.kind == EventKind::vital && e.item == "temperature" && *e.value >= kFeverC) {
      signs.push_back({e.hours, fmt::format("temperature {:g} C", *e.value)});
    } else if (e.kind == EventKind::vital && e.item == "sbp") {
      const double limit = hypotension_sbp_limit(r.age_years, options.hypotension_screen);
      if (*e.value < limit) {
        signs.push_back({e.hours, fmt::format("SBP {:g} mmHg (< {:g} mmHg)", *e.value, limit)});
      }
    } else if (e.kind == EventKind::hypotension && e.item == "present") {
      signs.push_back({e.hours, "hypotension (clinician assessment)"});
    } else if (e.kind == EventKind::oxygen && e.item != "room_air" && e.note != "comfort" &&
               e.note != "airway_protection") {
      signs.push_back({e.hours, fmt::format("oxygen by {}", e.item)});
    } else if (e.kind == EventKind::sign && *e.value == 1.0) {
      signs.push_back({e.hours, fmt::format("sign: {}", e.item)});
    }
  }
  return infusion_reaction_flag(signs, 0.0, options.infusion_reaction_hours);
}

std::vector<Flag> infection(const PatientRecord& r, const std::vector<LabValue>& labs,
                            double at_hours, const CourseContext& course,
                            const DifferentialOptions& options) {
  InfectionInput in;
  in.at_hours = at_hours;
  in.crs_resolved_hours = course.crs_resolved_hours;
  in.weight_kg = r.weight_kg;
  for (const auto& l : labs) {
    if (l.analyte == "anc") in.anc.push_back(l);
  }
  for (const auto& e : r.events) {
    if (e.hours > at_hours) break;
    if (e.kind == EventKind::vital && e.item == "temperature") {
      in.temperatures.push_back({e.hours, e.day, *e.value});
    } else if (e.kind == EventKind::medication && e.item == "tocilizumab") {
      in.tocilizumab_hours.push_back(e.hours);
    } else if (e.kind == EventKind::medication && dexamethasone_equivalent_mg(e.item, 1.0)) {
      in.steroids.push_back({e.hours, std::string(e.item), e.value, std::string(e.unit)});
    }
  }
  auto flags = infection_flags(in, options);
  for (auto& f : flags) {
    f.notes.emplace_back("positive cultures are not in the event table: not checked");
  }
  return flags;
}

std::optional<Flag> encephalopathy(const PatientRecord& r, const std::vector<LabValue>& labs,
                                   double at_hours, const CourseContext& course,
                                   const std::vector<Flag>& infections,
                                   const DifferentialOptions& options) {
  std::vector<CauseFinding> findings;
  const auto consciousness = events_of(r, EventKind::consciousness, at_hours);
  if (!consciousness.empty() && consciousness.back()->note == "sedated") {
    const auto* e = consciousness.back();
    findings.push_back({EncephalopathyCause::sedatives, true,
                        fmt::format("consciousness '{}' at {:g} h recorded as caused by sedation",
                                    e->item, e->hours)});
  }
  if (const auto creatinine = last_of(labs, "creatinine", at_hours)) {
    if (const auto mg = value_in(*creatinine, "mg/dL")) {
      const double uln = options.tls.creatinine_uln_mg_dl;
      findings.push_back(
          {EncephalopathyCause::uremia, *mg > uln,
           fmt::format("{}, {:.2f} x the ULN {:g} mg/dL (option); urea is not in the event table",
                       describe(*creatinine), *mg / uln, uln)});
    }
  }
  const auto imaging = events_of(r, EventKind::neuroimaging, at_hours);
  const auto bleed = std::find_if(imaging.begin(), imaging.end(),
                                  [](const Event* e) { return e->item == "hemorrhage"; });
  if (bleed != imaging.end()) {
    findings.push_back({EncephalopathyCause::hemorrhage, true,
                        fmt::format("hemorrhage on neuroimaging at {:g} h", (*bleed)->hours)});
  } else if (!imaging.empty()) {
    findings.push_back({EncephalopathyCause::hemorrhage, false,
                        fmt::format("neuroimaging at {:g} h: {}, no hemorrhage",
                                    imaging.back()->hours, imaging.back()->item)});
  }
  if (!infections.empty()) {
    std::vector<std::string> keys;
    for (const auto& f : infections) keys.push_back(f.key);
    findings.push_back({EncephalopathyCause::sepsis, true,
                        fmt::format("infection flags raised: {}", fmt::join(keys, ", "))});
  }
  auto f = encephalopathy_checklist(course.icans_grade_now, findings);
  if (f) {
    f->notes.emplace_back(
        "sodium, glucose, ammonia, blood gases, cultures and CSF are not in the event table");
  }
  return f;
}

// "values at or before lymphodepletion at -120 h": the pre-lymphodepletion time point, and the
// time up to which values are taken.
std::pair<double, std::string> before_lymphodepletion(const PatientRecord& r, double at_hours) {
  if (const auto ld = lymphodepletion_hours(r, at_hours)) {
    return {*ld,
            fmt::format("time point: last values at or before lymphodepletion at {:g} h", *ld)};
  }
  if (at_hours < 0.0) {
    return {at_hours, fmt::format("time point: no lymphodepletion row yet, last values up to now "
                                  "({:g} h)",
                                  at_hours)};
  }
  return {0.0, "time point: no lymphodepletion row, last values at or before the infusion (0 h)"};
}

}  // namespace

std::vector<Flag> differential_flags(const record::PatientRecord& record, double at_hours,
                                     const CourseContext& course,
                                     const DifferentialOptions& options) {
  const auto labs = labs_up_to(record, at_hours);
  std::vector<Flag> out = tls_flags(record, labs, at_hours, options.tls);
  if (auto f = car_hlh(record, labs, at_hours, course)) out.push_back(std::move(*f));
  if (auto f = infusion_reaction(record, at_hours, options)) out.push_back(std::move(*f));
  auto infections = infection(record, labs, at_hours, course, options);
  auto checklist = encephalopathy(record, labs, at_hours, course, infections, options);
  for (auto& f : infections) out.push_back(std::move(f));
  if (checklist) out.push_back(std::move(*checklist));
  return out;
}

std::vector<RiskScore> risk_scores(const record::PatientRecord& record, double at_hours) {
  const auto labs = labs_up_to(record, at_hours);
  const auto time_point = before_lymphodepletion(record, at_hours);
  const std::string& pre_note = time_point.second;
  const auto before = [&](std::string_view analyte) {
    return last_of(labs, analyte, time_point.first);
  };
  const auto now = [&](std::string_view analyte) { return last_of(labs, analyte, at_hours); };
  std::vector<RiskScore> out;
  out.push_back(easix(before("ldh"), before("creatinine"), before("platelets"), true));
  out.back().notes.push_back(pre_note);
  out.push_back(modified_easix(now("ldh"), now("crp"), now("platelets")));
  out.back().notes.push_back(
      fmt::format("time point: latest values at or before {:g} h", at_hours));
  out.push_back(car_hematotox(before("platelets"), before("anc"), before("hemoglobin"),
                              before("crp"), before("ferritin")));
  out.back().notes.push_back(pre_note);
  constexpr double kHayWindowHours = 36.0;
  const double to = std::min(kHayWindowHours, at_hours);
  HayInput hay;
  hay.window_closed = at_hours >= kHayWindowHours;
  for (const auto& e : record.events) {
    if (e.hours > to) break;
    if (e.kind != EventKind::vital || e.item != "temperature" || e.hours < 0.0) continue;
    if (!hay.temperature_c || *e.value > *hay.temperature_c) {
      hay.temperature_c = e.value;
      hay.temperature_hours = e.hours;
    }
  }
  hay.mcp1 = highest_of(labs, "mcp1", "pg/mL", 0.0, to);
  out.push_back(hay_2017(hay));
  out.back().notes.push_back(
      fmt::format("time point: highest values from the infusion (0 h) to {:g} h", to));
  return out;
}

}  // namespace cytostorm::clinical
