// The FHIR export read back by the FHIR reader: every patient of the example cohorts (hours
// since infusion, and ISO 8601 times) grades the same after the round trip; a patient without an
// infusion cannot be placed in time.
#include "cytostorm/io/fhir_export.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/grading/engine.hpp"
#include "cytostorm/io/event_table.hpp"
#include "cytostorm/io/fhir_bundle.hpp"
#include "cytostorm/io/grades_output.hpp"
#include "support/patient_rows.hpp"

namespace cytostorm::io {
namespace {

std::vector<record::PatientRecord> cohort(const std::string& name) {
  std::vector<record::PatientRecord> out;
  const auto read = read_event_table(
      CYTOSTORM_SOURCE_DIR "/data/examples/" + name, {},
      [&](record::PatientRecord&& p) { out.push_back(std::move(p)); }, [&] { out.clear(); });
  EXPECT_TRUE(read.ok()) << read.error().to_string();
  return out;
}

std::string grades(const record::PatientRecord& p) {
  std::vector<const clinical::CrsScale*> scales;
  for (const auto& s : clinical::crs_scales()) scales.push_back(&s);
  return to_json(grading::grade_patient(p, scales)).dump(1);
}

TEST(FhirExport, EveryExamplePatientGradesTheSameAfterTheRoundTrip) {
  for (const std::string file : {"cohort.csv", "cohort-iso.csv", "bedside-review.csv"}) {
    const auto patients = cohort(file);
    ASSERT_FALSE(patients.empty()) << file;
    for (const auto& p : patients) {
      const auto bundle = fhir_bundle(p);
      ASSERT_TRUE(bundle.ok()) << bundle.error().to_string();
      const auto back = read_fhir_bundle(bundle.value().dump(1), "export.json");
      ASSERT_TRUE(back.ok()) << file << " " << p.patient_id << ": " << back.error().to_string();
      ASSERT_EQ(back.value().size(), 1U);
      const auto& q = back.value()[0];
      EXPECT_EQ(q.patient_id, p.patient_id);
      EXPECT_EQ(q.events.size(), p.events.size()) << p.patient_id;
      EXPECT_EQ(q.age_years, p.age_years);
      EXPECT_EQ(q.weight_kg, p.weight_kg);
      EXPECT_EQ(q.sex, p.sex);
      EXPECT_EQ(grades(q), grades(p)) << file << " " << p.patient_id;
    }
  }
}

TEST(FhirExport, WritesTheEventTableCodesAndTimes) {
  const auto p = testing::patient_from_rows(
      "P1,,patient,sex,female,,\n"
      "P1,0,infusion,axi-cel,,,\n"
      "P1,30.5,vital,temperature,39.1,C,\n"
      "P1,49,ice,orientation,4,,\n"
      "P1,49,ice,naming,3,,\n"
      "P1,49,ice,commands,1,,\n"
      "P1,49,ice,writing,NA,,intubated\n"
      "P1,49,ice,attention,1,,\n");
  const auto bundle = fhir_bundle(p).value();
  const auto& entries = bundle["entry"];
  ASSERT_EQ(entries.size(), 9U);  // Patient, sex, seven events
  EXPECT_EQ(entries[0]["resource"]["id"], "P1");
  const auto& fever = entries[3]["resource"];
  EXPECT_EQ(fever["code"]["coding"][0]["code"], "vital.temperature");
  EXPECT_EQ(fever["effectiveDateTime"], "2000-01-02T06:30:00Z");
  EXPECT_EQ(fever["valueQuantity"]["unit"], "C");
  EXPECT_EQ(entries[7]["resource"]["dataAbsentReason"]["text"], "intubated");
  EXPECT_EQ(entries[7]["resource"]["code"]["coding"][0]["code"], "ice.writing");
}

TEST(FhirExport, NeedsAnInfusionToPlaceTimes) {
  const auto timed = testing::patient_from_rows("P1,30,vital,temperature,39.1,C,\n");
  const auto refused = fhir_bundle(timed);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("no infusion row"), std::string::npos);
  const auto facts_only = testing::patient_from_rows("P1,,patient,age_years,9,,\n");
  EXPECT_TRUE(fhir_bundle(facts_only).ok());
}

}  // namespace
}  // namespace cytostorm::io
