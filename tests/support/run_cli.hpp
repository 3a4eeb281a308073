#pragma once
// Runs the built cytostorm CLI (path from CMake) as a user would, capturing its output.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <fstream>
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

/// Runs `WRAPPER... cytostorm ARGS...`: the CLI started by another program (env -C DIR, unshare).
CliRun run_cli_under(const std::vector<std::string>& wrapper, const std::vector<std::string>& args,
                     const std::string& input = "");

/// Starts `cytostorm ARGS...` in the background, standard error to the file `err`, standard
/// output discarded.
/// @return its process id (<= 0 when it could not start)
pid_t start_cli(const std::vector<std::string>& args, const std::string& err);

/// Waits up to `limit` for a process started by start_cli().
/// @return its wait status, or -1 after killing it at the limit
int wait_for(pid_t pid, std::chrono::seconds limit);

/// Waits up to `limit` until the file at `path` (a started CLI's standard error) contains `text`.
/// @return whether it does
bool wait_for_text(const std::string& path, const std::string& text, std::chrono::seconds limit);

/// The bytes of the file at `path` ("" when it cannot be read).
std::string read_bytes(const std::string& path);

/// A fresh scratch directory for one test, removed at exit of the process.
std::string scratch_dir();

/// A scratch directory removed when the test ends; write() creates the folders a name needs.
class Scratch {
 public:
  Scratch() : dir_(scratch_dir()) {}
  ~Scratch() { std::filesystem::remove_all(dir_); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  [[nodiscard]] const std::string& dir() const { return dir_; }

  std::string write(const std::string& name, const std::string& text) const {
    const std::string path = dir_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

 private:
  std::string dir_;
};

}  // namespace cytostorm::testing
