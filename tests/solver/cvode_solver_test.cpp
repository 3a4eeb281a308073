#include "cytostorm/solver/cvode_solver.hpp"

#include <cvode/cvode.h>
#include <gtest/gtest.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace cytostorm::solver {
namespace {

SolverOptions tolerances(double rtol, double atol) {
  SolverOptions o;
  o.rtol = rtol;
  o.atol = atol;
  return o;
}

// dy/dt = -k y, exact solution y0 exp(-k t).
class Decay : public OdeSystem {
 public:
  explicit Decay(double k, bool analytic = false) : k_(k), analytic_(analytic) {}
  std::size_t size() const override { return 1; }
  void rhs(double, std::span<const double> y, std::span<double> dydt) const override {
    dydt[0] = -k_ * y[0];
  }
  bool jacobian(double, std::span<const double>, std::span<double> jac) const override {
    if (!analytic_) return false;
    jac[0] = -k_;
    return true;
  }

 private:
  double k_;
  bool analytic_;
};

// Robertson's stiff chemical kinetics, the classic test of a BDF solver.
class Robertson : public OdeSystem {
 public:
  std::size_t size() const override { return 3; }
  void rhs(double, std::span<const double> y, std::span<double> f) const override {
    f[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
    f[2] = 3e7 * y[1] * y[1];
    f[1] = -f[0] - f[2];
  }
};

// y0' = -y0, y1' = 1000 y0 - 2000 y1: stiff (eigenvalues -1 and -2000), with y0 = e^-t and
// y1 = 1000/1999 (e^-t - e^-2000t) from (1, 0). In CVODE's Newton matrix I - gamma J the first
// column is (1 + gamma, -1000 gamma): once gamma exceeds about 1e-3 the LU factorisation must
// exchange rows.
class StiffCascade : public OdeSystem {
 public:
  std::size_t size() const override { return 2; }
  void rhs(double, std::span<const double> y, std::span<double> f) const override {
    f[0] = -y[0];
    f[1] = 1000.0 * y[0] - 2000.0 * y[1];
  }
  bool jacobian(double, std::span<const double>, std::span<double> jac) const override {
    jac[0] = -1.0;  // column 0: d/dy0
    jac[1] = 1000.0;
    jac[2] = 0.0;  // column 1: d/dy1
    jac[3] = -2000.0;
    return true;
  }
};

// A chain of eight stiff compartments, y0' = -y0, yi' = 1000 y(i-1) - di yi (di 2000 and 1 in
// turn): its Jacobian is mostly zeros (two diagonals), and in the Newton matrix I - gamma J each
// column k has 1 - gamma J[k][k] on the diagonal and -1000 gamma below it, so that the LU
// factorisation exchanges rows in some columns and not in others, and its factors keep zeros.
class StiffChain : public OdeSystem {
 public:
  std::size_t size() const override { return 8; }
  void rhs(double, std::span<const double> y, std::span<double> f) const override {
    f[0] = -y[0];
    for (std::size_t i = 1; i < size(); ++i) f[i] = 1000.0 * y[i - 1] - decay(i) * y[i];
  }
  bool jacobian(double, std::span<const double>, std::span<double> jac) const override {
    std::fill(jac.begin(), jac.end(), 0.0);
    const std::size_t n = size();
    jac[0] = -1.0;
    for (std::size_t i = 1; i < n; ++i) {
      jac[(i - 1) * n + i] = 1000.0;  // column i - 1, row i
      jac[i * n + i] = -decay(i);
    }
    return true;
  }

 private:
  static double decay(std::size_t i) { return i % 2 == 1 ? 2000.0 : 1.0; }
};

// The same integration with SUNDIALS' own modules (serial vector, dense matrix and linear
// solver, CVODE's linear system function), driven directly: BDF, the same tolerances, a dose of
// `dose` added to the first state after output `dose_after` (a re-initialisation).
struct StockRun {
  std::vector<double> outputs;  // the state at every output time, one after the other
  long steps = 0;
  long jac_evals = 0;
};

StockRun stock_cvode(const OdeSystem& system, std::vector<double> y0,
                     const std::vector<double>& times, const SolverOptions& options,
                     std::size_t dose_after, double dose) {
  struct Trampoline {
    static int rhs(realtype t, N_Vector y, N_Vector ydot, void* user) {
      const auto* s = static_cast<const OdeSystem*>(user);
      s->rhs(t, std::span<const double>(N_VGetArrayPointer(y), s->size()),
             std::span<double>(N_VGetArrayPointer(ydot), s->size()));
      return 0;
    }
    static int jacobian(realtype t, N_Vector y, N_Vector, SUNMatrix jac, void* user, N_Vector,
                        N_Vector, N_Vector) {
      const auto* s = static_cast<const OdeSystem*>(user);
      const std::size_t n = s->size();
      return s->jacobian(t, std::span<const double>(N_VGetArrayPointer(y), n),
                         std::span<double>(SUNDenseMatrix_Data(jac), n * n))
                 ? 0
                 : -1;
    }
  };
  const auto n = static_cast<sunindextype>(system.size());
  std::vector<double> probe(system.size() * system.size());
  const bool analytic = system.jacobian(0.0, y0, probe);
  SUNContext context = nullptr;
  SUNContext_Create(nullptr, &context);
  N_Vector y = N_VNew_Serial(n, context);
  std::copy(y0.begin(), y0.end(), N_VGetArrayPointer(y));
  void* cvode = CVodeCreate(CV_BDF, context);
  CVodeInit(cvode, &Trampoline::rhs, 0.0, y);
  CVodeSStolerances(cvode, options.rtol, options.atol);
  CVodeSetMaxNumSteps(cvode, options.max_steps);
  SUNMatrix matrix = SUNDenseMatrix(n, n, context);
  SUNLinearSolver linear = SUNLinSol_Dense(y, matrix, context);
  CVodeSetLinearSolver(cvode, linear, matrix);
  CVodeSetUserData(cvode, const_cast<OdeSystem*>(&system));
  CVodeSetJacFn(cvode, analytic ? &Trampoline::jacobian : nullptr);
  StockRun run;
  auto count = [&] {
    long steps = 0, jacs = 0;
    CVodeGetNumSteps(cvode, &steps);
    CVodeGetNumJacEvals(cvode, &jacs);
    run.steps += steps;
    run.jac_evals += jacs;
  };
  realtype reached = 0.0;
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (!options.interpolate_outputs) CVodeSetStopTime(cvode, times[i]);
    EXPECT_EQ(CVode(cvode, times[i], y, &reached, CV_NORMAL), CV_SUCCESS);
    const double* data = N_VGetArrayPointer(y);
    run.outputs.insert(run.outputs.end(), data, data + n);
    if (i == dose_after) {
      count();
      N_VGetArrayPointer(y)[0] += dose;
      CVodeReInit(cvode, times[i], y);
    }
  }
  count();
  CVodeFree(&cvode);
  SUNLinSolFree(linear);
  SUNMatDestroy(matrix);
  N_VDestroy(y);
  SUNContext_Free(&context);
  return run;
}

TEST(CvodeSolver, StiffSystemNeedingRowExchangesMatchesTheExactSolution) {
  StiffCascade system;
  CvodeSolver solver(tolerances(1e-10, 1e-12));
  std::vector<double> y{1.0, 0.0};
  solver.start(system, 0.0, y);
  for (double t : {0.01, 0.1, 1.0, 5.0}) {
    solver.advance(t, y);
    EXPECT_NEAR(y[0], std::exp(-t), 1e-8) << "t = " << t;
    EXPECT_NEAR(y[1], 1000.0 / 1999.0 * (std::exp(-t) - std::exp(-2000.0 * t)), 1e-8)
        << "t = " << t;
  }
  // Stiff: BDF steps grow far beyond the explicit stability limit (2 / 2000 = 1e-3 per step).
  EXPECT_LT(solver.stats().steps, 1000);
}

// The solver's vector arithmetic, Newton matrix and LU factorisation are its own (compiled with
// cytostorm; Debian's SUNDIALS is built without optimisation) but the same arithmetic as
// SUNDIALS' modules: every output equals theirs to the last bit, with an analytic Jacobian and
// with difference quotients, stopping at outputs or interpolating them, across a dose, and with
// a Newton matrix of mostly zeros (the LU skips them).
TEST(CvodeSolver, GivesTheResultsOfSundialsOwnModulesToTheLastBit) {
  StiffCascade cascade;
  Robertson robertson;
  StiffChain chain;
  for (const OdeSystem* system :
       {static_cast<const OdeSystem*>(&cascade), static_cast<const OdeSystem*>(&robertson),
        static_cast<const OdeSystem*>(&chain)}) {
    std::vector<double> y0(system->size(), 0.0);
    y0[0] = 1.0;
    std::vector<double> times;
    for (int i = 1; i <= 40; ++i) times.push_back(0.25 * i);
    for (bool interpolate : {false, true}) {
      SolverOptions options = tolerances(1e-6, 1e-9);
      options.interpolate_outputs = interpolate;
      const StockRun stock = stock_cvode(*system, y0, times, options, 19, 0.5);
      CvodeSolver solver(options);
      std::vector<double> y = y0;
      solver.start(*system, 0.0, y);
      for (std::size_t i = 0; i < times.size(); ++i) {
        solver.advance(times[i], y);
        for (std::size_t k = 0; k < y.size(); ++k) {
          ASSERT_EQ(y[k], stock.outputs[i * y.size() + k])
              << "state " << k << " at t = " << times[i] << (interpolate ? ", interpolated" : "");
        }
        if (i == 19) {
          y[0] += 0.5;
          solver.reset_state(y);
        }
      }
      EXPECT_EQ(solver.stats().steps, stock.steps);
      EXPECT_EQ(solver.stats().jac_evals, stock.jac_evals);
      EXPECT_GT(stock.jac_evals, 0);
    }
  }
}

// The work counted is the work since reset_stats(), whether it is called before or after the
// next patient's start; the previous patient's counters never leak into it.
TEST(CvodeSolver, CountsTheWorkSinceTheLastReset) {
  Decay first(0.5, true), second(2.0, true);
  CvodeSolver fresh(tolerances(1e-10, 1e-12));
  std::vector<double> y{3.0};
  fresh.start(second, 0.0, y);
  fresh.advance(1.0, y);
  const SolverStats alone = fresh.stats();
  ASSERT_GT(alone.jac_evals, 0);
  for (bool reset_after_start : {false, true}) {
    CvodeSolver solver(tolerances(1e-10, 1e-12));
    y = {1.0};
    solver.start(first, 0.0, y);
    solver.advance(1.0, y);
    EXPECT_GT(solver.stats().steps, 0);
    if (!reset_after_start) {
      solver.reset_stats();
      EXPECT_EQ(solver.stats().steps, 0);
      EXPECT_EQ(solver.stats().rhs_evals, 0);
      EXPECT_EQ(solver.stats().jac_evals, 0);
    }
    y = {3.0};
    solver.start(second, 0.0, y);
    if (reset_after_start) solver.reset_stats();
    EXPECT_EQ(solver.stats().jac_evals, 0);
    solver.advance(1.0, y);
    EXPECT_EQ(solver.stats().steps, alone.steps);
    EXPECT_EQ(solver.stats().rhs_evals, alone.rhs_evals);
    EXPECT_EQ(solver.stats().jac_evals, alone.jac_evals);
    // A dose restarts CVODE's counters: the work before it is kept.
    y[0] += 1.0;
    solver.reset_state(y);
    EXPECT_EQ(solver.stats().steps, alone.steps);
    solver.advance(2.0, y);
    EXPECT_GT(solver.stats().steps, alone.steps);
  }
}

TEST(CvodeSolver, ExponentialDecayMatchesTheExactSolution) {
  for (bool analytic : {false, true}) {
    Decay system(0.7, analytic);
    CvodeSolver solver(tolerances(1e-10, 1e-12));
    const std::vector<double> y0{2.0};
    solver.start(system, 0.0, y0);
    std::vector<double> y(1);
    for (double t : {0.5, 1.0, 3.0, 10.0}) {
      solver.advance(t, y);
      EXPECT_NEAR(y[0], 2.0 * std::exp(-0.7 * t), 1e-8) << "t = " << t;
      EXPECT_DOUBLE_EQ(solver.time(), t);
    }
    EXPECT_GT(solver.stats().steps, 0);
    EXPECT_GT(solver.stats().rhs_evals, solver.stats().steps);
    EXPECT_EQ(solver.stats().jac_evals > 0, true);
  }
}

TEST(CvodeSolver, StiffRobertsonConservesMassAndMatchesReference) {
  Robertson system;
  CvodeSolver solver(tolerances(1e-8, 1e-12));
  const std::vector<double> y0{1.0, 0.0, 0.0};
  solver.start(system, 0.0, y0);
  std::vector<double> y(3);
  solver.advance(40.0, y);
  // Reference values at t = 40 (Hairer and Wanner, SUNDIALS cvRoberts_dns example output).
  EXPECT_NEAR(y[0], 7.158e-1, 1e-3);
  EXPECT_NEAR(y[1], 9.185e-6, 1e-8);
  EXPECT_NEAR(y[2], 2.842e-1, 1e-3);
  EXPECT_NEAR(y[0] + y[1] + y[2], 1.0, 1e-7);
}

TEST(CvodeSolver, ResetStateAppliesADoseAsADiscontinuity) {
  Decay system(1.0);
  CvodeSolver solver(tolerances(1e-10, 1e-12));
  std::vector<double> y{1.0};
  solver.start(system, 0.0, y);
  solver.advance(1.0, y);
  y[0] += 5.0;  // a bolus at t = 1
  solver.reset_state(y);
  solver.advance(2.0, y);
  EXPECT_NEAR(y[0], (std::exp(-1.0) + 5.0) * std::exp(-1.0), 1e-8);
}

// Interpolated outputs: the same values at every output, far fewer steps than stopping at each,
// and a dose still restarts the integrator at the output time it was given.
TEST(CvodeSolver, InterpolatedOutputsAgreeTakeFewerStepsAndStillRestartAtADose) {
  Decay system(0.7, true);
  std::vector<long> steps;
  for (bool interpolate : {false, true}) {
    SolverOptions options = tolerances(1e-10, 1e-12);
    options.interpolate_outputs = interpolate;
    CvodeSolver solver(options);
    std::vector<double> y{2.0};
    solver.start(system, 0.0, y);
    double y0 = 2.0;
    for (int i = 1; i <= 200; ++i) {
      const double t = i * 0.05;
      solver.advance(t, y);
      EXPECT_DOUBLE_EQ(solver.time(), t);
      EXPECT_NEAR(y[0], y0 * std::exp(-0.7 * (t - (i > 100 ? 5.0 : 0.0))), 1e-8)
          << "t = " << t << (interpolate ? ", interpolated" : ", stopping");
      if (i == 100) {  // a bolus at t = 5
        y[0] += 5.0;
        y0 = y[0];
        solver.reset_state(y);
      }
    }
    steps.push_back(solver.stats().steps);
  }
  EXPECT_LT(steps[1] * 2, steps[0]) << "stopping " << steps[0] << ", interpolating " << steps[1];
}

TEST(CvodeSolver, ReusesItsMemoryForTheNextPatient) {
  Decay a(0.5), b(2.0);
  CvodeSolver solver(tolerances(1e-10, 1e-12));
  std::vector<double> y{1.0};
  solver.start(a, 0.0, y);
  solver.advance(1.0, y);
  EXPECT_NEAR(y[0], std::exp(-0.5), 1e-8);
  y = {3.0};
  solver.start(b, 0.0, y);
  solver.advance(1.0, y);
  EXPECT_NEAR(y[0], 3.0 * std::exp(-2.0), 1e-8);
}

TEST(CvodeSolver, WrongSizeAndFailuresAreReported) {
  Decay system(1.0);
  CvodeSolver solver;
  const std::vector<double> two{1.0, 2.0};
  EXPECT_THROW(solver.start(system, 0.0, two), std::invalid_argument);
  std::vector<double> y(1);
  EXPECT_THROW(CvodeSolver().advance(1.0, y), std::logic_error);
  SolverOptions tight;
  tight.max_steps = 2;
  CvodeSolver limited(tight);
  Robertson stiff;
  std::vector<double> r{1.0, 0.0, 0.0};
  limited.start(stiff, 0.0, r);
  try {
    limited.advance(1e5, r);
    FAIL() << "expected a SolverError";
  } catch (const SolverError& e) {
    EXPECT_NE(std::string(e.what()).find("CVode failed"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cytostorm::solver
