#include "cytostorm/clinical/ctcae_neurotoxicity.hpp"

#include <fmt/format.h>

#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::clinical {

GradeResult grade_ctcae_neurotoxicity(const record::Snapshot& s) {
  GradeBuilder b;
  if (s.death == record::DeathCause::icans) b.finding(5, "death", "death from neurotoxicity");
  const auto& n = s.ctcae_neuro;
  const std::pair<const std::optional<int>&, const char*> terms[] = {
      {n.encephalopathy, "encephalopathy"},
      {n.confusion, "confusion"},
      {n.dysphasia, "dysphasia"},
      {n.seizure, "seizure"},
      {n.somnolence, "somnolence"}};
  bool any = false;
  for (const auto& [grade, term] : terms) {
    if (!grade) continue;
    any = true;
    if (*grade > 0) b.finding(*grade, term, fmt::format("CTCAE {} grade {}", term, *grade));
  }
  if (!any && s.death != record::DeathCause::icans) {
    for (const auto& [grade, term] : terms) b.unknown(5, fmt::format("ctcae_neuro.{}", term));
  }
  return std::move(b).result("ctcae_neuro",
                             sources::ctcae_v4.cite("nervous system disorders: highest grade of "
                                                    "encephalopathy, confusion, dysphasia, "
                                                    "seizure, somnolence"));
}

}  // namespace cytostorm::clinical
