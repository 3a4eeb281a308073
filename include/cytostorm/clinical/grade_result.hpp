#pragma once
/// @file
/// What every clinical rule returns: the grade (or "not derivable" with the missing inputs), the
/// findings that drove it in a clinician's words, and the citation of the rule.

#include <optional>
#include <string>
#include <vector>

namespace cytostorm::clinical {

/// The source of a rule, cited by its short name (clinical-rules.md).
struct Citation {
  std::string short_name;  ///< e.g. "ASTCT 2019"
  std::string reference;   ///< e.g. "Lee DW, Santomasso BD, Locke FL et al. ..."
  std::string part;        ///< the table or section used
  bool verified = true;    ///< false for rules marked [R] in clinical-rules.md
};

/// The citation as one line: "short name (reference), part", with "; unverified: not yet checked
/// against its source" when it is unverified.
std::string cite(const Citation& citation);

/// A finding that raised the grade.
struct Driver {
  std::string finding;  ///< machine key of the domain: "fever", "vasopressors", "oxygen", "ice" ...
  int grade = 0;        ///< the grade this finding alone reaches
  std::string text;     ///< what a clinician reads
};

/// The result of one grading rule.
struct GradeResult {
  std::string scale;                    ///< "astct", "lee2014", ...
  std::optional<int> grade;             ///< nothing: not derivable from the inputs given
  int at_least = 0;                     ///< the grade the known inputs reach
  int could_reach = 0;                  ///< the highest grade the missing inputs could give
  std::vector<Driver> drivers;          ///< highest grade first; the first set the grade
  std::vector<std::string> missing;     ///< inputs whose absence keeps the grade open
  std::vector<std::string> notes;       ///< findings seen but not counted, and why
  std::vector<std::string> unverified;  ///< unverified ([R]) parts the result rests on
  Citation citation;
  bool incomplete = false;  ///< a domain could not be assessed (ICANS)

  /// The citation as one line: "short name (reference), part", with "unverified: ..." when any
  /// unverified part was used.
  [[nodiscard]] std::string rule() const;
};

/// Collects the findings of one rule and turns them into a GradeResult. A finding that is known
/// raises the grade; an input that is unknown but could raise the grade to `could_reach` keeps the
/// grade open unless the known findings already reach that far.
class GradeBuilder {
 public:
  /// A finding that reaches `grade`.
  void finding(int grade, std::string key, std::string text);
  /// An input that is missing and could lift the grade as high as `could_reach`.
  void unknown(int could_reach, std::string input);
  /// A finding that was seen but does not count, with the reason.
  void note(std::string text);
  /// Records that the result rests on an unverified ([R]) part of the rule.
  void unverified(std::string part);
  /// Marks a domain as not assessable (ICANS "incomplete").
  void incomplete() { incomplete_ = true; }

  /// The highest grade reached so far by known findings.
  [[nodiscard]] int known_grade() const { return known_; }

  /// The finished result.
  [[nodiscard]] GradeResult result(std::string scale, Citation citation) &&;

 private:
  int known_ = 0;
  std::vector<Driver> drivers_;
  std::vector<std::pair<int, std::string>> unknowns_;
  std::vector<std::string> notes_;
  std::vector<std::string> unverified_;
  bool incomplete_ = false;
};

}  // namespace cytostorm::clinical
