#pragma once
/// @file
/// The event table's row, checked and in canonical units (formats.md section 1), and the
/// PatientRecord that every reader (CSV, FHIR, the simulator) produces and the grading engine
/// reads.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/record/event_time.hpp"

namespace cytostorm::record {

/// The `kind` column of the event table.
enum class EventKind {
  patient,
  infusion,
  lymphodepletion,
  vital,
  hypotension,
  oxygen,
  fio2,
  vasopressor,
  fluid_bolus,
  medication,
  ice,
  capd,
  consciousness,
  seizure,
  motor,
  neuroimaging,
  sign,
  lab,
  organ_toxicity,
  attribution,
  death,
};

/// One checked row of the event table.
struct Event {
  double hours = 0.0;            ///< since the CAR-T infusion (negative before it)
  int day = 0;                   ///< calendar day relative to the infusion day (day 0)
  double day_start_hours = 0.0;  ///< hours since infusion at which that calendar day began
  EventKind kind = EventKind::patient;
  std::string item;             ///< as in formats.md, lower case
  std::optional<double> value;  ///< numeric value in `unit` (temperature always in C)
  std::string text;             ///< a text value ("NA", a sex, a regimen)
  std::string unit;             ///< canonical unit ("C", "ug/min", "L/min", "%", ...)
  std::string note;
  std::size_t line = 0;  ///< source line (CSV) or entry index (FHIR), for the audit trail
};

/// Everything known about one patient, events sorted by time (file order within a time).
struct PatientRecord {
  std::string patient_id;
  std::string source;  ///< the file it came from
  std::optional<double> age_years;
  std::optional<double> weight_kg;
  std::string sex;
  bool developmental_delay = false;
  std::string product;  ///< the infusion row's product, when there is one
  bool has_infusion = false;
  std::optional<TimePoint> infusion_time;  ///< as written, to place other times (`--at`)
  std::vector<Event> events;
};

/// A problem with one field of a row: which column and what is wrong.
struct FieldProblem {
  std::string column;  ///< "kind", "item", "value", "unit", "time", "note"
  std::string message;
};

/// Checks one row's fields against formats.md and converts the value to canonical units.
/// @param kind, item, value, unit, note the row's fields as written
/// @param out receives the event (every field but `line`; time fields 0), whatever it held
/// @return nothing, or the first problem found (`out` is then partly written)
/// Temperatures in F become C; vasopressin must be in U/min and the other pressors in ug/min
/// or ug/kg/min; ICE items accept an integer in range or `NA` with the reason in `note`.
std::optional<FieldProblem> make_event(std::string_view kind, std::string_view item,
                                       std::string_view value, std::string_view unit,
                                       std::string_view note, Event& out);

/// The name of a kind as written in the table.
std::string_view name(EventKind kind);

}  // namespace cytostorm::record
