#include "cytostorm/solver/cvode_solver.hpp"

#include <cvode/cvode.h>
#include <fmt/format.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>

#include "dense_lu.hpp"
#include "vector_arithmetic.hpp"

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
  std::vector<double> saved_jacobian;  // df/dy at the last evaluation, column-major

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

  // CVODE's Newton matrix A = I - gamma J, with J evaluated anew (!jok) or the saved one: the
  // arithmetic of CVODE's own linear system function, compiled with the project's flags.
  static int linear_system(realtype t, N_Vector y, N_Vector /*fy*/, SUNMatrix a, booleantype jok,
                           booleantype* jcur, realtype gamma, void* user, N_Vector /*tmp1*/,
                           N_Vector /*tmp2*/, N_Vector /*tmp3*/) {
    auto* self = static_cast<Impl*>(user);
    const auto n = self->size;
    double* saved = self->saved_jacobian.data();
    if (!jok) {
      std::fill_n(saved, n * n, 0.0);
      if (!self->system->jacobian(t, std::span<const double>(N_VGetArrayPointer(y), n),
                                  std::span<double>(saved, n * n))) {
        return -1;
      }
    }
    *jcur = jok ? SUNFALSE : SUNTRUE;
    // SUNDIALS dense matrices are column-major with leading dimension n.
    double* data = SUNDenseMatrix_Data(a);
    const double c = -gamma;
    for (std::size_t col = 0; col < n; ++col) {
      for (std::size_t row = 0; row < n; ++row) data[col * n + row] = c * saved[col * n + row];
      data[col * n + col] += 1.0;
    }
    return 0;
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
  fold_stats();
  m.system = &system;
  const auto length = static_cast<sunindextype>(n);
  if (m.size != n || !m.cvode) {
    m.release();
    check(SUNContext_Create(nullptr, &m.context), "SUNContext_Create", t0);
    m.size = n;
    m.y = N_VNew_Serial(length, m.context);
    m.abstol = N_VNew_Serial(length, m.context);
    m.cvode = CVodeCreate(CV_BDF, m.context);
    m.matrix = SUNDenseMatrix(length, length, m.context);
    m.linear = detail::dense_lu_solver(length, m.context);
    if (!m.cvode || !m.y || !m.abstol || !m.matrix || !m.linear) {
      throw SolverError("CVodeCreate: out of memory");
    }
    // Before CVodeInit, which makes CVODE's own vectors as clones of y.
    detail::use_compiled_arithmetic(m.y);
    detail::use_compiled_arithmetic(m.abstol);
    std::copy(y0.begin(), y0.end(), N_VGetArrayPointer(m.y));
    check(CVodeInit(m.cvode, &Impl::rhs, t0, m.y), "CVodeInit", t0);
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
  // An analytic Jacobian when the system offers one (probe it once): then the Newton matrix is
  // formed here; otherwise CVODE's own linear system function with difference quotients.
  m.saved_jacobian.assign(n * n, 0.0);
  m.has_jacobian = system.jacobian(t0, y0, m.saved_jacobian);
  if (m.has_jacobian) {
    check(CVodeSetLinSysFn(m.cvode, &Impl::linear_system), "CVodeSetLinSysFn", t0);
  } else {
    check(CVodeSetJacFn(m.cvode, nullptr), "CVodeSetJacFn", t0);
  }
  t_ = t0;
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
    integrated_ = true;
    check(flag, "CVode", reached);
    t_ = reached;
  }
  const double* data = N_VGetArrayPointer(m.y);
  std::copy(data, data + m.size, y.begin());
}

void CvodeSolver::reset_state(std::span<const double> y) {
  Impl& m = *impl_;
  if (!m.cvode) throw std::logic_error("CvodeSolver::reset_state before start");
  fold_stats();
  std::copy(y.begin(), y.end(), N_VGetArrayPointer(m.y));
  check(CVodeReInit(m.cvode, t_, m.y), "CVodeReInit", t_);
}

SolverStats CvodeSolver::counters() const {
  // CVODE's counters restart at each (re)initialisation, its linear solver's at the first CVode
  // call after it: read them only once that call was made.
  SolverStats c;
  if (!integrated_) return c;
  void* cvode = impl_->cvode;
  long rhs = 0, lsrhs = 0;
  CVodeGetNumSteps(cvode, &c.steps);
  CVodeGetNumRhsEvals(cvode, &rhs);
  CVodeGetNumLinRhsEvals(cvode, &lsrhs);
  CVodeGetNumJacEvals(cvode, &c.jac_evals);
  CVodeGetNumErrTestFails(cvode, &c.error_test_failures);
  CVodeGetNumNonlinSolvConvFails(cvode, &c.nonlinear_failures);
  c.rhs_evals = rhs + lsrhs;
  return c;
}

SolverStats CvodeSolver::stats() const {
  const SolverStats now = counters();
  SolverStats s = stats_;
  s.steps += now.steps - counted_.steps;
  s.rhs_evals += now.rhs_evals - counted_.rhs_evals;
  s.jac_evals += now.jac_evals - counted_.jac_evals;
  s.error_test_failures += now.error_test_failures - counted_.error_test_failures;
  s.nonlinear_failures += now.nonlinear_failures - counted_.nonlinear_failures;
  return s;
}

void CvodeSolver::reset_stats() {
  stats_ = {};
  counted_ = counters();
}

void CvodeSolver::fold_stats() {
  stats_ = stats();
  counted_ = {};
  integrated_ = false;
}

}  // namespace cytostorm::solver
