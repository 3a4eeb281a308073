// The CAPD (clinical-rules.md section 4): reverse scoring of the first four items, totals and the
// positive screen.

#include "cytostorm/clinical/capd.hpp"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <stdexcept>
#include <string>

#include "cytostorm/record/snapshot.hpp"
#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::clinical {
namespace {

using record::CapdFrequency;
using record::CapdInput;
using record::CapdItem;

using Answers = std::array<CapdFrequency, 8>;

Answers all(CapdFrequency f) {
  Answers a;
  a.fill(f);
  return a;
}

/// Answers that score 0: the reverse-scored items "always", the others "never".
Answers healthy() {
  Answers a;
  for (int i = 0; i < 4; ++i) a[static_cast<std::size_t>(i)] = CapdFrequency::always;
  for (int i = 4; i < 8; ++i) a[static_cast<std::size_t>(i)] = CapdFrequency::never;
  return a;
}

CapdInput answers(const Answers& a) {
  return CapdInput{a, std::nullopt, false};
}

int total_of(const CapdInput& in) {
  auto s = score_capd(in);
  EXPECT_TRUE(s.total.has_value());
  return s.total.value_or(-1);
}

TEST(CapdPoints, FirstFourItemsAreReverseScored) {
  for (auto item :
       {CapdItem::eye_contact, CapdItem::purposeful, CapdItem::aware, CapdItem::communicates}) {
    SCOPED_TRACE(std::string(record::name(item)));
    EXPECT_EQ(capd_points(item, CapdFrequency::never), 4);
    EXPECT_EQ(capd_points(item, CapdFrequency::rarely), 3);
    EXPECT_EQ(capd_points(item, CapdFrequency::sometimes), 2);
    EXPECT_EQ(capd_points(item, CapdFrequency::often), 1);
    EXPECT_EQ(capd_points(item, CapdFrequency::always), 0);
  }
}

TEST(CapdPoints, LastFourItemsAreScoredForward) {
  for (auto item : {CapdItem::restless, CapdItem::inconsolable, CapdItem::underactive,
                    CapdItem::slow_response}) {
    SCOPED_TRACE(std::string(record::name(item)));
    EXPECT_EQ(capd_points(item, CapdFrequency::never), 0);
    EXPECT_EQ(capd_points(item, CapdFrequency::rarely), 1);
    EXPECT_EQ(capd_points(item, CapdFrequency::sometimes), 2);
    EXPECT_EQ(capd_points(item, CapdFrequency::often), 3);
    EXPECT_EQ(capd_points(item, CapdFrequency::always), 4);
  }
}

TEST(CapdScore, AllNeverIs16) {
  EXPECT_EQ(total_of(answers(all(CapdFrequency::never))), 16);
}

TEST(CapdScore, AllAlwaysIs16) {
  EXPECT_EQ(total_of(answers(all(CapdFrequency::always))), 16);
}

TEST(CapdScore, AllSometimesIs16) {
  EXPECT_EQ(total_of(answers(all(CapdFrequency::sometimes))), 16);
}

TEST(CapdScore, HealthyChildIs0) {
  auto s = score_capd(answers(healthy()));
  ASSERT_TRUE(s.total.has_value());
  EXPECT_EQ(*s.total, 0);
  EXPECT_FALSE(s.positive);
}

TEST(CapdScore, WorstAnswersAre32) {
  Answers a;
  for (int i = 0; i < 4; ++i) a[static_cast<std::size_t>(i)] = CapdFrequency::never;
  for (int i = 4; i < 8; ++i) a[static_cast<std::size_t>(i)] = CapdFrequency::always;
  auto s = score_capd(answers(a));
  ASSERT_TRUE(s.total.has_value());
  EXPECT_EQ(*s.total, 32);
  EXPECT_TRUE(s.positive);
}

TEST(CapdScore, EyeContactNeverRestHealthyIs4) {
  auto a = healthy();
  a[static_cast<std::size_t>(CapdItem::eye_contact)] = CapdFrequency::never;
  EXPECT_EQ(total_of(answers(a)), 4);
}

TEST(CapdScore, RestlessAlwaysRestHealthyIs4) {
  auto a = healthy();
  a[static_cast<std::size_t>(CapdItem::restless)] = CapdFrequency::always;
  EXPECT_EQ(total_of(answers(a)), 4);
}

TEST(CapdScore, MixedAnswers) {
  // eye contact never (4), purposeful rarely (3), aware often (1), communicates always (0),
  // restless sometimes (2), inconsolable never (0), underactive often (3), slow always (4) = 17.
  Answers a{CapdFrequency::never,  CapdFrequency::rarely,    CapdFrequency::often,
            CapdFrequency::always, CapdFrequency::sometimes, CapdFrequency::never,
            CapdFrequency::often,  CapdFrequency::always};
  EXPECT_EQ(total_of(answers(a)), 17);
}

TEST(CapdScore, NineIsPositiveEightIsNot) {
  EXPECT_EQ(kCapdPositive, 9);
  auto nine = score_capd(CapdInput{std::nullopt, 9, false});
  EXPECT_TRUE(nine.positive);
  auto eight = score_capd(CapdInput{std::nullopt, 8, false});
  EXPECT_FALSE(eight.positive);

  // The same boundary from answers: eye contact never (4) + aware never (4) + restless rarely (1).
  auto a = healthy();
  a[static_cast<std::size_t>(CapdItem::eye_contact)] = CapdFrequency::never;
  a[static_cast<std::size_t>(CapdItem::aware)] = CapdFrequency::never;
  a[static_cast<std::size_t>(CapdItem::restless)] = CapdFrequency::rarely;
  auto from_answers = score_capd(answers(a));
  ASSERT_TRUE(from_answers.total.has_value());
  EXPECT_EQ(*from_answers.total, 9);
  EXPECT_TRUE(from_answers.positive);
  a[static_cast<std::size_t>(CapdItem::restless)] = CapdFrequency::never;
  auto below = score_capd(answers(a));
  ASSERT_TRUE(below.total.has_value());
  EXPECT_EQ(*below.total, 8);
  EXPECT_FALSE(below.positive);
}

TEST(CapdScore, TotalOutOfRangeThrows) {
  EXPECT_THROW(score_capd(CapdInput{std::nullopt, 33, false}), std::invalid_argument);
  EXPECT_THROW(score_capd(CapdInput{std::nullopt, -1, false}), std::invalid_argument);
  EXPECT_NO_THROW(score_capd(CapdInput{std::nullopt, 32, false}));
  EXPECT_NO_THROW(score_capd(CapdInput{std::nullopt, 0, false}));
}

TEST(CapdScore, TotalDifferingFromAnswersThrows) {
  EXPECT_THROW(score_capd(CapdInput{all(CapdFrequency::never), 15, false}), std::invalid_argument);
  EXPECT_EQ(total_of(CapdInput{all(CapdFrequency::never), 16, false}), 16);
}

TEST(CapdScore, UnableToPerformHasNoTotal) {
  auto s = score_capd(CapdInput{std::nullopt, std::nullopt, true});
  EXPECT_TRUE(s.unable_to_perform);
  EXPECT_FALSE(s.total.has_value());
  EXPECT_FALSE(s.positive);
}

}  // namespace
}  // namespace cytostorm::clinical
