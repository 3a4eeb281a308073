#include "cytostorm/record/input_error.hpp"

#include <fmt/format.h>

namespace cytostorm::record {

std::string InputError::to_string() const {
  std::string out = file;
  if (line > 0) out += fmt::format(":{}", line);
  out += ": ";
  if (!column.empty()) out += column + ": ";
  if (message.size() <= kLongestMessage) return out + message;
  // A message quoting a value the size of a file is cut, between two UTF-8 characters.
  std::size_t cut = kLongestMessage;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
  return out + message.substr(0, cut) + fmt::format("... ({} bytes cut)", message.size() - cut);
}

}  // namespace cytostorm::record
