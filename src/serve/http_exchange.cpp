#include "cytostorm/serve/http_exchange.hpp"

#include <nlohmann/json.hpp>
#include <string_view>

namespace cytostorm::serve {

std::string Request::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::parameter(const std::string& name, const std::string& fallback) const {
  const auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

namespace {

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::vector<std::string> Request::cookies(const std::string& name) const {
  std::vector<std::string> values;
  const std::string all = header("cookie");
  std::string_view rest = all;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    const std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && trimmed(pair.substr(0, eq)) == name) {
      values.emplace_back(trimmed(pair.substr(eq + 1)));
    }
  }
  return values;
}

Response error_response(int status, const std::string& message) {
  nlohmann::ordered_json body;
  body["error"] = message;
  // Replacement characters rather than an exception for a message quoting invalid UTF-8.
  return {status,
          "application/json",
          body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n",
          {}};
}

}  // namespace cytostorm::serve
