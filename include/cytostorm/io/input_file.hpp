#pragma once
/// @file
/// Reading a whole input file (a snapshot, a FHIR Bundle, an answers file) as the user names it:
/// a path, or "-" for standard input.

#include <string>

#include "cytostorm/record/input_error.hpp"

namespace cytostorm::io {

/// The whole text of an input.
/// @param path the file, or "-" for standard input
/// @return the text, or an InputError "PATH: cannot open: REASON"
record::Result<std::string> read_input(const std::string& path);

}  // namespace cytostorm::io
