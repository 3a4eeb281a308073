#pragma once
/// @file
/// The free texts of a patient's events: the words an event table writes that are not words of
/// the vocabulary (a note, a sex, a lymphodepletion regimen, a CTCAE term). An event refers to its
/// texts by std::string_view; the vocabulary's words live as long as the program, and the free
/// texts live here, in the EventTexts of the PatientRecord that holds the event.

#include <memory>
#include <set>
#include <string>
#include <string_view>

namespace cytostorm::record {

/// Copies of texts, each kept once, that stay at their address while any copy of the
/// EventTexts lives: copies share the texts (a record's copy refers to the same ones), and
/// moving keeps them in place. Not to be added to from two threads at once.
class EventTexts {
 public:
  /// A lasting copy of `text`.
  /// @param text any text (it may be a view into a buffer about to change)
  /// @return a view of the kept copy; the same text gives the same view
  std::string_view keep(std::string_view text);

  /// The number of distinct texts kept.
  /// @return 0 for a store nothing was kept in
  [[nodiscard]] std::size_t size() const { return texts_ ? texts_->size() : 0; }

 private:
  // A set's nodes never move: a view of a kept text stays valid as the set grows.
  std::shared_ptr<std::set<std::string, std::less<>>> texts_;
};

}  // namespace cytostorm::record
