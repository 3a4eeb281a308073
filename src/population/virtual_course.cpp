#include "cytostorm/population/virtual_course.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "cytostorm/model/parameters.hpp"
#include "cytostorm/model/product.hpp"
#include "cytostorm/population/trial.hpp"

namespace cytostorm::population {

record::Result<SimulatedCourse> simulate_virtual_course(const VirtualCourseSpec& spec,
                                                        const std::string& data_dir) {
  auto parameters = model::Parameters::load(data_dir + "/model/parameters.toml");
  if (!parameters) return parameters.error();
  auto p = std::move(parameters).value();
  for (const auto& [name, value] : spec.parameters) {
    try {
      p.set(name, value);
    } catch (const std::exception& e) {
      return record::InputError{"simulate", 0, "--param " + name, e.what()};
    }
  }
  auto product = model::load_product(data_dir, spec.product);
  if (!product) return product.error();
  auto clinician = load_clinician(data_dir, spec.policy);
  if (!clinician) return clinician.error();
  try {
    const model::VirtualPatient patient(std::move(p), product.value(), spec.covariates);
    solver::CvodeSolver solver(virtual_patient_solver_options());
    SimulationOptions options;
    options.days = spec.days;
    options.seed = spec.seed;
    options.patient_id = "virtual-" + spec.product;
    options.guideline = std::move(clinician.value().guideline);
    return simulate_course(patient, clinician.value().policy, solver, options);
  } catch (const std::invalid_argument& e) {
    return record::InputError{"simulate", 0, "", e.what()};
  }
}

std::string simulation_message(const record::InputError& error) {
  return (error.file == "simulate" ? "cytostorm " : "") + error.to_string();
}

std::vector<std::string> policy_presets(const std::string& data_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  const std::filesystem::path folder = std::filesystem::path(data_dir) / "policies";
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".toml") names.push_back(it->path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace cytostorm::population
