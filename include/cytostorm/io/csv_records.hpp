#pragma once
/// @file
/// CSV records (RFC 4180) read a chunk at a time from a file or from memory: the one CSV reader
/// behind the event table and the calibration targets.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cytostorm::io {

/// A record longer than this is no table row (a binary file, or a quote never closed): the
/// reader stops there rather than hold the rest of the input in memory.
inline constexpr std::size_t kMaxCsvRecordBytes = std::size_t{1} << 20;

/// Yields CSV records from a file or a string. Fields are views into the buffer (or into scratch
/// storage for quoted fields), valid until the next call. Quoted fields may hold commas, doubled
/// quotes and newlines; a CR before a newline is dropped.
class CsvRecords {
 public:
  /// Reads an open file (not closed here).
  /// @param file the file
  /// @param name its name, for messages
  CsvRecords(std::FILE* file, std::string name)
      : file_(file),
        name_(std::move(name)),
        buffer_(std::make_unique_for_overwrite<char[]>(kChunk)),
        capacity_(kChunk) {}
  /// Reads text held by the caller.
  /// @param text the text (must outlive the reader)
  /// @param name its name, for messages
  CsvRecords(std::string_view text, std::string name) : text_(text), name_(std::move(name)) {}

  /// The next record.
  /// @param fields receives the fields
  /// @param line receives the 1-based line the record starts on
  /// @param error receives what is malformed (the record is still returned, for the caller to
  ///   report), or is cleared
  /// @return false at the end of the input
  bool next(std::vector<std::string_view>& fields, std::size_t& line, std::string& error);

  /// Whether the last record was cut at kMaxCsvRecordBytes (its error says so; the caller must
  /// stop reading).
  /// @return true after an over-long record
  [[nodiscard]] bool overlong() const { return overlong_; }

  /// Whether every byte of the last record is known to be ASCII text (no NUL, nothing above
  /// 0x7F), so that its fields need no check for binary or non-UTF-8 bytes.
  /// @return true when known; false when the record may hold other bytes
  [[nodiscard]] bool ascii() const { return ascii_; }

  /// @return the input's name
  [[nodiscard]] const std::string& name() const { return name_; }

  /// Starts again from the beginning.
  /// @return false when a file cannot be re-read
  bool rewind();

 private:
  [[nodiscard]] const char* data() const { return file_ ? buffer_.get() : text_.data(); }
  [[nodiscard]] std::size_t end() const { return file_ ? filled_ : text_.size(); }
  bool plain(std::vector<std::string_view>& fields);
  bool find_record(std::size_t& record_end);
  bool more();
  void quoted(std::string_view rec, std::vector<std::string_view>& fields, std::string& error);

  static constexpr std::size_t kChunk = 1 << 20;
  std::FILE* file_ = nullptr;
  std::string_view text_;
  std::string name_;
  // A file's bytes read but not yet consumed (from pos_): filled_ of capacity_ bytes, never
  // zeroed first (the reads fill them).
  std::unique_ptr<char[]> buffer_;
  std::size_t filled_ = 0;
  std::size_t capacity_ = 0;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  bool eof_ = false;
  bool overlong_ = false;
  bool ascii_ = false;
  // The 64 bytes plain() scanned last, from block_at_ (block_size_ of them in the buffer; 0: none),
  // as bit masks (bit i for byte block_at_ + i): commas, newlines, quotes, not ASCII text.
  std::size_t block_at_ = 0;
  std::size_t block_size_ = 0;
  std::uint64_t commas_ = 0;
  std::uint64_t newlines_ = 0;
  std::uint64_t quotes_ = 0;
  std::uint64_t not_ascii_ = 0;
  std::vector<std::string> scratch_;
};

}  // namespace cytostorm::io
