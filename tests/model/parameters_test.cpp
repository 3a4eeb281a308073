#include "cytostorm/model/parameters.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "cytostorm/model/virtual_patient.hpp"
#include "model/patient_course.hpp"

namespace cytostorm::model {
namespace {

using testing::default_parameters;
using testing::kDataDir;

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("cytostorm_model_" + name);
  std::ofstream(path) << text;
  return path.string();
}

const char* kValid = R"([[parameter]]
name = "il6_elimination_rate"
value = 3.96
unit = "1/day"
source = "Hardiansyah & Ng 2019"
mechanism = "cytokine_cascade"
description = "IL-6 elimination."
)";

TEST(ParametersFile, LoadsAndEveryParameterHasUnitSourceAndMechanism) {
  auto loaded = Parameters::load(kDataDir + "/model/parameters.toml");
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  const Parameters& p = loaded.value();
  EXPECT_GT(p.all().size(), 50u);
  std::map<std::string, int> per_mechanism;
  int assumed = 0;
  for (const ParameterInfo& info : p.all()) {
    EXPECT_FALSE(info.unit.empty()) << info.name;
    EXPECT_FALSE(info.source.empty()) << info.name;
    EXPECT_FALSE(info.description.empty()) << info.name;
    EXPECT_NE(std::find(kMechanisms.begin(), kMechanisms.end(), info.mechanism), kMechanisms.end())
        << info.name << " has mechanism " << info.mechanism;
    EXPECT_TRUE(std::isfinite(info.value)) << info.name;
    ++per_mechanism[info.mechanism];
    if (info.source == "assumed") ++assumed;
  }
  for (std::string_view mechanism : kMechanisms) {
    EXPECT_GT(per_mechanism[std::string(mechanism)], 0) << "no parameter for " << mechanism;
    std::cout << "[ parameters ] " << mechanism << ": " << per_mechanism[std::string(mechanism)]
              << "\n";
  }
  std::cout << "[ parameters ] " << p.all().size() << " parameters, " << assumed << " assumed\n";
  ::testing::Test::RecordProperty("parameters", static_cast<int>(p.all().size()));
  ::testing::Test::RecordProperty("assumed", assumed);
}

TEST(ParametersFile, AnchorValuesAreTheSpecNumbers) {
  const Parameters& p = default_parameters();
  EXPECT_DOUBLE_EQ(p["ifng_elimination_rate"], 1.51);
  EXPECT_DOUBLE_EQ(p["il6_elimination_rate"], 3.96);
  EXPECT_DOUBLE_EQ(p["homeostatic_consumption_ratio"], 5.0);
  EXPECT_DOUBLE_EQ(p["car_t_memory_decline_rate"], 0.0032);
  EXPECT_DOUBLE_EQ(p["ang2_reference_pg_ml"], 1439);
  EXPECT_DOUBLE_EQ(p["tocilizumab_clearance_l_day"], 0.3);
  EXPECT_DOUBLE_EQ(p["tocilizumab_central_volume_l"], 3.5);
  EXPECT_DOUBLE_EQ(p["tocilizumab_intercompartmental_clearance_l_day"], 0.2);
  EXPECT_DOUBLE_EQ(p["tocilizumab_peripheral_volume_l"], 2.9);
  EXPECT_DOUBLE_EQ(p["tocilizumab_vmax_mg_day"], 7.5);
  EXPECT_DOUBLE_EQ(p["tocilizumab_km_ug_ml"], 2.7);
}

TEST(ParametersFile, EveryParameterIsUsedByTheModel) {
  // Dropping any one parameter makes the model fail to build, naming it: none is dead.
  const Parameters& full = default_parameters();
  Product four_one_bb = testing::preset("tisa-cel");
  four_one_bb.overrides.clear();  // the model's own numbers only
  for (std::size_t skip = 0; skip < full.all().size(); ++skip) {
    std::vector<ParameterInfo> rest;
    for (std::size_t i = 0; i < full.all().size(); ++i) {
      if (i != skip) rest.push_back(full.all()[i]);
    }
    const std::string& name = full.all()[skip].name;
    try {
      VirtualPatient p(Parameters::from(rest), four_one_bb, Covariates{});
      ADD_FAILURE() << "the model does not use " << name;
    } catch (const std::out_of_range& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
}

TEST(ParametersFile, MalformedTomlNamesTheLine) {
  const std::string path =
      write_temp("malformed.toml", std::string(kValid) + "\n[[parameter]]\nname = \"x\n");
  auto loaded = Parameters::load(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().file, path);
  EXPECT_EQ(loaded.error().line, 10u) << loaded.error().to_string();
}

TEST(ParametersFile, UnknownKeyNamesLineAndKey) {
  const std::string path =
      write_temp("unknown_key.toml", std::string(kValid) + "units = \"1/day\"\n");
  auto loaded = Parameters::load(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().line, 8u) << loaded.error().to_string();
  EXPECT_EQ(loaded.error().column, "column 1");
  EXPECT_NE(loaded.error().message.find("key \"parameter[0].units\": unknown key"),
            std::string::npos)
      << loaded.error().to_string();
}

TEST(ParametersFile, MissingKeyWrongTypeUnknownMechanismAndRepeatsAreErrors) {
  std::string text = kValid;
  auto replace = [](std::string s, const std::string& from, const std::string& to) {
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  auto missing =
      Parameters::load(write_temp("missing.toml", replace(text, "unit = \"1/day\"\n", "")));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "key \"parameter[0].unit\": missing");
  EXPECT_EQ(missing.error().line, 1u);

  auto wrong = Parameters::load(write_temp("wrong.toml", replace(text, "3.96", "\"fast\"")));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().line, 3u);
  EXPECT_EQ(wrong.error().message, "key \"parameter[0].value\": expected a number, got a string");

  auto mechanism =
      Parameters::load(write_temp("mechanism.toml", replace(text, "cytokine_cascade", "magic")));
  ASSERT_FALSE(mechanism.ok());
  EXPECT_EQ(mechanism.error().line, 6u);
  EXPECT_NE(mechanism.error().message.find("key \"parameter[0].mechanism\": unknown value "
                                           "\"magic\" (accepted: lymphodepletion,"),
            std::string::npos)
      << mechanism.error().to_string();

  auto repeated = Parameters::load(write_temp("repeated.toml", text + "\n" + text));
  ASSERT_FALSE(repeated.ok());
  EXPECT_EQ(repeated.error().line, 10u);  // the repeated name, in the second [[parameter]]
  EXPECT_EQ(repeated.error().message,
            "key \"parameter[1].name\": parameter \"il6_elimination_rate\" repeated");

  auto stray = Parameters::load(write_temp("stray.toml", "title = \"x\"\n" + text));
  ASSERT_FALSE(stray.ok());
  EXPECT_EQ(stray.error().line, 1u);
  EXPECT_EQ(stray.error().message, "key \"title\": unknown key (accepted here: parameter)");

  auto absent = Parameters::load("/nonexistent/parameters.toml");
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().file, "/nonexistent/parameters.toml");
}

TEST(Parameters, SetAndLookupRejectUnknownNamesAndNonFiniteValues) {
  Parameters p = default_parameters();
  p.set("il6_elimination_rate", 49.9);  // the 20-minute half-life alternative (Hosseini 2020)
  EXPECT_DOUBLE_EQ(p["il6_elimination_rate"], 49.9);
  EXPECT_THROW(p.set("il6_elimination_rat", 1.0), std::invalid_argument);
  EXPECT_THROW(p.set("il6_elimination_rate", std::nan("")), std::invalid_argument);
  try {
    (void)p["no_such_parameter"];
    FAIL() << "expected std::out_of_range";
  } catch (const std::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_parameter"), std::string::npos);
  }
  EXPECT_THROW(Parameters::from({ParameterInfo{"a", "1", "assumed", "tumor", "", 1.0},
                                 ParameterInfo{"a", "1", "assumed", "tumor", "", 2.0}}),
               std::invalid_argument);
}

}  // namespace
}  // namespace cytostorm::model
