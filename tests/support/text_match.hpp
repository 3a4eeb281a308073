#pragma once
// Looking for words in the texts a result carries (drivers, evidence, notes).

#include <string>
#include <string_view>
#include <vector>

namespace cytostorm::testing {

/// True when `needle` occurs in `haystack`.
inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

/// True when `needle` occurs in one of `texts`.
inline bool any_contains(const std::vector<std::string>& texts, std::string_view needle) {
  for (const auto& t : texts) {
    if (contains(t, needle)) return true;
  }
  return false;
}

}  // namespace cytostorm::testing
