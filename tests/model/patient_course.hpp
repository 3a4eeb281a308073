#pragma once
// Test support for the model tests: load the shipped parameters and presets, and integrate a
// virtual patient with CVODE on a fixed output grid, giving doses as jumps in the state.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cytostorm/model/parameters.hpp"
#include "cytostorm/model/product.hpp"
#include "cytostorm/model/virtual_patient.hpp"
#include "cytostorm/solver/cvode_solver.hpp"

namespace cytostorm::model::testing {

inline const std::string kDataDir = CYTOSTORM_SOURCE_DIR "/data";

inline const Parameters& default_parameters() {
  static const Parameters parameters = [] {
    auto loaded = Parameters::load(kDataDir + "/model/parameters.toml");
    if (!loaded.ok()) throw std::runtime_error(loaded.error().to_string());
    return loaded.value();
  }();
  return parameters;
}

inline Product preset(const std::string& name) {
  auto loaded = load_product(kDataDir, name);
  if (!loaded.ok()) throw std::runtime_error(loaded.error().to_string());
  return loaded.value();
}

inline VirtualPatient patient(const std::string& product, double burden = 1.0, Covariates c = {}) {
  c.tumor_burden = burden;
  return VirtualPatient(default_parameters(), preset(product), c);
}

constexpr std::size_t idx(State s) {
  return static_cast<std::size_t>(s);
}

struct Dose {
  double t_days;
  Drug drug;
  double mg;
};

// A course sampled on a grid: states and bedside observations at each time.
struct Course {
  std::vector<double> t;
  std::vector<std::vector<double>> y;
  std::vector<Observation> obs;

  [[nodiscard]] std::vector<double> series(State s) const {
    std::vector<double> out;
    for (const auto& row : y) out.push_back(row[idx(s)]);
    return out;
  }
  [[nodiscard]] std::vector<double> car_t_total() const {
    std::vector<double> out;
    for (const auto& row : y) {
      out.push_back(row[idx(State::car_t_effector)] + row[idx(State::car_t_memory)] +
                    row[idx(State::car_t_exhausted)]);
    }
    return out;
  }
  // The first time an observation satisfies `pred`, or nothing.
  [[nodiscard]] std::optional<std::size_t> first(
      const std::function<bool(const Observation&)>& pred) const {
    for (std::size_t i = 0; i < obs.size(); ++i) {
      if (pred(obs[i])) return i;
    }
    return std::nullopt;
  }
  [[nodiscard]] std::size_t at_time(double time) const {
    const auto it = std::lower_bound(t.begin(), t.end(), time - 1e-9);
    return static_cast<std::size_t>(it - t.begin());
  }
};

struct Peak {
  double value = 0;
  double t = 0;
  std::size_t i = 0;
};

inline Peak peak_of(const std::vector<double>& v, const std::vector<double>& t) {
  Peak p;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] > p.value) p = {v[i], t[i], i};
  }
  return p;
}

struct RunOptions {
  double days = 40;
  double step = 1.0 / 48;  // 30 min
  double rtol = 1e-6;
  std::vector<Dose> doses;  // given at the first grid time >= t_days
  // Called after each sample; may give doses into `y` (returns true when it did).
  std::function<bool(const VirtualPatient&, double t, const Observation&, std::vector<double>& y)>
      on_sample;
  Support support;
};

// Options for a run over `days` sampled every `step` days.
inline RunOptions grid(double days, double step, std::vector<Dose> doses = {}) {
  RunOptions o;
  o.days = days;
  o.step = step;
  o.doses = std::move(doses);
  return o;
}

inline Course run(const VirtualPatient& p, const RunOptions& o = {}) {
  solver::SolverOptions so;
  so.rtol = o.rtol;
  so.atol = 1e-9;
  solver::CvodeSolver solver(so);
  std::vector<double> y = p.initial_state();
  std::vector<bool> given(o.doses.size(), false);
  auto give_due = [&](double t) {
    bool any = false;
    for (std::size_t d = 0; d < o.doses.size(); ++d) {
      if (!given[d] && o.doses[d].t_days <= t + 1e-9) {
        p.give(o.doses[d].drug, o.doses[d].mg, y);
        given[d] = true;
        any = true;
      }
    }
    return any;
  };
  give_due(0.0);
  solver.start(p, 0.0, y);
  Course c;
  const auto steps = static_cast<std::size_t>(std::llround(o.days / o.step));
  for (std::size_t i = 0; i <= steps; ++i) {
    const double t = static_cast<double>(i) * o.step;
    solver.advance(t, y);
    bool changed = i > 0 && give_due(t);
    const Observation obs = p.observe(t, y, o.support);
    c.t.push_back(t);
    c.y.push_back(y);
    c.obs.push_back(obs);
    if (o.on_sample && o.on_sample(p, t, obs, y)) changed = true;
    if (changed) solver.reset_state(y);
  }
  return c;
}

// A derived quantity by name.
inline double derived_value(const VirtualPatient& p, double t, const std::vector<double>& y,
                            const std::string& name) {
  for (const auto& [key, value] : p.derived(t, y)) {
    if (key == name) return value;
  }
  throw std::out_of_range("no derived quantity " + name);
}

}  // namespace cytostorm::model::testing
