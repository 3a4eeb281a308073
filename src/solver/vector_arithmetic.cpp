#include "vector_arithmetic.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

// Where the processor has AVX2 (x86-64), the loops run four values at a time instead of two: GCC
// compiles each function twice and the loader picks one. The same operations on every element,
// without fused multiply-add, so the same bits. Not under the thread sanitizer: the loader runs
// the choosing function before the sanitizer's runtime has started, and the program crashes at
// start-up (GCC 12).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define CYTOSTORM_WIDE_LOOPS __attribute__((target_clones("avx2", "default")))
#else
#define CYTOSTORM_WIDE_LOOPS
#endif

namespace cytostorm::solver::detail {

namespace {

std::size_t length(N_Vector v) {
  return static_cast<std::size_t>(NV_LENGTH_S(v));
}

double* data(N_Vector v) {
  return NV_DATA_S(v);
}

// z = a x + b y, in SUNDIALS' cases (a or b one or minus one, a == b, a == -b): the same
// arithmetic gives the same bits, signed zeros included.
CYTOSTORM_WIDE_LOOPS void linear_sum(double a, N_Vector x, double b, N_Vector y, N_Vector z) {
  const std::size_t n = length(z);
  const double* xd = data(x);
  const double* yd = data(y);
  double* zd = data(z);
  if (a == 1.0 && b == 1.0) {
    for (std::size_t i = 0; i < n; ++i) zd[i] = xd[i] + yd[i];
  } else if (a == 1.0 && b == -1.0) {
    for (std::size_t i = 0; i < n; ++i) zd[i] = xd[i] - yd[i];
  } else if (a == -1.0 && b == 1.0) {
    for (std::size_t i = 0; i < n; ++i) zd[i] = yd[i] - xd[i];
  } else if (a == 1.0) {
    for (std::size_t i = 0; i < n; ++i) zd[i] = b * yd[i] + xd[i];
  } else if (b == 1.0) {
    for (std::size_t i = 0; i < n; ++i) zd[i] = a * xd[i] + yd[i];
  } else if (a == -1.0) {
    for (std::size_t i = 0; i < n; ++i) zd[i] = b * yd[i] - xd[i];
  } else if (b == -1.0) {
    for (std::size_t i = 0; i < n; ++i) zd[i] = a * xd[i] - yd[i];
  } else if (a == b) {
    for (std::size_t i = 0; i < n; ++i) zd[i] = a * (xd[i] + yd[i]);
  } else if (a == -b) {
    for (std::size_t i = 0; i < n; ++i) zd[i] = a * (xd[i] - yd[i]);
  } else {
    for (std::size_t i = 0; i < n; ++i) zd[i] = a * xd[i] + b * yd[i];
  }
}

CYTOSTORM_WIDE_LOOPS void constant(double c, N_Vector z) {
  std::fill_n(data(z), length(z), c);
}

CYTOSTORM_WIDE_LOOPS void product(N_Vector x, N_Vector y, N_Vector z) {
  const std::size_t n = length(z);
  const double* xd = data(x);
  const double* yd = data(y);
  double* zd = data(z);
  for (std::size_t i = 0; i < n; ++i) zd[i] = xd[i] * yd[i];
}

CYTOSTORM_WIDE_LOOPS void quotient(N_Vector x, N_Vector y, N_Vector z) {
  const std::size_t n = length(z);
  const double* xd = data(x);
  const double* yd = data(y);
  double* zd = data(z);
  for (std::size_t i = 0; i < n; ++i) zd[i] = xd[i] / yd[i];
}

CYTOSTORM_WIDE_LOOPS void scale(double c, N_Vector x, N_Vector z) {
  const std::size_t n = length(z);
  const double* xd = data(x);
  double* zd = data(z);
  for (std::size_t i = 0; i < n; ++i) zd[i] = c * xd[i];
}

CYTOSTORM_WIDE_LOOPS void absolute(N_Vector x, N_Vector z) {
  const std::size_t n = length(z);
  const double* xd = data(x);
  double* zd = data(z);
  for (std::size_t i = 0; i < n; ++i) zd[i] = std::fabs(xd[i]);
}

CYTOSTORM_WIDE_LOOPS void inverse(N_Vector x, N_Vector z) {
  const std::size_t n = length(z);
  const double* xd = data(x);
  double* zd = data(z);
  for (std::size_t i = 0; i < n; ++i) zd[i] = 1.0 / xd[i];
}

CYTOSTORM_WIDE_LOOPS void add_constant(N_Vector x, double b, N_Vector z) {
  const std::size_t n = length(z);
  const double* xd = data(x);
  double* zd = data(z);
  for (std::size_t i = 0; i < n; ++i) zd[i] = xd[i] + b;
}

CYTOSTORM_WIDE_LOOPS double max_norm(N_Vector x) {
  const std::size_t n = length(x);
  const double* xd = data(x);
  double m = 0.0;
  for (std::size_t i = 0; i < n; ++i) m = std::fabs(xd[i]) > m ? std::fabs(xd[i]) : m;
  return m;
}

CYTOSTORM_WIDE_LOOPS double weighted_rms_norm(N_Vector x, N_Vector w) {
  const std::size_t n = length(x);
  const double* xd = data(x);
  const double* wd = data(w);
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double p = xd[i] * wd[i];
    sum += p * p;
  }
  return std::sqrt(sum / static_cast<double>(n));
}

CYTOSTORM_WIDE_LOOPS double minimum(N_Vector x) {
  const std::size_t n = length(x);
  const double* xd = data(x);
  double m = xd[0];
  for (std::size_t i = 1; i < n; ++i) m = xd[i] < m ? xd[i] : m;
  return m;
}

// z = sum c[k] X[k]: z = c[0] X[0], then z += c[k] X[k] (SUNDIALS' order).
CYTOSTORM_WIDE_LOOPS int linear_combination(int count, double* c, N_Vector* x, N_Vector z) {
  const std::size_t n = length(z);
  double* zd = data(z);
  const double* x0 = data(x[0]);
  for (std::size_t i = 0; i < n; ++i) zd[i] = c[0] * x0[i];
  for (int k = 1; k < count; ++k) {
    const double* xk = data(x[k]);
    const double ck = c[k];
    if (ck == 1.0) {
      for (std::size_t i = 0; i < n; ++i) zd[i] = zd[i] + xk[i];
    } else if (ck == -1.0) {
      for (std::size_t i = 0; i < n; ++i) zd[i] = zd[i] - xk[i];
    } else {
      for (std::size_t i = 0; i < n; ++i) zd[i] = ck * xk[i] + zd[i];
    }
  }
  return 0;
}

// Z[k] = a[k] x + Y[k].
CYTOSTORM_WIDE_LOOPS int scale_add_multi(int count, double* a, N_Vector x, N_Vector* y,
                                         N_Vector* z) {
  for (int k = 0; k < count; ++k) linear_sum(a[k], x, 1.0, y[k], z[k]);
  return 0;
}

// Z[k] = c[k] X[k].
CYTOSTORM_WIDE_LOOPS int scale_vector_array(int count, double* c, N_Vector* x, N_Vector* z) {
  for (int k = 0; k < count; ++k) scale(c[k], x[k], z[k]);
  return 0;
}

}  // namespace

void use_compiled_arithmetic(N_Vector v) {
  N_Vector_Ops ops = v->ops;
  ops->nvlinearsum = &linear_sum;
  ops->nvconst = &constant;
  ops->nvprod = &product;
  ops->nvdiv = &quotient;
  ops->nvscale = &scale;
  ops->nvabs = &absolute;
  ops->nvinv = &inverse;
  ops->nvaddconst = &add_constant;
  ops->nvmaxnorm = &max_norm;
  ops->nvwrmsnorm = &weighted_rms_norm;
  ops->nvmin = &minimum;
  ops->nvlinearcombination = &linear_combination;
  ops->nvscaleaddmulti = &scale_add_multi;
  ops->nvscalevectorarray = &scale_vector_array;
}

}  // namespace cytostorm::solver::detail
