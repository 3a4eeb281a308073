#include "cytostorm/io/input_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace cytostorm::io {

record::Result<std::string> read_input(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return record::InputError{path, 0, "", "cannot open: it is a folder"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return record::InputError{path, 0, "", std::string("cannot open: ") + std::strerror(errno)};
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace cytostorm::io
