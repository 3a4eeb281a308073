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
  // The rows where column k of the factors is not zero: above the diagonal (U) nonzero[k * n +
  // p] for p < upper_count[k], below it (L) the next lower_count[k] entries.
  std::vector<std::size_t> nonzero, upper_count, lower_count;

  explicit Factors(std::size_t size)
      : n(size), pivots(size), nonzero(size * size), upper_count(size), lower_count(size) {}
};

Factors& factors(SUNLinearSolver s) {
  return *static_cast<Factors*>(s->content);
}

// a: column-major n x n, factorised in place as SUNDIALS does it. Returns 0, or k + 1 when the
// pivot of column k is zero.
std::size_t factorise(double* a, std::size_t n, std::size_t* pivots) {
  for (std::size_t k = 0; k < n; ++k) {
    double* col_k = a + k * n;
    std::size_t l = k;
    double largest = std::fabs(col_k[k]);
    for (std::size_t i = k + 1; i < n; ++i) {
      const double size = std::fabs(col_k[i]);
      if (size > largest) {
        largest = size;
        l = i;
      }
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

// Records where the factors are not zero, for substitute(). Without branches on the values:
// which entries are zero follows no pattern the processor could predict.
void record_nonzeros(const double* a, Factors& f) {
  const std::size_t n = f.n;
  for (std::size_t k = 0; k < n; ++k) {
    const double* col_k = a + k * n;
    std::size_t* rows = f.nonzero.data() + k * n;
    std::size_t count = 0;
    for (std::size_t i = 0; i < k; ++i) {
      rows[count] = i;
      count += col_k[i] != 0.0 ? 1 : 0;
    }
    f.upper_count[k] = count;
    for (std::size_t i = k + 1; i < n; ++i) {
      rows[count] = i;
      count += col_k[i] != 0.0 ? 1 : 0;
    }
    f.lower_count[k] = count - f.upper_count[k];
  }
}

// Solves L U x = P b in place in b: SUNDIALS' operations in its order, except the products with
// a zero factor (a model's Newton matrix is mostly zeros, so are its factors). Subtracting one
// would leave every nonzero value as it is (x - 0 * y == x for finite y), so the results are
// SUNDIALS' to the last bit; only a zero may keep the other sign (-0 - -0 is +0), which no
// comparison, sum or product of nonzero values sees.
void substitute(const double* a, const Factors& f, double* b) {
  const std::size_t n = f.n;
  for (std::size_t k = 0; k < n; ++k) {
    if (f.pivots[k] != k) std::swap(b[k], b[f.pivots[k]]);
  }
  for (std::size_t k = 0; k + 1 < n; ++k) {
    const double* col_k = a + k * n;
    const std::size_t* rows = f.nonzero.data() + k * n + f.upper_count[k];
    const double bk = b[k];
    for (std::size_t p = 0; p < f.lower_count[k]; ++p) b[rows[p]] -= col_k[rows[p]] * bk;
  }
  for (std::size_t k = n - 1; k > 0; --k) {
    const double* col_k = a + k * n;
    const std::size_t* rows = f.nonzero.data() + k * n;
    b[k] /= col_k[k];
    const double bk = b[k];
    for (std::size_t p = 0; p < f.upper_count[k]; ++p) b[rows[p]] -= col_k[rows[p]] * bk;
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
  double* data = SUNDenseMatrix_Data(a);
  if (factorise(data, f.n, f.pivots.data()) != 0) return SUNLS_LUFACT_FAIL;
  record_nonzeros(data, f);
  return SUNLS_SUCCESS;
}

int solve(SUNLinearSolver s, SUNMatrix a, N_Vector x, N_Vector b, double /*tolerance*/) {
  const Factors& f = factors(s);
  const double* bd = NV_DATA_S(b);
  double* xd = NV_DATA_S(x);
  std::copy(bd, bd + f.n, xd);
  substitute(SUNDenseMatrix_Data(a), f, xd);
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
    s->content = new Factors(size);
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
