#include "cytostorm/clinical/organ_toxicity.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cytostorm::clinical {

void grade_organ_toxicity(const record::Snapshot& s, bool grade1_counts, GradeBuilder& b) {
  if (s.organ_toxicity_max_grade) {
    const int g = *s.organ_toxicity_max_grade;
    const int crs = std::min(g, 4);
    if (g >= 2 || (g == 1 && grade1_counts)) {
      b.finding(crs, "organ_toxicity",
                fmt::format("grade {} organ toxicity (CTCAE, not transaminitis)", g));
    }
  }
  if (s.transaminitis_grade) {
    const int g = *s.transaminitis_grade;
    // Grade 4 transaminitis counts as grade 3, never 4.
    const int crs = std::min(g, 3);
    if (g >= 2 || (g == 1 && grade1_counts)) {
      b.finding(crs, "organ_toxicity",
                fmt::format("grade {} transaminitis{}", g, g >= 4 ? " (counts as grade 3)" : ""));
    }
  }
}

}  // namespace cytostorm::clinical
