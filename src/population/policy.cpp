#include "cytostorm/population/policy.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>
#include <set>

namespace cytostorm::population {

namespace {

struct Invalid {
  record::InputError error;
};

// Reads the tables of a policy strictly: every key known, every value typed and in range.
class PolicyReader {
 public:
  PolicyReader(const toml::table& root, std::string file) : root_(root), file_(std::move(file)) {}

  Policy read() {
    Policy p;
    known(root_, "",
          {"name", "description", "monitoring", "fluids", "vasopressor", "oxygen", "tocilizumab",
           "dexamethasone", "prophylaxis"});
    p.name = text(root_, "", "name", true);
    p.description = text(root_, "", "description", false);
    const auto& m = table(root_, "monitoring");
    known(m, "monitoring", {"vitals_every_hours", "ice_every_hours", "imaging_at_icans_grade"});
    p.vitals_every_hours = number(m, "monitoring", "vitals_every_hours", 0.5, 24);
    p.ice_every_hours = number(m, "monitoring", "ice_every_hours", 1, 48);
    p.imaging_at_icans_grade = integer(m, "monitoring", "imaging_at_icans_grade", 1, 5);
    const auto& f = table(root_, "fluids");
    known(f, "fluids",
          {"map_below_mmhg", "bolus_ml", "boluses_before_vasopressor", "window_hours"});
    p.fluids_map_below_mmhg = number(f, "fluids", "map_below_mmhg", 30, 100);
    p.bolus_ml = number(f, "fluids", "bolus_ml", 0, 3000);
    p.boluses_before_vasopressor = integer(f, "fluids", "boluses_before_vasopressor", 0, 10);
    p.fluids_window_hours = number(f, "fluids", "window_hours", 1, 48);
    const auto& v = table(root_, "vasopressor");
    known(v, "vasopressor",
          {"map_below_mmhg", "wean_map_above_mmhg", "start_ug_min", "step_ug_min", "max_ug_min",
           "add_vasopressin_u_min", "vasopressin_ne_equivalent_ug_min_per_u_min"});
    p.pressor_map_below_mmhg = number(v, "vasopressor", "map_below_mmhg", 30, 100);
    p.wean_map_above_mmhg = number(v, "vasopressor", "wean_map_above_mmhg", 30, 120);
    p.norepinephrine_start_ug_min = number(v, "vasopressor", "start_ug_min", 0.1, 100);
    p.norepinephrine_step_ug_min = number(v, "vasopressor", "step_ug_min", 0.1, 100);
    p.norepinephrine_max_ug_min = number(v, "vasopressor", "max_ug_min", 0.1, 200);
    p.vasopressin_u_min = number(v, "vasopressor", "add_vasopressin_u_min", 0, 0.1);
    p.vasopressin_ne_equivalent =
        number(v, "vasopressor", "vasopressin_ne_equivalent_ug_min_per_u_min", 0, 1000);
    const auto& o = table(root_, "oxygen");
    known(o, "oxygen", {"spo2_below_pct", "spo2_above_pct", "steps"});
    p.spo2_below_pct = number(o, "oxygen", "spo2_below_pct", 70, 100);
    p.spo2_above_pct = number(o, "oxygen", "spo2_above_pct", 70, 100);
    read_oxygen_steps(o, p);
    const auto& t = table(root_, "tocilizumab");
    known(t, "tocilizumab",
          {"crs_grade_at_least", "mg_per_kg", "mg_per_kg_under_30kg", "max_dose_mg",
           "min_interval_hours", "max_per_24h", "max_total"});
    p.tocilizumab_crs_grade = integer(t, "tocilizumab", "crs_grade_at_least", 1, 5);
    p.tocilizumab_mg_per_kg = number(t, "tocilizumab", "mg_per_kg", 0, 12);
    p.tocilizumab_mg_per_kg_under_30kg = number(t, "tocilizumab", "mg_per_kg_under_30kg", 0, 12);
    p.tocilizumab_max_dose_mg = number(t, "tocilizumab", "max_dose_mg", 0, 800);
    p.tocilizumab_min_interval_hours = number(t, "tocilizumab", "min_interval_hours", 0, 72);
    p.tocilizumab_max_per_24h = integer(t, "tocilizumab", "max_per_24h", 0, 3);
    p.tocilizumab_max_total = integer(t, "tocilizumab", "max_total", 0, 4);
    const auto& d = table(root_, "dexamethasone");
    known(d, "dexamethasone",
          {"icans_grade_at_least", "crs_grade_at_least", "dose_mg", "interval_hours"});
    p.dexamethasone_icans_grade = integer(d, "dexamethasone", "icans_grade_at_least", 1, 5);
    p.dexamethasone_crs_grade = integer(d, "dexamethasone", "crs_grade_at_least", 1, 5);
    p.dexamethasone_mg = number(d, "dexamethasone", "dose_mg", 0, 100);
    p.dexamethasone_interval_hours = number(d, "dexamethasone", "interval_hours", 1, 48);
    const auto& x = table(root_, "prophylaxis");
    known(x, "prophylaxis", {"dexamethasone_mg", "dexamethasone_days"});
    p.prophylactic_dexamethasone_mg = number(x, "prophylaxis", "dexamethasone_mg", 0, 100);
    if (const auto* days = x.get("dexamethasone_days")) {
      const auto* list = days->as_array();
      if (!list) fail(*days, "prophylaxis.dexamethasone_days", "expected a list of days");
      for (const auto& day : *list) {
        const auto value = day.value<std::int64_t>();
        if (!value || *value < -7 || *value > 28) {
          fail(day, "prophylaxis.dexamethasone_days", "expected whole days from -7 to 28");
        }
        p.prophylactic_dexamethasone_days.push_back(static_cast<int>(*value));
      }
    }
    if (p.wean_map_above_mmhg <= p.pressor_map_below_mmhg) {
      fail(v, "vasopressor.wean_map_above_mmhg", "must be above map_below_mmhg");
    }
    if (p.spo2_above_pct <= p.spo2_below_pct) {
      fail(o, "oxygen.spo2_above_pct", "must be above spo2_below_pct");
    }
    return p;
  }

 private:
  [[noreturn]] void fail(const toml::node& at, const std::string& key,
                         const std::string& message) const {
    throw Invalid{{file_, at.source().begin.line,
                   fmt::format("column {}", at.source().begin.column),
                   fmt::format("key \"{}\": {}", key, message)}};
  }

  void known(const toml::table& t, const std::string& where,
             std::initializer_list<std::string_view> keys) const {
    for (const auto& [key, node] : t) {
      bool ok = false;
      for (auto k : keys) ok = ok || k == key.str();
      if (!ok) {
        std::string list;
        for (auto k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
        fail(node, where.empty() ? std::string(key.str()) : where + "." + std::string(key.str()),
             fmt::format("unknown key (accepted here: {})", list));
      }
    }
  }

  const toml::table& table(const toml::table& t, const std::string& key) const {
    const auto* node = t.get(key);
    if (!node) {
      throw Invalid{{file_, 0, "", fmt::format("the table [{}] is missing", key)}};
    }
    const auto* tab = node->as_table();
    if (!tab) fail(*node, key, "expected a table");
    return *tab;
  }

  std::string text(const toml::table& t, const std::string& where, const std::string& key,
                   bool required) const {
    const auto* node = t.get(key);
    if (!node) {
      if (required) throw Invalid{{file_, 0, "", fmt::format("key \"{}\" is missing", key)}};
      return {};
    }
    const auto value = node->value<std::string>();
    if (!value) fail(*node, where.empty() ? key : where + "." + key, "expected a string");
    return *value;
  }

  double number(const toml::table& t, const std::string& where, const std::string& key, double min,
                double max) const {
    const std::string path = where + "." + key;
    const auto* node = t.get(key);
    if (!node) throw Invalid{{file_, 0, "", fmt::format("key \"{}\" is missing", path)}};
    const auto value = node->value<double>();
    if (!value) fail(*node, path, "expected a number");
    if (*value < min || *value > max) {
      fail(*node, path, fmt::format("{:g} is out of range ({:g} to {:g})", *value, min, max));
    }
    return *value;
  }

  int integer(const toml::table& t, const std::string& where, const std::string& key, int min,
              int max) const {
    const std::string path = where + "." + key;
    const auto* node = t.get(key);
    if (!node) throw Invalid{{file_, 0, "", fmt::format("key \"{}\" is missing", path)}};
    const auto value = node->value_exact<std::int64_t>();
    if (!value) fail(*node, path, "expected an integer");
    if (*value < min || *value > max) {
      fail(*node, path, fmt::format("{} is out of range ({} to {})", *value, min, max));
    }
    return static_cast<int>(*value);
  }

  void read_oxygen_steps(const toml::table& o, Policy& p) const {
    const auto* node = o.get("steps");
    if (!node) throw Invalid{{file_, 0, "", "key \"oxygen.steps\" is missing"}};
    const auto* list = node->as_array();
    if (!list || list->empty()) fail(*node, "oxygen.steps", "expected a list of steps");
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string where = fmt::format("oxygen.steps[{}]", i);
      const auto* step = (*list)[i].as_table();
      if (!step) fail((*list)[i], where, "expected { device = ..., fio2_pct = ... }");
      known(*step, where, {"device", "flow_l_min", "fio2_pct"});
      OxygenStep s;
      const auto device_name = text(*step, where, "device", true);
      const auto device = record::parse<record::OxygenDevice>(device_name);
      if (!device || *device == record::OxygenDevice::room_air) {
        fail(*step->get("device"), where + ".device",
             fmt::format("unknown device \"{}\" (accepted: {})", device_name,
                         record::accepted_names<record::OxygenDevice>()));
      }
      s.device = *device;
      s.flow_l_min = step->contains("flow_l_min") ? number(*step, where, "flow_l_min", 0, 80) : 0;
      s.fio2_pct = number(*step, where, "fio2_pct", 21, 100);
      p.oxygen_steps.push_back(s);
    }
  }

  const toml::table& root_;
  std::string file_;
};

}  // namespace

record::Result<Policy> load_policy(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return record::InputError{path, e.source().begin.line,
                              fmt::format("column {}", e.source().begin.column),
                              fmt::format("malformed TOML: {}", e.description())};
  }
  try {
    return PolicyReader(root, path).read();
  } catch (const Invalid& e) {
    return e.error;
  }
}

std::string policy_path(const std::string& data_dir, const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".toml")) {
    return name_or_path;
  }
  return (std::filesystem::path(data_dir) / "policies" / (name_or_path + ".toml")).string();
}

}  // namespace cytostorm::population
