#include "cytostorm/io/csv_records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cytostorm::io {

bool CsvRecords::next(std::vector<std::string_view>& fields, std::size_t& line,
                      std::string& error) {
  fields.clear();
  error.clear();
  if (plain(fields)) {
    line = line_++;
    return true;
  }
  fields.clear();
  ascii_ = false;
  std::size_t record_end = 0;
  if (!find_record(record_end)) return false;
  line = line_;
  const std::string_view rec(data() + pos_, record_end - pos_);
  if (overlong_) {
    error = fmt::format(
        "the line is longer than {} bytes: not an event row (a quoted field never closed?)",
        kMaxCsvRecordBytes);
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

bool CsvRecords::rewind() {
  if (file_ && std::fseek(file_, 0, SEEK_SET) != 0) return false;
  filled_ = 0;
  pos_ = 0;
  line_ = 1;
  eof_ = false;
  overlong_ = false;
  block_size_ = 0;
  return true;
}

namespace {

// Sixty-four bytes of the input as bit masks, bit i for byte i: the commas, the newlines, the
// quotes, and the bytes that are not ASCII text (NUL, or above 0x7F).
struct Block {
  std::uint64_t commas = 0;
  std::uint64_t newlines = 0;
  std::uint64_t quotes = 0;
  std::uint64_t not_ascii = 0;
};

#if defined(__SSE2__)
// Sixteen bytes at a time with SSE2 (every x86-64 processor has it).
Block scan64(const char* p) {
  Block block;
  const __m128i comma = _mm_set1_epi8(','), newline = _mm_set1_epi8('\n'),
                quote = _mm_set1_epi8('"'), zero = _mm_setzero_si128();
  const auto bits = [](__m128i lanes, int i) {
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(lanes))) << (16 * i);
  };
  for (int i = 0; i < 4; ++i) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    block.commas |= bits(_mm_cmpeq_epi8(v, comma), i);
    block.newlines |= bits(_mm_cmpeq_epi8(v, newline), i);
    block.quotes |= bits(_mm_cmpeq_epi8(v, quote), i);
    // Above 0x7F: the sign bit, which movemask gathers directly.
    block.not_ascii |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, zero), v), i);
  }
  return block;
}
#else
// Byte by byte elsewhere.
Block scan64(const char* p) {
  Block block;
  for (int i = 0; i < 64; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (c == ',') block.commas |= bit;
    if (c == '\n') block.newlines |= bit;
    if (c == '"') block.quotes |= bit;
    if (c == 0 || c > 0x7F) block.not_ascii |= bit;
  }
  return block;
}
#endif

// The block of the 64 bytes at `p` (fewer before `last`: the missing ones count as NUL).
Block scan(const char* p, const char* last) {
  if (last - p >= 64) return scan64(p);
  char tail[64] = {};
  std::memcpy(tail, p, static_cast<std::size_t>(last - p));
  return scan64(tail);
}

}  // namespace

// The fast path for the usual record: no quotes, its newline already in the buffer. Splits it at
// the commas with the bit masks of the 64 bytes scanned last (a record usually starts in the block
// its predecessor ended in), noting on the way whether every byte is ASCII text; false (with
// nothing consumed) otherwise.
bool CsvRecords::plain(std::vector<std::string_view>& fields) {
  const char* const base = data();
  const std::size_t last = end();
  std::size_t start = pos_;
  std::uint64_t not_ascii = 0;
  for (std::size_t at = pos_; at < last; at = block_at_ + block_size_) {
    if (at < block_at_ || at >= block_at_ + block_size_) {
      if (at - pos_ > kMaxCsvRecordBytes) return false;  // the slow path says it is too long
      const Block scanned = scan(base + at, base + last);
      block_at_ = at;
      block_size_ = std::min<std::size_t>(64, last - at);
      commas_ = scanned.commas;
      newlines_ = scanned.newlines;
      quotes_ = scanned.quotes;
      not_ascii_ = scanned.not_ascii;
    }
    // The bytes of the block from `at` on that are in the buffer, up to the record's newline.
    std::uint64_t live = ~std::uint64_t{0} << (at - block_at_);
    if (block_size_ < 64) live &= (std::uint64_t{1} << block_size_) - 1;
    const std::uint64_t newline = newlines_ & live;
    const std::uint64_t mine = newline == 0 ? live : live & ((newline & -newline) * 2 - 1);
    if ((quotes_ & mine) != 0) return false;
    for (std::uint64_t hits = commas_ & mine; hits != 0; hits &= hits - 1) {
      const std::size_t comma = block_at_ + static_cast<std::size_t>(std::countr_zero(hits));
      fields.emplace_back(base + start, comma - start);
      start = comma + 1;
    }
    not_ascii |= not_ascii_ & mine;
    if (newline != 0) {
      const std::size_t stop = block_at_ + static_cast<std::size_t>(std::countr_zero(newline));
      if (stop - pos_ > kMaxCsvRecordBytes) return false;  // slow path
      std::string_view field(base + start, stop - start);
      if (!field.empty() && field.back() == '\r') field.remove_suffix(1);
      fields.push_back(field);
      pos_ = stop + 1;
      ascii_ = not_ascii == 0;
      return true;
    }
  }
  return false;
}

// Finds the newline that ends the record at pos_ (outside quotes), reading more as needed.
bool CsvRecords::find_record(std::size_t& record_end) {
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
    if (i - pos_ > kMaxCsvRecordBytes) {
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
bool CsvRecords::more() {
  if (!file_ || eof_) return false;
  block_size_ = 0;  // the bytes move or grow: plain() scans again
  if (pos_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + pos_, filled_ - pos_);
    filled_ -= pos_;
    pos_ = 0;
  }
  if (capacity_ - filled_ < kChunk) {  // a record longer than the room left: more room
    capacity_ = std::max(2 * capacity_, filled_ + kChunk);
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity_);
    std::memcpy(bigger.get(), buffer_.get(), filled_);
    buffer_ = std::move(bigger);
  }
  const std::size_t got = std::fread(buffer_.get() + filled_, 1, kChunk, file_);
  filled_ += got;
  if (got == 0) eof_ = true;
  return got > 0;
}

// The slow path for a record with quotes: fields are unescaped into scratch storage.
void CsvRecords::quoted(std::string_view rec, std::vector<std::string_view>& fields,
                        std::string& error) {
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

}  // namespace cytostorm::io
