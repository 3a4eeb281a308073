#include "cytostorm/population/patient_outcome.hpp"

#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace cytostorm::population {

namespace {

class Writer {
 public:
  template <typename T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const char*>(&v);
    out_.append(p, sizeof(T));
  }
  void put(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    out_ += s;
  }
  void put(const std::vector<double>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    for (double x : v) put(x);
  }
  void put(const std::optional<double>& v) {
    put(static_cast<std::uint8_t>(v.has_value()));
    put(v.value_or(0.0));
  }
  void put(const SyndromeOutcome& s) {
    put(s.max_grade);
    put(s.onset_days);
    put(s.severe_days);
    put(s.duration_days);
  }
  std::string take() && { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  template <typename T>
  void get(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T));
    std::memcpy(&v, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
  }
  void get(std::string& s) {
    const auto n = size();
    need(n);
    s.assign(in_, at_, n);
    at_ += n;
  }
  void get(std::vector<double>& v) {
    const auto n = size();
    need(n * sizeof(double));
    v.resize(n);
    for (auto& x : v) get(x);
  }
  void get(std::optional<double>& v) {
    std::uint8_t has = 0;
    double x = 0.0;
    get(has);
    get(x);
    if (has > 1) throw std::invalid_argument("unpack_outcomes: malformed bytes");
    v = has ? std::optional<double>(x) : std::nullopt;
  }
  void get(SyndromeOutcome& s) {
    get(s.max_grade);
    get(s.onset_days);
    get(s.severe_days);
    get(s.duration_days);
  }
  std::size_t size() {
    std::uint64_t n = 0;
    get(n);
    if (n > in_.size()) throw std::invalid_argument("unpack_outcomes: malformed bytes");
    return static_cast<std::size_t>(n);
  }
  [[nodiscard]] bool done() const { return at_ == in_.size(); }

 private:
  void need(std::size_t n) const {
    if (n > in_.size() - at_) throw std::invalid_argument("unpack_outcomes: truncated bytes");
  }
  const std::string& in_;
  std::size_t at_ = 0;
};

// Visits every field of an outcome in one order, for packing and unpacking alike.
template <typename Io, typename Outcome>
void fields(Io& io, Outcome& o) {
  io.put_or_get(o.index);
  io.put_or_get(o.seed);
  io.put_or_get(o.values);
  io.put_or_get(o.covariates.tumor_burden);
  io.put_or_get(o.covariates.baseline_lymphocytes_per_ul);
  io.put_or_get(o.covariates.lymphodepletion);
  io.put_or_get(o.covariates.lymphodepletion_intensity);
  io.put_or_get(o.covariates.baseline_ang2_pg_ml);
  io.put_or_get(o.covariates.weight_kg);
  io.put_or_get(o.covariates.age_years);
  io.put_or_get(o.dose_cells);
  io.put_or_get(o.crs);
  io.put_or_get(o.icans);
  io.put_or_get(o.tocilizumab_doses);
  io.put_or_get(o.steroid_doses);
  io.put_or_get(o.steroid_dexamethasone_mg);
  io.put_or_get(o.car_t_peak);
  io.put_or_get(o.car_t_tmax_days);
  io.put_or_get(o.car_t);
  io.put_or_get(o.failure);
}

struct Packing {
  Writer& w;
  template <typename T>
  void put_or_get(const T& v) {
    w.put(v);
  }
};

struct Unpacking {
  Reader& r;
  template <typename T>
  void put_or_get(T& v) {
    r.get(v);
  }
};

}  // namespace

SyndromeOutcome syndrome_outcome(const grading::SyndromeCourse& course) {
  SyndromeOutcome out;
  out.max_grade = course.max_grade.value_or(course.max_at_least);
  if (course.onset_hours) out.onset_days = *course.onset_hours / 24.0;
  if (course.duration_hours) out.duration_days = *course.duration_hours / 24.0;
  for (const auto& entry : course.timeline) {
    if (entry.grade.value_or(entry.at_least) >= 3) {
      out.severe_days = entry.hours / 24.0;
      break;
    }
  }
  return out;
}

std::string pack_outcomes(const std::vector<PatientOutcome>& outcomes) {
  Writer w;
  w.put(static_cast<std::uint64_t>(outcomes.size()));
  Packing p{w};
  for (const auto& o : outcomes) fields(p, o);
  return std::move(w).take();
}

std::vector<PatientOutcome> unpack_outcomes(const std::string& bytes) {
  Reader r(bytes);
  std::vector<PatientOutcome> out(r.size());
  Unpacking u{r};
  for (auto& o : out) fields(u, o);
  if (!r.done()) throw std::invalid_argument("unpack_outcomes: bytes left over");
  return out;
}

}  // namespace cytostorm::population
