#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "command.hpp"

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

std::string data_dir() {
  if (const char* env = std::getenv("CYTOSTORM_DATA"); env && *env) return env;
  if (std::filesystem::exists(CYTOSTORM_DATA_DIR)) return CYTOSTORM_DATA_DIR;
  return CYTOSTORM_INSTALLED_DATA_DIR;
}

}  // namespace cytostorm::cli
