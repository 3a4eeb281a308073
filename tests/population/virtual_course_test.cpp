// One virtual patient from the data folder's names: simulated as `cytostorm simulate` does,
// with the errors of a wrong product, parameter or policy, and the policy presets listed.
#include "cytostorm/population/virtual_course.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace cytostorm::population {
namespace {

const std::string kData = CYTOSTORM_SOURCE_DIR "/data";

TEST(VirtualCourse, SimulatesAPresetPatient) {
  VirtualCourseSpec spec;
  spec.product = "tisa-cel";
  spec.days = 1.0;
  const auto course = simulate_virtual_course(spec, kData);
  ASSERT_TRUE(course.ok()) << course.error().to_string();
  EXPECT_EQ(course.value().record.patient_id, "virtual-tisa-cel");
  EXPECT_EQ(course.value().policy, "standard");
  EXPECT_EQ(course.value().rows.size(), 25U);  // hourly samples, 0..24 h
  EXPECT_EQ(course.value().rows.back().front(), 1.0);
}

TEST(VirtualCourse, NamesWhatIsWrong) {
  VirtualCourseSpec spec;
  spec.product = "no-cel";
  EXPECT_FALSE(simulate_virtual_course(spec, kData).ok());
  spec.product = "axi-cel";
  spec.parameters = {{"no_such_parameter", 1.0}};
  const auto param = simulate_virtual_course(spec, kData);
  ASSERT_FALSE(param.ok());
  EXPECT_EQ(param.error().file, "simulate");
  EXPECT_EQ(param.error().column, "--param no_such_parameter");
  spec.parameters.clear();
  spec.policy = "no-policy";
  EXPECT_FALSE(simulate_virtual_course(spec, kData).ok());
  spec.policy = "standard";
  spec.days = 0.0;
  const auto days = simulate_virtual_course(spec, kData);
  ASSERT_FALSE(days.ok());
  EXPECT_EQ(days.error().file, "simulate");
}

TEST(VirtualCourse, ListsThePolicyPresets) {
  const auto names = policy_presets(kData);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_NE(std::find(names.begin(), names.end(), "standard"), names.end());
  EXPECT_TRUE(policy_presets("/nonexistent").empty());
}

}  // namespace
}  // namespace cytostorm::population
