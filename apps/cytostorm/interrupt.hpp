#pragma once
// Ctrl-C for the long commands (trial, calibrate): the first SIGINT or SIGTERM sets a flag the
// run polls (population::RunOptions::stop), so it can stop cleanly; a second one ends the
// process at once.

#include <atomic>

namespace cytostorm::cli {

/// Set by the first SIGINT or SIGTERM after stop_on_interrupt().
extern std::atomic<bool> interrupted;

/// Installs the handlers: the first signal sets `interrupted`, the second one ends the process.
void stop_on_interrupt();

/// Exit code of a process stopped by SIGINT (128 + 2), as a shell reports it.
inline constexpr int kExitInterrupted = 130;

}  // namespace cytostorm::cli
