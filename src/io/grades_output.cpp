#include "cytostorm/io/grades_output.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace cytostorm::io {

using json = nlohmann::ordered_json;

namespace {

json optional_json(const std::optional<int>& v) {
  return v ? json(*v) : json(nullptr);
}
json optional_json(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

std::string grade_cell(const std::optional<int>& grade) {
  return grade ? std::to_string(*grade) : "not_derivable";
}

std::string number_cell(const std::optional<double>& v) {
  return v ? fmt::format("{:g}", *v) : std::string();
}

std::string day_cell(const std::optional<int>& v) {
  return v ? std::to_string(*v) : "";
}

std::string course_cells(const grading::SyndromeCourse& c) {
  return fmt::format("{},{},{}", grade_cell(c.max_grade), day_cell(c.onset_day),
                     number_cell(c.duration_hours));
}

std::string percent(double v) {
  return fmt::format("{:.1f}%", v);
}

}  // namespace

json to_json(const grading::SyndromeCourse& c) {
  json out;
  out["scale"] = c.scale;
  out["max_grade"] = c.max_grade ? json(*c.max_grade) : json("not_derivable");
  if (!c.max_grade) {
    out["max_at_least"] = c.max_at_least;
    out["missing"] = c.missing;
  }
  out["onset_day"] = optional_json(c.onset_day);
  out["onset_hours"] = optional_json(c.onset_hours);
  out["duration_hours"] = optional_json(c.duration_hours);
  out["episodes"] = json::array();
  for (const auto& e : c.episodes) {
    out["episodes"].push_back({{"start_hours", e.start_hours},
                               {"start_day", e.start_day},
                               {"end_hours", optional_json(e.end_hours)},
                               {"max_grade", e.max_grade},
                               {"biphasic", e.biphasic}});
  }
  out["daily_max"] = json::object();
  for (const auto& [day, grade] : c.daily_max) out["daily_max"][std::to_string(day)] = grade;
  out["timeline"] = json::array();
  for (const auto& t : c.timeline) {
    json entry;
    entry["hours"] = t.hours;
    entry["day"] = t.day;
    entry["grade"] = t.grade ? json(*t.grade) : json("not_derivable");
    if (!t.grade) {
      entry["at_least"] = t.at_least;
      entry["missing"] = t.missing;
    }
    entry["drivers"] = json::array();
    for (const auto& d : t.drivers) {
      entry["drivers"].push_back({{"text", d.text},
                                  {"finding", d.finding},
                                  {"grade", d.grade},
                                  {"observed_at_hours", d.observed_at_hours}});
    }
    if (!t.notes.empty()) entry["notes"] = t.notes;
    out["timeline"].push_back(std::move(entry));
  }
  out["rule"] = c.rule;
  return out;
}

json to_json(const grading::PatientGrades& p) {
  json out;
  out["patient_id"] = p.patient_id;
  out["crs"] = p.crs.empty() ? json(nullptr) : to_json(p.crs.front());
  out["icans"] = to_json(p.icans);
  if (p.crs.size() > 1) {
    for (const auto& c : p.crs) out["crs_by_scale"][c.scale] = to_json(c);
  }
  return out;
}

std::string csv_header(const std::vector<std::string>& scales) {
  std::string out =
      "patient_id,crs_max_grade,crs_onset_day,crs_duration_hours,icans_max_grade,"
      "icans_onset_day,icans_duration_hours";
  for (std::size_t i = 1; i < scales.size(); ++i) {
    out += fmt::format(",crs_{0}_max_grade,crs_{0}_onset_day,crs_{0}_duration_hours", scales[i]);
  }
  return out + "\n";
}

std::string csv_row(const grading::PatientGrades& p) {
  std::string id = p.patient_id;
  if (id.find_first_of(",\"\n") != std::string::npos) {
    std::string quoted = "\"";
    for (char c : id) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    id = quoted + "\"";
  }
  std::string out = fmt::format("{},{},{}", id, course_cells(p.crs.front()), course_cells(p.icans));
  for (std::size_t i = 1; i < p.crs.size(); ++i) out += "," + course_cells(p.crs[i]);
  return out + "\n";
}

std::string table_header(const std::vector<std::string>& scales) {
  std::string out =
      fmt::format("{:<14} {:>10} {:>6} {:>9}   {:>10} {:>6} {:>9}", "patient",
                  "CRS " + scales.front(), "onset", "hours", "ICANS", "onset", "hours");
  for (std::size_t i = 1; i < scales.size(); ++i) out += fmt::format(" {:>10}", scales[i]);
  return out + "\n";
}

std::string table_row(const grading::PatientGrades& p) {
  const auto cells = [](const grading::SyndromeCourse& c) {
    return fmt::format("{:>10} {:>6} {:>9}", c.max_grade ? std::to_string(*c.max_grade) : "n/d",
                       c.onset_day ? fmt::format("d{}", *c.onset_day) : "-",
                       c.duration_hours ? fmt::format("{:.1f}", *c.duration_hours) : "-");
  };
  std::string out =
      fmt::format("{:<14} {}   {}", p.patient_id, cells(p.crs.front()), cells(p.icans));
  for (std::size_t i = 1; i < p.crs.size(); ++i) {
    out += fmt::format(" {:>10}", p.crs[i].max_grade ? std::to_string(*p.crs[i].max_grade) : "n/d");
  }
  return out + "\n";
}

json to_json(const CohortReport& r) {
  json out;
  for (const auto& s : r.syndromes) {
    json j;
    j["scale"] = s.scale;
    j["n"] = s.n;
    j["not_derivable"] = s.not_derivable;
    j["any_grade_pct"] = s.any_grade_pct;
    j["grade3_plus_pct"] = s.grade3_plus_pct;
    j["onset_day_median"] = optional_json(s.onset_day_median);
    j["onset_day_range"] =
        s.onset_day_min ? json::array({*s.onset_day_min, *s.onset_day_max}) : json(nullptr);
    j["duration_hours_median"] = optional_json(s.duration_hours_median);
    if (s.syndrome == "crs" && r.syndromes.size() > 2) {
      out["crs_by_scale"][s.scale] = j;
      if (!out.contains("crs")) out["crs"] = j;
    } else {
      out[s.syndrome] = j;
    }
  }
  if (!r.concordance.empty()) {
    out["concordance"] = json::array();
    for (const auto& c : r.concordance) {
      out["concordance"].push_back({{"scale_a", c.scale_a},
                                    {"scale_b", c.scale_b},
                                    {"n", c.n},
                                    {"presence_agreement_pct", c.presence_pct},
                                    {"exact_grade_agreement_pct", c.exact_grade_pct}});
    }
  }
  return out;
}

std::string summary_text(const CohortReport& r) {
  std::string out = fmt::format("{:<8} {:<9} {:>5} {:>8} {:>8} {:>14} {:>14}\n", "syndrome",
                                "scale", "n", "any", ">= 3", "onset day", "duration h");
  for (const auto& s : r.syndromes) {
    const std::string onset = s.onset_day_median ? fmt::format("{:g} ({}-{})", *s.onset_day_median,
                                                               *s.onset_day_min, *s.onset_day_max)
                                                 : "-";
    const std::string duration =
        s.duration_hours_median ? fmt::format("{:.1f}", *s.duration_hours_median) : "-";
    out += fmt::format("{:<8} {:<9} {:>5} {:>8} {:>8} {:>14} {:>14}", s.syndrome, s.scale, s.n,
                       percent(s.any_grade_pct), percent(s.grade3_plus_pct), onset, duration);
    if (s.not_derivable > 0) out += fmt::format("  ({} not derivable)", s.not_derivable);
    out += "\n";
  }
  if (!r.concordance.empty()) {
    out += "\nConcordance of maximum CRS grades between scales (patients derivable on both):\n";
    out += fmt::format("{:<9} {:<9} {:>5} {:>10} {:>12}\n", "scale", "scale", "n", "presence",
                       "exact grade");
    for (const auto& c : r.concordance) {
      out += fmt::format("{:<9} {:<9} {:>5} {:>10} {:>12}\n", c.scale_a, c.scale_b, c.n,
                         percent(c.presence_pct), percent(c.exact_grade_pct));
    }
  }
  return out;
}

std::string summary_csv(const CohortReport& r) {
  std::string out =
      "syndrome,scale,n,not_derivable,any_grade_pct,grade3_plus_pct,onset_day_median,"
      "onset_day_min,onset_day_max,duration_hours_median\n";
  for (const auto& s : r.syndromes) {
    out += fmt::format("{},{},{},{},{:.2f},{:.2f},{},{},{},{}\n", s.syndrome, s.scale, s.n,
                       s.not_derivable, s.any_grade_pct, s.grade3_plus_pct,
                       number_cell(s.onset_day_median), day_cell(s.onset_day_min),
                       day_cell(s.onset_day_max), number_cell(s.duration_hours_median));
  }
  return out;
}

GradesWriter::GradesWriter(std::string format, bool summary, std::FILE* out,
                           std::vector<std::string> scales)
    : format_(std::move(format)), summary_(summary), out_(out), scales_(std::move(scales)) {}

void GradesWriter::put(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), out_);
}

void GradesWriter::begin() {
  crs_.assign(scales_.size(), {});
  icans_.clear();
  count_ = 0;
  if (summary_) return;
  if (format_ == "csv") put(csv_header(scales_));
  if (format_ == "table") put(table_header(scales_));
  if (format_ == "json") put("{\"patients\": [\n");
}

void GradesWriter::patient(const grading::PatientGrades& p) {
  for (std::size_t i = 0; i < scales_.size(); ++i) crs_[i].push_back(grading::facts(p.crs[i]));
  icans_.push_back(grading::facts(p.icans));
  if (!summary_) {
    if (format_ == "csv") put(csv_row(p));
    if (format_ == "table") put(table_row(p));
    if (format_ == "json") put((count_ > 0 ? ",\n" : "") + to_json(p).dump());
  }
  ++count_;
}

CohortReport GradesWriter::report() const {
  CohortReport report;
  for (std::size_t i = 0; i < scales_.size(); ++i) {
    report.syndromes.push_back(grading::summarise("crs", scales_[i], crs_[i]));
  }
  report.syndromes.push_back(grading::summarise("icans", "astct", icans_));
  for (std::size_t i = 0; i < scales_.size(); ++i) {
    for (std::size_t j = i + 1; j < scales_.size(); ++j) {
      report.concordance.push_back(grading::concordance(scales_[i], crs_[i], scales_[j], crs_[j]));
    }
  }
  return report;
}

void GradesWriter::end() {
  const CohortReport report = this->report();
  if (format_ == "json") {
    put(summary_ ? "{" : "\n], ");
    put("\"summary\": " + to_json(report).dump(2) + "}\n");
  } else if (format_ == "csv") {
    if (summary_) put(summary_csv(report));
  } else {
    put((summary_ ? "" : "\n") + summary_text(report));
  }
}

GradesWriter::Mark GradesWriter::mark() const {
  return {std::ftell(out_), count_};
}

bool GradesWriter::rewind_to(const Mark& m) {
  std::fflush(out_);
  if (std::fseek(out_, m.offset, SEEK_SET) != 0 || ftruncate(fileno(out_), m.offset) != 0) {
    return false;
  }
  for (auto& c : crs_) c.resize(m.count);
  icans_.resize(m.count);
  count_ = m.count;
  return true;
}

}  // namespace cytostorm::io
