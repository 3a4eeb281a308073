// The names users give the open choices of the rules: each choice once, each name once.
#include "cytostorm/clinical/rule_options.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string_view>

namespace cytostorm::clinical {
namespace {

template <typename Names>
void expect_one_name_per_choice(const Names& names) {
  std::set<std::string_view> seen_names;
  std::set<int> seen_values;
  for (const auto& [name, value] : names) {
    EXPECT_TRUE(seen_names.insert(name).second) << name;
    EXPECT_TRUE(seen_values.insert(static_cast<int>(value)).second) << name;
  }
}

TEST(RuleOptionNames, NameEveryChoiceOnceAndTheDefaultFirst) {
  expect_one_name_per_choice(kFeverMaskingNames);
  expect_one_name_per_choice(kCapdAgeCutoffNames);
  const RuleOptions defaults;
  EXPECT_EQ(kFeverMaskingNames.front().second, defaults.fever_masking);
  EXPECT_EQ(kCapdAgeCutoffNames.front().second, defaults.capd_age_cutoff);
  EXPECT_EQ(kCapdAgeCutoffNames[1].first, "up-to-12");
  EXPECT_EQ(kFeverMaskingNames[1].first, "anticytokine-only");
}

}  // namespace
}  // namespace cytostorm::clinical
