#include "cytostorm/io/data_folder.hpp"

#include <cstdlib>
#include <filesystem>

namespace cytostorm::io {

std::string data_dir() {
  if (const char* env = std::getenv("CYTOSTORM_DATA"); env && *env) return env;
  if (std::filesystem::exists(CYTOSTORM_DATA_DIR)) return CYTOSTORM_DATA_DIR;
  return CYTOSTORM_INSTALLED_DATA_DIR;
}

}  // namespace cytostorm::io
