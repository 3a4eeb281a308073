#include "cytostorm/io/fhir_export.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <cmath>
#include <string>

namespace cytostorm::io {

namespace {

using json = nlohmann::ordered_json;

constexpr const char* kEventSystem = "urn:cytostorm:fhir:event";

// An instant (hours since 1970-01-01T00:00Z) written in `offset_hours`, to the millisecond.
std::string date_time(double epoch_hours, double offset_hours) {
  const auto offset_minutes = static_cast<long long>(std::llround(offset_hours * 60.0));
  const auto local_ms =
      static_cast<long long>(std::llround(epoch_hours * 3600000.0)) + offset_minutes * 60000;
  const auto day = static_cast<long long>(std::floor(static_cast<double>(local_ms) / 86400000.0));
  const long long in_day = local_ms - day * 86400000;
  const date::year_month_day ymd{date::sys_days{date::days{day}}};
  const long long h = in_day / 3600000, mi = in_day / 60000 % 60, s = in_day / 1000 % 60,
                  ms = in_day % 1000;
  std::string out =
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), h, mi, s);
  if (ms != 0) out += fmt::format(".{:03}", ms);
  if (offset_minutes == 0) return out + "Z";
  const long long a = std::llabs(offset_minutes);
  return out + fmt::format("{}{:02}:{:02}", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
}

json observation(const record::PatientRecord& p, const std::string& code) {
  return json{{"resourceType", "Observation"},
              {"status", "final"},
              {"code", {{"coding", json::array({{{"system", kEventSystem}, {"code", code}}})}}},
              {"subject", {{"reference", "Patient/" + p.patient_id}}}};
}

void put_value(json& o, const std::optional<double>& value, std::string_view text,
               std::string_view unit, std::string_view note) {
  if (text == "NA") {
    o["dataAbsentReason"] = {
        {"text", note.empty() ? std::string("not assessable") : std::string(note)}};
  } else if (!text.empty()) {
    o["valueString"] = std::string(text);
  } else if (value) {
    json q{{"value", *value}};
    if (!unit.empty()) q["unit"] = std::string(unit);
    o["valueQuantity"] = std::move(q);
  }
  if (!note.empty()) o["note"] = json::array({{{"text", std::string(note)}}});
}

}  // namespace

record::Result<json> fhir_bundle(const record::PatientRecord& p) {
  if (!p.events.empty() && !p.infusion_time) {
    return record::InputError{p.source, 0, "",
                              fmt::format("patient {}: FHIR times are date-times, placed from the "
                                          "infusion; the patient has no infusion row",
                                          p.patient_id)};
  }
  json entries = json::array();
  entries.push_back({{"resource", {{"resourceType", "Patient"}, {"id", p.patient_id}}}});
  const auto fact = [&](const std::string& item, std::optional<double> value,
                        const std::string& text, const std::string& unit) {
    json o = observation(p, "patient." + item);
    put_value(o, value, text, unit, "");
    entries.push_back({{"resource", std::move(o)}});
  };
  if (p.age_years) fact("age_years", p.age_years, "", "years");
  if (p.weight_kg) fact("weight_kg", p.weight_kg, "", "kg");
  if (!p.sex.empty()) fact("sex", std::nullopt, p.sex, "");
  if (p.developmental_delay) fact("developmental_delay", 1.0, "", "");
  // Hours since infusion are placed from 2000-01-01T00:00:00Z (day 10957 since 1970).
  const bool absolute = p.infusion_time && p.infusion_time->absolute;
  const double zero = absolute ? p.infusion_time->epoch_hours : 10957.0 * 24.0;
  const double offset = absolute ? p.infusion_time->offset_hours : 0.0;
  for (const auto& e : p.events) {
    const std::string kind(record::name(e.kind));
    json o = observation(p, e.item.empty() ? kind : kind + "." + std::string(e.item));
    o["effectiveDateTime"] = date_time(zero + e.hours, offset);
    put_value(o, e.value, e.text, e.unit, e.note);
    entries.push_back({{"resource", std::move(o)}});
  }
  return json{{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", std::move(entries)}};
}

}  // namespace cytostorm::io
