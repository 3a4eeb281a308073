// Tumour lysis syndrome (clinical-rules.md section 6): each laboratory criterion at its cut-off in
// both unit systems, corrected calcium, the 25% rules, the Howard 2011 variant (same 24 h, no 25%
// rule), the window edges and the clinical grade boundaries.
#include "cytostorm/clinical/tumour_lysis.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/text_match.hpp"

namespace cytostorm::clinical {
namespace {

using testing::any_contains;
using testing::contains;

LabValue lab(std::string analyte, double value, std::string unit, double hours) {
  return {std::move(analyte), value, std::move(unit), hours};
}

const Flag* find(const std::vector<Flag>& flags, std::string_view key) {
  for (const auto& f : flags) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

TlsOptions howard() {
  TlsOptions o;
  o.rule_set = TlsRuleSet::howard_2011;
  return o;
}

bool laboratory_tls(const std::vector<LabValue>& labs, const TlsOptions& options = {},
                    bool child = false, double start = 0.0) {
  TlsInput in;
  in.labs = labs;
  in.child = child;
  in.therapy_start_hours = start;
  return find(tumour_lysis_flags(in, options), "tls_laboratory") != nullptr;
}

// A second criterion that is always met, so that one criterion decides laboratory TLS.
LabValue anchor_for(std::string_view analyte) {
  return analyte == "potassium" ? lab("uric_acid", 10.0, "mg/dL", 12.0)
                                : lab("potassium", 6.5, "mmol/L", 12.0);
}

// A parameterised row's test name and printout: its label, letters and digits only.
template <typename Row>
std::string row_name(const ::testing::TestParamInfo<Row>& row) {
  std::string name;
  for (char c : row.param.label) {
    if (std::isalnum(static_cast<unsigned char>(c))) name += c;
  }
  return name;
}

struct CutoffRow {
  std::string label;
  std::string analyte;
  std::string unit;
  double at;      // meets the criterion
  double beyond;  // just on the other side: does not
  bool child = false;
};

void PrintTo(const CutoffRow& row, std::ostream* os) {
  *os << row.label;
}

class TlsCutoff : public ::testing::TestWithParam<CutoffRow> {};

TEST_P(TlsCutoff, AtTheCutoffCountsJustBeyondDoesNot) {
  const auto& row = GetParam();
  const auto anchor = anchor_for(row.analyte);
  for (const auto& options : {TlsOptions{}, howard()}) {
    EXPECT_TRUE(
        laboratory_tls({anchor, lab(row.analyte, row.at, row.unit, 24.0)}, options, row.child))
        << row.label << " at " << row.at;
    EXPECT_FALSE(
        laboratory_tls({anchor, lab(row.analyte, row.beyond, row.unit, 24.0)}, options, row.child))
        << row.label << " at " << row.beyond;
  }
}

INSTANTIATE_TEST_SUITE_P(
    CairoBishop, TlsCutoff,
    ::testing::Values(CutoffRow{"uric acid umol/L", "uric_acid", "umol/L", 476.0, 475.9},
                      CutoffRow{"uric acid mg/dL", "uric_acid", "mg/dL", 8.0, 7.99},
                      CutoffRow{"potassium", "potassium", "mmol/L", 6.0, 5.99},
                      CutoffRow{"phosphate adult mmol/L", "phosphate", "mmol/L", 1.45, 1.44},
                      CutoffRow{"phosphate adult mg/dL", "phosphate", "mg/dL", 4.5, 4.49},
                      CutoffRow{"phosphate child mmol/L", "phosphate", "mmol/L", 2.1, 2.09, true},
                      CutoffRow{"phosphate child mg/dL", "phosphate", "mg/dL", 6.5, 6.49, true},
                      CutoffRow{"calcium mmol/L (no albumin)", "calcium", "mmol/L", 1.75, 1.76},
                      CutoffRow{"calcium mg/dL (no albumin)", "calcium", "mg/dL", 7.0, 7.01}),
    row_name<CutoffRow>);

TEST(TlsCutoffUnits, EachUnitHasItsOwnCutoffNotAConvertedOne) {
  // 8 mg/dL converts to 475.84 umol/L: below the 476 umol/L cut-off, yet 8 mg/dL meets it.
  EXPECT_LT(*convert_lab("uric_acid", 8.0, "mg/dL", "umol/L"), 476.0);
  const auto anchor = anchor_for("uric_acid");
  EXPECT_TRUE(laboratory_tls({anchor, lab("uric_acid", 8.0, "mg/dL", 24.0)}));
  EXPECT_FALSE(laboratory_tls({anchor, lab("uric_acid", 475.84, "umol/L", 24.0)}));
}

TEST(TlsCutoffUnits, AnAdultPhosphateCutoffDoesNotCountForAChild) {
  const auto anchor = anchor_for("phosphate");
  EXPECT_TRUE(laboratory_tls({anchor, lab("phosphate", 6.0, "mg/dL", 24.0)}, {}, false));
  EXPECT_FALSE(laboratory_tls({anchor, lab("phosphate", 6.0, "mg/dL", 24.0)}, {}, true));
}

TEST(TlsCorrectedCalcium, FormulaInMgDlAndGDl) {
  EXPECT_DOUBLE_EQ(corrected_calcium_mg_dl(6.5, 3.0), 7.3);
  EXPECT_DOUBLE_EQ(corrected_calcium_mg_dl(7.4, 4.0), 7.4);
  EXPECT_NEAR(corrected_calcium_mg_dl(7.4, 4.5), 7.0, 1e-12);
}

TEST(TlsCorrectedCalcium, LowAlbuminLiftsCalciumAboveTheCutoff) {
  const auto anchor = anchor_for("calcium");
  // 6.5 mg/dL measured, albumin 3.0 g/dL: corrected 7.3, not low.
  EXPECT_FALSE(laboratory_tls(
      {anchor, lab("albumin", 3.0, "g/dL", 20.0), lab("calcium", 6.5, "mg/dL", 24.0)}));
  // 7.4 mg/dL with albumin 4.5 g/dL: corrected 7.0, low.
  EXPECT_TRUE(laboratory_tls(
      {anchor, lab("albumin", 4.5, "g/dL", 20.0), lab("calcium", 7.4, "mg/dL", 24.0)}));
}

TEST(TlsCorrectedCalcium, SiUnitsGiveTheSameCorrection) {
  const auto anchor = anchor_for("calcium");
  // 1.85 mmol/L with albumin 40 g/L: corrected 1.85, not low; with 46 g/L: corrected 1.73.
  EXPECT_FALSE(laboratory_tls(
      {anchor, lab("albumin", 40.0, "g/L", 20.0), lab("calcium", 1.85, "mmol/L", 24.0)}));
  EXPECT_TRUE(laboratory_tls(
      {anchor, lab("albumin", 46.0, "g/L", 20.0), lab("calcium", 1.85, "mmol/L", 24.0)}));
}

TEST(TlsCorrectedCalcium, AlbuminMeasuredAfterTheCalciumIsNotUsed) {
  TlsInput in;
  in.labs = {anchor_for("calcium"), lab("calcium", 7.4, "mg/dL", 24.0),
             lab("albumin", 4.5, "g/dL", 30.0)};
  const auto findings = tls_laboratory_findings(in, {});
  EXPECT_TRUE(any_contains(findings.notes, "measured calcium used instead of corrected calcium"));
  EXPECT_EQ(findings.abnormalities.size(), 1U);  // the anchor only: 7.4 uncorrected is not low
}

TEST(TlsCorrectedCalcium, EvidenceShowsMeasuredValueAndAlbumin) {
  TlsInput in;
  in.labs = {anchor_for("calcium"), lab("albumin", 2.0, "g/dL", 20.0),
             lab("calcium", 5.0, "mg/dL", 24.0)};
  const auto flags = tumour_lysis_flags(in);
  const auto* f = find(flags, "tls_laboratory");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(any_contains(f->evidence,
                           "corrected calcium 6.6 mg/dL at 24 h (measured 5 mg/dL, "
                           "albumin 2 g/dL at 20 h) <= 7 mg/dL"));
}

// --- The 25% rules (Cairo-Bishop only) ----------------------------------------------------------

struct ChangeRow {
  std::string label;
  std::string analyte;
  LabValue baseline;
  double at;      // exactly +25% (or -25% for calcium): met
  double beyond;  // just short of it: not met
  std::string unit;
};

void PrintTo(const ChangeRow& row, std::ostream* os) {
  *os << row.label;
}

class TlsChange : public ::testing::TestWithParam<ChangeRow> {};

TEST_P(TlsChange, ExactlyTwentyFivePercentCountsJustShortDoesNot) {
  const auto& row = GetParam();
  const auto anchor = anchor_for(row.analyte);
  EXPECT_TRUE(laboratory_tls({row.baseline, anchor, lab(row.analyte, row.at, row.unit, 24.0)}))
      << row.label;
  EXPECT_FALSE(laboratory_tls({row.baseline, anchor, lab(row.analyte, row.beyond, row.unit, 24.0)}))
      << row.label;
  // Howard 2011 has no 25% rule.
  EXPECT_FALSE(
      laboratory_tls({row.baseline, anchor, lab(row.analyte, row.at, row.unit, 24.0)}, howard()))
      << row.label;
}

INSTANTIATE_TEST_SUITE_P(
    CairoBishop, TlsChange,
    ::testing::Values(ChangeRow{"uric acid", "uric_acid", lab("uric_acid", 4.0, "mg/dL", -24.0),
                                5.0, 4.99, "mg/dL"},
                      ChangeRow{"uric acid across units", "uric_acid",
                                lab("uric_acid", 4.0, "mg/dL", -24.0), 5.0 * kUricAcidUmolPerMg,
                                4.99 * kUricAcidUmolPerMg, "umol/L"},
                      ChangeRow{"potassium", "potassium", lab("potassium", 4.0, "mmol/L", -24.0),
                                5.0, 4.99, "mmol/L"},
                      ChangeRow{"phosphate", "phosphate", lab("phosphate", 1.0, "mmol/L", -24.0),
                                1.25, 1.24, "mmol/L"},
                      ChangeRow{"calcium falls", "calcium", lab("calcium", 10.0, "mg/dL", -24.0),
                                7.5, 7.51, "mg/dL"}),
    row_name<ChangeRow>);

TEST(TlsChange, TheBaselineIsTheLastValueAtOrBeforeTheStartOfTherapy) {
  const auto anchor = anchor_for("potassium");
  // The later baseline (4.4) is the one used: 5.0 is +14% from it, not +25%.
  EXPECT_FALSE(
      laboratory_tls({lab("potassium", 4.0, "mmol/L", -100.0), lab("potassium", 4.4, "mmol/L", 0.0),
                      anchor, lab("potassium", 5.0, "mmol/L", 24.0)}));
  // A value after the start of therapy is not a baseline.
  EXPECT_FALSE(laboratory_tls(
      {anchor, lab("potassium", 4.0, "mmol/L", 2.0), lab("potassium", 5.0, "mmol/L", 24.0)}));
}

TEST(TlsChange, EvidenceGivesThePercentAndTheBaseline) {
  TlsInput in;
  in.labs = {lab("potassium", 4.0, "mmol/L", -24.0), anchor_for("potassium"),
             lab("potassium", 5.0, "mmol/L", 24.0)};
  const auto flags = tumour_lysis_flags(in);
  const auto* f = find(flags, "tls_laboratory");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(any_contains(
      f->evidence, "potassium 5 mmol/L at 24 h: +25% from baseline potassium 4 mmol/L at -24 h"));
}

TEST(TlsChange, NoBaselineIsSaid) {
  TlsInput in;
  in.labs = {lab("potassium", 5.0, "mmol/L", 24.0)};
  const auto findings = tls_laboratory_findings(in, {});
  EXPECT_TRUE(any_contains(findings.notes, "no potassium at or before the start of therapy"));
  EXPECT_FALSE(any_contains(tls_laboratory_findings(in, howard()).notes, "no potassium"));
}

// --- Howard 2011: the same 24 h -------------------------------------------------------------

TEST(TlsHoward, TwoAbnormalitiesWithin24HoursCount) {
  const std::vector<LabValue> at_24{lab("uric_acid", 9.0, "mg/dL", 0.0),
                                    lab("potassium", 6.5, "mmol/L", 24.0)};
  const std::vector<LabValue> at_24_5{lab("uric_acid", 9.0, "mg/dL", 0.0),
                                      lab("potassium", 6.5, "mmol/L", 24.5)};
  EXPECT_TRUE(laboratory_tls(at_24, howard()));
  EXPECT_FALSE(laboratory_tls(at_24_5, howard()));
  EXPECT_TRUE(laboratory_tls(at_24_5));  // Cairo-Bishop: anywhere in the window
}

TEST(TlsHoward, TwoValuesOfOneCriterionAreOneAbnormality) {
  EXPECT_FALSE(laboratory_tls(
      {lab("uric_acid", 9.0, "mg/dL", 0.0), lab("uric_acid", 9.5, "mg/dL", 6.0)}, howard()));
  EXPECT_FALSE(
      laboratory_tls({lab("uric_acid", 9.0, "mg/dL", 0.0), lab("uric_acid", 9.5, "mg/dL", 6.0)}));
}

TEST(TlsHoward, CitesHoward) {
  TlsInput in;
  in.labs = {lab("uric_acid", 9.0, "mg/dL", 0.0), lab("potassium", 6.5, "mmol/L", 2.0)};
  const auto flags = tumour_lysis_flags(in, howard());
  ASSERT_EQ(flags.size(), 1U);
  EXPECT_EQ(flags[0].citation.short_name, "Howard 2011");
  EXPECT_TRUE(contains(flags[0].title, "Howard 2011"));
  EXPECT_EQ(tumour_lysis_flags(in)[0].citation.short_name, "Cairo-Bishop");
  // Clinical TLS is graded by Cairo-Bishop under both rule sets.
  in.seizures.push_back({4.0, TlsSeizure::brief_generalised_or_controlled, "brief_resolved"});
  const auto clinical = tumour_lysis_flags(in, howard());
  ASSERT_EQ(clinical.size(), 2U);
  EXPECT_EQ(clinical[1].title, "clinical tumour lysis syndrome, grade 2 (Cairo-Bishop)");
  EXPECT_EQ(clinical[1].citation.short_name, "Cairo-Bishop");
  EXPECT_TRUE(any_contains(clinical[1].notes, "Howard 2011: within the same 24 h"));
}

// --- The window: 3 days before to 7 days after the start of therapy ---------------------------

TEST(TlsWindow, BothEdgesAreIncluded) {
  const auto k = lab("potassium", 6.5, "mmol/L", 24.0);
  EXPECT_TRUE(laboratory_tls({k, lab("uric_acid", 10.0, "mg/dL", -72.0)}));
  EXPECT_FALSE(laboratory_tls({k, lab("uric_acid", 10.0, "mg/dL", -72.5)}));
  EXPECT_TRUE(laboratory_tls({k, lab("uric_acid", 10.0, "mg/dL", 168.0)}));
  EXPECT_FALSE(laboratory_tls({k, lab("uric_acid", 10.0, "mg/dL", 168.5)}));
}

TEST(TlsWindow, MovesWithTheStartOfTherapy) {
  // Lymphodepletion at -120 h: the window is -192 h to 48 h.
  const auto k = lab("potassium", 6.5, "mmol/L", -100.0);
  EXPECT_TRUE(laboratory_tls({k, lab("uric_acid", 10.0, "mg/dL", -192.0)}, {}, false, -120.0));
  EXPECT_TRUE(laboratory_tls({k, lab("uric_acid", 10.0, "mg/dL", 48.0)}, {}, false, -120.0));
  EXPECT_FALSE(laboratory_tls({k, lab("uric_acid", 10.0, "mg/dL", 48.5)}, {}, false, -120.0));
  TlsInput in;
  in.therapy_start_hours = -120.0;
  EXPECT_TRUE(any_contains(tls_laboratory_findings(in, {}).notes, "window -192 h to 48 h"));
}

// --- Clinical TLS -------------------------------------------------------------------------------

TEST(TlsClinicalGrade, CreatinineBoundaries) {
  EXPECT_EQ(creatinine_tls_grade(1.49), 0);
  EXPECT_EQ(creatinine_tls_grade(1.5), 1);
  EXPECT_EQ(creatinine_tls_grade(1.51), 2);
  EXPECT_EQ(creatinine_tls_grade(3.0), 2);
  EXPECT_EQ(creatinine_tls_grade(3.01), 3);
  EXPECT_EQ(creatinine_tls_grade(6.0), 3);
  EXPECT_EQ(creatinine_tls_grade(6.01), 4);
}

TEST(TlsClinicalGrade, ArrhythmiaAndSeizureSeverity) {
  EXPECT_EQ(arrhythmia_tls_grade(Arrhythmia::none), 0);
  EXPECT_EQ(arrhythmia_tls_grade(Arrhythmia::intervention_not_indicated), 1);
  EXPECT_EQ(arrhythmia_tls_grade(Arrhythmia::nonurgent_intervention), 2);
  EXPECT_EQ(arrhythmia_tls_grade(Arrhythmia::symptomatic_or_controlled_with_device), 3);
  EXPECT_EQ(arrhythmia_tls_grade(Arrhythmia::life_threatening), 4);
  EXPECT_EQ(arrhythmia_tls_grade(Arrhythmia::sudden_death), 5);
  EXPECT_EQ(seizure_tls_grade(TlsSeizure::none), 0);
  EXPECT_EQ(seizure_tls_grade(TlsSeizure::brief_generalised_or_controlled), 2);
  EXPECT_EQ(seizure_tls_grade(TlsSeizure::consciousness_altered_or_poorly_controlled), 3);
  EXPECT_EQ(seizure_tls_grade(TlsSeizure::prolonged_repetitive_or_intractable), 4);
}

TlsInput laboratory_tls_with(std::vector<LabValue> more) {
  TlsInput in;
  in.labs = {lab("uric_acid", 10.0, "mg/dL", 12.0), lab("potassium", 6.5, "mmol/L", 12.0)};
  in.labs.insert(in.labs.end(), more.begin(), more.end());
  return in;
}

std::optional<int> clinical_grade(const TlsInput& in) {
  const auto flags = tumour_lysis_flags(in);
  const auto* f = find(flags, "tls_clinical");
  if (!f) return std::nullopt;
  return f->grade;
}

TEST(TlsClinical, CreatinineTimesTheGivenUln) {
  for (const auto& [creatinine, grade] : std::vector<std::pair<double, std::optional<int>>>{
           {1.49, std::nullopt}, {1.5, 1}, {1.51, 2}, {3.0, 2}, {3.01, 3}, {6.0, 3}, {6.01, 4}}) {
    auto in = laboratory_tls_with({lab("creatinine", creatinine, "mg/dL", 30.0)});
    in.creatinine_uln_mg_dl = 1.0;
    EXPECT_EQ(clinical_grade(in), grade) << creatinine;
  }
}

TEST(TlsClinical, CreatinineInUmolPerLitreAgainstTheAssumedUln) {
  // Default ULN 1.2 mg/dL: 1.5 x ULN = 1.8 mg/dL = 159.12 umol/L.
  EXPECT_EQ(clinical_grade(laboratory_tls_with({lab("creatinine", 159.12, "umol/L", 30.0)})), 1);
  EXPECT_EQ(clinical_grade(laboratory_tls_with({lab("creatinine", 159.0, "umol/L", 30.0)})),
            std::nullopt);
  const auto flags =
      tumour_lysis_flags(laboratory_tls_with({lab("creatinine", 400, "umol/L", 30)}));
  const auto* f = find(flags, "tls_clinical");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(any_contains(f->notes, "creatinine ULN 1.2 mg/dL: an assumed adult value"));
  EXPECT_TRUE(any_contains(f->evidence, "creatinine 400 umol/L at 30 h = 3.77 x ULN (grade 3)"));
}

TEST(TlsClinical, HighestOfCreatinineArrhythmiaAndSeizureWins) {
  auto in = laboratory_tls_with({lab("creatinine", 2.0, "mg/dL", 30.0)});
  in.creatinine_uln_mg_dl = 1.0;  // creatinine grade 2
  in.seizures.push_back({40.0, TlsSeizure::consciousness_altered_or_poorly_controlled, "x"});
  EXPECT_EQ(clinical_grade(in), 3);
  in.arrhythmias.push_back({50.0, Arrhythmia::life_threatening});
  EXPECT_EQ(clinical_grade(in), 4);
  in.arrhythmias.push_back({60.0, Arrhythmia::sudden_death});
  EXPECT_EQ(clinical_grade(in), 5);
}

TEST(TlsClinical, ASeizureAloneMakesClinicalTls) {
  auto in = laboratory_tls_with({});
  EXPECT_EQ(clinical_grade(in), std::nullopt);
  in.seizures.push_back({40.0, TlsSeizure::brief_generalised_or_controlled, "brief_resolved"});
  EXPECT_EQ(clinical_grade(in), 2);
  const auto flags = tumour_lysis_flags(in);
  const auto* f = find(flags, "tls_clinical");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(any_contains(f->evidence, "seizure (brief_resolved) at 40 h (grade 2)"));
  EXPECT_TRUE(contains(f->title, "grade 2"));
}

TEST(TlsClinical, ClinicalEventsOutsideTheWindowDoNotCount) {
  auto in = laboratory_tls_with({});
  in.arrhythmias.push_back({169.0, Arrhythmia::life_threatening});
  EXPECT_EQ(clinical_grade(in), std::nullopt);
}

TEST(TlsClinical, NeedsLaboratoryTls) {
  TlsInput in;
  in.labs = {lab("uric_acid", 10.0, "mg/dL", 12.0), lab("creatinine", 9.0, "mg/dL", 12.0)};
  in.seizures.push_back({40.0, TlsSeizure::prolonged_repetitive_or_intractable, "prolonged"});
  EXPECT_TRUE(tumour_lysis_flags(in).empty());
}

TEST(TlsFlags, EvidenceCarriesValueUnitAndTime) {
  const auto flags = tumour_lysis_flags(laboratory_tls_with({}));
  ASSERT_EQ(flags.size(), 1U);
  EXPECT_EQ(flags[0].key, "tls_laboratory");
  EXPECT_EQ(flags[0].grade, std::nullopt);
  EXPECT_TRUE(any_contains(flags[0].evidence, "uric acid 10 mg/dL at 12 h >= 8 mg/dL"));
  EXPECT_TRUE(any_contains(flags[0].evidence, "potassium 6.5 mmol/L at 12 h >= 6 mmol/L"));
  EXPECT_TRUE(flags[0].citation.verified);
}

TEST(TlsFlags, AnUnknownUnitIsSaidNotGuessed) {
  TlsInput in;
  in.labs = {lab("potassium", 6.5, "mmol/L", 12.0), lab("uric_acid", 10.0, "mmol/L", 12.0)};
  const auto findings = tls_laboratory_findings(in, {});
  EXPECT_EQ(findings.abnormalities.size(), 1U);
  EXPECT_TRUE(any_contains(findings.notes, "no cut-off in mmol/L"));
}

}  // namespace
}  // namespace cytostorm::clinical
