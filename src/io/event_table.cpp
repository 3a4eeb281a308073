#include "cytostorm/io/event_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "cytostorm/io/csv_records.hpp"
#include "cytostorm/record/event_maker.hpp"
#include "cytostorm/record/event_time.hpp"
#include "cytostorm/record/patient_builder.hpp"

namespace cytostorm::io {

using record::InputError;

namespace {

constexpr std::array<const char*, 7> kColumns{"patient_id", "time", "kind", "item",
                                              "value",      "unit", "note"};

// What is wrong with the text of a field: a NUL byte or bytes that are not UTF-8 (the outputs are
// UTF-8 JSON and CSV); empty when it is fine.
std::string text_problem(std::string_view field) {
  std::size_t i = 0;
  while (i < field.size()) {
    const auto c = static_cast<unsigned char>(field[i]);
    if (c == 0) {
      return fmt::format("a NUL byte at character {} (a binary or UTF-16 file?)", i + 1);
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    // The length of the sequence and the smallest and largest second byte (no overlong forms,
    // no surrogates, nothing above U+10FFFF).
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    bool ok = n > 0 && i + n <= field.size();
    for (std::size_t k = 1; ok && k < n; ++k) {
      const auto b = static_cast<unsigned char>(field[i + k]);
      ok = k == 1 ? b >= lo && b <= hi : b >= 0x80 && b <= 0xBF;
    }
    if (!ok) {
      return fmt::format(
          "byte {} is not UTF-8 text (save the file as UTF-8, e.g. iconv -f latin1 -t utf-8)",
          i + 1);
    }
    i += n;
  }
  return {};
}

// Checks the header line of `csv`.
std::optional<InputError> check_header(CsvRecords& csv) {
  std::vector<std::string_view> f;
  std::size_t line = 0;
  std::string error;
  if (!csv.next(f, line, error)) {
    return InputError{csv.name(), 1, "", "the file is empty: expected the header"};
  }
  if (!f.empty() && f[0].starts_with("\xEF\xBB\xBF")) f[0].remove_prefix(3);  // UTF-8 BOM
  if (!f.empty() && (f[0].starts_with("\xFF\xFE") || f[0].starts_with("\xFE\xFF"))) {
    return InputError{csv.name(), 1, "", "the file is UTF-16 text; save it as UTF-8 (CSV UTF-8)"};
  }
  if (f.size() != kColumns.size() || !std::equal(f.begin(), f.end(), kColumns.begin())) {
    return InputError{csv.name(), 1, "header",
                      fmt::format("expected the header \"{}\"", kEventTableHeader)};
  }
  return std::nullopt;
}

// The bytes at `p` as a number of type T.
template <typename T>
T load(const char* p) {
  T w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// Whether two short texts are the same (a patient id, a time; every row asks twice): the sizes
// first, then the first and the last word of the bytes (they overlap when fewer than two words),
// memcmp beyond 16 bytes.
bool same_text(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char *x = a.data(), *y = b.data();
  if (n > 16) return std::memcmp(x, y, n) == 0;
  if (n >= 8) {
    return load<std::uint64_t>(x) == load<std::uint64_t>(y) &&
           load<std::uint64_t>(x + n - 8) == load<std::uint64_t>(y + n - 8);
  }
  if (n >= 4) {
    return load<std::uint32_t>(x) == load<std::uint32_t>(y) &&
           load<std::uint32_t>(x + n - 4) == load<std::uint32_t>(y + n - 4);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

// Rows already split into fields (the server's), yielded like CsvRecords yields records.
class RowList {
 public:
  RowList(const std::vector<EventRow>& rows, std::string name)
      : rows_(rows), name_(std::move(name)) {}

  bool next(std::vector<std::string_view>& fields, std::size_t& line, std::string& error) {
    error.clear();
    if (next_ >= rows_.size()) return false;
    const EventRow& r = rows_[next_++];
    fields = {r.patient_id, r.time, r.kind, r.item, r.value, r.unit, r.note};
    line = r.line;
    return true;
  }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] bool overlong() const { return false; }  // rows are split already
  [[nodiscard]] bool ascii() const { return false; }     // each field is checked

 private:
  const std::vector<EventRow>& rows_;
  std::string name_;
  std::size_t next_ = 0;
};

// Reads every record of `rows` (after the header) into patients; returns false when a second
// pass is needed (ungrouped input while streaming).
template <typename Rows>
class TableReader {
 public:
  TableReader(Rows& rows, const EventTableOptions& options, const PatientSink& sink)
      : csv_(rows), options_(options), sink_(sink) {}

  // One pass. `grouped`: stream, and report false if the input turns out not to be grouped.
  record::Result<bool> pass(bool grouped) {
    std::vector<std::string_view> f;
    std::size_t line = 0;
    std::string error, time_error;
    while (csv_.next(f, line, error)) {
      ++stats_.rows;
      if (csv_.overlong()) return fail(line, "", error);
      if (!error.empty()) {
        if (auto r = bad_row(line, "", error); !r.ok()) return r;
        continue;
      }
      if (f.size() == 1 && f[0].empty()) {  // blank line
        --stats_.rows;
        continue;
      }
      if (f.size() != kColumns.size()) {
        if (auto r = bad_row(line, "", fmt::format("expected 7 fields, found {}", f.size()));
            !r.ok()) {
          return r;
        }
        continue;
      }
      if (!csv_.ascii()) {
        std::size_t column = 0;
        std::string not_text;
        while (column < f.size() && (not_text = text_problem(f[column])).empty()) ++column;
        if (!not_text.empty()) {
          if (auto r = bad_row(line, kColumns[column], not_text); !r.ok()) return r;
          continue;
        }
      }
      if (f[0].empty()) {
        if (auto r = bad_row(line, "patient_id", "patient_id is empty"); !r.ok()) return r;
        continue;
      }
      // A row of the patient being read is checked in place, in its builder (no copy); any other
      // row (a patient's first, or any row when the input is not streamed) in `scratch_`.
      record::PatientBuilder* const same =
          grouped && current_ && same_text(current_->patient_id(), f[0]) ? &*current_ : nullptr;
      record::Event& event = same ? same->next_event() : scratch_;
      event.line = line;
      if (auto problem = maker_.make(f[2], f[3], f[4], f[5], f[6], event)) {
        if (auto r = bad_row(line, problem->column, problem->message); !r.ok()) return r;
        continue;
      }
      const std::optional<record::TimePoint>* time = &no_time_;  // none for patient rows
      if (event.kind == record::EventKind::patient) {
        if (!f[1].empty()) {
          if (auto r = bad_row(line, "time", "patient rows take no time"); !r.ok()) return r;
          continue;
        }
      } else {
        time = &time_of(f[1], time_error);
        if (!*time) {
          if (auto r = bad_row(line, "time", time_error); !r.ok()) return r;
          continue;
        }
        if (!style_) style_ = (*time)->absolute;
        if (*style_ != (*time)->absolute) {
          if (auto r = bad_row(line, "time",
                               "a file uses one time style throughout (ISO 8601 or hours since "
                               "infusion)");
              !r.ok()) {
            return r;
          }
          continue;
        }
      }
      if (same) {
        same->keep(*time);
      } else if (grouped) {
        if (done_.count(std::string(f[0])) > 0) return false;  // not grouped
        if (auto r = flush(); !r.ok()) return r;
        current_.emplace(std::string(f[0]), csv_.name());
        // Patients tend to be alike: room for a little more than the previous one's rows.
        current_->reserve(previous_rows_ + previous_rows_ / 4);
        current_->add(std::move(scratch_), *time);
      } else {
        builder(f[0]).add(std::move(scratch_), *time);
      }
    }
    if (grouped) {
      if (auto r = flush(); !r.ok()) return r;
    } else {
      for (auto& b : all_) {
        if (auto r = finish(std::move(b)); !r.ok()) return r;
      }
    }
    return true;
  }

  EventTableStats stats_;

 private:
  record::Result<bool> fail(std::size_t line, std::string column, std::string message) const {
    return InputError{csv_.name(), line, std::move(column), std::move(message)};
  }

  record::Result<bool> bad_row(std::size_t line, std::string column, std::string message) {
    if (!options_.skip_bad_rows) return fail(line, std::move(column), std::move(message));
    stats_.skipped.push_back({csv_.name(), line, std::move(column), std::move(message)});
    return true;
  }

  // parse_time with a memory of the last time read: the rows of one assessment share it. Empty
  // when `text` is no time (`error` says why); valid until the next call.
  const std::optional<record::TimePoint>& time_of(std::string_view text, std::string& error) {
    if (last_time_ && same_text(text, last_time_text_)) return last_time_;
    auto time = record::parse_time(text, error);
    if (!time) return no_time_;
    last_time_text_.assign(text);
    last_time_ = time;
    return last_time_;
  }

  record::PatientBuilder& builder(std::string_view id) {
    auto it = index_.find(std::string(id));
    if (it != index_.end()) return all_[it->second];
    index_.emplace(std::string(id), all_.size());
    all_.emplace_back(std::string(id), csv_.name());
    return all_.back();
  }

  record::Result<bool> finish(record::PatientBuilder&& b) {
    auto r = std::move(b).finish();
    if (!r.ok()) {
      if (!options_.skip_bad_rows) return r.error();
      auto e = r.error();
      e.message = "patient skipped: " + e.message;
      stats_.skipped.push_back(std::move(e));
      return true;
    }
    ++stats_.patients;
    sink_(std::move(r).value());
    return true;
  }

  record::Result<bool> flush() {
    if (!current_) return true;
    done_.insert(current_->patient_id());
    previous_rows_ = current_->size();
    auto r = finish(std::move(*current_));
    current_.reset();
    return r;
  }

  Rows& csv_;
  const EventTableOptions& options_;
  const PatientSink& sink_;
  std::optional<bool> style_;
  record::EventMaker maker_;
  std::string last_time_text_;                      // the last time read (time_of)
  std::optional<record::TimePoint> last_time_;      // and what it gave
  const std::optional<record::TimePoint> no_time_;  // no time: a patient row's, or a bad one
  record::Event scratch_;                           // a row's event on its way to a builder
  std::optional<record::PatientBuilder> current_;
  std::size_t previous_rows_ = 0;  // rows of the patient before current_
  std::unordered_set<std::string> done_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<record::PatientBuilder> all_;
};

record::Result<EventTableStats> read_records(CsvRecords& csv, const EventTableOptions& options,
                                             const PatientSink& sink,
                                             const std::function<void()>& restart) {
  // Streaming hands patients on before the end; without a way to take them back (`restart`),
  // every row is kept until the end instead.
  if (restart) {
    if (auto e = check_header(csv)) return *e;
    TableReader<CsvRecords> streaming(csv, options, sink);
    auto grouped = streaming.pass(true);
    if (!grouped.ok()) return grouped.error();
    if (grouped.value()) return streaming.stats_;
    restart();
  }
  if (!csv.rewind()) {
    return InputError{csv.name(), 0, "", "cannot re-read the input to group its rows"};
  }
  if (auto e = check_header(csv)) return *e;
  TableReader<CsvRecords> buffered(csv, options, sink);
  auto r = buffered.pass(false);
  if (!r.ok()) return r.error();
  buffered.stats_.streamed = false;
  return buffered.stats_;
}

}  // namespace

namespace {

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string event_row_csv(const EventRow& r) {
  return fmt::format("{},{},{},{},{},{},{}", csv_field(r.patient_id), csv_field(r.time),
                     csv_field(r.kind), csv_field(r.item), csv_field(r.value), csv_field(r.unit),
                     csv_field(r.note));
}

std::vector<EventRow> event_rows(const record::PatientRecord& p) {
  std::vector<EventRow> rows;
  const auto fact = [&](const char* item, std::string value) {
    rows.push_back({p.patient_id, "", "patient", item, std::move(value), "", "", 0});
  };
  if (p.age_years) fact("age_years", fmt::format("{:g}", *p.age_years));
  if (p.weight_kg) fact("weight_kg", fmt::format("{:g}", *p.weight_kg));
  if (!p.sex.empty()) fact("sex", p.sex);
  if (p.developmental_delay) fact("developmental_delay", "1");
  for (const auto& e : p.events) {
    std::string value = !e.text.empty() ? std::string(e.text)
                        : e.value       ? fmt::format("{:g}", *e.value)
                                        : std::string();
    rows.push_back({p.patient_id, fmt::format("{:g}", e.hours), std::string(record::name(e.kind)),
                    std::string(e.item), std::move(value), std::string(e.unit), std::string(e.note),
                    e.line});
  }
  return rows;
}

std::string event_table_csv(const record::PatientRecord& p, bool with_header) {
  std::string out = with_header ? std::string(kEventTableHeader) + "\n" : std::string();
  for (const auto& row : event_rows(p)) out += event_row_csv(row) + "\n";
  return out;
}

record::Result<std::vector<EventRow>> read_event_rows(const std::string& text,
                                                      const std::string& name) {
  CsvRecords csv(std::string_view(text), name);
  if (auto e = check_header(csv)) return *e;
  std::vector<EventRow> rows;
  std::vector<std::string_view> f;
  std::size_t line = 0;
  std::string error;
  while (csv.next(f, line, error)) {
    if (!error.empty()) return InputError{name, line, "", error};
    if (f.size() == 1 && f[0].empty()) continue;  // blank line
    if (f.size() != kColumns.size()) {
      return InputError{name, line, "", fmt::format("expected 7 fields, found {}", f.size())};
    }
    rows.push_back({std::string(f[0]), std::string(f[1]), std::string(f[2]), std::string(f[3]),
                    std::string(f[4]), std::string(f[5]), std::string(f[6]), line});
  }
  return rows;
}

record::Result<EventTableStats> check_event_rows(const std::vector<EventRow>& rows,
                                                 const std::string& name, const PatientSink& sink) {
  RowList list(rows, name);
  const EventTableOptions options;
  TableReader<RowList> reader(list, options, sink);
  auto r = reader.pass(false);
  if (!r.ok()) return r.error();
  reader.stats_.streamed = false;
  return reader.stats_;
}

record::Result<EventTableStats> read_event_table_text(const std::string& text,
                                                      const std::string& name,
                                                      const EventTableOptions& options,
                                                      const PatientSink& sink) {
  CsvRecords csv(std::string_view(text), name);
  return read_records(csv, options, sink, {});
}

record::Result<EventTableStats> read_event_table(const std::string& path,
                                                 const EventTableOptions& options,
                                                 const PatientSink& sink,
                                                 const std::function<void()>& restart) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    const std::string text = buffer.str();
    CsvRecords csv(std::string_view(text), "<stdin>");
    return read_records(csv, options, sink, restart);
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return InputError{path, 0, "", fmt::format("cannot open: {}", std::strerror(errno))};
  CsvRecords csv(file.get(), path);
  return read_records(csv, options, sink, restart);
}

}  // namespace cytostorm::io
