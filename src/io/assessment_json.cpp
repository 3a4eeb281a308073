#include "cytostorm/io/assessment_json.hpp"

#include <fmt/format.h>

namespace cytostorm::io {

using json = nlohmann::ordered_json;

namespace {

std::string grade_words(const clinical::GradeResult& r) {
  if (r.grade) return fmt::format("grade {}", *r.grade);
  return fmt::format("not derivable (at least grade {}; missing: {})", r.at_least,
                     fmt::join(r.missing, ", "));
}

}  // namespace

json to_json(const clinical::GradeResult& r) {
  json out;
  if (r.grade) {
    out["grade"] = *r.grade;
  } else {
    out["grade"] = "not_derivable";
    out["at_least"] = r.at_least;
    out["missing"] = r.missing;
  }
  out["drivers"] = json::array();
  for (const auto& d : r.drivers) out["drivers"].push_back(d.text);
  out["rule"] = r.rule();
  out["verified"] = r.citation.verified && r.unverified.empty();
  if (!r.notes.empty()) out["notes"] = r.notes;
  if (!r.unverified.empty()) out["unverified"] = r.unverified;
  return out;
}

json to_json(const clinical::Assessment& a) {
  json out;
  const auto& scales = clinical::crs_scales();
  for (std::size_t i = 0; i < scales.size(); ++i) {
    out["crs"][std::string(scales[i].name)] = to_json(a.crs[i]);
  }
  out["icans"]["astct"] = to_json(a.icans_astct);
  out["icans"]["astct"]["incomplete"] = a.icans_astct.incomplete;
  out["icans"]["ctcae_neuro"] = to_json(a.icans_ctcae);
  if (a.ice) {
    json ice;
    ice["total"] = a.ice->total ? json(*a.ice->total) : json(nullptr);
    ice["complete"] = a.ice->not_assessable.empty();
    if (a.ice->items) {
      for (std::size_t i = 0; i < a.ice->items->size(); ++i) {
        const auto& item = (*a.ice->items)[i];
        const std::string key(record::name(static_cast<record::IceItem>(i)));
        ice["items"][key] = item.points ? json(*item.points) : json("NA");
      }
    }
    for (const auto& [item, reason] : a.ice->not_assessable) {
      ice["not_assessable"].push_back({{"item", record::name(item)}, {"reason", reason}});
    }
    out["ice"] = ice;
  }
  if (a.capd) {
    out["capd"]["total"] = a.capd->total ? json(*a.capd->total) : json(nullptr);
    out["capd"]["positive"] = a.capd->positive;
    out["capd"]["unable_to_perform"] = a.capd->unable_to_perform;
  }
  return out;
}

std::string text_report(const clinical::Assessment& a) {
  std::string out;
  auto section = [&out](const std::string& title, const clinical::GradeResult& r) {
    out += fmt::format("{}: {}\n", title, grade_words(r));
    for (const auto& d : r.drivers) out += fmt::format("  - {}\n", d.text);
    for (const auto& n : r.notes) out += fmt::format("  note: {}\n", n);
    out += fmt::format("  rule: {}\n", r.rule());
  };
  section("CRS (ASTCT 2019)", a.crs.front());
  std::string icans_title = "ICANS (ASTCT 2019)";
  if (a.icans_astct.incomplete) icans_title += " [incomplete]";
  section(icans_title, a.icans_astct);
  if (a.ice) {
    out += a.ice->total ? fmt::format("ICE score: {}/10\n", *a.ice->total)
                        : fmt::format("ICE score: incomplete ({} of {} assessable points)\n",
                                      a.ice->assessed_points, a.ice->assessable_max);
  }
  if (a.capd && a.capd->total) {
    out += fmt::format("CAPD: {} ({})\n", *a.capd->total,
                       a.capd->positive ? "positive delirium screen" : "negative screen");
  }
  out += "Other CRS scales (for regrading):\n";
  const auto& scales = clinical::crs_scales();
  for (std::size_t i = 1; i < scales.size(); ++i) {
    out += fmt::format("  {:<12} {}{}\n", scales[i].title, grade_words(a.crs[i]),
                       a.crs[i].citation.verified && a.crs[i].unverified.empty()
                           ? ""
                           : " [an unverified rule was applied]");
  }
  out += fmt::format("  {:<12} {}\n", "CTCAE neuro", grade_words(a.icans_ctcae));
  return out;
}

}  // namespace cytostorm::io
