#include "cytostorm/record/event.hpp"

#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "cytostorm/record/event_kinds.hpp"
#include "cytostorm/record/units.hpp"
#include "number.hpp"

namespace cytostorm::record {

namespace {

std::string list(const std::vector<std::string_view>& names) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out += n.empty() ? "(empty)" : std::string(n);
  }
  return out;
}

bool identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::optional<FieldProblem> check_value(const ItemRule& spec, std::string_view item,
                                        std::string_view value, std::string_view unit,
                                        std::string_view note, Event& out) {
  const auto in_range = [&](double x) -> std::optional<FieldProblem> {
    if (x < spec.min || x > spec.max) {
      return FieldProblem{"value", fmt::format("{} {} is out of range ({:g} to {:g})", value, unit,
                                               spec.min, spec.max)};
    }
    return std::nullopt;
  };
  const auto check_unit = [&]() -> std::optional<FieldProblem> {
    for (auto u : spec.units) {
      if (u == unit) return std::nullopt;
    }
    return FieldProblem{"unit", fmt::format("unit \"{}\" is not accepted for {} (accepted: {})",
                                            unit, item, list(spec.units))};
  };
  const auto number = [&]() -> std::optional<FieldProblem> {
    auto x = detail::parse_number(value);
    if (!x) return FieldProblem{"value", fmt::format("\"{}\" is not a number", value)};
    if (auto p = check_unit()) return p;
    out.value = *x;
    out.unit.assign(unit);
    if (unit == "F") {
      out.value = fahrenheit_to_celsius(*x);
      out.unit = "C";
    }
    return in_range(*out.value);
  };
  const auto integer = [&]() -> std::optional<FieldProblem> {
    auto x = detail::parse_number(value);
    if (!x || std::floor(*x) != *x) {
      return FieldProblem{"value", fmt::format("\"{}\" is not an integer", value)};
    }
    if (!unit.empty()) return FieldProblem{"unit", fmt::format("{} takes no unit", item)};
    out.value = *x;
    return in_range(*x);
  };
  switch (spec.value) {
    case ValueForm::none:
      if (!value.empty()) {
        return FieldProblem{"value", fmt::format("{} takes no value (got \"{}\")", item, value)};
      }
      if (!unit.empty()) return FieldProblem{"unit", fmt::format("{} takes no unit", item)};
      return std::nullopt;
    case ValueForm::number:
      return number();
    case ValueForm::optional_number:
      if (value.empty()) {
        if (!unit.empty()) return FieldProblem{"value", "a unit without a value"};
        return std::nullopt;
      }
      return number();
    case ValueForm::points:
      if (value == "NA") {
        if (note.empty()) {
          return FieldProblem{"note", "NA needs the reason it could not be assessed in note"};
        }
        out.text = "NA";
        return std::nullopt;
      }
      return integer();
    case ValueForm::integer:
      return integer();
    case ValueForm::flag:
      if (value != "0" && value != "1") {
        return FieldProblem{"value",
                            fmt::format("expected 1 (present) or 0 (resolved), got \"{}\"", value)};
      }
      out.value = value == "1" ? 1.0 : 0.0;
      return std::nullopt;
    case ValueForm::text:
      if (value.empty()) return FieldProblem{"value", fmt::format("{} needs a value", item)};
      out.text.assign(value);
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::string_view name(EventKind kind) {
  for (const auto& k : event_kinds()) {
    if (k.kind == kind) return k.name;
  }
  return "?";
}

std::optional<FieldProblem> make_event(std::string_view kind, std::string_view item,
                                       std::string_view value, std::string_view unit,
                                       std::string_view note, Event& out) {
  const KindRule* k = nullptr;
  for (const auto& spec : event_kinds()) {
    if (spec.name == kind) {
      k = &spec;
      break;
    }
  }
  if (!k) {
    std::vector<std::string_view> names;
    for (const auto& spec : event_kinds()) names.push_back(spec.name);
    return FieldProblem{"kind",
                        fmt::format("unknown kind \"{}\" (accepted: {})", kind, list(names))};
  }
  out.kind = k->kind;
  out.item.assign(item);
  out.note.assign(note);
  const ItemRule* spec = nullptr;
  for (const auto& i : k->items) {
    if (i.item == item ||
        (i.item == "*" &&
         (k->kind != EventKind::organ_toxicity ? !item.empty() : identifier(item)))) {
      spec = &i;
      break;
    }
  }
  if (!spec) {
    std::vector<std::string_view> names;
    for (const auto& i : k->items) names.push_back(i.item);
    const std::string accepted =
        k->items.front().item == "*"
            ? (k->kind == EventKind::organ_toxicity ? "a CTCAE term such as creatinine_increased"
                                                    : "a regimen")
            : list(names);
    return FieldProblem{"item",
                        fmt::format("unknown {} item \"{}\" (accepted: {})", kind, item, accepted)};
  }
  if (auto p = check_value(*spec, item, value, unit, note, out)) return p;
  if (k->kind == EventKind::vasopressor) {
    const bool units = unit == "U/min";
    if (units != (item == "vasopressin")) {
      return FieldProblem{"unit", fmt::format("{} is not dosed in {} (vasopressin in U/min, other "
                                              "drugs in ug/min or ug/kg/min)",
                                              item, unit)};
    }
  }
  if (k->kind == EventKind::attribution && note.empty()) {
    return FieldProblem{"note", "an attribution needs the other cause in note"};
  }
  return std::nullopt;
}

}  // namespace cytostorm::record
