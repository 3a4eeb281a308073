#pragma once
/// @file
/// The bedside HTTP API of docs/api.md, without a socket: one request in, one response out.
/// `cytostorm serve` wires it to cpp-httplib; tests and the fuzzer call it directly.

#include <cstddef>
#include <memory>
#include <string>

#include "cytostorm/serve/http_exchange.hpp"
#include "cytostorm/serve/patient_store.hpp"

namespace cytostorm::serve {

/// How the API answers.
struct ApiOptions {
  std::string data_dir;                ///< the built-in data (products, policies, guidelines)
  std::string web_dir;                 ///< the bedside pages; empty: none (the API still works)
  std::string token;                   ///< when not empty, every request must carry it
  std::size_t body_limit = 8u << 20u;  ///< larger bodies are refused with 413
  std::string version = "0";           ///< reported by GET /api/health
};

/// The API over a patient store.
class BedsideApi {
 public:
  /// @param store where patients are kept; @param options data, pages, token and limits
  BedsideApi(std::shared_ptr<PatientStore> store, ApiOptions options);

  /// Answers one request. Never throws: bad input is a 4xx with `{"error": ...}` naming what is
  /// wrong and where, a failing database a 503.
  /// @param request the request, path decoded
  /// @return the response
  [[nodiscard]] Response handle(const Request& request) const;

 private:
  std::shared_ptr<PatientStore> store_;
  ApiOptions options_;
};

}  // namespace cytostorm::serve
