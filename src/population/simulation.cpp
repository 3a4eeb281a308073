#include "cytostorm/population/simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/clinical/guideline.hpp"
#include "cytostorm/io/guideline_toml.hpp"
#include "cytostorm/model/parameters.hpp"
#include "cytostorm/model/product.hpp"

namespace cytostorm::population {

namespace {

constexpr double kEps = 1e-9;

bool every(double hours, double period) {
  const double k = std::round(hours / period);
  return std::fabs(hours - k * period) < 1e-6;
}

int grade_of(const clinical::GradeResult& r) {
  return r.grade.value_or(r.at_least);
}

// The virtual clinician at the bedside of one simulated patient.
class Bedside {
 public:
  Bedside(const model::VirtualPatient& patient, const Policy& policy, solver::CvodeSolver& solver,
          const SimulationOptions& options, SimulatedCourse& out)
      : patient_(patient),
        policy_(policy),
        solver_(solver),
        options_(options),
        out_(out),
        grader_(out.record, {clinical::find_crs_scale("astct")}, options.engine),
        rng_(options.seed),
        rules_(options.guideline) {
    rules_.rows.insert(rules_.rows.end(), policy.added_rows.begin(), policy.added_rows.end());
  }

  void run() {
    auto& rec = out_.record;
    rec.patient_id = options_.patient_id;
    rec.source = "simulation";
    rec.age_years = patient_.covariates().age_years;
    rec.weight_kg = patient_.covariates().weight_kg;
    rec.product = patient_.product().name;
    rec.has_infusion = true;
    y_ = patient_.initial_state();
    solver_.reset_stats();
    solver_.start(patient_, 0.0, y_);
    event(0.0, "infusion", patient_.product().name, "", "", "");
    out_.policy = policy_.name;
    out_.columns.push_back("time_days");
    const auto& derived_names = model::VirtualPatient::derived_names();
    out_.columns.insert(out_.columns.end(), derived_names.begin(), derived_names.end());
    for (const char* c : {"temperature_c", "map_mmhg", "sbp_mmhg", "dbp_mmhg", "heart_rate",
                          "spo2_pct", "ice", "consciousness_level", "seizure_hazard_per_day",
                          "edema", "norepinephrine_equivalent_ug_min", "fio2"}) {
      out_.columns.emplace_back(c);
    }
    const double end = options_.days * 24.0;
    const auto steps = static_cast<long>(std::floor(end / options_.sample_hours + kEps));
    out_.rows = SampleRows(out_.columns.size());
    out_.rows.reserve(static_cast<std::size_t>(steps) + 1);
    for (long i = 0; i <= steps; ++i) {
      const double h = static_cast<double>(i) * options_.sample_hours;
      solver_.advance(h / 24.0, y_);
      if (every(h, policy_.vitals_every_hours)) bedside_round(h);
      sample(h);
    }
    out_.solver_stats = solver_.stats();
    out_.grades = grading::grade_patient(rec, {clinical::find_crs_scale("astct")}, options_.engine);
  }

 private:
  void sample(double h) {
    const double t = h / 24.0;
    const auto obs = patient_.observe(t, y_, support_);
    patient_.derived_values(t, y_, derived_);
    std::vector<double> row;
    row.reserve(out_.columns.size());
    row.push_back(t);
    row.insert(row.end(), derived_.begin(), derived_.end());
    for (double v : {obs.temperature_c, obs.map_mmhg, obs.sbp_mmhg, obs.dbp_mmhg, obs.heart_rate,
                     obs.spo2_pct, obs.ice, obs.consciousness_level, obs.seizure_hazard_per_day,
                     obs.edema, support_.norepinephrine_equivalent_ug_min, support_.fio2}) {
      row.push_back(v);
    }
    out_.rows.push_back(row);
  }

  // One round: measure, grade, act.
  void bedside_round(double h) {
    const auto obs = patient_.observe(h / 24.0, y_, support_);
    const int day = static_cast<int>(std::floor(h / 24.0 + kEps));
    febrile_ = obs.temperature_c >= 38.0;
    if (febrile_) fever_days_.insert(day);
    event(h, "vital", "temperature", fmt::format("{:.1f}", obs.temperature_c), "C", "");
    event(h, "vital", "sbp", fmt::format("{:.0f}", obs.sbp_mmhg), "mmHg", "");
    event(h, "vital", "dbp", fmt::format("{:.0f}", obs.dbp_mmhg), "mmHg", "");
    event(h, "vital", "map", fmt::format("{:.0f}", obs.map_mmhg), "mmHg", "");
    event(h, "vital", "heart_rate", fmt::format("{:.0f}", obs.heart_rate), "/min", "");
    event(h, "vital", "spo2", fmt::format("{:.0f}", std::clamp(obs.spo2_pct, 30.0, 100.0)), "%",
          "");
    if (every(h, policy_.ice_every_hours)) {
      static constexpr const char* kLevels[] = {"alert", "spontaneous", "voice", "tactile",
                                                "unarousable"};
      const auto level = static_cast<std::size_t>(
          std::clamp(static_cast<long>(std::lround(obs.consciousness_level)), 0L, 4L));
      const long ice = level == 4 ? 0 : std::clamp(std::lround(obs.ice), 0L, 10L);
      event(h, "ice", "total", std::to_string(ice), "", "");
      event(h, "consciousness", kLevels[level], "", "", "");
    }
    const double p_seizure =
        1.0 - std::exp(-obs.seizure_hazard_per_day * policy_.vitals_every_hours / 24.0);
    if (std::generate_canonical<double, 53>(rng_) < p_seizure) {
      event(h, "seizure", obs.seizure_hazard_per_day > 4.0 ? "prolonged" : "brief_resolved", "", "",
            "");
      last_seizure_ = h;
    }
    grader_.evaluate(h, day, day * 24.0);
    const int crs = grade_of(grader_.crs(0));
    const int icans = grade_of(grader_.icans());
    if (icans >= policy_.imaging_at_icans_grade && h - last_imaging_ >= 24.0 - kEps) {
      event(h, "neuroimaging",
            obs.edema < 0.5 ? "normal" : (obs.edema < 1.5 ? "focal_edema" : "diffuse_edema"), "",
            "", "");
      last_imaging_ = h;
      edema_on_imaging_ = obs.edema >= 0.5;
    }
    circulation(h, obs.map_mmhg);
    oxygen(h, obs.spo2_pct);
    medicines(h, crs, icans);
  }

  void circulation(double h, double map) {
    std::erase_if(boluses_, [&](double b) { return b <= h - policy_.fluids_window_hours + kEps; });
    const bool on_pressor = norepinephrine_ > 0 || vasopressin_ > 0;
    if (map < policy_.fluids_map_below_mmhg && !on_pressor &&
        static_cast<int>(boluses_.size()) < policy_.boluses_before_vasopressor) {
      boluses_.push_back(h);
      event(h, "fluid_bolus", "", fmt::format("{:g}", policy_.bolus_ml), "mL", "");
    } else if (map < policy_.pressor_map_below_mmhg) {
      if (norepinephrine_ <= 0) {
        set_norepinephrine(h, policy_.norepinephrine_start_ug_min);
      } else if (norepinephrine_ < policy_.norepinephrine_max_ug_min - kEps) {
        set_norepinephrine(h, std::min(norepinephrine_ + policy_.norepinephrine_step_ug_min,
                                       policy_.norepinephrine_max_ug_min));
      } else if (vasopressin_ <= 0 && policy_.vasopressin_u_min > 0) {
        vasopressin_ = policy_.vasopressin_u_min;
        event(h, "vasopressor", "vasopressin", fmt::format("{:g}", vasopressin_), "U/min", "");
      }
    } else if (map > policy_.wean_map_above_mmhg && on_pressor) {
      if (vasopressin_ > 0) {
        vasopressin_ = 0;
        event(h, "vasopressor", "vasopressin", "0", "U/min", "");
      } else {
        const double next = norepinephrine_ - policy_.norepinephrine_step_ug_min;
        set_norepinephrine(h, next < policy_.norepinephrine_start_ug_min - kEps ? 0.0 : next);
      }
    }
    support_.norepinephrine_equivalent_ug_min =
        norepinephrine_ + vasopressin_ * policy_.vasopressin_ne_equivalent;
    support_.fluids_ml_last_6h = 0;
    for (double b : boluses_) {
      if (b > h - 6.0 + kEps) support_.fluids_ml_last_6h += policy_.bolus_ml;
    }
  }

  void set_norepinephrine(double h, double dose) {
    norepinephrine_ = dose;
    event(h, "vasopressor", "norepinephrine", fmt::format("{:g}", dose), "ug/min", "");
  }

  void oxygen(double h, double spo2) {
    const int top = static_cast<int>(policy_.oxygen_steps.size()) - 1;
    int next = oxygen_step_;
    if (spo2 < policy_.spo2_below_pct && oxygen_step_ < top) ++next;
    if (spo2 > policy_.spo2_above_pct && oxygen_step_ >= 0) --next;
    if (next == oxygen_step_) return;
    oxygen_step_ = next;
    if (next < 0) {
      event(h, "oxygen", "room_air", "", "", "");
      support_.fio2 = 0.21;
      return;
    }
    const auto& s = policy_.oxygen_steps[static_cast<std::size_t>(next)];
    const std::string device(record::name(s.device));
    if (s.flow_l_min > 0) {
      event(h, "oxygen", device, fmt::format("{:g}", s.flow_l_min), "L/min", "");
    } else {
      event(h, "oxygen", device, "", "", "");
    }
    event(h, "fio2", "", fmt::format("{:g}", s.fio2_pct), "%", "");
    support_.fio2 = s.fio2_pct / 100.0;
  }

  // Prophylaxis as the policy says; tocilizumab and corticosteroids as the rule set suggests.
  void medicines(double h, int crs, int icans) {
    const bool prophylaxis_due = policy_.prophylactic_dexamethasone_mg > 0 &&
                                 std::any_of(policy_.prophylactic_dexamethasone_days.begin(),
                                             policy_.prophylactic_dexamethasone_days.end(),
                                             [&](int d) { return std::fabs(h - d * 24.0) < kEps; });
    if (prophylaxis_due) {
      give(h, model::Drug::dexamethasone, "dexamethasone", policy_.prophylactic_dexamethasone_mg,
           "prophylaxis");
      steroids_.push_back({h, 0, 0, clinical::Action::dexamethasone, true});
    }
    const auto advice = clinical::suggest(rules_, situation(h, crs, icans));
    for (const auto& s : advice.suggestions) {
      if (s.action != clinical::Action::tocilizumab || s.withheld || !s.dose_mg) continue;
      give(h, model::Drug::tocilizumab, "tocilizumab", std::round(*s.dose_mg), s.row);
      tocilizumab_.push_back({h, crs, icans, s.action, false});
      break;
    }
    if (prophylaxis_due) return;
    if (const auto* s = corticosteroid(advice); s && !s->withheld && s->dose_mg) {
      const bool dex = s->action == clinical::Action::dexamethasone;
      give(h, dex ? model::Drug::dexamethasone : model::Drug::methylprednisolone,
           dex ? "dexamethasone" : "methylprednisolone", std::round(*s->dose_mg), s->row);
      steroids_.push_back({h, crs, icans, s->action, false});
    }
  }

  // What suggest() needs to know now, from the clinician's own record.
  clinical::TreatmentSituation situation(double h, int crs, int icans) const {
    clinical::TreatmentSituation s;
    s.now_hours = h;
    s.crs_grade = crs;
    s.icans_grade = icans;
    s.weight_kg = patient_.covariates().weight_kg;
    for (const auto& d : tocilizumab_) s.tocilizumab_hours.push_back(d.hours);
    for (const auto& d : steroids_) {
      s.corticosteroid_hours.push_back(d.hours);
      if (d.prophylaxis) continue;
      (d.action == clinical::Action::dexamethasone ? s.dexamethasone_hours
                                                   : s.methylprednisolone_hours)
          .push_back(d.hours);
    }
    // "No improvement": the grade is not lower, response_after_hours after the last dose given
    // while the syndrome was present (CRS: tocilizumab or a steroid; ICANS: a steroid).
    const auto not_improving = [&](bool crs_syndrome, int now) {
      const Dose* last = nullptr;
      for (const auto* list : {&tocilizumab_, &steroids_}) {
        if (!crs_syndrome && list == &tocilizumab_) continue;
        for (const auto& d : *list) {
          if ((crs_syndrome ? d.crs : d.icans) >= 1 && (!last || d.hours > last->hours)) last = &d;
        }
      }
      return last && h - last->hours >= policy_.response_after_hours - kEps &&
             now >= (crs_syndrome ? last->crs : last->icans);
    };
    s.crs_not_improving = not_improving(true, crs);
    s.icans_not_improving = not_improving(false, icans);
    // Persistent fever: febrile now, on this and the days before without a break.
    int day = static_cast<int>(std::floor(h / 24.0 + kEps));
    while (febrile_ && fever_days_.contains(day)) {
      ++s.fever_days;
      --day;
    }
    s.seizure = h - last_seizure_ <= 24.0 + kEps;
    s.cerebral_edema = edema_on_imaging_;
    return s;
  }

  // The corticosteroid suggestion the clinician follows: the most specific row (highest starting
  // grade, then a row with a condition, then row order) among verified rows and unverified ones
  // that are not withheld.
  const clinical::Suggestion* corticosteroid(const clinical::GuidanceResult& advice) const {
    const clinical::Suggestion* best = nullptr;
    std::tuple<int, int> best_rank{-1, -1};
    for (const auto& s : advice.suggestions) {
      if (!clinical::is_corticosteroid(s.action) || (!s.citation.verified && s.withheld)) continue;
      const auto row = std::find_if(rules_.rows.begin(), rules_.rows.end(),
                                    [&](const auto& r) { return r.id == s.row; });
      const std::tuple<int, int> rank{row->grade_min,
                                      row->when == clinical::RowCondition::always ? 0 : 1};
      if (rank > best_rank) {
        best = &s;
        best_rank = rank;
      }
    }
    return best;
  }

  void give(double h, model::Drug drug, const char* name, double mg, std::string_view note) {
    event(h, "medication", name, fmt::format("{:g}", mg), "mg", note);
    patient_.give(drug, mg, y_);
    solver_.reset_state(y_);
    out_.treatments.push_back({h, fmt::format("{} {:g} mg", name, mg)});
  }

  void event(double h, std::string_view kind, std::string_view item, std::string_view value,
             std::string_view unit, std::string_view note) {
    record::Event e;
    if (auto problem = record::make_event(kind, item, value, unit, note, e)) {
      throw std::logic_error(fmt::format("virtual clinician wrote a bad row ({} {} {} {}): {}",
                                         kind, item, value, unit, problem->message));
    }
    e.hours = h;
    e.day = static_cast<int>(std::floor(h / 24.0 + kEps));
    e.day_start_hours = e.day * 24.0;
    e.line = out_.record.events.size() + 2;  // as in events.csv, after the header and facts
    record::keep_texts(e, out_.record.texts);
    grader_.apply(e);
    out_.record.events.push_back(std::move(e));
  }

  const model::VirtualPatient& patient_;
  const Policy& policy_;
  solver::CvodeSolver& solver_;
  const SimulationOptions& options_;
  SimulatedCourse& out_;
  grading::Grader grader_;
  std::mt19937_64 rng_;
  std::vector<double> y_;
  std::vector<double> derived_;
  model::Support support_;
  double norepinephrine_ = 0.0, vasopressin_ = 0.0;
  std::vector<double> boluses_;
  int oxygen_step_ = -1;
  // A dose the clinician gave, with the grades when it was given.
  struct Dose {
    double hours;
    int crs;
    int icans;
    clinical::Action action;
    bool prophylaxis;
  };
  clinical::Guideline rules_;  // the policy's rule set and its added rows
  std::vector<Dose> tocilizumab_;
  std::vector<Dose> steroids_;
  std::set<int> fever_days_;  // calendar days with a temperature >= 38.0 C at a round
  bool febrile_ = false;      // at the last round
  double last_seizure_ = -1e9;
  bool edema_on_imaging_ = false;
  double last_imaging_ = -1e9;
};

}  // namespace

void SampleRows::push_back(std::span<const double> row) {
  if (row.size() != width_) {
    throw std::invalid_argument(
        fmt::format("SampleRows: a row of {} values in a table {} wide", row.size(), width_));
  }
  values_.insert(values_.end(), row.begin(), row.end());
}

solver::SolverOptions virtual_patient_solver_options() {
  solver::SolverOptions options;
  options.interpolate_outputs = true;
  return options;
}

SimulatedCourse simulate_course(const model::VirtualPatient& patient, const Policy& policy,
                                solver::CvodeSolver& solver, const SimulationOptions& options) {
  if (!(options.days > 0) || !(options.sample_hours > 0) ||
      !every(policy.vitals_every_hours, options.sample_hours)) {
    throw std::invalid_argument(fmt::format(
        "simulate_course: days ({:g}) and sample_hours ({:g}) must be positive, and the vitals "
        "interval ({:g} h) a multiple of sample_hours",
        options.days, options.sample_hours, policy.vitals_every_hours));
  }
  for (const auto& added : policy.added_rows) {
    if (std::any_of(options.guideline.rows.begin(), options.guideline.rows.end(),
                    [&](const auto& r) { return r.id == added.id; })) {
      throw std::invalid_argument(fmt::format(
          "simulate_course: policy \"{}\" adds a row \"{}\" whose id the guideline \"{}\" "
          "already uses",
          policy.name, added.id, options.guideline.name));
    }
  }
  if (options.guideline.rows.empty()) {
    throw std::invalid_argument(fmt::format(
        "simulate_course: options.guideline has no rows; load the rule set the policy names "
        "(\"{}\") with io::load_guideline",
        policy.guideline));
  }
  SimulatedCourse out;
  out.policy = policy.name;
  Bedside(patient, policy, solver, options, out).run();
  return out;
}

}  // namespace cytostorm::population
