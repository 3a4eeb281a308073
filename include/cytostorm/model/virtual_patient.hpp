#pragma once
/// @file
/// The virtual CAR-T patient: one mechanistic ODE model of the cascade from the infused product
/// to the bedside signs (model.md section 1, all ten mechanisms). Time is in days since the
/// infusion; cells are per microlitre of blood, cytokines in pg/mL. The model is an
/// solver::OdeSystem with an exact Jacobian (forward-mode dual numbers over the same
/// right-hand side), so CVODE integrates it directly; doses are jumps in the state.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cytostorm/model/parameters.hpp"
#include "cytostorm/model/product.hpp"
#include "cytostorm/solver/cvode_solver.hpp"

namespace cytostorm::model {

/// What differs between patients before the infusion.
struct Covariates {
  double tumor_burden = 1.0;                  ///< relative to a typical patient (>= 0)
  double baseline_lymphocytes_per_ul = 1000;  ///< absolute lymphocyte count before lymphodepletion
  std::string lymphodepletion = "flu_cy";     ///< "flu_cy", "bendamustine" or "none"
  double lymphodepletion_intensity = 1.0;     ///< multiplies the regimen's depleted fraction
  double baseline_ang2_pg_ml = 1439;          ///< serum angiopoietin-2 before infusion
  double weight_kg = 75;                      ///< body weight (dose per kg, blood volume)
  double age_years = 60;                      ///< recorded; no mechanism uses it yet
};

/// Drugs the clinician can give; each dose is a jump in the state (give()).
enum class Drug { tocilizumab, siltuximab, anakinra, dexamethasone, methylprednisolone };

/// Supportive care set by the clinician; it changes what is observed, not the disease.
struct Support {
  double norepinephrine_equivalent_ug_min = 0;  ///< vasopressor dose, norepinephrine equivalents
  double fluids_ml_last_6h = 0;                 ///< intravenous fluid given in the last 6 h
  double fio2 = 0.21;                           ///< inspired oxygen fraction (0.21..1)
};

/// What the bedside sees at one time.
struct Observation {
  double temperature_c = 0;
  double map_mmhg = 0;
  double sbp_mmhg = 0;
  double dbp_mmhg = 0;
  double heart_rate = 0;
  double spo2_pct = 0;
  double ice = 0;                     ///< ICE score, 0-10, continuous
  double consciousness_level = 0;     ///< 0 alert .. 4 unarousable, continuous
  double seizure_hazard_per_day = 0;  ///< rate of a seizure
  double edema = 0;                   ///< cerebral edema: 0 none, 1 focal, 2 diffuse; continuous
};

/// The model's states, in order (the index into the state vector).
enum class State : std::size_t {
  host_lymphocytes,        ///< N, cells/uL
  homeostatic_cytokine,    ///< C (IL-15/IL-7), pg/mL
  car_t_effector,          ///< E, cells/uL
  car_t_memory,            ///< M, cells/uL
  car_t_exhausted,         ///< X, cells/uL
  tumor,                   ///< B, relative burden (1 = typical patient)
  ifng,                    ///< IFN-gamma, pg/mL
  gmcsf,                   ///< GM-CSF, pg/mL
  myeloid_activation,      ///< activated fraction of monocytes/macrophages, 0..1
  myeloid_tolerance,       ///< refractory fraction of monocytes/macrophages, 0..1
  first_contact,           ///< infused CAR-T cells yet to meet antigen, cells/uL of blood
  il6,                     ///< serum IL-6 (free + siltuximab-bound), pg/mL
  il1,                     ///< serum IL-1, pg/mL
  sil6r,                   ///< soluble IL-6 receptor (free + tocilizumab-bound), ng/mL
  tocilizumab_central,     ///< mg in the central compartment
  tocilizumab_peripheral,  ///< mg in the peripheral compartment
  siltuximab,              ///< mg
  anakinra,                ///< mg
  steroid_central,         ///< mg dexamethasone-equivalent in plasma
  steroid_effect,          ///< mg dexamethasone-equivalent in the effect compartment
  ang2,                    ///< angiopoietin-2, pg/mL
  vwf,                     ///< von Willebrand factor antigen, % of normal
  pyrogen,                 ///< thermoregulatory set-point drive, 0..1
  vascular_leak,           ///< systemic capillary leak and vasodilation, 0..1
  cns_fluid,               ///< brain interstitial filtration, 1 = the reference baseline
  cns_inflammation,        ///< CNS cytokine load, pg/mL IL-6-equivalent
  count
};

/// The number of states.
inline constexpr std::size_t kStateCount = static_cast<std::size_t>(State::count);

namespace detail {
struct Coefficients;
}

/// A virtual patient: product, covariates and parameters fixed at construction.
class VirtualPatient : public solver::OdeSystem {
 public:
  /// Builds a patient. The product's overrides are applied to `p` first.
  /// @param p the model parameters (data/model/parameters.toml)
  /// @param product the product infused (its overrides replace parameter values)
  /// @param c the patient's covariates
  /// @throws std::invalid_argument when an override names an unknown parameter, a covariate or
  ///   product field is out of range, or the lymphodepletion regimen is unknown
  /// @throws std::out_of_range when `p` lacks a parameter the model needs
  VirtualPatient(Parameters p, Product product, Covariates c);

  /// @return the number of states (kStateCount)
  [[nodiscard]] std::size_t size() const override { return kStateCount; }

  /// The right-hand side dy/dt (per day).
  /// @param t days since infusion
  /// @param y the state (size())
  /// @param dydt written: the derivatives (size())
  void rhs(double t, std::span<const double> y, std::span<double> dydt) const override;

  /// The exact Jacobian df/dy, column-major, computed by forward-mode dual numbers through the
  /// same code as rhs(), one pass for each group of columns that share no row where they may be
  /// nonzero (the structure also comes from that code).
  /// @param t days since infusion
  /// @param y the state
  /// @param jac written: size() x size() values, jac[col * size() + row]
  /// @return true (always available)
  bool jacobian(double t, std::span<const double> y, std::span<double> jac) const override;

  /// The state at infusion (t = 0), lymphodepletion already given (days -5 to -3).
  /// @return the initial state
  [[nodiscard]] std::vector<double> initial_state() const;

  /// The names of the states, in State order (e.g. "car_t_effector", "il6").
  /// @return the names
  [[nodiscard]] const std::vector<std::string>& state_names() const;

  /// The index of a state by name.
  /// @param name a state name from state_names()
  /// @return its index
  /// @throws std::out_of_range naming the state when there is none
  [[nodiscard]] static std::size_t index(std::string_view name);

  /// Gives a dose: a jump in the drug's state. Restart the solver from `y` afterwards
  /// (solver::CvodeSolver::reset_state).
  /// @param drug the drug
  /// @param dose_mg the dose in mg (methylprednisolone is converted to dexamethasone
  ///   equivalents)
  /// @param y the state, changed in place
  /// @throws std::invalid_argument when the dose is negative or not finite, or `y` has the wrong
  ///   size
  void give(Drug drug, double dose_mg, std::span<double> y) const;

  /// What the bedside sees.
  /// @param t_days days since infusion
  /// @param y the state
  /// @param support the supportive care running at that time
  /// @return the vital signs and neurological assessment
  /// @throws std::invalid_argument when `y` has the wrong size or the support is out of range
  ///   (negative dose or fluids, FiO2 outside 0.21..1)
  [[nodiscard]] Observation observe(double t_days, std::span<const double> y,
                                    const Support& support) const;

  /// Quantities for plots and tests: car_t_total (cells/uL), il6_signalling and
  /// il1_signalling (0..1), tocilizumab_ug_ml, il6_receptor_occupancy, il6_free,
  /// il6_production_car_t and il6_production_myeloid (pg/mL/day), bbb_reflection,
  /// bbb_filtration (relative), neuro_drive, steroid_effect_myeloid (0..1), then every state by
  /// name (tumor, ifng, gmcsf, il6, il1, ang2, ...).
  /// @param t_days days since infusion
  /// @param y the state
  /// @return name and value pairs, always in the same order
  /// @throws std::invalid_argument when `y` has the wrong size
  [[nodiscard]] std::vector<std::pair<std::string, double>> derived(
      double t_days, std::span<const double> y) const;

  /// The names of derived(), in order.
  /// @return the names
  [[nodiscard]] static const std::vector<std::string>& derived_names();

  /// The values of derived() without their names, for callers that sample often.
  /// @param t_days days since infusion
  /// @param y the state
  /// @param out replaced by the values, in derived_names() order
  /// @throws std::invalid_argument when `y` has the wrong size
  void derived_values(double t_days, std::span<const double> y, std::vector<double>& out) const;

  /// The product as infused.
  /// @return the product
  [[nodiscard]] const Product& product() const { return product_; }
  /// The covariates.
  /// @return the covariates
  [[nodiscard]] const Covariates& covariates() const { return covariates_; }
  /// The parameters with the product's overrides applied.
  /// @return the parameters
  [[nodiscard]] const Parameters& parameters() const { return parameters_; }

 private:
  Parameters parameters_;
  Product product_;
  Covariates covariates_;
  std::shared_ptr<const detail::Coefficients> k_;
};

}  // namespace cytostorm::model
