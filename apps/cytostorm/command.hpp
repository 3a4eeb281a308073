#pragma once
// The shape every subcommand file follows: it registers its options on the app and returns what
// to run when the user chose it.

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace cytostorm::cli {

/// Exit codes of every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 2;  ///< bad input or usage: the message says what and where

/// A registered subcommand.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

/// `cytostorm assess`.
Command add_assess(CLI::App& parent);

/// The whole text of `path` ("-" for standard input), or an error message naming the file.
bool read_input(const std::string& path, std::string& text, std::string& error);

}  // namespace cytostorm::cli
