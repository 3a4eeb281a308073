#pragma once
/// @file
/// The Cornell Assessment of Pediatric Delirium (CAPD), 0-32 (clinical-rules.md section 4).

#include <optional>

#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {

/// A CAPD total of at least this is a positive delirium screen.
inline constexpr int kCapdPositive = 9;

/// A scored CAPD assessment.
struct CapdScore {
  std::optional<int> total;  ///< 0-32; nothing when the CAPD could not be performed
  bool positive = false;     ///< total >= 9
  bool unable_to_perform = false;
};

/// The points of one answer: eye contact, purposeful actions, awareness and communicating needs
/// are reverse-scored (never = 4 ... always = 0); the other four score never = 0 ... always = 4.
int capd_points(record::CapdItem item, record::CapdFrequency answer);

/// Scores a CAPD assessment.
/// @throws std::invalid_argument when a given total is outside 0-32 or differs from the answers
CapdScore score_capd(const record::CapdInput& input);

}  // namespace cytostorm::clinical
