#pragma once
// Private: a forward-mode dual number (value and one directional derivative), enough arithmetic
// for the model's right-hand side, so that the Jacobian is exact and comes from the same code;
// and the states a quantity depends on, through the same code, for the Jacobian's structure.

#include <cstdint>

namespace cytostorm::model::detail {

struct Dual {
  double v = 0;  // value
  double d = 0;  // derivative along the seeded direction

  Dual() = default;
  Dual(double value) : v(value) {}  // NOLINT: implicit, constants enter expressions
  Dual(double value, double derivative) : v(value), d(derivative) {}
};

inline Dual operator+(Dual a, Dual b) {
  return {a.v + b.v, a.d + b.d};
}
inline Dual operator-(Dual a, Dual b) {
  return {a.v - b.v, a.d - b.d};
}
inline Dual operator-(Dual a) {
  return {-a.v, -a.d};
}
inline Dual operator*(Dual a, Dual b) {
  return {a.v * b.v, a.d * b.v + a.v * b.d};
}
inline Dual operator/(Dual a, Dual b) {
  return {a.v / b.v, (a.d * b.v - a.v * b.d) / (b.v * b.v)};
}
inline Dual operator+(Dual a, double b) {
  return {a.v + b, a.d};
}
inline Dual operator+(double a, Dual b) {
  return {a + b.v, b.d};
}
inline Dual operator-(Dual a, double b) {
  return {a.v - b, a.d};
}
inline Dual operator-(double a, Dual b) {
  return {a - b.v, -b.d};
}
inline Dual operator*(Dual a, double b) {
  return {a.v * b, a.d * b};
}
inline Dual operator*(double a, Dual b) {
  return {a * b.v, a * b.d};
}
inline Dual operator/(Dual a, double b) {
  return {a.v / b, a.d / b};
}
inline Dual operator/(double a, Dual b) {
  return {a / b.v, -a * b.d / (b.v * b.v)};
}

// max(x, 0): concentrations that the integrator may push a little below zero act as zero.
inline double pos(double x) {
  return x > 0 ? x : 0.0;
}
inline Dual pos(Dual x) {
  return x.v > 0 ? x : Dual{0.0, 0.0};
}

// The states a quantity depends on, a bit per state: what any arithmetic on two quantities
// depends on is the union of theirs; a constant depends on none. Through the right-hand side it
// gives the Jacobian's structure: where it may be nonzero, whatever the state (max(x, 0) passes
// a dependence on, as it does a derivative wherever x > 0).
struct Dependence {
  std::uint64_t on = 0;

  Dependence() = default;
  Dependence(double) {}  // NOLINT: implicit, constants enter expressions
  explicit Dependence(std::uint64_t states) : on(states) {}
};

inline Dependence operator+(Dependence a, Dependence b) {
  return Dependence(a.on | b.on);
}
inline Dependence operator-(Dependence a, Dependence b) {
  return Dependence(a.on | b.on);
}
inline Dependence operator-(Dependence a) {
  return a;
}
inline Dependence operator*(Dependence a, Dependence b) {
  return Dependence(a.on | b.on);
}
inline Dependence operator/(Dependence a, Dependence b) {
  return Dependence(a.on | b.on);
}
inline Dependence pos(Dependence x) {
  return x;
}

}  // namespace cytostorm::model::detail
