#pragma once
/// @file
/// One HTTP exchange without a socket: the request the server read and the response it sends.
/// The API (serve/bedside_api.hpp) turns one into the other, so that tests and fuzzers call it
/// directly and `cytostorm serve` only moves bytes.

#include <map>
#include <string>
#include <vector>

namespace cytostorm::serve {

/// A request as read from the socket: the path is already percent-decoded.
struct Request {
  std::string method;                             ///< "GET", "POST", ...
  std::string path;                               ///< "/api/patients/P01/events"
  std::multimap<std::string, std::string> query;  ///< decoded query parameters
  std::map<std::string, std::string> headers;     ///< header names in lower case
  std::string body;

  /// The value of header `name` (lower case), or "" when absent.
  /// @param name the header name in lower case
  /// @return the value, or an empty string
  [[nodiscard]] std::string header(const std::string& name) const;

  /// The first value of query parameter `name`, or `fallback` when absent.
  /// @param name the parameter; @param fallback the value when it is absent
  /// @return the value
  [[nodiscard]] std::string parameter(const std::string& name, const std::string& fallback) const;

  /// The values of cookie `name` in the Cookie header (`a=1; b=2`), in the order sent: several
  /// when the browser holds several of that name (set for different paths), none when absent.
  /// Pairs without '=' are skipped; names are compared exactly, values are as sent.
  /// @param name the cookie's name
  /// @return its values
  [[nodiscard]] std::vector<std::string> cookies(const std::string& name) const;
};

/// A response to send.
struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;  ///< extra headers ("Allow")
};

/// A JSON answer: `{"error": message}` with `status`.
/// @param status a 4xx or 5xx code; @param message what is wrong
/// @return the response
Response error_response(int status, const std::string& message);

}  // namespace cytostorm::serve
