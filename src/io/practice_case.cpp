#include "cytostorm/io/practice_case.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "cytostorm/io/event_table.hpp"
#include "cytostorm/io/toml_reader.hpp"

namespace cytostorm::io {

namespace {

constexpr std::pair<Difficulty, std::string_view> kDifficultyNames[] = {
    {Difficulty::basic, "basic"},
    {Difficulty::intermediate, "intermediate"},
    {Difficulty::advanced, "advanced"}};

constexpr double kLatestHours = 24.0 * 365.0;  // a question within a year of the infusion

// A tag or id: lower case letters, digits and '-', starting with a letter or digit.
bool is_tag(std::string_view s) {
  if (s.empty() || s.front() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// A flag key: lower case letters, digits and '_'.
bool is_flag_key(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// A text that must say something.
std::string prose(const TomlTable& t, std::string_view key) {
  std::string out = t.text(key);
  if (t.contains(key) && out.find_first_not_of(" \t\r\n") == std::string::npos) {
    t.fail(key, "is empty");
  }
  return out;
}

// The actions named by the list at `key` (absent: none when `required` is false), each once.
std::vector<clinical::Action> actions(const TomlTable& t, std::string_view key, bool required) {
  if (!required && !t.contains(key)) return {};
  std::vector<clinical::Action> out;
  for (const auto& name : t.texts(key)) {
    const auto action = clinical::parse_action(name);
    if (!action) {
      std::string list;
      for (const auto& [a, n] : clinical::kActionNames)
        list += (list.empty() ? "" : ", ") + std::string(n);
      t.fail(key, fmt::format("unknown action \"{}\" (accepted: {})", name, list));
      return {};
    }
    if (std::find(out.begin(), out.end(), *action) != out.end()) {
      t.fail(key, fmt::format("action \"{}\" is listed twice", name));
      return {};
    }
    out.push_back(*action);
  }
  return grading::action_set(std::move(out));
}

// The 1-based line of `text` at which the string value that starts on `value_line` begins: TOML
// drops a newline right after an opening """ or '''.
std::size_t first_content_line(const std::string& text, std::size_t value_line) {
  std::size_t begin = 0;
  for (std::size_t line = 1; line < value_line && begin != std::string::npos; ++line) {
    begin = text.find('\n', begin);
    if (begin != std::string::npos) ++begin;
  }
  if (begin == std::string::npos) return value_line;
  const std::size_t end = text.find('\n', begin);
  const std::string_view line =
      std::string_view(text).substr(begin, end == std::string::npos ? text.npos : end - begin);
  for (std::string_view quotes : {"\"\"\"", "'''"}) {
    const auto at = line.find(quotes);
    if (at == std::string_view::npos) continue;
    const auto rest = line.substr(at + quotes.size());
    return rest.find_first_not_of(" \t\r") == std::string_view::npos ? value_line + 1 : value_line;
  }
  return value_line;
}

// Reads the embedded event table: exactly one patient, no event after the question.
record::Result<record::PatientRecord> read_events(const std::string& path, const std::string& table,
                                                  std::size_t first_line, double at_hours) {
  std::vector<record::PatientRecord> patients;
  auto stats = read_event_table_text(table, path, {},
                                     [&](record::PatientRecord&& p) { patients.push_back(p); });
  const std::size_t offset = first_line - 1;  // table line 1 is file line first_line
  if (!stats) {
    record::InputError e = stats.error();
    if (e.line > 0) e.line += offset;
    e.column = e.column.empty() ? "key \"events\"" : fmt::format("key \"events\": {}", e.column);
    return e;
  }
  const auto fail = [&](std::size_t line, std::string message) {
    return record::InputError{path, line, "key \"events\"", std::move(message)};
  };
  if (patients.size() != 1) {
    return fail(first_line, fmt::format("the event table must hold exactly one patient, not {}",
                                        patients.size()));
  }
  record::PatientRecord patient = std::move(patients.front());
  for (auto& e : patient.events) {
    if (e.line > 0) e.line += offset;
    if (e.kind != record::EventKind::patient && e.hours > at_hours) {
      return fail(e.line, fmt::format("an event at {:g} h comes after the question (at_hours = "
                                      "{:g}): the trainee cannot know it yet",
                                      e.hours, at_hours));
    }
  }
  patient.source = path;
  return patient;
}

}  // namespace

std::string_view name(Difficulty difficulty) {
  for (const auto& [d, n] : kDifficultyNames) {
    if (d == difficulty) return n;
  }
  return "?";
}

record::Result<PracticeCase> read_practice_case(const std::string& path,
                                                std::span<const std::string> guidelines) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || !in) {
    return record::InputError{path, 0, "", "cannot open the case file"};
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto parsed = TomlDocument::parse_text(text, path);
  if (!parsed) return parsed.error();
  const TomlDocument& doc = parsed.value();
  const TomlTable root = doc.root();

  PracticeCase c;
  c.file = path;
  c.id = std::filesystem::path(path).stem().string();
  if (!is_tag(c.id)) {
    return record::InputError{path, 0, "",
                              fmt::format("the case id \"{}\" (the file name) may hold only lower "
                                          "case letters, digits and '-'",
                                          c.id)};
  }
  root.accept_only({"title", "topics", "difficulty", "guideline", "at_hours", "vignette", "events",
                    "explanation", "expected"});
  c.title = prose(root, "title");
  c.topics = root.texts("topics");
  if (root.contains("topics") && c.topics.empty() && !doc.error()) {
    root.fail("topics", "give at least one topic");
  }
  for (const auto& t : c.topics) {
    if (!is_tag(t)) {
      root.fail("topics", fmt::format("topic \"{}\": use lower case letters, digits and '-'", t));
    } else if (std::count(c.topics.begin(), c.topics.end(), t) > 1) {
      root.fail("topics", fmt::format("topic \"{}\" is listed twice", t));
    }
  }
  c.difficulty = root.choice("difficulty", kDifficultyNames);
  if (root.contains("guideline")) {
    const std::vector<std::string_view> names(guidelines.begin(), guidelines.end());
    const std::size_t i = root.one_of("guideline", names);
    if (i < names.size()) c.guideline = names[i];
  }
  c.at_hours = root.number("at_hours", 0.0, kLatestHours);
  c.vignette = prose(root, "vignette");
  const std::string events = prose(root, "events");
  const std::size_t events_line = root.line("events");
  c.explanation = prose(root, "explanation");
  const TomlTable expected = root.table("expected");
  expected.accept_only({"crs", "icans", "actions", "withheld", "flags"});
  c.expected.crs = expected.integer("crs", 0, 5);
  c.expected.icans = expected.integer("icans", 0, 5);
  c.expected.actions = actions(expected, "actions", true);
  c.expected.withheld = actions(expected, "withheld", false);
  if (expected.contains("flags")) {
    std::set<std::string> flags;
    for (const auto& f : expected.texts("flags")) {
      if (!is_flag_key(f)) {
        expected.fail("flags", fmt::format("flag key \"{}\": use lower case letters, digits and "
                                           "'_' (tls_laboratory)",
                                           f));
      } else if (!flags.insert(f).second) {
        expected.fail("flags", fmt::format("flag key \"{}\" is listed twice", f));
      }
    }
    c.expected.flags.assign(flags.begin(), flags.end());
  }
  for (clinical::Action a : c.expected.withheld) {
    if (std::find(c.expected.actions.begin(), c.expected.actions.end(), a) !=
        c.expected.actions.end()) {
      expected.fail("withheld", fmt::format("\"{}\" is both suggested (actions) and withheld",
                                            clinical::name(a)));
    }
  }
  if (auto e = doc.error()) return *e;

  auto patient = read_events(path, events, first_content_line(text, events_line), c.at_hours);
  if (!patient) return patient.error();
  c.patient = std::move(patient).value();
  return c;
}

record::Result<std::vector<PracticeCase>> read_practice_cases(
    const std::string& dir, std::span<const std::string> guidelines) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return record::InputError{dir, 0, "", "not a folder of practice cases"};
  }
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path().string());
  }
  if (ec) return record::InputError{dir, 0, "", "cannot list the folder: " + ec.message()};
  if (files.empty()) return record::InputError{dir, 0, "", "no case files (*.toml) in the folder"};
  std::sort(files.begin(), files.end());
  std::vector<PracticeCase> out;
  for (const auto& f : files) {
    auto c = read_practice_case(f, guidelines);
    if (!c) return c.error();
    out.push_back(std::move(c).value());
  }
  return out;
}

}  // namespace cytostorm::io
