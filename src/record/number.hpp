#pragma once
// Private: reading a number from a field of the event table, shared by the value and the time
// columns.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cytostorm::record::detail {

// The finite number that is all of `s` (std::from_chars' syntax), or nothing. The usual plain
// decimals ("37.2", "-4", "120") are read directly: with at most 15 digits in all, the digits
// and the power of ten are exact doubles, so one division rounds exactly as from_chars does.
inline std::optional<double> parse_number(std::string_view s) {
  static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6, 1e7,
                                            1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14};
  const char* p = s.data();
  const char* const end = p + s.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  std::uint64_t digits = 0;
  int count = 0, decimals = 0;
  const char* const integer = p;
  for (; p != end && *p >= '0' && *p <= '9'; ++p, ++count)
    digits = digits * 10 + static_cast<std::uint64_t>(*p - '0');
  const bool has_integer = p != integer;
  if (has_integer && p != end && *p == '.') {
    const char* const fraction = ++p;
    for (; p != end && *p >= '0' && *p <= '9'; ++p, ++count)
      digits = digits * 10 + static_cast<std::uint64_t>(*p - '0');
    decimals = static_cast<int>(p - fraction);
    if (decimals == 0) p = integer;  // "1.": left to from_chars
  }
  if (has_integer && p == end && count <= 15) {
    const double x = static_cast<double>(digits) / kPowersOfTen[decimals];
    return negative ? -x : x;
  }
  double x = 0.0;
  auto [ptr, ec] = std::from_chars(s.data(), end, x);
  if (ec != std::errc{} || ptr != end || !std::isfinite(x)) return std::nullopt;
  return x;
}

}  // namespace cytostorm::record::detail
