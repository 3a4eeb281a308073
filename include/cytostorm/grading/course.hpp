#pragma once
/// @file
/// The course of one syndrome (CRS or ICANS) by one scale over time: the grade at every change,
/// with its drivers and the times of the observations behind them (the audit trail), the
/// episodes, the per-day maximum grades, onset and duration.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cytostorm/clinical/grade_result.hpp"

namespace cytostorm::grading {

/// A driver of a grade with the times (hours since infusion) of the observations behind it.
struct ObservedDriver {
  std::string finding;
  int grade = 0;
  std::string text;
  std::vector<double> observed_at_hours;
};

/// One change of grade.
struct TimelineEntry {
  double hours = 0.0;
  int day = 0;
  std::optional<int> grade;  ///< nothing: not derivable at this time
  int at_least = 0;
  std::vector<std::string> missing;
  std::vector<ObservedDriver> drivers;
  std::vector<std::string> notes;
};

/// A stretch of time with the syndrome present: from the first grade >= 1 to the first time
/// after which the grade stays 0 for the resolution window.
struct Episode {
  double start_hours = 0.0;
  int start_day = 0;
  std::optional<double> end_hours;  ///< nothing: not resolved by the end of the data
  int max_grade = 0;                ///< the highest grade known (at_least when not derivable)
  bool biphasic = false;            ///< a later episode after an earlier one resolved
};

/// The course of one syndrome by one scale.
struct SyndromeCourse {
  std::string scale;
  std::string rule;              ///< citation of the rule used
  std::optional<int> max_grade;  ///< nothing: not derivable (a missing input could raise it)
  int max_at_least = 0;
  std::vector<std::string> missing;
  std::optional<int> onset_day;
  std::optional<double> onset_hours;
  std::optional<double> duration_hours;  ///< summed over episodes; open ones to the data's end
  std::vector<Episode> episodes;
  std::vector<TimelineEntry> timeline;
  std::map<int, int> daily_max;  ///< calendar day -> highest grade (at_least if unknown)
};

/// Builds a SyndromeCourse from the grade at successive evaluation times.
class CourseBuilder {
 public:
  /// @param scale the scale's name; @param resolution_hours how long the grade must stay 0 for an
  /// episode to end (default 24 h)
  CourseBuilder(std::string scale, double resolution_hours);

  /// The grade from time `hours` (calendar day `day`, which began at `day_start_hours`) until
  /// the next call.
  /// @param drivers the result's drivers with their observation times
  void at(double hours, int day, double day_start_hours, const clinical::GradeResult& result,
          std::vector<ObservedDriver> drivers);

  /// Whether an episode is under way at `hours`: the grade is >= 1 now or was within the
  /// resolution window before.
  [[nodiscard]] bool episode_active(double hours) const;

  /// When the episode under way began, if one is.
  [[nodiscard]] std::optional<double> episode_start() const;

  /// The finished course; `end_hours` and `end_day` are those of the last observation.
  [[nodiscard]] SyndromeCourse finish(double end_hours, int end_day) &&;

 private:
  void close_episode(double end);

  SyndromeCourse course_;
  double resolution_hours_;
  int current_ = 0;                   // grade (at_least) in force
  std::optional<int> last_day_;       // day of the previous call
  std::optional<double> zero_since_;  // when the grade last fell to 0 inside an episode
  bool open_ = false;                 // an episode is under way
  std::optional<int> last_grade_;     // for change detection
  int last_at_least_ = -1;
  std::vector<std::string> last_missing_;
  std::optional<int> max_known_;
  std::map<std::string, int> reach_;  // missing input -> highest grade it could reach
};

}  // namespace cytostorm::grading
