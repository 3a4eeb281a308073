// Property tests of the ASTCT 2019 CRS and ICANS grades over seeded random snapshots: a worse
// finding never lowers the grade, the drivers name what set the grade, and Fahrenheit input grades
// as Celsius does. Every failure message carries the seed and the case index; set
// CYTOSTORM_PROPERTY_SEED to replay another seed.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/astct_crs.hpp"
#include "cytostorm/clinical/astct_icans.hpp"
#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/record/snapshot.hpp"
#include "cytostorm/record/units.hpp"
#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::clinical {
namespace {

using record::CapdInput;
using record::Consciousness;
using record::DoseRateUnit;
using record::Edema;
using record::IceInput;
using record::MotorFinding;
using record::OxygenDevice;
using record::OxygenPurpose;
using record::OxygenSupport;
using record::ScoreItem;
using record::Seizure;
using record::Snapshot;
using record::VasoactiveDrug;
using record::VasoactiveInfusion;

constexpr int kCases = 3000;

std::uint32_t seed() {
  if (const char* env = std::getenv("CYTOSTORM_PROPERTY_SEED")) {
    return static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10));
  }
  return 20190625u;
}

/// A small wrapper over std::mt19937 with the draws the generators need.
class Random {
 public:
  explicit Random(std::uint32_t s) : rng_(s) {}
  double real(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng_); }
  int integer(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <typename T, std::size_t N>
  T pick(const std::array<T, N>& values) {
    return values[static_cast<std::size_t>(integer(0, static_cast<int>(N) - 1))];
  }

 private:
  std::mt19937 rng_;
};

// ---------------------------------------------------------------------------------------------
// Orders of severity

int device_rank(OxygenDevice d) {
  switch (d) {
    case OxygenDevice::room_air:
      return 0;
    case OxygenDevice::blow_by:
      return 1;
    case OxygenDevice::nasal_cannula:
      return 2;
    case OxygenDevice::high_flow_nasal_cannula:
    case OxygenDevice::simple_facemask:
    case OxygenDevice::non_rebreather:
    case OxygenDevice::venturi:
      return 3;
    case OxygenDevice::cpap:
    case OxygenDevice::bipap:
    case OxygenDevice::mechanical_ventilation:
      return 4;
  }
  return 0;
}

constexpr std::array<OxygenDevice, 10> kDevices{
    OxygenDevice::room_air,        OxygenDevice::blow_by,
    OxygenDevice::nasal_cannula,   OxygenDevice::high_flow_nasal_cannula,
    OxygenDevice::simple_facemask, OxygenDevice::non_rebreather,
    OxygenDevice::venturi,         OxygenDevice::cpap,
    OxygenDevice::bipap,           OxygenDevice::mechanical_ventilation};

constexpr std::array<VasoactiveDrug, 8> kVasoactives{
    VasoactiveDrug::norepinephrine, VasoactiveDrug::epinephrine, VasoactiveDrug::phenylephrine,
    VasoactiveDrug::dopamine,       VasoactiveDrug::vasopressin, VasoactiveDrug::angiotensin_ii,
    VasoactiveDrug::dobutamine,     VasoactiveDrug::milrinone};

constexpr std::array<VasoactiveDrug, 6> kVasopressors{
    VasoactiveDrug::norepinephrine, VasoactiveDrug::epinephrine, VasoactiveDrug::phenylephrine,
    VasoactiveDrug::dopamine,       VasoactiveDrug::vasopressin, VasoactiveDrug::angiotensin_ii};

constexpr std::array<VasoactiveDrug, 5> kCountedPressors{
    VasoactiveDrug::norepinephrine, VasoactiveDrug::epinephrine, VasoactiveDrug::phenylephrine,
    VasoactiveDrug::dopamine, VasoactiveDrug::angiotensin_ii};

int seizure_rank(Seizure s) {
  switch (s) {
    case Seizure::none:
      return 0;
    case Seizure::brief_resolved:
    case Seizure::nonconvulsive_eeg_resolved:
      return 1;
    case Seizure::prolonged:
    case Seizure::repetitive_no_baseline:
      return 2;
  }
  return 0;
}

constexpr std::array<Seizure, 5> kSeizures{Seizure::none, Seizure::brief_resolved,
                                           Seizure::nonconvulsive_eeg_resolved, Seizure::prolonged,
                                           Seizure::repetitive_no_baseline};

// ---------------------------------------------------------------------------------------------
// Generators

VasoactiveInfusion random_infusion(Random& r, VasoactiveDrug drug) {
  VasoactiveInfusion v;
  v.drug = drug;
  if (drug == VasoactiveDrug::vasopressin) {
    v.unit = DoseRateUnit::units_min;
    v.dose = r.chance(0.1) ? 0.0 : r.real(0.01, 0.06);
  } else if (drug == VasoactiveDrug::dopamine || drug == VasoactiveDrug::dobutamine ||
             drug == VasoactiveDrug::milrinone) {
    v.unit = DoseRateUnit::ug_kg_min;
    v.dose = r.chance(0.1) ? 0.0 : r.real(0.5, 20.0);
  } else {
    v.unit = DoseRateUnit::ug_min;
    v.dose = r.chance(0.1) ? 0.0 : r.real(1.0, 40.0);
  }
  v.hours = r.real(0.0, 12.0);
  return v;
}

double random_flow(Random& r) {
  switch (r.integer(0, 3)) {
    case 0:
      return 6.0;
    case 1:
      return 6.1;
    default:
      return r.real(0.5, 15.0);
  }
}

Snapshot random_crs_snapshot(Random& r) {
  Snapshot s;
  s.age_years = r.chance(0.2) ? r.real(1.0, 11.0) : r.real(12.0, 85.0);
  s.weight_kg = r.real(10.0, 110.0);
  if (r.chance(0.7)) {
    s.temperature_c = r.real(36.0, 41.0);
  } else {
    // masked fever: afebrile after anti-cytokine treatment of established CRS
    s.temperature_c = r.real(36.0, 37.9);
    s.fever_masked = true;
  }
  switch (r.integer(0, 2)) {
    case 0:
      break;
    case 1:
      s.hypotension = true;
      break;
    default:
      s.hypotension = false;
      break;
  }
  if (r.chance(0.5)) s.sbp_mmhg = r.real(60.0, 130.0);
  if (r.chance(0.3)) s.fluid_boluses = r.integer(0, 3);
  const int pressors = r.integer(0, 3);
  for (int i = 0; i < pressors; ++i) {
    // mostly vasopressors, now and then an inotrope
    const auto drug = r.chance(0.1) ? r.pick(kVasoactives) : r.pick(kVasopressors);
    s.vasoactives.push_back(random_infusion(r, drug));
  }
  if (r.chance(0.8)) {
    OxygenSupport o;
    o.device = r.pick(kDevices);
    o.flow_l_min = random_flow(r);  // always set, so a nasal cannula's grade is derivable
    if (r.chance(0.3)) o.fio2_pct = r.real(21.0, 100.0);
    const int purpose = r.integer(0, 9);
    o.purpose = purpose == 0   ? OxygenPurpose::comfort
                : purpose == 1 ? OxygenPurpose::airway_protection
                               : OxygenPurpose::hypoxia;
    s.oxygen = o;
  }
  s.attributed.fever = r.chance(0.05);
  s.attributed.hypotension = r.chance(0.05);
  s.attributed.hypoxia = r.chance(0.05);
  return s;
}

Snapshot random_icans_snapshot(Random& r) {
  Snapshot s;
  const bool child = r.chance(0.1);
  s.age_years = child ? r.real(1.0, 11.9) : r.real(12.0, 85.0);
  s.developmental_delay = r.chance(0.03);
  if (child || s.developmental_delay) {
    if (r.chance(0.1)) {
      s.capd = CapdInput{std::nullopt, std::nullopt, true};
    } else {
      s.capd = CapdInput{std::nullopt, r.integer(0, 32), false};
    }
  }
  const int ice_form = r.integer(0, 9);
  if (ice_form == 0) {
    // no ICE
  } else if (ice_form <= 5) {
    s.ice = IceInput{std::nullopt, r.integer(0, 10)};
  } else {
    std::array<ScoreItem, 5> items{};
    const std::array<int, 5> max{4, 3, 1, 1, 1};
    for (std::size_t i = 0; i < items.size(); ++i) {
      items[i].points = r.integer(0, max[i]);
    }
    if (r.chance(0.15)) {
      auto& na = items[static_cast<std::size_t>(r.integer(0, 4))];
      na.points.reset();
      na.not_assessable_reason = "sedated";
    }
    s.ice = IceInput{items, std::nullopt};
  }
  if (r.chance(0.8)) {
    s.consciousness =
        r.pick(std::array{Consciousness::alert, Consciousness::spontaneous, Consciousness::voice,
                          Consciousness::tactile, Consciousness::unarousable});
  }
  s.sedated = r.chance(0.2);
  s.seizure = r.chance(0.6) ? Seizure::none : r.pick(kSeizures);
  s.motor = r.chance(0.1) ? MotorFinding::deep_focal_weakness : MotorFinding::none;
  s.edema = r.chance(0.7) ? Edema::none : r.pick(std::array{Edema::focal, Edema::diffuse});
  s.posturing = r.chance(0.03);
  s.papilledema = r.chance(0.03);
  s.cn6_palsy = r.chance(0.03);
  s.cushing_triad = r.chance(0.03);
  s.global_aphasia = r.chance(0.1);
  s.hemorrhage = r.chance(0.05);
  s.tremor = r.chance(0.1);
  s.myoclonus = r.chance(0.05);
  s.attributed.encephalopathy = r.chance(0.05);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Descriptions for failure messages

std::string describe_crs(const Snapshot& s) {
  std::ostringstream out;
  out << "age " << s.age_years.value_or(-1) << ", T "
      << (s.temperature_c ? std::to_string(*s.temperature_c) : "none")
      << (s.fever_masked ? " (masked)" : "") << ", hypotension "
      << (s.hypotension ? (*s.hypotension ? "yes" : "no") : "unset") << ", SBP "
      << (s.sbp_mmhg ? std::to_string(*s.sbp_mmhg) : "none") << ", vasoactives [";
  for (const auto& v : s.vasoactives) {
    out << record::name(v.drug) << " " << v.dose.value_or(-1) << "; ";
  }
  out << "], oxygen ";
  if (s.oxygen) {
    out << record::name(s.oxygen->device) << " " << s.oxygen->flow_l_min.value_or(-1) << " L/min "
        << record::name(s.oxygen->purpose);
  } else {
    out << "none";
  }
  out << ", attributed fever/hypotension/hypoxia " << s.attributed.fever << s.attributed.hypotension
      << s.attributed.hypoxia;
  return out.str();
}

std::string describe_icans(const Snapshot& s) {
  std::ostringstream out;
  out << "age " << s.age_years.value_or(-1) << (s.developmental_delay ? " (dev. delay)" : "")
      << ", ICE ";
  if (!s.ice) {
    out << "none";
  } else if (s.ice->items) {
    out << "items [";
    for (const auto& it : *s.ice->items) {
      out << (it.points ? std::to_string(*it.points) : std::string("NA")) << " ";
    }
    out << "]";
  } else {
    out << s.ice->total.value_or(-1);
  }
  if (s.capd) {
    out << ", CAPD " << s.capd->total.value_or(-1)
        << (s.capd->unable_to_perform ? " (unable)" : "");
  }
  out << ", consciousness "
      << (s.consciousness ? std::string(record::name(*s.consciousness)) : std::string("unset"))
      << (s.sedated ? " (sedated)" : "") << ", seizure " << record::name(s.seizure) << ", motor "
      << record::name(s.motor) << ", edema " << record::name(s.edema) << ", signs " << s.posturing
      << s.papilledema << s.cn6_palsy << s.cushing_triad << ", aphasia " << s.global_aphasia
      << ", attributed " << s.attributed.encephalopathy;
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the properties

bool has_driver(const GradeResult& r, std::string_view finding, int grade) {
  return std::any_of(r.drivers.begin(), r.drivers.end(),
                     [&](const Driver& d) { return d.finding == finding && d.grade == grade; });
}

/// Property (c) for one result: a grade above 0 has drivers, the first one at that grade.
void expect_drivers_consistent(const GradeResult& r, const std::string& where) {
  if (!r.grade || *r.grade == 0) return;
  ASSERT_FALSE(r.drivers.empty()) << where;
  EXPECT_EQ(r.drivers.front().grade, *r.grade) << where;
  for (const auto& d : r.drivers) EXPECT_LE(d.grade, *r.grade) << where;
}

/// One mutation that makes exactly one finding worse.
struct Mutation {
  std::string name;   ///< for failure messages
  std::string key;    ///< the driver key of the mutated finding
  Snapshot snapshot;  ///< the worse snapshot
};

/// Checks monotonicity (a)/(b) and the driver part of (c) for a base and its mutation.
void check_mutation(const GradeResult& base, const GradeResult& worse, const Mutation& m,
                    const std::string& where) {
  const std::string at = where + ", mutation " + m.name;
  ASSERT_TRUE(base.grade.has_value()) << at;
  ASSERT_TRUE(worse.grade.has_value()) << at;
  EXPECT_GE(*worse.grade, *base.grade) << at;
  expect_drivers_consistent(worse, at);
  if (*worse.grade > *base.grade) {
    EXPECT_TRUE(has_driver(worse, m.key, *worse.grade))
        << at << ": grade rose from " << *base.grade << " to " << *worse.grade << " but no \""
        << m.key << "\" driver of grade " << *worse.grade;
  }
}

// ---------------------------------------------------------------------------------------------
// CRS mutations

std::vector<Mutation> crs_mutations(const Snapshot& s, Random& r) {
  std::vector<Mutation> out;
  // higher flow
  if (s.oxygen && s.oxygen->flow_l_min) {
    Mutation m{"higher flow", "oxygen", s};
    const double flow = *s.oxygen->flow_l_min;
    m.snapshot.oxygen->flow_l_min =
        flow <= 6.0 && r.chance(0.5) ? (r.chance(0.5) ? 6.0 : 6.1) : flow + r.real(0.1, 8.0);
    if (*m.snapshot.oxygen->flow_l_min < flow) m.snapshot.oxygen->flow_l_min = flow + 0.1;
    out.push_back(std::move(m));
  }
  // a stronger device (no oxygen is room air)
  {
    const OxygenDevice current = s.oxygen ? s.oxygen->device : OxygenDevice::room_air;
    std::vector<OxygenDevice> stronger;
    for (auto d : kDevices) {
      if (device_rank(d) > device_rank(current)) stronger.push_back(d);
    }
    if (!stronger.empty()) {
      Mutation m{"stronger device", "oxygen", s};
      if (!m.snapshot.oxygen) {
        m.snapshot.oxygen = OxygenSupport{};
        m.snapshot.oxygen->flow_l_min = random_flow(r);
      }
      const auto to =
          stronger[static_cast<std::size_t>(r.integer(0, static_cast<int>(stronger.size()) - 1))];
      m.name += std::string(" to ") + std::string(record::name(to));
      m.snapshot.oxygen->device = to;
      out.push_back(std::move(m));
    }
  }
  // one more vasopressor that is not vasopressin
  {
    Mutation m{"one more vasopressor", "vasopressors", s};
    auto v = random_infusion(r, r.pick(kCountedPressors));
    if (!v.dose || *v.dose <= 0.0) v.dose = 5.0;
    m.name += std::string(" ") + std::string(record::name(v.drug));
    m.snapshot.vasoactives.push_back(v);
    out.push_back(std::move(m));
  }
  return out;
}

TEST(AstctCrsProperties, WorseFindingNeverLowersTheGrade) {
  const auto s0 = seed();
  Random r(s0);
  int raised = 0;
  for (int i = 0; i < kCases; ++i) {
    const Snapshot s = random_crs_snapshot(r);
    const std::string where =
        "seed " + std::to_string(s0) + ", case " + std::to_string(i) + ": " + describe_crs(s);
    const auto base = grade_astct_crs(s);
    ASSERT_TRUE(base.grade.has_value()) << where;
    for (const auto& m : crs_mutations(s, r)) {
      const auto worse = grade_astct_crs(m.snapshot);
      ASSERT_TRUE(worse.grade.has_value()) << where << ", mutation " << m.name;
      EXPECT_GE(*worse.grade, *base.grade) << where << ", mutation " << m.name;
      if (*worse.grade > *base.grade) ++raised;
    }
    if (HasFailure()) return;
  }
  // The generator must exercise raises, or the property says nothing.
  EXPECT_GT(raised, kCases / 10);
}

TEST(AstctCrsProperties, DriversNameTheGradeAndTheMutatedFinding) {
  const auto s0 = seed() + 1;
  Random r(s0);
  for (int i = 0; i < kCases; ++i) {
    const Snapshot s = random_crs_snapshot(r);
    const std::string where =
        "seed " + std::to_string(s0) + ", case " + std::to_string(i) + ": " + describe_crs(s);
    const auto base = grade_astct_crs(s);
    expect_drivers_consistent(base, where);
    for (const auto& m : crs_mutations(s, r)) {
      check_mutation(base, grade_astct_crs(m.snapshot), m, where);
    }
    if (HasFailure()) return;
  }
}

// ---------------------------------------------------------------------------------------------
// ICANS mutations

std::vector<Mutation> icans_mutations(const Snapshot& s, Random& r) {
  std::vector<Mutation> out;
  // a lower ICE total
  if (s.ice && s.ice->total && *s.ice->total > 0) {
    Mutation m{"lower ICE total", "ice", s};
    m.snapshot.ice->total = r.integer(0, *s.ice->total - 1);
    out.push_back(std::move(m));
  } else if (s.ice && s.ice->items) {
    std::vector<std::size_t> lowerable;
    for (std::size_t i = 0; i < s.ice->items->size(); ++i) {
      const auto& p = (*s.ice->items)[i].points;
      if (p && *p > 0) lowerable.push_back(i);
    }
    if (!lowerable.empty()) {
      Mutation m{"lower ICE item", "ice", s};
      const auto i =
          lowerable[static_cast<std::size_t>(r.integer(0, static_cast<int>(lowerable.size()) - 1))];
      auto& p = (*m.snapshot.ice->items)[i].points;
      p = r.integer(0, *p - 1);
      out.push_back(std::move(m));
    }
  }
  // deeper consciousness (unset is alert)
  {
    const int current = s.consciousness ? static_cast<int>(*s.consciousness) : 0;
    const int deepest = static_cast<int>(Consciousness::unarousable);
    if (current < deepest) {
      Mutation m{"deeper consciousness", "consciousness", s};
      const auto to = static_cast<Consciousness>(r.integer(current + 1, deepest));
      m.name += std::string(" to ") + std::string(record::name(to));
      m.snapshot.consciousness = to;
      out.push_back(std::move(m));
    }
  }
  // a worse seizure
  {
    std::vector<Seizure> worse;
    for (auto z : kSeizures) {
      if (seizure_rank(z) > seizure_rank(s.seizure)) worse.push_back(z);
    }
    if (!worse.empty()) {
      Mutation m{"worse seizure", "seizure", s};
      const auto to =
          worse[static_cast<std::size_t>(r.integer(0, static_cast<int>(worse.size()) - 1))];
      m.name += std::string(" to ") + std::string(record::name(to));
      m.snapshot.seizure = to;
      out.push_back(std::move(m));
    }
  }
  // worse edema
  if (s.edema != Edema::diffuse) {
    Mutation m{"worse edema", "edema", s};
    m.snapshot.edema = s.edema == Edema::none && r.chance(0.5) ? Edema::focal : Edema::diffuse;
    m.name += std::string(" to ") + std::string(record::name(m.snapshot.edema));
    out.push_back(std::move(m));
  }
  // motor weakness added
  if (s.motor == MotorFinding::none) {
    Mutation m{"motor weakness", "motor", s};
    m.snapshot.motor = MotorFinding::deep_focal_weakness;
    out.push_back(std::move(m));
  }
  return out;
}

TEST(AstctIcansProperties, WorseFindingNeverLowersTheGrade) {
  const auto s0 = seed() + 2;
  Random r(s0);
  int raised = 0;
  for (int i = 0; i < kCases; ++i) {
    const Snapshot s = random_icans_snapshot(r);
    const std::string where =
        "seed " + std::to_string(s0) + ", case " + std::to_string(i) + ": " + describe_icans(s);
    const auto base = grade_astct_icans(s);
    ASSERT_TRUE(base.grade.has_value()) << where;
    for (const auto& m : icans_mutations(s, r)) {
      const auto worse = grade_astct_icans(m.snapshot);
      ASSERT_TRUE(worse.grade.has_value()) << where << ", mutation " << m.name;
      EXPECT_GE(*worse.grade, *base.grade) << where << ", mutation " << m.name;
      if (*worse.grade > *base.grade) ++raised;
    }
    if (HasFailure()) return;
  }
  EXPECT_GT(raised, kCases / 10);
}

TEST(AstctIcansProperties, DriversNameTheGradeAndTheMutatedFinding) {
  const auto s0 = seed() + 3;
  Random r(s0);
  for (int i = 0; i < kCases; ++i) {
    const Snapshot s = random_icans_snapshot(r);
    const std::string where =
        "seed " + std::to_string(s0) + ", case " + std::to_string(i) + ": " + describe_icans(s);
    const auto base = grade_astct_icans(s);
    expect_drivers_consistent(base, where);
    for (const auto& m : icans_mutations(s, r)) {
      check_mutation(base, grade_astct_icans(m.snapshot), m, where);
    }
    if (HasFailure()) return;
  }
}

// ---------------------------------------------------------------------------------------------
// Fahrenheit and Celsius

void expect_same_grade(const Snapshot& celsius, const std::string& where) {
  Snapshot fahrenheit = celsius;
  fahrenheit.temperature_c =
      record::fahrenheit_to_celsius(record::celsius_to_fahrenheit(*celsius.temperature_c));
  const auto c = grade_astct_crs(celsius);
  const auto f = grade_astct_crs(fahrenheit);
  EXPECT_EQ(c.grade, f.grade) << where << " (T " << *celsius.temperature_c << " C)";
  EXPECT_EQ(c.at_least, f.at_least) << where;
}

TEST(AstctCrsProperties, FahrenheitAndCelsiusGiveTheSameGrade) {
  const auto s0 = seed() + 4;
  Random r(s0);
  for (int i = 0; i < kCases; ++i) {
    Snapshot s = random_crs_snapshot(r);
    s.temperature_c = r.real(36.0, 41.0);
    expect_same_grade(
        s, "seed " + std::to_string(s0) + ", case " + std::to_string(i) + ": " + describe_crs(s));
    if (HasFailure()) return;
  }
}

TEST(AstctCrsProperties, FahrenheitAndCelsiusAgreeOnTheTenthDegreeGrid) {
  for (int tenths = 370; tenths <= 400; ++tenths) {
    const double t = tenths / 10.0;
    Snapshot s;
    s.age_years = 40.0;
    s.temperature_c = t;
    s.oxygen =
        OxygenSupport{OxygenDevice::nasal_cannula, 4.0, std::nullopt, OxygenPurpose::hypoxia};
    const std::string where = "T " + std::to_string(t) + " C";
    expect_same_grade(s, where);
    // And the grade is the one the threshold says: 38.0 C and above is fever.
    const auto f = grade_astct_crs(s);
    ASSERT_TRUE(f.grade.has_value()) << where;
    EXPECT_EQ(*f.grade, tenths >= 380 ? 2 : 0) << where;
    Snapshot from_f = s;
    from_f.temperature_c = record::fahrenheit_to_celsius(record::celsius_to_fahrenheit(t));
    const auto g = grade_astct_crs(from_f);
    ASSERT_TRUE(g.grade.has_value()) << where;
    EXPECT_EQ(*g.grade, tenths >= 380 ? 2 : 0) << where << " via Fahrenheit";
  }
}

}  // namespace
}  // namespace cytostorm::clinical
