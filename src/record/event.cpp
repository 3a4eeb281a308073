#include "cytostorm/record/event.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "cytostorm/record/event_kinds.hpp"
#include "cytostorm/record/units.hpp"
#include "number.hpp"

namespace cytostorm::record {

namespace {

// Every (kind, item) pair the vocabulary spells out, found by a hash of the two words: the
// reader looks one up for every row. Wildcard items ("*", any regimen or CTCAE term) are not in
// it; make_event searches event_kinds() for them.
class ItemIndex {
 public:
  struct Entry {
    std::string_view kind, item;  // empty kind: an empty slot
    const KindRule* kind_spec = nullptr;
    const ItemRule* item_spec = nullptr;
  };

  ItemIndex() {
    std::size_t items = 0;
    for (const auto& k : event_kinds()) items += k.items.size();
    slots_.resize(std::bit_ceil(items * 4));  // a quarter full: probes are short
    for (const auto& k : event_kinds()) {
      for (const auto& i : k.items) {
        if (i.item == "*" || find(k.name, i.item)) continue;  // the first of a name is the one
        std::size_t at = hash(k.name, i.item);
        while (!slots_[at & (slots_.size() - 1)].kind.empty()) ++at;
        slots_[at & (slots_.size() - 1)] = {k.name, i.item, &k, &i};
      }
    }
  }

  // The entry of `item` of `kind`, or nullptr.
  [[nodiscard]] const Entry* find(std::string_view kind, std::string_view item) const {
    for (std::size_t at = hash(kind, item);; ++at) {
      const Entry& e = slots_[at & (slots_.size() - 1)];
      if (e.kind.empty()) return nullptr;
      if (e.kind == kind && e.item == item) return &e;
    }
  }

 private:
  // From the lengths and a few letters, which tell the words of the vocabulary apart well enough
  // (the few that share them are told apart by a comparison).
  static std::size_t hash(std::string_view kind, std::string_view item) {
    const auto letter = [](std::string_view word, std::size_t i) -> std::uint64_t {
      return i < word.size() ? static_cast<unsigned char>(word[i]) : 0;
    };
    const std::uint64_t key = kind.size() | letter(kind, 0) << 8 | item.size() << 16 |
                              letter(item, 0) << 24 | letter(item, item.size() / 2) << 32 |
                              letter(item, item.size() - 1) << 40;
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32);
  }

  std::vector<Entry> slots_;
};

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
  // The unit as the vocabulary spells it (a view that lasts), or the problem.
  std::string_view known_unit;
  const auto check_unit = [&]() -> std::optional<FieldProblem> {
    for (auto u : spec.units) {
      if (u == unit) {
        known_unit = u;
        return std::nullopt;
      }
    }
    return FieldProblem{"unit", fmt::format("unit \"{}\" is not accepted for {} (accepted: {})",
                                            unit, item, list(spec.units))};
  };
  const auto number = [&]() -> std::optional<FieldProblem> {
    auto x = detail::parse_number(value);
    if (!x) return FieldProblem{"value", fmt::format("\"{}\" is not a number", value)};
    if (auto p = check_unit()) return p;
    out.value = *x;
    out.unit = known_unit;
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
      out.text = value;
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
  static const ItemIndex index;
  const ItemIndex::Entry* const known = index.find(kind, item);
  const KindRule* k = known ? known->kind_spec : nullptr;
  if (!k) {
    const auto it = std::find_if(event_kinds().begin(), event_kinds().end(),
                                 [&](const KindRule& spec) { return spec.name == kind; });
    if (it != event_kinds().end()) k = &*it;
  }
  if (!k) {
    std::vector<std::string_view> names;
    for (const auto& spec : event_kinds()) names.push_back(spec.name);
    return FieldProblem{"kind",
                        fmt::format("unknown kind \"{}\" (accepted: {})", kind, list(names))};
  }
  out.kind = k->kind;
  out.item = item;
  out.note = note;
  out.hours = out.day_start_hours = 0.0;  // `out` may hold an earlier row's event
  out.day = 0;
  out.value.reset();
  out.text = {};
  out.unit = {};
  const ItemRule* spec = known ? known->item_spec : nullptr;
  if (!spec) {
    const auto it = std::find_if(k->items.begin(), k->items.end(), [&](const ItemRule& i) {
      return i.item == item ||
             (i.item == "*" &&
              (k->kind != EventKind::organ_toxicity ? !item.empty() : identifier(item)));
    });
    if (it != k->items.end()) spec = &*it;
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
  if (spec->item != "*") out.item = spec->item;  // the vocabulary's word, which lasts
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

void keep_texts(Event& event, EventTexts& texts) {
  // The kinds whose item is free text, from the table (in the order of EventKind); bytes rather
  // than bits, which every row reads.
  static const std::vector<char> free_item = [] {
    std::vector<char> out;
    for (const auto& k : event_kinds()) out.push_back(k.items.front().item == "*" ? 1 : 0);
    return out;
  }();
  if (free_item[static_cast<std::size_t>(event.kind)] != 0 && !event.item.empty()) {
    event.item = texts.keep(event.item);
  }
  if (!event.text.empty()) event.text = texts.keep(event.text);
  if (!event.note.empty()) event.note = texts.keep(event.note);
}

}  // namespace cytostorm::record
