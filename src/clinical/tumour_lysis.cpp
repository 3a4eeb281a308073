#include "cytostorm/clinical/tumour_lysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::clinical {

namespace {

// A cut-off in one unit (an empty unit: the criterion has no second unit).
struct Cutoff {
  std::string_view unit;
  double limit;
};

// One laboratory criterion: the analyte, whether it is abnormal above (uric acid, potassium,
// phosphate) or below (calcium) the cut-off, and its cut-offs by unit.
struct CriterionSpec {
  TlsCriterion criterion;
  std::string_view analyte;
  bool high;
  std::array<Cutoff, 2> adult;
  std::array<Cutoff, 2> child;
};

constexpr std::array<CriterionSpec, 4> kCriteria{{
    {TlsCriterion::uric_acid,
     "uric_acid",
     true,
     {{{"umol/L", 476.0}, {"mg/dL", 8.0}}},
     {{{"umol/L", 476.0}, {"mg/dL", 8.0}}}},
    {TlsCriterion::potassium,
     "potassium",
     true,
     {{{"mmol/L", 6.0}, {"", 0.0}}},
     {{{"mmol/L", 6.0}, {"", 0.0}}}},
    {TlsCriterion::phosphate,
     "phosphate",
     true,
     {{{"mmol/L", 1.45}, {"mg/dL", 4.5}}},
     {{{"mmol/L", 2.1}, {"mg/dL", 6.5}}}},
    {TlsCriterion::calcium,
     "calcium",
     false,
     {{{"mmol/L", 1.75}, {"mg/dL", 7.0}}},
     {{{"mmol/L", 1.75}, {"mg/dL", 7.0}}}},
}};

constexpr double kRise = 1.25;  // the 25% rules
constexpr double kFall = 0.75;

const Source& source_of(TlsRuleSet rule_set) {
  return rule_set == TlsRuleSet::howard_2011 ? sources::howard2011 : sources::cairo_bishop;
}

// A value of one criterion's analyte, as the criterion compares it: calcium corrected for
// albumin when an albumin is known.
struct Reading {
  double value = 0.0;  // in `unit`
  std::string unit;
  double hours = 0.0;
  std::string text;  // "corrected calcium 6.9 mg/dL at 12 h (measured ..., albumin ...)"
};

// The latest albumin at or before `hours`.
const LabValue* albumin_before(const std::vector<LabValue>& labs, double hours) {
  const LabValue* found = nullptr;
  for (const auto& l : labs) {
    if (l.analyte != "albumin" || l.hours > hours) continue;
    if (!found || l.hours >= found->hours) found = &l;
  }
  return found;
}

// The reading of `lab` for its criterion; nothing (with a note) when a unit cannot be used.
std::optional<Reading> reading(const LabValue& lab, const std::vector<LabValue>& labs,
                               std::vector<std::string>& notes) {
  if (lab.analyte != "calcium") return Reading{lab.value, lab.unit, lab.hours, describe(lab)};
  const auto calcium_mg = value_in(lab, "mg/dL");
  if (!calcium_mg) {
    notes.push_back(fmt::format("{}: unit not convertible, not used", describe(lab)));
    return std::nullopt;
  }
  const LabValue* albumin = albumin_before(labs, lab.hours);
  const auto albumin_g = albumin ? value_in(*albumin, "g/dL") : std::nullopt;
  if (!albumin_g) {
    notes.push_back(fmt::format(
        "{}: no albumin at or before it, measured calcium used instead of corrected calcium",
        describe(lab)));
    return Reading{lab.value, lab.unit, lab.hours, describe(lab) + " (not corrected)"};
  }
  const double corrected_mg = corrected_calcium_mg_dl(*calcium_mg, *albumin_g);
  const double corrected = *convert_lab("calcium", corrected_mg, "mg/dL", lab.unit);
  return Reading{
      corrected, lab.unit, lab.hours,
      fmt::format("corrected calcium {:.3g} {} at {:g} h (measured {:g} {}, {})", corrected,
                  lab.unit, lab.hours, lab.value, lab.unit, describe(*albumin))};
}

// The cut-off of `spec` in `unit`, or nothing when the criterion has none in that unit.
std::optional<Cutoff> cutoff_in(const CriterionSpec& spec, bool child, std::string_view unit) {
  for (const auto& c : child ? spec.child : spec.adult) {
    if (c.unit == unit) return c;
  }
  return std::nullopt;
}

// The baseline of `spec`'s analyte: its last reading at or before the start of therapy.
std::optional<Reading> baseline_of(const CriterionSpec& spec, const TlsInput& input,
                                   std::vector<std::string>& notes) {
  const LabValue* last = nullptr;
  for (const auto& l : input.labs) {
    if (l.analyte != spec.analyte || l.hours > input.therapy_start_hours) continue;
    if (!last || l.hours >= last->hours) last = &l;
  }
  if (!last) return std::nullopt;
  return reading(*last, input.labs, notes);
}

// Whether `r` meets `spec` by its cut-off, and the words for it.
std::optional<std::string> by_cutoff(const CriterionSpec& spec, const Reading& r, bool child) {
  const auto c = cutoff_in(spec, child, r.unit);
  if (!c) return std::nullopt;
  const bool met = spec.high ? at_least(r.value, c->limit) : at_most(r.value, c->limit);
  if (!met) return std::nullopt;
  return fmt::format("{} {} {:g} {}", r.text, spec.high ? ">=" : "<=", c->limit, c->unit);
}

// Whether `r` meets `spec` by the 25% rule against `baseline`, and the words for it.
std::optional<std::string> by_change(const CriterionSpec& spec, const Reading& r,
                                     const Reading& baseline) {
  if (r.hours <= baseline.hours) return std::nullopt;
  const auto base = convert_lab(spec.analyte, baseline.value, baseline.unit, r.unit);
  if (!base || *base <= 0.0) return std::nullopt;
  const bool met = spec.high ? at_least(r.value, kRise * *base) : at_most(r.value, kFall * *base);
  if (!met) return std::nullopt;
  return fmt::format("{}: {:+.0f}% from baseline {}", r.text, (r.value / *base - 1.0) * 100.0,
                     baseline.text);
}

std::string_view criterion_name(TlsCriterion c) {
  switch (c) {
    case TlsCriterion::uric_acid:
      return "uric acid";
    case TlsCriterion::potassium:
      return "potassium";
    case TlsCriterion::phosphate:
      return "phosphate";
    case TlsCriterion::calcium:
      return "corrected calcium";
  }
  return "?";
}

// The first abnormality of each criterion among `abnormalities` within [from, to].
std::vector<const TlsAbnormality*> first_of_each(const std::vector<TlsAbnormality>& abnormalities,
                                                 double from, double to) {
  std::vector<const TlsAbnormality*> out;
  std::set<TlsCriterion> seen;
  for (const auto& a : abnormalities) {
    if (a.hours < from || a.hours > to) continue;
    if (seen.insert(a.criterion).second) out.push_back(&a);
  }
  return out;
}

// The abnormalities that make laboratory TLS, or nothing: two criteria anywhere in the window
// (Cairo-Bishop) or within the same 24 h (Howard 2011).
std::vector<const TlsAbnormality*> laboratory_tls(const std::vector<TlsAbnormality>& abnormalities,
                                                  TlsRuleSet rule_set) {
  if (rule_set == TlsRuleSet::cairo_bishop_2004) {
    auto all = first_of_each(abnormalities, -1e300, 1e300);
    if (all.size() >= 2) return all;
    return {};
  }
  for (const auto& a : abnormalities) {
    auto within = first_of_each(abnormalities, a.hours, a.hours + 24.0);
    if (within.size() >= 2) return within;
  }
  return {};
}

}  // namespace

double corrected_calcium_mg_dl(double calcium_mg_dl, double albumin_g_dl) {
  return calcium_mg_dl + 0.8 * (4.0 - albumin_g_dl);
}

int creatinine_tls_grade(double times_uln) {
  if (!at_least(times_uln, 1.5)) return 0;
  if (at_most(times_uln, 1.5)) return 1;
  if (at_most(times_uln, 3.0)) return 2;
  if (at_most(times_uln, 6.0)) return 3;
  return 4;
}

int arrhythmia_tls_grade(Arrhythmia severity) {
  return static_cast<int>(severity);
}

int seizure_tls_grade(TlsSeizure severity) {
  switch (severity) {
    case TlsSeizure::none:
      return 0;
    case TlsSeizure::brief_generalised_or_controlled:
      return 2;
    case TlsSeizure::consciousness_altered_or_poorly_controlled:
      return 3;
    case TlsSeizure::prolonged_repetitive_or_intractable:
      return 4;
  }
  return 0;
}

TlsLaboratoryFindings tls_laboratory_findings(const TlsInput& input, const TlsOptions& options) {
  TlsLaboratoryFindings out;
  const double from = input.therapy_start_hours - options.days_before * 24.0;
  const double to = input.therapy_start_hours + options.days_after * 24.0;
  out.notes.push_back(fmt::format(
      "window {:g} h to {:g} h: {:g} days before to {:g} days after the start of therapy at {:g} h",
      from, to, options.days_before, options.days_after, input.therapy_start_hours));
  const bool change_rule = options.rule_set == TlsRuleSet::cairo_bishop_2004;
  for (const auto& spec : kCriteria) {
    std::optional<Reading> baseline;
    if (change_rule) {
      baseline = baseline_of(spec, input, out.notes);
      if (!baseline) {
        out.notes.push_back(
            fmt::format("no {} at or before the start of therapy: its 25% rule cannot be applied",
                        criterion_name(spec.criterion)));
      }
    }
    for (const auto& lab : input.labs) {
      if (lab.analyte != spec.analyte || !at_least(lab.hours, from) || !at_most(lab.hours, to)) {
        continue;
      }
      const auto r = reading(lab, input.labs, out.notes);
      if (!r) continue;
      if (!cutoff_in(spec, input.child, r->unit)) {
        out.notes.push_back(fmt::format("{}: no cut-off in {}, not used", r->text, r->unit));
        continue;
      }
      auto text = by_cutoff(spec, *r, input.child);
      if (!text && baseline) text = by_change(spec, *r, *baseline);
      if (text) out.abnormalities.push_back({spec.criterion, r->hours, std::move(*text)});
    }
  }
  std::stable_sort(out.abnormalities.begin(), out.abnormalities.end(),
                   [](const auto& a, const auto& b) { return a.hours < b.hours; });
  if (!change_rule) out.notes.emplace_back("Howard 2011: within the same 24 h, no 25% rule");
  // A baseline that also lies in the window is read twice: say each thing once.
  std::vector<std::string> notes;
  for (auto& n : out.notes) {
    if (std::find(notes.begin(), notes.end(), n) == notes.end()) notes.push_back(std::move(n));
  }
  out.notes = std::move(notes);
  return out;
}

std::vector<Flag> tumour_lysis_flags(const TlsInput& input, const TlsOptions& options) {
  const auto findings = tls_laboratory_findings(input, options);
  const auto lab = laboratory_tls(findings.abnormalities, options.rule_set);
  if (lab.empty()) return {};
  const Source& source = source_of(options.rule_set);
  Flag laboratory;
  laboratory.key = "tls_laboratory";
  laboratory.title = fmt::format("laboratory tumour lysis syndrome ({})", source.short_name);
  for (const auto* a : lab) laboratory.evidence.push_back(a->text);
  laboratory.notes = findings.notes;
  laboratory.citation =
      source.cite(options.rule_set == TlsRuleSet::howard_2011 ? "laboratory TLS, same 24 h"
                                                              : "laboratory TLS definition");

  // Clinical TLS: creatinine, arrhythmia and seizures within the same window.
  const double from = input.therapy_start_hours - options.days_before * 24.0;
  const double to = input.therapy_start_hours + options.days_after * 24.0;
  const auto in_window = [&](double h) { return at_least(h, from) && at_most(h, to); };
  Flag clinical;
  clinical.key = "tls_clinical";
  clinical.evidence = laboratory.evidence;
  clinical.notes = findings.notes;
  int grade = 0;
  const double uln = input.creatinine_uln_mg_dl.value_or(options.creatinine_uln_mg_dl);
  clinical.notes.push_back(
      input.creatinine_uln_mg_dl
          ? fmt::format("creatinine ULN {:g} mg/dL (given)", uln)
          : fmt::format("creatinine ULN {:g} mg/dL: an assumed adult value (option), not the "
                        "laboratory's",
                        uln));
  const LabValue* highest = nullptr;
  std::optional<double> highest_mg;
  for (const auto& l : input.labs) {
    if (l.analyte != "creatinine" || !in_window(l.hours)) continue;
    const auto mg = value_in(l, "mg/dL");
    if (!mg) {
      clinical.notes.push_back(fmt::format("{}: unit not convertible, not used", describe(l)));
      continue;
    }
    if (!highest_mg || *mg > *highest_mg) {
      highest = &l;
      highest_mg = mg;
    }
  }
  if (highest) {
    const double ratio = *highest_mg / uln;
    const int g = creatinine_tls_grade(ratio);
    if (g > 0) {
      grade = std::max(grade, g);
      clinical.evidence.push_back(
          fmt::format("{} = {:.2f} x ULN (grade {})", describe(*highest), ratio, g));
    }
  } else {
    clinical.notes.emplace_back("no creatinine in the window");
  }
  for (const auto& a : input.arrhythmias) {
    const int g = arrhythmia_tls_grade(a.severity);
    if (g == 0 || !in_window(a.hours)) continue;
    grade = std::max(grade, g);
    clinical.evidence.push_back(fmt::format(
        "{} at {:g} h (grade {})",
        a.severity == Arrhythmia::sudden_death ? "sudden death" : "arrhythmia", a.hours, g));
  }
  for (const auto& s : input.seizures) {
    const int g = seizure_tls_grade(s.severity);
    if (g == 0 || !in_window(s.hours)) continue;
    grade = std::max(grade, g);
    clinical.evidence.push_back(
        fmt::format("seizure ({}) at {:g} h (grade {})", s.text, s.hours, g));
  }
  std::vector<Flag> out{std::move(laboratory)};
  if (grade == 0) return out;
  clinical.grade = grade;
  // The clinical criteria and grades are Cairo-Bishop's under both rule sets.
  clinical.title = fmt::format("clinical tumour lysis syndrome, grade {} ({})", grade,
                               sources::cairo_bishop.short_name);
  clinical.citation = sources::cairo_bishop.cite("clinical TLS definition and grading");
  out.push_back(std::move(clinical));
  return out;
}

}  // namespace cytostorm::clinical
