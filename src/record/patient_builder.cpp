#include "cytostorm/record/patient_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::record {

PatientBuilder::PatientBuilder(std::string patient_id, std::string source) {
  record_.patient_id = std::move(patient_id);
  record_.source = std::move(source);
}

void PatientBuilder::add(Event event, std::optional<TimePoint> time) {
  rows_.push_back({std::move(event), time});
}

namespace {

// ICE and CAPD rows at one time form one assessment: all items, or a total, consistent.
std::optional<InputError> check_assessment(const PatientRecord& r, std::size_t begin,
                                           std::size_t end, EventKind kind) {
  const auto& ev = r.events;
  const std::size_t items_needed = kind == EventKind::ice ? 5 : 8;
  std::set<std::string> items;
  bool total = false, not_assessable = false;
  int sum = 0, total_value = 0;
  std::size_t last_line = 0;
  for (std::size_t k = begin; k < end; ++k) {
    if (ev[k].kind != kind) continue;
    last_line = ev[k].line;
    if (ev[k].item == "total") {
      total = true;
      total_value = static_cast<int>(ev[k].value.value_or(0));
    } else if (!items.insert(ev[k].item).second) {
      return InputError{r.source, ev[k].line, "item",
                        fmt::format("patient {}: {} item {} given twice at the same time",
                                    r.patient_id, name(kind), ev[k].item)};
    } else if (ev[k].text == "NA") {
      not_assessable = true;
    } else {
      const int points = static_cast<int>(ev[k].value.value_or(0));
      // CAPD answers are frequencies: the first four items are reverse-scored.
      const bool reverse =
          kind == EventKind::capd && static_cast<int>(*parse<CapdItem>(ev[k].item)) < 4;
      sum += reverse ? 4 - points : points;
    }
  }
  if (last_line == 0) return std::nullopt;
  const auto problem = [&](std::string message) {
    return InputError{r.source, last_line, "item",
                      fmt::format("patient {}: {} at {:g} h: {}", r.patient_id, name(kind),
                                  ev[begin].hours, std::move(message))};
  };
  if (!items.empty() && items.size() < items_needed) {
    return problem(
        fmt::format("{} of {} items given: give all items (NA for one that cannot "
                    "be assessed) or only the total",
                    items.size(), items_needed));
  }
  if (total && not_assessable) {
    return problem("a total with a not-assessable item (an NA item is never scored 0)");
  }
  if (total && !items.empty() && sum != total_value) {
    return problem(fmt::format("total {} differs from the items' score {}", total_value, sum));
  }
  return std::nullopt;
}

std::optional<InputError> check_assessments(const PatientRecord& r) {
  const auto& ev = r.events;
  for (std::size_t i = 0; i < ev.size();) {
    std::size_t j = i;
    while (j < ev.size() && ev[j].hours == ev[i].hours) ++j;
    for (EventKind kind : {EventKind::ice, EventKind::capd}) {
      if (auto p = check_assessment(r, i, j, kind)) return p;
    }
    i = j;
  }
  return std::nullopt;
}

}  // namespace

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
      return error(
          row.event.line, "kind",
          infusion_line > 0
              ? fmt::format("a second infusion row (the first is on line {})", infusion_line)
              : std::string("a second infusion row (the patient already has one)"));
    }
    infusion = row.time;
    infusion_line = row.event.line;
    r.has_infusion = true;
    r.infusion_time = row.time;
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
    const RelativeTime at = relative_to_infusion(*row.time, infusion);
    e.hours = at.hours;
    e.day = at.day;
    e.day_start_hours = at.day_start_hours;
    r.events.push_back(std::move(e));
  }
  const auto earlier = [](const Event& a, const Event& b) { return a.hours < b.hours; };
  // Rows usually come in time order: sorting (and moving every event) only when they do not.
  if (!std::is_sorted(r.events.begin(), r.events.end(), earlier)) {
    std::stable_sort(r.events.begin(), r.events.end(), earlier);
  }
  rows_.clear();
  if (auto problem = check_assessments(r)) return *problem;
  return r;
}

}  // namespace cytostorm::record
