// `cytostorm grade` as a user runs it: every oracle case and known public-tool mistake of
// clinical-rules.md section 9 as a one-patient event table, regrading by the older scales, the
// CSV and JSON outputs of formats.md section 3, the summary, bad input, skipping bad rows,
// atomic output files, the help, and the example cohorts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_cli.hpp"

namespace cytostorm::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kCsvHeader =
    "patient_id,crs_max_grade,crs_onset_day,crs_duration_hours,icans_max_grade,icans_onset_day,"
    "icans_duration_hours";

std::string table(const std::string& rows) {
  return "patient_id,time,kind,item,value,unit,note\n" + rows;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(s);
  while (std::getline(in, cell, sep)) out.push_back(cell);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::string line;
  std::istringstream in(s);
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  return out;
}

// --- Section 9 oracles as one-patient event tables --------------------------------------------

struct Oracle {
  const char* name;
  const char* rows;  // after the infusion row at 0 h
  int column;        // 1: crs_max_grade, 4: icans_max_grade
  const char* cell;
};

std::ostream& operator<<(std::ostream& os, const Oracle& o) {
  return os << o.name;
}

constexpr int kCrs = 1;
constexpr int kIcans = 4;

// Fever at 30 h and tocilizumab at 32 h: by 72 h the last fever is outside its 24 h window, but
// the CRS episode has not resolved.
#define MASKED                             \
  "P1,30,vital,temperature,38.5,C,\n"      \
  "P1,32,medication,tocilizumab,560,mg,\n" \
  "P1,72,vital,temperature,37.0,C,\n"

const Oracle kOracles[] = {
    {"Crs_37_9_NothingElse_None", "P1,72,vital,temperature,37.9,C,\n", kCrs, "0"},
    {"Crs_38_0_Grade1", "P1,72,vital,temperature,38.0,C,\n", kCrs, "1"},
    {"Crs_NasalCannula6_Grade2",
     "P1,72,vital,temperature,38.5,C,\nP1,72,oxygen,nasal_cannula,6,L/min,\n", kCrs, "2"},
    {"Crs_NasalCannula6_5_Grade3",
     "P1,72,vital,temperature,38.5,C,\nP1,72,oxygen,nasal_cannula,6.5,L/min,\n", kCrs, "3"},
    {"Crs_SimpleFacemask4_Grade3",
     "P1,72,vital,temperature,38.5,C,\nP1,72,oxygen,simple_facemask,4,L/min,\n", kCrs, "3"},
    {"Crs_HypotensionFluidsOnly_Grade2",
     "P1,72,vital,temperature,38.5,C,\nP1,72,hypotension,present,,,\n"
     "P1,72,fluid_bolus,,1000,mL,\n",
     kCrs, "2"},
    {"Crs_NorepinephrineVasopressin_Grade3",
     "P1,72,vital,temperature,38.5,C,\nP1,72,vasopressor,norepinephrine,8,ug/min,\n"
     "P1,72,vasopressor,vasopressin,0.04,U/min,\n",
     kCrs, "3"},
    {"Crs_NorepinephrinePhenylephrine_Grade4",
     "P1,72,vital,temperature,38.5,C,\nP1,72,vasopressor,norepinephrine,8,ug/min,\n"
     "P1,72,vasopressor,phenylephrine,100,ug/min,\n",
     kCrs, "4"},
    {"Crs_Bipap_Grade4", "P1,72,vital,temperature,38.5,C,\nP1,72,oxygen,bipap,,,\n", kCrs, "4"},
    {"Crs_OnePressorLowFlow2_Grade3",
     "P1,72,vital,temperature,38.5,C,\nP1,72,vasopressor,norepinephrine,8,ug/min,\n"
     "P1,72,oxygen,nasal_cannula,2,L/min,\n",
     kCrs, "3"},
    {"Crs_AfebrileAfterTocilizumabOnePressor_Grade3",
     MASKED "P1,72,vasopressor,norepinephrine,8,ug/min,\n", kCrs, "3"},
    {"Crs_AfebrileOnePressorNoPriorCrs_None",
     "P1,72,vital,temperature,37.0,C,\nP1,72,vasopressor,norepinephrine,8,ug/min,\n", kCrs, "0"},
    {"Icans_Ice10Alert_None", "P1,72,ice,total,10,,\nP1,72,consciousness,alert,,,\n", kIcans, "0"},
    {"Icans_Ice7_Grade1",
     "P1,72,ice,orientation,4,,\nP1,72,ice,naming,2,,\nP1,72,ice,commands,1,,\n"
     "P1,72,ice,writing,0,,\nP1,72,ice,attention,0,,\n",
     kIcans, "1"},
    {"Icans_Ice9AwakensToVoice_Grade2", "P1,72,ice,total,9,,\nP1,72,consciousness,voice,,,\n",
     kIcans, "2"},
    {"Icans_Ice3ResolvedSeizure_Grade3", "P1,72,ice,total,3,,\nP1,72,seizure,brief_resolved,,,\n",
     kIcans, "3"},
    {"Icans_Ice0AwakeGlobalAphasia_Grade3",
     "P1,72,ice,total,0,,\nP1,72,consciousness,alert,,,\nP1,72,sign,global_aphasia,1,,\n", kIcans,
     "3"},
    {"Icans_Ice0Unarousable_Grade4", "P1,72,ice,total,0,,\nP1,72,consciousness,unarousable,,,\n",
     kIcans, "4"},
    {"Icans_Ice8Hemiparesis_Grade4", "P1,72,ice,total,8,,\nP1,72,motor,deep_focal_weakness,,,\n",
     kIcans, "4"},
    {"Icans_Ice8IntracranialHemorrhage_Grade1",
     "P1,72,ice,total,8,,\nP1,72,neuroimaging,hemorrhage,,,\n", kIcans, "1"},
    {"Icans_Ice8Tremor_Grade1", "P1,72,ice,total,8,,\nP1,72,sign,tremor,1,,\n", kIcans, "1"},
    {"Icans_Child8Capd9Alert_Grade3",
     "P1,,patient,age_years,8,,\nP1,72,capd,total,9,,\nP1,72,consciousness,alert,,,\n", kIcans,
     "3"},
    {"Icans_Child8Capd5AwakensToVoice_Grade2",
     "P1,,patient,age_years,8,,\n"
     "P1,72,capd,eye_contact,3,,\nP1,72,capd,purposeful,4,,\nP1,72,capd,aware,3,,\n"
     "P1,72,capd,communicates,4,,\nP1,72,capd,restless,1,,\nP1,72,capd,inconsolable,0,,\n"
     "P1,72,capd,underactive,2,,\nP1,72,capd,slow_response,0,,\n"
     "P1,72,consciousness,voice,,,\n",
     kIcans, "2"},
    // Known mistakes in public tools.
    {"Mistake_HighFlowWrittenAsAtLeast6",
     "P1,72,vital,temperature,39,C,\nP1,72,oxygen,nasal_cannula,6.0,L/min,\n", kCrs, "2"},
    {"Mistake_VasopressinCountedAsSecondPressor",
     "P1,72,vital,temperature,39,C,\nP1,72,vasopressor,epinephrine,5,ug/min,\n"
     "P1,72,vasopressor,vasopressin,0.03,U/min,\n",
     kCrs, "3"},
    {"Mistake_Grade4NeedsVentilatorAndPressors_VentilatorAlone",
     "P1,72,vital,temperature,39,C,\nP1,72,oxygen,mechanical_ventilation,,,\n", kCrs, "4"},
    {"Mistake_Grade4NeedsVentilatorAndPressors_PressorsAlone",
     "P1,,patient,weight_kg,70,kg,\nP1,72,vital,temperature,39,C,\n"
     "P1,72,vasopressor,norepinephrine,8,ug/min,\nP1,72,vasopressor,dopamine,5,ug/kg/min,\n",
     kCrs, "4"},
    {"Mistake_AfebrileAfterTocilizumabGraded0", MASKED "P1,72,oxygen,simple_facemask,6,L/min,\n",
     kCrs, "3"},
    // Scoring the not-assessable writing item as 0 would give ICE 9, grade 1.
    {"Mistake_NotAssessableIceItemScored0",
     "P1,72,ice,orientation,4,,\nP1,72,ice,naming,3,,\nP1,72,ice,commands,1,,\n"
     "P1,72,ice,writing,NA,,baseline dysgraphia\nP1,72,ice,attention,1,,\n"
     "P1,72,consciousness,alert,,,\n",
     kIcans, "0"},
};

#undef MASKED

class GradeOracle : public ::testing::TestWithParam<Oracle> {};

TEST_P(GradeOracle, CsvCellHasTheExpectedMaximumGrade) {
  const Oracle& o = GetParam();
  Scratch scratch;
  const auto file =
      scratch.write("case.csv", table(std::string("P1,0,infusion,axi-cel,,,\n") + o.rows));
  const auto run = run_cli({"grade", file, "--format", "csv"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = lines(run.out);
  ASSERT_EQ(out.size(), 2U) << run.out;
  EXPECT_EQ(out[0], kCsvHeader);
  const auto cells = split(out[1], ',');
  ASSERT_EQ(cells.size(), 7U) << out[1];
  EXPECT_EQ(cells[0], "P1");
  EXPECT_EQ(cells[static_cast<std::size_t>(o.column)], o.cell) << out[1];
  // The onset is on day 3 (72 h), or day 1 for the masked cases that start at 30 h.
  if (std::string(o.cell) != "0") {
    const std::string onset = cells[static_cast<std::size_t>(o.column) + 1];
    EXPECT_TRUE(onset == "3" || onset == "1") << out[1];
  } else {
    EXPECT_EQ(cells[static_cast<std::size_t>(o.column) + 1], "") << out[1];
    EXPECT_EQ(cells[static_cast<std::size_t>(o.column) + 2], "") << out[1];
  }
}

INSTANTIATE_TEST_SUITE_P(ClinicalRulesSection9, GradeOracle, ::testing::ValuesIn(kOracles),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// --- Output formats -----------------------------------------------------------------------------

const std::string kTwoPatients = table(
    "P1,0,infusion,axi-cel,,,\n"
    "P1,30,vital,temperature,38.5,C,\n"
    "P1,40,oxygen,nasal_cannula,3,L/min,\n"
    "P1,48,oxygen,room_air,,,\n"
    "P1,80,ice,total,6,,\n"
    "P1,100,ice,total,10,,\n"
    "P1,120,vital,temperature,37.0,C,\n"
    "P2,0,infusion,tisa-cel,,,\n"
    "P2,50,vital,temperature,37.2,C,\n");

TEST(GradeCli, CsvHasExactlyTheColumnsOfFormatsSection3) {
  Scratch scratch;
  const auto file = scratch.write("two.csv", kTwoPatients);
  const auto run = run_cli({"grade", file, "--format", "csv"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, std::string(kCsvHeader) +
                         "\n"
                         "P1,2,1,24,2,3,20\n"
                         "P2,0,,,0,,\n");
}

TEST(GradeCli, CsvWithAllScalesAddsColumnsAfterTheRequiredOnes) {
  Scratch scratch;
  const auto file = scratch.write("two.csv", kTwoPatients);
  const auto run = run_cli({"grade", file, "--format", "csv", "--scale", "all"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = lines(run.out);
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0].substr(0, std::string(kCsvHeader).size() + 1), std::string(kCsvHeader) + ",");
  EXPECT_NE(out[0].find(",crs_lee2014_max_grade,crs_lee2014_onset_day,crs_lee2014_duration_hours"),
            std::string::npos)
      << out[0];
  EXPECT_EQ(split(out[0], ',').size(), split(out[1], ',').size());
}

TEST(GradeCli, JsonHasTimelinesWithDriversAndASummary) {
  Scratch scratch;
  const auto file = scratch.write("two.csv", kTwoPatients);
  const auto run = run_cli({"grade", file, "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  ASSERT_EQ(out["patients"].size(), 2U);
  const json& p1 = out["patients"][0];
  EXPECT_EQ(p1["patient_id"], "P1");
  for (const char* syndrome : {"crs", "icans"}) {
    SCOPED_TRACE(syndrome);
    const json& c = p1[syndrome];
    for (const char* key : {"scale", "max_grade", "onset_day", "onset_hours", "duration_hours",
                            "episodes", "timeline"}) {
      EXPECT_TRUE(c.contains(key)) << key;
    }
    EXPECT_EQ(c["scale"], "astct");
  }
  const json& crs = p1["crs"];
  EXPECT_EQ(crs["max_grade"], 2);
  EXPECT_EQ(crs["onset_day"], 1);
  EXPECT_EQ(crs["onset_hours"], 30.0);
  EXPECT_EQ(crs["duration_hours"], 24.0);
  ASSERT_EQ(crs["episodes"].size(), 1U);
  EXPECT_EQ(crs["episodes"][0]["start_hours"], 30.0);
  EXPECT_EQ(crs["episodes"][0]["end_hours"], 54.0);
  EXPECT_EQ(crs["episodes"][0]["max_grade"], 2);
  // The change to grade 2 at 40 h names the cannula (40 h) and the fever (30 h).
  const json* at40 = nullptr;
  for (const auto& t : crs["timeline"]) {
    if (t["hours"] == 40.0) at40 = &t;
  }
  ASSERT_NE(at40, nullptr) << crs["timeline"].dump(2);
  EXPECT_EQ((*at40)["grade"], 2);
  ASSERT_GE((*at40)["drivers"].size(), 2U);
  EXPECT_EQ((*at40)["drivers"][0]["finding"], "oxygen");
  EXPECT_EQ((*at40)["drivers"][0]["observed_at_hours"], json::array({40.0}));
  EXPECT_FALSE((*at40)["drivers"][0]["text"].get<std::string>().empty());
  EXPECT_EQ((*at40)["drivers"][1]["finding"], "fever");
  EXPECT_EQ((*at40)["drivers"][1]["observed_at_hours"], json::array({30.0}));
  // Never present: nulls.
  const json& p2 = out["patients"][1];
  EXPECT_EQ(p2["crs"]["max_grade"], 0);
  EXPECT_TRUE(p2["crs"]["onset_day"].is_null());
  EXPECT_TRUE(p2["crs"]["onset_hours"].is_null());
  EXPECT_TRUE(p2["crs"]["duration_hours"].is_null());
  EXPECT_TRUE(p2["crs"]["episodes"].empty());
  // The summary per syndrome.
  const json& summary = out["summary"];
  for (const char* syndrome : {"crs", "icans"}) {
    SCOPED_TRACE(syndrome);
    const json& s = summary[syndrome];
    EXPECT_EQ(s["n"], 2);
    EXPECT_EQ(s["any_grade_pct"], 50.0);
    EXPECT_EQ(s["grade3_plus_pct"], 0.0);
    EXPECT_TRUE(s.contains("onset_day_median"));
    EXPECT_TRUE(s.contains("onset_day_range"));
    EXPECT_TRUE(s.contains("duration_hours_median"));
  }
  EXPECT_EQ(summary["crs"]["onset_day_median"], 1.0);
  EXPECT_EQ(summary["icans"]["onset_day_range"], json::array({3, 3}));
  EXPECT_EQ(summary["icans"]["duration_hours_median"], 20.0);
}

TEST(GradeCli, SummaryOnlyInEachFormat) {
  Scratch scratch;
  const auto file = scratch.write("two.csv", kTwoPatients);
  const auto text = run_cli({"grade", file, "--summary"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.find("P1"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("syndrome"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("50.0%"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("1 (1-1)"), std::string::npos) << text.out;

  const auto j = run_cli({"grade", file, "--summary", "--format", "json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const json out = json::parse(j.out);
  EXPECT_FALSE(out.contains("patients"));
  EXPECT_EQ(out["summary"]["crs"]["n"], 2);
  EXPECT_EQ(out["summary"]["crs"]["onset_day_range"], json::array({1, 1}));

  const auto csv = run_cli({"grade", file, "--summary", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const auto rows = lines(csv.out);
  ASSERT_EQ(rows.size(), 3U) << csv.out;
  EXPECT_EQ(rows[0].substr(0, 28), "syndrome,scale,n,not_derivab");
  EXPECT_EQ(rows[1].substr(0, 13), "crs,astct,2,0");
  EXPECT_EQ(rows[2].substr(0, 15), "icans,astct,2,0");
}

TEST(GradeCli, TableIsTheDefaultFormat) {
  Scratch scratch;
  const auto file = scratch.write("two.csv", kTwoPatients);
  const auto run = run_cli({"grade", file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("P1"), std::string::npos);
  EXPECT_NE(run.out.find("P2"), std::string::npos);
  EXPECT_NE(run.out.find("syndrome"), std::string::npos);
}

// --- Regrading ----------------------------------------------------------------------------------

const std::string kRegradeRows =
    "P1,0,infusion,axi-cel,,,\n"
    "P1,72,vital,temperature,39,C,\n"
    "P1,72,vasopressor,norepinephrine,8,ug/min,\n"
    "P1,72,oxygen,simple_facemask,6,L/min,\n"
    "P1,88,vital,temperature,39,C,\n"
    "P1,100,vital,temperature,39,C,\n"
    "P1,102,vasopressor,norepinephrine,0,ug/min,\n";

TEST(GradeCliRegrading, FeverPressorFor30HoursFacemaskAtFio2_45IsGrade3OnEveryScaleNamed) {
  Scratch scratch;
  const auto file = scratch.write("regrade.csv", table(kRegradeRows + "P1,72,fio2,,45,%,\n"));
  const auto run = run_cli({"grade", file, "--scale", "all", "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  const json& by = out["patients"][0]["crs_by_scale"];
  for (const char* scale : {"astct", "lee2014", "mskcc", "cartox", "penn"}) {
    SCOPED_TRACE(scale);
    ASSERT_TRUE(by.contains(scale)) << by.dump();
    EXPECT_EQ(by[scale]["max_grade"], 3);
  }
  EXPECT_EQ(out["patients"][0]["crs"]["scale"], "astct");
  EXPECT_EQ(out["patients"][0]["crs"]["max_grade"], 3);
  ASSERT_TRUE(out["summary"].contains("concordance"));
}

TEST(GradeCliRegrading, WithoutFio2Lee2014IsNotDerivable) {
  Scratch scratch;
  const auto file = scratch.write("regrade.csv", table(kRegradeRows));
  const auto run = run_cli({"grade", file, "--scale", "lee2014", "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  const json& crs = out["patients"][0]["crs"];
  EXPECT_EQ(crs["scale"], "lee2014");
  EXPECT_EQ(crs["max_grade"], "not_derivable");
  EXPECT_EQ(crs["max_at_least"], 2);
  EXPECT_EQ(crs["missing"], json::array({"oxygen.fio2_pct"}));
  EXPECT_EQ(out["summary"]["crs"]["not_derivable"], 1);

  const auto csv = run_cli({"grade", file, "--scale", "lee2014", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const auto rows = lines(csv.out);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(split(rows[1], ',').at(1), "not_derivable");

  // MSKCC still reaches 3 on the pressor's duration alone.
  const auto mskcc = run_cli({"grade", file, "--scale", "mskcc", "--format", "json"});
  ASSERT_EQ(mskcc.exit_code, 0) << mskcc.err;
  EXPECT_EQ(json::parse(mskcc.out)["patients"][0]["crs"]["max_grade"], 3);
}

// --- Options ------------------------------------------------------------------------------------

TEST(GradeCliOptions, MaskingDrugsAnticytokineOnlyIgnoresAcetaminophen) {
  Scratch scratch;
  const auto file =
      scratch.write("masked.csv", table("P1,0,infusion,axi-cel,,,\n"
                                        "P1,30,vital,temperature,38.5,C,\n"
                                        "P1,32,medication,acetaminophen,1000,mg,\n"
                                        "P1,72,vital,temperature,37.0,C,\n"
                                        "P1,72,vasopressor,norepinephrine,8,ug/min,\n"));
  const auto def = run_cli({"grade", file, "--format", "csv"});
  const auto only =
      run_cli({"grade", file, "--format", "csv", "--masking-drugs", "anticytokine-only"});
  ASSERT_EQ(def.exit_code, 0) << def.err;
  ASSERT_EQ(only.exit_code, 0) << only.err;
  EXPECT_EQ(split(lines(def.out).at(1), ',').at(1), "3");
  EXPECT_EQ(split(lines(only.out).at(1), ',').at(1), "1");
}

TEST(GradeCliOptions, FeverWindowAndResolutionHours) {
  Scratch scratch;
  const auto file = scratch.write("window.csv", table("P1,0,infusion,axi-cel,,,\n"
                                                      "P1,30,vital,temperature,38.5,C,\n"
                                                      "P1,48,oxygen,nasal_cannula,2,L/min,\n"
                                                      "P1,60,oxygen,room_air,,,\n"
                                                      "P1,100,vital,temperature,38.5,C,\n"
                                                      "P1,200,vital,temperature,37.0,C,\n"));
  const auto def = run_cli({"grade", file, "--format", "json"});
  const auto short_window =
      run_cli({"grade", file, "--format", "json", "--fever-window-hours", "12"});
  const auto long_resolution =
      run_cli({"grade", file, "--format", "json", "--resolution-hours", "48"});
  ASSERT_EQ(def.exit_code, 0) << def.err;
  ASSERT_EQ(short_window.exit_code, 0) << short_window.err;
  ASSERT_EQ(long_resolution.exit_code, 0) << long_resolution.err;
  const json d = json::parse(def.out)["patients"][0]["crs"];
  const json w = json::parse(short_window.out)["patients"][0]["crs"];
  const json r = json::parse(long_resolution.out)["patients"][0]["crs"];
  // The cannula at 48 h meets the 30 h fever only in a 24 h window.
  EXPECT_EQ(d["max_grade"], 2);
  EXPECT_EQ(w["max_grade"], 1);
  // Grade 0 from 54 h to 100 h: 46 h apart, a new episode unless 48 h are needed.
  EXPECT_EQ(d["episodes"].size(), 2U);
  EXPECT_EQ(d["episodes"][1]["biphasic"], true);
  EXPECT_EQ(r["episodes"].size(), 1U);
}

TEST(GradeCliOptions, BadOptionValueIsAUsageError) {
  Scratch scratch;
  const auto file = scratch.write("two.csv", kTwoPatients);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"grade", file, "--scale", "astct2019"},
        std::vector<std::string>{"grade", file, "--format", "xml"},
        std::vector<std::string>{"grade", file, "--fever-window-hours", "-1"},
        std::vector<std::string>{"grade", file, "--masking-drugs", "all"}}) {
    const auto run = run_cli(args);
    EXPECT_EQ(run.exit_code, 2) << args[2];
    EXPECT_TRUE(run.out.empty()) << args[2];
    EXPECT_NE(run.err.find(args[2]), std::string::npos) << run.err;
  }
}

TEST(GradeCli, HelpListsEveryOption) {
  const auto help = run_cli({"grade", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* option :
       {"FILE", "--scale", "--format", "--summary", "-o,--output", "--skip-bad-rows",
        "--fever-window-hours", "--resolution-hours", "--masking-drugs", "--capd-age-cutoff",
        "--count-airway-protection-oxygen", "Exit codes"}) {
    EXPECT_NE(help.out.find(option), std::string::npos) << option << "\n" << help.out;
  }
  const auto top = run_cli({"--help"});
  EXPECT_NE(top.out.find("grade"), std::string::npos);
}

// --- Input handling -----------------------------------------------------------------------------

TEST(GradeCli, UngroupedRowsGradeLikeGroupedOnes) {
  Scratch scratch;
  const auto grouped = scratch.write("grouped.csv", kTwoPatients);
  // The same rows, interleaved.
  const auto ungrouped =
      scratch.write("ungrouped.csv", table("P1,0,infusion,axi-cel,,,\n"
                                           "P2,0,infusion,tisa-cel,,,\n"
                                           "P1,30,vital,temperature,38.5,C,\n"
                                           "P2,50,vital,temperature,37.2,C,\n"
                                           "P1,40,oxygen,nasal_cannula,3,L/min,\n"
                                           "P1,48,oxygen,room_air,,,\n"
                                           "P1,80,ice,total,6,,\n"
                                           "P1,100,ice,total,10,,\n"
                                           "P1,120,vital,temperature,37.0,C,\n"));
  const auto a = run_cli({"grade", grouped, "--format", "json"});
  const auto b = run_cli({"grade", ungrouped, "--format", "json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(json::parse(a.out), json::parse(b.out));
  const auto c = run_cli({"grade", "-", "--format", "csv"}, kTwoPatients);
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(lines(c.out).size(), 3U);
  // Ungrouped to a file: the rewound output holds each patient once.
  const std::string out = scratch.dir() + "/out.csv";
  const auto d = run_cli({"grade", ungrouped, "--format", "csv", "-o", out});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  std::ifstream in(out);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), std::string(kCsvHeader) + "\nP1,2,1,24,2,3,20\nP2,0,,,0,,\n");
}

struct BadTable {
  const char* name;
  const char* rows;
  const char* message;  // after "FILE:"
};

std::ostream& operator<<(std::ostream& os, const BadTable& b) {
  return os << b.name;
}

const BadTable kBadTables[] = {
    {"UnknownKind", "P1,0,infusion,axi-cel,,,\nP1,12,vitals,temperature,38,C,\n",
     "3: kind: unknown kind \"vitals\""},
    {"UnknownItem", "P1,0,infusion,axi-cel,,,\nP1,12,oxygen,nasal_canula,2,L/min,\n",
     "3: item: unknown oxygen item \"nasal_canula\""},
    {"UnknownUnit", "P1,0,infusion,axi-cel,,,\nP1,12,vital,temperature,38,K,\n",
     "3: unit: unit \"K\" is not accepted for temperature"},
    {"MalformedNumber", "P1,0,infusion,axi-cel,,,\nP1,12,vital,temperature,high,C,\n",
     "3: value: \"high\" is not a number"},
    {"MalformedTime", "P1,0,infusion,axi-cel,,,\nP1,day2,vital,temperature,38,C,\n",
     "3: time: malformed time \"day2\""},
    {"OutOfRange", "P1,0,infusion,axi-cel,,,\nP1,12,vital,spo2,101,%,\n",
     "3: value: 101 % is out of range"},
    {"NotAssessableWithoutReason", "P1,0,infusion,axi-cel,,,\nP1,12,ice,writing,NA,,\n",
     "3: note: NA needs the reason"},
    {"MixedTimeStyles",
     "P1,0,infusion,axi-cel,,,\nP1,2024-03-01T08:00:00Z,vital,temperature,38,C,\n",
     "3: time: a file uses one time style throughout"},
    {"IsoWithoutInfusion", "P1,2024-03-01T08:00:00Z,vital,temperature,38,C,\n",
     "2: time: patient P1: ISO 8601 times need an infusion row"},
    {"IcePartialItems",
     "P1,0,infusion,axi-cel,,,\nP1,12,ice,orientation,4,,\nP1,12,ice,naming,3,,\n",
     "4: item: patient P1: ice at 12 h: 2 of 5 items given"},
    {"BadHeader", nullptr, "1: header: expected the header"},
};

class GradeBadInput : public ::testing::TestWithParam<BadTable> {};

TEST_P(GradeBadInput, Exits2WithFileLineColumnOnStderrAndNothingOnStdout) {
  const BadTable& b = GetParam();
  Scratch scratch;
  const auto file = scratch.write(
      "bad.csv", b.rows ? table(b.rows) : std::string("patient,time,kind\nP1,0,infusion\n"));
  for (const char* format : {"csv", "json", "table"}) {
    const auto run = run_cli({"grade", file, "--format", format});
    EXPECT_EQ(run.exit_code, 2) << format;
    EXPECT_TRUE(run.out.empty()) << run.out;
    EXPECT_NE(run.err.find(file + ":" + b.message), std::string::npos) << run.err;
  }
}

INSTANTIATE_TEST_SUITE_P(FormatsSection1, GradeBadInput, ::testing::ValuesIn(kBadTables),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(GradeCli, MissingFileIsNamed) {
  const auto run = run_cli({"grade", "/nonexistent/events.csv", "--format", "csv"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty());
  EXPECT_NE(run.err.find("/nonexistent/events.csv"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("cannot open"), std::string::npos) << run.err;
}

TEST(GradeCli, OutputFileIsWrittenWholeOrNotAtAll) {
  Scratch inputs;
  Scratch outputs;
  const auto good = inputs.write("good.csv", kTwoPatients);
  // The bad row comes after a whole patient has been graded and written.
  const auto bad = inputs.write("bad.csv", kTwoPatients +
                                               "P3,0,infusion,axi-cel,,,\n"
                                               "P3,12,vital,temperature,38,K,\n");
  const std::string out = outputs.dir() + "/grades.csv";

  const auto failed = run_cli({"grade", bad, "--format", "csv", "-o", out});
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_NE(failed.err.find(bad + ":12: unit:"), std::string::npos) << failed.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(files_in(outputs.dir()).empty()) << files_in(outputs.dir()).front();

  const auto ok = run_cli({"grade", good, "--format", "csv", "-o", out});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(ok.out.empty()) << ok.out;
  EXPECT_EQ(files_in(outputs.dir()), std::vector<std::string>{"grades.csv"});
  std::ifstream in(out);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), std::string(kCsvHeader) + "\nP1,2,1,24,2,3,20\nP2,0,,,0,,\n");

  // A failed run leaves an existing file as it was.
  const auto again = run_cli({"grade", bad, "--format", "csv", "-o", out});
  EXPECT_EQ(again.exit_code, 2);
  std::ifstream in2(out);
  std::stringstream s2;
  s2 << in2.rdbuf();
  EXPECT_EQ(s2.str(), s.str());
  EXPECT_EQ(files_in(outputs.dir()), std::vector<std::string>{"grades.csv"});
}

TEST(GradeCli, SkipBadRowsReportsEachRowAndGradesTheRest) {
  Scratch scratch;
  const auto file = scratch.write("mixed.csv", table("P1,0,infusion,axi-cel,,,\n"
                                                     "P1,30,vital,temperature,38.5,C,\n"
                                                     "P1,31,vitals,temperature,39,C,\n"
                                                     "P1,40,oxygen,nasal_cannula,3,L/min,\n"
                                                     "P2,0,infusion,tisa-cel,,,\n"
                                                     "P2,50,vital,temperature,38.2,K,\n"
                                                     "P2,60,vital,temperature,38.2,C,\n"));
  const auto strict = run_cli({"grade", file, "--format", "csv"});
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_TRUE(strict.out.empty());

  const auto run = run_cli({"grade", file, "--format", "csv", "--skip-bad-rows"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find(file + ":4: kind: unknown kind \"vitals\""), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(file + ":7: unit: unit \"K\""), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("2 rows or patients skipped"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, std::string(kCsvHeader) + "\nP1,2,1,24,0,,\nP2,1,2,24,0,,\n");
}

// --- Example cohorts ----------------------------------------------------------------------------

TEST(GradeCliExamples, CohortGradesWithoutErrorAndP02IsBiphasic) {
  const std::string file = std::string(CYTOSTORM_SOURCE_DIR) + "/data/examples/cohort.csv";
  const auto run = run_cli({"grade", file, "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.err.empty()) << run.err;
  const json out = json::parse(run.out);
  ASSERT_EQ(out["patients"].size(), 5U);
  const json* p02 = nullptr;
  for (const auto& p : out["patients"]) {
    if (p["patient_id"] == "P02") p02 = &p;
  }
  ASSERT_NE(p02, nullptr);
  const json& episodes = (*p02)["crs"]["episodes"];
  ASSERT_EQ(episodes.size(), 2U) << episodes.dump(2);
  EXPECT_EQ(episodes[0]["biphasic"], false);
  EXPECT_EQ(episodes[1]["biphasic"], true);
  EXPECT_LT(episodes[0]["end_hours"].get<double>(), episodes[1]["start_hours"].get<double>());
  EXPECT_EQ(out["summary"]["crs"]["n"], 5);

  const auto csv = run_cli({"grade", file, "--format", "csv", "--scale", "all"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(lines(csv.out).size(), 6U);
}

TEST(GradeCliExamples, P02DailyMaxCountsTheCannulaHeldIntoDay8) {
  const std::string file = std::string(CYTOSTORM_SOURCE_DIR) + "/data/examples/cohort.csv";
  const auto run = run_cli({"grade", file, "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  for (const auto& p : out["patients"]) {
    if (p["patient_id"] != "P02") continue;
    EXPECT_EQ(p["crs"]["daily_max"]["7"], 2);
    EXPECT_EQ(p["crs"]["daily_max"]["8"], 2);
    return;
  }
  ADD_FAILURE() << "no P02";
}

TEST(GradeCliExamples, IsoCohortGradesWithCalendarDays) {
  const std::string file = std::string(CYTOSTORM_SOURCE_DIR) + "/data/examples/cohort-iso.csv";
  const auto run = run_cli({"grade", file, "--format", "csv"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.err.empty()) << run.err;
  const auto rows = lines(run.out);
  ASSERT_EQ(rows.size(), 2U);
  const auto cells = split(rows[1], ',');
  ASSERT_EQ(cells.size(), 7U);
  EXPECT_EQ(cells[0], "P06");
  // Infusion at 22:00, fever at 01:00 two calendar days later (27 h): day 2, not 1.
  EXPECT_EQ(cells[2], "2");
  const auto j = run_cli({"grade", file, "--format", "json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_EQ(json::parse(j.out)["patients"][0]["crs"]["onset_hours"], 27.0);
}

}  // namespace
}  // namespace cytostorm::testing
