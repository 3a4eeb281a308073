#include "cytostorm/record/event_time.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "number.hpp"

namespace cytostorm::record {

namespace {

// Reads exactly `digits` decimal digits at `pos`.
bool fixed_int(std::string_view s, std::size_t& pos, int digits, int& out) {
  if (pos + static_cast<std::size_t>(digits) > s.size()) return false;
  const char* first = s.data() + pos;
  const char* last = first + digits;
  auto [ptr, ec] = std::from_chars(first, last, out);
  if (ec != std::errc{} || ptr != last) return false;
  pos += static_cast<std::size_t>(digits);
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

std::optional<TimePoint> parse_iso(std::string_view s, std::string& error) {
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  double frac = 0.0;
  const auto bad = [&](const char* what) {
    error = fmt::format("malformed ISO 8601 time \"{}\": {}", s, what);
    return std::nullopt;
  };
  if (!fixed_int(s, pos, 4, y) || !expect(s, pos, '-') || !fixed_int(s, pos, 2, mo) ||
      !expect(s, pos, '-') || !fixed_int(s, pos, 2, d)) {
    return bad("expected YYYY-MM-DD");
  }
  if (!expect(s, pos, 'T') && !expect(s, pos, ' ')) return bad("expected 'T' before the time");
  if (!fixed_int(s, pos, 2, h) || !expect(s, pos, ':') || !fixed_int(s, pos, 2, mi)) {
    return bad("expected hh:mm");
  }
  if (expect(s, pos, ':')) {
    if (!fixed_int(s, pos, 2, sec)) return bad("expected seconds as ss");
    if (expect(s, pos, '.')) {
      const std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return bad("expected digits after '.'");
      frac = std::stod("0." + std::string(s.substr(start, pos - start)));
    }
  }
  int offset_minutes = 0;
  if (expect(s, pos, 'Z')) {
    // UTC
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!fixed_int(s, pos, 2, oh)) return bad("expected an offset as +hh:mm");
    expect(s, pos, ':');
    if (!fixed_int(s, pos, 2, om) || oh > 14 || om > 59) return bad("expected an offset as +hh:mm");
    offset_minutes = sign * (oh * 60 + om);
  }
  if (pos != s.size()) return bad("unexpected characters at the end");
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return bad("no such date");
  if (h > 23 || mi > 59 || sec > 60) return bad("no such time of day");
  const int local_day = date::sys_days{ymd}.time_since_epoch().count();
  TimePoint t;
  t.absolute = true;
  t.local_day = local_day;
  t.offset_hours = offset_minutes / 60.0;
  t.epoch_hours = local_day * 24.0 + h + mi / 60.0 + (sec + frac) / 3600.0 - t.offset_hours;
  return t;
}

}  // namespace

std::optional<TimePoint> parse_time(std::string_view text, std::string& error) {
  if (text.empty()) {
    error = "time is empty";
    return std::nullopt;
  }
  if (text.size() >= 10 && text[4] == '-') return parse_iso(text, error);
  const auto parsed = detail::parse_number(text);
  if (!parsed) {
    error = fmt::format(
        "malformed time \"{}\": expected hours since infusion (a number) or an ISO 8601 "
        "date-time such as 2024-03-01T08:00:00Z",
        text);
    return std::nullopt;
  }
  const double hours = *parsed;
  if (std::fabs(hours) > 24.0 * 3650) {
    error = fmt::format("time {} h is out of range (within 10 years of the infusion)", text);
    return std::nullopt;
  }
  TimePoint t;
  t.hours = hours;
  return t;
}

std::string distance_problem(double hours) {
  if (std::abs(hours) <= kMaxHoursFromInfusion) return {};
  return fmt::format("{:.0f} days from the infusion: more than {:g} years away (a mistyped year?)",
                     hours / 24.0, kMaxYearsFromInfusion);
}

}  // namespace cytostorm::record
