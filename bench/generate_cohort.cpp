// cytostorm_generate_cohort: a deterministic synthetic cohort as an event table (formats.md
// section 1), for benchmarks and smoke tests.
//
// Every patient gets an age and a weight row, an infusion at 0 h, vitals every 4 h (temperature,
// sbp, dbp, heart_rate, resp_rate, spo2), an ICE twice daily (five items); a fraction gets a CRS
// course (fever, fluids, nasal cannula or facemask with FiO2, norepinephrine started and stopped,
// tocilizumab, dexamethasone) and some an ICANS course (a falling ICE, depressed consciousness,
// a seizure).
//
// The output depends only on the options: the random numbers come from std::mt19937_64 (whose
// sequence the standard fixes) through hand-written integer distributions, and every value is
// written from integers, so every standard library writes the same bytes. Each patient-day draws
// from its own generator, seeded from (seed, patient, day): grouped (patient by patient) and
// --ungrouped (every patient's rows sorted by time) files hold the same rows.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int kQuartersPerHour = 4;
constexpr int kQuartersPerDay = 24 * kQuartersPerHour;

constexpr int hours(int h) {
  return h * kQuartersPerHour;
}

// SplitMix64's finaliser: spreads (seed, patient, stream) over the generator's seed space.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Integer distributions over std::mt19937_64, the same on every standard library.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t patient, std::uint64_t stream)
      : engine_(mix(mix(mix(seed) ^ patient) ^ stream)) {}

  // Uniform in [0, n), without modulo bias (rejection of the short last interval).
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (true) {
      const std::uint64_t r = engine_();
      if (r >= threshold) return r % n;
    }
  }

  // Uniform in [lo, hi].
  int range(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

  // True with probability percent / 100.
  bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }

 private:
  std::mt19937_64 engine_;
};

// One row of the table. Strings are literals; values are integers (or tenths).
struct Row {
  enum class Value : std::uint8_t { none, integer, tenths };
  int q = 0;  // time in quarter hours since the infusion
  bool timed = true;
  std::uint32_t patient = 0;
  std::string_view kind, item, unit, note;
  Value value_kind = Value::none;
  int value = 0;
};

// A patient's course, drawn once from the patient's own generator. Times in quarter hours.
struct Course {
  int age = 0, weight = 0;
  std::string_view product;
  int temp = 0, sbp = 0, dbp = 0, hr = 0, rr = 0, spo2 = 0;  // baselines (temp in tenths C)

  bool crs = false;
  int crs_grade = 0, crs_onset = 0, crs_end = 0, fever_end = 0;
  bool hypotension = false;  // hypotension with fluid boluses
  int hypotension_start = 0, hypotension_end = 0;
  std::string_view device;  // nasal_cannula or simple_facemask, empty for none
  int oxygen_start = 0, oxygen_end = 0, flow = 0, fio2 = 0;
  int pressors = 0;  // 0, 1 (norepinephrine) or 2 (and epinephrine)
  int pressor_start = 0, pressor_end = 0, norepinephrine = 0;
  int tocilizumab = -1, acetaminophen = -1;

  bool icans = false;
  int icans_grade = 0, icans_onset = 0, icans_end = 0, ice_nadir = 10;
  std::string_view consciousness;  // voice or tactile, empty for alert throughout
  std::string_view seizure;        // brief_resolved or prolonged, empty for none
  int seizure_at = 0;

  int dexamethasone_start = -1, dexamethasone_doses = 0;
};

constexpr std::array<std::string_view, 6> kProducts{"axi-cel",   "tisa-cel", "liso-cel",
                                                    "brexu-cel", "ide-cel",  "cilta-cel"};

Course make_course(std::uint64_t seed, std::uint32_t patient) {
  Rng r(seed, patient, 0);
  Course c;
  c.age = r.range(19, 84);
  c.weight = r.range(48, 125);
  c.product = kProducts[r.below(kProducts.size())];
  c.temp = r.range(362, 371);
  c.sbp = r.range(105, 140);
  c.dbp = r.range(62, 88);
  c.hr = r.range(62, 92);
  c.rr = r.range(12, 18);
  c.spo2 = r.range(95, 99);

  c.crs = r.chance(60);
  if (c.crs) {
    const auto roll = r.below(100);
    c.crs_grade = roll < 50 ? 1 : roll < 80 ? 2 : roll < 96 ? 3 : 4;
    c.crs_onset = hours(r.range(24, 6 * 24)) + r.range(0, 3);
    c.crs_end = c.crs_onset + hours(r.range(36, 144));
    if (r.chance(50)) c.acetaminophen = c.crs_onset + hours(1);
    if (c.crs_grade >= 2 || r.chance(30)) c.tocilizumab = c.crs_onset + hours(r.range(6, 24)) + 2;
    c.fever_end = c.tocilizumab >= 0 ? c.tocilizumab + hours(r.range(2, 8)) : c.crs_end;
    // The escalation: from some hours after onset, for a day or two, within the course.
    const int start = c.crs_onset + hours(r.range(4, 24));
    const int end = std::min(start + hours(r.range(12, 48)), c.crs_end - hours(4));
    if (c.crs_grade == 2) {
      const auto which = r.below(3);  // fluids, nasal cannula, or both
      c.hypotension = which != 1;
      if (which != 0) c.device = "nasal_cannula";
    } else if (c.crs_grade == 3) {
      const auto which = r.below(3);  // norepinephrine, facemask, or both
      c.hypotension = true;
      if (which != 1) c.pressors = 1;
      if (which != 0) c.device = "simple_facemask";
    } else if (c.crs_grade == 4) {
      c.hypotension = true;
      c.pressors = 2;
      c.device = "simple_facemask";
    }
    c.hypotension_start = start;
    c.hypotension_end = end;
    c.oxygen_start = start + hours(1);
    c.oxygen_end = end;
    c.flow = c.device == "nasal_cannula" ? r.range(1, 4) : r.range(6, 10);
    c.fio2 = r.range(35, 50);
    c.pressor_start = start + hours(2);
    c.pressor_end = std::max(c.pressor_start + hours(6), end - hours(2));
    c.norepinephrine = c.pressors == 2 ? r.range(15, 30) : r.range(4, 15);
    if (c.crs_grade >= 3) {
      c.dexamethasone_start = start + hours(3);
      c.dexamethasone_doses = r.range(4, 8);
    }
  }

  c.icans = r.chance(c.crs ? 35 : 5);
  if (c.icans) {
    const auto roll = r.below(100);
    c.icans_grade = roll < 45 ? 1 : roll < 75 ? 2 : roll < 96 ? 3 : 4;
    c.icans_onset = c.crs ? c.crs_onset + hours(r.range(24, 96)) : hours(r.range(72, 240));
    c.icans_end = c.icans_onset + hours(r.range(24, 120));
    c.ice_nadir = c.icans_grade == 1   ? r.range(7, 9)
                  : c.icans_grade == 2 ? r.range(3, 6)
                  : c.icans_grade == 3 ? r.range(0, 2)
                                       : 0;
    if (c.icans_grade == 2 && r.chance(50)) c.consciousness = "voice";
    if (c.icans_grade >= 3) c.consciousness = "tactile";
    if (c.icans_grade == 3 && r.chance(50)) c.seizure = "brief_resolved";
    if (c.icans_grade == 4) c.seizure = "prolonged";
    c.seizure_at = c.icans_onset + hours(r.range(6, 18)) + 1;
    if (c.icans_grade >= 2 && c.dexamethasone_start < 0) {
      c.dexamethasone_start = c.icans_onset + hours(2);
      c.dexamethasone_doses = r.range(4, 8);
    }
  }
  return c;
}

// The ICE score at time q: 10 outside ICANS, falling to the nadir over the first third of the
// course, there for the middle third, recovering over the last.
int ice_score(const Course& c, int q) {
  if (!c.icans || q < c.icans_onset || q >= c.icans_end) return 10;
  const int third = std::max(1, (c.icans_end - c.icans_onset) / 3);
  const int depth = 10 - c.ice_nadir;
  int deficit = depth;
  if (q < c.icans_onset + third) deficit = depth * (q - c.icans_onset + 1) / third;
  if (q >= c.icans_end - third) deficit = depth * (c.icans_end - q) / third;
  return 10 - std::clamp(deficit, 1, depth);
}

// The rows of one patient's day: [day * 24 h, (day + 1) * 24 h), in time order. Day 0 also
// holds the patient rows and the lymphodepletion (before the infusion).
void patient_day(std::uint64_t seed, std::uint32_t patient, const Course& c, int day,
                 std::vector<Row>& out) {
  const std::size_t first = out.size();
  Rng r(seed, patient, static_cast<std::uint64_t>(day) + 1);
  const auto add = [&](int q, std::string_view kind, std::string_view item, Row::Value vk = {},
                       int value = 0, std::string_view unit = {}, std::string_view note = {}) {
    out.push_back({q, true, patient, kind, item, unit, note, vk, value});
  };
  const int begin = day * kQuartersPerDay, end = begin + kQuartersPerDay;
  const auto in_day = [&](int q) { return q >= begin && q < end; };
  const auto during = [](int q, int from, int to) { return q >= from && q < to; };
  using V = Row::Value;

  if (day == 0) {
    add(0, "patient", "age_years", V::integer, c.age);
    add(0, "patient", "weight_kg", V::integer, c.weight, "kg");
    out[first].timed = out[first + 1].timed = false;
    add(hours(-120), "lymphodepletion", "fludarabine/cyclophosphamide");
    add(0, "infusion", c.product);
  }

  // Vitals every 4 h, at 2, 6, ..., 22 h of the day.
  for (int h = 2; h < 24; h += 4) {
    const int q = begin + hours(h);
    const bool fever = c.crs && during(q, c.crs_onset, c.fever_end);
    const bool low_bp = c.hypotension && during(q, c.hypotension_start, c.hypotension_end);
    const bool hypoxic = !c.device.empty() && during(q, c.oxygen_start, c.oxygen_end);
    const int temp = fever ? r.range(380, 401) : std::min(c.temp + r.range(-3, 3), 375);
    const int sbp = low_bp ? r.range(78, 89) : c.sbp + r.range(-8, 8);
    const int dbp = low_bp ? r.range(42, 55) : c.dbp + r.range(-5, 5);
    const int hr = c.hr + r.range(-6, 6) + (fever ? 25 : 0);
    const int rr = c.rr + r.range(-2, 2) + (hypoxic ? 6 : 0);
    const int spo2 = hypoxic ? r.range(90, 94) : std::min(c.spo2 + r.range(-1, 1), 100);
    add(q, "vital", "temperature", V::tenths, temp, "C");
    add(q, "vital", "sbp", V::integer, sbp, "mmHg");
    add(q, "vital", "dbp", V::integer, dbp, "mmHg");
    add(q, "vital", "heart_rate", V::integer, hr, "/min");
    add(q, "vital", "resp_rate", V::integer, rr, "/min");
    add(q, "vital", "spo2", V::integer, spo2, "%");
  }

  // ICE at 9 h and 21 h: the deficit taken from random items.
  static constexpr std::array<std::string_view, 5> kIceItems{"orientation", "naming", "commands",
                                                             "writing", "attention"};
  for (int h : {9, 21}) {
    const int q = begin + hours(h);
    std::array<int, 5> points{4, 3, 1, 1, 1};
    for (int deficit = 10 - ice_score(c, q); deficit > 0;) {
      auto& p = points[r.below(points.size())];
      if (p > 0) {
        --p;
        --deficit;
      }
    }
    for (std::size_t i = 0; i < kIceItems.size(); ++i)
      add(q, "ice", kIceItems[i], V::integer, points[i]);
  }

  // The CRS course.
  if (c.crs) {
    if (in_day(c.acetaminophen))
      add(c.acetaminophen, "medication", "acetaminophen", V::integer, 650, "mg");
    if (in_day(c.tocilizumab))
      add(c.tocilizumab, "medication", "tocilizumab", V::integer, 8, "mg/kg");
    if (c.hypotension) {
      if (in_day(c.hypotension_start)) {
        add(c.hypotension_start, "hypotension", "present");
        add(c.hypotension_start + 1, "fluid_bolus", "", V::integer, 1000, "mL");
      }
      if (in_day(c.hypotension_end)) add(c.hypotension_end, "hypotension", "absent");
    }
    if (!c.device.empty()) {
      if (in_day(c.oxygen_start)) {
        add(c.oxygen_start, "oxygen", c.device, V::integer, c.flow, "L/min");
        if (c.device == "simple_facemask") add(c.oxygen_start, "fio2", "", V::integer, c.fio2, "%");
      }
      if (in_day(c.oxygen_end)) {
        add(c.oxygen_end, "oxygen", "room_air");
        add(c.oxygen_end, "fio2", "", V::integer, 21, "%");
      }
    }
    if (c.pressors > 0) {
      if (in_day(c.pressor_start)) {
        add(c.pressor_start, "vasopressor", "norepinephrine", V::integer, c.norepinephrine,
            "ug/min");
      }
      if (in_day(c.pressor_end))
        add(c.pressor_end, "vasopressor", "norepinephrine", V::integer, 0, "ug/min");
      if (c.pressors > 1) {
        if (in_day(c.pressor_start + hours(2))) {
          add(c.pressor_start + hours(2), "vasopressor", "epinephrine", V::integer, 5, "ug/min");
        }
        if (in_day(c.pressor_end - hours(2))) {
          add(c.pressor_end - hours(2), "vasopressor", "epinephrine", V::integer, 0, "ug/min");
        }
      }
    }
  }

  // Dexamethasone 10 mg every 6 h (CRS grade >= 3 or ICANS grade >= 2).
  for (int k = 0; k < c.dexamethasone_doses; ++k) {
    const int q = c.dexamethasone_start + k * hours(6);
    if (in_day(q)) add(q, "medication", "dexamethasone", V::integer, 10, "mg");
  }

  // The ICANS course: consciousness down and back, a seizure and levetiracetam.
  if (c.icans) {
    if (!c.consciousness.empty()) {
      const int from = c.icans_onset + (c.icans_end - c.icans_onset) / 3;
      const int to = c.icans_end - (c.icans_end - c.icans_onset) / 3;
      if (in_day(from)) add(from, "consciousness", c.consciousness);
      if (in_day(to)) add(to, "consciousness", "alert");
    }
    if (!c.seizure.empty() && in_day(c.seizure_at)) {
      add(c.seizure_at, "seizure", c.seizure);
      add(c.seizure_at + 1, "medication", "levetiracetam", V::integer, 1000, "mg");
    }
  }

  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                   [](const Row& a, const Row& b) {
                     if (a.timed != b.timed) return !a.timed;
                     return a.timed && a.q < b.q;
                   });
}

// Writes rows through one large buffer.
class Writer {
 public:
  explicit Writer(std::FILE* file) : file_(file) {}

  void row(const Row& row) {
    auto out = std::back_inserter(buffer_);
    fmt::format_to(out, "P{:06},", row.patient);
    if (row.timed) {
      const int a = row.q < 0 ? -row.q : row.q;
      static constexpr std::array<std::string_view, 4> kQuarter{"", ".25", ".5", ".75"};
      fmt::format_to(out, "{}{}{}", row.q < 0 ? "-" : "", a / kQuartersPerHour,
                     kQuarter[static_cast<std::size_t>(a % kQuartersPerHour)]);
    }
    fmt::format_to(out, ",{},{},", row.kind, row.item);
    if (row.value_kind == Row::Value::integer) fmt::format_to(out, "{}", row.value);
    if (row.value_kind == Row::Value::tenths) {
      fmt::format_to(out, "{}.{}", row.value / 10, row.value % 10);
    }
    fmt::format_to(out, ",{},{}\n", row.unit, row.note);
    ++rows_;
    if (buffer_.size() >= kFlushAt) flush();
  }

  void text(std::string_view s) { buffer_.append(s.data(), s.data() + s.size()); }

  bool flush() {
    if (buffer_.size() > 0 &&
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      ok_ = false;
    }
    buffer_.clear();
    return ok_;
  }

  [[nodiscard]] std::uint64_t rows() const { return rows_; }

 private:
  static constexpr std::size_t kFlushAt = std::size_t{1} << 22;
  std::FILE* file_;
  fmt::memory_buffer buffer_;
  std::uint64_t rows_ = 0;
  bool ok_ = true;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Writes a deterministic synthetic cohort as an event table (formats.md section 1): vitals "
      "every 4 h, ICE twice daily, CRS and ICANS courses for some patients."};
  std::uint32_t patients = 10000;
  int days = 30;
  std::uint64_t seed = 1;
  bool ungrouped = false;
  std::string output;
  app.add_option("--patients", patients, "Number of patients")
      ->check(CLI::Range(1U, 99999999U))
      ->capture_default_str();
  app.add_option("--days", days, "Days of follow-up from the infusion")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  app.add_option("--seed", seed, "Seed: the same options give the same bytes")
      ->capture_default_str();
  app.add_flag("--ungrouped", ungrouped,
               "Sort every patient's rows by time (interleaved) instead of patient by patient");
  app.add_option("-o,--output", output, "Output file ('-' for standard output)")->required();
  CLI11_PARSE(app, argc, argv);

  std::FILE* file = output == "-" ? stdout : std::fopen(output.c_str(), "wb");
  if (!file) {
    fmt::print(stderr, "cytostorm_generate_cohort: cannot open {}: {}\n", output,
               std::strerror(errno));
    return 1;
  }
  Writer writer(file);
  writer.text("patient_id,time,kind,item,value,unit,note\n");
  std::vector<Row> rows;
  if (!ungrouped) {
    for (std::uint32_t p = 1; p <= patients; ++p) {
      const Course c = make_course(seed, p);
      for (int d = 0; d < days; ++d) {
        rows.clear();
        patient_day(seed, p, c, d, rows);
        for (const auto& row : rows) writer.row(row);
      }
    }
  } else {
    // Day by day, every patient's rows of the day sorted by time (patient order within a time).
    std::vector<Course> courses;
    courses.reserve(patients);
    for (std::uint32_t p = 1; p <= patients; ++p) courses.push_back(make_course(seed, p));
    for (int d = 0; d < days; ++d) {
      rows.clear();
      for (std::uint32_t p = 1; p <= patients; ++p) patient_day(seed, p, courses[p - 1], d, rows);
      std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.timed != b.timed) return !a.timed;
        return a.timed && a.q < b.q;
      });
      for (const auto& row : rows) writer.row(row);
    }
  }
  const bool written = writer.flush();
  const bool closed = file == stdout ? std::fflush(file) == 0 : std::fclose(file) == 0;
  if (!written || !closed) {
    fmt::print(stderr, "cytostorm_generate_cohort: cannot write {}: {}\n", output,
               std::strerror(errno));
    return 1;
  }
  fmt::print(stderr, "cytostorm_generate_cohort: {} rows ({} patients x {} days{}) written to {}\n",
             writer.rows(), patients, days, ungrouped ? ", ungrouped" : "", output);
  return 0;
}
