// The ICE score (clinical-rules.md section 3): item ranges, totals, not-assessable items and the
// ASTCT ICE domain bands.

#include "cytostorm/clinical/ice.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

#include "cytostorm/record/snapshot.hpp"
#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::clinical {
namespace {

using record::IceInput;
using record::IceItem;
using record::ScoreItem;

ScoreItem pts(int p) {
  return ScoreItem{p, ""};
}

IceInput items(int a, int b, int c, int d, int e) {
  return IceInput{std::array<ScoreItem, 5>{pts(a), pts(b), pts(c), pts(d), pts(e)}, std::nullopt};
}

IceInput total_only(int t) {
  return IceInput{std::nullopt, t};
}

TEST(IceScore, ItemMaximaFollowTheTable) {
  EXPECT_EQ(kIceItemMax, (std::array<int, 5>{4, 3, 1, 1, 1}));
  int sum = 0;
  for (int m : kIceItemMax) sum += m;
  EXPECT_EQ(sum, 10);
}

TEST(IceScore, FullMarksAreTen) {
  auto s = score_ice(items(4, 3, 1, 1, 1));
  ASSERT_TRUE(s.total.has_value());
  EXPECT_EQ(*s.total, 10);
  EXPECT_EQ(s.assessed_points, 10);
  EXPECT_EQ(s.assessable_max, 10);
  EXPECT_TRUE(s.not_assessable.empty());
  EXPECT_TRUE(s.items.has_value());
}

TEST(IceScore, ItemsAreSummed) {
  auto s = score_ice(items(2, 1, 0, 1, 0));
  ASSERT_TRUE(s.total.has_value());
  EXPECT_EQ(*s.total, 4);
}

TEST(IceScore, ZeroIsAValidScore) {
  auto s = score_ice(items(0, 0, 0, 0, 0));
  ASSERT_TRUE(s.total.has_value());
  EXPECT_EQ(*s.total, 0);
}

TEST(IceScore, TotalOnly) {
  for (int t = 0; t <= 10; ++t) {
    auto s = score_ice(total_only(t));
    ASSERT_TRUE(s.total.has_value()) << t;
    EXPECT_EQ(*s.total, t);
    EXPECT_EQ(s.assessed_points, t);
    EXPECT_FALSE(s.items.has_value());
  }
}

TEST(IceScore, EachItemAboveItsMaximumThrows) {
  for (std::size_t i = 0; i < kIceItemMax.size(); ++i) {
    SCOPED_TRACE(std::string(record::name(static_cast<IceItem>(i))));
    std::array<int, 5> p{0, 0, 0, 0, 0};
    p[i] = kIceItemMax[i];
    EXPECT_NO_THROW(score_ice(items(p[0], p[1], p[2], p[3], p[4])));
    p[i] = kIceItemMax[i] + 1;
    EXPECT_THROW(score_ice(items(p[0], p[1], p[2], p[3], p[4])), std::invalid_argument);
    p[i] = -1;
    EXPECT_THROW(score_ice(items(p[0], p[1], p[2], p[3], p[4])), std::invalid_argument);
  }
}

TEST(IceScore, SpecificOutOfRangeItems) {
  EXPECT_THROW(score_ice(items(5, 0, 0, 0, 0)), std::invalid_argument);  // orientation max 4
  EXPECT_THROW(score_ice(items(0, 4, 0, 0, 0)), std::invalid_argument);  // naming max 3
  EXPECT_THROW(score_ice(items(0, 0, 2, 0, 0)), std::invalid_argument);  // commands max 1
  EXPECT_THROW(score_ice(items(0, 0, 0, 2, 0)), std::invalid_argument);  // writing max 1
  EXPECT_THROW(score_ice(items(0, 0, 0, 0, 2)), std::invalid_argument);  // attention max 1
}

TEST(IceScore, TotalOutOfRangeThrows) {
  EXPECT_THROW(score_ice(total_only(11)), std::invalid_argument);
  EXPECT_THROW(score_ice(total_only(-1)), std::invalid_argument);
}

TEST(IceScore, TotalDifferingFromItemSumThrows) {
  auto in = items(4, 3, 1, 1, 0);
  in.total = 10;
  EXPECT_THROW(score_ice(in), std::invalid_argument);
  in.total = 9;
  auto s = score_ice(in);
  ASSERT_TRUE(s.total.has_value());
  EXPECT_EQ(*s.total, 9);
}

TEST(IceScore, NotAssessableItemLeavesNoTotal) {
  IceInput in{std::array<ScoreItem, 5>{pts(4), ScoreItem{std::nullopt, "intubated"}, pts(1), pts(1),
                                       pts(1)},
              std::nullopt};
  auto s = score_ice(in);
  EXPECT_FALSE(s.total.has_value());
  EXPECT_EQ(s.assessed_points, 7);
  EXPECT_EQ(s.assessable_max, 7);
  ASSERT_EQ(s.not_assessable.size(), 1u);
  EXPECT_EQ(s.not_assessable.front().first, IceItem::naming);
  EXPECT_EQ(s.not_assessable.front().second, "intubated");
}

TEST(IceScore, NotAssessableItemIsNotScoredZeroEvenWithATotal) {
  // A total sent alongside a not-assessable item must not turn the item into 0.
  IceInput in{
      std::array<ScoreItem, 5>{pts(4), pts(3), pts(1), ScoreItem{std::nullopt, "visual"}, pts(1)},
      9};
  auto s = score_ice(in);
  EXPECT_FALSE(s.total.has_value());
  EXPECT_EQ(s.assessed_points, 9);
  EXPECT_EQ(s.assessable_max, 9);
}

TEST(IceScore, SeveralNotAssessableItemsAreAllListed) {
  IceInput in{std::array<ScoreItem, 5>{ScoreItem{std::nullopt, "language"}, pts(3), pts(1),
                                       ScoreItem{std::nullopt, "motor"}, pts(0)},
              std::nullopt};
  auto s = score_ice(in);
  EXPECT_FALSE(s.total.has_value());
  ASSERT_EQ(s.not_assessable.size(), 2u);
  EXPECT_EQ(s.not_assessable[0].first, IceItem::orientation);
  EXPECT_EQ(s.not_assessable[1].first, IceItem::writing);
  EXPECT_EQ(s.assessed_points, 4);
  EXPECT_EQ(s.assessable_max, 5);
}

TEST(IceDomainGrade, Bands) {
  const int expected[11] = {3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 0};
  for (int t = 0; t <= 10; ++t) {
    EXPECT_EQ(ice_domain_grade(t), expected[t]) << "ICE " << t;
  }
}

TEST(IceDomainGrade, OutOfRangeThrows) {
  EXPECT_THROW(ice_domain_grade(-1), std::invalid_argument);
  EXPECT_THROW(ice_domain_grade(11), std::invalid_argument);
}

}  // namespace
}  // namespace cytostorm::clinical
