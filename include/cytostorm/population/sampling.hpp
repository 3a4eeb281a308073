#pragma once
/// @file
/// Drawing virtual patients from a population spec. Every patient's draws come from its own
/// counter-based stream, seeded from (trial seed, patient index) alone, so a patient is the same
/// whatever the number of threads or MPI ranks, and the same under every policy. Correlations
/// act through a Gaussian copula: independent standard normals are correlated by the Cholesky
/// factor of the correlation matrix and mapped to each marginal by its quantile function, so a
/// change of a median or a CV moves every patient smoothly (common random numbers).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cytostorm/model/parameters.hpp"
#include "cytostorm/model/product.hpp"
#include "cytostorm/model/virtual_patient.hpp"
#include "cytostorm/population/population_spec.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::population {

/// One step of SplitMix64 (Steele, Lea & Flood 2014): a bijective 64-bit mix.
/// @param x the input
/// @return the mixed value
std::uint64_t splitmix64(std::uint64_t x);

/// The seed of patient `index` of a trial: the (index + 1)-th output of a SplitMix64 generator
/// started at `trial_seed`, i.e. splitmix64(trial_seed + (index + 1) * 0x9E3779B97F4A7C15).
/// @param trial_seed the trial's seed
/// @param index the patient's index (0-based)
/// @return the patient's seed
std::uint64_t patient_seed(std::uint64_t trial_seed, std::uint64_t index);

/// A counter-based stream of uniform numbers: draw k is splitmix64(seed + k * golden gamma).
class RandomStream {
 public:
  /// @param seed the stream's seed (a patient_seed)
  explicit RandomStream(std::uint64_t seed) : state_(seed) {}
  /// The next 64 random bits.
  /// @return the bits
  std::uint64_t bits();
  /// The next uniform number in (0, 1), never 0 or 1.
  /// @return the number
  double uniform();
  /// The next standard normal number (by the inverse normal distribution function).
  /// @return the number
  double normal();

 private:
  std::uint64_t state_;
};

/// The standard normal distribution function Phi(z).
/// @param z the value
/// @return the probability
double normal_cdf(double z);

/// The standard normal quantile function (Wichura's AS 241, relative error about 1e-16).
/// @param p a probability in (0, 1)
/// @return z with Phi(z) = p
/// @throws std::invalid_argument when p is not in (0, 1)
double normal_quantile(double p);

/// The value of a distribution at the standard normal score z: normal mean + sd z, lognormal
/// median exp(sigma z) with sigma^2 = ln(1 + cv^2), uniform and log_uniform by Phi(z), truncated
/// distributions by their quantile between the bounds; fixed: its centre.
/// @param d the distribution (its centre set)
/// @param z the standard normal score
/// @return the value
/// @throws std::invalid_argument when the centre is not set
double quantile_at(const Distribution& d, double z);

/// The lower Cholesky factor L of a symmetric matrix (L L^T = A), in place.
/// @param a n x n, row-major; on return its lower triangle holds L and the upper is zero
/// @param n the order
/// @return nothing when A is positive definite, else the index of the first pivot that is not
///   positive
std::optional<std::size_t> cholesky(std::vector<double>& a, std::size_t n);

/// One virtual patient as drawn.
struct PatientDraw {
  std::size_t index = 0;
  std::uint64_t seed = 0;
  std::vector<double> values;  ///< one per PopulationSampler::names()
  model::Covariates covariates;
  double dose_cells = 0.0;  ///< CAR-T cells infused
};

/// A population ready to draw from: the distributed quantities in draw order, their centres
/// resolved against the model and the product, and the Cholesky factor of their correlations.
class PopulationSampler {
 public:
  /// Prepares a spec's population for `product`.
  /// @param spec the trial (population, dose, lymphodepletion)
  /// @param parameters the model parameters (defaults and names)
  /// @param product the product (its overrides are the centres of parameters it sets; its dose
  ///   when the spec gives none)
  /// @return the sampler, or an InputError (file and line when the spec was read from a file): an
  ///   unknown parameter or covariate, a distribution out of its domain (a spread < 0, a
  ///   lognormal centre <= 0, bounds not ordered or not containing the centre, a uniform without
  ///   both bounds), a correlation naming an undistributed quantity or |r| >= 1, correlations
  ///   whose matrix is not positive definite, or regimen shares that do not sum to 1
  static record::Result<PopulationSampler> prepare(const TrialSpec& spec,
                                                   const model::Parameters& parameters,
                                                   const model::Product& product);

  /// The distributed quantities, in draw order: parameters first, then covariates.
  /// @return the names
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

  /// How many of names() are model parameters (the rest are covariates).
  /// @return the count
  [[nodiscard]] std::size_t parameter_count() const { return parameter_count_; }

  /// Draws patient `index` of the trial whose seed is `trial_seed`.
  /// @param trial_seed the trial's seed
  /// @param index the patient's index
  /// @return the draw
  [[nodiscard]] PatientDraw draw(std::uint64_t trial_seed, std::size_t index) const;

  /// The virtual patient of a draw: the parameters set (through the product's overrides when it
  /// has one for that name), the dose set to the drawn total.
  /// @param draw a draw of this sampler
  /// @return the patient
  /// @throws std::invalid_argument when a value is outside what the model accepts
  [[nodiscard]] model::VirtualPatient patient(const PatientDraw& draw) const;

 private:
  std::vector<std::string> names_;
  std::vector<Distribution> distributions_;  // centres resolved
  std::size_t parameter_count_ = 0;
  std::vector<std::size_t> correlated_;  // indices into names_ of the non-fixed quantities
  std::vector<double> factor_;           // Cholesky factor over correlated_, row-major
  DoseSpec dose_;
  LymphodepletionSpec lymphodepletion_;
  double flu_cy_intensity_ = 1.0;
  model::Parameters parameters_;
  model::Product product_;
};

}  // namespace cytostorm::population
