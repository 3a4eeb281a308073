#pragma once
/// @file
/// What one virtual patient of a trial yields: who it was (seed, drawn values, covariates,
/// dose), how its course was graded by the trial's scale (maximum grades, onsets, durations),
/// what it was given, and its CAR-T kinetics. Outcomes travel between MPI ranks as bytes
/// (pack_outcomes / unpack_outcomes).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cytostorm/grading/course.hpp"
#include "cytostorm/model/virtual_patient.hpp"

namespace cytostorm::population {

/// One syndrome's course, reduced to what a trial reports.
struct SyndromeOutcome {
  int max_grade = 0;                    ///< the highest grade (at least, when not derivable)
  std::optional<double> onset_days;     ///< first grade >= 1, days since infusion
  std::optional<double> severe_days;    ///< first grade >= 3, days since infusion
  std::optional<double> duration_days;  ///< time with the syndrome present, over all episodes
};

/// Reduces a graded course.
/// @param course a syndrome's course by one scale
/// @return its maximum grade, onset, first grade >= 3 and duration
SyndromeOutcome syndrome_outcome(const grading::SyndromeCourse& course);

/// One virtual patient of a trial.
struct PatientOutcome {
  std::size_t index = 0;
  std::uint64_t seed = 0;
  std::vector<double> values;  ///< drawn values, one per PopulationSampler::names()
  model::Covariates covariates;
  double dose_cells = 0.0;
  SyndromeOutcome crs;    ///< by the trial's CRS scale
  SyndromeOutcome icans;  ///< by ASTCT 2019 (the "neuro" columns of a trial)
  int tocilizumab_doses = 0;
  int steroid_doses = 0;  ///< dexamethasone and methylprednisolone, prophylaxis included
  double steroid_dexamethasone_mg = 0.0;  ///< total, dexamethasone equivalents
  double car_t_peak = 0.0;                ///< cells/uL
  double car_t_tmax_days = 0.0;
  std::vector<double> car_t;  ///< CAR-T cells/uL every kCarTEveryHours from day 0
  std::string failure;        ///< why the simulation failed; empty when it did not
};

/// The spacing of PatientOutcome::car_t.
inline constexpr double kCarTEveryHours = 6.0;

/// The outcomes as bytes (native byte order: for ranks of one program on one kind of machine).
/// @param outcomes the outcomes
/// @return the bytes
std::string pack_outcomes(const std::vector<PatientOutcome>& outcomes);

/// The outcomes from pack_outcomes' bytes.
/// @param bytes what pack_outcomes returned
/// @return the outcomes
/// @throws std::invalid_argument when the bytes are truncated or malformed
std::vector<PatientOutcome> unpack_outcomes(const std::string& bytes);

}  // namespace cytostorm::population
