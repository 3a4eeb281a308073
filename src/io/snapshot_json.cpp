#include "cytostorm/io/snapshot_json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "cytostorm/clinical/capd.hpp"
#include "cytostorm/clinical/ice.hpp"
#include "cytostorm/io/located_json.hpp"
#include "cytostorm/record/units.hpp"

namespace cytostorm::io {

using nlohmann::json;
using record::InputError;

namespace {

// Thrown inside the reader and turned into the returned InputError at its entry point.
struct Invalid {
  InputError error;
};

class SnapshotReader {
 public:
  explicit SnapshotReader(const LocatedJson& doc) : doc_(doc) {}

  record::Snapshot read() {
    const json& root = doc_.root();
    expect_object(root, "");
    record::Snapshot s;
    check_keys(root, "",
               {"age_years",
                "weight_kg",
                "developmental_delay",
                "temperature_c",
                "temperature_f",
                "fever_masked",
                "hypotension",
                "sbp_mmhg",
                "fluid_boluses",
                "vasopressors",
                "oxygen",
                "ice",
                "capd",
                "consciousness",
                "sedated",
                "seizure",
                "motor",
                "edema",
                "hemorrhage",
                "global_aphasia",
                "posturing",
                "papilledema",
                "cn6_palsy",
                "cushing_triad",
                "tremor",
                "myoclonus",
                "organ_toxicity_max_grade",
                "transaminitis_grade",
                "creatinine_grade",
                "symptom_course",
                "iv_therapy",
                "ctcae_neuro",
                "attributed_to_other_cause",
                "death"});
    s.age_years = number(root, "", "age_years", 0, 130, "years");
    s.weight_kg = number(root, "", "weight_kg", 0.5, 500, "kg");
    s.developmental_delay = flag(root, "", "developmental_delay");
    s.temperature_c = number(root, "", "temperature_c", 25, 45, "C");
    if (auto f = number(root, "", "temperature_f", 77, 113, "F")) {
      if (s.temperature_c) fail("temperature_f", "give temperature_c or temperature_f, not both");
      s.temperature_c = record::fahrenheit_to_celsius(*f);
    }
    s.fever_masked = flag(root, "", "fever_masked");
    if (root.contains("hypotension")) s.hypotension = flag(root, "", "hypotension");
    s.sbp_mmhg = number(root, "", "sbp_mmhg", 20, 300, "mmHg");
    s.fluid_boluses = integer(root, "", "fluid_boluses", 0, 100);
    read_vasoactives(root, s);
    read_oxygen(root, s);
    read_ice(root, s);
    read_capd(root, s);
    s.consciousness = word<record::Consciousness>(root, "", "consciousness");
    s.sedated = flag(root, "", "sedated");
    s.seizure = word<record::Seizure>(root, "", "seizure").value_or(record::Seizure::none);
    s.motor = word<record::MotorFinding>(root, "", "motor").value_or(record::MotorFinding::none);
    s.edema = word<record::Edema>(root, "", "edema").value_or(record::Edema::none);
    s.hemorrhage = flag(root, "", "hemorrhage");
    s.global_aphasia = flag(root, "", "global_aphasia");
    s.posturing = flag(root, "", "posturing");
    s.papilledema = flag(root, "", "papilledema");
    s.cn6_palsy = flag(root, "", "cn6_palsy");
    s.cushing_triad = flag(root, "", "cushing_triad");
    s.tremor = flag(root, "", "tremor");
    s.myoclonus = flag(root, "", "myoclonus");
    s.organ_toxicity_max_grade = integer(root, "", "organ_toxicity_max_grade", 0, 5);
    s.transaminitis_grade = integer(root, "", "transaminitis_grade", 0, 5);
    s.creatinine_grade = integer(root, "", "creatinine_grade", 0, 5);
    s.symptom_course = word<record::SymptomCourse>(root, "", "symptom_course");
    s.iv_therapy = flag(root, "", "iv_therapy");
    read_ctcae_neuro(root, s);
    read_attribution(root, s);
    s.death = word<record::DeathCause>(root, "", "death");
    return s;
  }

 private:
  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw Invalid{doc_.error(path, message)};
  }

  void expect_object(const json& v, const std::string& path) const {
    if (!v.is_object()) {
      fail(path, fmt::format("expected an object, got {}", json_type_name(v)));
    }
  }

  void check_keys(const json& obj, const std::string& parent,
                  std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : obj.items()) {
      bool known = false;
      for (auto a : allowed) known = known || a == key;
      if (!known) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(json_child_path(parent, key), fmt::format("unknown key (accepted here: {})", list));
      }
    }
  }

  std::optional<double> number(const json& obj, const std::string& parent, const std::string& key,
                               double min, double max, std::string_view unit) const {
    if (!obj.contains(key)) return std::nullopt;
    const json& v = obj.at(key);
    const auto path = json_child_path(parent, key);
    if (!v.is_number()) fail(path, fmt::format("expected a number, got {}", json_type_name(v)));
    const double x = v.get<double>();
    if (!std::isfinite(x) || x < min || x > max) {
      fail(path, fmt::format("{:g} {} is out of range ({:g} to {:g} {})", x, unit, min, max, unit));
    }
    return x;
  }

  std::optional<int> integer(const json& obj, const std::string& parent, const std::string& key,
                             int min, int max) const {
    if (!obj.contains(key)) return std::nullopt;
    const json& v = obj.at(key);
    const auto path = json_child_path(parent, key);
    if (!v.is_number_integer() && !v.is_number_unsigned()) {
      fail(path, fmt::format("expected an integer, got {}", json_type_name(v)));
    }
    const auto x = v.get<long long>();
    if (x < min || x > max) fail(path, fmt::format("{} is out of range ({} to {})", x, min, max));
    return static_cast<int>(x);
  }

  bool flag(const json& obj, const std::string& parent, const std::string& key) const {
    if (!obj.contains(key)) return false;
    const json& v = obj.at(key);
    if (!v.is_boolean()) {
      fail(json_child_path(parent, key),
           fmt::format("expected true or false, got {}", json_type_name(v)));
    }
    return v.get<bool>();
  }

  std::optional<std::string> text(const json& obj, const std::string& parent,
                                  const std::string& key) const {
    if (!obj.contains(key)) return std::nullopt;
    const json& v = obj.at(key);
    if (!v.is_string()) {
      fail(json_child_path(parent, key),
           fmt::format("expected a string, got {}", json_type_name(v)));
    }
    return v.get<std::string>();
  }

  template <typename E>
  E word_value(const json& v, const std::string& path) const {
    if (!v.is_string()) fail(path, fmt::format("expected a string, got {}", json_type_name(v)));
    const auto s = v.get<std::string>();
    auto e = record::parse<E>(s);
    if (!e) {
      fail(path,
           fmt::format("unknown value \"{}\" (accepted: {})", s, record::accepted_names<E>()));
    }
    return *e;
  }

  template <typename E>
  std::optional<E> word(const json& obj, const std::string& parent, const std::string& key) const {
    if (!obj.contains(key)) return std::nullopt;
    return word_value<E>(obj.at(key), json_child_path(parent, key));
  }

  void read_vasoactives(const json& root, record::Snapshot& s) const {
    if (!root.contains("vasopressors")) return;
    const json& list = root.at("vasopressors");
    if (!list.is_array()) {
      fail("vasopressors", fmt::format("expected an array, got {}", json_type_name(list)));
    }
    std::set<record::VasoactiveDrug> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto path = fmt::format("vasopressors[{}]", i);
      const json& v = list[i];
      expect_object(v, path);
      check_keys(v, path, {"drug", "dose", "unit", "hours"});
      if (!v.contains("drug")) fail(path, "\"drug\" is required");
      record::VasoactiveInfusion inf;
      inf.drug = word_value<record::VasoactiveDrug>(v.at("drug"), path + ".drug");
      if (!seen.insert(inf.drug).second) {
        fail(path + ".drug", fmt::format("{} is listed twice", record::name(inf.drug)));
      }
      inf.dose = number(v, path, "dose", 0, 1e5, "");
      inf.unit = word<record::DoseRateUnit>(v, path, "unit");
      inf.hours = number(v, path, "hours", 0, 24 * 365, "h");
      if (inf.dose && !inf.unit) fail(path + ".dose", "a dose needs its \"unit\"");
      if (inf.unit) {
        const bool units = *inf.unit == record::DoseRateUnit::units_min;
        const bool vasopressin = inf.drug == record::VasoactiveDrug::vasopressin;
        if (units != vasopressin) {
          fail(path + ".unit",
               fmt::format("{} is not dosed in {} (vasopressin in U/min, other drugs in ug/min "
                           "or ug/kg/min)",
                           record::name(inf.drug), record::name(*inf.unit)));
        }
      }
      s.vasoactives.push_back(inf);
    }
  }

  void read_oxygen(const json& root, record::Snapshot& s) const {
    if (!root.contains("oxygen")) return;
    const json& o = root.at("oxygen");
    expect_object(o, "oxygen");
    check_keys(o, "oxygen", {"device", "flow_l_min", "fio2_pct", "purpose"});
    if (!o.contains("device")) fail("oxygen", "\"device\" is required");
    record::OxygenSupport support;
    support.device = word_value<record::OxygenDevice>(o.at("device"), "oxygen.device");
    support.flow_l_min = number(o, "oxygen", "flow_l_min", 0, 80, "L/min");
    support.fio2_pct = number(o, "oxygen", "fio2_pct", 21, 100, "%");
    support.purpose = word<record::OxygenPurpose>(o, "oxygen", "purpose")
                          .value_or(record::OxygenPurpose::hypoxia);
    s.oxygen = support;
  }

  void read_ice(const json& root, record::Snapshot& s) const {
    if (!root.contains("ice")) return;
    const json& o = root.at("ice");
    expect_object(o, "ice");
    check_keys(o, "ice",
               {"orientation", "naming", "commands", "writing", "attention", "total",
                "not_assessable_reason"});
    record::IceInput ice;
    const auto reason = text(o, "ice", "not_assessable_reason");
    std::array<record::ScoreItem, 5> items{};
    std::size_t given = 0;
    bool not_assessable = false;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto item = static_cast<record::IceItem>(i);
      const std::string key(record::name(item));
      if (!o.contains(key)) continue;
      ++given;
      const json& v = o.at(key);
      if (v.is_string() && v.get<std::string>() == "NA") {
        if (!reason || reason->empty()) {
          fail("ice." + key, "\"NA\" needs the reason in \"not_assessable_reason\"");
        }
        items[i].not_assessable_reason = *reason;
        not_assessable = true;
        continue;
      }
      items[i].points = integer(o, "ice", key, 0, clinical::kIceItemMax[i]);
    }
    if (given > 0 && given < items.size()) {
      fail("ice", fmt::format("{} of the 5 ICE items given: give all five (\"NA\" for one that "
                              "cannot be assessed) or only \"total\"",
                              given));
    }
    if (given > 0) ice.items = items;
    if (reason && !not_assessable) {
      fail("ice.not_assessable_reason", "given, but no item is \"NA\"");
    }
    ice.total = integer(o, "ice", "total", 0, 10);
    if (ice.total && not_assessable) {
      fail("ice.total", "an ICE with a not-assessable item has no total (it is never scored 0)");
    }
    if (ice.total && ice.items) {
      int sum = 0;
      for (const auto& it : items) sum += it.points.value_or(0);
      if (sum != *ice.total) {
        fail("ice.total",
             fmt::format("{} differs from the sum of the items ({})", *ice.total, sum));
      }
    }
    if (!ice.total && !ice.items) fail("ice", "give the five items or \"total\"");
    s.ice = ice;
  }

  void read_capd(const json& root, record::Snapshot& s) const {
    if (!root.contains("capd")) return;
    const json& o = root.at("capd");
    expect_object(o, "capd");
    check_keys(o, "capd",
               {"eye_contact", "purposeful", "aware", "communicates", "restless", "inconsolable",
                "underactive", "slow_response", "total", "unable_to_perform"});
    record::CapdInput capd;
    std::array<record::CapdFrequency, 8> answers{};
    std::size_t given = 0;
    for (std::size_t i = 0; i < answers.size(); ++i) {
      const std::string key(record::name(static_cast<record::CapdItem>(i)));
      if (!o.contains(key)) continue;
      ++given;
      const json& v = o.at(key);
      if (v.is_string()) {
        answers[i] = word_value<record::CapdFrequency>(v, "capd." + key);
      } else {
        answers[i] = static_cast<record::CapdFrequency>(*integer(o, "capd", key, 0, 4));
      }
    }
    if (given > 0 && given < answers.size()) {
      fail("capd",
           fmt::format("{} of the 8 CAPD items given: give all eight or only \"total\"", given));
    }
    if (given > 0) capd.answers = answers;
    capd.total = integer(o, "capd", "total", 0, 32);
    capd.unable_to_perform = flag(o, "capd", "unable_to_perform");
    if (capd.total && capd.answers) {
      int sum = 0;
      for (std::size_t i = 0; i < answers.size(); ++i) {
        sum += clinical::capd_points(static_cast<record::CapdItem>(i), answers[i]);
      }
      if (sum != *capd.total) {
        fail("capd.total", fmt::format("{} differs from the items' score ({})", *capd.total, sum));
      }
    }
    if (capd.unable_to_perform && (capd.total || capd.answers)) {
      fail("capd.unable_to_perform", "a CAPD that could not be performed has no score");
    }
    if (!capd.total && !capd.answers && !capd.unable_to_perform) {
      fail("capd", "give the eight items, \"total\" or \"unable_to_perform\"");
    }
    s.capd = capd;
  }

  void read_ctcae_neuro(const json& root, record::Snapshot& s) const {
    if (!root.contains("ctcae_neuro")) return;
    const json& o = root.at("ctcae_neuro");
    expect_object(o, "ctcae_neuro");
    check_keys(o, "ctcae_neuro",
               {"encephalopathy", "confusion", "dysphasia", "seizure", "somnolence"});
    auto& n = s.ctcae_neuro;
    n.encephalopathy = integer(o, "ctcae_neuro", "encephalopathy", 0, 5);
    n.confusion = integer(o, "ctcae_neuro", "confusion", 0, 5);
    n.dysphasia = integer(o, "ctcae_neuro", "dysphasia", 0, 5);
    n.seizure = integer(o, "ctcae_neuro", "seizure", 0, 5);
    n.somnolence = integer(o, "ctcae_neuro", "somnolence", 0, 5);
  }

  void read_attribution(const json& root, record::Snapshot& s) const {
    const std::string key = "attributed_to_other_cause";
    if (!root.contains(key)) return;
    const json& list = root.at(key);
    if (!list.is_array()) fail(key, fmt::format("expected an array, got {}", json_type_name(list)));
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto path = fmt::format("{}[{}]", key, i);
      const json& v = list[i];
      if (!v.is_string()) fail(path, fmt::format("expected a string, got {}", json_type_name(v)));
      const auto sign = v.get<std::string>();
      if (sign == "fever") {
        s.attributed.fever = true;
      } else if (sign == "hypotension") {
        s.attributed.hypotension = true;
      } else if (sign == "hypoxia") {
        s.attributed.hypoxia = true;
      } else if (sign == "encephalopathy") {
        s.attributed.encephalopathy = true;
      } else {
        fail(path, fmt::format("unknown sign \"{}\" (accepted: fever, hypotension, hypoxia, "
                               "encephalopathy)",
                               sign));
      }
    }
  }

  const LocatedJson& doc_;
};

}  // namespace

record::Result<record::Snapshot> read_snapshot(std::string_view text, const std::string& file) {
  auto doc = LocatedJson::parse(text, file);
  if (!doc) return doc.error();
  try {
    return SnapshotReader(doc.value()).read();
  } catch (const Invalid& e) {
    return e.error;
  }
}

}  // namespace cytostorm::io
