#include "cytostorm/io/located_json.hpp"

#include <gtest/gtest.h>

namespace cytostorm::io {
namespace {

TEST(LineAndColumn, CountsFromOne) {
  EXPECT_EQ(line_and_column("abc", 0), (std::pair<std::size_t, std::size_t>{1, 1}));
  EXPECT_EQ(line_and_column("ab\ncd", 4), (std::pair<std::size_t, std::size_t>{2, 2}));
}

TEST(LocatedJson, ErrorPointsAtTheKey) {
  auto doc = LocatedJson::parse("{\n  \"a\": {\n    \"bb\": 1\n  }\n}", "f.json");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.value().error("a.bb", "too big").to_string(),
            "f.json:3: column 5: key \"a.bb\": too big");
  EXPECT_EQ(doc.value().error("a", "wrong").to_string(), "f.json:2: column 3: key \"a\": wrong");
}

TEST(LocatedJson, ArrayElementsHavePlaces) {
  auto doc = LocatedJson::parse("{\"v\": [1,\n {\"x\": 2}]}", "f.json");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.value().error("v[1].x", "no").to_string(),
            "f.json:2: column 3: key \"v[1].x\": no");
  EXPECT_EQ(doc.value().error("v[1]", "no").to_string(), "f.json:2: column 2: key \"v[1]\": no");
}

TEST(LocatedJson, ANulByteIsAnErrorNotTheEndOfTheInput) {
  // The parser alone would stop at the NUL and take the document before it.
  auto doc = LocatedJson::parse(std::string("{\"a\": 1}\n") + '\0' + "{\"b\": 2}", "f.json");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().to_string(), "f.json:2: column 1: a NUL byte (a binary or UTF-16 file?)");
  EXPECT_TRUE(LocatedJson::parse("{\"a\": \"\\u0000\"}", "f.json").ok());  // an escaped NUL is text
}

TEST(LocatedJson, SyntaxErrorHasLineAndColumn) {
  auto doc = LocatedJson::parse("{\n  \"a\": 1,\n  \"b\": ]\n}", "f.json");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().line, 3u);
  EXPECT_EQ(doc.error().column, "column 8");
  EXPECT_NE(doc.error().message.find("malformed JSON"), std::string::npos);
}

TEST(LocatedJson, CommentsAreAllowed) {
  auto doc = LocatedJson::parse("{\"a\": 1 // one\n, /* two */ \"b\": 2}", "f.json");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.value().root()["b"], 2);
}

}  // namespace
}  // namespace cytostorm::io
