#include "cytostorm/solver/cvode_solver.hpp"

#include <cvode/cvode.h>
#include <fmt/format.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace cytostorm::solver {

struct CvodeSolver::Impl {
  SUNContext context = nullptr;
  void* cvode = nullptr;
  N_Vector y = nullptr;
  N_Vector abstol = nullptr;
  SUNMatrix matrix = nullptr;
  SUNLinearSolver linear = nullptr;
  std::size_t size = 0;
  const OdeSystem* system = nullptr;
  bool has_jacobian = false;

  ~Impl() { release(); }

  void release() {
    if (cvode) CVodeFree(&cvode);
    if (linear) SUNLinSolFree(linear);
    if (matrix) SUNMatDestroy(matrix);
    if (y) N_VDestroy(y);
    if (abstol) N_VDestroy(abstol);
    if (context) SUNContext_Free(&context);
    cvode = nullptr;
    linear = nullptr;
    matrix = nullptr;
    y = nullptr;
    abstol = nullptr;
    context = nullptr;
    size = 0;
  }

  static int rhs(realtype t, N_Vector y, N_Vector ydot, void* user) {
    const auto* self = static_cast<Impl*>(user);
    const auto n = self->size;
    self->system->rhs(t, std::span<const double>(N_VGetArrayPointer(y), n),
                      std::span<double>(N_VGetArrayPointer(ydot), n));
    return 0;
  }

  static int jacobian(realtype t, N_Vector y, N_Vector /*fy*/, SUNMatrix jac, void* user,
                      N_Vector /*tmp1*/, N_Vector /*tmp2*/, N_Vector /*tmp3*/) {
    const auto* self = static_cast<Impl*>(user);
    const auto n = self->size;
    // SUNDIALS dense matrices are column-major with leading dimension n.
    return self->system->jacobian(t, std::span<const double>(N_VGetArrayPointer(y), n),
                                  std::span<double>(SUNDenseMatrix_Data(jac), n * n))
               ? 0
               : -1;
  }
};

namespace {

void check(int flag, const char* function, double t) {
  if (flag < 0) {
    // CVodeGetReturnFlagName allocates the name with malloc: the caller frees it.
    std::unique_ptr<char, decltype(&std::free)> name(CVodeGetReturnFlagName(flag), &std::free);
    throw SolverError(fmt::format("{} failed with flag {} ({}) at t = {:g}", function, flag,
                                  name ? name.get() : "?", t));
  }
}

}  // namespace

CvodeSolver::CvodeSolver(SolverOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>()) {}

CvodeSolver::~CvodeSolver() = default;

void CvodeSolver::start(const OdeSystem& system, double t0, std::span<const double> y0) {
  const std::size_t n = system.size();
  if (y0.size() != n) {
    throw std::invalid_argument(
        fmt::format("CvodeSolver::start: y0 has {} values, the system {}", y0.size(), n));
  }
  Impl& m = *impl_;
  m.system = &system;
  const auto length = static_cast<sunindextype>(n);
  if (m.size != n || !m.cvode) {
    m.release();
    check(SUNContext_Create(nullptr, &m.context), "SUNContext_Create", t0);
    m.size = n;
    m.y = N_VNew_Serial(length, m.context);
    m.abstol = N_VNew_Serial(length, m.context);
    std::copy(y0.begin(), y0.end(), N_VGetArrayPointer(m.y));
    m.cvode = CVodeCreate(CV_BDF, m.context);
    if (!m.cvode || !m.y || !m.abstol) throw SolverError("CVodeCreate: out of memory");
    check(CVodeInit(m.cvode, &Impl::rhs, t0, m.y), "CVodeInit", t0);
    m.matrix = SUNDenseMatrix(length, length, m.context);
    m.linear = SUNLinSol_Dense(m.y, m.matrix, m.context);
    check(CVodeSetLinearSolver(m.cvode, m.linear, m.matrix), "CVodeSetLinearSolver", t0);
    check(CVodeSetUserData(m.cvode, &m), "CVodeSetUserData", t0);
  } else {
    std::copy(y0.begin(), y0.end(), N_VGetArrayPointer(m.y));
    check(CVodeReInit(m.cvode, t0, m.y), "CVodeReInit", t0);
  }
  double* atol = N_VGetArrayPointer(m.abstol);
  for (std::size_t i = 0; i < n; ++i) {
    atol[i] = options_.atol_per_state.size() == n ? options_.atol_per_state[i] : options_.atol;
  }
  check(CVodeSVtolerances(m.cvode, options_.rtol, m.abstol), "CVodeSVtolerances", t0);
  check(CVodeSetMaxNumSteps(m.cvode, options_.max_steps), "CVodeSetMaxNumSteps", t0);
  if (options_.max_step > 0) {
    check(CVodeSetMaxStep(m.cvode, options_.max_step), "CVodeSetMaxStep", t0);
  }
  // An analytic Jacobian when the system offers one: probe it once.
  std::vector<double> probe(n * n);
  m.has_jacobian = system.jacobian(t0, y0, probe);
  check(CVodeSetJacFn(m.cvode, m.has_jacobian ? &Impl::jacobian : nullptr), "CVodeSetJacFn", t0);
  t_ = t0;
  last_ = {};
}

void CvodeSolver::advance(double t, std::span<double> y) {
  Impl& m = *impl_;
  if (!m.cvode || !m.system) throw std::logic_error("CvodeSolver::advance before start");
  if (t > t_) {
    if (!options_.interpolate_outputs) {
      check(CVodeSetStopTime(m.cvode, t), "CVodeSetStopTime", t_);
    }
    realtype reached = t_;
    const int flag = CVode(m.cvode, t, m.y, &reached, CV_NORMAL);
    collect_stats();
    check(flag, "CVode", reached);
    t_ = reached;
  }
  const double* data = N_VGetArrayPointer(m.y);
  std::copy(data, data + m.size, y.begin());
}

void CvodeSolver::reset_state(std::span<const double> y) {
  Impl& m = *impl_;
  if (!m.cvode) throw std::logic_error("CvodeSolver::reset_state before start");
  std::copy(y.begin(), y.end(), N_VGetArrayPointer(m.y));
  check(CVodeReInit(m.cvode, t_, m.y), "CVodeReInit", t_);
  last_ = {};
}

void CvodeSolver::collect_stats() {
  // CVODE's counters restart at each (re)initialisation; add what this call did.
  Impl& m = *impl_;
  long steps = 0, rhs = 0, jac = 0, etf = 0, nlf = 0, lsrhs = 0;
  CVodeGetNumSteps(m.cvode, &steps);
  CVodeGetNumRhsEvals(m.cvode, &rhs);
  CVodeGetNumJacEvals(m.cvode, &jac);
  CVodeGetNumErrTestFails(m.cvode, &etf);
  CVodeGetNumNonlinSolvConvFails(m.cvode, &nlf);
  CVodeGetNumLinRhsEvals(m.cvode, &lsrhs);
  stats_.steps += steps - last_.steps;
  stats_.rhs_evals += rhs + lsrhs - last_.rhs_evals;
  stats_.jac_evals += jac - last_.jac_evals;
  stats_.error_test_failures += etf - last_.error_test_failures;
  stats_.nonlinear_failures += nlf - last_.nonlinear_failures;
  last_ = {steps, rhs + lsrhs, jac, etf, nlf};
}

}  // namespace cytostorm::solver
