#include "cytostorm/serve/http_exchange.hpp"

#include <nlohmann/json.hpp>

namespace cytostorm::serve {

std::string Request::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::parameter(const std::string& name, const std::string& fallback) const {
  const auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
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
