// libFuzzer harness: the FHIR Bundle reader, then what `cytostorm grade` does with each patient:
// grade it by every CRS scale and write the JSON.

#include "cytostorm/io/fhir_bundle.hpp"

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/grading/engine.hpp"
#include "cytostorm/io/grades_output.hpp"
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cytostorm;
  io::FhirReadSummary summary;
  auto read = io::read_fhir_bundle(fuzz::as_text(data, size), "fuzz.json", summary);
  if (!read.ok()) {
    fuzz::require(!read.error().message.empty(), "an error without a message");
    return 0;
  }
  std::vector<const clinical::CrsScale*> scales;
  for (const auto& s : clinical::crs_scales()) scales.push_back(&s);
  for (const auto& patient : read.value()) {
    (void)io::to_json(grading::grade_patient(patient, scales)).dump();
  }
  return 0;
}
