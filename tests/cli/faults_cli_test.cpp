// What the user sees when the machine fails under the CLI (issue 9): an output folder that cannot
// be written, a full disk, and Ctrl-C in the middle of a virtual trial. Each gives a clear message
// and leaves complete files or none, never a partial one.
//
// The unwritable folder and the full disk are real file systems: a read-only or a tiny tmpfs
// mounted in a private mount namespace (unshare -rm), which works as root and, where user
// namespaces are allowed, as any user. Where neither works the test says so and is skipped.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include "support/run_cli.hpp"

namespace cytostorm::testing {
namespace {

namespace fs = std::filesystem;

const std::string kCohort = std::string(CYTOSTORM_SOURCE_DIR) + "/data/examples/cohort.csv";
constexpr int kMountFailed = 99;

// A wrapper running the CLI with a fresh tmpfs (mount `options`) at `dir`, in a mount namespace of
// its own; afterwards the files left in `dir` are listed on standard error as "left: a b ".
std::vector<std::string> on_tmpfs(const std::string& options, const std::string& dir) {
  return {"unshare",
          "-rm",
          "sh",
          "-c",
          "mount -t tmpfs -o \"$1\" tmpfs \"$2\" 2>/dev/null || exit 99; d=$2; shift 2; \"$@\"; "
          "rc=$?; echo \"left: $(ls -A \"$d\" | tr '\\n' ' ')\" >&2; exit $rc",
          "sh",
          options,
          dir};
}

// What the files left in the folder were ("" when none).
std::string left_over(const std::string& err) {
  const auto at = err.rfind("left: ");
  return at == std::string::npos ? std::string("(not listed)") : err.substr(at + 6);
}

constexpr const char* kNoMount =
    "cannot mount a tmpfs in a private mount namespace here (unshare -rm: no user namespaces "
    "and not root); this fault test needs one";

TEST(OutputFaults, GradeIntoAReadOnlyFolderSaysWhyAndLeavesNoFile) {
  Scratch s;
  const std::string dir = s.dir() + "/out";
  fs::create_directories(dir);
  const auto run = run_cli_under(on_tmpfs("ro", dir),
                                 {"grade", kCohort, "--format", "json", "-o", dir + "/g.json"});
  if (run.exit_code == kMountFailed) GTEST_SKIP() << kNoMount;
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find(dir + "/g.json: cannot create a file beside it: Read-only file system"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(left_over(run.err), "\n");
}

TEST(OutputFaults, TrialIntoAReadOnlyFolderWritesNothing) {
  Scratch s;
  const std::string dir = s.dir() + "/out";
  fs::create_directories(dir);
  const auto run = run_cli_under(on_tmpfs("ro", dir),
                                 {"trial", "--preset", "zuma-1", "--patients", "2", "-o", dir});
  if (run.exit_code == kMountFailed) GTEST_SKIP() << kNoMount;
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("cytostorm trial: " + dir +
                         "/patients.csv: cannot create a file beside it: Read-only file system; "
                         "nothing written"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(left_over(run.err), "\n");
}

TEST(OutputFaults, UnwritableFolderAsAnOrdinaryUser) {
  if (geteuid() == 0)
    GTEST_SKIP() << "root writes into a read-only mode folder; see the tmpfs tests";
  Scratch s;
  const std::string dir = s.dir() + "/out";
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
  const auto run = run_cli({"grade", kCohort, "-o", dir + "/g.csv"});
  fs::permissions(dir, fs::perms::owner_all);
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find(dir + "/g.csv: cannot create a file beside it: Permission denied"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(OutputFaults, GradeOntoAFullDiskSaysSoAndLeavesNoPartialFile) {
  Scratch s;
  const std::string dir = s.dir() + "/out";
  fs::create_directories(dir);
  // Two pages of room; the JSON of the cohort is larger.
  const auto run = run_cli_under(
      on_tmpfs("size=8k", dir),
      {"grade", kCohort, "--scale", "all", "--format", "json", "-o", dir + "/g.json"});
  if (run.exit_code == kMountFailed) GTEST_SKIP() << kNoMount;
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find(dir + "/g.json: cannot write: No space left on device"), std::string::npos)
      << run.err;
  EXPECT_EQ(left_over(run.err), "\n");
  // With room the same command writes the file: the disk was the only problem.
  const auto roomy = run_cli_under(
      on_tmpfs("size=4m", dir),
      {"grade", kCohort, "--scale", "all", "--format", "json", "-o", dir + "/g.json"});
  EXPECT_EQ(roomy.exit_code, 0) << roomy.err;
  EXPECT_EQ(left_over(roomy.err), "g.json \n");
}

TEST(OutputFaults, TrialOntoAFullDiskWritesNoneOfItsFiles) {
  Scratch s;
  const std::string dir = s.dir() + "/out";
  fs::create_directories(dir);
  // Room for two small files; a trial writes three, so at least one cannot be written.
  const auto run = run_cli_under(on_tmpfs("size=8k", dir),
                                 {"trial", "--preset", "zuma-1", "--patients", "4", "-o", dir});
  if (run.exit_code == kMountFailed) GTEST_SKIP() << kNoMount;
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("No space left on device; nothing written"), std::string::npos) << run.err;
  EXPECT_EQ(left_over(run.err), "\n");
}

TEST(OutputFaults, AFullStandardOutputIsAnErrorNotASilentSuccess) {
  const std::vector<std::string> to_dev_full{"sh", "-c", "exec \"$@\" >/dev/full", "sh"};
  const std::string snapshot =
      std::string(CYTOSTORM_SOURCE_DIR) + "/data/examples/01-fever-norepinephrine-vasopressin.json";
  for (const auto& args :
       {std::vector<std::string>{"grade", kCohort}, std::vector<std::string>{"assess", snapshot}}) {
    const auto run = run_cli_under(to_dev_full, args);
    EXPECT_EQ(run.exit_code, 2) << args[0] << ": " << run.err;
    EXPECT_NE(run.err.find("cytostorm: standard output: cannot write: No space left on device"),
              std::string::npos)
        << run.err;
    EXPECT_EQ(run_cli(args).exit_code, 0) << args[0];
  }
}

TEST(TrialInterrupt, CtrlCStopsTheWorkersAndWritesNothing) {
  Scratch s;
  const std::string out = s.dir() + "/out", err = s.dir() + "/stderr";
  const pid_t pid = start_cli({"trial", "--preset", "zuma-1", "--patients", "100000", "--threads",
                               "2", "--progress", "-o", out},
                              err);
  ASSERT_GT(pid, 0);
  // Interrupt once the first patients are done (the progress line shows them).
  ASSERT_TRUE(wait_for_text(err, " patients, ", std::chrono::seconds(120))) << read_bytes(err);
  kill(pid, SIGINT);
  const int status = wait_for(pid, std::chrono::seconds(120));
  ASSERT_NE(status, -1) << "the trial did not stop within 2 minutes of SIGINT";
  ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_NE(read_bytes(err).find("cytostorm trial: interrupted; nothing written to " + out),
            std::string::npos)
      << read_bytes(err);
  ASSERT_TRUE(fs::is_directory(out));
  EXPECT_TRUE(fs::is_empty(out)) << "files left in " << out;
}

TEST(TrialInterrupt, AnInterruptedRunKeepsTheResultsOfTheRunBefore) {
  Scratch s;
  const std::string out = s.dir() + "/out", err = s.dir() + "/stderr";
  const auto first = run_cli({"trial", "--preset", "zuma-1", "--patients", "3", "-o", out});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string summary = read_bytes(out + "/summary.json");
  const pid_t pid = start_cli({"trial", "--preset", "zuma-1", "--patients", "100000", "--seed", "7",
                               "--threads", "2", "--progress", "-o", out},
                              err);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(wait_for_text(err, " patients, ", std::chrono::seconds(120))) << read_bytes(err);
  kill(pid, SIGTERM);
  const int status = wait_for(pid, std::chrono::seconds(120));
  ASSERT_TRUE(status != -1 && WIFEXITED(status)) << read_bytes(err);
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_EQ(read_bytes(out + "/summary.json"), summary);
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(out)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"patients.csv", "plot.svg", "summary.json"}));
}

}  // namespace
}  // namespace cytostorm::testing
