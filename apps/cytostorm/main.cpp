// cytostorm: the command-line program. One file per subcommand; this one only dispatches.

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <vector>

#include "command.hpp"

int main(int argc, char** argv) {
  using namespace cytostorm::cli;
  CLI::App app{
      "cytostorm: grade cytokine release syndrome (CRS) and ICANS after CAR-T cell therapy by the "
      "ASTCT 2019 consensus and the older scales, with the findings and the citation behind every "
      "grade."};
  app.set_version_flag("--version", CYTOSTORM_VERSION);
  app.require_subcommand(1, 1);
  app.footer(
      "Exit codes: 0 success, 2 bad input or usage (the message names the file, line, "
      "column and what is wrong).\nRun 'cytostorm COMMAND --help' for a command's options.");
  std::vector<Command> commands{add_assess(app),    add_grade(app), add_simulate(app),
                                add_advise(app),    add_trial(app), add_practice(app),
                                add_calibrate(app), add_serve(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  try {
    for (const auto& c : commands) {
      if (!c.app->parsed()) continue;
      const int code = c.run();
      // Output that did not reach its file (a full disk under `> file`) is an error, not a
      // silent success.
      std::cout.flush();
      if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
        std::fprintf(stderr, "cytostorm: standard output: cannot write: %s\n",
                     std::strerror(errno ? errno : EIO));
        return code == kExitOk ? kExitBadInput : code;
      }
      return code;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cytostorm: internal error: %s\n", e.what());
    return 1;
  }
  return kExitBadInput;
}
