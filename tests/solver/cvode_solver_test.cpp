#include "cytostorm/solver/cvode_solver.hpp"

#include <gtest/gtest.h>

#include <cmath>
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
