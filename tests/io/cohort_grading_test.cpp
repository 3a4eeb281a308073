// Grading a cohort: tables in memory and files, FHIR Bundles by their name, scales by name,
// ungrouped files read again, skipped rows, a patient given twice, and the writer's summary.
#include "cytostorm/io/cohort_grading.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cytostorm/io/event_table.hpp"
#include "support/run_cli.hpp"

namespace cytostorm::io {
namespace {

const std::string kHeader = std::string(kEventTableHeader) + "\n";
const std::string kP1 =
    "P1,0,infusion,axi-cel,,,\n"
    "P1,10,vital,temperature,38.6,C,\n";
const std::string kP2 =
    "P2,0,infusion,axi-cel,,,\n"
    "P2,20,vital,temperature,37.0,C,\n";

// What a cohort grading wrote as CSV, and its result.
struct Graded {
  record::Result<std::vector<record::InputError>> result = std::vector<record::InputError>{};
  std::string csv;
  CohortReport report;
  std::vector<std::size_t> progress;
};

Graded grade(const std::vector<CohortInput>& inputs, const std::string& scale = "astct",
             bool skip_bad_rows = false) {
  Graded g;
  CohortOptions options;
  options.scales = crs_scales_named(scale).value();
  options.skip_bad_rows = skip_bad_rows;
  options.progress = [&](std::size_t n) { g.progress.push_back(n); };
  std::vector<std::string> names;
  for (const auto* s : options.scales) names.emplace_back(s->name);
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
  GradesWriter writer("csv", false, file.get(), names);
  writer.begin();
  g.result = grade_cohort(inputs, options, writer);
  g.report = writer.report();
  std::fflush(file.get());
  std::rewind(file.get());
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) g.csv.append(buffer, n);
  return g;
}

TEST(CrsScalesNamed, GivesOneScaleOrAllInOrder) {
  const auto astct = crs_scales_named("astct");
  ASSERT_TRUE(astct.ok());
  ASSERT_EQ(astct.value().size(), 1U);
  EXPECT_EQ(astct.value().front()->name, "astct");
  const auto all = crs_scales_named("all");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all.value().size(), clinical::crs_scales().size());
  EXPECT_EQ(all.value()[1]->name, clinical::crs_scales()[1].name);
  const auto unknown = crs_scales_named("asct");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().to_string(),
            "--scale: unknown scale \"asct\" (scales: all, astct, lee2014, ctcae_v4, ctcae_v5, "
            "penn, mskcc, cartox)");
}

TEST(IsFhir, IsTrueForJsonFilesOnly) {
  EXPECT_TRUE(is_fhir("bundle.json"));
  EXPECT_TRUE(is_fhir("a.json"));
  EXPECT_FALSE(is_fhir(".json"));  // a name, not an extension
  EXPECT_FALSE(is_fhir("events.csv"));
  EXPECT_FALSE(is_fhir("bundle.jsonl"));
}

TEST(GradeCohort, GradesTablesInMemoryAndFilesInOrder) {
  testing::Scratch scratch;
  const auto file = scratch.write("p2.csv", kHeader + kP2);
  const auto g = grade({{"<memory>", kHeader + kP1}, {file, std::nullopt}});
  ASSERT_TRUE(g.result.ok()) << g.result.error().to_string();
  EXPECT_TRUE(g.result.value().empty());
  EXPECT_EQ(g.csv, csv_header({"astct"}) +
                       "P1,1,0,24,0,,\n"  // fever on day 0, counted for 24 h
                       "P2,0,,,0,,\n");
  EXPECT_EQ(g.progress, (std::vector<std::size_t>{1, 2}));
  ASSERT_EQ(g.report.syndromes.size(), 2U);
  EXPECT_EQ(g.report.syndromes[0].n, 2U);
  EXPECT_DOUBLE_EQ(g.report.syndromes[0].any_grade_pct, 50.0);
  EXPECT_TRUE(g.report.concordance.empty());
}

TEST(GradeCohort, ReadsAnUngroupedFileAgainAndKeepsEachPatientOnce) {
  testing::Scratch scratch;
  const auto file = scratch.write("ungrouped.csv", kHeader +
                                                       "P1,0,infusion,axi-cel,,,\n"
                                                       "P2,0,infusion,axi-cel,,,\n"
                                                       "P1,10,vital,temperature,38.6,C,\n");
  const auto g =
      grade({{"<memory>", kHeader + "P0,0,infusion,axi-cel,,,\n"}, {file, std::nullopt}}, "all");
  ASSERT_TRUE(g.result.ok()) << g.result.error().to_string();
  EXPECT_EQ(g.csv.find("P1,1,"), g.csv.rfind("P1,1,"));
  EXPECT_NE(g.csv.find("P0,0,"), std::string::npos);
  EXPECT_EQ(g.report.syndromes.front().n, 3U);
  EXPECT_EQ(g.report.concordance.size(), 21U);
}

TEST(GradeCohort, StopsAtTheFirstBadRowOrSkipsIt) {
  const std::string bad = kHeader + kP1 + "P1,12,vital,temperature,38,K,\n";
  const auto stopped = grade({{"bad.csv", bad}});
  ASSERT_FALSE(stopped.result.ok());
  EXPECT_EQ(stopped.result.error().file, "bad.csv");
  EXPECT_EQ(stopped.result.error().line, 4U);
  const auto skipped = grade({{"bad.csv", bad}}, "astct", true);
  ASSERT_TRUE(skipped.result.ok());
  ASSERT_EQ(skipped.result.value().size(), 1U);
  EXPECT_EQ(skipped.result.value().front().line, 4U);
  EXPECT_NE(skipped.csv.find("P1,1,"), std::string::npos);
}

TEST(GradeCohort, RefusesAPatientGivenTwiceAndAFileItCannotRead) {
  const auto twice = grade({{"a.csv", kHeader + kP1}, {"b.csv", kHeader + kP1}});
  ASSERT_FALSE(twice.result.ok());
  EXPECT_EQ(twice.result.error().column, "patient_id");
  EXPECT_NE(twice.result.error().message.find("patient P1 is given again"), std::string::npos);
  const auto once = grade({{"a.csv", kHeader + kP1}, {"b.csv", kHeader + kP2}});
  EXPECT_TRUE(once.result.ok());
  const auto missing = grade({{"/nonexistent/bundle.json", std::nullopt}});
  ASSERT_FALSE(missing.result.ok());
  EXPECT_EQ(missing.result.error().to_string(),
            "/nonexistent/bundle.json: cannot open: No such file or directory");
  const auto bad_fhir = grade({{"/nonexistent/events.csv", std::nullopt}});
  ASSERT_FALSE(bad_fhir.result.ok());
  EXPECT_EQ(bad_fhir.result.error().file, "/nonexistent/events.csv");
}

}  // namespace
}  // namespace cytostorm::io
