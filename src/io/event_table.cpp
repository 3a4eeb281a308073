#include "cytostorm/io/event_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "cytostorm/record/event_time.hpp"
#include "cytostorm/record/patient_builder.hpp"

namespace cytostorm::io {

using record::InputError;

namespace {

constexpr std::array<const char*, 7> kColumns{"patient_id", "time", "kind", "item",
                                              "value",      "unit", "note"};

// A record longer than this is no event row (a binary file, or a quote never closed): the reader
// stops there rather than hold the rest of the file in memory.
constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 20;

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

// Yields CSV records (RFC 4180) from a file or a string, a chunk at a time: fields are views
// into the buffer (or into scratch storage for quoted fields), valid until the next call.
// Quoted fields may hold commas, doubled quotes and newlines; a CR before a newline is dropped.
class CsvRecords {
 public:
  CsvRecords(std::FILE* file, std::string name) : file_(file), name_(std::move(name)) {}
  CsvRecords(std::string_view text, std::string name) : text_(text), name_(std::move(name)) {}

  // The next record; false at the end. `line` is the 1-based line it starts on; `error` says
  // what is malformed (the record is still returned, for the caller to report).
  bool next(std::vector<std::string_view>& fields, std::size_t& line, std::string& error) {
    fields.clear();
    error.clear();
    std::size_t record_end = 0;
    if (!find_record(record_end)) return false;
    line = line_;
    const std::string_view rec(data() + pos_, record_end - pos_);
    if (overlong_) {
      error = fmt::format(
          "the line is longer than {} bytes: not an event row (a quoted field never closed?)",
          kMaxRecordBytes);
      return true;
    }
    const std::size_t next_pos = record_end < end() ? record_end + 1 : record_end;
    line_ += 1 + static_cast<std::size_t>(std::count(rec.begin(), rec.end(), '\n'));
    if (rec.find('"') == std::string_view::npos) {
      std::size_t start = 0;
      while (true) {
        const std::size_t comma = rec.find(',', start);
        std::string_view f =
            rec.substr(start, comma == std::string_view::npos ? rec.npos : comma - start);
        if (comma == std::string_view::npos && !f.empty() && f.back() == '\r') f.remove_suffix(1);
        fields.push_back(f);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
    } else {
      quoted(rec, fields, error);
    }
    pos_ = next_pos;
    return true;
  }

  [[nodiscard]] const std::string& name() const { return name_; }

  // Whether the last record was cut at kMaxRecordBytes (the reader must stop).
  [[nodiscard]] bool overlong() const { return overlong_; }

  // Starts again from the beginning.
  bool rewind() {
    if (file_ && std::fseek(file_, 0, SEEK_SET) != 0) return false;
    buffer_.clear();
    pos_ = 0;
    line_ = 1;
    eof_ = false;
    overlong_ = false;
    return true;
  }

 private:
  const char* data() const { return file_ ? buffer_.data() : text_.data(); }
  std::size_t end() const { return file_ ? buffer_.size() : text_.size(); }

  // Finds the newline that ends the record at pos_ (outside quotes), reading more as needed.
  bool find_record(std::size_t& record_end) {
    if (pos_ >= end() && !more()) return false;
    std::size_t i = pos_;
    bool in_quotes = false;
    while (true) {
      if (i >= end()) {
        const std::size_t offset = i - pos_;
        if (!more()) {
          record_end = end();
          return true;
        }
        i = pos_ + offset;
      }
      const char* p = data() + i;
      const std::size_t n = end() - i;
      const void* nl = std::memchr(p, '\n', n);
      const std::size_t stop = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - p) : n;
      // Quotes are rare: jump from one to the next instead of looking at every byte.
      for (const char* q = static_cast<const char*>(std::memchr(p, '"', stop)); q != nullptr;
           q = static_cast<const char*>(
               std::memchr(q + 1, '"', stop - static_cast<std::size_t>(q + 1 - p)))) {
        in_quotes = !in_quotes;
      }
      i += stop;
      if (i - pos_ > kMaxRecordBytes) {
        overlong_ = true;
        record_end = i;
        return true;
      }
      if (nl && !in_quotes) {
        record_end = i;
        return true;
      }
      if (nl) ++i;  // a newline inside quotes
    }
  }

  // Reads another chunk, keeping the unread tail; false when the input is exhausted.
  bool more() {
    if (!file_ || eof_) return false;
    if (pos_ > 0) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    const std::size_t old = buffer_.size();
    buffer_.resize(old + kChunk);
    const std::size_t got = std::fread(buffer_.data() + old, 1, kChunk, file_);
    buffer_.resize(old + got);
    if (got == 0) eof_ = true;
    return got > 0;
  }

  // The slow path for a record with quotes: fields are unescaped into scratch storage.
  void quoted(std::string_view rec, std::vector<std::string_view>& fields, std::string& error) {
    if (!rec.empty() && rec.back() == '\r') rec.remove_suffix(1);
    scratch_.assign(1, std::string());
    bool in_quotes = false, was_quoted = false;
    for (std::size_t i = 0; i < rec.size(); ++i) {
      const char c = rec[i];
      if (in_quotes) {
        if (c != '"') {
          scratch_.back() += c;
        } else if (i + 1 < rec.size() && rec[i + 1] == '"') {
          scratch_.back() += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else if (c == '"' && scratch_.back().empty() && !was_quoted) {
        in_quotes = was_quoted = true;
      } else if (c == ',') {
        scratch_.emplace_back();
        was_quoted = false;
      } else {
        if (c == '"' || was_quoted) {
          error = fmt::format("malformed quoting in field {}", scratch_.size());
        }
        scratch_.back() += c;
      }
    }
    if (in_quotes) error = "a quoted field is not closed before the end of the file";
    for (const auto& v : scratch_) fields.emplace_back(v);
  }

  static constexpr std::size_t kChunk = 1 << 20;
  std::FILE* file_ = nullptr;
  std::string_view text_;
  std::string name_;
  std::string buffer_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  bool eof_ = false;
  bool overlong_ = false;
  std::vector<std::string> scratch_;
};

// Reads every record of `csv` into patients; returns false when a second pass is needed
// (ungrouped input while streaming).
class TableReader {
 public:
  TableReader(CsvRecords& csv, const EventTableOptions& options, const PatientSink& sink)
      : csv_(csv), options_(options), sink_(sink) {}

  // One pass. `grouped`: stream, and report false if the input turns out not to be grouped.
  record::Result<bool> pass(bool grouped) {
    std::vector<std::string_view> f;
    std::size_t line = 0;
    std::string error;
    if (!csv_.next(f, line, error)) return fail(1, "", "the file is empty: expected the header");
    if (!f.empty() && f[0].starts_with("\xEF\xBB\xBF")) f[0].remove_prefix(3);  // UTF-8 BOM
    if (!f.empty() && (f[0].starts_with("\xFF\xFE") || f[0].starts_with("\xFE\xFF"))) {
      return fail(1, "", "the file is UTF-16 text; save it as UTF-8 (CSV UTF-8)");
    }
    if (f.size() != kColumns.size() || !std::equal(f.begin(), f.end(), kColumns.begin())) {
      return fail(1, "header", fmt::format("expected the header \"{}\"", kEventTableHeader));
    }
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
      std::size_t column = 0;
      std::string not_text;
      while (column < f.size() && (not_text = text_problem(f[column])).empty()) ++column;
      if (!not_text.empty()) {
        if (auto r = bad_row(line, kColumns[column], not_text); !r.ok()) return r;
        continue;
      }
      if (f[0].empty()) {
        if (auto r = bad_row(line, "patient_id", "patient_id is empty"); !r.ok()) return r;
        continue;
      }
      record::Event event;
      event.line = line;
      if (auto problem = record::make_event(f[2], f[3], f[4], f[5], f[6], event)) {
        if (auto r = bad_row(line, problem->column, problem->message); !r.ok()) return r;
        continue;
      }
      std::optional<record::TimePoint> time;
      if (event.kind == record::EventKind::patient) {
        if (!f[1].empty()) {
          if (auto r = bad_row(line, "time", "patient rows take no time"); !r.ok()) return r;
          continue;
        }
      } else {
        std::string time_error;
        time = record::parse_time(f[1], time_error);
        if (!time) {
          if (auto r = bad_row(line, "time", time_error); !r.ok()) return r;
          continue;
        }
        if (!style_) style_ = time->absolute;
        if (*style_ != time->absolute) {
          if (auto r = bad_row(line, "time",
                               "a file uses one time style throughout (ISO 8601 or hours since "
                               "infusion)");
              !r.ok()) {
            return r;
          }
          continue;
        }
      }
      if (grouped) {
        if (!current_ || current_->patient_id() != f[0]) {
          if (done_.count(std::string(f[0])) > 0) return false;  // not grouped
          if (auto r = flush(); !r.ok()) return r;
          current_.emplace(std::string(f[0]), csv_.name());
        }
        current_->add(std::move(event), time);
      } else {
        builder(f[0]).add(std::move(event), time);
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
    auto r = finish(std::move(*current_));
    current_.reset();
    return r;
  }

  CsvRecords& csv_;
  const EventTableOptions& options_;
  const PatientSink& sink_;
  std::optional<bool> style_;
  std::optional<record::PatientBuilder> current_;
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
    TableReader streaming(csv, options, sink);
    auto grouped = streaming.pass(true);
    if (!grouped.ok()) return grouped.error();
    if (grouped.value()) return streaming.stats_;
    restart();
  }
  if (!csv.rewind()) {
    return InputError{csv.name(), 0, "", "cannot re-read the input to group its rows"};
  }
  TableReader buffered(csv, options, sink);
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

std::string event_table_csv(const record::PatientRecord& p, bool with_header) {
  std::string out = with_header ? std::string(kEventTableHeader) + "\n" : std::string();
  const std::string id = csv_field(p.patient_id);
  if (p.age_years) out += fmt::format("{},,patient,age_years,{:g},,\n", id, *p.age_years);
  if (p.weight_kg) out += fmt::format("{},,patient,weight_kg,{:g},,\n", id, *p.weight_kg);
  if (!p.sex.empty()) out += fmt::format("{},,patient,sex,{},,\n", id, csv_field(p.sex));
  if (p.developmental_delay) out += fmt::format("{},,patient,developmental_delay,1,,\n", id);
  for (const auto& e : p.events) {
    const std::string value = !e.text.empty() ? e.text
                              : e.value       ? fmt::format("{:g}", *e.value)
                                              : std::string();
    out += fmt::format("{},{:g},{},{},{},{},{}\n", id, e.hours, record::name(e.kind),
                       csv_field(e.item), csv_field(value), e.unit, csv_field(e.note));
  }
  return out;
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
