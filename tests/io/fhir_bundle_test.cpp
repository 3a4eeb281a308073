#include "cytostorm/io/fhir_bundle.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cytostorm/record/event_time.hpp"
#include "cytostorm/record/patient_builder.hpp"
#include "support/same_event.hpp"

namespace cytostorm::io {
namespace {

using nlohmann::json;
using record::EventKind;

constexpr const char* kInfusionTime = "2024-03-04T10:00:00Z";

json loinc(const std::string& code) {
  return {{"coding", json::array({{{"system", "http://loinc.org"}, {"code", code}}})}};
}

json cyto(const std::string& code) {
  return {{"coding", json::array({{{"system", "urn:cytostorm:fhir:event"}, {"code", code}}})}};
}

json quantity(double value, const std::string& ucum) {
  return {{"value", value}, {"system", "http://unitsofmeasure.org"}, {"code", ucum}};
}

json subject(const std::string& id = "p1") {
  return {{"reference", "Patient/" + id}};
}

json patient(const std::string& id = "p1") {
  return {{"resourceType", "Patient"}, {"id", id}};
}

json infusion(const std::string& id = "p1", const std::string& time = kInfusionTime) {
  return {{"resourceType", "Procedure"},
          {"status", "completed"},
          {"code", cyto("infusion.axi-cel")},
          {"subject", subject(id)},
          {"performedDateTime", time}};
}

json observation(json code, const std::string& time, const std::string& id = "p1") {
  return {{"resourceType", "Observation"},
          {"status", "final"},
          {"code", std::move(code)},
          {"subject", subject(id)},
          {"effectiveDateTime", time}};
}

json vital(const std::string& code, double value, const std::string& ucum,
           const std::string& time = "2024-03-05T08:00:00Z") {
  json o = observation(loinc(code), time);
  o["valueQuantity"] = quantity(value, ucum);
  return o;
}

json administration(const std::string& drug, const std::string& time, json dosage,
                    const std::string& id = "p1") {
  return {{"resourceType", "MedicationAdministration"},
          {"status", "completed"},
          {"medicationCodeableConcept", {{"text", drug}}},
          {"subject", subject(id)},
          {"effectiveDateTime", time},
          {"dosage", std::move(dosage)}};
}

std::string bundle(const std::vector<json>& resources, const std::string& type = "collection") {
  json b = {{"resourceType", "Bundle"}, {"type", type}, {"entry", json::array()}};
  for (const auto& r : resources) b["entry"].push_back({{"resource", r}});
  return b.dump(2);
}

// A Bundle of one patient p1 (entry 0), its infusion (entry 1), then `resources`.
std::string with_patient(std::vector<json> resources) {
  resources.insert(resources.begin(), {patient(), infusion()});
  return bundle(resources);
}

std::vector<record::PatientRecord> read_ok(const std::string& text) {
  auto r = read_fhir_bundle(text, "b.json");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? r.value() : std::vector<record::PatientRecord>{};
}

// Some events of a record, with the texts they refer to (the record's, which outlive it).
struct SomeEvents {
  record::EventTexts texts;
  std::vector<record::Event> list;

  [[nodiscard]] std::size_t size() const { return list.size(); }
  const record::Event& operator[](std::size_t i) const { return list[i]; }
  [[nodiscard]] auto begin() const { return list.begin(); }
  [[nodiscard]] auto end() const { return list.end(); }
};

// The one patient's events other than the infusion.
SomeEvents events_of(const std::string& text) {
  const auto records = read_ok(text);
  EXPECT_EQ(records.size(), 1u);
  SomeEvents out;
  if (records.size() != 1) return out;
  out.texts = records[0].texts;
  for (const auto& e : records[0].events) {
    if (e.kind != EventKind::infusion) out.list.push_back(e);
  }
  return out;
}

std::string read_error(const std::string& text) {
  auto r = read_fhir_bundle(text, "b.json");
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.error().to_string();
}

// --- LOINC codes ------------------------------------------------------------------------------

struct LoincCase {
  std::string code;
  double value;
  std::string ucum;
  EventKind kind;
  std::string item;
  std::string unit;
};

TEST(FhirBundle, MapsEachVitalLoincCode) {
  const std::vector<LoincCase> cases{
      {"8310-5", 38.4, "Cel", EventKind::vital, "temperature", "C"},
      {"8867-4", 112, "/min", EventKind::vital, "heart_rate", "/min"},
      {"9279-1", 22, "{breaths}/min", EventKind::vital, "resp_rate", "/min"},
      {"8480-6", 84, "mm[Hg]", EventKind::vital, "sbp", "mmHg"},
      {"8462-4", 48, "mm[Hg]", EventKind::vital, "dbp", "mmHg"},
      {"8478-0", 61, "mm[Hg]", EventKind::vital, "map", "mmHg"},
      {"59408-5", 91, "%", EventKind::vital, "spo2", "%"},
      {"2708-6", 93, "%", EventKind::vital, "spo2", "%"},
      {"3150-0", 40, "%", EventKind::fio2, "", "%"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    const auto events = events_of(with_patient({vital(c.code, c.value, c.ucum)}));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, c.kind);
    EXPECT_EQ(events[0].item, c.item);
    ASSERT_TRUE(events[0].value);
    EXPECT_DOUBLE_EQ(*events[0].value, c.value);
    EXPECT_EQ(events[0].unit, c.unit);
    EXPECT_DOUBLE_EQ(events[0].hours, 22.0);
    EXPECT_EQ(events[0].day, 1);
    EXPECT_EQ(events[0].line, 3u);
  }
}

TEST(FhirBundle, AgeAndWeightObservationsArePatientFacts) {
  const auto records = read_ok(with_patient(
      {vital("30525-0", 57, "a"), vital("29463-7", 81.5, "kg"), vital("8310-5", 37, "Cel")}));
  ASSERT_EQ(records.size(), 1u);
  ASSERT_TRUE(records[0].age_years);
  EXPECT_EQ(*records[0].age_years, 57.0);
  ASSERT_TRUE(records[0].weight_kg);
  EXPECT_EQ(*records[0].weight_kg, 81.5);
  // Facts are not events: the infusion and the temperature remain.
  EXPECT_EQ(records[0].events.size(), 2u);
}

TEST(FhirBundle, UnitTextIsUsedWhenThereIsNoCode) {
  json o = observation(loinc("30525-0"), "2024-03-01T08:00:00Z");
  o["valueQuantity"] = {{"value", 44}, {"unit", "years"}};
  const auto records = read_ok(with_patient({o}));
  ASSERT_EQ(records.size(), 1u);
  ASSERT_TRUE(records[0].age_years);
  EXPECT_EQ(*records[0].age_years, 44.0);
}

TEST(FhirBundle, BloodPressurePanelGivesOneEventPerComponent) {
  json panel = observation(loinc("85354-9"), "2024-03-06T16:00:00Z");
  panel["component"] = json::array({
      {{"code", loinc("8480-6")}, {"valueQuantity", quantity(84, "mm[Hg]")}},
      {{"code", loinc("8462-4")}, {"valueQuantity", quantity(50, "mm[Hg]")}},
      {{"code", loinc("8478-0")}, {"valueQuantity", quantity(61, "mm[Hg]")}},
      {{"code", loinc("8867-9")}, {"valueQuantity", quantity(1, "mm[Hg]")}},  // not mapped
  });
  const auto events = events_of(with_patient({panel}));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].item, "sbp");
  EXPECT_EQ(events[0].value, 84.0);
  EXPECT_EQ(events[1].item, "dbp");
  EXPECT_EQ(events[1].value, 50.0);
  EXPECT_EQ(events[2].item, "map");
  EXPECT_EQ(events[2].value, 61.0);
  for (const auto& e : events) {
    EXPECT_EQ(e.kind, EventKind::vital);
    EXPECT_EQ(e.unit, "mmHg");
    EXPECT_DOUBLE_EQ(e.hours, 54.0);
    EXPECT_EQ(e.line, 3u);
  }
}

TEST(FhirBundle, PanelComponentWithoutValueIsSkipped) {
  json panel = observation(loinc("85354-9"), "2024-03-06T16:00:00Z");
  panel["component"] = json::array({
      {{"code", loinc("8480-6")}, {"valueQuantity", quantity(84, "mm[Hg]")}},
      {{"code", loinc("8462-4")}, {"dataAbsentReason", {{"text", "cuff slipped"}}}},
  });
  const auto events = events_of(with_patient({panel}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].item, "sbp");
}

TEST(FhirBundle, FahrenheitBecomesCelsius) {
  json text_unit = observation(loinc("8310-5"), "2024-03-05T08:00:00Z");
  text_unit["valueQuantity"] = {{"value", 100.4}, {"unit", "F"}};
  const auto events = events_of(with_patient({vital("8310-5", 101.3, "[degF]"), text_unit}));
  ASSERT_EQ(events.size(), 2u);
  for (const auto& e : events) {
    EXPECT_EQ(e.unit, "C");
    ASSERT_TRUE(e.value);
  }
  EXPECT_NEAR(*events[0].value, 38.5, 1e-9);
  EXPECT_NEAR(*events[1].value, 38.0, 1e-9);
}

TEST(FhirBundle, CelsiusWrittenAsCIsAccepted) {
  json o = observation(loinc("8310-5"), "2024-03-05T08:00:00Z");
  o["valueQuantity"] = {{"value", 38.2}, {"unit", "C"}};
  const auto events = events_of(with_patient({o}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].unit, "C");
  EXPECT_EQ(events[0].value, 38.2);
}

TEST(FhirBundle, TimeMayBeAPeriodStartOrAnInstant) {
  json period = observation(loinc("8310-5"), "");
  period.erase("effectiveDateTime");
  period["effectivePeriod"] = {{"start", "2024-03-04T12:00:00Z"}, {"end", "2024-03-04T13:00:00Z"}};
  period["valueQuantity"] = quantity(38.1, "Cel");
  json instant = observation(loinc("8310-5"), "");
  instant.erase("effectiveDateTime");
  instant["effectiveInstant"] = "2024-03-04T11:00:00+01:00";
  instant["valueQuantity"] = quantity(38.2, "Cel");
  const auto events = events_of(with_patient({period, instant}));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_DOUBLE_EQ(events[0].hours, 0.0);  // 11:00+01:00 is the infusion instant
  EXPECT_EQ(events[0].value, 38.2);
  EXPECT_DOUBLE_EQ(events[1].hours, 2.0);
}

TEST(FhirBundle, InhaledOxygenFlowTakesTheDeviceInUse) {
  json device = observation(cyto("oxygen.nasal_cannula"), "2024-03-05T08:00:00Z");
  device["note"] = json::array({{{"text", "comfort"}}});
  const auto events = events_of(with_patient({
      device,
      vital("3151-8", 2, "L/min", "2024-03-05T08:00:00Z"),  // same time: merged into the device
      vital("3151-8", 4, "L/min", "2024-03-05T12:00:00Z"),  // later: a new row of that device
  }));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, EventKind::oxygen);
  EXPECT_EQ(events[0].item, "nasal_cannula");
  EXPECT_EQ(events[0].value, 2.0);
  EXPECT_EQ(events[0].unit, "L/min");
  EXPECT_EQ(events[0].note, "comfort");
  EXPECT_EQ(events[1].item, "nasal_cannula");
  EXPECT_EQ(events[1].value, 4.0);
  EXPECT_EQ(events[1].note, "comfort");
  EXPECT_DOUBLE_EQ(events[1].hours, 26.0);
  EXPECT_EQ(events[1].line, 5u);
}

TEST(FhirBundle, PulseOximetryComponentsGiveFlowAndFio2) {
  json ox = observation(cyto("oxygen.high_flow_nasal_cannula"), "2024-03-05T07:00:00Z");
  json spo2 = vital("59408-5", 92, "%", "2024-03-05T08:00:00Z");
  spo2["code"]["coding"].push_back({{"system", "http://loinc.org"}, {"code", "2708-6"}});
  spo2["component"] = json::array({
      {{"code", loinc("3151-8")}, {"valueQuantity", quantity(40, "L/min")}},
      {{"code", loinc("3150-0")}, {"valueQuantity", quantity(60, "%")}},
  });
  const auto events = events_of(with_patient({ox, spo2}));
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].kind, EventKind::oxygen);
  EXPECT_FALSE(events[0].value);
  EXPECT_EQ(events[1].kind, EventKind::vital);
  EXPECT_EQ(events[1].item, "spo2");
  EXPECT_EQ(events[2].kind, EventKind::fio2);
  EXPECT_EQ(events[2].value, 60.0);
  EXPECT_EQ(events[3].kind, EventKind::oxygen);
  EXPECT_EQ(events[3].item, "high_flow_nasal_cannula");
  EXPECT_EQ(events[3].value, 40.0);
}

TEST(FhirBundle, FlowWithoutADeviceIsAnError) {
  const auto e = read_error(with_patient({vital("3151-8", 2, "L/min")}));
  EXPECT_NE(e.find("key \"entry[2].resource\": an inhaled oxygen flow (LOINC 3151-8) needs the "
                   "device in use"),
            std::string::npos)
      << e;
}

// --- cytostorm-coded Observations ------------------------------------------------------------

TEST(FhirBundle, CytostormCodesMapKindAndItem) {
  json consciousness = observation(cyto("consciousness.voice"), "2024-03-06T10:00:00Z");
  consciousness["note"] = json::array({{{"text", "sedated"}}});
  json tremor = observation(cyto("sign.tremor"), "2024-03-06T10:00:00Z");
  tremor["valueBoolean"] = true;
  json myoclonus = observation(cyto("sign.myoclonus"), "2024-03-06T10:00:00Z");
  myoclonus["valueInteger"] = 0;
  json ice = observation(cyto("ice.total"), "2024-03-06T10:00:00Z");
  ice["valueInteger"] = 7;
  json capd = observation(cyto("capd.total"), "2024-03-06T10:00:00Z");
  capd["valueQuantity"] = {
      {"value", 12}, {"system", "http://unitsofmeasure.org"}, {"code", "{score}"}};
  json attribution = observation(cyto("attribution.fever"), "2024-03-06T10:00:00Z");
  attribution["note"] = json::array({{{"text", "line infection"}}});
  const auto events =
      events_of(with_patient({consciousness, tremor, myoclonus, ice, capd, attribution,
                              observation(cyto("hypotension.present"), "2024-03-06T10:00:00Z"),
                              observation(cyto("seizure.prolonged"), "2024-03-06T10:00:00Z")}));
  ASSERT_EQ(events.size(), 8u);
  EXPECT_EQ(events[0].kind, EventKind::consciousness);
  EXPECT_EQ(events[0].item, "voice");
  EXPECT_EQ(events[0].note, "sedated");
  EXPECT_EQ(events[1].kind, EventKind::sign);
  EXPECT_EQ(events[1].item, "tremor");
  EXPECT_EQ(events[1].value, 1.0);
  EXPECT_EQ(events[2].item, "myoclonus");
  EXPECT_EQ(events[2].value, 0.0);
  EXPECT_EQ(events[3].kind, EventKind::ice);
  EXPECT_EQ(events[3].item, "total");
  EXPECT_EQ(events[3].value, 7.0);
  EXPECT_EQ(events[4].kind, EventKind::capd);
  EXPECT_EQ(events[4].value, 12.0);
  EXPECT_EQ(events[4].unit, "");
  EXPECT_EQ(events[5].kind, EventKind::attribution);
  EXPECT_EQ(events[5].note, "line infection");
  EXPECT_EQ(events[6].kind, EventKind::hypotension);
  EXPECT_EQ(events[6].item, "present");
  EXPECT_EQ(events[7].kind, EventKind::seizure);
  EXPECT_EQ(events[7].item, "prolonged");
}

TEST(FhirBundle, IceItemNotAssessableIsNA) {
  json writing = observation(cyto("ice.writing"), "2024-03-06T10:00:00Z");
  writing["dataAbsentReason"] = {
      {"coding",
       json::array({{{"system", "http://terminology.hl7.org/CodeSystem/data-absent-reason"},
                     {"code", "not-performed"}}})}};
  writing["note"] = json::array({{{"text", "baseline dysgraphia"}}});
  json from_reason = observation(cyto("ice.attention"), "2024-03-06T10:00:00Z");
  from_reason["dataAbsentReason"] = {{"text", "intubated"}};
  std::vector<json> assessment{writing, from_reason};
  for (const auto& [item, points] : {std::pair{"orientation", 4}, {"naming", 3}, {"commands", 1}}) {
    json o = observation(cyto(std::string("ice.") + item), "2024-03-06T10:00:00Z");
    o["valueInteger"] = points;
    assessment.push_back(o);
  }
  const auto events = events_of(with_patient(assessment));
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].item, "writing");
  EXPECT_EQ(events[0].text, "NA");
  EXPECT_FALSE(events[0].value);
  EXPECT_EQ(events[0].note, "baseline dysgraphia");
  EXPECT_EQ(events[1].item, "attention");
  EXPECT_EQ(events[1].text, "NA");
  EXPECT_EQ(events[1].note, "intubated");
  EXPECT_EQ(events[2].item, "orientation");
  EXPECT_EQ(events[2].value, 4.0);
  EXPECT_EQ(events[2].text, "");
}

TEST(FhirBundle, IceItemNotAssessableNeedsAReason) {
  const std::string text = R"({"resourceType": "Bundle", "type": "collection", "entry": [
  {"resource": {"resourceType": "Patient", "id": "p1"}},
  {"resource": {"resourceType": "Observation",
    "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "ice.writing"}]},
    "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2024-03-01T08:00:00Z",
    "dataAbsentReason": {"coding": [{"code": "not-performed"}]}}}
]})";
  EXPECT_EQ(read_error(text),
            "b.json:6: column 5: key \"entry[1].resource.dataAbsentReason\": NA needs the reason "
            "it could not be assessed in note");
}

// --- MedicationAdministration ----------------------------------------------------------------

TEST(FhirBundle, VasopressorRateAndStop) {
  const auto events = events_of(with_patient({
      administration("Norepinephrine", "2024-03-06T17:00:00Z",
                     {{"rateQuantity", quantity(5, "ug/min")}}),
      administration("norepinephrine", "2024-03-06T19:00:00Z",
                     {{"rateQuantity", quantity(0.08, "ug/kg/min")}}),
      administration("Vasopressin 20 units/100 mL", "2024-03-06T20:00:00Z",
                     {{"rateQuantity", quantity(0.04, "U/min")}}),
      administration("NOREPINEPHRINE", "2024-03-07T09:00:00Z",
                     {{"rateQuantity", quantity(0, "ug/min")}}),
  }));
  ASSERT_EQ(events.size(), 4u);
  for (const auto& e : events) EXPECT_EQ(e.kind, EventKind::vasopressor);
  EXPECT_EQ(events[0].item, "norepinephrine");
  EXPECT_EQ(events[0].value, 5.0);
  EXPECT_EQ(events[0].unit, "ug/min");
  EXPECT_DOUBLE_EQ(events[0].hours, 55.0);
  EXPECT_EQ(events[1].value, 0.08);
  EXPECT_EQ(events[1].unit, "ug/kg/min");
  EXPECT_EQ(events[2].item, "vasopressin");
  EXPECT_EQ(events[2].value, 0.04);
  EXPECT_EQ(events[2].unit, "U/min");
  EXPECT_EQ(events[3].item, "norepinephrine");
  EXPECT_EQ(events[3].value, 0.0);
  EXPECT_DOUBLE_EQ(events[3].hours, 71.0);
}

TEST(FhirBundle, VasopressorByCodeSystemOrCodingDisplay) {
  json coded =
      administration("", "2024-03-06T17:00:00Z", {{"rateQuantity", quantity(2, "ug/min")}});
  coded["medicationCodeableConcept"] = cyto("vasopressor.phenylephrine");
  json display =
      administration("", "2024-03-06T18:00:00Z", {{"rateQuantity", quantity(10, "mcg/min")}});
  display["medicationCodeableConcept"] = {
      {"coding", json::array({{{"system", "http://www.nlm.nih.gov/research/umls/rxnorm"},
                               {"code", "7512"},
                               {"display", "Norepinephrine"}}})}};
  const auto events = events_of(with_patient({coded, display}));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].item, "phenylephrine");
  EXPECT_EQ(events[1].item, "norepinephrine");
  EXPECT_EQ(events[1].unit, "ug/min");
  EXPECT_EQ(events[1].value, 10.0);
}

TEST(FhirBundle, VasopressorPeriodEndStopsItUnlessARateChangeFollows) {
  json first = administration("norepinephrine", "", {{"rateQuantity", quantity(5, "ug/min")}});
  first.erase("effectiveDateTime");
  first["effectivePeriod"] = {{"start", "2024-03-05T10:00:00Z"}, {"end", "2024-03-05T14:00:00Z"}};
  json second = administration("norepinephrine", "", {{"rateQuantity", quantity(8, "ug/min")}});
  second.erase("effectiveDateTime");
  second["effectivePeriod"] = {{"start", "2024-03-05T14:00:00Z"}, {"end", "2024-03-05T20:00:00Z"}};
  const auto events = events_of(with_patient({first, second}));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_DOUBLE_EQ(events[0].hours, 24.0);
  EXPECT_EQ(events[0].value, 5.0);
  EXPECT_DOUBLE_EQ(events[1].hours, 28.0);
  EXPECT_EQ(events[1].value, 8.0);
  EXPECT_DOUBLE_EQ(events[2].hours, 34.0);  // the second period's end
  EXPECT_EQ(events[2].value, 0.0);
  EXPECT_EQ(events[2].unit, "ug/min");
  EXPECT_EQ(events[2].line, 4u);
}

TEST(FhirBundle, VasopressorRateRatioIsPerMinute) {
  const auto events = events_of(with_patient({administration(
      "epinephrine", "2024-03-06T17:00:00Z",
      {{"rateRatio", {{"numerator", quantity(6, "ug")}, {"denominator", quantity(2, "min")}}}})}));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].item, "epinephrine");
  EXPECT_EQ(events[0].value, 3.0);
  EXPECT_EQ(events[0].unit, "ug/min");
}

TEST(FhirBundle, VasopressorBolusWithoutRateIsIgnored) {
  FhirReadSummary summary;
  auto r = read_fhir_bundle(with_patient({administration("Epinephrine", "2024-03-06T17:00:00Z",
                                                         {{"dose", quantity(0.3, "mg")}})}),
                            "b.json", summary);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value()[0].events.size(), 1u);  // the infusion only
  EXPECT_EQ(summary.ignored, 1u);
  EXPECT_EQ(summary.ignored_by_type["MedicationAdministration"], 1u);
}

TEST(FhirBundle, VasopressinInMicrogramsIsAnError) {
  const std::string text = R"({"resourceType": "Bundle", "type": "collection", "entry": [
  {"resource": {"resourceType": "Patient", "id": "p1"}},
  {"resource": {"resourceType": "MedicationAdministration", "status": "completed",
    "medicationCodeableConcept": {"text": "Vasopressin"},
    "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2024-03-01T08:00:00Z",
    "dosage": {"rateQuantity": {"value": 2, "unit": "ug/min"}}}}
]})";
  EXPECT_EQ(read_error(text),
            "b.json:6: column 45: key \"entry[1].resource.dosage.rateQuantity.unit\": vasopressin "
            "is not dosed in ug/min (vasopressin in U/min, other drugs in ug/min or ug/kg/min)");
}

TEST(FhirBundle, MedicationDosesByNameOrReference) {
  json toci = administration("tocilizumab 20 MG/ML Injectable Solution", "2024-03-06T07:00:00Z",
                             {{"dose", quantity(8, "mg/kg")}});
  toci["note"] = json::array({{{"text", "first dose"}}});
  json dex = administration("", "2024-03-06T08:00:00Z", {{"dose", quantity(10, "mg")}});
  dex.erase("medicationCodeableConcept");
  dex["medicationReference"] = {{"reference", "Medication/dex"}};
  json med = {{"resourceType", "Medication"},
              {"id", "dex"},
              {"code", {{"coding", json::array({{{"display", "Dexamethasone"}}})}}}};
  json contained = administration("", "2024-03-06T09:00:00Z", json::object());
  contained.erase("medicationCodeableConcept");
  contained["medicationReference"] = {{"reference", "#m1"}};
  contained["contained"] = json::array(
      {{{"resourceType", "Medication"}, {"id", "m1"}, {"code", {{"text", "Paracetamol"}}}}});
  json antibiotic =
      administration("Cefepime", "2024-03-06T10:00:00Z", {{"dose", quantity(2, "g")}});
  FhirReadSummary summary;
  auto r =
      read_fhir_bundle(with_patient({toci, med, dex, contained, antibiotic}), "b.json", summary);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const auto& events = r.value()[0].events;
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[1].kind, EventKind::medication);
  EXPECT_EQ(events[1].item, "tocilizumab");
  EXPECT_EQ(events[1].value, 8.0);
  EXPECT_EQ(events[1].unit, "mg/kg");
  EXPECT_EQ(events[1].note, "first dose");
  EXPECT_EQ(events[2].item, "dexamethasone");
  EXPECT_EQ(events[2].value, 10.0);
  EXPECT_EQ(events[3].item, "acetaminophen");
  EXPECT_FALSE(events[3].value);
  EXPECT_EQ(summary.ignored, 1u);  // the antibiotic
}

TEST(FhirBundle, CarTProductByNameIsTheInfusion) {
  json given = administration("Yescarta (axicabtagene ciloleucel)", kInfusionTime,
                              {{"dose", quantity(1, "mL")}});
  const auto records = read_ok(bundle({patient(), given}));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].has_infusion);
  EXPECT_EQ(records[0].product, "axi-cel");
}

TEST(FhirBundle, NotDoneAndEnteredInErrorAreIgnored) {
  json not_done =
      administration("tocilizumab", "2024-03-06T07:00:00Z", {{"dose", quantity(8, "mg/kg")}});
  not_done["status"] = "not-done";
  json wrong = vital("8310-5", 39.5, "Cel");
  wrong["status"] = "entered-in-error";
  FhirReadSummary summary;
  auto r = read_fhir_bundle(with_patient({not_done, wrong}), "b.json", summary);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value()[0].events.size(), 1u);
  EXPECT_EQ(summary.ignored, 2u);
}

// --- patients and references -----------------------------------------------------------------

TEST(FhirBundle, OneRecordPerPatientInBundleOrder) {
  json b = json::parse(bundle(
      {patient("b"), patient("a"), infusion("a"), infusion("b"), vital("8310-5", 38.0, "Cel")},
      "searchset"));
  b["entry"][4]["resource"]["subject"] = subject("a");
  const auto records = read_ok(b.dump());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].patient_id, "b");
  EXPECT_EQ(records[0].events.size(), 1u);
  EXPECT_EQ(records[1].patient_id, "a");
  EXPECT_EQ(records[1].events.size(), 2u);
  EXPECT_EQ(records[1].source, "b.json");
}

TEST(FhirBundle, UrnUuidReferencesMatchFullUrl) {
  const std::string urn = "urn:uuid:0f3e2a4c-1111-4b6d-9c1e-2a7b5c9d0e11";
  json b = json::parse(bundle({patient(), infusion()}, "transaction"));
  b["entry"][0]["fullUrl"] = urn;
  b["entry"][0]["resource"].erase("id");
  b["entry"][1]["resource"]["subject"] = {{"reference", urn}};
  const auto records = read_ok(b.dump());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].patient_id, "0f3e2a4c-1111-4b6d-9c1e-2a7b5c9d0e11");
  EXPECT_TRUE(records[0].has_infusion);
}

TEST(FhirBundle, AbsoluteReferenceMatchesPatientId) {
  json inf = infusion();
  inf["subject"] = {{"reference", "https://ehr.example.org/fhir/Patient/p1/_history/3"}};
  const auto records = read_ok(bundle({patient(), inf}, "batch"));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].has_infusion);
}

TEST(FhirBundle, SexAndAgeFromPatientResource) {
  json p = patient();
  p["gender"] = "female";
  p["birthDate"] = "1962-05-14";
  auto records = read_ok(bundle({p, infusion()}));  // infusion on 2024-03-04: before her birthday
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].sex, "female");
  ASSERT_TRUE(records[0].age_years);
  EXPECT_EQ(*records[0].age_years, 61.0);
  p["birthDate"] = "1962-03-04";
  records = read_ok(bundle({p, infusion()}));
  ASSERT_EQ(records.size(), 1u);
  ASSERT_TRUE(records[0].age_years);
  EXPECT_EQ(*records[0].age_years, 62.0);
}

TEST(FhirBundle, AgeObservationWinsOverBirthDate) {
  json p = patient();
  p["birthDate"] = "1962";  // partial: not usable, but not needed
  const auto records = read_ok(bundle({p, infusion(), vital("30525-0", 61, "a")}));
  ASSERT_EQ(records.size(), 1u);
  ASSERT_TRUE(records[0].age_years);
  EXPECT_EQ(*records[0].age_years, 61.0);
}

TEST(FhirBundle, PartialBirthDateWithoutAgeIsAnError) {
  json p = patient();
  p["birthDate"] = "1962-05";
  EXPECT_NE(read_error(bundle({p, infusion()}))
                .find("key \"entry[0].resource.birthDate\": birthDate \"1962-05\" is not a full "
                      "date"),
            std::string::npos);
}

TEST(FhirBundle, PatientWithoutResourcesHasNoEvents) {
  const auto records = read_ok(bundle({patient()}));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].events.empty());
  EXPECT_FALSE(records[0].has_infusion);
}

TEST(FhirBundle, UnmappedResourcesAndCodesAreCounted) {
  json encounter = {{"resourceType", "Encounter"}, {"status", "finished"}};
  json condition = {{"resourceType", "Condition"}, {"subject", subject()}};
  json glucose = vital("2339-0", 110, "mg/dL");
  json no_subject_either = vital("718-7", 12, "g/dL");
  no_subject_either.erase("subject");
  FhirReadSummary summary;
  auto r = read_fhir_bundle(with_patient({encounter, condition, glucose, no_subject_either,
                                          vital("8310-5", 37.5, "Cel")}),
                            "b.json", summary);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value()[0].events.size(), 2u);
  EXPECT_EQ(summary.entries, 7u);
  EXPECT_EQ(summary.ignored, 4u);
  EXPECT_EQ(summary.ignored_by_type["Observation"], 2u);
  EXPECT_EQ(summary.ignored_by_type["Encounter"], 1u);
  EXPECT_EQ(summary.ignored_by_type["Condition"], 1u);
  EXPECT_EQ(summary.events, 2u);
}

TEST(FhirBundle, EmptyBundleHasNoPatients) {
  const auto records = read_ok(R"({"resourceType": "Bundle", "type": "searchset", "total": 0})");
  EXPECT_TRUE(records.empty());
}

// --- errors ----------------------------------------------------------------------------------

TEST(FhirBundle, BadUnitNamesTheEntryPathAndLine) {
  const std::string text = R"({"resourceType": "Bundle", "type": "collection", "entry": [
  {"resource": {"resourceType": "Patient", "id": "p1"}},
  {"resource": {"resourceType": "Observation",
    "code": {"coding": [{"system": "http://loinc.org", "code": "8310-5"}]},
    "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2024-03-01T08:00:00Z",
    "valueQuantity": {"value": 38.5, "unit": "mg"}}}
]})";
  EXPECT_EQ(read_error(text),
            "b.json:6: column 38: key \"entry[1].resource.valueQuantity.unit\": unit \"mg\" is not "
            "accepted for temperature (accepted: C, F)");
}

TEST(FhirBundle, OutOfRangeValueNamesTheValue) {
  const std::string text = R"({"resourceType": "Bundle", "type": "collection", "entry": [
  {"resource": {"resourceType": "Patient", "id": "p1"}},
  {"resource": {"resourceType": "Observation",
    "code": {"coding": [{"system": "http://loinc.org", "code": "59408-5"}]},
    "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2024-03-01T08:00:00Z",
    "valueQuantity": {"value": 190, "code": "%"}}}
]})";
  EXPECT_EQ(read_error(text),
            "b.json:6: column 23: key \"entry[1].resource.valueQuantity.value\": 190 % is out of "
            "range (30 to 100)");
}

TEST(FhirBundle, UnknownCytostormCodeIsAnError) {
  const std::string text = R"({"resourceType": "Bundle", "type": "collection", "entry": [
  {"resource": {"resourceType": "Patient", "id": "p1"}},
  {"resource": {"resourceType": "Observation",
    "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "ice.spelling"}]},
    "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2024-03-01T08:00:00Z",
    "valueInteger": 1}}
]})";
  EXPECT_EQ(read_error(text),
            "b.json:4: column 64: key \"entry[1].resource.code.coding[0].code\": unknown ice item "
            "\"spelling\" (accepted: orientation, naming, commands, writing, attention, total)");
}

TEST(FhirBundle, UnknownCytostormKindIsAnError) {
  json o = observation(cyto("mood.low"), "2024-03-05T08:00:00Z");
  const auto e = read_error(with_patient({o}));
  EXPECT_NE(e.find("key \"entry[2].resource.code.coding[0].code\": unknown kind \"mood\""),
            std::string::npos)
      << e;
}

TEST(FhirBundle, MissingSubjectIsAnError) {
  const std::string text = R"({"resourceType": "Bundle", "type": "collection", "entry": [
  {"resource": {"resourceType": "Patient", "id": "p1"}},
  {"resource": {"resourceType": "Observation",
    "code": {"coding": [{"system": "http://loinc.org", "code": "8310-5"}]},
    "effectiveDateTime": "2024-03-01T08:00:00Z", "valueQuantity": {"value": 38.5}}}
]})";
  EXPECT_EQ(read_error(text),
            "b.json:3: column 4: key \"entry[1].resource\": needs a \"subject\" referring to the "
            "Patient");
}

TEST(FhirBundle, UnknownPatientReferenceIsAnError) {
  json o = vital("8310-5", 38.5, "Cel");
  o["subject"] = subject("nobody");
  const auto e = read_error(with_patient({o}));
  EXPECT_NE(e.find("key \"entry[2].resource.subject.reference\": \"Patient/nobody\" is not a "
                   "Patient in this Bundle"),
            std::string::npos)
      << e;
}

TEST(FhirBundle, MalformedBundlesAreErrors) {
  EXPECT_EQ(read_error("[1, 2]"),
            "b.json:1: column 1: expected a FHIR Bundle (a JSON object), got an array");
  EXPECT_EQ(read_error("{\"resourceType\": \"Patient\", \"type\": \"collection\"}"),
            "b.json:1: column 2: key \"resourceType\": expected \"Bundle\", got \"Patient\"");
  EXPECT_EQ(read_error("{\"resourceType\": \"Bundle\",\n \"type\": \"document\"}"),
            "b.json:2: column 2: key \"type\": Bundle type \"document\" is not read (accepted: "
            "collection, batch, transaction, searchset)");
  EXPECT_EQ(read_error("{\"resourceType\": \"Bundle\", \"type\": \"batch\",\n \"entry\": {}}"),
            "b.json:2: column 2: key \"entry\": expected an array of entries, got an object");
  EXPECT_EQ(read_error("{\"resourceType\": \"Bundle\", \"type\": \"batch\",\n \"entry\": [\n"
                       "  {\"resource\": {\"id\": \"x\"}}]}"),
            "b.json:3: column 4: key \"entry[0].resource\": \"resourceType\" is missing");
  EXPECT_EQ(read_error("{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [\n 7]}"),
            "b.json:2: column 2: key \"entry[0]\": expected an entry object, got an integer");
  const auto syntax = read_error("{\"resourceType\": \"Bundle\",\n \"type\": }");
  EXPECT_EQ(syntax.rfind("b.json:2: column 10: malformed JSON", 0), 0u) << syntax;
}

TEST(FhirBundle, BadTimesAreErrors) {
  json date_only = vital("8310-5", 38.5, "Cel", "2024-03-05");
  auto e = read_error(with_patient({date_only}));
  EXPECT_NE(e.find("key \"entry[2].resource.effectiveDateTime\": malformed ISO 8601 time "
                   "\"2024-03-05\""),
            std::string::npos)
      << e;
  json hours = vital("8310-5", 38.5, "Cel", "72");
  e = read_error(with_patient({hours}));
  EXPECT_NE(e.find("key \"entry[2].resource.effectiveDateTime\": expected a FHIR dateTime"),
            std::string::npos)
      << e;
  json none = vital("8310-5", 38.5, "Cel");
  none.erase("effectiveDateTime");
  e = read_error(with_patient({none}));
  EXPECT_NE(e.find("key \"entry[2].resource\": needs a time"), std::string::npos) << e;
}

TEST(FhirBundle, TimedResourcesNeedAnInfusion) {
  const auto e = read_error(bundle({patient(), vital("8310-5", 38.5, "Cel")}));
  EXPECT_NE(e.find("key \"entry[0].resource\": patient p1 has timed resources (the first is "
                   "entry[1]) but no infusion"),
            std::string::npos)
      << e;
}

TEST(FhirBundle, SecondInfusionIsAnError) {
  const auto e = read_error(bundle({patient(), infusion(), infusion()}));
  EXPECT_NE(e.find("key \"entry[2].resource.code.coding[0].code\": a second infusion for patient "
                   "p1 (the first is entry[1])"),
            std::string::npos)
      << e;
}

TEST(FhirBundle, ComparatorAndTwoValuesAreErrors) {
  json less = vital("8310-5", 38.5, "Cel");
  less["valueQuantity"]["comparator"] = "<";
  auto e = read_error(with_patient({less}));
  EXPECT_NE(e.find("key \"entry[2].resource.valueQuantity.comparator\": a comparator is not read"),
            std::string::npos)
      << e;
  json both = observation(cyto("ice.naming"), "2024-03-05T08:00:00Z");
  both["valueInteger"] = 2;
  both["dataAbsentReason"] = {{"text", "asleep"}};
  e = read_error(with_patient({both}));
  EXPECT_NE(e.find("key \"entry[2].resource.dataAbsentReason\": an Observation has a value or a "
                   "dataAbsentReason, not both"),
            std::string::npos)
      << e;
  json text_value = vital("8310-5", 38.5, "Cel");
  text_value.erase("valueQuantity");
  text_value["valueString"] = "febrile";
  e = read_error(with_patient({text_value}));
  EXPECT_NE(e.find("key \"entry[2].resource.valueString\": LOINC 8310-5 needs a valueQuantity"),
            std::string::npos)
      << e;
}

TEST(FhirBundle, DuplicatePatientIsAnError) {
  const auto e = read_error(bundle({patient(), patient()}));
  EXPECT_NE(e.find("key \"entry[1].resource.id\": a second Patient \"p1\" (the first is entry[0])"),
            std::string::npos)
      << e;
}

// --- the same record as the event table ------------------------------------------------------

// One event-table row, and the Bundle entry (0-based) that carries it.
struct CsvRow {
  std::size_t entry;
  std::string time, kind, item, value, unit, note;
};

record::PatientRecord from_rows(const std::string& id, const std::vector<CsvRow>& rows) {
  record::PatientBuilder builder(id, "b.json");
  for (const auto& row : rows) {
    record::Event e;
    const auto problem = record::make_event(row.kind, row.item, row.value, row.unit, row.note, e);
    EXPECT_FALSE(problem) << row.kind << "," << row.item << ": "
                          << (problem ? problem->message : "");
    e.line = row.entry + 1;
    std::optional<record::TimePoint> time;
    if (!row.time.empty()) {
      std::string error;
      time = record::parse_time(row.time, error);
      EXPECT_TRUE(time) << error;
    }
    builder.add(std::move(e), time);
  }
  auto r = std::move(builder).finish();
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? std::move(r).value() : record::PatientRecord{};
}

void expect_same(const record::PatientRecord& got, const record::PatientRecord& want) {
  EXPECT_EQ(got.patient_id, want.patient_id);
  EXPECT_EQ(got.source, want.source);
  EXPECT_EQ(got.age_years, want.age_years);
  EXPECT_EQ(got.weight_kg, want.weight_kg);
  EXPECT_EQ(got.sex, want.sex);
  EXPECT_EQ(got.developmental_delay, want.developmental_delay);
  EXPECT_EQ(got.product, want.product);
  EXPECT_EQ(got.has_infusion, want.has_infusion);
  ASSERT_EQ(got.events.size(), want.events.size());
  for (std::size_t i = 0; i < want.events.size(); ++i) {
    const auto& g = got.events[i];
    const auto& w = want.events[i];
    SCOPED_TRACE(::testing::Message()
                 << "event " << i << ": " << record::name(w.kind) << "." << w.item);
    testing::expect_same_event(g, w);
    EXPECT_EQ(g.line, w.line);
  }
}

TEST(FhirBundle, SameRecordAsTheEquivalentEventTable) {
  // The event table (patient_id p9 omitted), each row with the entry that carries it.
  const std::vector<CsvRow> rows{
      {0, "", "patient", "sex", "male", "", ""},
      {1, "", "patient", "age_years", "54", "years", ""},
      {2, "", "patient", "weight_kg", "80.5", "kg", ""},
      {3, "2024-02-27T09:00:00+01:00", "lymphodepletion", "flu_cy", "", "", ""},
      {4, "2024-03-01T15:30:00+01:00", "infusion", "tisa-cel", "", "", ""},
      {5, "2024-03-02T21:00:00+01:00", "vital", "temperature", "101.3", "F", ""},
      {6, "2024-03-02T21:00:00+01:00", "vital", "sbp", "86", "mmHg", ""},
      {6, "2024-03-02T21:00:00+01:00", "vital", "dbp", "49", "mmHg", ""},
      {7, "2024-03-02T21:05:00+01:00", "vital", "spo2", "89", "%", ""},
      {8, "2024-03-02T21:10:00+01:00", "oxygen", "nasal_cannula", "3", "L/min", ""},
      {9, "2024-03-02T22:00:00+01:00", "medication", "tocilizumab", "640", "mg", ""},
      {10, "2024-03-02T23:00:00+01:00", "vasopressor", "norepinephrine", "0.05", "ug/kg/min", ""},
      {11, "2024-03-02T23:30:00+01:00", "vasopressor", "vasopressin", "0.03", "U/min", ""},
      {12, "2024-03-03T01:00:00+01:00", "oxygen", "high_flow_nasal_cannula", "30", "L/min", ""},
      {13, "2024-03-03T01:00:00+01:00", "fio2", "", "45", "%", ""},
      {14, "2024-03-03T02:00:00+01:00", "hypotension", "present", "", "", ""},
      {15, "2024-03-03T08:00:00+01:00", "ice", "orientation", "3", "", ""},
      {16, "2024-03-03T08:00:00+01:00", "ice", "naming", "3", "", ""},
      {17, "2024-03-03T08:00:00+01:00", "ice", "commands", "1", "", ""},
      {18, "2024-03-03T08:00:00+01:00", "ice", "writing", "NA", "", "baseline dysgraphia"},
      {19, "2024-03-03T08:00:00+01:00", "ice", "attention", "0", "", ""},
      {20, "2024-03-03T12:00:00+01:00", "consciousness", "voice", "", "", "sedated"},
      {21, "2024-03-03T12:00:00+01:00", "sign", "tremor", "1", "", ""},
      {22, "2024-03-03T13:00:00+01:00", "attribution", "fever", "", "", "line infection"},
      {23, "2024-03-03T18:00:00+01:00", "medication", "dexamethasone", "10", "mg", ""},
      {24, "2024-03-04T06:00:00+01:00", "vasopressor", "norepinephrine", "0", "ug/kg/min", ""},
      {25, "2024-03-04T09:00:00+01:00", "oxygen", "room_air", "", "", ""},
      {26, "2024-03-04T10:00:00+01:00", "capd", "total", "6", "", ""},
      {27, "2024-03-05T10:00:00+01:00", "ice", "total", "10", "", ""},
      {28, "2024-03-05T11:00:00+01:00", "neuroimaging", "normal", "", "", ""},
  };
  const std::string text = R"({
  "resourceType": "Bundle", "type": "collection",
  "entry": [
    {"fullUrl": "urn:uuid:p9", "resource": {"resourceType": "Patient", "id": "p9", "gender": "male"}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "http://loinc.org", "code": "30525-0"}]},
      "subject": {"reference": "Patient/p9"}, "valueQuantity": {"value": 54, "code": "a"}}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
      "subject": {"reference": "urn:uuid:p9"}, "effectiveDateTime": "2024-03-01T08:00:00+01:00",
      "valueQuantity": {"value": 80.5, "unit": "kg"}}},
    {"resource": {"resourceType": "Procedure", "status": "completed",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "lymphodepletion.flu_cy"}]},
      "subject": {"reference": "Patient/p9"},
      "performedPeriod": {"start": "2024-02-27T09:00:00+01:00", "end": "2024-02-29T12:00:00+01:00"}}},
    {"resource": {"resourceType": "Procedure", "status": "completed",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "infusion.tisa-cel"}]},
      "subject": {"reference": "Patient/p9"}, "performedDateTime": "2024-03-01T15:30:00+01:00"}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "http://loinc.org", "code": "8310-5"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-02T21:00:00+01:00",
      "valueQuantity": {"value": 101.3, "unit": "degF", "code": "[degF]"}}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-02T21:00:00+01:00",
      "component": [
        {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
         "valueQuantity": {"value": 86, "code": "mm[Hg]"}},
        {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
         "valueQuantity": {"value": 49, "code": "mm[Hg]"}}]}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "http://loinc.org", "code": "2708-6"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-02T21:05:00+01:00",
      "valueQuantity": {"value": 89, "unit": "%"}}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "oxygen.nasal_cannula"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-02T21:10:00+01:00",
      "valueQuantity": {"value": 3, "code": "L/min"}}},
    {"resource": {"resourceType": "MedicationAdministration", "status": "completed",
      "medicationCodeableConcept": {"text": "Tocilizumab"},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-02T22:00:00+01:00",
      "dosage": {"dose": {"value": 640, "code": "mg"}}}},
    {"resource": {"resourceType": "MedicationAdministration", "status": "in-progress",
      "medicationCodeableConcept": {"coding": [{"display": "Norepinephrine"}]},
      "subject": {"reference": "Patient/p9"}, "effectivePeriod": {"start": "2024-03-02T23:00:00+01:00"},
      "dosage": {"rateQuantity": {"value": 0.05, "code": "ug/kg/min"}}}},
    {"resource": {"resourceType": "MedicationAdministration", "status": "in-progress",
      "medicationCodeableConcept": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "vasopressor.vasopressin"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-02T23:30:00+01:00",
      "dosage": {"rateQuantity": {"value": 0.03, "unit": "U/min"}}}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "oxygen.high_flow_nasal_cannula"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T01:00:00+01:00",
      "valueQuantity": {"value": 30, "unit": "L/min"}}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "http://loinc.org", "code": "3150-0"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T01:00:00+01:00",
      "valueQuantity": {"value": 45, "code": "%"}}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "hypotension.present"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T02:00:00+01:00"}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "ice.orientation"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T08:00:00+01:00",
      "valueInteger": 3}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "ice.naming"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T08:00:00+01:00",
      "valueInteger": 3}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "ice.commands"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T08:00:00+01:00",
      "valueInteger": 1}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "ice.writing"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T08:00:00+01:00",
      "dataAbsentReason": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "not-performed"}]},
      "note": [{"text": "baseline dysgraphia"}]}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "ice.attention"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T08:00:00+01:00",
      "valueInteger": 0}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "consciousness.voice"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T12:00:00+01:00",
      "note": [{"text": "sedated"}]}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "sign.tremor"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T12:00:00+01:00",
      "valueBoolean": true}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "attribution.fever"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T13:00:00+01:00",
      "note": [{"text": "line infection"}]}},
    {"resource": {"resourceType": "MedicationAdministration", "status": "completed",
      "medicationCodeableConcept": {"text": "dexamethasone sodium phosphate"},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-03T18:00:00+01:00",
      "dosage": {"dose": {"value": 10, "unit": "mg"}}}},
    {"resource": {"resourceType": "MedicationAdministration", "status": "completed",
      "medicationCodeableConcept": {"text": "norepinephrine"},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-04T06:00:00+01:00",
      "dosage": {"rateQuantity": {"value": 0, "code": "ug/kg/min"}}}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "oxygen.room_air"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-04T09:00:00+01:00"}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "capd.total"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-04T10:00:00+01:00",
      "valueInteger": 6}},
    {"resource": {"resourceType": "Observation", "status": "final",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "ice.total"}]},
      "subject": {"reference": "Patient/p9"}, "effectiveDateTime": "2024-03-05T10:00:00+01:00",
      "valueInteger": 10}},
    {"resource": {"resourceType": "Procedure", "status": "completed",
      "code": {"coding": [{"system": "urn:cytostorm:fhir:event", "code": "neuroimaging.normal"}]},
      "subject": {"reference": "Patient/p9"}, "performedDateTime": "2024-03-05T11:00:00+01:00"}}
  ]
})";
  const auto records = read_ok(text);
  ASSERT_EQ(records.size(), 1u);
  const auto want = from_rows("p9", rows);
  ASSERT_EQ(want.events.size(), 27u);  // the three patient rows are facts, not events
  expect_same(records[0], want);
}

// --- the example Bundle ----------------------------------------------------------------------

TEST(FhirBundle, ExamplePatientP07Reads) {
  std::ifstream in(std::string(CYTOSTORM_SOURCE_DIR) + "/data/examples/fhir/patient-p07.json");
  ASSERT_TRUE(in) << "data/examples/fhir/patient-p07.json is missing";
  std::stringstream text;
  text << in.rdbuf();
  FhirReadSummary summary;
  auto r = read_fhir_bundle(text.str(), "patient-p07.json", summary);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const auto& records = r.value();
  ASSERT_EQ(records.size(), 1u);
  const auto& p = records[0];
  EXPECT_EQ(p.patient_id, "p07");
  EXPECT_EQ(p.sex, "female");
  ASSERT_TRUE(p.age_years);
  EXPECT_EQ(*p.age_years, 61.0);
  ASSERT_TRUE(p.weight_kg);
  EXPECT_EQ(*p.weight_kg, 72.0);
  EXPECT_EQ(p.product, "axi-cel");
  EXPECT_EQ(p.events.size(), 34u);
  EXPECT_EQ(summary.entries, 34u);
  EXPECT_EQ(summary.ignored, 1u);  // the Encounter
  EXPECT_EQ(summary.ignored_by_type["Encounter"], 1u);
  int fevers = 0, ice_rows = 0, pressor_rows = 0;
  for (const auto& e : p.events) {
    if (e.kind == EventKind::vital && e.item == "temperature" && e.value >= 38.0) ++fevers;
    if (e.kind == EventKind::ice) ++ice_rows;
    if (e.kind == EventKind::vasopressor) ++pressor_rows;
  }
  EXPECT_EQ(fevers, 3);
  EXPECT_EQ(ice_rows, 13);
  EXPECT_EQ(pressor_rows, 2);
  EXPECT_EQ(p.events.back().day, 5);
}

}  // namespace
}  // namespace cytostorm::io
