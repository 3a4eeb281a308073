// The organ-toxicity domain shared by Lee 2014 and CARTOX (clinical-rules.md section 5): grade 2
// organ toxicity is CRS grade 2, grade 3 (or grade 4 transaminitis) is grade 3, grade 4 other than
// transaminitis is grade 4; grade 1 counts only in CARTOX.

#include "cytostorm/clinical/organ_toxicity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/clinical/older_crs_scales.hpp"
#include "cytostorm/clinical/sources.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {
namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

struct Row {
  std::string label;
  std::optional<int> organ;          ///< organ_toxicity_max_grade
  std::optional<int> transaminitis;  ///< transaminitis_grade
  int lee;                           ///< CRS grade with grade1_counts = false (Lee 2014)
  int cartox;                        ///< CRS grade with grade1_counts = true (CARTOX)
};

GradeResult run(const Row& row, bool grade1_counts) {
  record::Snapshot s;
  s.organ_toxicity_max_grade = row.organ;
  s.transaminitis_grade = row.transaminitis;
  GradeBuilder b;
  grade_organ_toxicity(s, grade1_counts, b);
  return std::move(b).result("test", sources::lee2014.cite("organ toxicity"));
}

const std::vector<Row>& rows() {
  static const std::vector<Row> table{
      {"nothing recorded", std::nullopt, std::nullopt, 0, 0},
      {"organ grade 0", 0, std::nullopt, 0, 0},
      {"transaminitis grade 0", std::nullopt, 0, 0, 0},
      {"organ grade 1: CARTOX only", 1, std::nullopt, 0, 1},
      {"transaminitis grade 1: CARTOX only", std::nullopt, 1, 0, 1},
      {"organ grade 2", 2, std::nullopt, 2, 2},
      {"transaminitis grade 2", std::nullopt, 2, 2, 2},
      {"organ grade 3", 3, std::nullopt, 3, 3},
      {"transaminitis grade 3", std::nullopt, 3, 3, 3},
      {"organ grade 4 -> 4", 4, std::nullopt, 4, 4},
      {"transaminitis grade 4 counts as 3", std::nullopt, 4, 3, 3},
      {"organ 2 and transaminitis 4: the higher, 3", 2, 4, 3, 3},
      {"organ 4 and transaminitis 4: 4 from the organ", 4, 4, 4, 4},
      {"organ 1 and transaminitis 2", 1, 2, 2, 2},
  };
  return table;
}

TEST(OrganToxicity, GradeTable) {
  for (const auto& row : rows()) {
    SCOPED_TRACE(row.label);
    for (const bool grade1_counts : {false, true}) {
      SCOPED_TRACE(grade1_counts ? "grade 1 counts (CARTOX)" : "grade 1 does not count (Lee)");
      const int expected = grade1_counts ? row.cartox : row.lee;
      const GradeResult r = run(row, grade1_counts);
      EXPECT_TRUE(r.grade.has_value());
      EXPECT_EQ(r.grade.value_or(-1), expected);
      EXPECT_TRUE(r.missing.empty());
      if (expected == 0) {
        EXPECT_TRUE(r.drivers.empty());
      } else {
        ASSERT_FALSE(r.drivers.empty());
        EXPECT_EQ(r.drivers.front().finding, "organ_toxicity");
        EXPECT_EQ(r.drivers.front().grade, expected);
        for (const auto& d : r.drivers) EXPECT_EQ(d.finding, "organ_toxicity");
      }
    }
  }
}

TEST(OrganToxicity, Grade4TransaminitisSaysItCountsAsGrade3) {
  const Row row{"transaminitis 4", std::nullopt, 4, 3, 3};
  const GradeResult r = run(row, false);
  ASSERT_EQ(r.drivers.size(), 1u);
  EXPECT_EQ(r.drivers.front().grade, 3);
  EXPECT_TRUE(contains(r.drivers.front().text, "transaminitis")) << r.drivers.front().text;
  EXPECT_TRUE(contains(r.drivers.front().text, "counts as grade 3")) << r.drivers.front().text;
}

TEST(OrganToxicity, BothFindingsAreListedHighestFirst) {
  const Row row{"organ 2, transaminitis 3", 2, 3, 3, 3};
  const GradeResult r = run(row, false);
  ASSERT_EQ(r.drivers.size(), 2u);
  EXPECT_EQ(r.drivers[0].grade, 3);
  EXPECT_TRUE(contains(r.drivers[0].text, "transaminitis")) << r.drivers[0].text;
  EXPECT_EQ(r.drivers[1].grade, 2);
  EXPECT_TRUE(contains(r.drivers[1].text, "organ toxicity")) << r.drivers[1].text;
}

TEST(OrganToxicity, ScalesUseTheDomainAsSpecified) {
  // Through the scales: CARTOX counts grade 1 organ toxicity, Lee 2014 does not; grade 4
  // transaminitis is 3 on both; grade 4 organ toxicity is 4 on both.
  record::Snapshot s;
  s.organ_toxicity_max_grade = 1;
  EXPECT_EQ(grade_lee2014(s).grade.value_or(-1), 0);
  EXPECT_EQ(grade_cartox_crs(s).grade.value_or(-1), 1);
  s.organ_toxicity_max_grade.reset();
  s.transaminitis_grade = 4;
  EXPECT_EQ(grade_lee2014(s).grade.value_or(-1), 3);
  EXPECT_EQ(grade_cartox_crs(s).grade.value_or(-1), 3);
  s.transaminitis_grade.reset();
  s.organ_toxicity_max_grade = 4;
  EXPECT_EQ(grade_lee2014(s).grade.value_or(-1), 4);
  EXPECT_EQ(grade_cartox_crs(s).grade.value_or(-1), 4);
}

}  // namespace
}  // namespace cytostorm::clinical
