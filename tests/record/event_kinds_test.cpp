// The table of kinds is what make_event checks: every word, unit and range it lists is accepted,
// and the values just outside each range are refused.
#include "cytostorm/record/event_kinds.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "cytostorm/record/units.hpp"

namespace cytostorm::record {
namespace {

// An item as a row would write it: "*" stands for any identifier.
std::string written(const KindRule& kind, const ItemRule& item) {
  if (item.item != "*") return std::string(item.item);
  return kind.kind == EventKind::organ_toxicity ? "creatinine_increased" : "flu_cy";
}

// The unit a row of this item takes first: vasopressin is dosed in U/min, the others not.
std::string_view first_unit(const ItemRule& item) {
  return item.item == "vasopressin" ? std::string_view("U/min") : item.units.front();
}

// The problem column of a row, or "" when it is accepted.
std::string problem(const KindRule& kind, const ItemRule& item, const std::string& value,
                    std::string_view unit, std::string_view note = "") {
  Event e;
  const auto p = make_event(kind.name, written(kind, item), value, unit, note, e);
  return p ? p->column : "";
}

TEST(EventKinds, ListsEveryKindOnceInTheOrderOfTheEnumeration) {
  const auto& kinds = event_kinds();
  ASSERT_EQ(kinds.size(), static_cast<std::size_t>(EventKind::death) + 1);
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    EXPECT_EQ(kinds[i].kind, static_cast<EventKind>(i)) << kinds[i].name;
    EXPECT_EQ(name(kinds[i].kind), kinds[i].name);
    EXPECT_FALSE(kinds[i].items.empty()) << kinds[i].name;
    for (const auto& item : kinds[i].items) EXPECT_FALSE(item.units.empty()) << item.item;
  }
  EXPECT_EQ(kinds.front().name, "patient");
  EXPECT_EQ(kinds.back().name, "death");
}

TEST(EventKinds, EveryListedUnitIsAcceptedAndOthersAreNot) {
  for (const auto& kind : event_kinds()) {
    for (const auto& item : kind.items) {
      if (item.value != ValueForm::number && item.value != ValueForm::optional_number) continue;
      for (const auto unit : item.units) {
        if (kind.kind == EventKind::vasopressor &&
            (unit == "U/min") != (item.item == "vasopressin"))
          continue;
        // The range is in the first unit: a temperature in F is converted before the check.
        const auto in = [&](double x) { return unit == "F" ? celsius_to_fahrenheit(x) : x; };
        EXPECT_EQ(problem(kind, item, fmt::format("{}", in(item.min)), unit), "")
            << kind.name << " " << item.item << " " << unit;
        EXPECT_EQ(problem(kind, item, fmt::format("{}", in(item.max)), unit), "")
            << kind.name << " " << item.item << " " << unit;
      }
      EXPECT_EQ(problem(kind, item, fmt::format("{}", item.min), "furlong"), "unit")
          << kind.name << " " << item.item;
    }
  }
}

TEST(EventKinds, RangesAreTheBoundsMakeEventChecksOnBothSides) {
  std::size_t checked = 0;
  for (const auto& kind : event_kinds()) {
    for (const auto& item : kind.items) {
      const bool numeric = item.value == ValueForm::number ||
                           item.value == ValueForm::optional_number ||
                           item.value == ValueForm::integer || item.value == ValueForm::points;
      if (!numeric) continue;
      const bool whole = item.value == ValueForm::integer || item.value == ValueForm::points;
      const double step = whole ? 1.0 : 0.1;
      const auto unit = whole ? std::string_view() : first_unit(item);
      const auto at = [&](double x) { return problem(kind, item, fmt::format("{}", x), unit); };
      const std::string what = fmt::format("{} {}", kind.name, item.item);
      EXPECT_EQ(at(item.min), "") << what;
      EXPECT_EQ(at(item.max), "") << what;
      EXPECT_EQ(at(item.min - step), "value") << what;
      EXPECT_EQ(at(item.max + step), "value") << what;
      ++checked;
    }
  }
  EXPECT_GT(checked, 50U);  // the vitals, labs, ICE and CAPD items at least
}

TEST(EventKinds, ValueFormsReadAsTheirWords) {
  const auto& kinds = event_kinds();
  const auto item = [&](EventKind k, std::string_view word) {
    for (const auto& i : kinds[static_cast<std::size_t>(k)].items) {
      if (i.item == word) return i;
    }
    ADD_FAILURE() << word;
    return ItemRule{};
  };
  // formats.md: an ICE item is points or NA with the reason; a sign is 1 or 0; oxygen flow is
  // optional; a consciousness level takes no value; sex is text.
  const auto& ice = kinds[static_cast<std::size_t>(EventKind::ice)];
  const auto orientation = item(EventKind::ice, "orientation");
  EXPECT_EQ(orientation.value, ValueForm::points);
  EXPECT_EQ(orientation.max, 4);
  EXPECT_EQ(problem(ice, orientation, "NA", "", "intubated"), "");
  EXPECT_EQ(problem(ice, orientation, "NA", ""), "note");
  const auto& sign = kinds[static_cast<std::size_t>(EventKind::sign)];
  const auto tremor = item(EventKind::sign, "tremor");
  EXPECT_EQ(tremor.value, ValueForm::flag);
  EXPECT_EQ(problem(sign, tremor, "1", ""), "");
  EXPECT_EQ(problem(sign, tremor, "2", ""), "value");
  const auto& oxygen = kinds[static_cast<std::size_t>(EventKind::oxygen)];
  const auto cannula = item(EventKind::oxygen, "nasal_cannula");
  EXPECT_EQ(cannula.value, ValueForm::optional_number);
  EXPECT_EQ(problem(oxygen, cannula, "", ""), "");
  const auto& level = kinds[static_cast<std::size_t>(EventKind::consciousness)];
  const auto voice = item(EventKind::consciousness, "voice");
  EXPECT_EQ(voice.value, ValueForm::none);
  EXPECT_EQ(problem(level, voice, "", ""), "");
  EXPECT_EQ(problem(level, voice, "1", ""), "value");
  EXPECT_EQ(item(EventKind::patient, "sex").value, ValueForm::text);

  std::set<std::string_view> words;
  for (auto form : {ValueForm::none, ValueForm::number, ValueForm::optional_number,
                    ValueForm::points, ValueForm::integer, ValueForm::flag, ValueForm::text}) {
    words.insert(name(form));
  }
  EXPECT_EQ(words.size(), 7U);
  EXPECT_EQ(name(ValueForm::optional_number), "optional_number");
  EXPECT_EQ(name(ValueForm::points), "points");
}

}  // namespace
}  // namespace cytostorm::record
