#pragma once
/// @file
/// The `time` column: ISO 8601 date-times (with an optional offset) or hours since infusion.

#include <optional>
#include <string>
#include <string_view>

namespace cytostorm::record {

/// A parsed time: hours since infusion, or an absolute instant with its local calendar day.
struct TimePoint {
  bool absolute = false;
  double hours = 0.0;        ///< numeric style: hours since infusion
  double epoch_hours = 0.0;  ///< ISO style: hours since 1970-01-01T00:00Z (UTC)
  int local_day = 0;         ///< ISO style: days since 1970-01-01 of the local calendar date
};

/// Parses "2024-03-01T08:00:00Z", "2024-03-01T08:00+01:00", "2024-03-01 08:00:00.5" (no offset:
/// taken as written, UTC) or a plain number of hours such as "72" or "-4.5".
/// @return the time, or nothing with `error` saying what is wrong
std::optional<TimePoint> parse_time(std::string_view text, std::string& error);

/// The calendar day of `t` relative to `infusion` (day 0), and its hours since infusion.
/// Numeric times: day = floor(hours / 24).
void relative_to_infusion(const TimePoint& t, const std::optional<TimePoint>& infusion,
                          double& hours, int& day);

}  // namespace cytostorm::record
