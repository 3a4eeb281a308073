// The one CSV reader: plain and quoted fields, line numbers of multi-line records, CR LF, and the
// malformed quoting it reports.
#include "cytostorm/io/csv_records.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "../support/run_cli.hpp"

namespace cytostorm::io {
namespace {

struct Record {
  std::vector<std::string> fields;
  std::size_t line;
  std::string error;
};

std::vector<Record> read_all(CsvRecords& csv) {
  std::vector<Record> out;
  std::vector<std::string_view> fields;
  std::size_t line = 0;
  std::string error;
  while (csv.next(fields, line, error)) {
    out.push_back({std::vector<std::string>(fields.begin(), fields.end()), line, error});
  }
  return out;
}

TEST(CsvRecords, SplitsPlainAndQuotedFieldsAndCountsTheLinesOfAQuotedNewline) {
  const std::string text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n";
  CsvRecords csv(std::string_view(text), "t.csv");
  const auto records = read_all(csv);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a", "b", "c"}));  // CR dropped
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"last", "", ""}));
  EXPECT_EQ(records[2].line, 4u);  // the quoted newline took line 3
  for (const auto& r : records) EXPECT_EQ(r.error, "");
}

// Records of every length from 0 to 150 bytes start and end anywhere in the 64-byte blocks the
// reader scans; each is split as written, whatever record comes before it.
TEST(CsvRecords, SplitsRecordsThatStartAndEndAnywhereInTheBlocksScanned) {
  std::string text;
  std::vector<std::vector<std::string>> expected;
  for (std::size_t n = 0; n <= 150; ++n) {
    std::vector<std::string> fields{std::string(n / 3, 'a'), std::string(n % 7, 'b'),
                                    std::string(n / 2, 'c')};
    text += fields[0] + "," + fields[1] + "," + fields[2] + (n % 2 == 0 ? "\r\n" : "\n");
    expected.push_back(fields);
  }
  text += "no,newline";
  expected.push_back({"no", "newline"});
  CsvRecords csv(std::string_view(text), "t.csv");
  const auto records = read_all(csv);
  ASSERT_EQ(records.size(), expected.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].fields, expected[i]) << "record " << i;
    EXPECT_EQ(records[i].line, i + 1);
    EXPECT_EQ(records[i].error, "");
  }
}

TEST(CsvRecords, ReportsMalformedQuotingAndAnUnclosedQuote) {
  const std::string text = "ok,1\n\"open,end\n";
  CsvRecords csv(std::string_view(text), "t.csv");
  const auto records = read_all(csv);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[1].error, "a quoted field is not closed before the end of the file");
  const std::string stray = "x,\"q\"z\n";
  CsvRecords csv2(std::string_view(stray), "t.csv");
  const auto r2 = read_all(csv2);
  ASSERT_EQ(r2.size(), 1u);
  EXPECT_EQ(r2[0].error, "malformed quoting in field 2");
}

// ascii() says which records need no check for binary or non-UTF-8 bytes: a byte above 0x7F or a
// NUL anywhere in a record (a field's first byte, its last) makes it false, in that record only.
TEST(CsvRecords, SaysWhichRecordsArePlainAscii) {
  const std::string text =
      std::string("a,b\n\xC3\xA9,b\nc,d\na,\xFF\nx,") + '\0' + "\n\"q\",plain\nlast,ascii\n";
  CsvRecords csv(std::string_view(text), "t.csv");
  std::vector<std::string_view> fields;
  std::size_t line = 0;
  std::string error;
  std::vector<bool> ascii;
  while (csv.next(fields, line, error)) ascii.push_back(csv.ascii());
  // The quoted record goes the slow way: not known to be ASCII, so its fields are checked.
  EXPECT_EQ(ascii, (std::vector<bool>{true, false, true, false, false, false, true}));
}

TEST(CsvRecords, ReadsAFileAndRewindsToTheStart) {
  testing::Scratch scratch;
  const std::string path = scratch.write("f.csv", "h1,h2\n1,2\n");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  ASSERT_TRUE(file);
  CsvRecords csv(file.get(), path);
  EXPECT_EQ(csv.name(), path);
  const auto first = read_all(csv);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[1].fields, (std::vector<std::string>{"1", "2"}));
  ASSERT_TRUE(csv.rewind());
  const auto again = read_all(csv);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].fields, (std::vector<std::string>{"h1", "h2"}));
  EXPECT_EQ(again[0].line, 1u);
}

}  // namespace
}  // namespace cytostorm::io
