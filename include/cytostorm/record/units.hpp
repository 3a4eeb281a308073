#pragma once
/// @file
/// Unit conversions that the readers and the rules share, written once.

#include <optional>

#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::record {

/// Degrees Fahrenheit to degrees Celsius.
constexpr double fahrenheit_to_celsius(double f) {
  return (f - 32.0) * 5.0 / 9.0;
}

/// Degrees Celsius to degrees Fahrenheit.
constexpr double celsius_to_fahrenheit(double c) {
  return c * 9.0 / 5.0 + 32.0;
}

/// A vasoactive rate converted to `target` units, or nothing when the conversion needs the
/// weight and none is known, or when the units cannot be converted (U/min against ug/min).
/// @param rate the rate in `from` units
/// @param from the units of `rate`
/// @param target the wanted units
/// @param weight_kg the patient's weight, needed between ug/min and ug/kg/min
std::optional<double> convert_rate(double rate, DoseRateUnit from, DoseRateUnit target,
                                   std::optional<double> weight_kg);

}  // namespace cytostorm::record
