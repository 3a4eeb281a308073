#include "cytostorm/population/trial.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/io/guideline_toml.hpp"
#include "cytostorm/population/simulation.hpp"

namespace cytostorm::population {

namespace {

std::size_t column_of(const SimulatedCourse& course, std::string_view name) {
  const auto it = std::find(course.columns.begin(), course.columns.end(), name);
  if (it == course.columns.end()) {
    throw std::logic_error(fmt::format("trial: the course has no column \"{}\"", name));
  }
  return static_cast<std::size_t>(it - course.columns.begin());
}

// The treatments, CAR-T kinetics and grades of a simulated course.
void read_course(const SimulatedCourse& course, const grading::PatientGrades& grades,
                 double methylprednisolone_equivalence, PatientOutcome& out) {
  out.crs = syndrome_outcome(grades.crs.front());
  out.icans = syndrome_outcome(grades.icans);
  for (const auto& e : course.record.events) {
    if (e.kind != record::EventKind::medication) continue;
    if (e.item == "tocilizumab") ++out.tocilizumab_doses;
    if (e.item == "dexamethasone" || e.item == "methylprednisolone") {
      ++out.steroid_doses;
      out.steroid_dexamethasone_mg +=
          e.value.value_or(0.0) *
          (e.item == "dexamethasone" ? 1.0 : methylprednisolone_equivalence);
    }
  }
  const std::size_t car_t = column_of(course, "car_t_total");
  double next_sample = 0.0;
  for (const auto& row : course.rows) {
    const double t = row.front();
    if (row[car_t] > out.car_t_peak) {
      out.car_t_peak = row[car_t];
      out.car_t_tmax_days = t;
    }
    if (t * 24.0 >= next_sample - 1e-6) {
      out.car_t.push_back(row[car_t]);
      next_sample += kCarTEveryHours;
    }
  }
}

}  // namespace

record::Result<Clinician> load_clinician(const std::string& data_dir, const std::string& policy) {
  auto p = load_policy(policy_path(data_dir, policy));
  if (!p) return p.error();
  auto guideline = io::load_guideline(io::guideline_path(data_dir, p.value().guideline));
  if (!guideline) return guideline.error();
  return Clinician{std::move(p).value(), std::move(guideline).value()};
}

record::Result<TrialInputs> load_trial_inputs(const TrialSpec& spec, const std::string& data_dir) {
  auto parameters = model::Parameters::load(data_dir + "/model/parameters.toml");
  if (!parameters) return parameters.error();
  auto product = model::load_product(data_dir, spec.product);
  if (!product) return product.error();
  auto clinician = load_clinician(data_dir, spec.policy);
  if (!clinician) return clinician.error();
  return TrialInputs{std::move(parameters).value(), std::move(product).value(),
                     std::move(clinician).value()};
}

Trial::Trial(TrialSpec spec, TrialInputs inputs, PopulationSampler sampler)
    : spec_(std::move(spec)), inputs_(std::move(inputs)), sampler_(std::move(sampler)) {}

record::Result<Trial> Trial::prepare(TrialSpec spec, TrialInputs inputs) {
  auto sampler = PopulationSampler::prepare(spec, inputs.parameters, inputs.product);
  if (!sampler) return sampler.error();
  spec.policy = inputs.clinician.policy.name;  // the name, also when the spec gave a file
  return Trial(std::move(spec), std::move(inputs), std::move(sampler).value());
}

Trial Trial::with_clinician(Clinician clinician) const {
  Trial t = *this;
  t.spec_.policy = clinician.policy.name;
  t.inputs_.clinician = std::move(clinician);
  return t;
}

PatientOutcome Trial::simulate_patient(std::size_t index, solver::CvodeSolver& solver) const {
  const PatientDraw draw = sampler_.draw(spec_.seed, index);
  PatientOutcome out;
  out.index = index;
  out.seed = draw.seed;
  out.values = draw.values;
  out.covariates = draw.covariates;
  out.dose_cells = draw.dose_cells;
  std::optional<model::VirtualPatient> patient;
  try {
    patient.emplace(sampler_.patient(draw));
  } catch (const std::invalid_argument& e) {
    out.failure = e.what();  // a drawn value the model refuses
    return out;
  }
  SimulationOptions options;
  options.days = spec_.days;
  options.seed = draw.seed;
  options.guideline = inputs_.clinician.guideline;
  options.patient_id = fmt::format("{}-{}", spec_.name.empty() ? "virtual" : spec_.name, index + 1);
  try {
    const auto course = simulate_course(*patient, inputs_.clinician.policy, solver, options);
    const double equivalence = inputs_.parameters["methylprednisolone_dexamethasone_equivalence"];
    if (spec_.scale == course.grades.crs.front().scale) {
      read_course(course, course.grades, equivalence, out);
    } else {
      const auto grades = grading::grade_patient(
          course.record, {clinical::find_crs_scale(spec_.scale)}, options.engine);
      read_course(course, grades, equivalence, out);
    }
  } catch (const solver::SolverError& e) {
    out.failure = fmt::format("the integration failed: {}", e.what());
  }
  return out;
}

std::vector<std::size_t> trial_indices(std::size_t patients, std::size_t first,
                                       std::size_t stride) {
  if (stride == 0) throw std::invalid_argument("trial_indices: stride must be >= 1");
  std::vector<std::size_t> out;
  for (std::size_t i = first; i < patients; i += stride) out.push_back(i);
  return out;
}

std::vector<PatientOutcome> run_trial(const Trial& trial, const RunOptions& options) {
  const auto indices =
      trial_indices(static_cast<std::size_t>(trial.spec().patients), options.first, options.stride);
  std::vector<PatientOutcome> results(indices.size());
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = static_cast<unsigned>(
      std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(indices.size(), 1)));
  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  std::size_t done = 0;
  std::exception_ptr failure;
  const auto work = [&] {
    solver::CvodeSolver solver(virtual_patient_solver_options());
    const auto stopped = [&] { return options.stop != nullptr && options.stop->load(); };
    for (std::size_t k = next++; k < indices.size() && !stopped(); k = next++) {
      try {
        results[k] = trial.simulate_patient(indices[k], solver);
      } catch (...) {
        const std::lock_guard lock(progress_mutex);
        if (!failure) failure = std::current_exception();
        next = indices.size();
        return;
      }
      const std::lock_guard lock(progress_mutex);
      ++done;
      if (options.progress) options.progress(done, indices.size());
    }
  };
  if (threads == 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  if (failure) std::rethrow_exception(failure);
  return results;
}

record::Result<TrialSummary> simulate_trial(const TrialSpec& spec, const TrialInputs& inputs,
                                            const RunOptions& options) {
  auto trial = Trial::prepare(spec, inputs);
  if (!trial) return trial.error();
  return summarize_trial(trial.value().spec(), run_trial(trial.value(), options));
}

record::Result<Trial> load_trial(const std::string& data_dir, const TrialRequest& request) {
  auto parameters = model::Parameters::load(data_dir + "/model/parameters.toml");
  if (!parameters) return parameters.error();
  const std::string path =
      request.spec_is_file ? request.spec : trial_spec_path(data_dir, request.spec);
  if (path != request.spec && !std::filesystem::exists(path)) {
    return record::InputError{path, 0, "",
                              fmt::format("unknown preset \"{}\" (presets: {})", request.spec,
                                          fmt::join(trial_presets(data_dir), ", "))};
  }
  auto loaded = load_trial_spec(path, data_dir, parameters.value());
  if (!loaded) return loaded.error();
  auto spec = std::move(loaded).value();
  if (request.patients) spec.patients = *request.patients;
  if (request.seed) spec.seed = *request.seed;
  if (request.policy) spec.policy = *request.policy;
  if (request.days) spec.days = *request.days;
  auto inputs = load_trial_inputs(spec, data_dir);
  if (!inputs) return inputs.error();
  return Trial::prepare(std::move(spec), std::move(inputs).value());
}

}  // namespace cytostorm::population
