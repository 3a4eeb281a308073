// libcytostorm_ode: the C interface of cytostorm_ode.h over model::VirtualPatient.

#include "cytostorm_ode.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "case_file.hpp"

struct cytostorm_ode {
  cytostorm::model::VirtualPatient patient;
};

namespace {

using cytostorm::model::kStateCount;

cytostorm_ode* create(const std::vector<std::string>& names, const std::vector<double>& values) {
  return new cytostorm_ode{cytostorm::bench::patient_from_inputs(names, values)};
}

// What deSolve integrates: the names given to cytostorm_desolve_setup, the patients built from
// them and a set of values, and the one initfunc chose last. deSolve calls initfunc at every ode()
// call; a patient is built once per set of values (the last kMaxPatients are kept), so that an
// integration's time is deSolve's, not the construction of the patient.
struct DesolvePatients {
  static constexpr std::size_t kMaxPatients = 16;
  std::vector<std::string> names;
  std::deque<std::pair<std::vector<double>, std::unique_ptr<cytostorm_ode>>> built;
  const cytostorm_ode* current = nullptr;

  // The patient for these values, built when it is not yet.
  // @throws std::invalid_argument (patient_from_inputs) when the values do not make a patient
  const cytostorm_ode* select(const std::vector<double>& values) {
    const auto it =
        std::find_if(built.begin(), built.end(), [&](const auto& b) { return b.first == values; });
    if (it != built.end()) return current = it->second.get();
    std::unique_ptr<cytostorm_ode> ode(create(names, values));
    current = ode.get();
    built.emplace_back(values, std::move(ode));
    if (built.size() > kMaxPatients) built.pop_front();
    return current;
  }
};

DesolvePatients& desolve() {
  static DesolvePatients d;
  return d;
}

}  // namespace

extern "C" {

int cytostorm_ode_size(void) {
  return static_cast<int>(kStateCount);
}

cytostorm_ode* cytostorm_ode_create(int n, const char* const* names, const double* values,
                                    char* error, size_t error_size) {
  try {
    if (n < 0 || (n > 0 && (!names || !values))) {
      throw std::invalid_argument("cytostorm_ode_create: no names or no values");
    }
    const auto count = static_cast<std::size_t>(n);
    return create(std::vector<std::string>(names, names + count),
                  std::vector<double>(values, values + count));
  } catch (const std::exception& e) {
    if (error && error_size > 0) std::snprintf(error, error_size, "%s", e.what());
    return nullptr;
  }
}

void cytostorm_ode_free(cytostorm_ode* ode) {
  delete ode;
}

void cytostorm_ode_rhs(const cytostorm_ode* ode, double t, const double* y, double* dydt) {
  ode->patient.rhs(t, std::span<const double>(y, kStateCount),
                   std::span<double>(dydt, kStateCount));
}

void cytostorm_ode_jacobian(const cytostorm_ode* ode, double t, const double* y, double* jac) {
  ode->patient.jacobian(t, std::span<const double>(y, kStateCount),
                        std::span<double>(jac, kStateCount * kStateCount));
}

void cytostorm_desolve_setup(int* n, char** names, double* values, int* status, char** message) {
  DesolvePatients& d = desolve();
  d.built.clear();
  d.current = nullptr;
  try {
    const auto count = static_cast<std::size_t>(*n);
    d.names.assign(names, names + count);
    d.select(std::vector<double>(values, values + count));
    *status = 0;
  } catch (const std::exception& e) {
    // R's .C lets the code change a string but not lengthen it.
    std::snprintf(message[0], std::strlen(message[0]) + 1, "%s", e.what());
    *status = 1;
  }
}

void cytostorm_desolve_initmod(void (*odeparms)(int*, double*)) {
  DesolvePatients& d = desolve();
  std::vector<double> values(d.names.size());
  int n = static_cast<int>(values.size());
  odeparms(&n, values.data());
  try {
    d.select(values);
  } catch (const std::exception& e) {
    d.current = nullptr;
    std::fprintf(stderr, "cytostorm_desolve_initmod: %s\n", e.what());
  }
}

void cytostorm_desolve_derivs(int* /*neq*/, double* t, double* y, double* ydot, double* /*yout*/,
                              int* /*ip*/) {
  const cytostorm_ode* ode = desolve().current;
  if (!ode) {
    std::fill(ydot, ydot + kStateCount, std::numeric_limits<double>::quiet_NaN());
    return;
  }
  cytostorm_ode_rhs(ode, *t, y, ydot);
}

void cytostorm_desolve_jac(int* /*neq*/, double* t, double* y, int* /*ml*/, int* /*mu*/, double* pd,
                           int* nrowpd, double* /*yout*/, int* /*ip*/) {
  const cytostorm_ode* ode = desolve().current;
  std::array<double, kStateCount * kStateCount> jac;
  jac.fill(std::numeric_limits<double>::quiet_NaN());
  if (ode) cytostorm_ode_jacobian(ode, *t, y, jac.data());
  const auto rows = static_cast<std::size_t>(*nrowpd);
  for (std::size_t col = 0; col < kStateCount; ++col) {
    std::copy_n(jac.data() + col * kStateCount, kStateCount, pd + col * rows);
  }
}

}  // extern "C"
