#pragma once
/// @file
/// The one strict TOML reader behind every TOML input (model parameters, product presets,
/// virtual clinician policies, guideline rule sets): typed, ranged reads, unknown keys refused,
/// and every problem an InputError in one wording,
///
///     file:line: column C: key "table.key": what is wrong
///
/// Reads never throw. The first problem met is kept by the document and later reads return
/// their fallback, so a loader reads straight through and asks TomlDocument::result() once at
/// the end.

#include <array>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cytostorm/record/input_error.hpp"

namespace cytostorm::io {

namespace detail {
struct TomlState;  // the parsed document and the first problem, in toml_reader.cpp
}

/// One table of a TOML document (the root, a [table], an element of an array of tables or an
/// inline table), named by its key path for messages: "", "fluids", "oxygen.steps[2]".
class TomlTable {
 public:
  /// The key path of this table ("" for the root).
  [[nodiscard]] const std::string& path() const { return path_; }
  /// The key path of `key` in this table ("fluids.bolus_ml").
  [[nodiscard]] std::string path(std::string_view key) const;
  /// The line where the table begins (0 for the root).
  [[nodiscard]] std::size_t line() const;
  /// The line where the value at `key` begins (a multi-line string: the line of its opening
  /// quotes), or 0 when the key is absent.
  [[nodiscard]] std::size_t line(std::string_view key) const;
  /// Whether `key` is present.
  [[nodiscard]] bool contains(std::string_view key) const;
  /// The keys present, in order of appearance.
  [[nodiscard]] std::vector<std::string> keys() const;

  /// Records an "unknown key" problem for the first key (by line) not in `accepted`.
  /// @param accepted every key this table may hold
  void accept_only(std::initializer_list<std::string_view> accepted) const;

  /// The string at `key`.
  /// @return the string, or "" after a problem (missing key, not a string)
  [[nodiscard]] std::string text(std::string_view key) const;
  /// The string at `key`, or `fallback` when the key is absent.
  [[nodiscard]] std::string text(std::string_view key, std::string fallback) const;

  /// The finite number (integer or float) at `key`, within [min, max].
  /// @return the number, or `min` after a problem (missing, not a number, out of range)
  [[nodiscard]] double number(std::string_view key, double min, double max) const;
  /// As number(key, min, max), with `fallback` when the key is absent.
  [[nodiscard]] double number(std::string_view key, double min, double max, double fallback) const;

  /// The integer at `key`, within [min, max] (a float such as 2.0 is refused).
  /// @return the integer, or `min` after a problem
  [[nodiscard]] int integer(std::string_view key, int min, int max) const;
  /// As integer(key, min, max), with `fallback` when the key is absent.
  [[nodiscard]] int integer(std::string_view key, int min, int max, int fallback) const;

  /// The boolean at `key`.
  /// @return the value, or false after a problem
  [[nodiscard]] bool boolean(std::string_view key) const;
  /// As boolean(key), with `fallback` when the key is absent.
  [[nodiscard]] bool boolean(std::string_view key, bool fallback) const;

  /// The list of integers at `key`, each within [min, max].
  /// @return the list, or an empty list after a problem
  [[nodiscard]] std::vector<int> integers(std::string_view key, int min, int max) const;

  /// The list of strings at `key`.
  /// @return the list, or an empty list after a problem
  [[nodiscard]] std::vector<std::string> texts(std::string_view key) const;

  /// The index in `accepted` of the string at `key`; a string not in the list is a problem
  /// naming the accepted words.
  /// @return the index, or 0 after a problem
  [[nodiscard]] std::size_t one_of(std::string_view key,
                                   std::span<const std::string_view> accepted) const;

  /// The enumeration value named by the string at `key`, from a vocabulary of (value, name)
  /// pairs such as record::Vocabulary<E>::entries.
  /// @return the value, or the first entry's after a problem
  template <typename E, std::size_t N>
  [[nodiscard]] E choice(std::string_view key,
                         const std::pair<E, std::string_view> (&names)[N]) const {
    std::array<std::string_view, N> words;
    for (std::size_t i = 0; i < N; ++i) words[i] = names[i].second;
    return names[one_of(key, words)].first;
  }

  /// The table at `key`.
  /// @return the table, or an empty table after a problem
  [[nodiscard]] TomlTable table(std::string_view key) const;
  /// The tables of the array at `key` ([[key]] or key = [{...}, ...]).
  /// @return the tables, or none after a problem
  [[nodiscard]] std::vector<TomlTable> tables(std::string_view key) const;

  /// Records a problem the caller found with the value at `key` (or with this table itself
  /// when `key` is empty), placed at its line.
  /// @param key the key in this table, or ""
  /// @param message what is wrong, without the key
  void fail(std::string_view key, std::string_view message) const;

 private:
  friend class TomlDocument;
  TomlTable(std::shared_ptr<detail::TomlState> state, std::size_t index, std::string path)
      : state_(std::move(state)), index_(index), path_(std::move(path)) {}

  std::shared_ptr<detail::TomlState> state_;
  std::size_t index_ = 0;  ///< the table in state_->tables
  std::string path_;
};

/// A parsed TOML document and the first problem any read met.
class TomlDocument {
 public:
  /// Parses the file at `path`.
  /// @return the document, or the InputError of an unreadable file or a syntax error (with its
  /// line and column)
  static record::Result<TomlDocument> parse_file(const std::string& path);
  /// Parses `text`, named `file` in errors.
  static record::Result<TomlDocument> parse_text(std::string_view text, const std::string& file);

  /// The root table.
  [[nodiscard]] TomlTable root() const;
  /// The file name used in errors.
  [[nodiscard]] const std::string& file() const;
  /// The first problem met by any read, or nothing.
  [[nodiscard]] std::optional<record::InputError> error() const;

  /// `value` when no read met a problem, else the first problem.
  template <typename T>
  [[nodiscard]] record::Result<T> result(T value) const {
    if (auto e = error()) return std::move(*e);
    return value;
  }

 private:
  explicit TomlDocument(std::shared_ptr<detail::TomlState> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::TomlState> state_;
};

/// A TOML file's text as cytostorm writes it (fitted populations, product presets): comment lines
/// first, then the TOML.
/// @param header the comment lines, without "# " ("" gives a bare "#")
/// @param toml the TOML text (as toml++'s formatter writes it)
/// @return the header lines, the TOML and a final newline
std::string commented_toml(const std::vector<std::string>& header, std::string_view toml);

/// The path of a TOML data file given by name or by path: a name ("standard") is looked up as
/// `data_dir/folder/NAME.toml`; a path (it contains '/' or ends in ".toml") is returned as given.
/// @param data_dir the data folder
/// @param folder the folder of that kind of file ("policies", "guidelines")
/// @param name_or_path what the user gave
std::string data_file_path(const std::string& data_dir, std::string_view folder,
                           const std::string& name_or_path);

}  // namespace cytostorm::io
