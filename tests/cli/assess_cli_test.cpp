// `cytostorm assess` as a user runs it: every oracle case and known public-tool mistake of
// clinical-rules.md section 9 through the CLI, the issue's acceptance example, the text report,
// the help, and bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace cytostorm::testing {
namespace {

using nlohmann::json;

struct Oracle {
  const char* name;
  const char* snapshot;
  const char* path;  // JSON pointer of the grade
  int grade;
};

std::ostream& operator<<(std::ostream& os, const Oracle& o) {
  return os << o.name;
}

// clinical-rules.md section 9, in its order.
const Oracle kOracles[] = {
    {"Crs_37_9_NothingElse_None", R"({"temperature_c": 37.9})", "/crs/astct/grade", 0},
    {"Crs_38_0_Grade1", R"({"temperature_c": 38.0})", "/crs/astct/grade", 1},
    {"Crs_NasalCannula6_Grade2",
     R"({"temperature_c": 38.5, "oxygen": {"device": "nasal_cannula", "flow_l_min": 6}})",
     "/crs/astct/grade", 2},
    {"Crs_NasalCannula6_5_Grade3",
     R"({"temperature_c": 38.5, "oxygen": {"device": "nasal_cannula", "flow_l_min": 6.5}})",
     "/crs/astct/grade", 3},
    {"Crs_SimpleFacemask4_Grade3",
     R"({"temperature_c": 38.5, "oxygen": {"device": "simple_facemask", "flow_l_min": 4}})",
     "/crs/astct/grade", 3},
    {"Crs_HypotensionFluidsOnly_Grade2", R"({"temperature_c": 38.5, "hypotension": true})",
     "/crs/astct/grade", 2},
    {"Crs_NorepinephrineVasopressin_Grade3",
     R"({"temperature_c": 38.5, "vasopressors": [{"drug": "norepinephrine"}, {"drug": "vasopressin"}]})",
     "/crs/astct/grade", 3},
    {"Crs_NorepinephrinePhenylephrine_Grade4",
     R"({"temperature_c": 38.5, "vasopressors": [{"drug": "norepinephrine"}, {"drug": "phenylephrine"}]})",
     "/crs/astct/grade", 4},
    {"Crs_Bipap_Grade4", R"({"temperature_c": 38.5, "oxygen": {"device": "bipap"}})",
     "/crs/astct/grade", 4},
    {"Crs_OnePressorLowFlow2_Grade3",
     R"({"temperature_c": 38.5, "vasopressors": [{"drug": "norepinephrine"}],
         "oxygen": {"device": "nasal_cannula", "flow_l_min": 2}})",
     "/crs/astct/grade", 3},
    {"Crs_AfebrileAfterTocilizumabOnePressor_Grade3",
     R"({"temperature_c": 37.0, "fever_masked": true, "vasopressors": [{"drug": "norepinephrine"}]})",
     "/crs/astct/grade", 3},
    {"Crs_AfebrileOnePressorNoPriorCrs_None",
     R"({"temperature_c": 37.0, "vasopressors": [{"drug": "norepinephrine"}]})", "/crs/astct/grade",
     0},
    {"Icans_Ice10Alert_None", R"({"ice": {"total": 10}, "consciousness": "alert"})",
     "/icans/astct/grade", 0},
    {"Icans_Ice7_Grade1", R"({"ice": {"total": 7}})", "/icans/astct/grade", 1},
    {"Icans_Ice9AwakensToVoice_Grade2", R"({"ice": {"total": 9}, "consciousness": "voice"})",
     "/icans/astct/grade", 2},
    {"Icans_Ice3ResolvedSeizure_Grade3", R"({"ice": {"total": 3}, "seizure": "brief_resolved"})",
     "/icans/astct/grade", 3},
    {"Icans_Ice0AwakeGlobalAphasia_Grade3",
     R"({"ice": {"total": 0}, "consciousness": "alert", "global_aphasia": true})",
     "/icans/astct/grade", 3},
    {"Icans_Ice0Unarousable_Grade4", R"({"ice": {"total": 0}, "consciousness": "unarousable"})",
     "/icans/astct/grade", 4},
    {"Icans_Ice8Hemiparesis_Grade4", R"({"ice": {"total": 8}, "motor": "deep_focal_weakness"})",
     "/icans/astct/grade", 4},
    {"Icans_Ice8IntracranialHemorrhage_Grade1", R"({"ice": {"total": 8}, "hemorrhage": true})",
     "/icans/astct/grade", 1},
    {"Icans_Ice8Tremor_Grade1", R"({"ice": {"total": 8}, "tremor": true})", "/icans/astct/grade",
     1},
    {"Icans_Child8Capd9Alert_Grade3",
     R"({"age_years": 8, "capd": {"total": 9}, "consciousness": "alert"})", "/icans/astct/grade",
     3},
    {"Icans_Child8Capd5AwakensToVoice_Grade2",
     R"({"age_years": 8, "capd": {"total": 5}, "consciousness": "voice"})", "/icans/astct/grade",
     2},
    // Known mistakes in public tools.
    {"Mistake_HighFlowWrittenAsAtLeast6",
     R"({"temperature_c": 39, "oxygen": {"device": "nasal_cannula", "flow_l_min": 6.0}})",
     "/crs/astct/grade", 2},
    {"Mistake_VasopressinCountedAsSecondPressor",
     R"({"temperature_c": 39, "vasopressors": [{"drug": "epinephrine"}, {"drug": "vasopressin"}]})",
     "/crs/astct/grade", 3},
    {"Mistake_Grade4NeedsVentilatorAndPressors_VentilatorAlone",
     R"({"temperature_c": 39, "oxygen": {"device": "mechanical_ventilation"}})", "/crs/astct/grade",
     4},
    {"Mistake_Grade4NeedsVentilatorAndPressors_PressorsAlone",
     R"({"temperature_c": 39, "vasopressors": [{"drug": "norepinephrine"}, {"drug": "dopamine"}]})",
     "/crs/astct/grade", 4},
    {"Mistake_AfebrileAfterTocilizumabGraded0",
     R"({"temperature_c": 36.8, "fever_masked": true, "oxygen": {"device": "simple_facemask"}})",
     "/crs/astct/grade", 3},
    // Scoring the not-assessable writing item as 0 would give ICE 9, grade 1.
    {"Mistake_NotAssessableIceItemScored0",
     R"({"ice": {"orientation": 4, "naming": 3, "commands": 1, "writing": "NA", "attention": 1,
                 "not_assessable_reason": "baseline dysgraphia"}, "consciousness": "alert"})",
     "/icans/astct/grade", 0},
};

class AssessOracle : public ::testing::TestWithParam<Oracle> {};

TEST_P(AssessOracle, CliPrintsTheExpectedGradeWithDriversAndCitation) {
  const Oracle& o = GetParam();
  const auto run = run_cli({"assess", "-"}, o.snapshot);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  const json::json_pointer grade_ptr(o.path);
  ASSERT_TRUE(out.contains(grade_ptr)) << run.out;
  EXPECT_EQ(out.at(grade_ptr), o.grade) << run.out;
  const json& result = out.at(grade_ptr.parent_pointer());
  EXPECT_TRUE(result.at("rule").get<std::string>().starts_with("ASTCT 2019 (Lee DW"));
  EXPECT_EQ(result.at("drivers").empty(), o.grade == 0) << result.dump(2);
}

INSTANTIATE_TEST_SUITE_P(ClinicalRulesSection9, AssessOracle, ::testing::ValuesIn(kOracles),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(AssessCli, IssueExampleNamesBothDrugs) {
  const auto run = run_cli(
      {"assess", "-"},
      R"({"temperature_c":38.5,"vasopressors":[{"drug":"norepinephrine"},{"drug":"vasopressin"}]})");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  EXPECT_EQ(out["crs"]["astct"]["grade"], 3);
  const std::string drivers = out["crs"]["astct"]["drivers"].dump();
  EXPECT_NE(drivers.find("norepinephrine"), std::string::npos) << drivers;
  EXPECT_NE(drivers.find("vasopressin"), std::string::npos) << drivers;
}

TEST(AssessCli, ResultHasEveryRequiredPath) {
  const auto run = run_cli({"assess"}, R"({"temperature_c": 38.2, "ice": {"total": 8}})");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  for (const char* scale :
       {"astct", "lee2014", "ctcae_v4", "ctcae_v5", "penn", "mskcc", "cartox"}) {
    SCOPED_TRACE(scale);
    ASSERT_TRUE(out["crs"].contains(scale));
    EXPECT_TRUE(out["crs"][scale].contains("grade"));
    EXPECT_TRUE(out["crs"][scale].contains("drivers"));
    EXPECT_TRUE(out["crs"][scale].contains("rule"));
  }
  EXPECT_TRUE(out["icans"]["astct"]["grade"].is_number_integer());
  EXPECT_TRUE(out["icans"]["astct"]["incomplete"].is_boolean());
  EXPECT_FALSE(out["icans"]["astct"]["incomplete"].get<bool>());
  EXPECT_EQ(out["ice"]["total"], 8);
}

TEST(AssessCli, NotDerivableNamesTheMissingInput) {
  const auto run =
      run_cli({"assess"},
              R"({"temperature_c": 39, "oxygen": {"device": "simple_facemask", "flow_l_min": 8}})");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  EXPECT_EQ(out["crs"]["lee2014"]["grade"], "not_derivable");
  EXPECT_EQ(out["crs"]["lee2014"]["missing"], json::array({"oxygen.fio2_pct"}));
  EXPECT_EQ(out["crs"]["lee2014"]["at_least"], 2);
}

TEST(AssessCli, UnverifiedRulesSayUnverifiedInTheirCitation) {
  const auto run = run_cli({"assess"}, R"({"temperature_c": 39})");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  EXPECT_NE(out["crs"]["ctcae_v5"]["rule"].get<std::string>().find("unverified"),
            std::string::npos);
  EXPECT_FALSE(out["crs"]["ctcae_v5"]["verified"].get<bool>());
  EXPECT_TRUE(out["crs"]["astct"]["verified"].get<bool>());
}

TEST(AssessCli, FahrenheitInputGradesLikeCelsius) {
  const auto f = run_cli({"assess"}, R"({"temperature_f": 100.4})");
  const auto c = run_cli({"assess"}, R"({"temperature_c": 38.0})");
  ASSERT_EQ(f.exit_code, 0) << f.err;
  EXPECT_EQ(json::parse(f.out)["crs"]["astct"]["grade"], 1);
  EXPECT_EQ(json::parse(f.out)["crs"]["astct"]["grade"],
            json::parse(c.out)["crs"]["astct"]["grade"]);
}

TEST(AssessCli, TextFormatIsAReadableReport) {
  const auto run = run_cli({"assess", "--format", "text"},
                           R"({"temperature_c": 38.5, "hypotension": true, "ice": {"total": 6}})");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("CRS (ASTCT 2019): grade 2"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("ICANS (ASTCT 2019): grade 2"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("ICE 6/10"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("rule: ASTCT 2019"), std::string::npos) << run.out;
}

TEST(AssessCli, CapdAgeCutoffOptionSwitchesTheTool) {
  const char* child12 = R"({"age_years": 12, "capd": {"total": 12}, "ice": {"total": 10}})";
  const auto def = run_cli({"assess"}, child12);
  const auto opt = run_cli({"assess", "--capd-age-cutoff", "up-to-12"}, child12);
  ASSERT_EQ(def.exit_code, 0) << def.err;
  ASSERT_EQ(opt.exit_code, 0) << opt.err;
  EXPECT_EQ(json::parse(def.out)["icans"]["astct"]["grade"], 0);
  EXPECT_EQ(json::parse(opt.out)["icans"]["astct"]["grade"], 3);
}

TEST(AssessCli, HelpExplainsEveryOption) {
  const auto top = run_cli({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.out.find("assess"), std::string::npos);
  const auto help = run_cli({"assess", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* option : {"FILE", "--format", "--capd-age-cutoff",
                             "--count-airway-protection-oxygen", "Exit codes"}) {
    EXPECT_NE(help.out.find(option), std::string::npos) << option << "\n" << help.out;
  }
}

struct BadInput {
  const char* name;
  const char* snapshot;
  const char* message;  // what stderr must contain
};

std::ostream& operator<<(std::ostream& os, const BadInput& b) {
  return os << b.name;
}

const BadInput kBadInputs[] = {
    {"MalformedJson", "{\"temperature_c\": 38.5,, }", "<stdin>:1: column 24: malformed JSON"},
    {"UnknownKey", "{\"temp\": 38.5}", "<stdin>:1: column 2: key \"temp\": unknown key"},
    {"UnknownValue", "{\n  \"oxygen\": {\"device\": \"nasal_canula\"}\n}",
     "<stdin>:2: column 14: key \"oxygen.device\": unknown value \"nasal_canula\""},
    {"UnknownDrug", R"({"vasopressors": [{"drug": "adrenaline"}]})",
     "key \"vasopressors[0].drug\": unknown value \"adrenaline\""},
    {"TemperatureBelow25", R"({"temperature_c": 24.9})",
     "key \"temperature_c\": 24.9 C is out of range (25 to 45 C)"},
    {"TemperatureAbove45", R"({"temperature_c": 45.1})",
     "key \"temperature_c\": 45.1 C is out of range"},
    {"NegativeFlow", R"({"oxygen": {"device": "nasal_cannula", "flow_l_min": -1}})",
     "key \"oxygen.flow_l_min\": -1 L/min is out of range"},
    {"IceItemAboveMaximum",
     R"({"ice": {"orientation": 4, "naming": 4, "commands": 1, "writing": 1, "attention": 1}})",
     "key \"ice.naming\": 4 is out of range (0 to 3)"},
    {"WrongType", R"({"hypotension": "yes"})",
     "key \"hypotension\": expected true or false, got a string"},
    {"IceTotalNotInteger", R"({"ice": {"total": 7.5}})", "key \"ice.total\": expected an integer"},
    {"NotAssessableWithoutReason",
     R"({"ice": {"orientation": 4, "naming": 3, "commands": 1, "writing": "NA", "attention": 1}})",
     "key \"ice.writing\": \"NA\" needs the reason"},
    {"DoseWithoutUnit", R"({"vasopressors": [{"drug": "norepinephrine", "dose": 5}]})",
     "a dose needs its \"unit\""},
    {"VasopressinInMicrograms",
     R"({"vasopressors": [{"drug": "vasopressin", "dose": 0.04, "unit": "ug/min"}]})",
     "vasopressin is not dosed in ug/min"},
    {"BothTemperatureUnits", R"({"temperature_c": 38, "temperature_f": 100.4})",
     "give temperature_c or temperature_f, not both"},
    {"NotAnObject", "[1, 2]", "expected an object, got an array"},
    {"Empty", "", "malformed JSON"},
};

class AssessBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(AssessBadInput, ExitsWith2AndSaysWhereAndWhatOnStderrOnly) {
  const BadInput& b = GetParam();
  const auto run = run_cli({"assess", "-"}, b.snapshot);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find(b.message), std::string::npos) << run.err;
}

INSTANTIATE_TEST_SUITE_P(Snapshot, AssessBadInput, ::testing::ValuesIn(kBadInputs),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(AssessCli, MissingFileIsNamed) {
  const auto run = run_cli({"assess", "/nonexistent/case.json"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty());
  EXPECT_NE(run.err.find("/nonexistent/case.json: cannot open"), std::string::npos) << run.err;
}

TEST(AssessCli, BadOptionValueIsAUsageError) {
  const auto run = run_cli({"assess", "--format", "xml"}, "{}");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty());
  EXPECT_NE(run.err.find("--format"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace cytostorm::testing
