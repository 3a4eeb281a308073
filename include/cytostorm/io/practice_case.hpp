#pragma once
/// @file
/// Reading the practice cases of `cytostorm practice` (data/cases/*.toml, docs/practice.md): a
/// vignette, the patient's events as an embedded event table (formats.md section 1), the moment
/// of the question, the guideline, and the expected answers. Every key is checked; an error names
/// the case file, the line and the key, and a bad event row names the case file and the row's
/// line in it.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/grading/answer_key.hpp"
#include "cytostorm/record/event.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::io {

/// How hard a case is.
enum class Difficulty { basic, intermediate, advanced };

/// The name of a difficulty as written in case files ("basic").
std::string_view name(Difficulty difficulty);

/// One practice case.
struct PracticeCase {
  std::string id;    ///< the file name without ".toml"
  std::string file;  ///< the path it was read from
  std::string title;
  std::vector<std::string> topics;  ///< tags: lower case letters, digits and '-'
  Difficulty difficulty = Difficulty::basic;
  std::string guideline = "asco-2021";  ///< the rule set's name (data/guidelines/NAME.toml)
  double at_hours = 0.0;                ///< the moment of the question, hours since infusion
  std::string vignette;                 ///< what the trainee reads
  std::string explanation;              ///< the teaching point, shown after the answers
  record::PatientRecord patient;        ///< the events, none after at_hours
  grading::AnswerKey expected;          ///< the answers the case states
};

/// Reads one case file.
/// @param path the file; its name without ".toml" is the case id
/// @param guidelines the rule-set names a case may use (an unknown name is an error)
/// @return the case, or the first error as `file:line: column: key "...": what is wrong`
record::Result<PracticeCase> read_practice_case(const std::string& path,
                                                std::span<const std::string> guidelines);

/// Reads every `*.toml` file of `dir`, in file-name order.
/// @param dir the case library
/// @param guidelines as for read_practice_case
/// @return the cases, or the first error (an empty or missing folder is an error)
record::Result<std::vector<PracticeCase>> read_practice_cases(
    const std::string& dir, std::span<const std::string> guidelines);

}  // namespace cytostorm::io
