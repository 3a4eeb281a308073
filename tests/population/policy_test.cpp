#include "cytostorm/population/policy.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace cytostorm::population {
namespace {

const std::string kData = std::string(CYTOSTORM_SOURCE_DIR) + "/data";

std::string write_temp(const std::string& text) {
  char name[] = "/tmp/cytostorm-policy-XXXXXX";
  const int fd = mkstemp(name);
  EXPECT_GE(fd, 0);
  std::FILE* f = fdopen(fd, "w");
  std::fputs(text.c_str(), f);
  std::fclose(f);
  return name;
}

std::string standard_text() {
  std::ifstream in(kData + "/policies/standard.toml");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(Policy, StandardPolicyLoadsWithTheIssueDefaults) {
  const auto p = load_policy(policy_path(kData, "standard"));
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  const Policy& policy = p.value();
  EXPECT_EQ(policy.name, "standard");
  EXPECT_EQ(policy.vitals_every_hours, 4.0);
  EXPECT_EQ(policy.ice_every_hours, 12.0);
  EXPECT_EQ(policy.guideline, "asco-2021");
  EXPECT_TRUE(policy.added_rows.empty());
  EXPECT_EQ(policy.response_after_hours, 8.0);
  ASSERT_FALSE(policy.oxygen_steps.empty());
  EXPECT_EQ(policy.oxygen_steps.front().device, record::OxygenDevice::nasal_cannula);
  EXPECT_EQ(policy.oxygen_steps.back().device, record::OxygenDevice::mechanical_ventilation);
  EXPECT_TRUE(policy.prophylactic_dexamethasone_days.empty());
}

TEST(Policy, PolicyPathTakesANameOrAPath) {
  EXPECT_EQ(policy_path("/d", "standard"), "/d/policies/standard.toml");
  EXPECT_EQ(policy_path("/d", "my/own.toml"), "my/own.toml");
}

TEST(Policy, UnknownKeyNamesTheLineAndKey) {
  std::string text = standard_text();
  const auto at = text.find("bolus_ml = 1000");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 15, "bolus_mls = 1000");
  const auto path = write_temp(text);
  const auto p = load_policy(path);
  ASSERT_FALSE(p.ok());
  const auto message = p.error().to_string();
  EXPECT_NE(message.find(path + ":"), std::string::npos) << message;
  EXPECT_NE(message.find(":38: column 1: key \"fluids.bolus_mls\": unknown key (accepted here: "
                         "map_below_mmhg, bolus_ml,"),
            std::string::npos)
      << message;
  EXPECT_GT(p.error().line, 0u);
  std::remove(path.c_str());
}

// The error of the standard policy with `from` replaced by `to`, without the file name.
std::string error_of(const std::string& from, const std::string& to) {
  std::string text = standard_text();
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  const auto path = write_temp(text);
  const auto p = load_policy(path);
  std::remove(path.c_str());
  EXPECT_FALSE(p.ok()) << to;
  return p.ok() ? "loaded" : p.error().to_string().substr(path.size());
}

TEST(Policy, AWindowJustLongerThanTheBolusRoundsLoads) {
  std::string text = standard_text();
  text.replace(text.find("window_hours = 12"), 17, "window_hours = 8.5");
  const auto path = write_temp(text);
  const auto p = load_policy(path);
  std::remove(path.c_str());
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  EXPECT_DOUBLE_EQ(p.value().fluids_window_hours, 8.5);
}

TEST(Policy, OutOfRangeAndWrongTypesAreErrors) {
  EXPECT_EQ(error_of("bolus_ml = 1000", "bolus_ml = 5000"),
            ":38: column 12: key \"fluids.bolus_ml\": 5000 is out of range (0 to 3000)");
  EXPECT_EQ(error_of("vitals_every_hours = 4", "vitals_every_hours = \"four\""),
            ":31: column 22: key \"monitoring.vitals_every_hours\": expected a number, got a "
            "string");
  EXPECT_EQ(error_of("boluses_before_vasopressor = 2", "boluses_before_vasopressor = 2.5"),
            ":39: column 30: key \"fluids.boluses_before_vasopressor\": expected an integer, got "
            "a floating-point number");
  const auto device = error_of("device = \"bipap\"", "device = \"tent\"");
  EXPECT_NE(device.find("key \"oxygen.steps[4].device\": unknown value \"tent\" (accepted: "
                        "room_air, blow_by,"),
            std::string::npos)
      << device;
  EXPECT_NE(error_of("guideline = \"asco-2021\"", "guideline = 2021")
                .find("key \"guideline\": expected a string, got an integer"),
            std::string::npos);
  // Two boluses a round apart (4 h) do not fit in an 8 h window: no vasopressor would ever start.
  EXPECT_NE(error_of("window_hours = 12", "window_hours = 8")
                .find("key \"fluids.window_hours\": 8 h cannot hold the 2 boluses (one per round, "
                      "rounds every 4 h) that come before a vasopressor: make it longer than 8 h"),
            std::string::npos);
  EXPECT_NE(error_of("wean_map_above_mmhg = 75", "wean_map_above_mmhg = 60")
                .find("key \"vasopressor.wean_map_above_mmhg\": must be above map_below_mmhg"),
            std::string::npos);
}

TEST(Policy, AddedRowsAreReadLikeGuidelineRowsAndCitedAsThePolicy) {
  const std::string row = R"(
[[added_row]]
id = "early-tocilizumab CRS-1"
syndrome = "crs"
grades = [1]
when = "always"
action = "tocilizumab"
text = "Tocilizumab from CRS grade 1."
part = "policy"
verified = true
repeat_if_no_improvement = true
)";
  auto path = write_temp(standard_text() + row);
  auto p = load_policy(path);
  std::remove(path.c_str());
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  ASSERT_EQ(p.value().added_rows.size(), 1u);
  const auto& added = p.value().added_rows.front();
  EXPECT_EQ(added.id, "early-tocilizumab CRS-1");
  EXPECT_EQ(added.grade_min, 1);
  EXPECT_EQ(added.action, clinical::Action::tocilizumab);
  EXPECT_EQ(added.source, "policy standard");
  path = write_temp(standard_text() + row.substr(0, row.find("action")) +
                    "action = \"tocilizumab_early\"\n");
  p = load_policy(path);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().to_string().find(path +
                                       ":72: column 10: key \"added_row[0].action\": unknown value "
                                       "\"tocilizumab_early\""),
            std::string::npos)
      << p.error().to_string();
  std::remove(path.c_str());
}

TEST(Policy, MalformedTomlAndMissingFileAreErrors) {
  const auto path = write_temp("name = \"x\"\n[fluids\n");
  const auto p = load_policy(path);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("malformed TOML"), std::string::npos);
  EXPECT_EQ(p.error().line, 2u);
  std::remove(path.c_str());
  const auto missing = load_policy("/nonexistent/policy.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().to_string().find("/nonexistent/policy.toml"), std::string::npos);
}

}  // namespace
}  // namespace cytostorm::population
