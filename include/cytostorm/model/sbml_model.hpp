#pragma once
/// @file
/// An SBML model read with libSBML and turned into an ODE system for the CVODE wrapper.
///
/// Supported: SBML Level 2 and 3 core with compartments of constant size, species (initial amount
/// or concentration, hasOnlySubstanceUnits, boundary and constant species), global parameters,
/// kinetic-law local parameters, function definitions, reactions with kinetic laws and constant
/// stoichiometry, rate rules and assignment rules on species and parameters, and initial
/// assignments. MathML: numbers, + - * / power/pow, exp, ln, log (any base), root, abs, floor,
/// ceiling, factorial, the trigonometric and hyperbolic functions, min/max, piecewise, the
/// relations and logical operators, true/false/pi/exponentiale/avogadro and the time csymbol.
///
/// Everything else is refused at load with an error naming the file, the line and the construct:
/// events, algebraic rules, delay and rateOf, fast reactions, stoichiometryMath and variable
/// stoichiometry, conversion factors, compartments with rules, reaction or species-reference ids
/// used as values, required L3 packages, SBML Level 1. Units are not converted (the values are
/// used as written) and <constraint> elements, which do not change the solution, are not checked.
///
/// Every math expression is compiled once, at load, into a small stack-machine program;
/// function definitions are inlined. The state vector holds, in document order, the species
/// changed by reactions or by rate rules, then the parameters with rate rules. A species' state
/// is its concentration (amount / compartment size) unless it has only substance units, in which
/// case it is the amount; reactions change the amount, so a concentration state moves by
/// stoichiometry * rate / size.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cytostorm/record/input_error.hpp"
#include "cytostorm/solver/cvode_solver.hpp"

namespace cytostorm::model {

/// An SBML model (Level 2/3 core) as an ODE system. Immutable after loading; copies share the
/// compiled model, and `rhs`/`value` may be called from several threads at once.
class SbmlModel : public solver::OdeSystem {
 public:
  /// Reads and compiles an SBML file.
  /// @param path the SBML file
  /// @return the model, or an InputError naming the file, the line (when known) and the
  ///         unsupported element or construct, the unknown identifier or the libSBML read error
  static record::Result<SbmlModel> load(const std::string& path);

  /// Number of states.
  [[nodiscard]] std::size_t size() const override;

  /// dy/dt at time `t` with the SBML meaning of every expression (a condition `time <= T` is
  /// still true at t = T).
  void rhs(double t, std::span<const double> y, std::span<double> dydt) const override;

  /// The same right-hand side, but with every time switch at or before `since` taken as passed:
  /// at t = since a condition `time <= since` is false. This is the right-hand limit needed to
  /// restart the integration at a switch time (see switch_times()).
  void rhs_after(double since, double t, std::span<const double> y, std::span<double> dydt) const;

  /// The state at t = 0: initial values, initial assignments and assignment rules applied.
  [[nodiscard]] std::vector<double> initial_state() const;

  /// The SBML id of each state, in state order.
  [[nodiscard]] const std::vector<std::string>& state_ids() const;

  /// The value of any compartment, species (its concentration, or its amount when it has only
  /// substance units), global parameter or assignment-rule variable at time `t` and state `y`.
  /// @throws std::out_of_range when the model has no such id
  [[nodiscard]] double value(std::string_view id, double t, std::span<const double> y) const;

  /// Whether the model has a compartment, species or global parameter with this id.
  [[nodiscard]] bool has(std::string_view id) const;

  /// The times (ascending, distinct) at which a condition comparing time with a constant, such
  /// as `time <= T_max` in a piecewise, changes value. The right-hand side is discontinuous
  /// there: integrate up to each one and restart after it (simulate() does).
  [[nodiscard]] const std::vector<double>& switch_times() const;

  /// The model's id and name as written in the file.
  [[nodiscard]] const std::string& id() const;
  [[nodiscard]] const std::string& name() const;

  /// Integrates from the initial state at t = 0 to each of `times` (ascending, none negative)
  /// with `solver`, stopping at every switch time and restarting after it with rhs_after().
  /// The solver's own options (tolerances) apply. Afterwards the solver refers to a system local
  /// to this call: start() it again before any further advance().
  /// @return the state at each time, in order
  /// @throws std::invalid_argument when the times are negative or not ascending
  /// @throws solver::SolverError when CVODE fails
  [[nodiscard]] std::vector<std::vector<double>> simulate(solver::CvodeSolver& solver,
                                                          std::span<const double> times) const;

  struct Impl;  ///< the compiled model (defined in sbml_model.cpp)

 private:
  explicit SbmlModel(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace cytostorm::model
