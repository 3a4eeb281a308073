#include "cytostorm/clinical/astct_crs.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cytostorm/clinical/fever.hpp"
#include "cytostorm/clinical/hemodynamics.hpp"
#include "cytostorm/clinical/oxygen.hpp"
#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::clinical {

using record::OxygenDevice;
using record::VasoactiveDrug;

namespace {

void grade_hypotension(const record::Snapshot& s, const RuleOptions& options, GradeBuilder& b) {
  for (const auto& v : s.vasoactives) {
    if (!is_vasopressor(v.drug)) {
      b.note(fmt::format("{} is an inotrope: not counted as a vasopressor", record::name(v.drug)));
    }
  }
  const auto running = running_vasopressors(s);
  const auto hypotension = assess_hypotension(s, options.hypotension_screen);
  if (s.attributed.hypotension) {
    if (!running.empty() || (hypotension && hypotension->present)) {
      b.note("hypotension attributed to another cause: not counted");
    }
    return;
  }
  std::vector<record::VasoactiveInfusion> counted;
  std::copy_if(running.begin(), running.end(), std::back_inserter(counted),
               [](const auto& v) { return v.drug != VasoactiveDrug::vasopressin; });
  const bool vasopressin = counted.size() < running.size();
  if (counted.size() >= 2) {
    b.finding(4, "vasopressors",
              fmt::format("several vasopressors: {}{}", drug_list(counted),
                          vasopressin ? " (vasopressin also running, not counted)" : ""));
  } else if (counted.size() == 1) {
    b.finding(3, "vasopressors",
              vasopressin ? fmt::format("one vasopressor with vasopressin: {} (vasopressin never "
                                        "counts toward several)",
                                        drug_list(running))
                          : fmt::format("one vasopressor: {}", drug_list(counted)));
  } else if (vasopressin) {
    b.finding(3, "vasopressors",
              "vasopressin alone: graded as one vasopressor (team reading of \"one vasopressor "
              "with or without vasopressin\")");
  } else if (hypotension && hypotension->present) {
    b.finding(2, "hypotension",
              fmt::format("hypotension not needing vasopressors ({})", hypotension->basis));
  }
}

void grade_hypoxia(const record::Snapshot& s, const RuleOptions& options, GradeBuilder& b) {
  const auto o = counted_oxygen(s, options, b);
  if (!o) return;
  const std::string what = describe(*o);
  switch (o->device) {
    case OxygenDevice::room_air:
      return;
    case OxygenDevice::blow_by:
      b.finding(2, "oxygen", fmt::format("{}: low-flow oxygen", what));
      return;
    case OxygenDevice::nasal_cannula:
      if (!o->flow_l_min) {
        b.finding(2, "oxygen", fmt::format("{}, flow not recorded: at least low flow", what));
        b.unknown(3, "oxygen.flow_l_min");
      } else if (*o->flow_l_min <= kLowFlowMaxLMin) {
        b.finding(2, "oxygen",
                  fmt::format("{}: low-flow nasal cannula (<= {:g} L/min)", what, kLowFlowMaxLMin));
      } else {
        b.finding(3, "oxygen",
                  fmt::format("{}: high-flow nasal cannula (> {:g} L/min)", what, kLowFlowMaxLMin));
      }
      return;
    case OxygenDevice::high_flow_nasal_cannula:
      b.finding(3, "oxygen", fmt::format("{}: high-flow nasal cannula", what));
      return;
    case OxygenDevice::simple_facemask:
    case OxygenDevice::non_rebreather:
    case OxygenDevice::venturi:
      b.finding(3, "oxygen", fmt::format("{}: mask oxygen, grade 3 at any flow", what));
      return;
    case OxygenDevice::cpap:
    case OxygenDevice::bipap:
    case OxygenDevice::mechanical_ventilation:
      b.finding(4, "oxygen", fmt::format("{}: positive pressure", what));
      return;
  }
}

}  // namespace

GradeResult grade_astct_crs(const record::Snapshot& s, const RuleOptions& options) {
  GradeBuilder b;
  if (s.death == record::DeathCause::crs) {
    b.finding(5, "death", "death from CRS with no other principal cause");
  }
  const bool fever = counted_fever(s, 1, b);
  if (!fever && s.fever_masked) {
    b.note(
        "fever not required: CRS established and then treated with an antipyretic or "
        "anti-cytokine drug (masked fever)");
  }
  if (fever || s.fever_masked) {
    grade_hypotension(s, options, b);
    grade_hypoxia(s, options, b);
  } else {
    // Without fever there is no CRS; say what was seen so that nobody misses it.
    GradeBuilder ignored;
    grade_hypotension(s, options, ignored);
    grade_hypoxia(s, options, ignored);
    auto seen = std::move(ignored).result("astct", {});
    for (const auto& d : seen.drivers) {
      b.note(fmt::format("{}: not CRS without fever (no prior CRS treated with a masking drug)",
                         d.text));
    }
    for (auto& n : seen.notes) b.note(std::move(n));
  }
  return std::move(b).result("astct", sources::astct2019.cite("CRS consensus grading table"));
}

}  // namespace cytostorm::clinical
