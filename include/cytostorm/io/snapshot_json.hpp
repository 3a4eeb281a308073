#pragma once
/// @file
/// Reading the snapshot JSON of formats.md section 2, strictly: an unknown key or value, a wrong
/// type or a number out of range is an error naming the key, the line and the column.

#include <string>
#include <string_view>

#include "cytostorm/record/input_error.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::io {

/// Parses one snapshot. `//` and `/* */` comments are allowed, as in the format's examples.
/// @param text the JSON document
/// @param file the name used in error messages
/// @return the snapshot, or the first error found
record::Result<record::Snapshot> read_snapshot(std::string_view text, const std::string& file);

}  // namespace cytostorm::io
