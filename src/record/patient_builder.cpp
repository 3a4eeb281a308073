#include "cytostorm/record/patient_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstdint>

#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::record {

PatientBuilder::PatientBuilder(std::string patient_id, std::string source) {
  record_.patient_id = std::move(patient_id);
  record_.source = std::move(source);
}

void PatientBuilder::add(Event&& event, const std::optional<TimePoint>& time) {
  next_event() = std::move(event);
  keep(time);
}

Event& PatientBuilder::next_event() {
  if (!pending_) {
    // A copy of a blank event rather than one made in place: the compiler zeroes an event made in
    // place with a string instruction that is slow to start, on every row.
    static const Event blank;
    record_.events.push_back(blank);
    pending_ = true;
  }
  return record_.events.back();
}

void PatientBuilder::keep(const std::optional<TimePoint>& time) {
  ++rows_;
  pending_ = false;
  Event& event = record_.events.back();
  if (event.kind == EventKind::patient) {
    if (event.item == "age_years") record_.age_years = event.value;
    if (event.item == "weight_kg") record_.weight_kg = event.value;
    if (event.item == "sex") record_.sex = event.text;
    if (event.item == "developmental_delay") record_.developmental_delay = event.value == 1.0;
    record_.events.pop_back();
    return;
  }
  if (event.kind == EventKind::infusion) {
    if (infusion_) {
      if (!second_infusion_line_) second_infusion_line_ = event.line;
    } else {
      infusion_ = time;
      infusion_line_ = event.line;
      record_.has_infusion = true;
      record_.infusion_time = time;
      record_.product = event.item;
    }
  }
  keep_texts(event, record_.texts);
  times_.push_back(time);
}

void PatientBuilder::reserve(std::size_t rows) {
  record_.events.reserve(rows);
  times_.reserve(rows);
}

namespace {

// Whether two times are written alike, to the bit (-0 is not 0: it is written "-0").
bool same_time(const TimePoint& a, const TimePoint& b) {
  const auto bits = [](double x) { return std::bit_cast<std::uint64_t>(x); };
  return a.absolute == b.absolute && bits(a.hours) == bits(b.hours) &&
         bits(a.epoch_hours) == bits(b.epoch_hours) && a.local_day == b.local_day &&
         bits(a.offset_hours) == bits(b.offset_hours);
}

// ICE and CAPD rows at one time form one assessment: all items, or a total, consistent.
std::optional<InputError> check_assessment(const PatientRecord& r, std::size_t begin,
                                           std::size_t end, EventKind kind) {
  const auto& ev = r.events;
  const std::size_t items_needed = kind == EventKind::ice ? 5 : 8;
  unsigned items = 0;  // bit i: item i given
  bool total = false, not_assessable = false;
  int sum = 0, total_value = 0;
  std::size_t last_line = 0;
  for (std::size_t k = begin; k < end; ++k) {
    if (ev[k].kind != kind) continue;
    last_line = ev[k].line;
    if (ev[k].item == "total") {
      total = true;
      total_value = static_cast<int>(ev[k].value.value_or(0));
      continue;
    }
    const int item = kind == EventKind::ice ? static_cast<int>(*parse<IceItem>(ev[k].item))
                                            : static_cast<int>(*parse<CapdItem>(ev[k].item));
    if ((items & (1U << item)) != 0) {
      return InputError{r.source, ev[k].line, "item",
                        fmt::format("patient {}: {} item {} given twice at the same time",
                                    r.patient_id, name(kind), ev[k].item)};
    }
    items |= 1U << item;
    if (ev[k].text == "NA") {
      not_assessable = true;
    } else {
      const int points = static_cast<int>(ev[k].value.value_or(0));
      // CAPD answers are frequencies: the first four items are reverse-scored.
      sum += kind == EventKind::capd && item < 4 ? 4 - points : points;
    }
  }
  if (last_line == 0) return std::nullopt;
  const auto problem = [&](std::string message) {
    return InputError{r.source, last_line, "item",
                      fmt::format("patient {}: {} at {:g} h: {}", r.patient_id, name(kind),
                                  ev[begin].hours, std::move(message))};
  };
  const auto given = static_cast<std::size_t>(std::popcount(items));
  if (given > 0 && given < items_needed) {
    return problem(
        fmt::format("{} of {} items given: give all items (NA for one that cannot "
                    "be assessed) or only the total",
                    given, items_needed));
  }
  if (total && not_assessable) {
    return problem("a total with a not-assessable item (an NA item is never scored 0)");
  }
  if (total && given > 0 && sum != total_value) {
    return problem(fmt::format("total {} differs from the items' score {}", total_value, sum));
  }
  return std::nullopt;
}

std::optional<InputError> check_assessments(const PatientRecord& r) {
  const auto& ev = r.events;
  for (std::size_t i = 0; i < ev.size();) {
    std::size_t j = i;
    bool kinds[2] = {false, false};  // an ICE, a CAPD row at this time
    for (; j < ev.size() && ev[j].hours == ev[i].hours; ++j) {
      kinds[0] = kinds[0] || ev[j].kind == EventKind::ice;
      kinds[1] = kinds[1] || ev[j].kind == EventKind::capd;
    }
    for (EventKind kind : {EventKind::ice, EventKind::capd}) {
      if (!kinds[kind == EventKind::capd]) continue;
      if (auto p = check_assessment(r, i, j, kind)) return p;
    }
    i = j;
  }
  return std::nullopt;
}

}  // namespace

Result<PatientRecord> PatientBuilder::finish() && {
  if (pending_) record_.events.pop_back();  // filled in but never kept
  PatientRecord r = std::move(record_);
  const auto error = [&r](std::size_t line, std::string column, std::string message) {
    return InputError{r.source, line, std::move(column),
                      fmt::format("patient {}: {}", r.patient_id, std::move(message))};
  };
  if (second_infusion_line_) {
    return error(
        *second_infusion_line_, "kind",
        infusion_line_ > 0
            ? fmt::format("a second infusion row (the first is on line {})", infusion_line_)
            : std::string("a second infusion row (the patient already has one)"));
  }
  // The rows of one assessment share their time: it is placed once.
  const std::optional<TimePoint>* placed = nullptr;
  RelativeTime at;
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    Event& e = r.events[i];
    const std::optional<TimePoint>& time = times_[i];
    if (!time) return error(e.line, "time", "this kind needs a time");
    if (time->absolute && !infusion_) {
      return error(e.line, "time",
                   "ISO 8601 times need an infusion row to place them (day 0); add one or use "
                   "hours since infusion");
    }
    if (infusion_ && time->absolute != infusion_->absolute) {
      return error(e.line, "time",
                   "a file uses one time style throughout (ISO 8601 or hours since infusion)");
    }
    if (!placed || !same_time(**placed, *time)) {
      at = relative_to_infusion(*time, infusion_);
      if (auto problem = distance_problem(at.hours); !problem.empty()) {
        return error(e.line, "time", std::move(problem));
      }
      placed = &time;
    }
    e.hours = at.hours;
    e.day = at.day;
    e.day_start_hours = at.day_start_hours;
  }
  const auto earlier = [](const Event& a, const Event& b) { return a.hours < b.hours; };
  // Rows usually come in time order: sorting (and moving every event) only when they do not.
  if (!std::is_sorted(r.events.begin(), r.events.end(), earlier)) {
    std::stable_sort(r.events.begin(), r.events.end(), earlier);
  }
  times_.clear();
  if (auto problem = check_assessments(r)) return *problem;
  return r;
}

}  // namespace cytostorm::record
