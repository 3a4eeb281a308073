#pragma once
/// @file
/// Errors at the boundary are values: a reader returns `Result<T>`, which holds either the value
/// or an InputError naming the file, line, column and what is wrong.

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace cytostorm::record {

/// What is wrong with an input, and where.
struct InputError {
  std::string file;      ///< the file name as the user gave it ("-" or "<stdin>" for stdin)
  std::size_t line = 0;  ///< 1-based; 0 when not known
  std::string column;    ///< "column 17" in a JSON file, a column name in a CSV file
  std::string message;   ///< names the key or field and what is wrong

  /// The longest message to_string() shows whole; a longer one (quoting a huge value) is cut.
  static constexpr std::size_t kLongestMessage = 500;

  /// "file:line: column: message", the format of formats.md section 1.
  [[nodiscard]] std::string to_string() const;
};

/// Either a value or the InputError that prevented it.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT: implicit by design
  Result(InputError error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] const T& value() const& { return std::get<0>(v_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(v_)); }
  [[nodiscard]] const InputError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, InputError> v_;
};

}  // namespace cytostorm::record
