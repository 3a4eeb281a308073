#include "cytostorm/clinical/oxygen.hpp"

#include <fmt/format.h>

namespace cytostorm::clinical {

using record::OxygenDevice;
using record::OxygenPurpose;

bool is_positive_pressure(OxygenDevice device) {
  return device == OxygenDevice::cpap || device == OxygenDevice::bipap ||
         device == OxygenDevice::mechanical_ventilation;
}

std::optional<record::OxygenSupport> counted_oxygen(const record::Snapshot& s,
                                                    const RuleOptions& options, GradeBuilder& b) {
  if (!s.oxygen || s.oxygen->device == OxygenDevice::room_air) return std::nullopt;
  const auto& o = *s.oxygen;
  if (o.purpose == OxygenPurpose::comfort) {
    b.note(fmt::format("{} given for comfort without hypoxia: not counted", describe(o)));
    return std::nullopt;
  }
  if (o.purpose == OxygenPurpose::airway_protection && options.exclude_airway_protection_oxygen) {
    b.note(fmt::format("{} for airway protection because of neurotoxicity: not counted toward CRS",
                       describe(o)));
    b.unverified("airway-protection oxygen excluded from CRS (clinical-rules.md section 1 rule 6)");
    return std::nullopt;
  }
  if (s.attributed.hypoxia) {
    b.note(fmt::format("{}: hypoxia attributed to another cause, not counted", describe(o)));
    return std::nullopt;
  }
  return o;
}

std::string describe(const record::OxygenSupport& o) {
  std::string out(record::name(o.device));
  for (auto& c : out) {
    if (c == '_') c = ' ';
  }
  if (o.flow_l_min) out += fmt::format(" {:g} L/min", *o.flow_l_min);
  if (o.fio2_pct) out += fmt::format(", FiO2 {:g}%", *o.fio2_pct);
  return out;
}

void grade_fio2(const record::OxygenSupport& o, GradeBuilder& b) {
  if (!o.fio2_pct) {
    b.finding(2, "oxygen", fmt::format("{}: oxygen needed, FiO2 not recorded", describe(o)));
    b.unknown(3, "oxygen.fio2_pct");
    return;
  }
  const bool high = *o.fio2_pct >= kHighFio2Pct;
  b.finding(high ? 3 : 2, "oxygen",
            fmt::format("{}: FiO2 {} {:g}%", describe(o), high ? ">=" : "<", kHighFio2Pct));
}

}  // namespace cytostorm::clinical
