#include "cytostorm/record/event.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "cytostorm/record/units.hpp"
#include "cytostorm/record/vocabulary.hpp"
#include "number.hpp"

namespace cytostorm::record {

namespace {

// What the value column of an item holds.
enum class Value {
  none,      // empty
  number,    // a number in range, with one of the units
  optional,  // empty, or a number with one of the units
  points,    // an integer in range, or NA with the reason in note (ICE)
  integer,   // an integer in range, no unit
  flag,      // 1 present / 0 resolved
  text,      // free text
};

struct ItemSpec {
  std::string_view item;  // empty: the item column is empty; "*": any identifier
  Value value = Value::none;
  std::vector<std::string_view> units;
  double min = 0.0, max = 0.0;
};

struct KindSpec {
  EventKind kind;
  std::string_view name;
  std::vector<ItemSpec> items;
};

const std::vector<std::string_view> kNoUnit{""};

std::vector<ItemSpec> words(std::initializer_list<std::string_view> items,
                            Value value = Value::none) {
  std::vector<ItemSpec> out;
  for (auto i : items) out.push_back({i, value, kNoUnit, 0, 0});
  return out;
}

std::vector<ItemSpec> labs() {
  const std::vector<std::string_view> mass_dl{"mg/dL"}, u_l{"U/L"}, cells{"10^9/L"};
  return {{"ferritin", Value::number, {"ng/mL", "ug/L"}, 0, 1e6},
          {"crp", Value::number, {"mg/dL", "mg/L"}, 0, 1e4},
          {"ldh", Value::number, u_l, 0, 1e6},
          {"creatinine", Value::number, {"mg/dL", "umol/L"}, 0, 5e3},
          {"platelets", Value::number, cells, 0, 5e3},
          {"anc", Value::number, cells, 0, 500},
          {"hemoglobin", Value::number, {"g/dL", "g/L"}, 0, 300},
          {"uric_acid", Value::number, {"mg/dL", "umol/L"}, 0, 5e3},
          {"potassium", Value::number, {"mmol/L"}, 0, 20},
          {"phosphate", Value::number, {"mg/dL", "mmol/L"}, 0, 50},
          {"calcium", Value::number, {"mg/dL", "mmol/L"}, 0, 50},
          {"albumin", Value::number, {"g/dL", "g/L"}, 0, 100},
          {"ast", Value::number, u_l, 0, 1e5},
          {"alt", Value::number, u_l, 0, 1e5},
          {"bilirubin", Value::number, {"mg/dL", "umol/L"}, 0, 1e3},
          {"fibrinogen", Value::number, {"mg/dL", "g/L"}, 0, 5e3},
          {"triglycerides", Value::number, {"mg/dL", "mmol/L"}, 0, 1e4},
          {"il6", Value::number, {"pg/mL"}, 0, 1e7},
          {"mcp1", Value::number, {"pg/mL"}, 0, 1e7},
          {"ifng", Value::number, {"pg/mL"}, 0, 1e7}};
}

template <typename E>
std::vector<ItemSpec> vocabulary_items(Value value, std::vector<std::string_view> units, double min,
                                       double max) {
  std::vector<ItemSpec> out;
  for (const auto& [v, n] : Vocabulary<E>::entries) out.push_back({n, value, units, min, max});
  return out;
}

const std::vector<KindSpec>& kinds() {
  static const std::vector<KindSpec> table{
      {EventKind::patient,
       "patient",
       {{"age_years", Value::number, {"", "years"}, 0, 130},
        {"weight_kg", Value::number, {"", "kg"}, 0.5, 500},
        {"sex", Value::text, kNoUnit, 0, 0},
        {"developmental_delay", Value::flag, kNoUnit, 0, 1}}},
      {EventKind::infusion, "infusion",
       words({"axi-cel", "tisa-cel", "liso-cel", "brexu-cel", "ide-cel", "cilta-cel", "other"})},
      {EventKind::lymphodepletion, "lymphodepletion", {{"*", Value::none, kNoUnit, 0, 0}}},
      {EventKind::vital,
       "vital",
       {{"temperature", Value::number, {"C", "F"}, 25, 45},
        {"sbp", Value::number, {"mmHg"}, 20, 300},
        {"dbp", Value::number, {"mmHg"}, 10, 250},
        {"map", Value::number, {"mmHg"}, 15, 250},
        {"heart_rate", Value::number, {"/min"}, 10, 300},
        {"resp_rate", Value::number, {"/min"}, 1, 100},
        {"spo2", Value::number, {"%"}, 30, 100}}},
      {EventKind::hypotension, "hypotension", words({"present", "absent"})},
      {EventKind::oxygen, "oxygen",
       vocabulary_items<OxygenDevice>(Value::optional, {"L/min"}, 0, 80)},
      {EventKind::fio2, "fio2", {{"", Value::number, {"%"}, 21, 100}}},
      {EventKind::vasopressor, "vasopressor",
       vocabulary_items<VasoactiveDrug>(Value::number, {"ug/min", "ug/kg/min", "U/min"}, 0, 1e5)},
      {EventKind::fluid_bolus, "fluid_bolus", {{"", Value::number, {"mL"}, 0, 1e4}}},
      {EventKind::medication, "medication",
       [] {
         std::vector<ItemSpec> out;
         for (auto m :
              {"tocilizumab", "siltuximab", "anakinra", "dexamethasone", "methylprednisolone",
               "hydrocortisone", "acetaminophen", "ibuprofen", "levetiracetam", "other"}) {
           out.push_back({m, Value::optional, {"mg", "mg/kg", "g", "ug"}, 0, 1e5});
         }
         return out;
       }()},
      {EventKind::ice,
       "ice",
       {{"orientation", Value::points, kNoUnit, 0, 4},
        {"naming", Value::points, kNoUnit, 0, 3},
        {"commands", Value::points, kNoUnit, 0, 1},
        {"writing", Value::points, kNoUnit, 0, 1},
        {"attention", Value::points, kNoUnit, 0, 1},
        {"total", Value::integer, kNoUnit, 0, 10}}},
      {EventKind::capd, "capd",
       [] {
         std::vector<ItemSpec> out;
         for (const auto& [v, n] : Vocabulary<CapdItem>::entries) {
           out.push_back({n, Value::integer, kNoUnit, 0, 4});
         }
         out.push_back({"total", Value::integer, kNoUnit, 0, 32});
         return out;
       }()},
      {EventKind::consciousness, "consciousness",
       vocabulary_items<Consciousness>(Value::none, kNoUnit, 0, 0)},
      {EventKind::seizure, "seizure",
       words({"brief_resolved", "nonconvulsive_eeg_resolved", "prolonged",
              "repetitive_no_baseline"})},
      {EventKind::motor, "motor", words({"deep_focal_weakness", "none"})},
      {EventKind::neuroimaging, "neuroimaging",
       words({"normal", "focal_edema", "diffuse_edema", "hemorrhage"})},
      {EventKind::sign, "sign",
       words({"global_aphasia", "posturing", "papilledema", "cn6_palsy", "cushing_triad", "tremor",
              "myoclonus"},
             Value::flag)},
      {EventKind::lab, "lab", labs()},
      {EventKind::organ_toxicity, "organ_toxicity", {{"*", Value::integer, kNoUnit, 0, 5}}},
      {EventKind::attribution, "attribution",
       words({"fever", "hypotension", "hypoxia", "encephalopathy"})},
      {EventKind::death, "death", words({"crs", "icans", "other"})},
  };
  return table;
}

// Every (kind, item) pair the vocabulary spells out, found by a hash of the two words: the
// reader looks one up for every row. Wildcard items ("*", any regimen or CTCAE term) are not in
// it; make_event searches kinds() for them.
class ItemIndex {
 public:
  struct Entry {
    std::string_view kind, item;  // empty kind: an empty slot
    const KindSpec* kind_spec = nullptr;
    const ItemSpec* item_spec = nullptr;
  };

  ItemIndex() {
    std::size_t items = 0;
    for (const auto& k : kinds()) items += k.items.size();
    slots_.resize(std::bit_ceil(items * 4));  // a quarter full: probes are short
    for (const auto& k : kinds()) {
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

std::optional<FieldProblem> check_value(const ItemSpec& spec, std::string_view item,
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
    case Value::none:
      if (!value.empty()) {
        return FieldProblem{"value", fmt::format("{} takes no value (got \"{}\")", item, value)};
      }
      if (!unit.empty()) return FieldProblem{"unit", fmt::format("{} takes no unit", item)};
      return std::nullopt;
    case Value::number:
      return number();
    case Value::optional:
      if (value.empty()) {
        if (!unit.empty()) return FieldProblem{"value", "a unit without a value"};
        return std::nullopt;
      }
      return number();
    case Value::points:
      if (value == "NA") {
        if (note.empty()) {
          return FieldProblem{"note", "NA needs the reason it could not be assessed in note"};
        }
        out.text = "NA";
        return std::nullopt;
      }
      return integer();
    case Value::integer:
      return integer();
    case Value::flag:
      if (value != "0" && value != "1") {
        return FieldProblem{"value",
                            fmt::format("expected 1 (present) or 0 (resolved), got \"{}\"", value)};
      }
      out.value = value == "1" ? 1.0 : 0.0;
      return std::nullopt;
    case Value::text:
      if (value.empty()) return FieldProblem{"value", fmt::format("{} needs a value", item)};
      out.text.assign(value);
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::string_view name(EventKind kind) {
  for (const auto& k : kinds()) {
    if (k.kind == kind) return k.name;
  }
  return "?";
}

std::optional<FieldProblem> make_event(std::string_view kind, std::string_view item,
                                       std::string_view value, std::string_view unit,
                                       std::string_view note, Event& out) {
  static const ItemIndex index;
  const ItemIndex::Entry* const known = index.find(kind, item);
  const KindSpec* k = known ? known->kind_spec : nullptr;
  if (!k) {
    const auto it = std::find_if(kinds().begin(), kinds().end(),
                                 [&](const KindSpec& spec) { return spec.name == kind; });
    if (it != kinds().end()) k = &*it;
  }
  if (!k) {
    std::vector<std::string_view> names;
    for (const auto& spec : kinds()) names.push_back(spec.name);
    return FieldProblem{"kind",
                        fmt::format("unknown kind \"{}\" (accepted: {})", kind, list(names))};
  }
  out.kind = k->kind;
  out.item.assign(item);
  out.note.assign(note);
  out.hours = out.day_start_hours = 0.0;  // `out` may hold an earlier row's event
  out.day = 0;
  out.value.reset();
  out.text.clear();
  out.unit.clear();
  const ItemSpec* spec = known ? known->item_spec : nullptr;
  if (!spec) {
    const auto it = std::find_if(k->items.begin(), k->items.end(), [&](const ItemSpec& i) {
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
