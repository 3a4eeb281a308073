// cytostorm: the command-line program. One file per subcommand; this one only dispatches.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
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
      if (c.app->parsed()) return c.run();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cytostorm: internal error: %s\n", e.what());
    return 1;
  }
  return kExitBadInput;
}
