#include "cytostorm/clinical/car_hlh.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::clinical {

namespace {

constexpr std::array<std::pair<std::string_view, CarHlhOrgan>, 9> kTerms{{
    {"blood_bilirubin_increased", CarHlhOrgan::liver},
    {"bilirubin_increased", CarHlhOrgan::liver},
    {"ast_increased", CarHlhOrgan::liver},
    {"alt_increased", CarHlhOrgan::liver},
    {"transaminitis", CarHlhOrgan::liver},
    {"oliguria", CarHlhOrgan::kidney},
    {"creatinine_increased", CarHlhOrgan::kidney},
    {"acute_kidney_injury", CarHlhOrgan::kidney},
    {"pulmonary_edema", CarHlhOrgan::lung},
}};

constexpr int kOrganGrade = 3;

std::string_view organ_words(CarHlhOrgan organ) {
  switch (organ) {
    case CarHlhOrgan::liver:
      return "bilirubin/AST/ALT rise";
    case CarHlhOrgan::kidney:
      return "oliguria or creatinine rise";
    case CarHlhOrgan::lung:
      return "pulmonary edema";
    case CarHlhOrgan::other:
      break;
  }
  return "other";
}

}  // namespace

CarHlhOrgan car_hlh_organ(std::string_view term) {
  for (const auto& [t, organ] : kTerms) {
    if (t == term) return organ;
  }
  return CarHlhOrgan::other;
}

std::optional<Flag> car_hlh_flag(const CarHlhInput& input) {
  if (!input.peak_ferritin) return std::nullopt;
  const auto ferritin = value_in(*input.peak_ferritin, "ng/mL");
  if (!ferritin || at_most(*ferritin, kCarHlhFerritinNgMl)) return std::nullopt;
  // The first grade >= 3 entry of each organ.
  std::map<CarHlhOrgan, const OrganGrade*> organs;
  for (const auto& o : input.organ_grades) {
    const auto organ = car_hlh_organ(o.term);
    if (organ == CarHlhOrgan::other || o.grade < kOrganGrade) continue;
    organs.emplace(organ, &o);
  }
  const bool biopsy = input.hemophagocytosis.value_or(false);
  const std::size_t criteria = organs.size() + (biopsy ? 1 : 0);
  if (criteria < 2) return std::nullopt;
  Flag f;
  f.key = "car_hlh";
  f.title = "carHLH (CAR-T-cell-related hemophagocytic lymphohistiocytosis)";
  f.evidence.push_back(fmt::format("peak {} during CRS > {:g} ng/mL",
                                   describe(*input.peak_ferritin), kCarHlhFerritinNgMl));
  for (const auto& [organ, o] : organs) {
    f.evidence.push_back(
        fmt::format("grade {} {} ({}) at {:g} h", o->grade, organ_words(organ), o->term, o->hours));
  }
  if (biopsy) f.evidence.emplace_back("hemophagocytosis on biopsy");
  if (!input.hemophagocytosis) {
    f.notes.emplace_back(
        "hemophagocytosis on biopsy: not known (the event table has no item for it)");
  }
  f.notes.push_back(fmt::format("IEC-HS criteria ({}: {}) are unverified and not applied",
                                sources::hines2023.short_name, sources::hines2023.reference));
  f.citation = sources::cartox.cite("carHLH diagnostic criteria");
  return f;
}

}  // namespace cytostorm::clinical
