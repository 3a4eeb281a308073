#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "command.hpp"
#include "cytostorm/io/event_table.hpp"
#include "cytostorm/io/fhir_bundle.hpp"

namespace cytostorm::cli {

bool read_input(const std::string& path, std::string& text, std::string& error) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    text = buffer.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool is_fhir(const std::string& path) {
  return path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

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
  if (is_fhir(path)) {
    std::string text, error;
    if (!read_input(path, text, error)) return record::InputError{path, 0, "", error};
    auto patients = io::read_fhir_bundle(text, path);
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

std::string data_dir() {
  if (const char* env = std::getenv("CYTOSTORM_DATA"); env && *env) return env;
  if (std::filesystem::exists(CYTOSTORM_DATA_DIR)) return CYTOSTORM_DATA_DIR;
  return CYTOSTORM_INSTALLED_DATA_DIR;
}

std::string web_dir() {
  if (const char* env = std::getenv("CYTOSTORM_WEB"); env && *env) return env;
  for (const char* dir : {CYTOSTORM_WEB_DIR, CYTOSTORM_INSTALLED_WEB_DIR}) {
    if (std::filesystem::is_directory(dir)) return dir;
  }
  return "";
}

}  // namespace cytostorm::cli
