// libFuzzer harness: the event-table reader (strict and skipping bad rows), then what `cytostorm
// grade` does with each patient read: grade it by every CRS scale and write the JSON. Every
// patient read must also survive a round trip through event_table_csv.

#include "cytostorm/io/event_table.hpp"

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/grading/engine.hpp"
#include "cytostorm/io/grades_output.hpp"
#include "harness.hpp"

namespace {

using namespace cytostorm;

void grade_and_round_trip(const record::PatientRecord& patient) {
  std::vector<const clinical::CrsScale*> scales;
  for (const auto& s : clinical::crs_scales()) scales.push_back(&s);
  (void)io::to_json(grading::grade_patient(patient, scales)).dump();
  const std::string csv = io::event_table_csv(patient, true);
  std::size_t patients = 0;
  auto again = io::read_event_table_text(csv, "round-trip.csv", {},
                                         [&](record::PatientRecord&&) { ++patients; });
  fuzz::require(again.ok() && patients == 1,
                "a patient read does not read back from event_table_csv: " +
                    (again.ok() ? std::string("no patient") : again.error().to_string()) + "\n" +
                    csv);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(fuzz::as_text(data, size));
  for (const bool skip : {false, true}) {
    io::EventTableOptions options;
    options.skip_bad_rows = skip;
    auto read = io::read_event_table_text(text, "fuzz.csv", options, grade_and_round_trip);
    if (!read.ok()) {
      const auto& e = read.error();
      fuzz::require(e.file == "fuzz.csv" && !e.message.empty(), "an error without a message");
    }
  }
  return 0;
}
