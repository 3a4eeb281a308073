// The socket-free request and response: headers, cookies and query parameters looked up, errors
// as JSON.
#include "cytostorm/serve/http_exchange.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

TEST(HttpExchange, ReadsCookiesByName) {
  Request r;
  EXPECT_TRUE(r.cookies("cytostorm_token").empty());  // no Cookie header
  r.headers["cookie"] = "theme=dark; cytostorm_token=abc; lang=en";
  EXPECT_EQ(r.cookies("cytostorm_token"), std::vector<std::string>{"abc"});
  EXPECT_EQ(r.cookies("theme"), std::vector<std::string>{"dark"});
  EXPECT_EQ(r.cookies("lang"), std::vector<std::string>{"en"});
  EXPECT_TRUE(r.cookies("token").empty());  // a name is matched whole, not as a suffix
  EXPECT_TRUE(r.cookies("cytostorm").empty());
  r.headers["cookie"] = "a=1;b=2 ;  a = 3 ;flag; a=; c=x=y";
  EXPECT_EQ(r.cookies("a"), (std::vector<std::string>{"1", "3", ""}));
  EXPECT_EQ(r.cookies("b"), std::vector<std::string>{"2"});
  EXPECT_TRUE(r.cookies("flag").empty());  // no '=': not a cookie
  EXPECT_EQ(r.cookies("c"), std::vector<std::string>{"x=y"});
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
