#include "cytostorm/grading/course.hpp"

#include <algorithm>

namespace cytostorm::grading {

CourseBuilder::CourseBuilder(std::string scale, double resolution_hours)
    : resolution_hours_(resolution_hours) {
  course_.scale = std::move(scale);
}

bool CourseBuilder::episode_active(double hours) const {
  if (!open_) return false;
  if (current_ >= 1) return true;
  return zero_since_ && hours - *zero_since_ < resolution_hours_;
}

void CourseBuilder::close_episode(double end) {
  auto& e = course_.episodes.back();
  e.end_hours = end;
  open_ = false;
  zero_since_.reset();
}

void CourseBuilder::at(double hours, int day, double day_start_hours,
                       const clinical::GradeResult& result, std::vector<ObservedDriver> drivers) {
  if (course_.rule.empty()) course_.rule = result.rule();
  const int grade = result.grade.value_or(result.at_least);
  // An episode resolved when the grade stayed 0 for the whole window before this time.
  if (open_ && current_ == 0 && zero_since_ && hours - *zero_since_ >= resolution_hours_) {
    close_episode(*zero_since_);
  }
  if (grade >= 1) {
    if (!open_) {
      Episode e;
      e.start_hours = hours;
      e.start_day = day;
      e.biphasic = !course_.episodes.empty();
      course_.episodes.push_back(e);
      open_ = true;
      if (!course_.onset_hours) {
        course_.onset_hours = hours;
        course_.onset_day = day;
      }
    }
    zero_since_.reset();
    course_.episodes.back().max_grade = std::max(course_.episodes.back().max_grade, grade);
  } else if (open_ && (current_ >= 1 || !zero_since_)) {
    zero_since_ = hours;
  }
  // Days passed without a change held the grade in force.
  if (last_day_ && *last_day_ < day) {
    for (int d = *last_day_ + 1; d < day; ++d) {
      course_.daily_max[d] = std::max(course_.daily_max[d], current_);
    }
    // The grade in force was still in force when this day began.
    if (hours > day_start_hours + 1e-9) {
      course_.daily_max[day] = std::max(course_.daily_max[day], current_);
    }
  }
  last_day_ = day;
  current_ = grade;
  auto& daily = course_.daily_max[day];
  daily = std::max(daily, grade);
  if (result.grade) {
    max_known_ = std::max(max_known_.value_or(0), *result.grade);
  } else {
    max_known_ = std::max(max_known_.value_or(0), result.at_least);
    for (const auto& m : result.missing) reach_[m] = std::max(reach_[m], result.could_reach);
  }
  if (result.grade != last_grade_ || result.at_least != last_at_least_ ||
      result.missing != last_missing_) {
    TimelineEntry entry;
    entry.hours = hours;
    entry.day = day;
    entry.grade = result.grade;
    entry.at_least = result.at_least;
    entry.missing = result.missing;
    entry.drivers = std::move(drivers);
    entry.notes = result.notes;
    course_.timeline.push_back(std::move(entry));
    last_grade_ = result.grade;
    last_at_least_ = result.at_least;
    last_missing_ = result.missing;
  }
}

std::optional<double> CourseBuilder::episode_start() const {
  if (!open_) return std::nullopt;
  return course_.episodes.back().start_hours;
}

SyndromeCourse CourseBuilder::finish(double end_hours, int end_day) && {
  if (last_day_) {
    for (int d = *last_day_ + 1; d <= end_day; ++d) {
      course_.daily_max[d] = std::max(course_.daily_max[d], current_);
    }
  }
  if (open_ && current_ == 0 && zero_since_) close_episode(*zero_since_);
  const int known = max_known_.value_or(0);
  course_.max_at_least = known;
  // The maximum is derivable when no unknown input could have lifted any time above it.
  for (const auto& [input, reach] : reach_) {
    if (reach > known) course_.missing.push_back(input);
  }
  if (course_.missing.empty()) course_.max_grade = known;
  if (course_.onset_hours) {
    double total = 0.0;
    for (const auto& e : course_.episodes) {
      total += e.end_hours.value_or(std::max(end_hours, e.start_hours)) - e.start_hours;
    }
    course_.duration_hours = total;
  }
  return std::move(course_);
}

}  // namespace cytostorm::grading
