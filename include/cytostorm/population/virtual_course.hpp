#pragma once
/// @file
/// One virtual patient described by the names of the data folder (a product preset, a policy),
/// read, built and simulated in one call: `cytostorm simulate` and the server's
/// `POST /api/simulate` both run it.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cytostorm/model/virtual_patient.hpp"
#include "cytostorm/population/simulation.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::population {

/// What to simulate.
struct VirtualCourseSpec {
  std::string product;  ///< a preset in data/products
  model::Covariates covariates;
  std::vector<std::pair<std::string, double>> parameters;  ///< model parameter overrides
  std::string policy = "standard";                         ///< a name in data/policies or a file
  double days = 28.0;
  std::uint64_t seed = 1;
};

/// Reads data_dir/model/parameters.toml, the product preset, the policy and its rule set,
/// applies the overrides and simulates the patient (patient_id "virtual-<product>").
/// @param spec the patient and the run
/// @param data_dir the data folder
/// @return the course, or what is wrong: a file's InputError, or one whose file is "simulate"
///   for an unknown parameter or a value the model refuses
/// @throws solver::SolverError when the integration fails
record::Result<SimulatedCourse> simulate_virtual_course(const VirtualCourseSpec& spec,
                                                        const std::string& data_dir);

/// The message a user sees for simulate_virtual_course's error: the file's InputError as it is,
/// or "cytostorm simulate: ..." for an unknown parameter or a value the model refuses.
/// @param error the error
/// @return the message
std::string simulation_message(const record::InputError& error);

/// The policy presets of data_dir/policies, sorted by name.
std::vector<std::string> policy_presets(const std::string& data_dir);

}  // namespace cytostorm::population
