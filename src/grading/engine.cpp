#include "cytostorm/grading/engine.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <set>
#include <string_view>

#include "cytostorm/clinical/astct_icans.hpp"
#include "cytostorm/clinical/hemodynamics.hpp"

namespace cytostorm::grading {

using record::Event;
using record::EventKind;

namespace {

using std::string_view_literals::operator""sv;

constexpr double kEps = 1e-9;

// Whether `text` is the vocabulary's `word`: the size, then the bytes (a comparison the compiler
// writes out for a word known when it compiles; every row asks it).
bool is(std::string_view text, std::string_view word) {
  return text.size() == word.size() && std::memcmp(text.data(), word.data(), word.size()) == 0;
}

bool masks_fever(std::string_view drug, clinical::FeverMasking masking) {
  static const std::set<std::string_view> anticytokine{"tocilizumab",        "siltuximab",
                                                       "anakinra",           "dexamethasone",
                                                       "methylprednisolone", "hydrocortisone"};
  static const std::set<std::string_view> antipyretic{"acetaminophen", "ibuprofen"};
  if (anticytokine.count(drug) > 0) return true;
  return masking == clinical::FeverMasking::antipyretic_or_anticytokine &&
         antipyretic.count(drug) > 0;
}

bool is_neuro_term(std::string_view term) {
  return term == "encephalopathy"sv || term == "confusion"sv || term == "dysphasia"sv ||
         term == "seizure"sv || term == "somnolence"sv;
}

bool is_transaminase_term(std::string_view term) {
  return term == "alt_increased"sv || term == "ast_increased"sv || term == "transaminitis"sv;
}

// A sign the clinician attributed to another cause: from `since` until the sign is observed
// again.
struct AttributionState {
  bool active = false;
  double since = 0.0;
};

// The patient's state at the current time, built from the events seen so far.
class PatientState {
 public:
  PatientState(const record::PatientRecord& r, const EngineOptions& o) : record_(r), options_(o) {}

  // Applies one event. Most rows cannot change the snapshot (a normal temperature, a vital sign
  // no rule reads, an SBP that leaves the hypotension finding as it was): those leave changed()
  // false, so that evaluate() need not build the snapshot again.
  void apply(const Event& e) {
    if (e.kind == EventKind::vital) {
      // Below 38 C a temperature cannot change any grade: it is not kept.
      if (is(e.item, "temperature") && *e.value >= 38.0 - kEps) {
        temperatures_.push_back({e.hours, *e.value, false});
        changed_ = true;
      } else if (is(e.item, "sbp")) {
        const Hypotension before = hypotension();
        sbp_ = {e.hours, *e.value};
        changed_ = changed_ || attributed_hypotension_.active || !(hypotension() == before);
        attributed_hypotension_.active = false;
      }
      return;
    }
    if (e.kind == EventKind::ice || e.kind == EventKind::capd) {
      // An assessment repeated with the same answers leaves the snapshot as it was: changed()
      // compares the scores with the last snapshot's instead.
      if (e.kind == EventKind::ice) read_ice(e);
      if (e.kind == EventKind::capd) read_capd(e);
      assessed_ = true;
      return;
    }
    changed_ = true;
    switch (e.kind) {
      case EventKind::hypotension:
        hypotension_ = {e.hours, e.item == "present"sv};
        attributed_hypotension_.active = false;
        break;
      case EventKind::oxygen: {
        record::OxygenSupport o;
        o.device = *record::parse<record::OxygenDevice>(e.item);
        o.flow_l_min = e.value;
        if (e.note == "comfort"sv) o.purpose = record::OxygenPurpose::comfort;
        if (e.note == "airway_protection"sv) o.purpose = record::OxygenPurpose::airway_protection;
        oxygen_ = o;
        oxygen_time_ = e.hours;
        attributed_hypoxia_.active = false;
        break;
      }
      case EventKind::fio2:
        fio2_ = e.value;
        fio2_time_ = e.hours;
        break;
      case EventKind::vasopressor: {
        const auto drug = *record::parse<record::VasoactiveDrug>(e.item);
        if (*e.value <= 0.0) {
          pressors_.erase(drug);
        } else {
          auto it = pressors_.find(drug);
          const double started = it == pressors_.end() ? e.hours : it->second.started;
          pressors_[drug] = {*e.value, *record::parse<record::DoseRateUnit>(e.unit), started};
        }
        attributed_hypotension_.active = false;
        break;
      }
      case EventKind::fluid_bolus:
        boluses_.push_back(e.hours);
        break;
      case EventKind::medication:
        if (masks_fever(e.item, options_.rules.fever_masking)) masking_doses_.push_back(e.hours);
        break;
      case EventKind::consciousness:
        consciousness_ = *record::parse<record::Consciousness>(e.item);
        sedated_ = e.note == "sedated"sv;
        consciousness_time_ = e.hours;
        attributed_encephalopathy_.active = false;
        break;
      case EventKind::seizure:
        seizures_.push_back({e.hours, *record::parse<record::Seizure>(e.item)});
        break;
      case EventKind::motor:
        motor_ = e.item == "deep_focal_weakness"sv ? record::MotorFinding::deep_focal_weakness
                                                   : record::MotorFinding::none;
        motor_time_ = e.hours;
        break;
      case EventKind::neuroimaging:
        hemorrhage_ = e.item == "hemorrhage"sv;
        if (e.item != "hemorrhage"sv) {
          edema_ = e.item == "focal_edema"sv     ? record::Edema::focal
                   : e.item == "diffuse_edema"sv ? record::Edema::diffuse
                                                 : record::Edema::none;
        }
        imaging_time_ = e.hours;
        break;
      case EventKind::sign:
        signs_[std::string(e.item)] = {e.hours, *e.value == 1.0};
        break;
      case EventKind::organ_toxicity:
        organ_[std::string(e.item)] = {e.hours, static_cast<int>(*e.value)};
        break;
      case EventKind::attribution:
        attribute(e);
        break;
      case EventKind::death:
        death_ = *record::parse<record::DeathCause>(e.item);
        death_time_ = e.hours;
        break;
      case EventKind::vital:
      case EventKind::ice:
      case EventKind::capd:
      case EventKind::patient:
      case EventKind::infusion:
      case EventKind::lymphodepletion:
      case EventKind::lab:
        break;
    }
  }

  // The snapshot at time `now`; `masked` is whether fever is masked.
  record::Snapshot snapshot(double now, bool masked) {
    changed_ = assessed_ = false;
    record::Snapshot s;
    for (auto& [finding, times] : observed_) times.clear();  // keeps the nodes for the next time
    s.age_years = record_.age_years;
    s.weight_kg = record_.weight_kg;
    s.developmental_delay = record_.developmental_delay;
    // Fever: the highest temperature >= 38 C within the window; below 38 C the value cannot
    // change any grade and is left out, so that equal states compare equal.
    while (!temperatures_.empty() &&
           temperatures_.front().hours <= now - options_.fever_window_hours + kEps) {
      temperatures_.pop_front();
    }
    const Reading* hottest = nullptr;
    const Reading* hottest_attributed = nullptr;
    for (const auto& t : temperatures_) {
      if (t.value < 38.0 - kEps) continue;
      const Reading*& slot = t.attributed ? hottest_attributed : hottest;
      if (!slot || t.value > slot->value) slot = &t;
    }
    if (hottest) {
      s.temperature_c = hottest->value;
      observed_at("fever") = {hottest->hours};
    } else if (hottest_attributed) {
      s.temperature_c = hottest_attributed->value;
      s.attributed.fever = true;
    }
    s.fever_masked = masked;
    const Hypotension h = hypotension();
    s.hypotension = h.assessed;
    s.sbp_mmhg = h.low_sbp_mmhg;
    if (h.observed_hours) observed_at("hypotension") = {*h.observed_hours};
    s.attributed.hypotension = attributed_hypotension_.active;
    int boluses = 0;
    for (double b : boluses_) {
      if (b > now - 24.0 + kEps) ++boluses;
    }
    s.fluid_boluses = boluses;
    for (const auto& [drug, p] : pressors_) {
      s.vasoactives.push_back({drug, p.dose, p.unit, now - p.started});
      observed_at("vasopressors").push_back(p.started);
    }
    if (oxygen_ && oxygen_->device != record::OxygenDevice::room_air) {
      s.oxygen = *oxygen_;
      s.oxygen->fio2_pct = fio2_;
      observed_at("oxygen") = {oxygen_time_};
      if (fio2_) observed_at("oxygen").push_back(fio2_time_);
    }
    s.attributed.hypoxia = attributed_hypoxia_.active;
    if (ice_) {
      s.ice = ice_;
      observed_at("ice") = {ice_time_};
    }
    if (capd_) {
      s.capd = capd_;
      observed_at("capd") = {capd_time_};
    }
    s.consciousness = consciousness_;
    s.sedated = sedated_;
    if (consciousness_) observed_at("consciousness") = {consciousness_time_};
    s.attributed.encephalopathy = attributed_encephalopathy_.active;
    for (const auto& [hours, seizure] : seizures_) {
      if (hours > now - options_.seizure_window_hours + kEps && seizure > s.seizure) {
        s.seizure = seizure;
        observed_at("seizure") = {hours};
      }
    }
    s.motor = motor_;
    if (motor_ != record::MotorFinding::none) observed_at("motor") = {motor_time_};
    s.edema = edema_;
    s.hemorrhage = hemorrhage_;
    if (edema_ != record::Edema::none) observed_at("edema") = {imaging_time_};
    const std::pair<const char*, bool record::Snapshot::*> signs[] = {
        {"global_aphasia", &record::Snapshot::global_aphasia},
        {"posturing", &record::Snapshot::posturing},
        {"papilledema", &record::Snapshot::papilledema},
        {"cn6_palsy", &record::Snapshot::cn6_palsy},
        {"cushing_triad", &record::Snapshot::cushing_triad},
        {"tremor", &record::Snapshot::tremor},
        {"myoclonus", &record::Snapshot::myoclonus}};
    for (const auto& [sign, member] : signs) {
      auto it = signs_.find(sign);
      if (it == signs_.end() || !it->second.present) continue;
      s.*member = true;
      observed_at("edema").push_back(it->second.hours);
    }
    for (const auto& [term, tox] : organ_) {
      auto& o = observed_at("organ_toxicity");
      if (is_neuro_term(term)) {
        set_neuro(s.ctcae_neuro, term, tox.grade);
        observed_at(term) = {tox.hours};
        continue;
      }
      std::optional<int>& slot = is_transaminase_term(term)         ? s.transaminitis_grade
                                 : term == "creatinine_increased"sv ? s.creatinine_grade
                                                                    : s.organ_toxicity_max_grade;
      slot = std::max(slot.value_or(0), tox.grade);
      if (term == "creatinine_increased"sv) {
        s.organ_toxicity_max_grade = std::max(s.organ_toxicity_max_grade.value_or(0), tox.grade);
      }
      o.push_back(tox.hours);
    }
    if (death_) {
      s.death = death_;
      observed_at("death") = {death_time_};
    }
    return s;
  }

  // Whether an event applied since the `last` snapshot may have changed it.
  [[nodiscard]] bool changed(const record::Snapshot& last) const {
    return changed_ || (assessed_ && !(last.ice == ice_ && last.capd == capd_));
  }

  // The observation times of `finding` in the snapshot being built (its entry made on first use
  // and kept, cleared, for the next snapshot).
  std::vector<double>& observed_at(std::string_view finding) {
    auto it = observed_.find(finding);
    if (it == observed_.end()) it = observed_.emplace(finding, std::vector<double>{}).first;
    return it->second;
  }

  // The observation times behind each finding of the last snapshot.
  [[nodiscard]] std::vector<ObservedDriver> observed(const clinical::GradeResult& r) const {
    std::vector<ObservedDriver> out;
    for (const auto& d : r.drivers) {
      ObservedDriver o{d.finding, d.grade, d.text, {}};
      if (auto it = observed_.find(d.finding); it != observed_.end()) {
        o.observed_at_hours = it->second;
      }
      out.push_back(std::move(o));
    }
    return out;
  }

  // Whether a fever-masking drug was given in [from, now].
  [[nodiscard]] bool masking_drug_between(double from, double now) const {
    return std::any_of(masking_doses_.begin(), masking_doses_.end(),
                       [&](double hours) { return hours >= from - kEps && hours <= now + kEps; });
  }

  // Later times at which the state changes without an event: a fever or seizure leaving its
  // window, a vasopressor reaching 3 h or 24 h.
  void add_expiries(const Event& e, std::vector<double>& times) const {
    if (e.kind == EventKind::vital && is(e.item, "temperature") && *e.value >= 38.0 - kEps) {
      times.push_back(e.hours + options_.fever_window_hours);
    }
    if (e.kind == EventKind::seizure) times.push_back(e.hours + options_.seizure_window_hours);
    if (e.kind == EventKind::vasopressor && *e.value > 0.0) {
      times.push_back(e.hours + options_.rules.high_dose.min_hours);
      times.push_back(e.hours + 24.0);
    }
    if (e.kind == EventKind::fluid_bolus) times.push_back(e.hours + 24.0);
  }

 private:
  struct Reading {
    double hours;
    double value;
    bool attributed;
  };
  struct Assessment {
    double hours;
    bool present;
  };
  struct Sign {
    double hours;
    bool present;
  };
  struct Toxicity {
    double hours;
    int grade;
  };
  struct Pressor {
    double dose;
    record::DoseRateUnit unit;
    double started;
  };

  // The snapshot's hypotension: the later of the clinician's assessment and the last SBP (an SBP
  // only when below the screen's limit), and when it was observed.
  struct Hypotension {
    std::optional<bool> assessed;
    std::optional<double> low_sbp_mmhg;
    std::optional<double> observed_hours;

    bool operator==(const Hypotension&) const = default;
  };
  [[nodiscard]] Hypotension hypotension() const {
    if (hypotension_ && (!sbp_ || hypotension_->hours >= sbp_->hours)) {
      return {hypotension_->present, std::nullopt, hypotension_->hours};
    }
    if (sbp_ && sbp_->value < clinical::hypotension_sbp_limit(record_.age_years,
                                                              options_.rules.hypotension_screen)) {
      return {std::nullopt, sbp_->value, sbp_->hours};
    }
    return {};
  }

  static void set_neuro(record::CtcaeNeuroGrades& n, std::string_view term, int grade) {
    std::optional<int>* slot = term == "encephalopathy"sv ? &n.encephalopathy
                               : term == "confusion"sv    ? &n.confusion
                               : term == "dysphasia"sv    ? &n.dysphasia
                               : term == "seizure"sv      ? &n.seizure
                                                          : &n.somnolence;
    *slot = std::max(slot->value_or(0), grade);
  }

  void read_ice(const Event& e) {
    if (!ice_ || ice_time_ != e.hours) {
      ice_ = record::IceInput{};
      ice_time_ = e.hours;
    }
    if (e.item == "total"sv) {
      ice_->total = static_cast<int>(*e.value);
      return;
    }
    if (!ice_->items) ice_->items.emplace();
    const auto item = *record::parse<record::IceItem>(e.item);
    auto& slot = (*ice_->items)[static_cast<std::size_t>(item)];
    if (e.text == "NA") {
      slot.not_assessable_reason = e.note;
    } else {
      slot.points = static_cast<int>(*e.value);
    }
  }

  void read_capd(const Event& e) {
    if (!capd_ || capd_time_ != e.hours) {
      capd_ = record::CapdInput{};
      capd_time_ = e.hours;
    }
    if (e.item == "total"sv) {
      capd_->total = static_cast<int>(*e.value);
      return;
    }
    if (!capd_->answers) capd_->answers.emplace();
    const auto item = *record::parse<record::CapdItem>(e.item);
    (*capd_->answers)[static_cast<std::size_t>(item)] =
        static_cast<record::CapdFrequency>(static_cast<int>(*e.value));
  }

  void attribute(const Event& e) {
    if (e.item == "fever"sv) {
      for (auto& t : temperatures_) {
        if (t.hours <= e.hours + kEps) t.attributed = true;
      }
    } else if (e.item == "hypotension"sv) {
      attributed_hypotension_ = {true, e.hours};
    } else if (e.item == "hypoxia"sv) {
      attributed_hypoxia_ = {true, e.hours};
    } else if (e.item == "encephalopathy"sv) {
      attributed_encephalopathy_ = {true, e.hours};
    }
  }

  const record::PatientRecord& record_;
  const EngineOptions& options_;
  std::deque<Reading> temperatures_;
  std::optional<Assessment> hypotension_;
  struct Sbp {
    double hours;
    double value;
  };
  std::optional<Sbp> sbp_;
  std::vector<double> boluses_;
  std::map<record::VasoactiveDrug, Pressor> pressors_;
  std::optional<record::OxygenSupport> oxygen_;
  double oxygen_time_ = 0.0;
  std::optional<double> fio2_;
  double fio2_time_ = 0.0;
  std::vector<double> masking_doses_;  // when drugs that mask fever were given
  std::optional<record::IceInput> ice_;
  double ice_time_ = 0.0;
  std::optional<record::CapdInput> capd_;
  double capd_time_ = 0.0;
  std::optional<record::Consciousness> consciousness_;
  bool sedated_ = false;
  double consciousness_time_ = 0.0;
  std::vector<std::pair<double, record::Seizure>> seizures_;
  record::MotorFinding motor_ = record::MotorFinding::none;
  double motor_time_ = 0.0;
  record::Edema edema_ = record::Edema::none;
  bool hemorrhage_ = false;
  double imaging_time_ = 0.0;
  std::map<std::string, Sign, std::less<>> signs_;
  std::map<std::string, Toxicity, std::less<>> organ_;
  std::optional<record::DeathCause> death_;
  double death_time_ = 0.0;
  AttributionState attributed_hypotension_, attributed_hypoxia_, attributed_encephalopathy_;
  std::map<std::string, std::vector<double>, std::less<>> observed_;
  bool changed_ = true;    // an event applied since the last snapshot may have changed it
  bool assessed_ = false;  // an ICE or CAPD row applied since the last snapshot
};

// Whether a snapshot can change with time alone, without an event: a fever or a seizure leaving
// its window, boluses leaving the last 24 h, a vasopressor's running time.
bool changes_with_time(const record::Snapshot& s) {
  return s.temperature_c || s.fluid_boluses.value_or(0) > 0 || !s.vasoactives.empty() ||
         s.seizure != record::Seizure::none;
}

// The calendar day of `hours` and the hour it began, from the nearest earlier event's day.
std::pair<int, double> day_of(double hours, const Event& reference) {
  const int days_later =
      static_cast<int>(std::floor((hours - reference.day_start_hours) / 24.0 + kEps));
  return {reference.day + days_later, reference.day_start_hours + 24.0 * days_later};
}

}  // namespace

struct Grader::State {
  State(const record::PatientRecord& facts, std::vector<const clinical::CrsScale*> s,
        const EngineOptions& o)
      : options(o),
        scales(std::move(s)),
        patient(facts, options),
        icans("astct", o.resolution_hours) {
    for (std::size_t i = 0; i < scales.size(); ++i) {
      crs.emplace_back(std::string(scales[i]->name), options.resolution_hours);
      if (scales[i]->name == "astct") astct = i;
    }
    crs_results.resize(scales.size());
  }

  EngineOptions options;
  std::vector<const clinical::CrsScale*> scales;
  PatientState patient;
  std::vector<CourseBuilder> crs;
  CourseBuilder icans;
  std::optional<std::size_t> astct;
  std::optional<record::Snapshot> previous;
  std::vector<clinical::GradeResult> crs_results;
  clinical::GradeResult icans_result;
};

Grader::Grader(const record::PatientRecord& facts, std::vector<const clinical::CrsScale*> scales,
               const EngineOptions& options)
    : state_(std::make_unique<State>(facts, std::move(scales), options)) {}

Grader::~Grader() = default;
Grader::Grader(Grader&&) noexcept = default;

void Grader::apply(const record::Event& event) {
  state_->patient.apply(event);
}

void Grader::evaluate(double now, int day, double day_start_hours) {
  State& s = *state_;
  bool masked = false;
  if (s.astct) {
    const auto start = s.crs[*s.astct].episode_start();
    masked =
        start && s.crs[*s.astct].episode_active(now) && s.patient.masking_drug_between(*start, now);
  }
  // Nothing to do when no event since the last snapshot could have changed it and time alone
  // cannot: the snapshot would be the same.
  if (s.previous && !s.patient.changed(*s.previous) && !changes_with_time(*s.previous) &&
      s.previous->fever_masked == masked) {
    return;
  }
  auto snapshot = s.patient.snapshot(now, masked);
  if (s.previous && *s.previous == snapshot) return;
  for (std::size_t i = 0; i < s.scales.size(); ++i) {
    s.crs_results[i] = s.scales[i]->grade(snapshot, s.options.rules);
    s.crs[i].at(now, day, day_start_hours, s.crs_results[i], s.patient.observed(s.crs_results[i]));
  }
  s.icans_result = clinical::grade_astct_icans(snapshot, s.options.rules);
  s.icans.at(now, day, day_start_hours, s.icans_result, s.patient.observed(s.icans_result));
  s.previous = std::move(snapshot);
}

const clinical::GradeResult& Grader::crs(std::size_t i) const {
  return state_->crs_results.at(i);
}
const clinical::GradeResult& Grader::icans() const {
  return state_->icans_result;
}

void Grader::add_expiries(const record::Event& event, std::vector<double>& times) const {
  state_->patient.add_expiries(event, times);
}

PatientGrades Grader::finish(double end_hours, int end_day) && {
  PatientGrades out;
  for (auto& c : state_->crs) out.crs.push_back(std::move(c).finish(end_hours, end_day));
  out.icans = std::move(state_->icans).finish(end_hours, end_day);
  return out;
}

Replayed replay(Grader& grader, const record::PatientRecord& record,
                std::optional<double> until_hours) {
  const auto& events = record.events;
  const double until = until_hours.value_or(std::numeric_limits<double>::infinity());
  // Every event's time and every expiry, sorted, each once: of equal times (0 and -0) the first
  // added is kept.
  std::vector<double> times;
  for (const auto& e : events) {
    if (e.kind == EventKind::patient || e.hours > until + kEps) continue;
    if (times.empty() || times.back() != e.hours) times.push_back(e.hours);
    grader.add_expiries(e, times);
  }
  // Sorted already unless an expiry lies beyond a later event (no fever, bolus or pressor).
  if (!std::is_sorted(times.begin(), times.end())) std::stable_sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  if (until_hours) {
    times.erase(std::upper_bound(times.begin(), times.end(), until + kEps), times.end());
    const auto at = std::lower_bound(times.begin(), times.end(), until);
    if (at == times.end() || *at != until) times.insert(at, until);
  }
  std::size_t next = 0;
  const Event* last_event = nullptr;
  Replayed out;
  for (double now : times) {
    while (next < events.size() && events[next].hours <= now + kEps) {
      grader.apply(events[next]);
      last_event = &events[next];
      ++next;
    }
    if (!last_event) continue;
    const auto [day, day_start] = day_of(now, *last_event);
    grader.evaluate(now, day, day_start);
    out = {now, day, true};
  }
  if (!until_hours && last_event) out = {last_event->hours, last_event->day, out.graded};
  return out;
}

PatientGrades grade_patient(const record::PatientRecord& record,
                            const std::vector<const clinical::CrsScale*>& scales,
                            const EngineOptions& options) {
  Grader grader(record, scales, options);
  const auto end = replay(grader, record);
  PatientGrades out = std::move(grader).finish(end.hours, end.day);
  out.patient_id = record.patient_id;
  return out;
}

}  // namespace cytostorm::grading
