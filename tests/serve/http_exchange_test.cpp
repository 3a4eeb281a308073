// The socket-free request and response: headers and query parameters looked up, errors as JSON.
#include "cytostorm/serve/http_exchange.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace cytostorm::serve {
namespace {

TEST(HttpExchange, LooksUpHeadersAndParameters) {
  Request r;
  r.headers["content-type"] = "text/csv";
  r.query.emplace("at", "72");
  r.query.emplace("at", "96");
  EXPECT_EQ(r.header("content-type"), "text/csv");
  EXPECT_EQ(r.header("authorization"), "");
  EXPECT_EQ(r.parameter("at", "0"), "72");  // the first of several
  EXPECT_EQ(r.parameter("scale", "astct"), "astct");
}

TEST(HttpExchange, ErrorsAreJsonEvenForInvalidUtf8) {
  const auto r = error_response(400, "request:2: kind: unknown kind \"\xff\"");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/json");
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["error"], "request:2: kind: unknown kind \"\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace cytostorm::serve
