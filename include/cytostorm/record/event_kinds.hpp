#pragma once
/// @file
/// What each kind of row of the event table accepts (formats.md section 1): its items, what the
/// value column holds, the units and the range. record::make_event checks every row against this
/// table; the bedside server hands it to the pages (GET /api/vocabulary), so the words a form
/// offers are the words the reader accepts.

#include <string_view>
#include <vector>

#include "cytostorm/record/event.hpp"

namespace cytostorm::record {

/// What the value column of an item holds.
enum class ValueForm {
  none,             ///< nothing: the value column stays empty
  number,           ///< a number in range, with one of the units
  optional_number,  ///< empty, or a number in range with one of the units
  points,           ///< an integer in range, or NA with the reason in note (an ICE item)
  integer,          ///< an integer in range, no unit
  flag,             ///< 1 (present) or 0 (resolved)
  text,             ///< free text, not empty
};

/// One item a kind accepts.
struct ItemRule {
  /// As written in the item column; "" when the item column stays empty, "*" for any identifier
  /// (a lymphodepletion regimen, a CTCAE term).
  std::string_view item;
  ValueForm value = ValueForm::none;
  /// The accepted values of the unit column ("" = left empty), the canonical unit first. For
  /// vasopressors make_event also pairs drug and unit: vasopressin in U/min, the others in
  /// ug/min or ug/kg/min.
  std::vector<std::string_view> units;
  /// The range of a number, points or integer, in the first unit (a temperature in F is
  /// converted to C before it is checked).
  double min = 0.0;
  double max = 0.0;
};

/// One kind of row and the items it accepts.
struct KindRule {
  EventKind kind = EventKind::patient;
  std::string_view name;        ///< as written in the kind column
  std::vector<ItemRule> items;  ///< in the order of formats.md
};

/// Every kind of the event table, in the order of record::EventKind.
/// @return the table make_event checks rows against
const std::vector<KindRule>& event_kinds();

/// The word for a value form, as the bedside server's vocabulary writes it.
/// @param form the form
/// @return "none", "number", "optional_number", "points", "integer", "flag" or "text"
std::string_view name(ValueForm form);

}  // namespace cytostorm::record
