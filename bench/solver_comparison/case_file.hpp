#pragma once
// The inputs of the solver comparison (bench/solver_comparison.sh): one virtual patient per file,
// written once by `cytostorm_solver_comparison export` and read by every runner (ours, the plain
// CVODE C program, R deSolve, SciPy), so that all of them integrate the same patient from the
// same initial state with the same tolerances and output times.
//
// The file is CSV with the header `kind,name,value` after `#` comment lines (the case's
// description). Rows:
//   setting,rtol|atol|days|outputs_per_day,VALUE   tolerances; outputs at j / outputs_per_day
//                                                  days for j = 0 .. days * outputs_per_day
//   input,NAME,VALUE    every model parameter (data/model/parameters.toml names, the product's
//                       overrides applied), covariate.tumor_burden,
//                       covariate.baseline_lymphocytes_per_ul, covariate.lymphodepletion (0 none,
//                       1 flu_cy, 2 bendamustine), covariate.lymphodepletion_intensity,
//                       covariate.baseline_ang2_pg_ml, covariate.weight_kg, covariate.age_years,
//                       product.cd4_fraction, product.infused_cells (total CAR-T cells)
//   state,NAME,VALUE    the initial state, in the model's state order
// Values are written in the shortest form that reads back exactly.

#include <optional>
#include <string>
#include <vector>

#include "cytostorm/model/virtual_patient.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::bench {

/// One patient of the comparison, as the case file holds it.
struct ComparisonCase {
  std::string description;               ///< what the patient is (a comment in the file)
  double rtol = 0;                       ///< relative tolerance of every runner
  double atol = 0;                       ///< absolute tolerance, the same for every state
  int days = 0;                          ///< length of the run
  int outputs_per_day = 0;               ///< outputs at j / outputs_per_day days
  std::vector<std::string> input_names;  ///< parameters, covariates, product
  std::vector<double> input_values;      ///< in the order of input_names
  std::vector<std::string> state_names;  ///< in the model's state order
  std::vector<double> initial_state;     ///< in the order of state_names
};

/// Builds the patient that named inputs describe (the rows `input` of a case file).
/// @param names the inputs' names
/// @param values their values, in the same order
/// @return the patient
/// @throws std::invalid_argument naming an input that is repeated, missing, not a known
///   covariate or product field, or out of range; std::out_of_range naming a model parameter the
///   model needs and the inputs lack
model::VirtualPatient patient_from_inputs(const std::vector<std::string>& names,
                                          const std::vector<double>& values);

/// The named inputs of a patient, the inverse of patient_from_inputs.
/// @param patient the patient
/// @param description written into the case
/// @return a case with the inputs and the initial state filled in (settings left at zero)
ComparisonCase case_of(const model::VirtualPatient& patient, std::string description);

/// Writes a case file.
/// @param path the file
/// @param c the case
/// @return nothing, or an InputError naming the file when it cannot be written
std::optional<record::InputError> write_case(const std::string& path, const ComparisonCase& c);

/// Reads a case file.
/// @param path the file
/// @return the case, or an InputError naming the file, the line and what is wrong (an unknown
///   kind or setting, a value that is not a number, a missing setting, no inputs or no states)
record::Result<ComparisonCase> read_case(const std::string& path);

}  // namespace cytostorm::bench
