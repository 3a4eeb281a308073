#include "cytostorm/io/guideline_toml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace cytostorm::io {

namespace {

using clinical::Action;

std::vector<clinical::DoseStep> read_doses(const TomlTable& row) {
  std::vector<clinical::DoseStep> out;
  const auto steps = row.tables("doses");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const TomlTable& t = steps[i];
    t.accept_only({"mg", "mg_per_kg", "every_hours", "days"});
    clinical::DoseStep d;
    d.mg = t.number("mg", 0, 5000, 0.0);
    d.mg_per_kg = t.number("mg_per_kg", 0, 100, 0.0);
    d.every_hours = t.number("every_hours", 0.5, 168);
    d.days = t.number("days", 0, 365, 0.0);
    if ((d.mg > 0) == (d.mg_per_kg > 0)) {
      t.fail("", "give one positive dose: mg or mg_per_kg");
    }
    if (d.days <= 0 && i + 1 < steps.size()) {
      t.fail("days", "only the last step may be open-ended: give its length in days");
    }
    out.push_back(d);
  }
  if (steps.empty()) row.fail("doses", "expected at least one dose step");
  return out;
}

clinical::GuidelineRow read_row(const TomlTable& t) {
  t.accept_only({"id", "syndrome", "grades", "when", "action", "text", "part", "verified", "doses",
                 "repeat_if_no_improvement"});
  clinical::GuidelineRow row;
  row.id = t.text("id");
  if (row.id.empty()) t.fail("id", "must not be empty");
  row.syndrome = t.choice("syndrome", clinical::kSyndromeNames);
  const auto grades = t.integers("grades", 0, 5);
  if (t.contains("grades") && grades.empty()) t.fail("grades", "expected at least one grade");
  for (std::size_t i = 1; i < grades.size(); ++i) {
    if (grades[i] != grades[i - 1] + 1) {
      t.fail("grades", "expected consecutive grades in increasing order, such as [2, 3, 4]");
    }
  }
  if (!grades.empty()) {
    row.grade_min = grades.front();
    row.grade_max = grades.back();
  }
  row.when = t.choice("when", clinical::kConditionNames);
  row.action = t.choice("action", clinical::kActionNames);
  row.text = t.text("text");
  row.part = t.text("part");
  row.verified = t.boolean("verified");
  row.repeat_if_no_improvement = t.boolean("repeat_if_no_improvement", false);
  if (row.action == Action::tocilizumab && t.contains("doses")) {
    t.fail("doses", "a tocilizumab row takes its dose from [tocilizumab] (mg/kg, cap, limits)");
  } else if (clinical::is_corticosteroid(row.action) ||
             (t.contains("doses") && clinical::is_drug(row.action))) {
    row.doses = read_doses(t);
  } else if (t.contains("doses")) {
    t.fail("doses", fmt::format("doses are for drug rows, not for \"{}\"", name(row.action)));
  }
  if (row.syndrome == clinical::Syndrome::icans && row.action == Action::tocilizumab &&
      row.when != clinical::RowCondition::concurrent_crs) {
    t.fail("when",
           "an ICANS tocilizumab row needs when = \"concurrent_crs\" (anti-IL-6 is not given for "
           "ICANS without CRS)");
  }
  return row;
}

}  // namespace

std::vector<clinical::GuidelineRow> read_guideline_rows(const TomlTable& table,
                                                        std::string_view key) {
  std::vector<clinical::GuidelineRow> rows;
  std::set<std::string> ids;
  for (const TomlTable& t : table.tables(key)) {
    rows.push_back(read_row(t));
    if (!ids.insert(rows.back().id).second) {
      t.fail("id", fmt::format("row id \"{}\" repeated", rows.back().id));
    }
  }
  return rows;
}

record::Result<clinical::Guideline> load_guideline(const std::string& path) {
  auto doc = TomlDocument::parse_file(path);
  if (!doc) return doc.error();
  return read_guideline(doc.value());
}

record::Result<clinical::Guideline> read_guideline(const TomlDocument& doc) {
  const TomlTable root = doc.root();
  root.accept_only({"name", "title", "reference", "version", "tocilizumab", "icu", "row"});
  clinical::Guideline g;
  g.name = root.text("name");
  g.title = root.text("title");
  g.reference = root.text("reference");
  g.version = root.text("version");
  const TomlTable t = root.table("tocilizumab");
  t.accept_only({"mg_per_kg", "mg_per_kg_small", "small_below_kg", "max_dose_mg",
                 "min_interval_hours", "max_per_24h", "max_total"});
  // The upper (or, for the interval, lower) bounds are the hard limits of clinical-rules.md
  // section 8: a rule set may tighten them, never loosen them.
  auto& limits = g.tocilizumab;
  limits.mg_per_kg = t.number("mg_per_kg", 1, 12);
  limits.mg_per_kg_small = t.number("mg_per_kg_small", 1, 12);
  limits.small_below_kg = t.number("small_below_kg", 0, 100);
  limits.max_dose_mg = t.number("max_dose_mg", 1, 800);
  limits.min_interval_hours = t.number("min_interval_hours", 6, 72);
  limits.max_per_24h = t.integer("max_per_24h", 1, 3);
  limits.max_total = t.integer("max_total", 1, 4);
  const TomlTable icu = root.table("icu");
  icu.accept_only({"crs_grade", "icans_grade"});
  g.icu_crs_grade = icu.integer("crs_grade", 1, 5);
  g.icu_icans_grade = icu.integer("icans_grade", 1, 5);
  g.rows = read_guideline_rows(root, "row");
  if (!root.contains("row") || g.rows.empty()) root.fail("row", "expected at least one [[row]]");
  return doc.result(std::move(g));
}

std::string guideline_path(const std::string& data_dir, const std::string& name_or_path) {
  return data_file_path(data_dir, "guidelines", name_or_path);
}

std::vector<std::string> guideline_names(const std::string& data_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(data_dir) / "guidelines", ec)) {
    if (e.path().extension() == ".toml") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace cytostorm::io
