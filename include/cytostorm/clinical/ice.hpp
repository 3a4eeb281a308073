#pragma once
/// @file
/// The Immune Effector Cell-associated Encephalopathy (ICE) score, 0-10 (clinical-rules.md
/// section 3), and the ASTCT 2019 ICE domain of ICANS.

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {

/// The highest score of each ICE item, in IceItem order: orientation 4, naming 3, commands 1,
/// writing 1, attention 1.
inline constexpr std::array<int, 5> kIceItemMax{4, 3, 1, 1, 1};

/// A scored ICE assessment.
struct IceScore {
  std::optional<int> total;  ///< 0-10, nothing when an item was not assessable
  int assessed_points = 0;   ///< sum of the items that were assessed
  int assessable_max = 10;   ///< highest score the assessed items allow
  std::vector<std::pair<record::IceItem, std::string>> not_assessable;  ///< item and reason
  std::optional<std::array<record::ScoreItem, 5>> items;                ///< when given by item
};

/// Scores an ICE assessment. A not-assessable item is never scored 0: the total is then absent.
/// @throws std::invalid_argument when an item or total is outside its range (the readers check
///         ranges first, so this is a programming error)
IceScore score_ice(const record::IceInput& input);

/// The ASTCT 2019 ICANS grade of an ICE total: 10 -> 0, 7-9 -> 1, 3-6 -> 2, 0-2 -> 3 (grade 4
/// for ICE 0 in an unarousable patient is decided with the consciousness domain).
int ice_domain_grade(int total);

}  // namespace cytostorm::clinical
