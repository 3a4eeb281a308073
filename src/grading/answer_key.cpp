#include "cytostorm/grading/answer_key.hpp"

#include <algorithm>
#include <set>

namespace cytostorm::grading {

using clinical::Action;

std::vector<Action> action_set(std::vector<Action> actions) {
  std::sort(actions.begin(), actions.end());
  actions.erase(std::unique(actions.begin(), actions.end()), actions.end());
  return actions;
}

AnswerKey answer_key(const BedsideAdvice& advice) {
  AnswerKey key;
  key.crs = advice.crs.grade;
  key.icans = advice.icans.grade;
  std::set<Action> given, withheld;
  for (const auto& s : advice.guidance.suggestions)
    (s.withheld ? withheld : given).insert(s.action);
  if (advice.guidance.icu) given.insert(Action::icu);  // the rule set's ICU flag
  key.actions.assign(given.begin(), given.end());
  // An action counts as withheld only when no row suggests it without breaking a limit.
  for (Action a : withheld) {
    if (given.count(a) == 0) key.withheld.push_back(a);
  }
  std::set<std::string> flags;
  for (const auto& f : advice.flags) flags.insert(f.key);
  key.flags.assign(flags.begin(), flags.end());
  return key;
}

std::string action_list(const std::vector<Action>& actions) {
  if (actions.empty()) return "none";
  std::string out;
  for (Action a : actions) {
    if (!out.empty()) out += ", ";
    out += clinical::name(a);
  }
  return out;
}

namespace {

std::string grade_text(const std::optional<int>& grade) {
  return grade ? std::to_string(*grade) : std::string("not derivable");
}

std::string flag_list(const std::vector<std::string>& flags) {
  if (flags.empty()) return "none";
  std::string out;
  for (const auto& f : flags) out += (out.empty() ? "" : ", ") + f;
  return out;
}

}  // namespace

std::vector<std::string> disagreements(const AnswerKey& expected, const AnswerKey& engine) {
  std::vector<std::string> out;
  const auto differ = [&](const char* what, const std::string& e, const std::string& g) {
    if (e != g) out.push_back(std::string(what) + ": expected " + e + ", engine " + g);
  };
  differ("CRS grade", grade_text(expected.crs), grade_text(engine.crs));
  differ("ICANS grade", grade_text(expected.icans), grade_text(engine.icans));
  differ("actions", action_list(expected.actions), action_list(engine.actions));
  differ("withheld", action_list(expected.withheld), action_list(engine.withheld));
  differ("flags", flag_list(expected.flags), flag_list(engine.flags));
  return out;
}

}  // namespace cytostorm::grading
