// A possible infusion reaction (clinical-rules.md section 6, [R]): signs starting at or after the
// infusion start and less than the window after it; the window is an option.
#include "cytostorm/clinical/infusion_reaction.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cytostorm::clinical {
namespace {

TEST(InfusionReaction, WindowIsHalfOpen) {
  EXPECT_TRUE(infusion_reaction_flag({{0.0, "temperature 38.2 C"}}, 0.0, 6.0));
  EXPECT_TRUE(infusion_reaction_flag({{5.9, "temperature 38.2 C"}}, 0.0, 6.0));
  EXPECT_FALSE(infusion_reaction_flag({{6.0, "temperature 38.2 C"}}, 0.0, 6.0));
  EXPECT_FALSE(infusion_reaction_flag({{-0.5, "temperature 38.2 C"}}, 0.0, 6.0));
  EXPECT_FALSE(infusion_reaction_flag({}, 0.0, 6.0));
}

TEST(InfusionReaction, WindowIsAnOptionAndFollowsTheInfusionStart) {
  EXPECT_TRUE(infusion_reaction_flag({{7.0, "sign: tremor"}}, 0.0, 8.0));
  EXPECT_TRUE(infusion_reaction_flag({{7.0, "sign: tremor"}}, 2.0, 6.0));
  EXPECT_FALSE(infusion_reaction_flag({{1.0, "sign: tremor"}}, 2.0, 6.0));
}

TEST(InfusionReaction, FlagSaysNotCrsAndIsUnverified) {
  const auto f = infusion_reaction_flag(
      {{2.0, "hypotension (clinician assessment)"}, {30.0, "temperature 38.5 C"}}, 0.0, 6.0);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->key, "possible_infusion_reaction");
  EXPECT_EQ(f->title, "possible infusion reaction, not CRS");
  ASSERT_EQ(f->evidence.size(), 1U);
  EXPECT_EQ(f->evidence[0],
            "hypotension (clinician assessment) at 2 h, 2 h after the infusion started");
  EXPECT_FALSE(f->citation.verified);
}

}  // namespace
}  // namespace cytostorm::clinical
