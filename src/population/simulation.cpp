#include "cytostorm/population/simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "cytostorm/clinical/assessment.hpp"

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
        rng_(options.seed) {}

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
    out_.rows.push_back(std::move(row));
  }

  // One round: measure, grade, act.
  void bedside_round(double h) {
    const auto obs = patient_.observe(h / 24.0, y_, support_);
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
    }
    const int day = static_cast<int>(std::floor(h / 24.0 + kEps));
    grader_.evaluate(h, day, day * 24.0);
    const int crs = grade_of(grader_.crs(0));
    const int icans = grade_of(grader_.icans());
    if (icans >= policy_.imaging_at_icans_grade && h - last_imaging_ >= 24.0 - kEps) {
      event(h, "neuroimaging",
            obs.edema < 0.5 ? "normal" : (obs.edema < 1.5 ? "focal_edema" : "diffuse_edema"), "",
            "", "");
      last_imaging_ = h;
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

  void medicines(double h, int crs, int icans) {
    const double weight = patient_.covariates().weight_kg;
    if (crs >= policy_.tocilizumab_crs_grade && tocilizumab_allowed(h)) {
      const double per_kg =
          weight < 30.0 ? policy_.tocilizumab_mg_per_kg_under_30kg : policy_.tocilizumab_mg_per_kg;
      const double mg = std::min(per_kg * weight, policy_.tocilizumab_max_dose_mg);
      tocilizumab_.push_back(h);
      give(h, model::Drug::tocilizumab, "tocilizumab", std::round(mg), "");
    }
    const bool prophylaxis_due = policy_.prophylactic_dexamethasone_mg > 0 &&
                                 std::any_of(policy_.prophylactic_dexamethasone_days.begin(),
                                             policy_.prophylactic_dexamethasone_days.end(),
                                             [&](int d) { return std::fabs(h - d * 24.0) < kEps; });
    if (prophylaxis_due) {
      give(h, model::Drug::dexamethasone, "dexamethasone", policy_.prophylactic_dexamethasone_mg,
           "prophylaxis");
      last_dexamethasone_ = h;
    } else if ((icans >= policy_.dexamethasone_icans_grade ||
                crs >= policy_.dexamethasone_crs_grade) &&
               h - last_dexamethasone_ >= policy_.dexamethasone_interval_hours - kEps) {
      give(h, model::Drug::dexamethasone, "dexamethasone", policy_.dexamethasone_mg, "");
      last_dexamethasone_ = h;
    }
  }

  bool tocilizumab_allowed(double h) const {
    if (static_cast<int>(tocilizumab_.size()) >= policy_.tocilizumab_max_total) return false;
    if (!tocilizumab_.empty() &&
        h - tocilizumab_.back() < policy_.tocilizumab_min_interval_hours - kEps) {
      return false;
    }
    const auto in_24h = std::count_if(tocilizumab_.begin(), tocilizumab_.end(),
                                      [&](double t) { return t > h - 24.0 + kEps; });
    return in_24h < policy_.tocilizumab_max_per_24h;
  }

  void give(double h, model::Drug drug, const char* name, double mg, const char* note) {
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
  std::vector<double> tocilizumab_;
  double last_dexamethasone_ = -1e9;
  double last_imaging_ = -1e9;
};

}  // namespace

SimulatedCourse simulate_course(const model::VirtualPatient& patient, const Policy& policy,
                                solver::CvodeSolver& solver, const SimulationOptions& options) {
  if (!(options.days > 0) || !(options.sample_hours > 0) ||
      !every(policy.vitals_every_hours, options.sample_hours)) {
    throw std::invalid_argument(fmt::format(
        "simulate_course: days ({:g}) and sample_hours ({:g}) must be positive, and the vitals "
        "interval ({:g} h) a multiple of sample_hours",
        options.days, options.sample_hours, policy.vitals_every_hours));
  }
  SimulatedCourse out;
  Bedside(patient, policy, solver, options, out).run();
  return out;
}

}  // namespace cytostorm::population
