#include "cytostorm/record/input_error.hpp"

#include <fmt/format.h>

namespace cytostorm::record {

std::string InputError::to_string() const {
  std::string out = file;
  if (line > 0) out += fmt::format(":{}", line);
  out += ": ";
  if (!column.empty()) out += column + ": ";
  return out + message;
}

}  // namespace cytostorm::record
