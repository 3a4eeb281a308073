#include "cytostorm/record/event_maker.hpp"

#include <cstdint>
#include <cstring>

namespace cytostorm::record {

namespace {

constexpr std::size_t kSlots = 1024;  // a power of two

// Up to eight bytes of `s` from `from` as a number (zeros past its end).
std::uint64_t bytes(std::string_view s, std::size_t from) {
  std::uint64_t out = 0;
  for (std::size_t i = from; i < s.size() && i < from + 8; ++i) {
    out = out << 8 | static_cast<unsigned char>(s[i]);
  }
  return out;
}

}  // namespace

EventMaker::EventMaker() : slots_(kSlots) {}

std::optional<FieldProblem> EventMaker::make(std::string_view kind, std::string_view item,
                                             std::string_view value, std::string_view unit,
                                             std::string_view note, Event& out) {
  const std::array<std::string_view, 5> fields{kind, item, value, unit, note};
  // The lengths and the bytes that tell usual rows apart: the value's, the item's ends. Rows that
  // share them only share a slot (the comparison below tells them apart).
  std::uint64_t key = kind.size() | item.size() << 8 | value.size() << 16 | unit.size() << 24 |
                      note.size() << 32 | (item.empty() ? 0 : std::uint64_t(item.back()) << 40) |
                      (item.empty() ? 0 : std::uint64_t(item.front()) << 48);
  key = (key ^ bytes(value, 0) * 0x9E3779B97F4A7C15ULL ^ bytes(value, 8)) * 0xBF58476D1CE4E5B9ULL;
  Remembered& slot = slots_[(key >> 40) & (kSlots - 1)];
  bool same = slot.used;
  for (std::size_t i = 0, at = 0; same && i < fields.size(); at += fields[i].size(), ++i) {
    same = slot.sizes[i] == fields[i].size() &&
           (fields[i].empty() ||
            std::memcmp(slot.text.data() + at, fields[i].data(), fields[i].size()) == 0);
  }
  if (same) {
    const std::size_t line = out.line;
    out = slot.event;
    out.line = line;
    return std::nullopt;
  }
  auto problem = make_event(kind, item, value, unit, note, out);
  if (problem) return problem;
  slot.text.clear();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    slot.text.append(fields[i]);
    slot.sizes[i] = fields[i].size();
  }
  slot.event = out;
  slot.used = true;
  return std::nullopt;
}

}  // namespace cytostorm::record
