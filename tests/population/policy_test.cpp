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
  EXPECT_EQ(policy.tocilizumab_crs_grade, 2);
  EXPECT_EQ(policy.dexamethasone_icans_grade, 2);
  EXPECT_EQ(policy.tocilizumab_max_dose_mg, 800.0);
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
  EXPECT_NE(message.find("key \"fluids.bolus_mls\": unknown key"), std::string::npos) << message;
  EXPECT_GT(p.error().line, 0u);
  std::remove(path.c_str());
}

TEST(Policy, OutOfRangeAndWrongTypesAreErrors) {
  std::string text = standard_text();
  text.replace(text.find("max_dose_mg = 800"), 17, "max_dose_mg = 900");
  auto path = write_temp(text);
  auto p = load_policy(path);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("900 is out of range (0 to 800)"), std::string::npos)
      << p.error().to_string();
  std::remove(path.c_str());

  text = standard_text();
  text.replace(text.find("max_per_24h = 3"), 15, "max_per_24h = \"three\"");
  path = write_temp(text);
  p = load_policy(path);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("tocilizumab.max_per_24h\": expected an integer"),
            std::string::npos)
      << p.error().to_string();
  std::remove(path.c_str());

  text = standard_text();
  text.replace(text.find("device = \"bipap\""), 16, "device = \"tent\"");
  path = write_temp(text);
  p = load_policy(path);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("unknown device \"tent\""), std::string::npos)
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
