#include "cytostorm/record/event_maker.hpp"

#include <cstdint>
#include <cstring>

namespace cytostorm::record {

namespace {

constexpr std::size_t kSlots = 1024;  // a power of two

// Eight bytes at `p` as a number.
std::uint64_t word(const char* p) {
  std::uint64_t w = 0;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// A hash of the `n` bytes at `p` (n <= kRememberedBytes), eight at a time.
std::uint64_t hash(std::uint64_t sizes, const char* p, std::size_t n) {
  std::uint64_t h = sizes * 0x9E3779B97F4A7C15ULL;
  if (n < 8) {
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < n; ++i) w = w << 8 | static_cast<unsigned char>(p[i]);
    return (h ^ w) * 0xBF58476D1CE4E5B9ULL;
  }
  for (std::size_t i = 0; i + 8 < n; i += 8) h = (h ^ word(p + i)) * 0xBF58476D1CE4E5B9ULL;
  return (h ^ word(p + n - 8)) * 0x94D049BB133111EBULL;  // the last eight (they may overlap)
}

// Whether the `n` bytes at `a` and `b` are the same (n <= kRememberedBytes).
bool same_bytes(const char* a, const char* b, std::size_t n) {
  if (n < 8) return std::memcmp(a, b, n) == 0;
  for (std::size_t i = 0; i + 8 < n; i += 8) {
    if (word(a + i) != word(b + i)) return false;
  }
  return word(a + n - 8) == word(b + n - 8);
}

}  // namespace

EventMaker::EventMaker() : slots_(kSlots) {}

std::optional<FieldProblem> EventMaker::make(std::string_view kind, std::string_view item,
                                             std::string_view value, std::string_view unit,
                                             std::string_view note, Event& out) {
  const std::array<std::string_view, 5> fields{kind, item, value, unit, note};
  // The row as one run of bytes: the fields joined by commas. A CSV row's fields already lie so
  // in the reader's buffer, which is then used as it is; other fields are joined here.
  std::size_t n = fields.size() - 1;
  std::uint64_t sizes = std::uint64_t{1} << 63;  // never 0: 0 marks an unused slot
  bool adjacent = true;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    n += fields[i].size();
    sizes |= static_cast<std::uint64_t>(fields[i].size() & 0xFFF) << (12 * i);
    if (i > 0) {
      adjacent = adjacent && reinterpret_cast<std::uintptr_t>(fields[i].data()) ==
                                 reinterpret_cast<std::uintptr_t>(fields[i - 1].data()) +
                                     fields[i - 1].size() + 1;
    }
  }
  if (n > kRememberedBytes) return make_event(kind, item, value, unit, note, out);
  std::array<char, kRememberedBytes> joined;  // written only when the fields lie apart
  const char* row = kind.data();
  if (!adjacent) {
    for (std::size_t i = 0, at = 0; i < fields.size(); at += fields[i].size() + 1, ++i) {
      if (!fields[i].empty()) std::memcpy(joined.data() + at, fields[i].data(), fields[i].size());
      if (i + 1 < fields.size()) joined[at + fields[i].size()] = ',';
    }
    row = joined.data();
  }
  Remembered& slot = slots_[(hash(sizes, row, n) >> 40) & (kSlots - 1)];
  if (slot.sizes == sizes && same_bytes(slot.text.data(), row, n)) {
    const std::size_t line = out.line;
    out = slot.event;
    out.line = line;
    return std::nullopt;
  }
  // A new row is checked in the slot's copy of it, so that the free texts of the event
  // remembered there refer to the slot.
  slot.sizes = 0;
  std::memcpy(slot.text.data(), row, n);
  std::array<std::string_view, 5> copied;
  for (std::size_t i = 0, at = 0; i < fields.size(); at += fields[i].size() + 1, ++i) {
    copied[i] = std::string_view(slot.text.data() + at, fields[i].size());
  }
  auto problem = make_event(copied[0], copied[1], copied[2], copied[3], copied[4], out);
  if (problem) return problem;
  slot.sizes = sizes;
  slot.event = out;
  return std::nullopt;
}

}  // namespace cytostorm::record
