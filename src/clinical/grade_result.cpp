#include "cytostorm/clinical/grade_result.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cytostorm::clinical {

std::string cite(const Citation& citation) {
  std::string out =
      fmt::format("{} ({}), {}", citation.short_name, citation.reference, citation.part);
  if (!citation.verified) out += "; unverified: not yet checked against its source";
  return out;
}

std::string GradeResult::rule() const {
  std::string out = cite(citation);
  for (const auto& part : unverified) out += fmt::format("; unverified: {}", part);
  return out;
}

void GradeBuilder::finding(int grade, std::string key, std::string text) {
  known_ = std::max(known_, grade);
  drivers_.push_back({std::move(key), grade, std::move(text)});
}

void GradeBuilder::unknown(int could_reach, std::string input) {
  unknowns_.emplace_back(could_reach, std::move(input));
}

void GradeBuilder::note(std::string text) {
  notes_.push_back(std::move(text));
}

void GradeBuilder::unverified(std::string part) {
  if (std::find(unverified_.begin(), unverified_.end(), part) == unverified_.end()) {
    unverified_.push_back(std::move(part));
  }
}

GradeResult GradeBuilder::result(std::string scale, Citation citation) && {
  GradeResult r;
  r.scale = std::move(scale);
  r.citation = std::move(citation);
  r.at_least = known_;
  r.could_reach = known_;
  std::stable_sort(drivers_.begin(), drivers_.end(),
                   [](const Driver& a, const Driver& b) { return a.grade > b.grade; });
  r.drivers = std::move(drivers_);
  for (auto& [reach, input] : unknowns_) {
    if (reach <= known_) continue;
    r.could_reach = std::max(r.could_reach, reach);
    if (std::find(r.missing.begin(), r.missing.end(), input) == r.missing.end()) {
      r.missing.push_back(std::move(input));
    }
  }
  if (r.missing.empty()) r.grade = known_;
  r.notes = std::move(notes_);
  r.unverified = std::move(unverified_);
  r.incomplete = incomplete_;
  return r;
}

}  // namespace cytostorm::clinical
