#pragma once
/// @file
/// Calibration (docs/calibration.md): the shared biology of the virtual patients (the between-
/// patient distributions of data/populations/biology.toml) fitted so that the calibration trials
/// reproduce their published outcomes (../shared/data/calibration_trials.csv and
/// calibration_kinetics.csv). Products, doses, diseases and policies stay each trial's own; one
/// set of biology serves every trial. The optimiser is NLopt's derivative-free Subplex (or
/// another local derivative-free algorithm named in the spec) on the distributions' centres and
/// spreads, from the values written in biology.toml; every patient keeps its seed, so a
/// calibration is deterministic.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/model/parameters.hpp"
#include "cytostorm/population/population_spec.hpp"
#include "cytostorm/population/trial.hpp"
#include "cytostorm/population/trial_summary.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::population {

/// Which number is fitted: a biology distribution's centre or spread, or a product's own value.
enum class FittedField { centre, spread, value };

/// The spec's word for a fitted field.
/// @param field the field
/// @return "centre", "spread" or "value"
std::string_view name(FittedField field);

/// A fitted number: a biology distribution's centre (median or mean) or spread (CV or SD), or the
/// value a product preset sets for a model parameter (its [overrides]).
struct FreeParameter {
  std::string name;  ///< a model parameter (distributed in the biology, or a product's)
  FittedField field = FittedField::centre;
  double min = 0.0;        ///< lower bound of the fit
  double max = 0.0;        ///< upper bound of the fit
  bool log_scale = false;  ///< searched on a log scale (both bounds > 0)
  std::size_t line = 0;    ///< where it is written in the calibration spec
  std::string product;     ///< for FittedField::value, the product preset; else empty
  /// For a number of another population file than the biology (a disease's covariate, say
  /// data/populations/lbcl.toml's tumor_burden): its name as the trials' `populations` list it;
  /// empty for the biology's
  std::string population;
};

/// A published number the calibration is to reproduce.
struct CalibrationTarget {
  std::string trial;       ///< a trial preset name ("zuma-1")
  std::string key;         ///< a kSummaryKeys name
  double value = 0.0;      ///< the published value
  double tolerance = 0.0;  ///< met when |simulated - value| <= tolerance
  std::string source;      ///< the file and line it was read from, and the publication
};

/// A row of calibration_kinetics.csv compared with a trial statistic.
struct KineticTarget {
  std::string product;   ///< the CSV's product column
  std::string quantity;  ///< the CSV's quantity column
  std::string trial;     ///< the trial whose statistic it is compared with
  std::string key;       ///< the statistic (car_t_peak_median, car_t_tmax_median_day)
  double tolerance = 0.0;
};

/// A calibration as data (data/calibration/*.toml).
struct CalibrationSpec {
  std::string description;
  std::vector<std::string> trials;       ///< calibration trial presets
  std::vector<std::string> predictions;  ///< prediction presets run with the fitted biology
  std::string biology = "biology";       ///< the population that is fitted (name or file)
  std::vector<FreeParameter> free;
  /// Tolerance by summary key; a published statistic without one is not a target.
  std::vector<std::pair<std::string, double>> tolerances;
  std::vector<KineticTarget> kinetics;
  std::string algorithm = "LN_SBPLX";  ///< an NLopt local derivative-free algorithm
  int max_evaluations = 200;
  double relative_tolerance = 1e-3;  ///< NLopt's xtol_rel on the searched coordinates
  double initial_step = 0.1;         ///< first step, as a share of each bound's width
  /// Virtual patients per published patient: each trial is simulated with this many times its
  /// published size, so that the fit matches the outcome the biology gives on average rather
  /// than one draw of the trial's size.
  int virtual_patients_per_patient = 1;
  std::string file;
};

/// Reads a calibration spec. Keys (docs/calibration.md): description, trials, predictions,
/// biology, algorithm, max_evaluations, relative_tolerance, initial_step,
/// virtual_patients_per_patient, [tolerance] (summary key
/// = number), [[free]] (name, field = "centre" | "spread" | "value", product (with "value"
/// only), population (with "centre" or "spread": a population file other than the biology),
/// min, max, scale = "linear" | "log"),
/// [[kinetics]] (product, quantity, trial, key, tolerance). Every key is checked.
/// @param path the TOML file
/// @param parameters the model parameters (names are checked)
/// @return the spec, or an InputError naming the file, line and key
record::Result<CalibrationSpec> load_calibration_spec(const std::string& path,
                                                      const model::Parameters& parameters);

/// The targets of the spec's trials: every statistic of calibration_trials.csv that has a
/// tolerance (the row whose `trial` column is the trial's title), and the spec's kinetic rows.
/// @param spec the calibration
/// @param trials the calibration trials, in spec order
/// @param trials_csv the path of calibration_trials.csv
/// @param kinetics_csv the path of calibration_kinetics.csv
/// @return the targets in trial and kSummaryKeys order, or an InputError (`file:line: column`)
///   for a missing trial row, a malformed number or an unmatched kinetic row
record::Result<std::vector<CalibrationTarget>> read_calibration_targets(
    const CalibrationSpec& spec, const std::vector<TrialSpec>& trials,
    const std::string& trials_csv, const std::string& kinetics_csv);

/// Sets a population's free parameters (those of the population file `name`: "" for the
/// biology; never a product's) in it, among its parameters and covariates.
/// @param free the free parameters
/// @param values one value per free parameter
/// @param name the population file the free parameters name ("" for the biology)
/// @param population the population (its entries of those names are changed)
/// @return nothing, or the first free parameter the population does not distribute
std::optional<std::string> apply_free_parameters(const std::vector<FreeParameter>& free,
                                                 const std::vector<double>& values,
                                                 const std::string& name,
                                                 PopulationSpec& population);

/// The value a free parameter has in a population (where a fit starts).
/// @param p the free parameter
/// @param population the population
/// @param parameters the model (the value of a distribution without a centre)
/// @return the value, or nothing when the population does not distribute p.name (as a parameter
///   or a covariate)
std::optional<double> free_parameter_value(const FreeParameter& p, const PopulationSpec& population,
                                           const model::Parameters& parameters);

/// A target's simulated value and whether it is met.
struct TargetResult {
  CalibrationTarget target;
  std::optional<double> simulated;  ///< nothing when the statistic is undefined (no patient)
  bool met = false;
};

/// How far the trials are from their targets: the sum of ((simulated - target) / tolerance)^2,
/// with an undefined statistic counted as 4 tolerances away.
/// @param targets the targets
/// @param summaries the trials' summaries, by trial name
/// @param results receives each target's result
/// @return the objective
double calibration_objective(const std::vector<CalibrationTarget>& targets,
                             const std::vector<TrialSummary>& summaries,
                             std::vector<TargetResult>& results);

/// One evaluation, for progress.
struct CalibrationStep {
  int evaluation = 0;
  double objective = 0.0;
  double best = 0.0;
  std::size_t met = 0;
  std::size_t targets = 0;
};

/// The outcome of a calibration.
struct CalibrationResult {
  std::vector<double> start;   ///< the free parameters' starting values
  std::vector<double> fitted;  ///< the best values found
  double start_objective = 0.0;
  double objective = 0.0;
  int evaluations = 0;
  std::string stop_reason;  ///< NLopt's reason for stopping, or the interruption
  /// RunOptions::stop was set: the fit ended early with the best of the evaluations completed
  /// (none when `evaluations` is 0: then nothing else is set).
  bool interrupted = false;
  std::vector<TrialSummary> trials;  ///< the trials at the fitted values
  std::vector<TargetResult> targets;
  PopulationSpec biology;                ///< the fitted biology population
  std::vector<model::Product> products;  ///< the products with a fitted value, as fitted
  std::map<std::string, PopulationSpec> populations;  ///< the other fitted populations, by name
};

/// Everything a calibration needs, read once.
struct CalibrationSetup {
  CalibrationSpec spec;
  PopulationSpec biology;  ///< the biology population as read
  /// The other population files with a free number (FreeParameter::population), read on their
  /// own, by name
  std::map<std::string, PopulationSpec> populations;
  std::vector<TrialSpec> trials;    ///< the calibration trials as read
  std::vector<TrialInputs> inputs;  ///< their model, product and clinician
  std::vector<CalibrationTarget> targets;
};

/// Fits the free parameters.
/// @param setup the calibration
/// @param options threads for each trial; when its `stop` is set (Ctrl-C), the evaluation under
/// way is dropped and the fit ends with the best values so far (CalibrationResult::interrupted)
/// @param progress called after each evaluation
/// @return the result, or an InputError when a trial cannot run (a spec problem)
record::Result<CalibrationResult> calibrate(
    const CalibrationSetup& setup, const RunOptions& options,
    const std::function<void(const CalibrationStep&)>& progress);

/// Uses a fitted product in place of the trial's own when the names match.
/// @param inputs the trial's inputs (their product may change)
/// @param products the fitted products
void use_products(TrialInputs& inputs, const std::vector<model::Product>& products);

/// Replaces a trial's entries read from a population's file (the biology's, a disease's) by that
/// population's, parameters and covariates.
/// @param trial the trial (its population changes)
/// @param population the fitted population to use
void use_population(TrialSpec& trial, const PopulationSpec& population);

}  // namespace cytostorm::population
