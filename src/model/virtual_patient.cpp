#include "cytostorm/model/virtual_patient.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "dual.hpp"

namespace cytostorm::model {

using detail::Dual;
using detail::pos;

namespace detail {

// Every parameter value the right-hand side needs, looked up once, plus the constants derived
// from them and from the patient (production rates that hold the baselines, initial values).
struct Coefficients {
  // 1 lymphodepletion and the homeostatic cytokine sink
  double n_patient = 0;      // the patient's lymphocytes before lymphodepletion, cells/uL
  double n_after_ld = 0;     // at infusion
  double c_production = 0;   // p, pg/mL/day
  double c_clearance = 0;    // k, 1/day
  double c_consumption = 0;  // q, per (cell/uL) per day
  double c_consumption_car_t = 0;
  double c_setpoint = 0;  // C at the patient's own steady state, p / (k + q N0)
  double n_recovery = 0;  // 1/day
  // 2 CAR-T kinetics
  double rho = 0, k_homeostatic = 0, death_e = 0, memory_formation = 0, memory_reactivation = 0,
         memory_decline = 0, exhaustion = 0, death_x = 0;
  // 3 tumour
  double tumor_growth = 0, tumor_capacity = 0, k_engagement = 0, target_saturation = 0, kill = 0;
  // 4 cytokine cascade
  double cd4_factor = 1, cd8_factor = 1;
  double ifng_release = 0, ifng_elim = 0, ifng_base = 0;
  double gmcsf_release = 0, gmcsf_elim = 0, gmcsf_base = 0;
  double myeloid_on = 0, myeloid_off = 0, k_myeloid_ifng = 0, k_myeloid_gmcsf = 0,
         w_myeloid_gmcsf = 0, w_myeloid_il1 = 0, k_myeloid_il1 = 0, myeloid_ifng0 = 0,
         myeloid_gmcsf0 = 0;
  double il6_myeloid = 0, il6_car_t = 0, il6_constitutive = 0, il6_elim_other = 0,
         il6_elim_receptor = 0, k_il6_signal = 0, k_il6_vascular = 0;
  double tumor_myeloid_share = 0, myeloid_pool = 1;
  double tolerance_on = 0, tolerance_off = 0, tolerance_base = 0;
  double il1_myeloid = 0, il1_constitutive = 0, il1_elim = 0, k_il1_signal = 0;
  double myeloid_base = 0, ifng0 = 0, gmcsf0 = 0, il6_0 = 0, il1_0 = 0;
  // 5 cytokine blockade
  double toci_cl = 0, toci_v1 = 0, toci_q = 0, toci_v2 = 0, toci_vmax = 0, toci_km = 0,
         toci_ec50 = 0;
  double sil6r_base = 0, sil6r_elim = 0, sil6r_complex_elim = 0;
  double silt_v = 0, silt_elim = 0, silt_kd = 0;
  double ana_v = 0, ana_elim = 0, ana_ec50 = 0;
  // 6 corticosteroids
  double steroid_elim = 0, steroid_ke0 = 0, mp_equivalence = 0, myeloid_imax = 0, myeloid_ed50 = 0,
         car_t_imax = 0, car_t_ed50 = 0, antipyretic_imax = 0, bbb_imax = 0, cns_imax = 0;
  // 7 endothelium
  double ang2_patient = 0, ang2_reference = 0, ang2_turnover = 0, ang2_rise = 0;
  double w_endo_il6 = 0, w_endo_ifng = 0, w_endo_il1 = 0, k_endo_ifng = 0;
  double vwf_base = 0, vwf_turnover = 0, vwf_rise = 0;
  // 8 blood-brain barrier and ICANS
  double hydrostatic = 0, oncotic = 0, sigma0 = 0, sigma_ratio0 = 0, flux0 = 0, w_bbb_cytokine = 0,
         lp_gain = 0, cns_fluid_clearance = 0, cns_turnover = 0, cns_gain = 0, w_cns_ifng = 0,
         w_cns_car_t = 0;
  double neuro_scale = 0, w_neuro_edema = 0, ice_half = 0, consciousness_half = 0, seizure_half = 0,
         seizure_max = 0, edema_half = 0;
  // 9 systemic signs
  double temp_base = 0, fever_rise = 0, w_pyro_il6 = 0, w_pyro_il1 = 0, pyrogen_rate = 0;
  double leak_rate = 0, w_leak_il6 = 0, w_leak_il1 = 0;
  double map_base = 0, map_drop = 0, map_leak_half = 0, pulse_pressure = 0,
         pulse_pressure_vasodilation = 0, ne_rise = 0, ne_ec50 = 0, fluid_rise = 0, fluid_ec50 = 0,
         hr_base = 0, hr_per_c = 0, hr_per_mmhg = 0, pulmonary_max_shunt = 0,
         pulmonary_leak_half = 0, fluid_overload = 0;
  // 10 time course: the infusion
  double car_t_effector0 = 0, car_t_memory0 = 0, tumor0 = 0, contact0 = 0, prime = 0, burst = 0;
};

}  // namespace detail

namespace {

using detail::Coefficients;

constexpr std::size_t at(State s) {
  return static_cast<std::size_t>(s);
}

constexpr std::array<const char*, kStateCount> kStateNames{"host_lymphocytes",
                                                           "homeostatic_cytokine",
                                                           "car_t_effector",
                                                           "car_t_memory",
                                                           "car_t_exhausted",
                                                           "tumor",
                                                           "ifng",
                                                           "gmcsf",
                                                           "myeloid_activation",
                                                           "myeloid_tolerance",
                                                           "first_contact",
                                                           "il6",
                                                           "il1",
                                                           "sil6r",
                                                           "tocilizumab_central",
                                                           "tocilizumab_peripheral",
                                                           "siltuximab",
                                                           "anakinra",
                                                           "steroid_central",
                                                           "steroid_effect",
                                                           "ang2",
                                                           "vwf",
                                                           "pyrogen",
                                                           "vascular_leak",
                                                           "cns_fluid",
                                                           "cns_inflammation"};

static_assert(kStateNames[kStateCount - 1] != nullptr, "a state has no name");

const std::vector<std::string>& names() {
  static const std::vector<std::string> kNames(kStateNames.begin(), kStateNames.end());
  return kNames;
}

template <class T>
T saturating(T x, double half) {
  return x / (x + half);
}

// A Hill function of order 2: a threshold-like response, near zero at baseline levels.
template <class T>
T sigmoid(T x, double half) {
  return x * x / (x * x + half * half);
}

// The algebraic quantities of the model at one state: computed once, used by the right-hand
// side, the observation model and the derived outputs.
template <class T>
struct Algebra {
  T steroid_myeloid, steroid_car_t, steroid_antipyretic, steroid_bbb, steroid_cns;
  T toci_ug_ml, occupancy, il6_free_fraction, il6_free, il6_bound, anakinra_occupancy;
  T il6_signal, il6_signal_vascular, il1_signal, ifng_signal_endothelium;
  T engagement, engaged, homeostatic;
  T myeloid_release;  // activated and responsive share of the pool, times the steroids' effect
  T il6_production_myeloid, il6_production_car_t;
  T endothelial_stimulus, endothelial_activation, bbb_activation, lp_relative, sigma,
      filtration_relative, permeability_relative;
};

template <class T>
Algebra<T> algebra(const Coefficients& k, const T* y) {
  Algebra<T> a;
  const T steroid = pos(y[at(State::steroid_effect)]);
  const T steroid_m = saturating(steroid, k.myeloid_ed50);
  a.steroid_myeloid = 1.0 - k.myeloid_imax * steroid_m;
  a.steroid_car_t = 1.0 - k.car_t_imax * saturating(steroid, k.car_t_ed50);
  a.steroid_antipyretic = 1.0 - k.antipyretic_imax * steroid_m;
  a.steroid_bbb = 1.0 - k.bbb_imax * steroid_m;
  a.steroid_cns = 1.0 - k.cns_imax * steroid_m;

  const T tumor = pos(y[at(State::tumor)]);
  const T effector = pos(y[at(State::car_t_effector)]);
  a.toci_ug_ml = pos(y[at(State::tocilizumab_central)]) / k.toci_v1;  // mg/L == ug/mL
  a.occupancy = saturating(a.toci_ug_ml, k.toci_ec50);
  const T silt_ug_ml = pos(y[at(State::siltuximab)]) / k.silt_v;
  a.il6_free_fraction = k.silt_kd / (k.silt_kd + silt_ug_ml);
  const T il6 = pos(y[at(State::il6)]);
  a.il6_free = a.il6_free_fraction * il6;
  a.il6_bound = il6 - a.il6_free;
  a.anakinra_occupancy = saturating(pos(y[at(State::anakinra)]) / k.ana_v, k.ana_ec50);
  a.il6_signal = sigmoid(a.il6_free, k.k_il6_signal) * (1.0 - a.occupancy);
  a.il6_signal_vascular = sigmoid(a.il6_free, k.k_il6_vascular) * (1.0 - a.occupancy);
  a.il1_signal = sigmoid(pos(y[at(State::il1)]), k.k_il1_signal) * (1.0 - a.anakinra_occupancy);
  const T ifng = pos(y[at(State::ifng)]);
  a.ifng_signal_endothelium = saturating(ifng, k.k_endo_ifng);

  // Beddington-DeAngelis engagement: saturating in the tumour (K) and limited by the targets
  // when effectors outnumber them (E / e_sat per unit burden).
  a.engagement = tumor / (k.k_engagement + tumor + effector / k.target_saturation);
  a.engaged = effector * a.engagement;
  a.homeostatic = saturating(pos(y[at(State::homeostatic_cytokine)]), k.k_homeostatic);

  // The myeloid cells that release IL-6 and IL-1: the activated ones that are not refractory
  // (endotoxin-like tolerance), of a pool that grows with the pre-treatment burden (part of it
  // sits in the tumour: macrophages recruited before treatment).
  a.myeloid_release = pos(y[at(State::myeloid_activation)]) *
                      (1.0 - pos(y[at(State::myeloid_tolerance)])) * k.myeloid_pool *
                      a.steroid_myeloid;
  a.il6_production_myeloid = k.il6_myeloid * a.myeloid_release;
  a.il6_production_car_t = k.il6_car_t * k.cd4_factor * a.engaged * a.steroid_car_t;

  a.endothelial_stimulus = k.w_endo_il6 * a.il6_signal + k.w_endo_ifng * a.ifng_signal_endothelium +
                           k.w_endo_il1 * a.il1_signal;
  a.endothelial_activation = pos(y[at(State::ang2)]) / k.ang2_reference;
  a.bbb_activation = a.endothelial_activation *
                     (1.0 + k.w_bbb_cytokine * (a.ifng_signal_endothelium + a.il1_signal));
  a.lp_relative = (1.0 + k.lp_gain * (a.bbb_activation - 1.0)) * a.steroid_bbb;
  // The reflection coefficient falls as the barrier is activated: sigma0 at activation 1.
  a.sigma = 1.0 / (1.0 + k.sigma_ratio0 * a.bbb_activation);
  a.filtration_relative = a.lp_relative * (k.hydrostatic - a.sigma * k.oncotic) / k.flux0;
  a.permeability_relative = a.lp_relative * (1.0 - a.sigma) / (1.0 - k.sigma0);
  return a;
}

template <class T>
void eval(const Coefficients& k, const T* y, T* f) {
  const Algebra<T> a = algebra(k, y);
  const T n = pos(y[at(State::host_lymphocytes)]);
  const T c = pos(y[at(State::homeostatic_cytokine)]);
  const T e = pos(y[at(State::car_t_effector)]);
  const T m = pos(y[at(State::car_t_memory)]);
  const T x = pos(y[at(State::car_t_exhausted)]);
  const T b = pos(y[at(State::tumor)]);
  const T ifng = pos(y[at(State::ifng)]);
  const T gmcsf = pos(y[at(State::gmcsf)]);
  const T myeloid = pos(y[at(State::myeloid_activation)]);
  const T il1 = pos(y[at(State::il1)]);
  const T sil6r = pos(y[at(State::sil6r)]);
  const T toci1 = pos(y[at(State::tocilizumab_central)]);
  const T toci2 = pos(y[at(State::tocilizumab_peripheral)]);

  // 1 lymphodepletion: homeostatic cytokine production, clearance and consumption.
  const T car_t = e + m + x;
  f[at(State::host_lymphocytes)] = k.n_recovery * n * (c / k.c_setpoint - 1.0);
  f[at(State::homeostatic_cytokine)] = k.c_production - k.c_clearance * c -
                                       k.c_consumption * n * c - k.c_consumption_car_t * car_t * c;
  // 2 CAR-T: antigen-driven proliferation supported by C, memory, exhaustion, contraction.
  const T proliferation = k.rho * a.engagement * a.homeostatic * a.steroid_car_t;
  f[at(State::car_t_effector)] = proliferation * e + k.memory_reactivation * a.engagement * m -
                                 (k.death_e + k.memory_formation + k.exhaustion * a.engagement) * e;
  f[at(State::car_t_memory)] =
      k.memory_formation * e - k.memory_reactivation * a.engagement * m - k.memory_decline * m;
  f[at(State::car_t_exhausted)] = k.exhaustion * a.engagement * e - k.death_x * x;
  // 3 tumour: logistic growth, saturating predator-prey killing.
  f[at(State::tumor)] =
      k.tumor_growth * b * (1.0 - b / k.tumor_capacity) - k.kill * k.cd8_factor * a.engaged;
  // 4 cytokine cascade: engaged CAR-T -> IFN-gamma, GM-CSF -> myeloid -> IL-6, IL-1.
  // The infused cells' first contact with antigen releases a burst (burst days of an engaged
  // cell's release) whatever the expansion does after it.
  const T primed = k.prime * a.engagement * pos(y[at(State::first_contact)]);
  f[at(State::first_contact)] = -primed;
  const T release = k.cd4_factor * (a.engaged + k.burst * primed) * a.steroid_car_t;
  f[at(State::ifng)] = k.ifng_elim * k.ifng_base + k.ifng_release * release - k.ifng_elim * ifng;
  f[at(State::gmcsf)] =
      k.gmcsf_elim * k.gmcsf_base + k.gmcsf_release * release - k.gmcsf_elim * gmcsf;
  // Monocytes at rest are not activated by baseline IFN-gamma and GM-CSF: only the rise counts.
  const T stimulus =
      pos(saturating(ifng, k.k_myeloid_ifng) - k.myeloid_ifng0) +
      k.w_myeloid_gmcsf * pos(saturating(gmcsf, k.k_myeloid_gmcsf) - k.myeloid_gmcsf0) +
      k.w_myeloid_il1 * sigmoid(il1, k.k_myeloid_il1) * (1.0 - a.anakinra_occupancy);
  f[at(State::myeloid_activation)] =
      k.myeloid_on * stimulus * (1.0 - myeloid) - k.myeloid_off * myeloid;
  const T tolerance = pos(y[at(State::myeloid_tolerance)]);
  f[at(State::myeloid_tolerance)] =
      k.tolerance_on * myeloid * (1.0 - tolerance) - k.tolerance_off * tolerance;
  // 5 blockade: receptor-mediated IL-6 clearance stops under tocilizumab; siltuximab-bound
  // IL-6 is cleared with the antibody.
  f[at(State::il6)] = k.il6_constitutive + a.il6_production_myeloid + a.il6_production_car_t -
                      (k.il6_elim_other + k.il6_elim_receptor * (1.0 - a.occupancy)) * a.il6_free -
                      k.silt_elim * a.il6_bound;
  f[at(State::il1)] = k.il1_constitutive + k.il1_myeloid * a.myeloid_release - k.il1_elim * il1;
  f[at(State::sil6r)] = k.sil6r_elim * k.sil6r_base - k.sil6r_elim * (1.0 - a.occupancy) * sil6r -
                        k.sil6r_complex_elim * a.occupancy * sil6r;
  const T toci_c = toci1 / k.toci_v1;
  f[at(State::tocilizumab_central)] = -(k.toci_cl + k.toci_q) * toci_c +
                                      k.toci_q * toci2 / k.toci_v2 -
                                      k.toci_vmax * toci_c / (k.toci_km + toci_c);
  f[at(State::tocilizumab_peripheral)] = k.toci_q * toci_c - k.toci_q * toci2 / k.toci_v2;
  f[at(State::siltuximab)] = -k.silt_elim * pos(y[at(State::siltuximab)]);
  f[at(State::anakinra)] = -k.ana_elim * pos(y[at(State::anakinra)]);
  // 6 corticosteroids: plasma and effect compartment (dexamethasone equivalents).
  const T steroid_c = pos(y[at(State::steroid_central)]);
  f[at(State::steroid_central)] = -k.steroid_elim * steroid_c;
  f[at(State::steroid_effect)] = k.steroid_ke0 * (steroid_c - pos(y[at(State::steroid_effect)]));
  // 7 endothelium: Ang-2 and VWF released in proportion to the patient's own baseline.
  f[at(State::ang2)] =
      k.ang2_turnover *
      (k.ang2_patient * (1.0 + k.ang2_rise * a.endothelial_stimulus) - y[at(State::ang2)]);
  f[at(State::vwf)] = k.vwf_turnover * (k.vwf_base * (1.0 + k.vwf_rise * a.endothelial_stimulus) -
                                        y[at(State::vwf)]);
  // 9 systemic signs: thermoregulatory drive and capillary leak.
  f[at(State::pyrogen)] =
      k.pyrogen_rate *
      ((k.w_pyro_il6 * a.il6_signal + k.w_pyro_il1 * a.il1_signal) * a.steroid_antipyretic -
       y[at(State::pyrogen)]);
  f[at(State::vascular_leak)] =
      k.leak_rate * ((k.w_leak_il6 * a.il6_signal_vascular + k.w_leak_il1 * a.il1_signal) *
                         a.endothelial_activation -
                     y[at(State::vascular_leak)]);
  // 8 blood-brain barrier: Starling filtration fills the brain interstitium; the leaky barrier
  // lets serum IL-6 and IFN-gamma in.
  f[at(State::cns_fluid)] =
      k.cns_fluid_clearance * (a.filtration_relative - y[at(State::cns_fluid)]);
  f[at(State::cns_inflammation)] =
      k.cns_turnover * (k.cns_gain * a.permeability_relative *
                            (a.il6_free + k.w_cns_ifng * ifng + k.w_cns_car_t * e) * a.steroid_cns -
                        y[at(State::cns_inflammation)]);
}

double hill2(double x, double half) {
  const double x2 = x * x;
  return x2 / (x2 + half * half);
}

void check_size(std::span<const double> y, const char* function) {
  if (y.size() != kStateCount) {
    throw std::invalid_argument(
        fmt::format("VirtualPatient::{}: the state has {} values, the model {}", function, y.size(),
                    kStateCount));
  }
}

void check_range(const char* what, double value, double lo, double hi) {
  if (!std::isfinite(value) || value < lo || value > hi) {
    throw std::invalid_argument(
        fmt::format("VirtualPatient: {} must be within {:g}..{:g}, got {:g}", what, lo, hi, value));
  }
}

// A parameter the model divides by.
double positive(const Parameters& q, std::string_view name) {
  const double v = q[name];
  if (!(v > 0)) {
    throw std::invalid_argument(
        fmt::format("VirtualPatient: parameter '{}' must be positive, got {:g}", name, v));
  }
  return v;
}

// A parameter that is a share or a maximal inhibition: 0..1.
double fraction(const Parameters& q, std::string_view name) {
  const double v = q[name];
  if (v < 0 || v > 1) {
    throw std::invalid_argument(
        fmt::format("VirtualPatient: parameter '{}' must be within 0..1, got {:g}", name, v));
  }
  return v;
}

// The Jacobian's columns in groups that share no row where they may be nonzero: one pass of the
// dual numbers seeded along every column of a group gives each of its columns, the same values
// as a pass per column (a row depends on one column of the group only, so the others add
// nothing to its derivative). The virtual patient's 26 columns take 9 passes.
struct JacobianGroups {
  std::array<std::uint64_t, kStateCount> rows{};  // where column col may be nonzero, a bit per row
  std::vector<std::uint64_t> columns;             // the columns of each group, a bit per column
};

static_assert(kStateCount <= 64, "a state is a bit of std::uint64_t");

// The lowest bit set in `bits` (not 0): a state's index.
std::size_t lowest(std::uint64_t bits) {
  return static_cast<std::size_t>(std::countr_zero(bits));
}

JacobianGroups jacobian_groups(const Coefficients& k) {
  std::array<detail::Dependence, kStateCount> y;
  std::array<detail::Dependence, kStateCount> f;
  for (std::size_t i = 0; i < kStateCount; ++i) y[i] = detail::Dependence(std::uint64_t{1} << i);
  eval<detail::Dependence>(k, y.data(), f.data());
  JacobianGroups g;
  for (std::size_t row = 0; row < kStateCount; ++row) {
    for (std::uint64_t c = f[row].on; c != 0; c &= c - 1) {
      g.rows[lowest(c)] |= std::uint64_t{1} << row;
    }
  }
  std::vector<std::uint64_t> rows_of_group;
  for (std::size_t col = 0; col < kStateCount; ++col) {
    std::size_t group = 0;
    while (group < g.columns.size() && (rows_of_group[group] & g.rows[col]) != 0) ++group;
    if (group == g.columns.size()) {
      g.columns.push_back(0);
      rows_of_group.push_back(0);
    }
    g.columns[group] |= std::uint64_t{1} << col;
    rows_of_group[group] |= g.rows[col];
  }
  return g;
}

}  // namespace

VirtualPatient::VirtualPatient(Parameters p, Product product, Covariates c)
    : parameters_(std::move(p)), product_(std::move(product)), covariates_(std::move(c)) {
  for (const auto& [name, value] : product_.overrides) {
    if (!parameters_.contains(name)) {
      throw std::invalid_argument(fmt::format(
          "VirtualPatient: product '{}' overrides unknown parameter '{}'", product_.name, name));
    }
    parameters_.set(name, value);
  }
  check_range("covariates.tumor_burden", covariates_.tumor_burden, 0, 1e3);
  check_range("covariates.baseline_lymphocytes_per_ul", covariates_.baseline_lymphocytes_per_ul, 1,
              1e5);
  check_range("covariates.lymphodepletion_intensity", covariates_.lymphodepletion_intensity, 0, 2);
  check_range("covariates.baseline_ang2_pg_ml", covariates_.baseline_ang2_pg_ml, 1, 1e6);
  check_range("covariates.weight_kg", covariates_.weight_kg, 1, 500);
  check_range("covariates.age_years", covariates_.age_years, 0, 130);
  check_range("product.cd4_fraction", product_.cd4_fraction, 0, 1);
  check_range("product.dose_cells", product_.dose_cells, 0, 1e12);

  const Parameters& q = parameters_;
  for (const ParameterInfo& info : q.all()) {
    if (info.value < 0) {
      throw std::invalid_argument(fmt::format(
          "VirtualPatient: parameter '{}' must not be negative, got {:g}", info.name, info.value));
    }
  }
  auto k = std::make_shared<detail::Coefficients>();
  // 1 lymphodepletion
  const double flu_cy = fraction(q, "lymphodepletion_fraction_flu_cy");
  const double bendamustine = fraction(q, "lymphodepletion_fraction_bendamustine");
  double depleted = 0;
  if (covariates_.lymphodepletion == "flu_cy") {
    depleted = flu_cy;
  } else if (covariates_.lymphodepletion == "bendamustine") {
    depleted = bendamustine;
  } else if (covariates_.lymphodepletion != "none") {
    throw std::invalid_argument(
        fmt::format("VirtualPatient: unknown lymphodepletion '{}' (flu_cy, bendamustine or none)",
                    covariates_.lymphodepletion));
  }
  depleted = std::clamp(depleted * covariates_.lymphodepletion_intensity, 0.0, 0.99);
  k->n_patient = covariates_.baseline_lymphocytes_per_ul;
  k->n_after_ld = k->n_patient * (1.0 - depleted);
  const double n_ref = positive(q, "lymphocytes_reference_per_ul");
  k->c_clearance = positive(q, "homeostatic_cytokine_clearance_rate");
  k->c_consumption = q["homeostatic_consumption_ratio"] * k->c_clearance / n_ref;
  k->c_consumption_car_t = k->c_consumption * q["car_t_homeostatic_consumption_ratio"];
  k->c_production = positive(q, "homeostatic_cytokine_reference_pg_ml") *
                    (k->c_clearance + k->c_consumption * n_ref);
  k->c_setpoint = k->c_production / (k->c_clearance + k->c_consumption * k->n_patient);
  k->n_recovery = q["lymphocyte_recovery_rate"];
  // 2 CAR-T
  k->rho = q["car_t_proliferation_rate"];
  k->k_homeostatic = positive(q, "car_t_homeostatic_half_saturation_pg_ml");
  k->death_e = q["car_t_effector_death_rate"];
  k->memory_formation = q["car_t_memory_formation_rate"];
  k->memory_reactivation = q["car_t_memory_reactivation_rate"];
  k->memory_decline = q["car_t_memory_decline_rate"];
  k->exhaustion = q["car_t_exhaustion_rate"];
  k->death_x = q["car_t_exhausted_death_rate"];
  // 3 tumour
  k->tumor_growth = q["tumor_growth_rate"];
  k->tumor_capacity = positive(q, "tumor_capacity");
  k->k_engagement = positive(q, "tumor_engagement_half_saturation");
  k->target_saturation = positive(q, "car_t_per_target_saturation");
  k->kill = q["car_t_kill_rate"];
  // 4 cytokines
  const double w4 = q["cd4_cytokine_weight"];
  if (w4 > 0.5) {
    throw std::invalid_argument("VirtualPatient: cd4_cytokine_weight must be within 0..0.5");
  }
  k->cd4_factor = 1.0 - w4 + 2.0 * w4 * product_.cd4_fraction;
  k->cd8_factor = 1.0 - w4 + 2.0 * w4 * (1.0 - product_.cd4_fraction);
  k->ifng_release = q["ifng_release_rate"];
  k->ifng_elim = positive(q, "ifng_elimination_rate");
  k->ifng_base = q["ifng_baseline_pg_ml"];
  k->gmcsf_release = q["gmcsf_release_rate"];
  k->gmcsf_elim = positive(q, "gmcsf_elimination_rate");
  k->gmcsf_base = q["gmcsf_baseline_pg_ml"];
  k->myeloid_on = q["myeloid_activation_rate"];
  k->myeloid_off = positive(q, "myeloid_deactivation_rate");
  k->k_myeloid_ifng = positive(q, "myeloid_ifng_half_saturation_pg_ml");
  k->k_myeloid_gmcsf = positive(q, "myeloid_gmcsf_half_saturation_pg_ml");
  k->w_myeloid_gmcsf = q["myeloid_gmcsf_weight"];
  k->w_myeloid_il1 = q["myeloid_il1_weight"];
  k->k_myeloid_il1 = positive(q, "myeloid_il1_half_saturation_pg_ml");
  k->il6_myeloid = q["il6_myeloid_release_rate"];
  k->il6_car_t = q["il6_car_t_release_rate"];
  const double il6_elim = positive(q, "il6_elimination_rate");
  const double receptor_share = fraction(q, "il6_receptor_clearance_fraction");
  k->il6_elim_receptor = il6_elim * receptor_share;
  k->il6_elim_other = il6_elim * (1.0 - receptor_share);
  k->k_il6_signal = positive(q, "il6_signalling_half_saturation_pg_ml");
  k->k_il6_vascular = positive(q, "il6_vascular_half_saturation_pg_ml");
  k->il1_myeloid = q["il1_myeloid_release_rate"];
  k->tumor_myeloid_share = fraction(q, "myeloid_tumor_share");
  k->tolerance_on = q["myeloid_tolerance_rate"];
  k->tolerance_off = positive(q, "myeloid_tolerance_recovery_rate");
  k->il1_elim = positive(q, "il1_elimination_rate");
  k->k_il1_signal = positive(q, "il1_signalling_half_saturation_pg_ml");
  // 5 blockade
  k->toci_cl = q["tocilizumab_clearance_l_day"];
  k->toci_v1 = positive(q, "tocilizumab_central_volume_l");
  k->toci_q = q["tocilizumab_intercompartmental_clearance_l_day"];
  k->toci_v2 = positive(q, "tocilizumab_peripheral_volume_l");
  k->toci_vmax = q["tocilizumab_vmax_mg_day"];
  k->toci_km = positive(q, "tocilizumab_km_ug_ml");
  k->toci_ec50 = positive(q, "tocilizumab_receptor_ec50_ug_ml");
  k->sil6r_base = q["sil6r_baseline_ng_ml"];
  k->sil6r_elim = q["sil6r_elimination_rate"];
  k->sil6r_complex_elim = q["sil6r_complex_elimination_rate"];
  k->silt_v = positive(q, "siltuximab_volume_l");
  k->silt_elim = std::log(2.0) / positive(q, "siltuximab_half_life_days");
  k->silt_kd = positive(q, "siltuximab_kd_ug_ml");
  k->ana_v = positive(q, "anakinra_volume_l");
  k->ana_elim = std::log(2.0) / (positive(q, "anakinra_half_life_h") / 24.0);
  k->ana_ec50 = positive(q, "anakinra_ec50_ug_ml");
  // 6 corticosteroids
  k->steroid_elim = q["steroid_elimination_rate"];
  k->steroid_ke0 = q["steroid_effect_rate"];
  k->mp_equivalence = q["methylprednisolone_dexamethasone_equivalence"];
  k->myeloid_imax = fraction(q, "steroid_myeloid_imax");
  k->myeloid_ed50 = positive(q, "steroid_myeloid_ed50_mg");
  k->car_t_imax = fraction(q, "steroid_car_t_imax");
  k->car_t_ed50 = positive(q, "steroid_car_t_ed50_mg");
  k->antipyretic_imax = fraction(q, "steroid_antipyretic_imax");
  k->bbb_imax = fraction(q, "steroid_bbb_imax");
  k->cns_imax = fraction(q, "steroid_cns_imax");
  // 7 endothelium
  k->ang2_patient = covariates_.baseline_ang2_pg_ml;
  k->ang2_reference = positive(q, "ang2_reference_pg_ml");
  k->ang2_turnover = q["ang2_turnover_rate"];
  k->ang2_rise = q["ang2_max_rise"];
  k->w_endo_il6 = q["endothelium_il6_weight"];
  k->w_endo_ifng = q["endothelium_ifng_weight"];
  k->w_endo_il1 = q["endothelium_il1_weight"];
  k->k_endo_ifng = positive(q, "endothelium_ifng_half_saturation_pg_ml");
  k->vwf_base = q["vwf_baseline_pct"];
  k->vwf_turnover = q["vwf_turnover_rate"];
  k->vwf_rise = q["vwf_max_rise"];
  // 8 blood-brain barrier
  k->hydrostatic = q["bbb_capillary_pressure_mmhg"] - q["brain_interstitial_pressure_mmhg"];
  k->oncotic = q["plasma_oncotic_pressure_mmhg"] - q["brain_interstitial_oncotic_pressure_mmhg"];
  k->sigma0 = positive(q, "bbb_reflection_baseline");
  if (k->sigma0 >= 1) {
    throw std::invalid_argument("VirtualPatient: bbb_reflection_baseline must be below 1");
  }
  k->sigma_ratio0 = (1.0 - k->sigma0) / k->sigma0;
  k->flux0 = k->hydrostatic - k->sigma0 * k->oncotic;
  if (!(k->flux0 > 0)) {
    throw std::invalid_argument(
        "VirtualPatient: the Starling parameters give no outward filtration at baseline");
  }
  k->w_bbb_cytokine = q["bbb_cytokine_weight"];
  k->lp_gain = q["bbb_conductivity_gain"];
  if (k->lp_gain < 0 || k->lp_gain >= 1) {
    throw std::invalid_argument("VirtualPatient: bbb_conductivity_gain must be within 0..1");
  }
  k->cns_fluid_clearance = q["cns_fluid_clearance_rate"];
  k->cns_turnover = q["cns_inflammation_turnover_rate"];
  k->cns_gain = q["cns_inflammation_gain"];
  k->w_cns_ifng = q["cns_ifng_weight"];
  k->w_cns_car_t = q["cns_car_t_weight"];
  k->neuro_scale = positive(q, "neuro_inflammation_scale_pg_ml");
  k->w_neuro_edema = q["neuro_edema_weight"];
  k->ice_half = positive(q, "ice_half_drive");
  k->consciousness_half = positive(q, "consciousness_half_drive");
  k->seizure_half = positive(q, "seizure_half_drive");
  k->seizure_max = q["seizure_max_hazard_per_day"];
  k->edema_half = positive(q, "edema_half_excess");
  // 9 systemic signs
  k->temp_base = q["temperature_baseline_c"];
  k->fever_rise = q["fever_max_rise_c"];
  k->w_pyro_il6 = q["pyrogen_il6_weight"];
  k->w_pyro_il1 = q["pyrogen_il1_weight"];
  k->pyrogen_rate = q["pyrogen_rate"];
  k->leak_rate = q["leak_rate"];
  k->w_leak_il6 = q["leak_il6_weight"];
  k->w_leak_il1 = q["leak_il1_weight"];
  k->map_base = q["map_baseline_mmhg"];
  k->map_drop = q["map_max_drop_mmhg"];
  k->map_leak_half = positive(q, "map_leak_half");
  k->pulse_pressure = q["pulse_pressure_mmhg"];
  k->pulse_pressure_vasodilation = q["pulse_pressure_vasodilation_mmhg"];
  k->ne_rise = q["norepinephrine_max_rise_mmhg"];
  k->ne_ec50 = positive(q, "norepinephrine_ec50_ug_min");
  k->fluid_rise = q["fluid_max_rise_mmhg"];
  k->fluid_ec50 = positive(q, "fluid_ec50_ml");
  k->hr_base = q["heart_rate_baseline"];
  k->hr_per_c = q["heart_rate_per_c"];
  k->hr_per_mmhg = q["heart_rate_per_mmhg"];
  k->pulmonary_max_shunt = fraction(q, "pulmonary_max_shunt");
  k->pulmonary_leak_half = positive(q, "pulmonary_leak_half");
  k->fluid_overload = positive(q, "fluid_overload_ml");
  // 10 time course: the infusion. A fraction of the infused cells circulates as the
  // expansion's starting population; the rest is lost or sequestered.
  const double blood_ul = positive(q, "blood_volume_ml_per_kg") * covariates_.weight_kg * 1000.0;
  const double infused = infused_cells(product_, covariates_.weight_kg);
  const double circulating = infused * fraction(q, "car_t_initial_circulating_fraction") / blood_ul;
  const double memory_share = fraction(q, "car_t_infused_memory_fraction");
  k->car_t_effector0 = circulating * (1.0 - memory_share);
  k->car_t_memory0 = circulating * memory_share;
  k->tumor0 = covariates_.tumor_burden;
  // Every infused cell meets antigen once, wherever it is (first_contact, cells/uL of blood).
  k->contact0 = infused / blood_ul;
  k->prime = q["car_t_first_contact_rate"];
  k->burst = q["car_t_first_contact_release_days"];

  // Baselines: cytokines at their pre-infusion values, constitutive production holding them.
  k->ifng0 = k->ifng_base;
  k->gmcsf0 = k->gmcsf_base;
  k->il1_0 = q["il1_baseline_pg_ml"];
  k->il6_0 = q["il6_baseline_pg_ml"];
  k->myeloid_ifng0 = k->ifng0 / (k->ifng0 + k->k_myeloid_ifng);
  k->myeloid_gmcsf0 = k->gmcsf0 / (k->gmcsf0 + k->k_myeloid_gmcsf);
  const double stimulus0 = k->w_myeloid_il1 * sigmoid(k->il1_0, k->k_myeloid_il1);
  k->myeloid_base = k->myeloid_on * stimulus0 / (k->myeloid_on * stimulus0 + k->myeloid_off);
  k->myeloid_pool = 1.0 - k->tumor_myeloid_share + k->tumor_myeloid_share * k->tumor0;
  k->tolerance_base =
      k->tolerance_on * k->myeloid_base / (k->tolerance_on * k->myeloid_base + k->tolerance_off);
  const double pool0 = k->myeloid_pool * (1.0 - k->tolerance_base);
  k->il6_constitutive =
      std::max(0.0, il6_elim * k->il6_0 - k->il6_myeloid * k->myeloid_base * pool0);
  k->il1_constitutive =
      std::max(0.0, k->il1_elim * k->il1_0 - k->il1_myeloid * k->myeloid_base * pool0);
  // The covariate is the measured pre-infusion Ang-2: the unstimulated level is set so that the
  // baseline cytokines hold Ang-2 (and VWF) exactly there.
  std::vector<double> y0(kStateCount, 0.0);
  y0[at(State::ifng)] = k->ifng0;
  y0[at(State::il6)] = k->il6_0;
  y0[at(State::il1)] = k->il1_0;
  const double stimulus_endo = algebra(*k, y0.data()).endothelial_stimulus;
  k->ang2_patient = covariates_.baseline_ang2_pg_ml / (1.0 + k->ang2_rise * stimulus_endo);
  k->vwf_base = k->vwf_base / (1.0 + k->vwf_rise * stimulus_endo);
  k_ = std::move(k);
}

void VirtualPatient::rhs(double /*t*/, std::span<const double> y, std::span<double> dydt) const {
  eval<double>(*k_, y.data(), dydt.data());
}

bool VirtualPatient::jacobian(double /*t*/, std::span<const double> y,
                              std::span<double> jac) const {
  constexpr std::size_t n = kStateCount;
  // The structure is the equations', the same for every patient.
  static const JacobianGroups groups = jacobian_groups(*k_);
  std::fill(jac.begin(), jac.end(), 0.0);
  std::array<Dual, n> yd;
  std::array<Dual, n> fd;
  for (std::size_t i = 0; i < n; ++i) yd[i] = Dual(y[i], 0.0);
  for (const std::uint64_t columns : groups.columns) {
    for (std::uint64_t c = columns; c != 0; c &= c - 1) yd[lowest(c)].d = 1.0;
    eval<Dual>(*k_, yd.data(), fd.data());
    for (std::uint64_t c = columns; c != 0; c &= c - 1) {
      const std::size_t col = lowest(c);
      for (std::uint64_t r = groups.rows[col]; r != 0; r &= r - 1) {
        const std::size_t row = lowest(r);
        jac[col * n + row] = fd[row].d;
      }
      yd[col].d = 0.0;
    }
  }
  return true;
}

std::vector<double> VirtualPatient::initial_state() const {
  const Coefficients& k = *k_;
  std::vector<double> y(kStateCount, 0.0);
  y[at(State::host_lymphocytes)] = k.n_after_ld;
  // Lymphodepletion ended on day -3; C (clearance ~ hours) is at its new quasi-steady state.
  y[at(State::homeostatic_cytokine)] =
      k.c_production / (k.c_clearance + k.c_consumption * k.n_after_ld);
  y[at(State::car_t_effector)] = k.car_t_effector0;
  y[at(State::car_t_memory)] = k.car_t_memory0;
  y[at(State::tumor)] = k.tumor0;
  y[at(State::ifng)] = k.ifng0;
  y[at(State::gmcsf)] = k.gmcsf0;
  y[at(State::myeloid_activation)] = k.myeloid_base;
  y[at(State::myeloid_tolerance)] = k.tolerance_base;
  y[at(State::first_contact)] = k.contact0;
  y[at(State::il6)] = k.il6_0;
  y[at(State::il1)] = k.il1_0;
  y[at(State::sil6r)] = k.sil6r_base;
  y[at(State::ang2)] = k.ang2_patient;
  y[at(State::vwf)] = k.vwf_base;
  // The slow states start at their steady state for these baselines.
  const Algebra<double> a = algebra(k, y.data());
  y[at(State::ang2)] = k.ang2_patient * (1.0 + k.ang2_rise * a.endothelial_stimulus);
  y[at(State::vwf)] = k.vwf_base * (1.0 + k.vwf_rise * a.endothelial_stimulus);
  const Algebra<double> b = algebra(k, y.data());
  y[at(State::pyrogen)] = k.w_pyro_il6 * b.il6_signal + k.w_pyro_il1 * b.il1_signal;
  y[at(State::vascular_leak)] =
      (k.w_leak_il6 * b.il6_signal_vascular + k.w_leak_il1 * b.il1_signal) *
      b.endothelial_activation;
  y[at(State::cns_fluid)] = b.filtration_relative;
  y[at(State::cns_inflammation)] =
      k.cns_gain * b.permeability_relative *
      (b.il6_free + k.w_cns_ifng * k.ifng0 + k.w_cns_car_t * y[at(State::car_t_effector)]);
  return y;
}

const std::vector<std::string>& VirtualPatient::state_names() const {
  return names();
}

std::size_t VirtualPatient::index(std::string_view name) {
  const auto& all = names();
  const auto it = std::find(all.begin(), all.end(), name);
  if (it == all.end()) {
    throw std::out_of_range(fmt::format("VirtualPatient: no state named '{}'", name));
  }
  return static_cast<std::size_t>(it - all.begin());
}

void VirtualPatient::give(Drug drug, double dose_mg, std::span<double> y) const {
  check_size(y, "give");
  if (!std::isfinite(dose_mg) || dose_mg < 0) {
    throw std::invalid_argument(
        fmt::format("VirtualPatient::give: dose_mg must be >= 0 and finite, got {}", dose_mg));
  }
  switch (drug) {
    case Drug::tocilizumab:
      y[at(State::tocilizumab_central)] += dose_mg;
      break;
    case Drug::siltuximab:
      y[at(State::siltuximab)] += dose_mg;
      break;
    case Drug::anakinra:
      y[at(State::anakinra)] += dose_mg;
      break;
    case Drug::dexamethasone:
      y[at(State::steroid_central)] += dose_mg;
      break;
    case Drug::methylprednisolone:
      y[at(State::steroid_central)] += dose_mg * k_->mp_equivalence;
      break;
  }
}

Observation VirtualPatient::observe(double /*t_days*/, std::span<const double> y,
                                    const Support& support) const {
  check_size(y, "observe");
  check_range("support.norepinephrine_equivalent_ug_min", support.norepinephrine_equivalent_ug_min,
              0, 1e4);
  check_range("support.fluids_ml_last_6h", support.fluids_ml_last_6h, 0, 1e5);
  check_range("support.fio2", support.fio2, 0.21, 1.0);
  const Coefficients& k = *k_;
  Observation o;
  o.temperature_c = k.temp_base + k.fever_rise * pos(y[at(State::pyrogen)]);
  const double leak = pos(y[at(State::vascular_leak)]);
  const double leak_effect = hill2(leak, k.map_leak_half);
  const double fluids = support.fluids_ml_last_6h;
  const double ne = support.norepinephrine_equivalent_ug_min;
  const double map_disease = k.map_base - k.map_drop * leak_effect;
  o.map_mmhg = map_disease + k.ne_rise * ne / (ne + k.ne_ec50) +
               k.fluid_rise * fluids / (fluids + k.fluid_ec50);
  const double pulse = k.pulse_pressure + k.pulse_pressure_vasodilation * leak_effect;
  o.sbp_mmhg = o.map_mmhg + 2.0 / 3.0 * pulse;
  o.dbp_mmhg = o.map_mmhg - 1.0 / 3.0 * pulse;
  o.heart_rate = k.hr_base + k.hr_per_c * pos(o.temperature_c - 37.0) +
                 k.hr_per_mmhg * pos(k.map_base - o.map_mmhg);
  // Alveolar gas equation (PaCO2 40 mmHg, respiratory quotient 0.8), a shunt-like loss from the
  // pulmonary leak (worse with fluid loading), and Severinghaus' dissociation curve.
  const double alveolar = support.fio2 * (760.0 - 47.0) - 40.0 / 0.8;
  const double pulmonary = leak * (1.0 + fluids / k.fluid_overload);
  const double shunt = k.pulmonary_max_shunt * hill2(pulmonary, k.pulmonary_leak_half);
  const double pao2 = std::max(15.0, (alveolar - 8.0) * (1.0 - shunt));
  o.spo2_pct = 100.0 / (1.0 + 23400.0 / (pao2 * pao2 * pao2 + 150.0 * pao2));
  const double excess_fluid = pos(y[at(State::cns_fluid)] - 1.0);
  const double drive =
      pos(y[at(State::cns_inflammation)]) / k.neuro_scale + k.w_neuro_edema * excess_fluid;
  o.ice = 10.0 * (1.0 - hill2(drive, k.ice_half));
  o.consciousness_level = 4.0 * hill2(drive, k.consciousness_half);
  o.seizure_hazard_per_day = k.seizure_max * hill2(drive, k.seizure_half);
  o.edema = 2.0 * hill2(excess_fluid, k.edema_half);
  return o;
}

const std::vector<std::string>& VirtualPatient::derived_names() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> out{"car_t_total",
                                 "il6_signalling",
                                 "il1_signalling",
                                 "il6_free",
                                 "il6_receptor_occupancy",
                                 "tocilizumab_ug_ml",
                                 "il6_production_car_t",
                                 "il6_production_myeloid",
                                 "engagement",
                                 "endothelial_activation",
                                 "bbb_reflection",
                                 "bbb_filtration",
                                 "neuro_drive",
                                 "steroid_effect_myeloid"};
    const auto& state = names();
    out.insert(out.end(), state.begin(), state.end());
    return out;
  }();
  return all;
}

void VirtualPatient::derived_values(double /*t_days*/, std::span<const double> y,
                                    std::vector<double>& out) const {
  check_size(y, "derived_values");
  const Coefficients& k = *k_;
  const Algebra<double> a = algebra(k, y.data());
  const double excess_fluid = pos(y[at(State::cns_fluid)] - 1.0);
  out.assign(
      {y[at(State::car_t_effector)] + y[at(State::car_t_memory)] + y[at(State::car_t_exhausted)],
       a.il6_signal, a.il1_signal, a.il6_free, a.occupancy, a.toci_ug_ml, a.il6_production_car_t,
       a.il6_production_myeloid, a.engagement, a.endothelial_activation, a.sigma,
       a.filtration_relative,
       pos(y[at(State::cns_inflammation)]) / k.neuro_scale + k.w_neuro_edema * excess_fluid,
       1.0 - a.steroid_myeloid});
  out.insert(out.end(), y.begin(), y.end());
}

std::vector<std::pair<std::string, double>> VirtualPatient::derived(
    double t_days, std::span<const double> y) const {
  std::vector<double> values;
  derived_values(t_days, y, values);
  const auto& labels = derived_names();
  std::vector<std::pair<std::string, double>> out;
  out.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) out.emplace_back(labels[i], values[i]);
  return out;
}

}  // namespace cytostorm::model
