// Neurotoxicity as pre-2019 trials graded it (clinical-rules.md section 5): the highest CTCAE
// grade among encephalopathy, confusion, dysphasia, seizure and somnolence; not derivable when
// none is graded; death from ICANS is grade 5.

#include "cytostorm/clinical/ctcae_neurotoxicity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {
namespace {

using record::CtcaeNeuroGrades;
using record::DeathCause;

bool has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string show(const GradeResult& r) {
  std::string out = "grade ";
  out += r.grade ? std::to_string(*r.grade) : std::string("not derivable");
  out += ", at_least " + std::to_string(r.at_least) + "; drivers:";
  for (const auto& d : r.drivers) out += " [" + d.finding + " " + std::to_string(d.grade) + "]";
  out += "; missing:";
  for (const auto& m : r.missing) out += " " + m;
  return out;
}

CtcaeNeuroGrades grades(std::optional<int> encephalopathy, std::optional<int> confusion,
                        std::optional<int> dysphasia, std::optional<int> seizure,
                        std::optional<int> somnolence) {
  CtcaeNeuroGrades g;
  g.encephalopathy = encephalopathy;
  g.confusion = confusion;
  g.dysphasia = dysphasia;
  g.seizure = seizure;
  g.somnolence = somnolence;
  return g;
}

const std::vector<std::string> kAllTerms{"ctcae_neuro.encephalopathy", "ctcae_neuro.confusion",
                                         "ctcae_neuro.dysphasia", "ctcae_neuro.seizure",
                                         "ctcae_neuro.somnolence"};

struct Row {
  std::string label;
  CtcaeNeuroGrades neuro;
  std::optional<DeathCause> death;
  std::optional<int> grade;  ///< nothing: not derivable
  std::string top;           ///< expected first driver's finding; empty: no driver
};

constexpr std::nullopt_t none = std::nullopt;

TEST(CtcaeNeurotoxicity, Table) {
  const std::vector<Row> rows{
      {"all five graded 0", grades(0, 0, 0, 0, 0), none, 0, ""},
      {"encephalopathy 2 alone", grades(2, none, none, none, none), none, 2, "encephalopathy"},
      {"confusion 3 alone", grades(none, 3, none, none, none), none, 3, "confusion"},
      {"dysphasia 1 alone", grades(none, none, 1, none, none), none, 1, "dysphasia"},
      {"seizure 4 alone", grades(none, none, none, 4, none), none, 4, "seizure"},
      {"somnolence 2 alone", grades(none, none, none, none, 2), none, 2, "somnolence"},
      {"highest of five: confusion 3", grades(1, 3, 2, 0, 2), none, 3, "confusion"},
      {"highest of five: somnolence 4 last", grades(2, 1, 3, 1, 4), none, 4, "somnolence"},
      {"highest of five: encephalopathy 3 first", grades(3, 1, 0, 2, 1), none, 3, "encephalopathy"},
      {"death from ICANS with no term graded", grades(none, none, none, none, none),
       DeathCause::icans, 5, "death"},
      {"death from ICANS with confusion 2", grades(none, 2, none, none, none), DeathCause::icans, 5,
       "death"},
      {"death from CRS is not neurotoxicity: confusion 2", grades(none, 2, none, none, none),
       DeathCause::crs, 2, "confusion"},
      {"none graded: not derivable", grades(none, none, none, none, none), none, none, ""},
      {"none graded, death from CRS: not derivable", grades(none, none, none, none, none),
       DeathCause::crs, none, ""},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.label);
    record::Snapshot s;
    s.ctcae_neuro = row.neuro;
    s.death = row.death;
    const GradeResult r = grade_ctcae_neurotoxicity(s);
    EXPECT_EQ(r.scale, "ctcae_neuro");
    if (row.grade) {
      EXPECT_TRUE(r.grade.has_value()) << show(r);
      EXPECT_EQ(r.grade.value_or(-1), *row.grade) << show(r);
      EXPECT_EQ(r.at_least, *row.grade) << show(r);
      EXPECT_TRUE(r.missing.empty()) << show(r);
    } else {
      EXPECT_FALSE(r.grade.has_value()) << show(r);
      EXPECT_EQ(r.at_least, 0) << show(r);
      for (const auto& term : kAllTerms) EXPECT_TRUE(has(r.missing, term)) << term << show(r);
    }
    if (row.top.empty()) {
      EXPECT_TRUE(r.drivers.empty()) << show(r);
    } else {
      ASSERT_FALSE(r.drivers.empty()) << show(r);
      EXPECT_EQ(r.drivers.front().finding, row.top) << show(r);
      EXPECT_EQ(r.drivers.front().grade, *row.grade) << show(r);
    }
  }
}

TEST(CtcaeNeurotoxicity, IgnoresAstctFindings) {
  // The pre-2019 grade rests on the CTCAE terms only: an ICE score or a seizure in the ASTCT
  // domain without CTCAE terms leaves it not derivable.
  record::Snapshot s;
  s.seizure = record::Seizure::prolonged;
  s.consciousness = record::Consciousness::unarousable;
  const GradeResult r = grade_ctcae_neurotoxicity(s);
  EXPECT_FALSE(r.grade.has_value()) << show(r);
  EXPECT_EQ(r.missing.size(), kAllTerms.size()) << show(r);
}

TEST(CtcaeNeurotoxicity, CitesCtcae) {
  record::Snapshot s;
  s.ctcae_neuro.confusion = 2;
  const GradeResult r = grade_ctcae_neurotoxicity(s);
  EXPECT_EQ(r.citation.short_name, "CTCAE v4.03");
  EXPECT_NE(r.rule().find("CTCAE"), std::string::npos) << r.rule();
}

}  // namespace
}  // namespace cytostorm::clinical
