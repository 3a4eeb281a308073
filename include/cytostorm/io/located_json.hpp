#pragma once
/// @file
/// JSON parsed with the position of every key, so that errors about a value can name the line
/// and column where the user wrote it. Used by every JSON reader (snapshots, API bodies).

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "cytostorm/record/input_error.hpp"

namespace cytostorm::io {

/// A parsed JSON document with the byte offset of each key ("oxygen.flow_l_min",
/// "vasopressors[1]").
class LocatedJson {
 public:
  /// Parses `text`; comments are allowed. A syntax error is returned with its line and column.
  static record::Result<LocatedJson> parse(std::string_view text, const std::string& file);

  [[nodiscard]] const nlohmann::json& root() const { return root_; }

  /// An InputError at the place of `path` (the document start when unknown):
  /// "file:line: column N: key "path": message".
  [[nodiscard]] record::InputError error(const std::string& path, const std::string& message) const;

 private:
  LocatedJson(nlohmann::json root, std::map<std::string, std::size_t> offsets, std::string file,
              std::string text)
      : root_(std::move(root)),
        offsets_(std::move(offsets)),
        file_(std::move(file)),
        text_(std::move(text)) {}

  nlohmann::json root_;
  std::map<std::string, std::size_t> offsets_;
  std::string file_;
  std::string text_;
};

/// "an integer", "a number", "a string", "true/false", "an array", "an object" or "null", for
/// messages such as "expected a number, got a string".
const char* json_type_name(const nlohmann::json& v);

/// The path of `key` inside `parent` as LocatedJson names it: "oxygen.flow_l_min".
std::string json_child_path(const std::string& parent, std::string_view key);

/// The 1-based line and column of byte `offset` in `text`.
std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t offset);

}  // namespace cytostorm::io
