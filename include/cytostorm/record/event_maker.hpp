#pragma once
/// @file
/// make_event with a memory: a table repeats the same few hundred rows over and over (a vital
/// sign's usual values, the items of an ICE score), so the readers of long tables check each
/// distinct row once and copy the event afterwards.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/record/event.hpp"

namespace cytostorm::record {

/// Checks rows as make_event does, remembering the events of recent rows.
class EventMaker {
 public:
  EventMaker();
  /// Not copied: the remembered events refer to this maker's own copies of their rows.
  EventMaker(const EventMaker&) = delete;
  EventMaker& operator=(const EventMaker&) = delete;
  EventMaker(EventMaker&&) = default;
  EventMaker& operator=(EventMaker&&) = default;

  /// Exactly make_event(kind, item, value, unit, note, out): the same event, the same problem.
  /// @param kind, item, value, unit, note the row's fields as written
  /// @param out receives the event (every field but `line`; time fields 0); its free texts are
  ///   views that last until the next call or until the fields change (keep_texts keeps them)
  /// @return nothing, or the first problem found (`out` is then partly written)
  std::optional<FieldProblem> make(std::string_view kind, std::string_view item,
                                   std::string_view value, std::string_view unit,
                                   std::string_view note, Event& out);

  /// The longest row remembered: the five fields and the four commas between them, in bytes
  /// (longer rows are checked every time).
  static constexpr std::size_t kRememberedBytes = 64;

 private:
  // A row made before: its five fields joined by commas in `text`, their sizes packed 12 bits
  // each into `sizes` (0 when the slot is unused), and its event, whose free texts refer to
  // `text`.
  struct alignas(64) Remembered {  // on cache lines: a look-up touches three
    std::array<char, kRememberedBytes> text{};
    Event event;
    std::uint64_t sizes = 0;
  };
  std::vector<Remembered> slots_;  // by a hash of the fields; a later row takes the slot over
};

}  // namespace cytostorm::record
