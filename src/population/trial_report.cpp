#include "cytostorm/population/trial_report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace cytostorm::population {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kPredictionNote =
    "prediction: built from the trial's design only, never tuned to its outcomes";

std::string cell(const std::optional<double>& v) {
  return v ? fmt::format("{:.6g}", *v) : "";
}

std::string quoted(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Json number(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

std::string signed_text(double v) {
  return fmt::format("{:+.1f}", v);
}

std::string interval_text(const PairedDifference& d) {
  if (!d.difference) return "n/a";
  std::string out = signed_text(*d.difference);
  if (d.lower && d.upper) {
    out += fmt::format(" [{}, {}]", signed_text(*d.lower), signed_text(*d.upper));
  }
  return out;
}

std::string interval_method(const PolicyComparison& c) {
  return fmt::format(
      "95% paired bootstrap percentile interval: {} resamples of the {} patients simulated under "
      "every policy, the same resample for each policy, seed {}",
      c.resamples, c.paired_patients, c.bootstrap_seed);
}

}  // namespace

std::string patients_csv(const Trial& trial, const std::vector<PatientOutcome>& outcomes) {
  const auto& names = trial.sampler().names();
  const std::size_t parameters = trial.sampler().parameter_count();
  std::string out = "index,seed";
  for (std::size_t i = 0; i < parameters; ++i) out += "," + names[i];
  out +=
      ",tumor_burden,baseline_lymphocytes_per_ul,baseline_ang2_pg_ml,weight_kg,age_years,"
      "lymphodepletion,lymphodepletion_intensity,dose_cells,crs_max_grade,crs_onset_day,"
      "crs_ge3_day,crs_duration_days,icans_max_grade,icans_onset_day,icans_ge3_day,"
      "icans_duration_days,tocilizumab_doses,steroid_doses,steroid_dexamethasone_mg,"
      "car_t_peak_per_ul,car_t_tmax_day,failure\n";
  for (const auto& o : outcomes) {
    out += fmt::format("{},{}", o.index, o.seed);
    for (std::size_t i = 0; i < parameters; ++i) out += fmt::format(",{:.6g}", o.values[i]);
    const auto& c = o.covariates;
    out += fmt::format(",{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{},{:.6g},{:.6g}", c.tumor_burden,
                       c.baseline_lymphocytes_per_ul, c.baseline_ang2_pg_ml, c.weight_kg,
                       c.age_years, c.lymphodepletion, c.lymphodepletion_intensity, o.dose_cells);
    if (o.failure.empty()) {
      for (const auto* s : {&o.crs, &o.icans}) {
        out += fmt::format(",{},{},{},{}", s->max_grade, cell(s->onset_days), cell(s->severe_days),
                           cell(s->duration_days));
      }
      out += fmt::format(",{},{},{:.6g},{:.6g},{:.6g},", o.tocilizumab_doses, o.steroid_doses,
                         o.steroid_dexamethasone_mg, o.car_t_peak, o.car_t_tmax_days);
    } else {
      out += ",,,,,,,,,,,,,," + quoted(o.failure);
    }
    out += "\n";
  }
  return out;
}

std::string summary_json(const TrialSummary& s) {
  Json j;
  j["preset"] = s.trial;
  j["title"] = s.title;
  j["kind"] = s.prediction ? "prediction" : "calibration";
  if (s.prediction) j["note"] = kPredictionNote;
  j["product"] = s.product;
  j["disease"] = s.disease;
  j["policy"] = s.policy;
  j["scale"] = s.scale;
  j["n"] = s.patients;
  j["failed"] = s.failed;
  j["seed"] = s.seed;
  j["days"] = s.days;
  for (std::size_t k = 0; k < kSummaryKeys.size(); ++k) {
    j[std::string(kSummaryKeys[k])] = number(s.values[k]);
  }
  return j.dump(2) + "\n";
}

std::string comparison_table(const PolicyComparison& c) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> header{"statistic"};
  for (std::size_t a = 0; a < c.policies.size(); ++a) {
    header.push_back(a == 0 ? c.policies[a] : c.policies[a] + " (difference [95% CI])");
  }
  cells.push_back(header);
  for (const auto& row : c.rows) {
    std::vector<std::string> line{row.key};
    for (std::size_t a = 0; a < row.values.size(); ++a) {
      std::string v = row.values[a] ? fmt::format("{:.1f}", *row.values[a]) : "n/a";
      if (a > 0) v += "  " + interval_text(row.differences[a]);
      line.push_back(std::move(v));
    }
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& line : cells) {
    for (std::size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], line[i].size());
  }
  std::string out;
  for (const auto& line : cells) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      text += fmt::format("{:<{}}", line[i], i + 1 < line.size() ? widths[i] + 3 : 0);
    }
    out += text + "\n";
  }
  const auto& first = c.summaries.front();
  out += fmt::format("{} ({}), n = {}, {} grading, seed {}; difference = policy - {}; {}.\n",
                     first.trial, first.product, first.patients, first.scale, first.seed,
                     c.policies.front(), interval_method(c));
  if (first.prediction) out += std::string(kPredictionNote) + ".\n";
  return out;
}

std::string comparison_json(const PolicyComparison& c) {
  const auto& first = c.summaries.front();
  Json j;
  j["preset"] = first.trial;
  j["kind"] = first.prediction ? "prediction" : "calibration";
  j["product"] = first.product;
  j["scale"] = first.scale;
  j["n"] = first.patients;
  j["seed"] = first.seed;
  j["days"] = first.days;
  j["policies"] = c.policies;
  j["reference_policy"] = c.policies.front();
  j["interval"] = interval_method(c);
  j["paired_patients"] = c.paired_patients;
  Json stats = Json::object();
  for (const auto& row : c.rows) {
    Json per = Json::object();
    for (std::size_t a = 0; a < c.policies.size(); ++a) {
      const auto& d = row.differences[a];
      per[c.policies[a]] = Json{{"value", number(row.values[a])},
                                {"difference", number(d.difference)},
                                {"lower_95", number(d.lower)},
                                {"upper_95", number(d.upper)}};
    }
    stats[row.key] = std::move(per);
  }
  j["statistics"] = std::move(stats);
  return j.dump(2) + "\n";
}

std::string comparison_csv(const PolicyComparison& c) {
  std::string out = "statistic,policy,value,difference,lower_95,upper_95\n";
  for (const auto& row : c.rows) {
    for (std::size_t a = 0; a < c.policies.size(); ++a) {
      const auto& d = row.differences[a];
      out += fmt::format("{},{},{},{},{},{}\n", row.key, quoted(c.policies[a]), cell(row.values[a]),
                         cell(d.difference), cell(d.lower), cell(d.upper));
    }
  }
  return out;
}

}  // namespace cytostorm::population
