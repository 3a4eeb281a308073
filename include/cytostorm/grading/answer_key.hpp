#pragma once
/// @file
/// The answers a practice case asks for (`cytostorm practice`), as the bedside review gives
/// them: the ASTCT CRS and ICANS grades, the actions the guideline suggests and does not
/// withhold, the actions withheld by a dose limit, and the differential flags. A case file's
/// expected answers and the engine's are both an AnswerKey, so that one comparison serves the
/// trainer and the test that no wrong case ships.

#include <optional>
#include <string>
#include <vector>

#include "cytostorm/clinical/guideline.hpp"
#include "cytostorm/grading/advice.hpp"

namespace cytostorm::grading {

/// The right answers at one moment.
struct AnswerKey {
  std::optional<int> crs;    ///< ASTCT 2019 CRS grade; nothing when not derivable
  std::optional<int> icans;  ///< ASTCT 2019 ICANS grade; nothing when not derivable
  /// Suggested and not withheld, with `icu` when the rule set's ICU flag is raised; in
  /// vocabulary order, each once.
  std::vector<clinical::Action> actions;
  std::vector<clinical::Action> withheld;  ///< every suggestion of the action withheld; same order
  std::vector<std::string> flags;          ///< differential flag keys, sorted, once each

  bool operator==(const AnswerKey&) const = default;
};

/// The answers the review `advice` gives.
/// @param advice a bedside review (grading::advise)
/// @return its grades, its suggested and withheld action sets and its flag keys
AnswerKey answer_key(const BedsideAdvice& advice);

/// `actions` in vocabulary order with each action once: the canonical form of an action set.
/// @param actions any actions
/// @return the set, ordered as clinical::Action is declared
std::vector<clinical::Action> action_set(std::vector<clinical::Action> actions);

/// Where two answer keys differ, one line per answer in words
/// ("CRS grade: expected 2, engine 3").
/// @param expected the answers a case file states
/// @param engine the answers the engine computes
/// @return nothing when they agree
std::vector<std::string> disagreements(const AnswerKey& expected, const AnswerKey& engine);

/// The names of `actions`, comma-separated ("none" when empty).
/// @param actions an action set
/// @return "fluids, oxygen, tocilizumab"
std::string action_list(const std::vector<clinical::Action>& actions);

}  // namespace cytostorm::grading
