#include "cytostorm/clinical/infusion_reaction.hpp"

#include <fmt/format.h>

#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::clinical {

std::optional<Flag> infusion_reaction_flag(const std::vector<TimedSign>& signs,
                                           double infusion_start_hours, double window_hours) {
  Flag f;
  for (const auto& s : signs) {
    const double after = s.hours - infusion_start_hours;
    if (after < 0.0 || after >= window_hours) continue;
    f.evidence.push_back(
        fmt::format("{} at {:g} h, {:g} h after the infusion started", s.text, s.hours, after));
  }
  if (f.evidence.empty()) return std::nullopt;
  f.key = "possible_infusion_reaction";
  f.title = "possible infusion reaction, not CRS";
  f.notes.push_back(fmt::format(
      "signs starting less than {:g} h after the infusion started (option); CRS usually starts "
      "days after the infusion with fever",
      window_hours));
  f.notes.emplace_back("unverified rule (clinical-rules.md section 6, [R])");
  f.citation = sources::team.cite("infusion reaction", false);
  return f;
}

}  // namespace cytostorm::clinical
