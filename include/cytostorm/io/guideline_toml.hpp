#pragma once
/// @file
/// Guideline rule sets from TOML (data/guidelines/*.toml; the format is explained in the
/// comments of data/guidelines/asco-2021.toml): the name, title, reference and version of the
/// rule set, its [tocilizumab] limits, its [icu] grades and its [[row]]s. Read strictly by
/// io::TomlDocument.

#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/guideline.hpp"
#include "cytostorm/io/toml_reader.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::io {

/// Reads a rule set. Every key is checked: an unknown key, a wrong type, a value out of range,
/// an unknown action, condition or syndrome, a repeated row id, grades that are not consecutive,
/// a drug row without doses (or a tocilizumab row with doses: its dose follows [tocilizumab]),
/// or an ICANS tocilizumab row without `when = "concurrent_crs"` is an error naming the file,
/// the line and the key.
/// @param path the TOML file
/// @return the rule set, or the first error
record::Result<clinical::Guideline> load_guideline(const std::string& path);

/// As load_guideline, from a document already parsed (a file's text held in memory).
/// @param doc the parsed TOML document
/// @return the rule set, or the first error
record::Result<clinical::Guideline> read_guideline(const TomlDocument& doc);

/// The path of a rule set given by name ("asco-2021") or path: a name is looked up as
/// `data_dir/guidelines/NAME.toml`.
/// @param data_dir the data folder
/// @param name_or_path a name, or a path (it contains '/' or ends in .toml)
std::string guideline_path(const std::string& data_dir, const std::string& name_or_path);

/// The names of the rule sets shipped in `data_dir/guidelines` (each file's name without .toml).
/// @param data_dir the data folder
/// @return the names, sorted; none when the folder is missing
std::vector<std::string> guideline_names(const std::string& data_dir);

/// Reads the rows of the array of tables at `key` of `table`, with the checks of
/// load_guideline (also used for the rows a policy adds to its rule set). Problems are recorded
/// in the table's document.
/// @param table the table holding the array
/// @param key the array's key ("row")
/// @return the rows read (none after a problem)
std::vector<clinical::GuidelineRow> read_guideline_rows(const TomlTable& table,
                                                        std::string_view key);

}  // namespace cytostorm::io
