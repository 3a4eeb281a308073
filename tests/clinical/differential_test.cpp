// The differential flags and risk scores over a patient's record (clinical-rules.md sections 6
// and 7), fed by real event-table rows: which events each rule reads, the start of therapy and
// the time points chosen, what is known at `at_hours`, and the notes saying what was assumed.
#include "cytostorm/clinical/differential.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "support/patient_rows.hpp"
#include "support/text_match.hpp"

namespace cytostorm::clinical {
namespace {

using testing::any_contains;
using testing::contains;

// One patient from event-table rows (the header is added; numeric times).
record::PatientRecord patient(const std::string& rows) {
  return testing::patient_from_rows(rows, "differential.csv");
}

const Flag* find(const std::vector<Flag>& flags, std::string_view key) {
  for (const auto& f : flags) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

const RiskScore* find(const std::vector<RiskScore>& scores, std::string_view key) {
  for (const auto& s : scores) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

// --- Tumour lysis -------------------------------------------------------------------------------

const std::string kTls =
    "P1,,patient,age_years,60,,\n"
    "P1,-120,lymphodepletion,flu/cy,,,\n"
    "P1,-100,lab,potassium,6.2,mmol/L,\n"
    "P1,0,infusion,axi-cel,,,\n"
    "P1,24,lab,uric_acid,500,umol/L,\n";

TEST(DifferentialTls, StartOfTherapyIsLymphodepletionByDefault) {
  const auto p = patient(kTls);
  const auto flags = differential_flags(p, 30.0, {});
  const auto* f = find(flags, "tls_laboratory");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(any_contains(f->evidence, "uric acid 500 umol/L at 24 h >= 476 umol/L"));
  EXPECT_TRUE(any_contains(f->evidence, "potassium 6.2 mmol/L at -100 h >= 6 mmol/L"));
  EXPECT_TRUE(any_contains(f->notes, "start of therapy: lymphodepletion at -120 h"));
  EXPECT_TRUE(any_contains(f->notes, "arrhythmia is not in the event table"));
  EXPECT_EQ(find(flags, "tls_clinical"), nullptr);
}

TEST(DifferentialTls, InfusionAsStartMovesTheWindow) {
  DifferentialOptions o;
  o.tls.therapy_start = TherapyStart::infusion;  // window -72 h to 168 h: potassium at -100 out
  EXPECT_EQ(find(differential_flags(patient(kTls), 30.0, {}, o), "tls_laboratory"), nullptr);
}

TEST(DifferentialTls, OnlyWhatIsKnownAtTheTime) {
  EXPECT_EQ(find(differential_flags(patient(kTls), 20.0, {}), "tls_laboratory"), nullptr);
}

TEST(DifferentialTls, NoLymphodepletionRowFallsBackToTheInfusionAndSaysSo) {
  const auto p = patient(
      "P1,0,infusion,axi-cel,,,\n"
      "P1,-60,lab,potassium,6.2,mmol/L,\n"
      "P1,24,lab,uric_acid,9,mg/dL,\n");
  const auto flags = differential_flags(p, 30.0, {});
  const auto* f = find(flags, "tls_laboratory");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(any_contains(f->notes, "no lymphodepletion row: the infusion (0 h)"));
  EXPECT_TRUE(any_contains(f->notes, "age not recorded: the adult phosphate cut-off"));
}

TEST(DifferentialTls, ChildrenGetTheChildrensPhosphateCutoff) {
  const std::string rows =
      "P1,0,infusion,tisa-cel,,,\n"
      "P1,12,lab,potassium,6.5,mmol/L,\n"
      "P1,24,lab,phosphate,5.0,mg/dL,\n";
  EXPECT_NE(find(differential_flags(patient("P1,,patient,age_years,30,,\n" + rows), 30.0, {}),
                 "tls_laboratory"),
            nullptr);
  EXPECT_EQ(find(differential_flags(patient("P1,,patient,age_years,10,,\n" + rows), 30.0, {}),
                 "tls_laboratory"),
            nullptr);
}

TEST(DifferentialTls, SeizureRowsAndCreatinineGradeClinicalTls) {
  const auto p = patient(kTls +
                         "P1,26,lab,creatinine,2.0,mg/dL,\n"
                         "P1,28,seizure,prolonged,,,\n");
  const auto flags = differential_flags(p, 26.0, {});
  const auto* at_26 = find(flags, "tls_clinical");
  ASSERT_NE(at_26, nullptr);
  EXPECT_EQ(at_26->grade, 2);  // 2.0 / 1.2 = 1.67 x ULN
  const auto later = differential_flags(p, 30.0, {});
  const auto* at_30 = find(later, "tls_clinical");
  ASSERT_NE(at_30, nullptr);
  EXPECT_EQ(at_30->grade, 4);  // prolonged seizure
  EXPECT_TRUE(any_contains(at_30->evidence, "seizure (prolonged) at 28 h (grade 4)"));
  EXPECT_TRUE(any_contains(at_30->notes, "seizure rows read as Cairo-Bishop seizure grades"));
  DifferentialOptions o;
  o.tls.creatinine_uln_mg_dl = 0.5;  // the laboratory's ULN: 4 x ULN
  const auto with_uln = differential_flags(p, 26.0, {}, o);
  const auto* f = find(with_uln, "tls_clinical");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->grade, 3);
}

TEST(DifferentialTls, HowardRuleSetFromTheOptions) {
  DifferentialOptions o;
  o.tls.rule_set = TlsRuleSet::howard_2011;  // -100 h and 24 h are not the same 24 h
  EXPECT_EQ(find(differential_flags(patient(kTls), 30.0, {}, o), "tls_laboratory"), nullptr);
}

// --- carHLH -------------------------------------------------------------------------------------

const std::string kHlh =
    "P1,0,infusion,axi-cel,,,\n"
    "P1,40,lab,ferritin,30000,ng/mL,\n"
    "P1,72,lab,ferritin,15000,ug/L,\n"
    "P1,80,organ_toxicity,alt_increased,3,,\n"
    "P1,90,organ_toxicity,pulmonary_edema,3,,\n";

TEST(DifferentialCarHlh, FerritinDuringCrsAndOrganRows) {
  const auto p = patient(kHlh);
  CourseContext course;
  EXPECT_EQ(find(differential_flags(p, 100.0, course), "car_hlh"), nullptr);  // no CRS
  course.crs_onset_hours = 48.0;
  const auto flags = differential_flags(p, 100.0, course);
  const auto* f = find(flags, "car_hlh");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(any_contains(f->evidence, "peak ferritin 15000 ug/L at 72 h"));  // not the 40 h one
  EXPECT_TRUE(any_contains(f->notes, "ferritin during CRS (48 h to 100 h)"));
  EXPECT_EQ(find(differential_flags(p, 85.0, course), "car_hlh"), nullptr);  // one organ so far
}

TEST(DifferentialCarHlh, FerritinAfterCrsResolvedDoesNotCount) {
  CourseContext course;
  course.crs_onset_hours = 48.0;
  course.crs_resolved_hours = 60.0;  // the 72 h ferritin is after CRS
  EXPECT_EQ(find(differential_flags(patient(kHlh), 100.0, course), "car_hlh"), nullptr);
}

// --- Infusion reaction --------------------------------------------------------------------------

TEST(DifferentialInfusionReaction, SignsFromTheEventTable) {
  const auto fever = patient("P1,0,infusion,axi-cel,,,\nP1,2,vital,temperature,101,F,\n");
  const auto flags = differential_flags(fever, 10.0, {});
  const auto* f = find(flags, "possible_infusion_reaction");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(any_contains(f->evidence, "temperature 38.3333 C at 2 h"));
  for (const std::string row : {"P1,3,hypotension,present,,,\n", "P1,3,vital,sbp,85,mmHg,\n",
                                "P1,3,oxygen,nasal_cannula,2,L/min,\n", "P1,3,sign,tremor,1,,\n"}) {
    EXPECT_NE(find(differential_flags(patient("P1,0,infusion,axi-cel,,,\n" + row), 10.0, {}),
                   "possible_infusion_reaction"),
              nullptr)
        << row;
  }
  for (const std::string row :
       {"P1,3,vital,temperature,37.9,C,\n", "P1,3,vital,sbp,90,mmHg,\n",
        "P1,3,oxygen,nasal_cannula,2,L/min,comfort\n", "P1,3,sign,tremor,0,,\n"}) {
    EXPECT_EQ(find(differential_flags(patient("P1,0,infusion,axi-cel,,,\n" + row), 10.0, {}),
                   "possible_infusion_reaction"),
              nullptr)
        << row;
  }
}

TEST(DifferentialInfusionReaction, WindowEdgeAndOption) {
  const auto p = patient("P1,0,infusion,axi-cel,,,\nP1,6,vital,temperature,38.5,C,\n");
  EXPECT_EQ(find(differential_flags(p, 10.0, {}), "possible_infusion_reaction"), nullptr);
  const auto before = patient("P1,0,infusion,axi-cel,,,\nP1,5.9,vital,temperature,38.5,C,\n");
  EXPECT_NE(find(differential_flags(before, 10.0, {}), "possible_infusion_reaction"), nullptr);
  DifferentialOptions o;
  o.infusion_reaction_hours = 8.0;
  EXPECT_NE(find(differential_flags(p, 10.0, {}, o), "possible_infusion_reaction"), nullptr);
}

// --- Infection ----------------------------------------------------------------------------------

TEST(DifferentialInfection, FlagsFromTheEventTable) {
  const auto p = patient(
      "P1,,patient,weight_kg,70,,\n"
      "P1,0,infusion,axi-cel,,,\n"
      "P1,100,vital,temperature,38.6,C,\n"
      "P1,101,medication,tocilizumab,560,mg,\n"
      "P1,110,vital,temperature,37.1,C,\n"
      "P1,190,lab,anc,0.2,10^9/L,\n"
      "P1,350,medication,methylprednisolone,1,mg/kg,\n"
      "P1,370,vital,temperature,38.4,C,\n");
  CourseContext course;
  course.crs_onset_hours = 100.0;
  course.crs_resolved_hours = 200.0;
  const auto flags = differential_flags(p, 372.0, course);
  for (const char* key :
       {"infection_late_fever", "infection_fever_after_crs_resolved", "infection_neutropenic_fever",
        "infection_fever_on_steroids", "infection_new_fever_after_tocilizumab"}) {
    const auto* f = find(flags, key);
    ASSERT_NE(f, nullptr) << key;
    EXPECT_TRUE(any_contains(f->notes, "positive cultures are not in the event table")) << key;
  }
  EXPECT_EQ(find(flags, "infection_positive_culture"), nullptr);
  // Before the late fever none of them.
  const auto earlier = differential_flags(p, 360.0, course);
  EXPECT_EQ(find(earlier, "infection_late_fever"), nullptr);
  EXPECT_EQ(find(earlier, "infection_fever_on_steroids"), nullptr);
}

// --- Other causes of encephalopathy -------------------------------------------------------------

TEST(DifferentialEncephalopathy, ChecklistOnlyWithIcansAndWhatTheDataSay) {
  const auto p = patient(
      "P1,0,infusion,axi-cel,,,\n"
      "P1,28,lab,creatinine,2.4,mg/dL,\n"
      "P1,29,neuroimaging,hemorrhage,,,\n"
      "P1,30,consciousness,voice,,,sedated\n");
  CourseContext course;
  EXPECT_EQ(find(differential_flags(p, 31.0, course), "encephalopathy_other_causes"), nullptr);
  course.icans_grade_now = 2;
  const auto flags = differential_flags(p, 31.0, course);
  const auto* f = find(flags, "encephalopathy_other_causes");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(contains(f->title, "the data point to: sedatives, uremia, hemorrhage"));
  EXPECT_TRUE(any_contains(f->evidence,
                           "consciousness 'voice' at 30 h recorded as caused by "
                           "sedation"));
  EXPECT_TRUE(any_contains(f->evidence, "creatinine 2.4 mg/dL at 28 h, 2.00 x the ULN"));
  EXPECT_TRUE(any_contains(f->notes,
                           "still to rule out: hyponatremia, hypoglycemia, "
                           "hyperammonemia, hypercapnia, sepsis, CNS infection, "
                           "stroke, PRES, CNS disease"));
}

TEST(DifferentialEncephalopathy, NormalImagingSpeaksAgainstHemorrhage) {
  const auto p = patient("P1,0,infusion,axi-cel,,,\nP1,29,neuroimaging,normal,,,\n");
  CourseContext course;
  course.icans_grade_now = 1;
  const auto flags = differential_flags(p, 31.0, course);
  const auto* f = find(flags, "encephalopathy_other_causes");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(any_contains(
      f->evidence, "hemorrhage: neuroimaging at 29 h: normal, no hemorrhage (speaks against it)"));
}

TEST(DifferentialEncephalopathy, InfectionFlagsPointToSepsis) {
  const auto p = patient("P1,0,infusion,axi-cel,,,\nP1,400,vital,temperature,38.5,C,\n");
  CourseContext course;
  course.icans_grade_now = 1;
  const auto flags = differential_flags(p, 401.0, course);
  const auto* f = find(flags, "encephalopathy_other_causes");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(any_contains(f->evidence, "sepsis: infection flags raised: infection_late_fever"));
}

// --- Risk scores --------------------------------------------------------------------------------

const std::string kScores =
    "P1,-200,lab,ldh,250,U/L,\n"
    "P1,-200,lab,creatinine,79.56,umol/L,\n"
    "P1,-200,lab,platelets,150,10^9/L,\n"
    "P1,-200,lab,anc,2.0,10^9/L,\n"
    "P1,-200,lab,hemoglobin,120,g/L,\n"
    "P1,-200,lab,crp,10,mg/L,\n"
    "P1,-200,lab,ferritin,700,ng/mL,\n"
    "P1,-100,lab,ldh,500,U/L,\n"
    "P1,0,infusion,axi-cel,,,\n"
    "P1,20,vital,temperature,39.0,C,\n"
    "P1,24,lab,mcp1,1500,pg/mL,\n"
    "P1,24,lab,crp,20,mg/L,\n"
    "P1,24,lab,ldh,300,U/L,\n"
    "P1,24,lab,platelets,100,10^9/L,\n";

TEST(DifferentialRiskScores, EasixBeforeLymphodepletion) {
  const auto p = patient("P1,-120,lymphodepletion,flu/cy,,,\n" + kScores);
  const auto scores = risk_scores(p, 30.0);
  const auto* e = find(scores, "easix");
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(e->value);
  EXPECT_NEAR(*e->value, 1.5, 1e-9);  // the -200 h values, not the 500 U/L LDH after it
  EXPECT_EQ(e->category, "4.67 or below (Korell 2022)");
  EXPECT_EQ(e->inputs[0].at_hours, -200.0);
  EXPECT_TRUE(
      any_contains(e->notes, "time point: last values at or before lymphodepletion at -120 h"));
}

TEST(DifferentialRiskScores, WithoutLymphodepletionTheValuesBeforeInfusion) {
  const auto scores = risk_scores(patient(kScores), 30.0);
  const auto* e = find(scores, "easix");
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(e->value);
  EXPECT_NEAR(*e->value, 3.0, 1e-9);  // LDH 500 at -100 h
  EXPECT_TRUE(any_contains(e->notes,
                           "no lymphodepletion row, last values at or before the "
                           "infusion (0 h)"));
}

TEST(DifferentialRiskScores, ModifiedEasixLatestValues) {
  const auto p = patient(kScores);
  const auto scores = risk_scores(p, 30.0);
  const auto* m = find(scores, "m_easix");
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->value);
  EXPECT_NEAR(*m->value, 6.0, 1e-9);  // 300 x 2.0 mg/dL / 100
  EXPECT_TRUE(any_contains(m->notes, "time point: latest values at or before 30 h"));
  const auto earlier_scores = risk_scores(p, 10.0);
  const auto* earlier = find(earlier_scores, "m_easix");
  ASSERT_NE(earlier, nullptr);
  EXPECT_NEAR(*earlier->value, 500.0 * 1.0 / 150.0, 1e-9);
}

TEST(DifferentialRiskScores, CarHematotoxBeforeLymphodepletion) {
  const auto p = patient("P1,-120,lymphodepletion,flu/cy,,,\n" + kScores);
  const auto scores = risk_scores(p, 30.0);
  const auto* h = find(scores, "car_hematotox");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->value, 2.0);  // platelets 150: 1, ferritin 700: 1
  EXPECT_EQ(h->category, "high risk (>= 2)");
}

TEST(DifferentialRiskScores, HayWithin36Hours) {
  const auto p = patient(kScores);
  const auto scores = risk_scores(p, 30.0);
  const auto* at_30 = find(scores, "hay_2017");
  ASSERT_NE(at_30, nullptr);
  EXPECT_EQ(at_30->value, 1.0);
  const auto earlier_scores = risk_scores(p, 22.0);
  const auto* at_22 = find(earlier_scores, "hay_2017");
  ASSERT_NE(at_22, nullptr);
  EXPECT_FALSE(at_22->value);  // MCP-1 not measured yet
  EXPECT_EQ(at_22->missing, std::vector<std::string>{"MCP-1 (pg/mL)"});
  const auto late = patient(
      "P1,0,infusion,axi-cel,,,\nP1,20,vital,temperature,39.0,C,\nP1,37,lab,mcp1,1500,pg/mL,\n");
  const auto late_scores = risk_scores(late, 40.0);
  const auto* outside = find(late_scores, "hay_2017");
  ASSERT_NE(outside, nullptr);
  EXPECT_FALSE(outside->value);  // MCP-1 at 37 h is outside the 36 h window
}

TEST(DifferentialRiskScores, EveryScoreIsInformationOnly) {
  const auto scores = risk_scores(patient(kScores), 30.0);
  ASSERT_EQ(scores.size(), 4U);
  for (const auto& s : scores) {
    EXPECT_TRUE(any_contains(s.notes, "information, not a trigger for treatment")) << s.key;
    EXPECT_TRUE(any_contains(s.notes, "time point:")) << s.key;
  }
}

}  // namespace
}  // namespace cytostorm::clinical
