#include "cytostorm/clinical/lab_value.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace cytostorm::clinical {

namespace {

// One conversion: `to` = `from` x factor.
struct Conversion {
  std::string_view analyte, from, to;
  double factor;
};

constexpr std::array<Conversion, 8> kConversions{{
    {"uric_acid", "mg/dL", "umol/L", kUricAcidUmolPerMg},
    {"phosphate", "mg/dL", "mmol/L", kPhosphateMmolPerMg},
    {"calcium", "mg/dL", "mmol/L", kCalciumMmolPerMg},
    {"creatinine", "mg/dL", "umol/L", kCreatinineUmolPerMg},
    {"crp", "mg/dL", "mg/L", 10.0},
    {"hemoglobin", "g/dL", "g/L", 10.0},
    {"albumin", "g/dL", "g/L", 10.0},
    {"ferritin", "ng/mL", "ug/L", 1.0},
}};

constexpr double kTolerance = 1e-9;

double tolerance(double limit) {
  return kTolerance * std::max(1.0, std::abs(limit));
}

}  // namespace

std::optional<double> convert_lab(std::string_view analyte, double value, std::string_view from,
                                  std::string_view to) {
  if (from == to) return value;
  for (const auto& c : kConversions) {
    if (c.analyte != analyte) continue;
    if (c.from == from && c.to == to) return value * c.factor;
    if (c.from == to && c.to == from) return value / c.factor;
  }
  return std::nullopt;
}

std::optional<double> value_in(const LabValue& lab, std::string_view unit) {
  return convert_lab(lab.analyte, lab.value, lab.unit, unit);
}

std::string analyte_name(std::string_view analyte) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kNames{{
      {"crp", "CRP"},
      {"ldh", "LDH"},
      {"anc", "ANC"},
      {"mcp1", "MCP-1"},
      {"il6", "IL-6"},
      {"ifng", "IFN-gamma"},
  }};
  for (const auto& [item, name] : kNames) {
    if (item == analyte) return std::string(name);
  }
  std::string out(analyte);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string describe(const LabValue& lab) {
  return fmt::format("{} {:g} {} at {:g} h", analyte_name(lab.analyte), lab.value, lab.unit,
                     lab.hours);
}

bool at_least(double value, double limit) {
  return value >= limit - tolerance(limit);
}

bool at_most(double value, double limit) {
  return value <= limit + tolerance(limit);
}

}  // namespace cytostorm::clinical
