#include "dense_lu.hpp"

#include <nvector/nvector_serial.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace cytostorm::solver::detail {

namespace {

struct Factors {
  std::size_t n = 0;
  std::vector<std::size_t> pivots;  // row exchanged with row k at step k
};

Factors& factors(SUNLinearSolver s) {
  return *static_cast<Factors*>(s->content);
}

// a: column-major n x n. Returns 0, or k + 1 when the pivot of column k is zero.
std::size_t factorise(double* a, std::size_t n, std::size_t* pivots) {
  for (std::size_t k = 0; k < n; ++k) {
    double* col_k = a + k * n;
    std::size_t l = k;
    for (std::size_t i = k + 1; i < n; ++i) {
      if (std::fabs(col_k[i]) > std::fabs(col_k[l])) l = i;
    }
    pivots[k] = l;
    if (col_k[l] == 0.0) return k + 1;
    if (l != k) {
      for (std::size_t j = 0; j < n; ++j) std::swap(a[j * n + l], a[j * n + k]);
    }
    const double multiplier = 1.0 / col_k[k];
    for (std::size_t i = k + 1; i < n; ++i) col_k[i] *= multiplier;
    for (std::size_t j = k + 1; j < n; ++j) {
      double* col_j = a + j * n;
      const double a_kj = col_j[k];
      if (a_kj == 0.0) continue;
      for (std::size_t i = k + 1; i < n; ++i) col_j[i] -= a_kj * col_k[i];
    }
  }
  return 0;
}

// Solves L U x = P b in place in b.
void substitute(const double* a, std::size_t n, const std::size_t* pivots, double* b) {
  for (std::size_t k = 0; k < n; ++k) {
    if (pivots[k] != k) std::swap(b[k], b[pivots[k]]);
  }
  for (std::size_t k = 0; k + 1 < n; ++k) {
    const double* col_k = a + k * n;
    const double bk = b[k];
    for (std::size_t i = k + 1; i < n; ++i) b[i] -= col_k[i] * bk;
  }
  for (std::size_t k = n - 1; k > 0; --k) {
    const double* col_k = a + k * n;
    b[k] /= col_k[k];
    const double bk = b[k];
    for (std::size_t i = 0; i < k; ++i) b[i] -= col_k[i] * bk;
  }
  b[0] /= a[0];
}

SUNLinearSolver_Type type(SUNLinearSolver) {
  return SUNLINEARSOLVER_DIRECT;
}

SUNLinearSolver_ID id(SUNLinearSolver) {
  return SUNLINEARSOLVER_CUSTOM;
}

int setup(SUNLinearSolver s, SUNMatrix a) {
  Factors& f = factors(s);
  return factorise(SUNDenseMatrix_Data(a), f.n, f.pivots.data()) == 0 ? SUNLS_SUCCESS
                                                                      : SUNLS_LUFACT_FAIL;
}

int solve(SUNLinearSolver s, SUNMatrix a, N_Vector x, N_Vector b, double /*tolerance*/) {
  const Factors& f = factors(s);
  const double* bd = NV_DATA_S(b);
  double* xd = NV_DATA_S(x);
  std::copy(bd, bd + f.n, xd);
  substitute(SUNDenseMatrix_Data(a), f.n, f.pivots.data(), xd);
  return SUNLS_SUCCESS;
}

int release(SUNLinearSolver s) {
  delete static_cast<Factors*>(s->content);
  s->content = nullptr;
  SUNLinSolFreeEmpty(s);
  return SUNLS_SUCCESS;
}

}  // namespace

SUNLinearSolver dense_lu_solver(sunindextype n, SUNContext context) {
  SUNLinearSolver s = SUNLinSolNewEmpty(context);
  if (!s) return nullptr;
  const auto size = static_cast<std::size_t>(n);
  try {
    s->content = new Factors{size, std::vector<std::size_t>(size)};
  } catch (const std::bad_alloc&) {
    SUNLinSolFreeEmpty(s);
    return nullptr;
  }
  s->ops->gettype = &type;
  s->ops->getid = &id;
  s->ops->setup = &setup;
  s->ops->solve = &solve;
  s->ops->free = &release;
  return s;
}

}  // namespace cytostorm::solver::detail
