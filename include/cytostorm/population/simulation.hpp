#pragma once
/// @file
/// One simulated patient's course: the virtual patient (model) integrated by CVODE, observed
/// at the bedside and treated by a virtual clinician who follows a written policy. The
/// clinician's observations and actions are an event table, graded by the same engine as any
/// real patient.

#include <cstdint>
#include <string>
#include <vector>

#include "cytostorm/grading/engine.hpp"
#include "cytostorm/model/virtual_patient.hpp"
#include "cytostorm/population/policy.hpp"
#include "cytostorm/record/event.hpp"
#include "cytostorm/solver/cvode_solver.hpp"

namespace cytostorm::population {

/// How to run one course.
struct SimulationOptions {
  double days = 28.0;
  double sample_hours = 1.0;  ///< trajectory resolution
  std::string patient_id = "virtual-1";
  std::uint64_t seed = 1;  ///< seizures are drawn from the model's hazard with this seed
  grading::EngineOptions engine;
};

/// A treatment given, for plots.
struct Treatment {
  double hours = 0.0;
  std::string label;  ///< "tocilizumab 600 mg"
};

/// Everything one simulated course yields.
struct SimulatedCourse {
  std::vector<std::string> columns;       ///< "time_days", states and derived quantities, signs
  std::vector<std::vector<double>> rows;  ///< one per sample
  record::PatientRecord record;           ///< the clinician's event table
  grading::PatientGrades grades;          ///< graded by ASTCT 2019 like any patient
  std::vector<Treatment> treatments;
  solver::SolverStats solver_stats;
};

/// Simulates one patient under `policy`.
/// @param patient the virtual patient (its covariates give age and weight)
/// @param policy the virtual clinician's policy
/// @param solver a solver to (re)use: its memory is reused across patients
/// @param options duration, sampling, seed, grading options
/// @throws solver::SolverError when the integration fails
SimulatedCourse simulate_course(const model::VirtualPatient& patient, const Policy& policy,
                                solver::CvodeSolver& solver, const SimulationOptions& options);

}  // namespace cytostorm::population
