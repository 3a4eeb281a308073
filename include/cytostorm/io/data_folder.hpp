#pragma once
/// @file
/// Where cytostorm's built-in data (model parameters, product presets, policies, guideline rule
/// sets, trial presets, practice cases) is found at run time, for the CLI and the Python module.

#include <string>

namespace cytostorm::io {

/// The data folder: $CYTOSTORM_DATA when set and not empty, else the source tree's data/ when it
/// exists (a build-tree program), else the installed share/cytostorm.
/// @return the folder's path
std::string data_dir();

}  // namespace cytostorm::io
