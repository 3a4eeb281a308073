// The CLI runner used by the CLI tests, and its own check.
#include "support/run_cli.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace cytostorm::testing {

namespace {
std::string quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string scratch_dir() {
  std::string templ = (std::filesystem::temp_directory_path() / "cytostorm-test-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return templ;
}

CliRun run_cli(const std::vector<std::string>& args, const std::string& input) {
  return run_cli_under({}, args, input);
}

CliRun run_cli_under(const std::vector<std::string>& wrapper, const std::vector<std::string>& args,
                     const std::string& input) {
  const std::string dir = scratch_dir();
  const std::string in = dir + "/stdin", out = dir + "/stdout", err = dir + "/stderr";
  std::ofstream(in) << input;
  std::string command;
  for (const auto& w : wrapper) command += quote(w) + " ";
  command += quote(CYTOSTORM_CLI);
  for (const auto& a : args) command += " " + quote(a);
  command += " <" + quote(in) + " >" + quote(out) + " 2>" + quote(err);
  const int status = std::system(command.c_str());
  CliRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = read_bytes(out);
  run.err = read_bytes(err);
  std::filesystem::remove_all(dir);
  return run;
}

pid_t start_cli(const std::vector<std::string>& args, const std::string& err) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv{const_cast<char*>(CYTOSTORM_CLI)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (std::freopen(err.c_str(), "w", stderr) == nullptr ||
        std::freopen("/dev/null", "w", stdout) == nullptr) {
      _exit(127);
    }
    execv(CYTOSTORM_CLI, argv.data());
    _exit(127);
  }
  return pid;
}

int wait_for(pid_t pid, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > end) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return status;
}

bool wait_for_text(const std::string& path, const std::string& text, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (read_bytes(path).find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

TEST(RunCli, CapturesExitCodeAndBothStreams) {
  const auto ok = run_cli({"--help"});
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_NE(ok.out.find("assess"), std::string::npos);
  const auto bad = run_cli({"no-such-command"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_FALSE(bad.err.empty());
}

TEST(RunCli, RunsTheCliUnderAWrapper) {
  const std::string dir = scratch_dir();
  std::ofstream(dir + "/snapshot.json") << "{";
  const auto run = run_cli_under({"env", "-C", dir}, {"assess", "snapshot.json"});
  std::filesystem::remove_all(dir);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.rfind("snapshot.json:", 0), 0U) << run.err;
}

}  // namespace cytostorm::testing
