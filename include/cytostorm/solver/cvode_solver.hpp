#pragma once
/// @file
/// ODE integration: a system of equations behind a small interface, integrated by SUNDIALS CVODE
/// (BDF, dense direct linear solver), reusing the solver's memory across patients and restarting
/// cleanly at discontinuities (the infusion, a tocilizumab or steroid dose). The vector arithmetic
/// and the LU factorisation CVODE calls are cytostorm's own, compiled with its flags (Debian's
/// SUNDIALS is built without optimisation): the same arithmetic as SUNDIALS' serial vector and
/// dense solver, so the results are theirs to the last bit.

#include <cstddef>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace cytostorm::solver {

/// A system dy/dt = f(t, y).
class OdeSystem {
 public:
  virtual ~OdeSystem() = default;
  /// Number of states.
  [[nodiscard]] virtual std::size_t size() const = 0;
  /// The right-hand side f(t, y) written into `dydt`.
  virtual void rhs(double t, std::span<const double> y, std::span<double> dydt) const = 0;
  /// The dense Jacobian df/dy, column-major (`jac[col * size + row]`); return false to let the
  /// solver use difference quotients.
  virtual bool jacobian(double t, std::span<const double> y, std::span<double> jac) const {
    (void)t;
    (void)y;
    (void)jac;
    return false;
  }
};

/// Tolerances and limits.
struct SolverOptions {
  double rtol = 1e-6;
  double atol = 1e-9;  ///< used for every state unless atol_per_state is given
  std::vector<double> atol_per_state;
  long max_steps = 100000;  ///< between two output times
  double max_step = 0.0;    ///< 0: no limit
  /// Interpolate the outputs: CVODE may step past an output time and the state there is
  /// interpolated, for a system whose right-hand side changes only through reset_state (the
  /// virtual patient: autonomous, doses given as new states). Off, it stops at every output.
  bool interpolate_outputs = false;
};

/// Work counters, summed since the last reset_stats().
struct SolverStats {
  long steps = 0;
  long rhs_evals = 0;
  long jac_evals = 0;
  long error_test_failures = 0;
  long nonlinear_failures = 0;
};

/// CVODE failed: the message names the CVODE function, its flag and the time reached.
class SolverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// CVODE with BDF and a dense linear solver. One instance integrates many patients in turn:
/// `start` re-initialises the same solver memory when the system size is unchanged.
class CvodeSolver {
 public:
  explicit CvodeSolver(SolverOptions options = {});
  ~CvodeSolver();
  CvodeSolver(const CvodeSolver&) = delete;
  CvodeSolver& operator=(const CvodeSolver&) = delete;

  /// Starts integrating `system` at `t0` from `y0`. `system` must outlive the integration.
  void start(const OdeSystem& system, double t0, std::span<const double> y0);

  /// Integrates to `t` and writes the state there into `y`; the integrator never steps past `t`
  /// unless `interpolate_outputs` is set.
  /// @throws SolverError when CVODE fails
  void advance(double t, std::span<double> y);

  /// A discontinuity at the current time: the state becomes `y` (a dose was given) and the
  /// integrator restarts from it.
  void reset_state(std::span<const double> y);

  /// The time reached.
  [[nodiscard]] double time() const { return t_; }

  /// The work since the last reset_stats() (or since construction).
  [[nodiscard]] SolverStats stats() const;
  void reset_stats();

  [[nodiscard]] const SolverOptions& options() const { return options_; }

 private:
  struct Impl;
  SolverStats counters() const;
  void fold_stats();
  SolverOptions options_;
  std::unique_ptr<Impl> impl_;
  double t_ = 0.0;
  // The work counted is stats_ plus CVODE's counters since the last (re)initialisation, less
  // counted_ (those counters when reset_stats() was called after that initialisation). CVODE's
  // counters are read on demand, not after every output: before each re-initialisation they
  // are folded into stats_.
  SolverStats stats_;
  SolverStats counted_;
  bool integrated_ = false;  // CVode was called since the last (re)initialisation
};

}  // namespace cytostorm::solver
