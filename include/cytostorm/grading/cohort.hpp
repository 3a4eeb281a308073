#pragma once
/// @file
/// The cohort summary (formats.md section 3) and the concordance between scales.

#include <optional>
#include <string>
#include <vector>

#include "cytostorm/grading/course.hpp"

namespace cytostorm::grading {

/// What a cohort summary needs of one patient's course.
struct CourseFacts {
  std::optional<int> max_grade;  ///< nothing: not derivable
  std::optional<int> onset_day;
  std::optional<double> duration_hours;
};

/// The facts of `course`.
CourseFacts facts(const SyndromeCourse& course);

/// One syndrome by one scale over a cohort.
struct SyndromeSummary {
  std::string syndrome;  ///< "crs" or "icans"
  std::string scale;
  std::size_t n = 0;              ///< patients graded
  std::size_t not_derivable = 0;  ///< patients whose maximum grade is not derivable
  double any_grade_pct = 0.0;     ///< of the derivable patients
  double grade3_plus_pct = 0.0;
  std::optional<double> onset_day_median;
  std::optional<int> onset_day_min, onset_day_max;
  std::optional<double> duration_hours_median;
};

/// Summarises one syndrome by one scale.
SyndromeSummary summarise(const std::string& syndrome, const std::string& scale,
                          const std::vector<CourseFacts>& patients);

/// Agreement between two scales on the same patients (Pennisi et al., Blood Adv 2020).
struct Concordance {
  std::string scale_a, scale_b;
  std::size_t n = 0;             ///< patients derivable on both scales
  double presence_pct = 0.0;     ///< both present (grade >= 1) or both absent
  double exact_grade_pct = 0.0;  ///< the same maximum grade
};

/// Agreement between two scales' maximum grades, patient by patient.
Concordance concordance(const std::string& scale_a, const std::vector<CourseFacts>& a,
                        const std::string& scale_b, const std::vector<CourseFacts>& b);

/// The median of `values` (which it reorders); nothing when empty.
std::optional<double> median(std::vector<double> values);

}  // namespace cytostorm::grading
