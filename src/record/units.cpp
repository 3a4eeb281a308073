#include "cytostorm/record/units.hpp"

namespace cytostorm::record {

std::optional<double> convert_rate(double rate, DoseRateUnit from, DoseRateUnit target,
                                   std::optional<double> weight_kg) {
  if (from == target) return rate;
  if (from == DoseRateUnit::units_min || target == DoseRateUnit::units_min) return std::nullopt;
  if (!weight_kg || *weight_kg <= 0.0) return std::nullopt;
  return from == DoseRateUnit::ug_kg_min ? rate * *weight_kg : rate / *weight_kg;
}

}  // namespace cytostorm::record
