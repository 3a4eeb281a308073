#include "cytostorm/clinical/ice.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace cytostorm::clinical {

IceScore score_ice(const record::IceInput& input) {
  IceScore s;
  if (input.items) {
    s.items = input.items;
    s.assessable_max = 0;
    for (std::size_t i = 0; i < kIceItemMax.size(); ++i) {
      const auto item = static_cast<record::IceItem>(i);
      const auto& it = (*input.items)[i];
      if (!it.points) {
        s.not_assessable.emplace_back(item, it.not_assessable_reason);
        continue;
      }
      if (*it.points < 0 || *it.points > kIceItemMax[i]) {
        throw std::invalid_argument(fmt::format("score_ice: item {} = {} outside 0-{}",
                                                record::name(item), *it.points, kIceItemMax[i]));
      }
      s.assessed_points += *it.points;
      s.assessable_max += kIceItemMax[i];
    }
    if (s.not_assessable.empty()) s.total = s.assessed_points;
  }
  if (input.total) {
    if (*input.total < 0 || *input.total > 10) {
      throw std::invalid_argument(fmt::format("score_ice: total = {} outside 0-10", *input.total));
    }
    if (s.total && *s.total != *input.total) {
      throw std::invalid_argument(
          fmt::format("score_ice: total {} differs from the item sum {}", *input.total, *s.total));
    }
    if (!input.items) {
      s.total = *input.total;
      s.assessed_points = *input.total;
    }
  }
  return s;
}

int ice_domain_grade(int total) {
  if (total < 0 || total > 10) {
    throw std::invalid_argument(fmt::format("ice_domain_grade: total = {} outside 0-10", total));
  }
  if (total == 10) return 0;
  if (total >= 7) return 1;
  if (total >= 3) return 2;
  return 3;
}

}  // namespace cytostorm::clinical
