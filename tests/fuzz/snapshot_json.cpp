// libFuzzer harness: the snapshot JSON reader, then what `cytostorm assess` does with a
// snapshot: assess it and write the JSON and the text report.

#include "cytostorm/io/snapshot_json.hpp"

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/io/assessment_json.hpp"
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cytostorm;
  auto snapshot = io::read_snapshot(fuzz::as_text(data, size), "fuzz.json");
  if (!snapshot.ok()) {
    fuzz::require(!snapshot.error().message.empty(), "an error without a message");
    return 0;
  }
  const auto assessment = clinical::assess(snapshot.value());
  (void)io::to_json(assessment).dump(2);
  (void)io::text_report(assessment);
  return 0;
}
