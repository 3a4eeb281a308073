#pragma once
// The shape every subcommand file follows: it registers its options on the app and returns what
// to run when the user chose it.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/grading/engine.hpp"
#include "cytostorm/io/data_folder.hpp"
#include "cytostorm/record/event.hpp"
#include "cytostorm/record/input_error.hpp"

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

/// `cytostorm grade`.
Command add_grade(CLI::App& parent);

/// `cytostorm simulate`.
Command add_simulate(CLI::App& parent);

/// `cytostorm trial`.
Command add_trial(CLI::App& parent);

/// `cytostorm advise`.
Command add_advise(CLI::App& parent);

/// `cytostorm practice`.
Command add_practice(CLI::App& parent);

/// `cytostorm calibrate`.
Command add_calibrate(CLI::App& parent);

/// `cytostorm serve`.
Command add_serve(CLI::App& parent);

/// The folder of built-in data (model parameters, products, policies).
using io::data_dir;

/// The folder of the bedside pages: $CYTOSTORM_WEB when set, else the source tree's web/ for a
/// build-tree binary, else the installed share/cytostorm/web; empty when there is none.
std::string web_dir();

/// The options every grading command shares: the CAPD age cut-off and the airway-protection
/// oxygen rule.
void add_rule_options(CLI::App& app, clinical::RuleOptions& rules);

/// The options of the time-series engine (fever window, resolution, masking drugs) and the
/// rule options.
void add_engine_options(CLI::App& app, grading::EngineOptions& engine);

/// Writes a command's output files all or none (io::write_all_atomically); on failure prints
/// "cytostorm COMMAND: ...; nothing written".
/// @param command the subcommand, for the message
/// @param dir the output folder
/// @param files file names in `dir` and their contents
/// @return true when every file was written
bool write_files(const std::string& command, const std::filesystem::path& dir,
                 const std::vector<std::pair<std::string, std::string>>& files);

/// The patient `id` of an event table or FHIR Bundle, or an error naming the file (and the
/// patients it does hold, when `id` is not among them).
record::Result<record::PatientRecord> read_patient(const std::string& path, const std::string& id);

}  // namespace cytostorm::cli
