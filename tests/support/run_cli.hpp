#pragma once
// Runs the built cytostorm CLI (path from CMake) as a user would, capturing its output.

#include <string>
#include <vector>

namespace cytostorm::testing {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `cytostorm ARGS...` with `input` on standard input.
CliRun run_cli(const std::vector<std::string>& args, const std::string& input = "");

/// A fresh scratch directory for one test, removed at exit of the process.
std::string scratch_dir();

}  // namespace cytostorm::testing
