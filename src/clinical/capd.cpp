#include "cytostorm/clinical/capd.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace cytostorm::clinical {

int capd_points(record::CapdItem item, record::CapdFrequency answer) {
  const int frequency = static_cast<int>(answer);
  const bool reverse = static_cast<int>(item) < static_cast<int>(record::CapdItem::restless);
  return reverse ? 4 - frequency : frequency;
}

CapdScore score_capd(const record::CapdInput& input) {
  CapdScore s;
  s.unable_to_perform = input.unable_to_perform;
  if (input.answers) {
    int total = 0;
    for (std::size_t i = 0; i < input.answers->size(); ++i) {
      total += capd_points(static_cast<record::CapdItem>(i), (*input.answers)[i]);
    }
    s.total = total;
  }
  if (input.total) {
    if (*input.total < 0 || *input.total > 32) {
      throw std::invalid_argument(fmt::format("score_capd: total = {} outside 0-32", *input.total));
    }
    if (s.total && *s.total != *input.total) {
      throw std::invalid_argument(
          fmt::format("score_capd: total {} differs from the answers' {}", *input.total, *s.total));
    }
    s.total = input.total;
  }
  s.positive = s.total && *s.total >= kCapdPositive;
  return s;
}

}  // namespace cytostorm::clinical
