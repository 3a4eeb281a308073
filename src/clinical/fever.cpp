#include "cytostorm/clinical/fever.hpp"

#include <fmt/format.h>

namespace cytostorm::clinical {

namespace {
// Tolerance for a temperature converted from Fahrenheit: 100.4 F is 38.0 C.
constexpr double kConversionTolerance = 1e-9;
}  // namespace

bool counted_fever(const record::Snapshot& s, int grade, GradeBuilder& b) {
  if (!s.temperature_c || *s.temperature_c < kFeverC - kConversionTolerance) return false;
  if (s.attributed.fever) {
    b.note(fmt::format("temperature {:.1f} C: fever attributed to another cause, not counted",
                       *s.temperature_c));
    return false;
  }
  b.finding(grade, "fever",
            fmt::format("temperature {:.1f} C: fever (>= {:.1f} C)", *s.temperature_c, kFeverC));
  return true;
}

}  // namespace cytostorm::clinical
