// `cytostorm advise` as a clinician runs it: the review at a moment, in text and JSON, with the
// shipped rule sets; a refused tocilizumab dose; differential flags; ISO times; bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/run_cli.hpp"

namespace cytostorm::testing {
namespace {

using nlohmann::json;

constexpr const char* kHeader = "patient_id,time,kind,item,value,unit,note\n";

// P1: CRS grade 3 (fever, norepinephrine) with three tocilizumab doses in the last 20 h.
// P2: a fever-free patient with the laboratory picture of tumour lysis.
const std::string kEvents = std::string(kHeader) +
                            "P1,,patient,weight_kg,80,kg,\n"
                            "P1,0,infusion,axi-cel,,,\n"
                            "P1,30,vital,temperature,39.2,C,\n"
                            "P1,31,medication,tocilizumab,640,mg,\n"
                            "P1,40,medication,tocilizumab,640,mg,\n"
                            "P1,48,vital,sbp,82,mmHg,\n"
                            "P1,48,vasopressor,norepinephrine,8,ug/min,\n"
                            "P1,49,medication,tocilizumab,640,mg,\n"
                            "P1,50,vital,temperature,38.9,C,\n"
                            "P2,,patient,age_years,60,years,\n"
                            "P2,-72,lymphodepletion,flu/cy,,,\n"
                            "P2,0,infusion,axi-cel,,,\n"
                            "P2,20,lab,uric_acid,9.1,mg/dL,\n"
                            "P2,20,lab,potassium,6.4,mmol/L,\n"
                            "P2,20,lab,phosphate,5.2,mg/dL,\n"
                            "P2,20,vital,temperature,37.1,C,\n";

TEST(AdviseCli, TextReviewCitesRowsAndSaysDecisionSupport) {
  Scratch s;
  const auto run = run_cli({"advise", s.write("e.csv", kEvents), "--patient", "P1", "--at", "50"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("CRS (ASTCT 2019): grade 3"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("norepinephrine"), std::string::npos);
  EXPECT_NE(run.out.find("ICU"), std::string::npos);
  EXPECT_NE(run.out.find("row "), std::string::npos);
  EXPECT_NE(run.out.find("decision support, not a prescription"), std::string::npos);
  // Three doses in 24 h: a fourth is refused, with the reason.
  EXPECT_NE(run.out.find("WITHHELD tocilizumab"), std::string::npos) << run.out;
}

TEST(AdviseCli, JsonReviewHasEverySuggestionsRow) {
  Scratch s;
  const auto run = run_cli(
      {"advise", s.write("e.csv", kEvents), "--patient", "P1", "--at", "50", "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = json::parse(run.out);
  EXPECT_EQ(j["crs"]["grade"], 3);
  EXPECT_EQ(j["icans"]["grade"], 0);
  EXPECT_EQ(j["disclaimer"], "decision support, not a prescription");
  EXPECT_TRUE(j["icu"]["flag"].get<bool>());
  ASSERT_FALSE(j["suggestions"].empty());
  bool refused = false;
  for (const auto& sug : j["suggestions"]) {
    EXPECT_FALSE(sug["row"].get<std::string>().empty());
    EXPECT_NE(sug["rule"].get<std::string>().find("ASCO 2021"), std::string::npos);
    if (sug["action"] == "tocilizumab" && sug["withheld"].get<bool>()) {
      refused = true;
      EXPECT_NE(sug["withheld_reason"].get<std::string>().find("24 h"), std::string::npos)
          << sug["withheld_reason"];
    }
  }
  EXPECT_TRUE(refused);
  EXPECT_EQ(j["situation"]["tocilizumab_hours"].size(), 3U);
}

TEST(AdviseCli, OtherRuleSetByName) {
  Scratch s;
  const auto run = run_cli({"advise", s.write("e.csv", kEvents), "--patient", "P1", "--at", "50",
                            "--guideline", "cartox-2018", "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = json::parse(run.out);
  EXPECT_NE(j["guideline"].get<std::string>().find("CARTOX"), std::string::npos) << j["guideline"];
}

TEST(AdviseCli, TumourLysisIsFlaggedNotGradedAsCrs) {
  Scratch s;
  const auto run =
      run_cli({"advise", s.write("e.csv", kEvents), "--patient", "P2", "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = json::parse(run.out);
  EXPECT_EQ(j["crs"]["grade"], 0);
  bool tls = false;
  for (const auto& f : j["flags"]) tls = tls || f["key"] == "tls_laboratory";
  EXPECT_TRUE(tls) << j["flags"].dump(1);
}

TEST(AdviseCli, IsoTimes) {
  Scratch s;
  const auto path = s.write("iso.csv", std::string(kHeader) +
                                           "P9,2024-03-01T10:00:00Z,infusion,tisa-cel,,,\n"
                                           "P9,2024-03-03T08:00:00Z,vital,temperature,38.3,C,\n"
                                           "P9,2024-03-03T12:00:00Z,vital,temperature,37.0,C,\n");
  const auto run = run_cli(
      {"advise", path, "--patient", "P9", "--at", "2024-03-03T09:00:00Z", "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = json::parse(run.out);
  EXPECT_DOUBLE_EQ(j["at_hours"].get<double>(), 47.0);
  EXPECT_EQ(j["day"], 2);
  EXPECT_EQ(j["crs"]["grade"], 1);
}

TEST(AdviseCli, BadInputNamesTheProblem) {
  Scratch s;
  const auto path = s.write("e.csv", kEvents);
  const auto missing = run_cli({"advise", path, "--patient", "P7"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(missing.out.empty());
  EXPECT_NE(missing.err.find("e.csv: patient_id: no patient P7 (the file holds P1, P2)"),
            std::string::npos)
      << missing.err;
  const auto bad_time = run_cli({"advise", path, "--patient", "P1", "--at", "noon"});
  EXPECT_EQ(bad_time.exit_code, 2);
  EXPECT_NE(bad_time.err.find("--at"), std::string::npos) << bad_time.err;
  const auto iso_for_hours =
      run_cli({"advise", path, "--patient", "P1", "--at", "2024-03-03T09:00:00Z"});
  EXPECT_EQ(iso_for_hours.exit_code, 2);
  EXPECT_NE(iso_for_hours.err.find("hours"), std::string::npos) << iso_for_hours.err;
  const auto guideline = run_cli({"advise", path, "--patient", "P1", "--guideline", "nice-2030"});
  EXPECT_EQ(guideline.exit_code, 2);
  EXPECT_NE(guideline.err.find("nice-2030"), std::string::npos) << guideline.err;
  const auto row =
      run_cli({"advise",
               s.write("bad.csv", std::string(kHeader) + "P1,0,infusion,axi-cel,,,\n"
                                                         "P1,5,vital,temperature,hot,C,\n"),
               "--patient", "P1"});
  EXPECT_EQ(row.exit_code, 2);
  EXPECT_NE(row.err.find("bad.csv:3: value:"), std::string::npos) << row.err;
}

}  // namespace
}  // namespace cytostorm::testing
