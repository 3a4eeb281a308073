// cytostorm practice: a terminal trainer over the case library (data/cases/*.toml,
// docs/practice.md). Each case asks for the ASTCT CRS and ICANS grades and the next actions, and
// every answer is checked against the engine's bedside review of the case's events.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"
#include "cytostorm/grading/advice.hpp"
#include "cytostorm/grading/answer_key.hpp"
#include "cytostorm/io/guideline_toml.hpp"
#include "cytostorm/io/input_file.hpp"
#include "cytostorm/io/practice_case.hpp"
#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::cli {

namespace {

using clinical::Action;

struct PracticeOptions {
  std::string cases_dir;
  std::vector<std::string> case_ids;
  std::vector<std::string> topics;
  std::string answers;
  std::uint64_t seed = 0;
  bool seeded = false;
  bool check = false;
};

constexpr int kMaxGrade = 5;
constexpr std::size_t kWidth = 100;

// A trainee's answers to one case; a question not answered is nothing.
struct Answer {
  std::optional<int> crs;
  std::optional<int> icans;
  std::optional<std::vector<Action>> actions;
};

// A case of the session with the engine's review of it.
struct Question {
  const io::PracticeCase* practice = nullptr;
  const clinical::Guideline* guideline = nullptr;
  grading::BedsideAdvice advice;
  grading::AnswerKey key;
};

// How one case was answered.
struct CaseScore {
  std::string id;
  std::optional<bool> crs;
  std::optional<bool> icans;
  std::optional<double> actions;  // share of the right action set, 0-1

  [[nodiscard]] double total() const {
    return (crs.value_or(false) ? 1.0 : 0.0) + (icans.value_or(false) ? 1.0 : 0.0) +
           actions.value_or(0.0);
  }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// `items` joined by `separator` and a space, wrapped at the page width: the first line starts
// with `first`, the next ones with `indent` spaces.
std::string wrapped(const std::vector<std::string>& items, std::string_view separator,
                    const std::string& first, std::size_t indent) {
  std::string out, line = first;
  std::size_t start = first.size();  // where the current line's items begin
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string item = items[i] + std::string(i + 1 < items.size() ? separator : "");
    if (line.size() > start && line.size() + 1 + item.size() > kWidth) {
      out += line + "\n";
      line = std::string(indent, ' ');
      start = indent;
    }
    line += (line.size() > start ? " " : "") + item;
  }
  return out + line;
}

// A list of names, comma-separated and wrapped, each line indented.
std::string name_list(const std::vector<std::string>& names, std::size_t indent) {
  return wrapped(names, ",", std::string(indent, ' '), indent);
}

// Prints `first` and then `text`, wrapped at the page width, the next lines indented by `indent`.
void say(const std::string& first, std::string_view text, std::size_t indent) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;) words.push_back(std::move(w));
  std::cout << wrapped(words, "", first, indent) << "\n";
}

// Text re-wrapped at the page width, each line indented; paragraphs (blank lines) are kept.
std::string reflow(std::string_view text, std::size_t indent) {
  std::string out, line;
  const auto flush = [&] {
    if (!line.empty()) out += std::string(indent, ' ') + line + "\n";
    line.clear();
  };
  std::istringstream in{std::string(text)};
  std::string raw;
  while (std::getline(in, raw)) {
    if (trim(raw).empty()) {
      flush();
      if (!out.empty() && out.substr(out.size() - 2) != "\n\n") out += "\n";
      continue;
    }
    std::istringstream words(raw);
    std::string word;
    while (words >> word) {
      if (!line.empty() && indent + line.size() + 1 + word.size() > kWidth) flush();
      line += (line.empty() ? "" : " ") + word;
    }
  }
  flush();
  return out;
}

std::vector<std::string> action_names() {
  std::vector<std::string> out;
  for (const auto& [action, name] : clinical::kActionNames) out.emplace_back(name);
  return out;
}

// The grade written in `text`, or what is wrong with it.
std::optional<std::string> parse_grade(std::string_view text, int& grade) {
  text = trim(text);
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
    return fmt::format("\"{}\" is not a grade: give a whole number from 0 to {}", text, kMaxGrade);
  }
  if (value < 0 || value > kMaxGrade) {
    return fmt::format("{} is out of range: grades run from 0 to {}", value, kMaxGrade);
  }
  grade = value;
  return std::nullopt;
}

// The action set written in `text` (comma-separated names, or "none"), or what is wrong.
std::optional<std::string> parse_actions(std::string_view text, std::vector<Action>& actions) {
  text = trim(text);
  if (text.empty()) return "no actions given: type the action names, or none when nothing is due";
  std::vector<Action> out;
  std::vector<std::string> unknown;
  bool none = false;
  std::size_t pieces = 0;
  while (true) {
    const auto comma = text.find(',');
    const std::string_view piece = trim(text.substr(0, comma));
    ++pieces;
    if (piece.empty()) return "an empty action name between commas";
    if (piece == "none") {
      none = true;
    } else if (auto a = clinical::parse_action(piece)) {
      out.push_back(*a);
    } else {
      unknown.push_back(fmt::format("\"{}\"", piece));
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (!unknown.empty()) {
    std::string list;
    for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
    return fmt::format("unknown action{} {} (the actions: {})", unknown.size() > 1 ? "s" : "", list,
                       name_list(action_names(), 0));
  }
  if (none && pieces > 1) return "\"none\" cannot be given together with actions";
  actions = grading::action_set(std::move(out));
  return std::nullopt;
}

// --- The answers file: `case_id: crs=N icans=N actions=a,b` ------------------------------------

std::map<std::string, Answer> read_answers(const std::string& path, const std::string& text,
                                           const std::set<std::string>& known,
                                           std::vector<record::InputError>& errors) {
  std::map<std::string, Answer> out;
  std::map<std::string, std::size_t> first_line;
  std::istringstream in(text);
  std::string raw;
  std::size_t line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const auto fail = [&](std::string column, std::string message) {
      errors.push_back({path, line_no, std::move(column), std::move(message)});
    };
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      fail("", "expected \"case_id: crs=N icans=N actions=a,b\"");
      continue;
    }
    const std::string id(trim(line.substr(0, colon)));
    const std::string column = fmt::format("case \"{}\"", id);
    if (known.count(id) == 0) {
      fail(column, "unknown case (the ids are the file names of the case library)");
      continue;
    }
    if (auto [it, fresh] = first_line.emplace(id, line_no); !fresh) {
      fail(column, fmt::format("answered again (first on line {})", it->second));
      continue;
    }
    Answer answer;
    std::istringstream fields{std::string(line.substr(colon + 1))};
    std::string field;
    while (fields >> field) {
      const auto eq = field.find('=');
      const std::string key = field.substr(0, eq);
      const std::string key_column = fmt::format("key \"{}\"", key);
      if (eq == std::string::npos || (key != "crs" && key != "icans" && key != "actions")) {
        fail(key_column, "unknown key (accepted: crs=N, icans=N, actions=a,b)");
        continue;
      }
      const std::string value = field.substr(eq + 1);
      if (key == "actions") {
        std::vector<Action> actions;
        if (auto problem = parse_actions(value.empty() ? "none" : value, actions)) {
          fail(key_column, *problem);
        } else {
          answer.actions = std::move(actions);
        }
        continue;
      }
      int grade = 0;
      if (auto problem = parse_grade(value, grade)) {
        fail(key_column, *problem);
      } else {
        (key == "crs" ? answer.crs : answer.icans) = grade;
      }
    }
    out.emplace(id, std::move(answer));
  }
  return out;
}

// --- Showing a case ------------------------------------------------------------------------------

std::string event_text(const record::Event& e) {
  using record::EventKind;
  const std::string item(e.item), unit(e.unit);
  const std::string value = e.value ? fmt::format("{:g}", *e.value) : std::string(e.text);
  const std::string amount = value.empty() ? "" : " " + value + (unit.empty() ? "" : " " + unit);
  std::string out;
  switch (e.kind) {
    case EventKind::vital:
    case EventKind::lab:
    case EventKind::vasopressor:
    case EventKind::medication:
      out = item + amount;
      break;
    case EventKind::ice:
      out = "ICE " + item + amount;
      break;
    case EventKind::capd:
      // The answer as the form words it ("often"); the total as a number.
      out = "CAPD " + item + " " +
            (e.item == "total" || !e.value
                 ? value
                 : std::string(record::name(
                       static_cast<record::CapdFrequency>(static_cast<int>(*e.value)))));
      break;
    case EventKind::fio2:
      out = "FiO2" + amount;
      break;
    case EventKind::fluid_bolus:
      out = "fluid bolus" + amount;
      break;
    case EventKind::sign:
      out = item + (e.value == 1.0 ? " present" : " resolved");
      break;
    case EventKind::organ_toxicity:
      out = item + " CTCAE grade" + amount;
      break;
    default:
      out = std::string(record::name(e.kind)) + " " + item + amount;
      break;
  }
  return e.note.empty() ? out : out + " (" + std::string(e.note) + ")";
}

void show_case(const Question& q, std::size_t number, std::size_t count) {
  const io::PracticeCase& c = *q.practice;
  std::cout << fmt::format("\n== Case {} of {}: {} ==\n", number, count, c.title);
  std::string topics;
  for (const auto& t : c.topics) topics += (topics.empty() ? "" : ", ") + t;
  std::cout << fmt::format("{} | {} | topics: {} | guideline: {}\n\n", c.id, io::name(c.difficulty),
                           topics, q.guideline->title);
  std::cout << reflow(c.vignette, 0) << "\n";
  const record::PatientRecord& p = c.patient;
  std::vector<std::string> facts;
  if (p.age_years) facts.push_back(fmt::format("{:g} years", *p.age_years));
  if (p.weight_kg) facts.push_back(fmt::format("{:g} kg", *p.weight_kg));
  if (!p.sex.empty()) facts.push_back(p.sex);
  if (p.developmental_delay) facts.emplace_back("developmental delay");
  if (!p.product.empty()) facts.push_back(p.product);
  std::string patient;
  for (const auto& f : facts) patient += (patient.empty() ? "" : ", ") + f;
  std::cout << "Patient: " << patient << "\n";
  std::cout << "Events up to the question (hours since infusion, day):\n";
  // One line per time (wrapped), the events of that time side by side.
  std::optional<double> shown;
  std::string prefix;
  std::vector<std::string> items;
  const auto flush = [&] {
    if (!items.empty()) std::cout << wrapped(items, ";", prefix, prefix.size()) << "\n";
    items.clear();
  };
  for (const auto& e : p.events) {
    if (e.kind == record::EventKind::patient) continue;
    if (!shown || *shown != e.hours) {
      flush();
      shown = e.hours;
      prefix = fmt::format("  {:>7g} h  d{:<3} ", e.hours, e.day);
    }
    items.push_back(event_text(e));
  }
  flush();
  std::cout << fmt::format("\nThe question is at {:g} hours after the infusion (day {}).\n",
                           c.at_hours, q.advice.day);
}

// --- Asking --------------------------------------------------------------------------------------

// The prompts of the three questions.
std::string crs_prompt() {
  return fmt::format("CRS grade now (ASTCT 2019, 0-{})?", kMaxGrade);
}
std::string icans_prompt() {
  return fmt::format("ICANS grade now (ASTCT 2019, 0-{})?", kMaxGrade);
}
std::string actions_prompt(const clinical::Guideline& g) {
  return fmt::format("Next actions now under {} (comma-separated, or none)?", g.title);
}

void show_action_list() {
  std::cout << "The actions:\n" << name_list(action_names(), 2) << "\n";
}

// Asks `prompt` until `parse` accepts the line; nothing when standard input ends.
template <typename T, typename Parse>
std::optional<T> ask(const std::string& prompt, Parse parse) {
  while (true) {
    std::cout << prompt << " " << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) {
      std::cout << "\n";
      return std::nullopt;
    }
    T value{};
    if (auto problem = parse(line, value)) {
      std::cout << "  " << *problem << "; try again.\n";
      continue;
    }
    return value;
  }
}

// The trainee's answers at the terminal; nothing when standard input ended.
std::optional<Answer> ask_terminal(const Question& q) {
  Answer a;
  if (!(a.crs = ask<int>(crs_prompt(), parse_grade))) return std::nullopt;
  if (!(a.icans = ask<int>(icans_prompt(), parse_grade))) return std::nullopt;
  show_action_list();
  if (!(a.actions = ask<std::vector<Action>>(actions_prompt(*q.guideline), parse_actions))) {
    return std::nullopt;
  }
  return a;
}

// The answers of the file, echoed as if typed.
void echo_answers(const Question& q, const Answer* a) {
  const auto grade = [](const std::optional<int>& g) {
    return g ? std::to_string(*g) : std::string("(not answered)");
  };
  if (!a) std::cout << "(no answer for this case in the answers file)\n";
  std::cout << crs_prompt() << " " << grade(a ? a->crs : std::nullopt) << "\n";
  std::cout << icans_prompt() << " " << grade(a ? a->icans : std::nullopt) << "\n";
  std::cout << actions_prompt(*q.guideline) << " "
            << (a && a->actions ? grading::action_list(*a->actions) : "(not answered)") << "\n";
}

// --- Explaining ----------------------------------------------------------------------------------

void explain_grade(const char* syndrome, const std::optional<int>& answered,
                   const clinical::GradeResult& r, std::optional<bool>& right) {
  const std::string engine =
      r.grade ? std::to_string(*r.grade)
              : fmt::format("not derivable (at least {}, up to {})", r.at_least, r.could_reach);
  if (answered) right = r.grade && *answered == *r.grade;
  std::cout << fmt::format("{} grade (ASTCT 2019): you said {}; the engine says {}. {}\n", syndrome,
                           answered ? std::to_string(*answered) : "nothing", engine,
                           !answered ? "Not answered." : (*right ? "Right." : "Wrong."));
  if (r.drivers.empty()) std::cout << "  no finding raises the grade\n";
  for (const auto& d : r.drivers) say("  - ", fmt::format("{} (grade {})", d.text, d.grade), 4);
  for (const auto& m : r.missing) say("  missing: ", m, 4);
  for (const auto& n : r.notes) say("  note: ", n, 4);
  say("  rule: ", r.rule(), 4);
}

double action_score(const std::vector<Action>& answered, const std::vector<Action>& right) {
  std::set<Action> both, either(answered.begin(), answered.end());
  either.insert(right.begin(), right.end());
  for (Action a : answered) {
    if (std::find(right.begin(), right.end(), a) != right.end()) both.insert(a);
  }
  return either.empty() ? 1.0
                        : static_cast<double>(both.size()) / static_cast<double>(either.size());
}

std::vector<Action> minus(const std::vector<Action>& a, const std::vector<Action>& b) {
  std::vector<Action> out;
  for (Action x : a) {
    if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
  }
  return out;
}

void explain_actions(const Question& q, const std::optional<std::vector<Action>>& answered,
                     std::optional<double>& score) {
  const clinical::GuidanceResult& g = q.advice.guidance;
  std::cout << fmt::format("Next actions: you said {}.\n",
                           answered ? grading::action_list(*answered) : "nothing");
  std::cout << fmt::format("  {} suggests now ({}):\n", q.guideline->title, g.disclaimer);
  bool any = false, any_withheld = false;
  for (const auto& s : g.suggestions) {
    if (s.withheld) {
      any_withheld = true;
      continue;
    }
    any = true;
    say(fmt::format("  - {} [{}]: ", clinical::name(s.action), s.row), s.text, 4);
    for (const auto& n : s.notes) say("      note: ", n, 6);
  }
  if (g.icu) say(fmt::format("  - {}: ", clinical::name(Action::icu)), g.icu_reason, 4);
  if (!any && !g.icu) std::cout << "  - nothing: no row of the guideline applies now\n";
  if (any_withheld) {
    std::cout << "  Withheld:\n";
    for (const auto& s : g.suggestions) {
      if (!s.withheld) continue;
      say(fmt::format("  - {} [{}]: ", clinical::name(s.action), s.row), s.withheld_reason, 4);
    }
  }
  if (!answered) return;
  const auto& right = q.key.actions;
  const auto hit = minus(*answered, minus(*answered, right));
  const auto missed = minus(right, *answered);
  const auto extra = minus(*answered, right);
  std::string verdict = fmt::format("Right: {}.", hit.empty() ? "none" : grading::action_list(hit));
  if (!missed.empty()) verdict += " Missed: " + grading::action_list(missed) + ".";
  for (Action a : extra) {
    const bool withheld =
        std::find(q.key.withheld.begin(), q.key.withheld.end(), a) != q.key.withheld.end();
    verdict += fmt::format(" {}: {}.", clinical::name(a),
                           withheld ? "withheld now (see above)" : "not suggested now");
  }
  score = action_score(*answered, right);
  say("  ", verdict + fmt::format(" Score {:.2f} of 1.", *score), 4);
}

void explain_flags(const Question& q) {
  if (q.advice.flags.empty()) return;
  std::cout << "Differential flags:\n";
  for (const auto& f : q.advice.flags) {
    say(fmt::format("  - {}: ", f.key),
        f.title + (f.grade ? fmt::format(" (grade {})", *f.grade) : ""), 4);
    for (const auto& e : f.evidence) say("      ", e, 6);
    for (const auto& n : f.notes) say("      note: ", n, 8);
  }
}

CaseScore explain(const Question& q, const Answer* a) {
  CaseScore s;
  s.id = q.practice->id;
  std::cout << "\n-- The engine's answers --\n";
  explain_grade("CRS", a ? a->crs : std::nullopt, q.advice.crs, s.crs);
  explain_grade("ICANS", a ? a->icans : std::nullopt, q.advice.icans, s.icans);
  explain_actions(q, a ? a->actions : std::nullopt, s.actions);
  explain_flags(q);
  std::cout << "Teaching point:\n" << reflow(q.practice->explanation, 2);
  std::cout << fmt::format("Score for this case: {:.2f} of 3\n", s.total());
  return s;
}

void show_scores(const std::vector<CaseScore>& scores) {
  std::size_t width = 4;
  for (const auto& s : scores) width = std::max(width, s.id.size());
  std::cout << fmt::format("\n== Session score ==\n{:<{}}  {:>5}  {:>5}  {:>7}  {:>5}\n", "case",
                           width, "CRS", "ICANS", "actions", "total");
  const auto mark = [](const std::optional<bool>& b) {
    return !b ? std::string("-") : (*b ? std::string("right") : std::string("wrong"));
  };
  int crs = 0, icans = 0, exact = 0;
  double actions = 0.0, total = 0.0;
  for (const auto& s : scores) {
    std::cout << fmt::format(
        "{:<{}}  {:>5}  {:>5}  {:>7}  {:>5.2f}\n", s.id, width, mark(s.crs), mark(s.icans),
        s.actions ? fmt::format("{:.2f}", *s.actions) : std::string("-"), s.total());
    crs += s.crs.value_or(false) ? 1 : 0;
    icans += s.icans.value_or(false) ? 1 : 0;
    exact += s.actions.value_or(0.0) == 1.0 ? 1 : 0;
    actions += s.actions.value_or(0.0);
    total += s.total();
  }
  const std::size_t n = scores.size();
  std::cout << fmt::format("CRS grade:    {} of {} right\n", crs, n);
  std::cout << fmt::format("ICANS grade:  {} of {} right\n", icans, n);
  std::cout << fmt::format("Next actions: {:.2f} of {} ({} exactly right)\n", actions, n, exact);
  std::cout << fmt::format("Total:        {:.2f} of {} ({:.1f}%)\n", total, 3 * n,
                           n == 0 ? 0.0 : 100.0 * total / (3.0 * static_cast<double>(n)));
}

// --- The session ---------------------------------------------------------------------------------

// The cases asked for, in file-name order; an unknown id or topic is an error.
bool select_cases(const std::vector<io::PracticeCase>& all, const PracticeOptions& o,
                  const std::string& dir, std::vector<const io::PracticeCase*>& out) {
  std::vector<std::string> ids;
  std::set<std::string> topics;
  for (const auto& c : all) {
    ids.push_back(c.id);
    topics.insert(c.topics.begin(), c.topics.end());
  }
  for (const auto& id : o.case_ids) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      std::cerr << fmt::format(
          "cytostorm practice: --case: unknown case \"{}\" (the cases in {}:\n{})\n", id, dir,
          name_list(ids, 2));
      return false;
    }
  }
  for (const auto& t : o.topics) {
    if (topics.count(t) == 0) {
      std::cerr << fmt::format(
          "cytostorm practice: --topic: no case has the topic \"{}\" (the topics:\n{})\n", t,
          name_list({topics.begin(), topics.end()}, 2));
      return false;
    }
  }
  for (const auto& c : all) {
    const bool by_id = o.case_ids.empty() ||
                       std::find(o.case_ids.begin(), o.case_ids.end(), c.id) != o.case_ids.end();
    const bool by_topic =
        o.topics.empty() || std::any_of(c.topics.begin(), c.topics.end(), [&](const auto& t) {
          return std::find(o.topics.begin(), o.topics.end(), t) != o.topics.end();
        });
    if (by_id && by_topic) out.push_back(&c);
  }
  if (out.empty()) {
    std::cerr << "cytostorm practice: no case has both the ids and the topics asked for\n";
    return false;
  }
  return true;
}

// The same seed gives the same order on every platform (std::shuffle's order is the library's).
template <typename T>
void shuffle(std::vector<T>& items, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (std::size_t i = items.size(); i > 1; --i) {
    std::swap(items[i - 1], items[static_cast<std::size_t>(rng() % i)]);
  }
}

int check_cases(const std::vector<Question>& questions) {
  std::size_t disagree = 0;
  for (const auto& q : questions) {
    const auto diffs = grading::disagreements(q.practice->expected, q.key);
    if (diffs.empty()) {
      std::cout << q.practice->id << ": agrees with the engine\n";
      continue;
    }
    ++disagree;
    std::cout << q.practice->file << ": disagrees with the engine:\n";
    for (const auto& d : diffs) std::cout << "  " << d << "\n";
  }
  std::cout << fmt::format("{} cases: {} agree, {} disagree\n", questions.size(),
                           questions.size() - disagree, disagree);
  return disagree == 0 ? kExitOk : kExitBadInput;
}

int run_practice(const PracticeOptions& o) {
  const std::string data = data_dir();
  const std::string dir = o.cases_dir.empty() ? data + "/cases" : o.cases_dir;
  const std::vector<std::string> names = io::guideline_names(data);
  auto cases = io::read_practice_cases(dir, names);
  if (!cases) {
    std::cerr << cases.error().to_string() << "\n";
    return kExitBadInput;
  }
  std::vector<const io::PracticeCase*> selected;
  if (!select_cases(cases.value(), o, dir, selected)) return kExitBadInput;
  if (o.seeded) shuffle(selected, o.seed);

  std::map<std::string, clinical::Guideline> guidelines;
  std::vector<Question> questions;
  for (const auto* c : selected) {
    auto it = guidelines.find(c->guideline);
    if (it == guidelines.end()) {
      auto g = io::load_guideline(io::guideline_path(data, c->guideline));
      if (!g) {
        std::cerr << g.error().to_string() << "\n";
        return kExitBadInput;
      }
      it = guidelines.emplace(c->guideline, std::move(g).value()).first;
    }
    Question q{c, &it->second, grading::advise(c->patient, c->at_hours, it->second), {}};
    q.key = grading::answer_key(q.advice);
    questions.push_back(std::move(q));
  }
  if (o.check) return check_cases(questions);
  for (const auto& q : questions) {
    if (!grading::disagreements(q.practice->expected, q.key).empty()) {
      std::cerr << fmt::format(
          "cytostorm practice: note: {} states answers the engine does not give (run --check); "
          "the engine's answers are used\n",
          q.practice->file);
    }
  }

  std::map<std::string, Answer> from_file;
  if (!o.answers.empty()) {
    const auto text = io::read_input(o.answers);
    if (!text) {
      std::cerr << text.error().to_string() << "\n";
      return kExitBadInput;
    }
    std::set<std::string> known;
    for (const auto& c : cases.value()) known.insert(c.id);
    std::vector<record::InputError> errors;
    from_file = read_answers(o.answers, text.value(), known, errors);
    for (const auto& e : errors) std::cerr << e.to_string() << "\n";
    if (!errors.empty()) return kExitBadInput;
  }

  std::cout << fmt::format(
      "cytostorm practice: {} case{}. For each, give the ASTCT 2019 CRS and ICANS grades and the "
      "next actions; the engine checks every answer. Decision support, not a prescription.\n",
      questions.size(), questions.size() == 1 ? "" : "s");
  std::vector<CaseScore> scores;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    show_case(q, i + 1, questions.size());
    std::cout << "\n";
    if (o.answers.empty()) {
      const auto answer = ask_terminal(q);
      if (!answer) {
        std::cerr << "cytostorm practice: standard input ended before the session was complete\n";
        show_scores(scores);
        return kExitBadInput;
      }
      scores.push_back(explain(q, &*answer));
    } else {
      auto it = from_file.find(q.practice->id);
      const Answer* answer = it == from_file.end() ? nullptr : &it->second;
      echo_answers(q, answer);
      scores.push_back(explain(q, answer));
    }
  }
  show_scores(scores);
  return kExitOk;
}

}  // namespace

Command add_practice(CLI::App& parent) {
  auto o = std::make_shared<PracticeOptions>();
  CLI::App* app = parent.add_subcommand(
      "practice",
      "A trainer over the case library (data/cases/, docs/practice.md): read a case, give the "
      "ASTCT 2019 CRS and ICANS grades and the next actions, and compare every answer with the "
      "engine's bedside review, its drivers, guideline rows, withheld doses and flags.");
  app->add_option("--cases", o->cases_dir, "The case library (default: the built-in data/cases)");
  app->add_option("--case", o->case_ids, "Only this case (repeat for more), by id (file name)");
  app->add_option("--topic", o->topics, "Only cases with this topic (repeat: any of them)");
  app->add_option("--answers", o->answers,
                  "Answers from FILE instead of the terminal: lines 'case_id: crs=N icans=N "
                  "actions=a,b' ('-' for standard input)");
  CLI::Option* seed = app->add_option("--seed", o->seed, "Shuffle the cases with this seed");
  app->add_flag("--check", o->check,
                "Ask nothing: compare every selected case's expected answers with the engine");
  app->footer(
      "Exit codes: 0 the session completed (with --check: every case agrees with the engine); 2 "
      "bad input (a malformed case, an unknown case or topic, an answers-file error, input ending "
      "early, or with --check a case that disagrees).");
  return {app, [o, seed] {
            o->seeded = seed->count() > 0;
            return run_practice(*o);
          }};
}

}  // namespace cytostorm::cli
