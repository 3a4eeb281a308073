// Reading a whole input file: the text as it is, or an error naming the file.
#include "cytostorm/io/input_file.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/run_cli.hpp"

namespace cytostorm::io {
namespace {

TEST(ReadInput, ReturnsTheWholeTextByteForByte) {
  testing::Scratch scratch;
  const std::string text = std::string("{\"a\": 1}\r\n\0tail", 15);
  const auto path = scratch.write("in.json", text);
  const auto read = read_input(path);
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  EXPECT_EQ(read.value(), text);
  const auto empty = read_input(scratch.write("empty.json", ""));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty.value(), "");
}

TEST(ReadInput, NamesAFileItCannotOpen) {
  const auto missing = read_input("/nonexistent/case.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().to_string(),
            "/nonexistent/case.json: cannot open: No such file or directory");
  testing::Scratch scratch;
  const auto folder = read_input(scratch.dir());
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.error().to_string(), scratch.dir() + ": cannot open: it is a folder");
}

}  // namespace
}  // namespace cytostorm::io
