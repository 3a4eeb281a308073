#pragma once
/// @file
/// A virtual trial as data (docs/trials.md): who the patients are (between-patient distributions
/// of model parameters and covariates, with correlations), what they receive (product, dose,
/// lymphodepletion), who treats them (the virtual clinician's policy), how they are graded (the
/// trial's CRS scale), how many, for how long and from which seed. Read from TOML
/// (data/trials/*.toml, with the shared biology and the disease's covariates from
/// data/populations/*.toml) or built in memory (a calibration changes it and runs it again).

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/io/toml_reader.hpp"
#include "cytostorm/model/parameters.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::population {

/// The shape of a between-patient distribution.
enum class DistributionKind { fixed, normal, lognormal, uniform, log_uniform };

/// The name of a distribution kind in the spec ("fixed", "normal", "lognormal", "uniform",
/// "log_uniform").
/// @param kind the kind
/// @return its name
std::string_view distribution_name(DistributionKind kind);

/// One quantity's distribution over the virtual patients.
struct Distribution {
  DistributionKind kind = DistributionKind::fixed;
  /// fixed: the value; normal: the mean; lognormal: the median. Nothing: the model's own value
  /// (for a parameter, the product's override when it has one, else data/model/parameters.toml;
  /// for a covariate, model::Covariates' default).
  std::optional<double> centre;
  double spread = 0.0;  ///< normal: the standard deviation; lognormal: the coefficient of variation
  /// Bounds. normal and lognormal are truncated to [min, max] (by their quantiles, so that a
  /// correlation still acts on the rest); uniform and log_uniform span [min, max] (both needed).
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();

  /// A fixed value.
  /// @param value the value
  /// @return the distribution
  static Distribution fixed_at(double value);
};

/// A distribution with the quantity it describes and where it was written.
struct NamedDistribution {
  std::string name;
  Distribution distribution;
  std::string file;      ///< where it was read ("" when built in memory)
  std::size_t line = 0;  ///< 0 when built in memory
};

/// A correlation between two sampled quantities (parameters or covariates), on the normal scale
/// of a Gaussian copula.
struct Correlation {
  std::string first;
  std::string second;
  double r = 0.0;  ///< -1 < r < 1
  std::string file;
  std::size_t line = 0;
};

/// The continuous covariates a spec may distribute (the fields of model::Covariates), in draw
/// order. `lymphodepletion_intensity` multiplies the trial's dose intensity.
inline constexpr std::array<std::string_view, 6> kCovariateNames{
    "tumor_burden", "baseline_lymphocytes_per_ul", "baseline_ang2_pg_ml", "weight_kg",
    "age_years",    "lymphodepletion_intensity"};

/// The lymphodepletion regimens the model knows (model::Covariates::lymphodepletion).
inline constexpr std::array<std::string_view, 3> kRegimens{"flu_cy", "bendamustine", "none"};

/// What varies between patients.
struct PopulationSpec {
  std::vector<NamedDistribution> parameters;  ///< model parameters (data/model/parameters.toml)
  std::vector<NamedDistribution> covariates;  ///< names from kCovariateNames
  std::vector<Correlation> correlations;      ///< pairs of distributed quantities
  std::vector<std::string> sources;           ///< the files it was read from, in order
  std::string description;                    ///< the last file's description
};

/// Reads a population file (data/populations/*.toml: description, [parameters], [covariates],
/// [[correlation]]) into a population: entries of the same name, and correlations of the same
/// pair read from another file, are replaced.
/// @param path the TOML file
/// @param parameters the model parameters whose names may be distributed
/// @param into the population read so far (empty for a file on its own)
/// @return the merged population, or an InputError naming the file, line and key
record::Result<PopulationSpec> load_population(const std::string& path,
                                               const model::Parameters& parameters,
                                               PopulationSpec into = {});

/// A population as a population file that load_population reads back to the same
/// distributions (the fitted biology a calibration writes).
/// @param population the population
/// @param header comment lines put first (each without its "# ")
/// @return the TOML text
std::string population_toml(const PopulationSpec& population,
                            const std::vector<std::string>& header);

/// The CAR-T dose. With neither distribution the product preset's dose is given.
struct DoseSpec {
  std::optional<Distribution> cells_per_kg;  ///< CAR-T cells per kg of body weight
  std::optional<Distribution> cells;         ///< CAR-T cells, flat
  /// With both: per kg at or below this weight, flat above (ELIANA: 50 kg).
  double per_kg_up_to_kg = std::numeric_limits<double>::infinity();
  double max_cells = 0.0;  ///< cap on the total (0: none)
};

/// The lymphodepleting chemotherapy of the trial.
struct LymphodepletionSpec {
  /// Share of patients given each regimen, in kRegimens order (they sum to 1).
  std::array<double, 3> shares{1.0, 0.0, 0.0};
  double fludarabine_mg_m2 = 90.0;         ///< total over the course (30 mg/m2/day x3)
  double cyclophosphamide_mg_m2 = 1500.0;  ///< total over the course (500 mg/m2/day x3)
};

/// The reference fludarabine/cyclophosphamide course (ZUMA-1: 30 + 500 mg/m2/day x3) at which
/// the model's `lymphodepletion_fraction_flu_cy` holds.
inline constexpr double kReferenceFludarabineMgM2 = 90.0;
inline constexpr double kReferenceCyclophosphamideMgM2 = 1500.0;

/// The dose intensity of a fludarabine/cyclophosphamide course relative to the reference: the
/// mean of the two drugs' totals over their reference totals (30/300 x3 gives 0.8, 25/250 x3
/// 0.667, 30 x4 + 500 x2 1.0). It multiplies the patient's `lymphodepletion_intensity`.
/// @param spec the trial's lymphodepletion
/// @return the relative intensity (> 0)
double flu_cy_dose_intensity(const LymphodepletionSpec& spec);

/// A whole virtual trial.
struct TrialSpec {
  std::string name;                 ///< "zuma-1"
  std::string title;                ///< "ZUMA-1 (pivotal safety set)"
  std::string description;          ///< the design in words
  std::string source;               ///< where the design comes from
  bool prediction = false;          ///< built from the design only, never compared with outcomes
  std::string product;              ///< a preset in data/products
  std::string disease;              ///< a label ("large B-cell lymphoma")
  std::string policy = "standard";  ///< a policy name in data/policies, or a file
  std::string scale = "astct";      ///< CRS grading scale (clinical::find_crs_scale)
  int patients = 100;
  double days = 28.0;
  std::uint64_t seed = 1;
  DoseSpec dose;
  LymphodepletionSpec lymphodepletion;
  PopulationSpec population;
  std::string file;  ///< the spec's file ("" when built in memory)
};

/// Checks a spec built in memory (load_trial_spec checks what it reads the same way): the
/// distributed names are model parameters or kCovariateNames, none twice; every correlation joins
/// two distributed quantities that are not fixed, once, with |r| < 1; the correlation matrix is
/// positive definite; the regimen shares are >= 0 and sum to 1; the scale is known; patients >= 1,
/// days > 0.
/// @param spec the spec
/// @param parameters the model parameters
/// @return nothing when the spec is usable, else the first problem (file and line when known)
std::optional<record::InputError> check_trial_spec(const TrialSpec& spec,
                                                   const model::Parameters& parameters);

/// Reads a trial spec. Keys (docs/trials.md): name, title, description, source, kind
/// ("calibration" or "prediction"), product, disease, populations (a list of names in
/// data_dir/populations/ or files, merged in order, then the spec's own tables), policy,
/// grading_scale, patients, days, seed, tables [dose], [lymphodepletion], [parameters],
/// [covariates] and [[correlation]]. Every key is checked.
/// @param path the TOML file
/// @param data_dir the data folder (populations/, and model/parameters.toml for the names)
/// @param parameters the model parameters whose names may be distributed
/// @return the spec, or an InputError naming the file, the line and the key: an unknown key, a
///   wrong type, a value out of range, an unknown parameter, covariate, regimen, scale or
///   population, a correlation of an undistributed quantity, or correlations whose matrix is not
///   positive definite
record::Result<TrialSpec> load_trial_spec(const std::string& path, const std::string& data_dir,
                                          const model::Parameters& parameters);

/// As load_trial_spec, from a document already parsed (a file's text held in memory); the
/// document's file name is the spec's `file`.
/// @param doc the parsed TOML document
/// @param data_dir the data folder
/// @param parameters the model parameters whose names may be distributed
/// @return the spec, or the first error
record::Result<TrialSpec> read_trial_spec(const io::TomlDocument& doc, const std::string& data_dir,
                                          const model::Parameters& parameters);

/// The path of a trial given by name ("zuma-1": data_dir/trials/zuma-1.toml) or by path.
/// @param data_dir the data folder
/// @param name_or_path a preset name, or a path (it contains '/' or ends in .toml)
/// @return the path
std::string trial_spec_path(const std::string& data_dir, const std::string& name_or_path);

/// The trial presets in data_dir/trials (file names without .toml), sorted.
/// @param data_dir the data folder
/// @return the names; empty when the folder does not exist
std::vector<std::string> trial_presets(const std::string& data_dir);

}  // namespace cytostorm::population
