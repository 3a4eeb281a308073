#include "cytostorm/population/population_spec.hpp"

#include <algorithm>
#include <filesystem>

namespace cytostorm::population {

std::string_view distribution_name(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::fixed:
      return "fixed";
    case DistributionKind::normal:
      return "normal";
    case DistributionKind::lognormal:
      return "lognormal";
    case DistributionKind::uniform:
      return "uniform";
    case DistributionKind::log_uniform:
      return "log_uniform";
  }
  return "fixed";
}

Distribution Distribution::fixed_at(double value) {
  Distribution d;
  d.centre = value;
  return d;
}

double flu_cy_dose_intensity(const LymphodepletionSpec& spec) {
  return 0.5 * (spec.fludarabine_mg_m2 / kReferenceFludarabineMgM2 +
                spec.cyclophosphamide_mg_m2 / kReferenceCyclophosphamideMgM2);
}

std::string trial_spec_path(const std::string& data_dir, const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".toml")) {
    return name_or_path;
  }
  return (std::filesystem::path(data_dir) / "trials" / (name_or_path + ".toml")).string();
}

std::vector<std::string> trial_presets(const std::string& data_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(data_dir) / "trials", ec)) {
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace cytostorm::population
