#pragma once
// Private helpers for the model's TOML readers: parse a file and read typed keys, each failure an
// InputError naming the file, the line and the key.

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <string_view>

#include "cytostorm/record/input_error.hpp"

namespace cytostorm::model::detail {

inline record::Result<toml::table> parse_toml(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return record::InputError{path, 0, "", "cannot open the file"};
  }
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return record::InputError{path, e.source().begin.line, "",
                              fmt::format("malformed TOML: {}", e.description())};
  }
}

inline std::size_t line_of(const toml::table& table, std::string_view key, std::size_t fallback) {
  const toml::node* node = table.get(key);
  return node ? node->source().begin.line : fallback;
}

inline record::Result<std::string> read_string(const std::string& path, const toml::table& table,
                                               std::string_view key, std::size_t line) {
  const toml::node* node = table.get(key);
  if (!node) {
    return record::InputError{path, line, std::string(key), fmt::format("missing key '{}'", key)};
  }
  if (!node->is_string()) {
    return record::InputError{path, node->source().begin.line, std::string(key),
                              fmt::format("'{}' must be a string", key)};
  }
  return std::string(*node->value<std::string_view>());
}

inline record::Result<double> read_number(const std::string& path, const toml::table& table,
                                          std::string_view key, std::size_t line) {
  const toml::node* node = table.get(key);
  if (!node) {
    return record::InputError{path, line, std::string(key), fmt::format("missing key '{}'", key)};
  }
  if (!node->is_number()) {
    return record::InputError{path, node->source().begin.line, std::string(key),
                              fmt::format("'{}' must be a number", key)};
  }
  const double v = *node->value<double>();
  if (!std::isfinite(v)) {
    return record::InputError{path, node->source().begin.line, std::string(key),
                              fmt::format("'{}' must be finite", key)};
  }
  return v;
}

inline record::Result<bool> read_bool(const std::string& path, const toml::table& table,
                                      std::string_view key, std::size_t line) {
  const toml::node* node = table.get(key);
  if (!node) {
    return record::InputError{path, line, std::string(key), fmt::format("missing key '{}'", key)};
  }
  if (!node->is_boolean()) {
    return record::InputError{path, node->source().begin.line, std::string(key),
                              fmt::format("'{}' must be true or false", key)};
  }
  return *node->value<bool>();
}

}  // namespace cytostorm::model::detail
