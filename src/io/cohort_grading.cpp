#include "cytostorm/io/cohort_grading.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>
#include <stdexcept>

#include "cytostorm/io/event_table.hpp"
#include "cytostorm/io/fhir_bundle.hpp"
#include "cytostorm/io/input_file.hpp"

namespace cytostorm::io {

bool is_fhir(const std::string& path) {
  return path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

record::Result<std::vector<const clinical::CrsScale*>> crs_scales_named(const std::string& name) {
  std::vector<const clinical::CrsScale*> scales;
  std::vector<std::string> names{"all"};
  for (const auto& s : clinical::crs_scales()) {
    if (name == "all" || name == s.name) scales.push_back(&s);
    names.emplace_back(s.name);
  }
  if (scales.empty()) {
    return record::InputError{
        "--scale", 0, "",
        fmt::format("unknown scale \"{}\" (scales: {})", name, fmt::join(names, ", "))};
  }
  return scales;
}

record::Result<std::vector<record::InputError>> grade_cohort(const std::vector<CohortInput>& inputs,
                                                             const CohortOptions& options,
                                                             GradesWriter& writer) {
  std::set<std::string> seen;
  std::optional<record::InputError> duplicate;
  const auto grade = [&](record::PatientRecord&& r) {
    if (!seen.insert(r.patient_id).second && !duplicate) {
      duplicate = record::InputError{
          r.source, 0, "patient_id",
          fmt::format("patient {} is given again: give each patient once", r.patient_id)};
    }
    writer.patient(grading::grade_patient(r, options.scales, options.engine));
    if (options.progress) options.progress(writer.count());
  };
  EventTableOptions table_options;
  table_options.skip_bad_rows = options.skip_bad_rows;
  std::vector<record::InputError> skipped;
  for (const auto& input : inputs) {
    if (!input.text && is_fhir(input.name)) {
      const auto text = read_input(input.name);
      if (!text) return text.error();
      auto patients = read_fhir_bundle(text.value(), input.name);
      if (!patients) return patients.error();
      for (auto& p : std::move(patients).value()) grade(std::move(p));
      continue;
    }
    auto stats =
        input.text ? read_event_table_text(*input.text, input.name, table_options, grade) : [&] {
          const auto mark = writer.mark();
          const auto before = seen;
          return read_event_table(input.name, table_options, grade, [&] {
            // The rows were not grouped by patient: the table is read
            // again, so drop what it gave.
            if (!writer.rewind_to(mark)) {
              throw std::runtime_error("grade_cohort: cannot rewind the output");
            }
            seen = before;
          });
        }();
    if (!stats) return stats.error();
    for (const auto& e : stats.value().skipped) skipped.push_back(e);
  }
  if (duplicate) return *duplicate;
  return skipped;
}

}  // namespace cytostorm::io
