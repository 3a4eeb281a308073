#pragma once
/// @file
/// A virtual clinician's policy, read from TOML (data/policies/*.toml): when to measure, when to
/// give fluids, vasopressors and oxygen, when to give tocilizumab and steroids.

#include <string>
#include <vector>

#include "cytostorm/record/input_error.hpp"
#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::population {

/// One step of the oxygen ladder.
struct OxygenStep {
  record::OxygenDevice device = record::OxygenDevice::nasal_cannula;
  double flow_l_min = 0.0;  ///< 0 when the device has no flow setting
  double fio2_pct = 21.0;
};

/// Everything the virtual clinician does, as numbers.
struct Policy {
  std::string name;
  std::string description;
  // monitoring
  double vitals_every_hours = 4.0;
  double ice_every_hours = 12.0;
  int imaging_at_icans_grade = 3;
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
  // tocilizumab
  int tocilizumab_crs_grade = 2;
  double tocilizumab_mg_per_kg = 8.0;
  double tocilizumab_mg_per_kg_under_30kg = 12.0;
  double tocilizumab_max_dose_mg = 800.0;
  double tocilizumab_min_interval_hours = 8.0;
  int tocilizumab_max_per_24h = 3;
  int tocilizumab_max_total = 4;
  // dexamethasone
  int dexamethasone_icans_grade = 2;
  int dexamethasone_crs_grade = 3;
  double dexamethasone_mg = 10.0;
  double dexamethasone_interval_hours = 6.0;
  // prophylaxis
  double prophylactic_dexamethasone_mg = 0.0;
  std::vector<int> prophylactic_dexamethasone_days;
};

/// Reads a policy. Every key is checked: an unknown key, a wrong type or a value out of range is
/// an error naming the file, the line and the key.
/// @param path the TOML file
record::Result<Policy> load_policy(const std::string& path);

/// The path of a policy given by name ("standard") or path: a name is looked up as
/// `data_dir/policies/NAME.toml`.
std::string policy_path(const std::string& data_dir, const std::string& name_or_path);

}  // namespace cytostorm::population
