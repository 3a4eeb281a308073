#pragma once
/// @file
/// Running a virtual trial: every patient drawn from the spec's population, simulated under the
/// trial's policy (simulate_course), graded by the trial's CRS scale (and ICANS by ASTCT 2019),
/// on worker threads. Results are stored by patient index, and each patient depends only on the
/// trial seed and its index, so the outcomes are identical for any number of threads or ranks.
///
/// A trial is prepared once (files read, names and correlations checked) and can be run again
/// and again: a calibration changes the spec in memory, prepares it from the same TrialInputs and
/// runs it.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cytostorm/clinical/guideline.hpp"
#include "cytostorm/model/parameters.hpp"
#include "cytostorm/model/product.hpp"
#include "cytostorm/population/patient_outcome.hpp"
#include "cytostorm/population/policy.hpp"
#include "cytostorm/population/population_spec.hpp"
#include "cytostorm/population/sampling.hpp"
#include "cytostorm/population/trial_summary.hpp"
#include "cytostorm/record/input_error.hpp"
#include "cytostorm/solver/cvode_solver.hpp"

namespace cytostorm::population {

/// The virtual clinician of a trial arm: a policy and the guideline rule set it names.
struct Clinician {
  Policy policy;
  clinical::Guideline guideline;
};

/// Reads a policy and its guideline rule set.
/// @param data_dir the data folder (policies/, guidelines/)
/// @param policy a policy name in data_dir/policies, or a file
/// @return the clinician, or the policy's or the rule set's InputError
record::Result<Clinician> load_clinician(const std::string& data_dir, const std::string& policy);

/// What a trial reads from the data folder: the model, the product, the clinician.
struct TrialInputs {
  model::Parameters parameters;
  model::Product product;
  Clinician clinician;
};

/// Reads the inputs a spec names: data_dir/model/parameters.toml, the product preset, the policy
/// and its guideline rule set.
/// @param spec the trial
/// @param data_dir the data folder
/// @return the inputs, or the first file's InputError
record::Result<TrialInputs> load_trial_inputs(const TrialSpec& spec, const std::string& data_dir);

/// A trial ready to run.
class Trial {
 public:
  /// Prepares `spec` with `inputs` (PopulationSampler::prepare); the spec's policy becomes the
  /// name of the inputs' policy.
  /// @param spec the trial
  /// @param inputs its model, product and policy
  /// @return the trial, or the spec's first problem
  static record::Result<Trial> prepare(TrialSpec spec, TrialInputs inputs);

  /// @return the spec
  [[nodiscard]] const TrialSpec& spec() const { return spec_; }
  /// @return the inputs
  [[nodiscard]] const TrialInputs& inputs() const { return inputs_; }
  /// @return the population sampler
  [[nodiscard]] const PopulationSampler& sampler() const { return sampler_; }

  /// The same trial (the same patients) under another clinician; the spec's policy is renamed.
  /// @param clinician the policy and its rule set
  /// @return the trial
  [[nodiscard]] Trial with_clinician(Clinician clinician) const;

  /// Simulates and grades patient `index`. A drawn value the model refuses and a failed
  /// integration are not thrown: they are recorded in the outcome's `failure`.
  /// @param index the patient's index
  /// @param solver a solver to reuse (one per thread)
  /// @return the outcome
  /// @throws std::invalid_argument when the clinician cannot run (simulate_course's checks)
  PatientOutcome simulate_patient(std::size_t index, solver::CvodeSolver& solver) const;

 private:
  Trial(TrialSpec spec, TrialInputs inputs, PopulationSampler sampler);
  TrialSpec spec_;
  TrialInputs inputs_;
  PopulationSampler sampler_;
};

/// A trial as `cytostorm trial` and the Python module ask for it: a preset or a spec file, and
/// the spec's values to replace.
struct TrialRequest {
  /// A preset name ("zuma-1": data_dir/trials/zuma-1.toml) or a spec file (a path with '/' or
  /// ending in .toml; trial_spec_path).
  std::string spec;
  bool spec_is_file = false;  ///< `spec` is a file whatever its name (the CLI's positional spec)
  std::optional<int> patients;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> policy;
  std::optional<double> days;
};

/// Reads the model parameters, the spec (with the request's replacements), the inputs it names,
/// and prepares the trial.
/// @param data_dir the data folder (io::data_dir())
/// @param request the trial
/// @return the trial, or the first problem: an unknown preset (listing the presets), a file that
///   cannot be read, a spec that cannot run (Trial::prepare)
record::Result<Trial> load_trial(const std::string& data_dir, const TrialRequest& request);

/// How to run a trial.
struct RunOptions {
  unsigned threads = 0;    ///< worker threads; 0: std::thread::hardware_concurrency()
  std::size_t first = 0;   ///< the first index this process runs (an MPI rank: its rank)
  std::size_t stride = 1;  ///< every stride-th index from `first` (MPI: the number of ranks)
  /// Called after each patient with (done, total) for this process, from a worker thread (one
  /// call at a time).
  std::function<void(std::size_t, std::size_t)> progress;
  /// When given and set (by a signal handler, say), the workers stop after their current patient:
  /// the outcomes of the patients not run are left empty, so the caller must discard the run.
  const std::atomic<bool>* stop = nullptr;
};

/// The indices a process runs: first, first + stride, ... below `patients`.
/// @param patients the trial's size
/// @param first the first index
/// @param stride the step (>= 1)
/// @return the indices
std::vector<std::size_t> trial_indices(std::size_t patients, std::size_t first, std::size_t stride);

/// Runs the patients of trial_indices(spec.patients, first, stride) on worker threads, one
/// solver each.
/// @param trial the prepared trial
/// @param options threads, the share of the indices, progress
/// @return the outcomes in index order
std::vector<PatientOutcome> run_trial(const Trial& trial, const RunOptions& options = {});

/// A spec held in memory, prepared, run and summarised in one call: what a calibration does at
/// every step (change the spec, call again with the same inputs; the patients keep their seeds,
/// so the summary moves smoothly with the spec).
/// @param spec the trial
/// @param inputs its model, product and clinician (read once with load_trial_inputs)
/// @param options threads (first and stride too, for a share of the patients)
/// @return the summary, or the spec's first problem
record::Result<TrialSummary> simulate_trial(const TrialSpec& spec, const TrialInputs& inputs,
                                            const RunOptions& options = {});

}  // namespace cytostorm::population
