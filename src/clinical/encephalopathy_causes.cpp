#include "cytostorm/clinical/encephalopathy_causes.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::clinical {

std::string_view cause_name(EncephalopathyCause cause) {
  switch (cause) {
    case EncephalopathyCause::sedatives:
      return "sedatives";
    case EncephalopathyCause::hyponatremia:
      return "hyponatremia";
    case EncephalopathyCause::hypoglycemia:
      return "hypoglycemia";
    case EncephalopathyCause::uremia:
      return "uremia";
    case EncephalopathyCause::hyperammonemia:
      return "hyperammonemia";
    case EncephalopathyCause::hypercapnia:
      return "hypercapnia";
    case EncephalopathyCause::sepsis:
      return "sepsis";
    case EncephalopathyCause::cns_infection:
      return "CNS infection";
    case EncephalopathyCause::hemorrhage:
      return "hemorrhage";
    case EncephalopathyCause::stroke:
      return "stroke";
    case EncephalopathyCause::pres:
      return "PRES";
    case EncephalopathyCause::cns_disease:
      return "CNS disease";
  }
  return "?";
}

std::optional<Flag> encephalopathy_checklist(int icans_grade,
                                             const std::vector<CauseFinding>& findings) {
  if (icans_grade < 1) return std::nullopt;
  Flag f;
  f.key = "encephalopathy_other_causes";
  std::vector<std::string> pointed, open;
  for (auto cause : kEncephalopathyCauses) {
    bool spoken = false;
    for (const auto& c : findings) {
      if (c.cause != cause) continue;
      spoken = true;
      f.evidence.push_back(fmt::format("{}: {} ({})", cause_name(cause), c.text,
                                       c.suggests ? "points to it" : "speaks against it"));
      if (c.suggests &&
          std::find(pointed.begin(), pointed.end(), cause_name(cause)) == pointed.end()) {
        pointed.emplace_back(cause_name(cause));
      }
    }
    if (!spoken) open.emplace_back(cause_name(cause));
  }
  f.title = pointed.empty()
                ? "other causes of encephalopathy to rule out before calling ICANS"
                : fmt::format(
                      "other causes of encephalopathy to rule out before calling ICANS; "
                      "the data point to: {}",
                      fmt::join(pointed, ", "));
  if (!open.empty()) {
    f.notes.push_back(
        fmt::format("not addressed by the data, still to rule out: {}", fmt::join(open, ", ")));
  }
  f.notes.push_back(fmt::format("ICANS grade {} now", icans_grade));
  f.citation = sources::team.cite("other causes of encephalopathy to rule out");
  return f;
}

}  // namespace cytostorm::clinical
