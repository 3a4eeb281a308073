#include "cytostorm/io/toml_reader.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace cytostorm::io {

namespace detail {

struct TomlState {
  std::string file;
  toml::table root;
  toml::table empty;                       // stands in for a table that could not be read
  std::vector<const toml::table*> tables;  // every table handed out; 0 = empty, 1 = root
  std::optional<record::InputError> error;

  // Keeps the first problem only.
  void fail(std::size_t line, std::size_t column, const std::string& path,
            std::string_view message) {
    if (error) return;
    error = record::InputError{file, line, column > 0 ? fmt::format("column {}", column) : "",
                               fmt::format("key \"{}\": {}", path, message)};
  }
  void fail(const toml::node& at, const std::string& path, std::string_view message) {
    fail(at.source().begin.line, at.source().begin.column, path, message);
  }
};

}  // namespace detail

namespace {

const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "true or false";
    case toml::node_type::array:
      return "a list";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date or time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

}  // namespace

std::string TomlTable::path(std::string_view key) const {
  if (key.empty()) return path_;
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

std::size_t TomlTable::line() const {
  return index_ == 1 ? 0 : state_->tables[index_]->source().begin.line;
}

std::size_t TomlTable::line(std::string_view key) const {
  const auto* node = state_->tables[index_]->get(key);
  return node ? node->source().begin.line : 0;
}

bool TomlTable::contains(std::string_view key) const {
  return state_->tables[index_]->contains(key);
}

std::vector<std::string> TomlTable::keys() const {
  std::vector<const toml::key*> found;
  for (const auto& [key, node] : *state_->tables[index_]) found.push_back(&key);
  std::sort(found.begin(), found.end(), [](const toml::key* a, const toml::key* b) {
    return std::pair(a->source().begin.line, a->source().begin.column) <
           std::pair(b->source().begin.line, b->source().begin.column);
  });
  std::vector<std::string> out;
  for (const auto* key : found) out.emplace_back(key->str());
  return out;
}

void TomlTable::accept_only(std::initializer_list<std::string_view> accepted) const {
  const toml::key* first = nullptr;
  for (const auto& [key, node] : *state_->tables[index_]) {
    if (std::find(accepted.begin(), accepted.end(), key.str()) != accepted.end()) continue;
    if (!first || key.source().begin.line < first->source().begin.line) first = &key;
  }
  if (!first) return;
  std::string list;
  for (auto k : accepted) list += fmt::format("{}{}", list.empty() ? "" : ", ", k);
  state_->fail(first->source().begin.line, first->source().begin.column, path(first->str()),
               accepted.size() == 0 ? std::string("unknown key (this table takes no keys)")
                                    : fmt::format("unknown key (accepted here: {})", list));
}

namespace {

// The node at `key`, or nullptr after recording "missing".
const toml::node* find(detail::TomlState& state, const toml::table& table, std::size_t line,
                       const std::string& path, std::string_view key) {
  const toml::node* node = table.get(key);
  if (!node) state.fail(line, 0, path, "missing");
  return node;
}

}  // namespace

std::string TomlTable::text(std::string_view key) const {
  const auto* node = find(*state_, *state_->tables[index_], line(), path(key), key);
  if (!node) return {};
  if (!node->is_string()) {
    state_->fail(*node, path(key), fmt::format("expected a string, got {}", type_name(*node)));
    return {};
  }
  return std::string(*node->value<std::string_view>());
}

std::string TomlTable::text(std::string_view key, std::string fallback) const {
  return contains(key) ? text(key) : std::move(fallback);
}

double TomlTable::number(std::string_view key, double min, double max) const {
  const auto* node = find(*state_, *state_->tables[index_], line(), path(key), key);
  if (!node) return min;
  const auto value = node->value<double>();
  if (!value || node->is_boolean()) {
    state_->fail(*node, path(key), fmt::format("expected a number, got {}", type_name(*node)));
    return min;
  }
  if (!std::isfinite(*value)) {
    state_->fail(*node, path(key), fmt::format("expected a finite number, got {}", *value));
    return min;
  }
  if (*value < min || *value > max) {
    state_->fail(*node, path(key),
                 fmt::format("{:g} is out of range ({:g} to {:g})", *value, min, max));
    return min;
  }
  return *value;
}

double TomlTable::number(std::string_view key, double min, double max, double fallback) const {
  return contains(key) ? number(key, min, max) : fallback;
}

namespace {

// The integer in `node` within [min, max], or nothing after recording the problem.
std::optional<int> integer_in(detail::TomlState& state, const toml::node& node,
                              const std::string& path, int min, int max) {
  const auto value = node.value_exact<std::int64_t>();
  if (!value) {
    state.fail(node, path, fmt::format("expected an integer, got {}", type_name(node)));
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    state.fail(node, path, fmt::format("{} is out of range ({} to {})", *value, min, max));
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

}  // namespace

int TomlTable::integer(std::string_view key, int min, int max) const {
  const auto* node = find(*state_, *state_->tables[index_], line(), path(key), key);
  if (!node) return min;
  return integer_in(*state_, *node, path(key), min, max).value_or(min);
}

int TomlTable::integer(std::string_view key, int min, int max, int fallback) const {
  return contains(key) ? integer(key, min, max) : fallback;
}

bool TomlTable::boolean(std::string_view key) const {
  const auto* node = find(*state_, *state_->tables[index_], line(), path(key), key);
  if (!node) return false;
  if (!node->is_boolean()) {
    state_->fail(*node, path(key), fmt::format("expected true or false, got {}", type_name(*node)));
    return false;
  }
  return *node->value<bool>();
}

bool TomlTable::boolean(std::string_view key, bool fallback) const {
  return contains(key) ? boolean(key) : fallback;
}

std::vector<int> TomlTable::integers(std::string_view key, int min, int max) const {
  const auto* node = find(*state_, *state_->tables[index_], line(), path(key), key);
  if (!node) return {};
  const auto* list = node->as_array();
  if (!list) {
    state_->fail(*node, path(key),
                 fmt::format("expected a list of integers, got {}", type_name(*node)));
    return {};
  }
  std::vector<int> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto value =
        integer_in(*state_, (*list)[i], fmt::format("{}[{}]", path(key), i), min, max);
    if (!value) return {};
    out.push_back(*value);
  }
  return out;
}

std::vector<std::string> TomlTable::texts(std::string_view key) const {
  const auto* node = find(*state_, *state_->tables[index_], line(), path(key), key);
  if (!node) return {};
  const auto* list = node->as_array();
  if (!list) {
    state_->fail(*node, path(key),
                 fmt::format("expected a list of strings, got {}", type_name(*node)));
    return {};
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& element = (*list)[i];
    if (!element.is_string()) {
      state_->fail(element, fmt::format("{}[{}]", path(key), i),
                   fmt::format("expected a string, got {}", type_name(element)));
      return {};
    }
    out.emplace_back(*element.value<std::string_view>());
  }
  return out;
}

std::size_t TomlTable::one_of(std::string_view key,
                              std::span<const std::string_view> accepted) const {
  const std::string value = text(key);
  const auto it = std::find(accepted.begin(), accepted.end(), value);
  if (it != accepted.end()) return static_cast<std::size_t>(it - accepted.begin());
  std::string list;
  for (auto word : accepted) list += fmt::format("{}{}", list.empty() ? "" : ", ", word);
  const auto* node = state_->tables[index_]->get(key);
  if (node)
    state_->fail(*node, path(key), fmt::format("unknown value \"{}\" (accepted: {})", value, list));
  return 0;
}

TomlTable TomlTable::table(std::string_view key) const {
  const auto* node = find(*state_, *state_->tables[index_], line(), path(key), key);
  if (!node) return {state_, 0, path(key)};
  const auto* found = node->as_table();
  if (!found) {
    state_->fail(*node, path(key), fmt::format("expected a table, got {}", type_name(*node)));
    return {state_, 0, path(key)};
  }
  state_->tables.push_back(found);
  return {state_, state_->tables.size() - 1, path(key)};
}

std::vector<TomlTable> TomlTable::tables(std::string_view key) const {
  const auto* node = find(*state_, *state_->tables[index_], line(), path(key), key);
  if (!node) return {};
  const auto* list = node->as_array();
  if (!list) {
    state_->fail(*node, path(key),
                 fmt::format("expected a list of tables, got {}", type_name(*node)));
    return {};
  }
  std::vector<TomlTable> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string where = fmt::format("{}[{}]", path(key), i);
    const auto* element = (*list)[i].as_table();
    if (!element) {
      state_->fail((*list)[i], where,
                   fmt::format("expected a table, got {}", type_name((*list)[i])));
      return {};
    }
    state_->tables.push_back(element);
    out.push_back({state_, state_->tables.size() - 1, where});
  }
  return out;
}

void TomlTable::fail(std::string_view key, std::string_view message) const {
  const auto* node = key.empty() ? nullptr : state_->tables[index_]->get(key);
  if (node) {
    state_->fail(*node, path(key), message);
  } else {
    state_->fail(line(), 0, path(key), message);
  }
}

record::Result<TomlDocument> TomlDocument::parse_file(const std::string& path) {
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (!std::filesystem::is_regular_file(path, ec) || !in) {
    return record::InputError{path, 0, "", "cannot open the file"};
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return parse_text(text, path);
}

record::Result<TomlDocument> TomlDocument::parse_text(std::string_view text,
                                                      const std::string& file) {
  try {
    auto state = std::make_shared<detail::TomlState>();
    state->file = file;
    state->root = toml::parse(text, file);
    state->tables = {&state->empty, &state->root};
    return TomlDocument(std::move(state));
  } catch (const toml::parse_error& e) {
    return record::InputError{file, e.source().begin.line,
                              fmt::format("column {}", e.source().begin.column),
                              fmt::format("malformed TOML: {}", e.description())};
  }
}

TomlTable TomlDocument::root() const {
  return {state_, 1, ""};
}

const std::string& TomlDocument::file() const {
  return state_->file;
}

std::optional<record::InputError> TomlDocument::error() const {
  return state_->error;
}

std::string commented_toml(const std::vector<std::string>& header, std::string_view toml) {
  std::string out;
  for (const auto& line : header) out += line.empty() ? "#\n" : "# " + line + "\n";
  out += toml;
  out += '\n';
  return out;
}

std::string data_file_path(const std::string& data_dir, std::string_view folder,
                           const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".toml")) {
    return name_or_path;
  }
  return (std::filesystem::path(data_dir) / folder / (name_or_path + ".toml")).string();
}

}  // namespace cytostorm::io
