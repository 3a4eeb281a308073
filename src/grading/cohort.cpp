#include "cytostorm/grading/cohort.hpp"

#include <algorithm>
#include <stdexcept>

namespace cytostorm::grading {

CourseFacts facts(const SyndromeCourse& course) {
  return {course.max_grade, course.onset_day, course.duration_hours};
}

std::optional<double> median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

SyndromeSummary summarise(const std::string& syndrome, const std::string& scale,
                          const std::vector<CourseFacts>& patients) {
  SyndromeSummary s;
  s.syndrome = syndrome;
  s.scale = scale;
  s.n = patients.size();
  std::size_t derivable = 0, any = 0, severe = 0;
  std::vector<double> onsets, durations;
  for (const auto& p : patients) {
    if (!p.max_grade) {
      ++s.not_derivable;
      continue;
    }
    ++derivable;
    if (*p.max_grade >= 1) {
      ++any;
      if (p.onset_day) {
        onsets.push_back(*p.onset_day);
        s.onset_day_min = std::min(s.onset_day_min.value_or(*p.onset_day), *p.onset_day);
        s.onset_day_max = std::max(s.onset_day_max.value_or(*p.onset_day), *p.onset_day);
      }
      if (p.duration_hours) durations.push_back(*p.duration_hours);
    }
    if (*p.max_grade >= 3) ++severe;
  }
  if (derivable > 0) {
    s.any_grade_pct = 100.0 * static_cast<double>(any) / static_cast<double>(derivable);
    s.grade3_plus_pct = 100.0 * static_cast<double>(severe) / static_cast<double>(derivable);
  }
  s.onset_day_median = median(std::move(onsets));
  s.duration_hours_median = median(std::move(durations));
  return s;
}

Concordance concordance(const std::string& scale_a, const std::vector<CourseFacts>& a,
                        const std::string& scale_b, const std::vector<CourseFacts>& b) {
  if (a.size() != b.size()) {
    throw std::invalid_argument("concordance: the two scales graded different patients");
  }
  Concordance c{scale_a, scale_b};
  std::size_t presence = 0, exact = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].max_grade || !b[i].max_grade) continue;
    ++c.n;
    if ((*a[i].max_grade >= 1) == (*b[i].max_grade >= 1)) ++presence;
    if (*a[i].max_grade == *b[i].max_grade) ++exact;
  }
  if (c.n > 0) {
    c.presence_pct = 100.0 * static_cast<double>(presence) / static_cast<double>(c.n);
    c.exact_grade_pct = 100.0 * static_cast<double>(exact) / static_cast<double>(c.n);
  }
  return c;
}

}  // namespace cytostorm::grading
