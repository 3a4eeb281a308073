#include "cytostorm/record/patient_builder.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cytostorm::record {

PatientBuilder::PatientBuilder(std::string patient_id, std::string source) {
  record_.patient_id = std::move(patient_id);
  record_.source = std::move(source);
}

void PatientBuilder::add(Event event, std::optional<TimePoint> time) {
  rows_.push_back({std::move(event), time});
}

Result<PatientRecord> PatientBuilder::finish() && {
  PatientRecord r = std::move(record_);
  const auto error = [&r](std::size_t line, std::string column, std::string message) {
    return InputError{r.source, line, std::move(column),
                      fmt::format("patient {}: {}", r.patient_id, std::move(message))};
  };
  std::optional<TimePoint> infusion;
  std::size_t infusion_line = 0;
  for (const auto& row : rows_) {
    if (row.event.kind != EventKind::infusion) continue;
    if (infusion) {
      return error(row.event.line, "kind",
                   fmt::format("a second infusion row (the first is on line {})", infusion_line));
    }
    infusion = row.time;
    infusion_line = row.event.line;
    r.has_infusion = true;
    r.product = row.event.item;
  }
  r.events.reserve(rows_.size());
  for (auto& row : rows_) {
    Event& e = row.event;
    if (e.kind == EventKind::patient) {
      if (e.item == "age_years") r.age_years = e.value;
      if (e.item == "weight_kg") r.weight_kg = e.value;
      if (e.item == "sex") r.sex = e.text;
      if (e.item == "developmental_delay") r.developmental_delay = e.value == 1.0;
      continue;
    }
    if (!row.time) return error(e.line, "time", "this kind needs a time");
    if (row.time->absolute && !infusion) {
      return error(e.line, "time",
                   "ISO 8601 times need an infusion row to place them (day 0); add one or use "
                   "hours since infusion");
    }
    if (infusion && row.time->absolute != infusion->absolute) {
      return error(e.line, "time",
                   "a file uses one time style throughout (ISO 8601 or hours since infusion)");
    }
    relative_to_infusion(*row.time, infusion, e.hours, e.day);
    r.events.push_back(std::move(e));
  }
  std::stable_sort(r.events.begin(), r.events.end(),
                   [](const Event& a, const Event& b) { return a.hours < b.hours; });
  rows_.clear();
  return r;
}

}  // namespace cytostorm::record
