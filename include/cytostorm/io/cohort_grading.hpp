#pragma once
/// @file
/// Grading a cohort: every patient of some event tables (CSV) and FHIR R4 Bundles, graded over
/// time and handed to a GradesWriter as soon as it is read. `cytostorm grade` and the Python
/// module's grade() both run it.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/grading/engine.hpp"
#include "cytostorm/io/grades_output.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::io {

/// One input of a cohort: a file, or an event table held in memory.
struct CohortInput {
  /// The file: an event table (CSV, "-" for standard input) or a FHIR Bundle (*.json); for a
  /// table in memory, the name errors use.
  std::string name;
  std::optional<std::string> text;  ///< the event table's text, when it is held in memory
};

/// True when `path` names a FHIR Bundle (*.json) rather than an event table.
/// @param path the file
/// @return whether it ends in .json
bool is_fhir(const std::string& path);

/// The CRS scales a name asks for.
/// @param name a scale of clinical::crs_scales() ("astct", "lee2014", ...) or "all" (every
///   scale, in that order)
/// @return the scales, or an InputError for "--scale" listing the names
record::Result<std::vector<const clinical::CrsScale*>> crs_scales_named(const std::string& name);

/// How to grade a cohort.
struct CohortOptions {
  std::vector<const clinical::CrsScale*> scales;  ///< the CRS scales, in order (at least one)
  grading::EngineOptions engine;
  bool skip_bad_rows = false;  ///< skip (and return) bad rows instead of stopping at the first
  /// Called after each patient with the number graded so far.
  std::function<void(std::size_t)> progress;
};

/// Grades every patient of `inputs`, in order, and writes each with `writer.patient()` (the
/// caller calls begin() before and end() after). An event table whose rows are not grouped by
/// patient is read twice: the writer is rewound to where that table began.
/// @param inputs the files and tables
/// @param options scales, engine options, strictness, progress
/// @param writer where the graded patients go
/// @return the rows and patients skipped (with skip_bad_rows), or the first error: an input that
///   cannot be read, a bad row (`file:line: column: what is wrong`), a patient given twice
/// @throws std::runtime_error when the writer cannot be rewound
record::Result<std::vector<record::InputError>> grade_cohort(const std::vector<CohortInput>& inputs,
                                                             const CohortOptions& options,
                                                             GradesWriter& writer);

}  // namespace cytostorm::io
