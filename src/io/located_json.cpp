#include "cytostorm/io/located_json.hpp"

#include <fmt/format.h>

#include <cctype>
#include <iterator>
#include <vector>

namespace cytostorm::io {

namespace {

// An input iterator over the text that publishes how far the parser has read.
struct CountingIterator {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  const char* p = nullptr;
  const char* begin = nullptr;
  std::size_t* read = nullptr;

  reference operator*() const { return *p; }
  CountingIterator& operator++() {
    ++p;
    *read = static_cast<std::size_t>(p - begin);
    return *this;
  }
  CountingIterator operator++(int) {
    auto copy = *this;
    ++*this;
    return copy;
  }
  bool operator==(const CountingIterator& o) const { return p == o.p; }
  bool operator!=(const CountingIterator& o) const { return p != o.p; }
};

struct Frame {
  std::string path;
  bool array = false;
  std::size_t next_index = 0;
  std::string key;
};

}  // namespace

const char* json_type_name(const nlohmann::json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "true/false";
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  return "null";
}

std::string json_child_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

record::Result<LocatedJson> LocatedJson::parse(std::string_view text, const std::string& file) {
  using Event = nlohmann::json::parse_event_t;
  std::size_t read = 0;
  std::map<std::string, std::size_t> offsets;
  std::vector<Frame> stack;
  // Where the last array element (or the '[') ended: the next element starts after the
  // whitespace and comma that follow. The parser reads at most one character ahead, never into
  // the next element.
  std::size_t boundary = 0;
  auto on_element = [&]() -> std::string {
    if (stack.empty()) return {};
    Frame& top = stack.back();
    if (!top.array) return json_child_path(top.path, top.key);
    std::string path = fmt::format("{}[{}]", top.path, top.next_index++);
    std::size_t start = boundary;
    while (start < text.size() &&
           (std::isspace(static_cast<unsigned char>(text[start])) != 0 || text[start] == ',')) {
      ++start;
    }
    offsets.emplace(path, start);
    return path;
  };
  auto callback = [&](int /*depth*/, Event event, nlohmann::json& parsed) {
    switch (event) {
      case Event::key: {
        const auto key = parsed.get<std::string>();
        stack.back().key = key;
        const std::size_t width = key.size() + 2;
        offsets.emplace(json_child_path(stack.back().path, key), read >= width ? read - width : 0);
        break;
      }
      case Event::object_start:
      case Event::array_start: {
        std::string path = on_element();
        stack.push_back({std::move(path), event == Event::array_start, 0, {}});
        boundary = read;
        break;
      }
      case Event::object_end:
      case Event::array_end:
        stack.pop_back();
        boundary = read;
        break;
      case Event::value:
        on_element();
        boundary = read;
        break;
    }
    return true;
  };
  // The JSON parser takes a NUL byte for the end of the input: what follows would be ignored.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    const auto [line, column] = line_and_column(text, nul);
    return record::InputError{file, line, fmt::format("column {}", column),
                              "a NUL byte (a binary or UTF-16 file?)"};
  }
  const char* begin = text.data();
  CountingIterator first{begin, begin, &read};
  CountingIterator last{begin + text.size(), begin, &read};
  try {
    auto root = nlohmann::json::parse(first, last, callback, /*allow_exceptions=*/true,
                                      /*ignore_comments=*/true);
    return LocatedJson(std::move(root), std::move(offsets), file, std::string(text));
  } catch (const nlohmann::json::exception& e) {
    // A syntax error knows its byte; a number too large for a double does not, and then the
    // place the parser had reached is used.
    const auto* syntax = dynamic_cast<const nlohmann::json::parse_error*>(&e);
    const std::size_t at =
        syntax ? (syntax->byte > 0 ? syntax->byte - 1 : 0) : (read > 0 ? read - 1 : 0);
    const auto [line, column] = line_and_column(text, at);
    // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column 5:
    // syntax error while parsing value - ..."; keep the part after the position.
    std::string what = e.what();
    if (auto colon = what.find(syntax ? ": " : "] "); colon != std::string::npos) {
      what = what.substr(colon + 2);
    }
    return record::InputError{file, line, fmt::format("column {}", column),
                              fmt::format("malformed JSON: {}", what)};
  }
}

record::InputError LocatedJson::error(const std::string& path, const std::string& message) const {
  std::size_t offset = 0;
  if (auto it = offsets_.find(path); it != offsets_.end()) offset = it->second;
  const auto [line, column] = line_and_column(text_, offset);
  return {file_, line, fmt::format("column {}", column),
          path.empty() ? message : fmt::format("key \"{}\": {}", path, message)};
}

}  // namespace cytostorm::io
