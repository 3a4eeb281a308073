#pragma once
/// @file
/// A virtual clinician's policy, read from TOML (data/policies/*.toml): when to measure, when to
/// give fluids, vasopressors and oxygen (supportive care), steroid prophylaxis, and which
/// guideline rule set decides tocilizumab and corticosteroids (clinical::suggest(), with the
/// rule set's dose limits). A variant policy names another rule set or adds rows of its own
/// (an early-tocilizumab policy adds a tocilizumab row from CRS grade 1).

#include <string>
#include <vector>

#include "cytostorm/clinical/guideline.hpp"
#include "cytostorm/io/toml_reader.hpp"
#include "cytostorm/record/input_error.hpp"
#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::population {

/// One step of the oxygen ladder.
struct OxygenStep {
  record::OxygenDevice device = record::OxygenDevice::nasal_cannula;
  double flow_l_min = 0.0;  ///< 0 when the device has no flow setting
  double fio2_pct = 21.0;
};

/// Everything the virtual clinician does, as numbers, and the rule set it follows for drugs.
struct Policy {
  std::string name;
  std::string description;
  /// The guideline rule set for tocilizumab and corticosteroids: a name in data/guidelines/ or
  /// a file (io::guideline_path).
  std::string guideline = "asco-2021";
  /// Rows the policy adds after the rule set's own rows, cited as "policy NAME"; they obey the
  /// rule set's dose limits like its own rows.
  std::vector<clinical::GuidelineRow> added_rows;
  // monitoring
  double vitals_every_hours = 4.0;
  double ice_every_hours = 12.0;
  int imaging_at_icans_grade = 3;
  /// A syndrome counts as not improving when its grade is not lower this long after the last
  /// dose given while it was present (the rows' "no improvement").
  double response_after_hours = 8.0;
  // fluids
  double fluids_map_below_mmhg = 65.0;
  double bolus_ml = 1000.0;
  int boluses_before_vasopressor = 2;
  double fluids_window_hours = 6.0;
  // vasopressors
  double pressor_map_below_mmhg = 65.0;
  double wean_map_above_mmhg = 75.0;
  double norepinephrine_start_ug_min = 5.0;
  double norepinephrine_step_ug_min = 5.0;
  double norepinephrine_max_ug_min = 30.0;
  double vasopressin_u_min = 0.03;
  double vasopressin_ne_equivalent = 250.0;  ///< ug/min norepinephrine per U/min vasopressin
  // oxygen
  double spo2_below_pct = 92.0;
  double spo2_above_pct = 96.0;
  std::vector<OxygenStep> oxygen_steps;
  // prophylaxis
  double prophylactic_dexamethasone_mg = 0.0;
  std::vector<int> prophylactic_dexamethasone_days;
};

/// Reads a policy. Every key is checked: an unknown key, a wrong type or a value out of range
/// (in the added rows too: io::read_guideline_rows) is an error naming the file, the line and
/// the key.
/// @param path the TOML file
/// @return the policy, or the first error
record::Result<Policy> load_policy(const std::string& path);

/// As load_policy, from a document already parsed (a file's text held in memory).
/// @param doc the parsed TOML document
/// @return the policy, or the first error
record::Result<Policy> read_policy(const io::TomlDocument& doc);

/// The path of a policy given by name ("standard") or path: a name is looked up as
/// `data_dir/policies/NAME.toml`.
/// @param data_dir the data folder
/// @param name_or_path a name, or a path (it contains '/' or ends in .toml)
std::string policy_path(const std::string& data_dir, const std::string& name_or_path);

}  // namespace cytostorm::population
