#include "cytostorm/population/policy.hpp"

#include <fmt/format.h>

#include "cytostorm/io/guideline_toml.hpp"
#include "cytostorm/io/toml_reader.hpp"

namespace cytostorm::population {

namespace {

void read_monitoring(const io::TomlTable& m, Policy& p) {
  m.accept_only(
      {"vitals_every_hours", "ice_every_hours", "imaging_at_icans_grade", "response_after_hours"});
  p.vitals_every_hours = m.number("vitals_every_hours", 0.5, 24);
  p.ice_every_hours = m.number("ice_every_hours", 1, 48);
  p.imaging_at_icans_grade = m.integer("imaging_at_icans_grade", 1, 5);
  p.response_after_hours = m.number("response_after_hours", 0, 72);
}

void read_circulation(const io::TomlTable& f, const io::TomlTable& v, Policy& p) {
  f.accept_only({"map_below_mmhg", "bolus_ml", "boluses_before_vasopressor", "window_hours"});
  p.fluids_map_below_mmhg = f.number("map_below_mmhg", 30, 100);
  p.bolus_ml = f.number("bolus_ml", 0, 3000);
  p.boluses_before_vasopressor = f.integer("boluses_before_vasopressor", 0, 10);
  p.fluids_window_hours = f.number("window_hours", 1, 48);
  // The clinician decides once a round and gives at most one bolus a round: the boluses that must
  // come before a vasopressor have to fit in the window, or hypotension never gets a vasopressor.
  if (p.boluses_before_vasopressor * p.vitals_every_hours >= p.fluids_window_hours) {
    f.fail("window_hours",
           fmt::format("{:g} h cannot hold the {} boluses (one per round, rounds every {:g} h) "
                       "that come before a vasopressor: make it longer than {:g} h",
                       p.fluids_window_hours, p.boluses_before_vasopressor, p.vitals_every_hours,
                       p.boluses_before_vasopressor * p.vitals_every_hours));
  }
  v.accept_only({"map_below_mmhg", "wean_map_above_mmhg", "start_ug_min", "step_ug_min",
                 "max_ug_min", "add_vasopressin_u_min",
                 "vasopressin_ne_equivalent_ug_min_per_u_min"});
  p.pressor_map_below_mmhg = v.number("map_below_mmhg", 30, 100);
  p.wean_map_above_mmhg = v.number("wean_map_above_mmhg", 30, 120);
  p.norepinephrine_start_ug_min = v.number("start_ug_min", 0.1, 100);
  p.norepinephrine_step_ug_min = v.number("step_ug_min", 0.1, 100);
  p.norepinephrine_max_ug_min = v.number("max_ug_min", 0.1, 200);
  p.vasopressin_u_min = v.number("add_vasopressin_u_min", 0, 0.1);
  p.vasopressin_ne_equivalent = v.number("vasopressin_ne_equivalent_ug_min_per_u_min", 0, 1000);
  if (p.wean_map_above_mmhg <= p.pressor_map_below_mmhg) {
    v.fail("wean_map_above_mmhg", "must be above map_below_mmhg");
  }
}

void read_oxygen(const io::TomlTable& o, Policy& p) {
  o.accept_only({"spo2_below_pct", "spo2_above_pct", "steps"});
  p.spo2_below_pct = o.number("spo2_below_pct", 70, 100);
  p.spo2_above_pct = o.number("spo2_above_pct", 70, 100);
  for (const io::TomlTable& t : o.tables("steps")) {
    t.accept_only({"device", "flow_l_min", "fio2_pct"});
    OxygenStep s;
    s.device = t.choice("device", record::Vocabulary<record::OxygenDevice>::entries);
    if (s.device == record::OxygenDevice::room_air) {
      t.fail("device", "room air is where the ladder starts, not a step of it");
    }
    s.flow_l_min = t.number("flow_l_min", 0, 80, 0.0);
    s.fio2_pct = t.number("fio2_pct", 21, 100);
    p.oxygen_steps.push_back(s);
  }
  if (o.contains("steps") && p.oxygen_steps.empty()) o.fail("steps", "expected at least one step");
  if (p.spo2_above_pct <= p.spo2_below_pct) {
    o.fail("spo2_above_pct", "must be above spo2_below_pct");
  }
}

}  // namespace

record::Result<Policy> load_policy(const std::string& path) {
  auto doc = io::TomlDocument::parse_file(path);
  if (!doc) return doc.error();
  return read_policy(doc.value());
}

record::Result<Policy> read_policy(const io::TomlDocument& doc) {
  const io::TomlTable root = doc.root();
  root.accept_only({"name", "description", "guideline", "monitoring", "fluids", "vasopressor",
                    "oxygen", "prophylaxis", "added_row"});
  Policy p;
  p.name = root.text("name");
  p.description = root.text("description", "");
  p.guideline = root.text("guideline");
  read_monitoring(root.table("monitoring"), p);
  read_circulation(root.table("fluids"), root.table("vasopressor"), p);
  read_oxygen(root.table("oxygen"), p);
  const io::TomlTable x = root.table("prophylaxis");
  x.accept_only({"dexamethasone_mg", "dexamethasone_days"});
  p.prophylactic_dexamethasone_mg = x.number("dexamethasone_mg", 0, 100);
  if (x.contains("dexamethasone_days")) {
    p.prophylactic_dexamethasone_days = x.integers("dexamethasone_days", -7, 28);
  }
  if (root.contains("added_row")) {
    p.added_rows = io::read_guideline_rows(root, "added_row");
    for (auto& row : p.added_rows) row.source = fmt::format("policy {}", p.name);
  }
  return doc.result(std::move(p));
}

std::string policy_path(const std::string& data_dir, const std::string& name_or_path) {
  return io::data_file_path(data_dir, "policies", name_or_path);
}

}  // namespace cytostorm::population
