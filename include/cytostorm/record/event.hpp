#pragma once
/// @file
/// The event table's row, checked and in canonical units (formats.md section 1), and the
/// PatientRecord that every reader (CSV, FHIR, the simulator) produces and the grading engine
/// reads.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/record/event_texts.hpp"
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

/// One checked row of the event table. Its texts are views, so that an event is copied without
/// copying text: the vocabulary's words (the item of most kinds, the unit, "NA") live as long as
/// the program, and the free texts (a free item such as a regimen or a CTCAE term, a text value,
/// the note) live in the `texts` of the PatientRecord that holds the event (keep_texts puts them
/// there).
struct Event {
  double hours = 0.0;  ///< since the CAR-T infusion (negative before it)
  int day = 0;         ///< calendar day relative to the infusion day (day 0)
  EventKind kind = EventKind::patient;
  double day_start_hours = 0.0;  ///< hours since infusion at which that calendar day began
  std::string_view item;         ///< as in formats.md, lower case
  std::optional<double> value;   ///< numeric value in `unit` (temperature always in C)
  std::string_view text;         ///< a text value ("NA", a sex)
  std::string_view unit;         ///< the unit ("C", "ug/min", "L/min", "%", ...)
  std::string_view note;
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
  EventTexts texts;  ///< the free texts of `events` (copies of a record share them)
};

/// A problem with one field of a row: which column and what is wrong.
struct FieldProblem {
  std::string column;  ///< "kind", "item", "value", "unit", "time", "note"
  std::string message;
};

/// Checks one row's fields against formats.md and converts the value to canonical units.
/// @param kind, item, value, unit, note the row's fields as written
/// @param out receives the event (every field but `line`; time fields 0), whatever it held; its
///   free texts (a free item, a text value, the note) are views of the fields passed in, to be
///   kept with keep_texts before those change
/// @return nothing, or the first problem found (`out` is then partly written)
/// Temperatures in F become C; vasopressin must be in U/min and the other pressors in ug/min
/// or ug/kg/min; ICE items accept an integer in range or `NA` with the reason in `note`.
std::optional<FieldProblem> make_event(std::string_view kind, std::string_view item,
                                       std::string_view value, std::string_view unit,
                                       std::string_view note, Event& out);

/// Points the free texts of `event` (a free item, the text value, the note) at lasting copies in
/// `texts`, the texts of the record that will hold it; its vocabulary words are left as they are.
/// @param event an event from make_event
/// @param texts where the copies are kept
void keep_texts(Event& event, EventTexts& texts);

/// The name of a kind as written in the table.
std::string_view name(EventKind kind);

}  // namespace cytostorm::record
