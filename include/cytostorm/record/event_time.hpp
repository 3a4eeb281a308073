#pragma once
/// @file
/// The `time` column: ISO 8601 date-times (with an optional offset) or hours since infusion.

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace cytostorm::record {

/// A parsed time: hours since infusion, or an absolute instant with its local calendar day.
struct TimePoint {
  bool absolute = false;
  double hours = 0.0;         ///< numeric style: hours since infusion
  double epoch_hours = 0.0;   ///< ISO style: hours since 1970-01-01T00:00Z (UTC)
  int local_day = 0;          ///< ISO style: days since 1970-01-01 of the local calendar date
  double offset_hours = 0.0;  ///< ISO style: the written UTC offset
};

/// Parses "2024-03-01T08:00:00Z", "2024-03-01T08:00+01:00", "2024-03-01 08:00:00.5" (no offset:
/// taken as written, UTC) or a plain number of hours such as "72" or "-4.5".
/// @return the time, or nothing with `error` saying what is wrong
std::optional<TimePoint> parse_time(std::string_view text, std::string& error);

/// Where a time falls relative to the infusion.
struct RelativeTime {
  double hours = 0.0;            ///< since the infusion
  int day = 0;                   ///< calendar day, infusion day = 0
  double day_start_hours = 0.0;  ///< hours since infusion at which that calendar day began
};

/// Places `t` relative to `infusion`. Numeric times: day = floor(hours / 24). ISO times: the
/// calendar day in the time's own written offset, minus the infusion's calendar day.
/// (Inline: the readers place every row with it.)
inline RelativeTime relative_to_infusion(const TimePoint& t,
                                         const std::optional<TimePoint>& infusion) {
  RelativeTime r;
  if (!t.absolute) {
    r.hours = t.hours;
    r.day = static_cast<int>(std::floor(t.hours / 24.0));
    r.day_start_hours = r.day * 24.0;
    return r;
  }
  if (!infusion) return r;
  r.hours = t.epoch_hours - infusion->epoch_hours;
  r.day = t.local_day - infusion->local_day;
  r.day_start_hours = (t.local_day * 24.0 - t.offset_hours) - infusion->epoch_hours;
  return r;
}

/// A course is followed day by day: a time decades from the infusion (a mistyped year) would make
/// every output hold hundreds of thousands of days, so it is refused.
inline constexpr double kMaxYearsFromInfusion = 10.0;

/// kMaxYearsFromInfusion in hours (years of 365.25 days).
inline constexpr double kMaxHoursFromInfusion = kMaxYearsFromInfusion * 365.25 * 24.0;

/// What is wrong with a time `hours` from the infusion: empty when it is within
/// kMaxYearsFromInfusion of it.
std::string distance_problem(double hours);

}  // namespace cytostorm::record
