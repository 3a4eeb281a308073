#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

#include "command.hpp"
#include "cytostorm/io/atomic_file.hpp"
#include "cytostorm/io/cohort_grading.hpp"
#include "cytostorm/io/event_table.hpp"
#include "cytostorm/io/fhir_bundle.hpp"
#include "cytostorm/io/input_file.hpp"

namespace cytostorm::cli {

record::Result<record::PatientRecord> read_patient(const std::string& path, const std::string& id) {
  std::optional<record::PatientRecord> found;
  std::vector<std::string> ids;
  const auto keep = [&](record::PatientRecord&& r) {
    if (r.patient_id == id) {
      found = std::move(r);
    } else if (ids.size() < 10) {
      ids.push_back(r.patient_id);
    }
  };
  if (io::is_fhir(path)) {
    const auto text = io::read_input(path);
    if (!text) return text.error();
    auto patients = io::read_fhir_bundle(text.value(), path);
    if (!patients) return patients.error();
    for (auto& p : std::move(patients).value()) keep(std::move(p));
  } else {
    auto stats = io::read_event_table(path, {}, keep, [&] {
      found.reset();
      ids.clear();
    });
    if (!stats) return stats.error();
  }
  if (found) return std::move(*found);
  return record::InputError{
      path, 0, "patient_id",
      ids.empty() ? fmt::format("no patient {} (the file holds no patients)", id)
                  : fmt::format("no patient {} (the file holds {}{})", id, fmt::join(ids, ", "),
                                ids.size() == 10 ? ", ..." : "")};
}

bool write_files(const std::string& command, const std::filesystem::path& dir,
                 const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::pair<std::string, std::string_view>> paths;
  for (const auto& [name, content] : files) paths.emplace_back((dir / name).string(), content);
  std::string error;
  if (io::write_all_atomically(paths, error)) return true;
  std::cerr << "cytostorm " << command << ": " << error << "; nothing written\n";
  return false;
}

std::string web_dir() {
  if (const char* env = std::getenv("CYTOSTORM_WEB"); env && *env) return env;
  for (const char* dir : {CYTOSTORM_WEB_DIR, CYTOSTORM_INSTALLED_WEB_DIR}) {
    if (std::filesystem::is_directory(dir)) return dir;
  }
  return "";
}

}  // namespace cytostorm::cli
