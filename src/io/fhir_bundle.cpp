#include "cytostorm/io/fhir_bundle.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <utility>

#include "cytostorm/io/located_json.hpp"
#include "cytostorm/record/event_time.hpp"
#include "cytostorm/record/patient_builder.hpp"

namespace cytostorm::io {

using nlohmann::json;
using record::InputError;

namespace {

constexpr std::string_view kLoinc = "http://loinc.org";
constexpr std::string_view kEventSystem = "urn:cytostorm:fhir:event";

// Thrown inside the reader and turned into the returned InputError at its entry point.
struct Invalid {
  InputError error;
};

// What a LOINC code becomes: an event-table kind and item.
struct LoincCode {
  std::string_view code, kind, item;
};

constexpr LoincCode kLoincCodes[] = {
    {"8310-5", "vital", "temperature"},
    {"8867-4", "vital", "heart_rate"},
    {"9279-1", "vital", "resp_rate"},
    {"8480-6", "vital", "sbp"},
    {"8462-4", "vital", "dbp"},
    {"8478-0", "vital", "map"},
    {"59408-5", "vital", "spo2"},
    {"2708-6", "vital", "spo2"},
    {"3150-0", "fio2", ""},
    {"3151-8", "oxygen", ""},  // flow of the device in use
    {"30525-0", "patient", "age_years"},
    {"29463-7", "patient", "weight_kg"},
};

// Blood-pressure panels: no value of their own, the components carry it.
constexpr std::string_view kPanels[] = {"85354-9", "55284-4"};

// Names a MedicationAdministration's drug may be written with (lower case; spaces as '_').
struct DrugName {
  std::string_view name, kind, item;
};

constexpr DrugName kDrugNames[] = {
    {"norepinephrine", "vasopressor", "norepinephrine"},
    {"noradrenaline", "vasopressor", "norepinephrine"},
    {"epinephrine", "vasopressor", "epinephrine"},
    {"adrenaline", "vasopressor", "epinephrine"},
    {"phenylephrine", "vasopressor", "phenylephrine"},
    {"dopamine", "vasopressor", "dopamine"},
    {"vasopressin", "vasopressor", "vasopressin"},
    {"angiotensin_ii", "vasopressor", "angiotensin_ii"},
    {"dobutamine", "vasopressor", "dobutamine"},
    {"milrinone", "vasopressor", "milrinone"},
    {"tocilizumab", "medication", "tocilizumab"},
    {"siltuximab", "medication", "siltuximab"},
    {"anakinra", "medication", "anakinra"},
    {"dexamethasone", "medication", "dexamethasone"},
    {"methylprednisolone", "medication", "methylprednisolone"},
    {"hydrocortisone", "medication", "hydrocortisone"},
    {"acetaminophen", "medication", "acetaminophen"},
    {"paracetamol", "medication", "acetaminophen"},
    {"ibuprofen", "medication", "ibuprofen"},
    {"levetiracetam", "medication", "levetiracetam"},
    {"axi-cel", "infusion", "axi-cel"},
    {"axicabtagene", "infusion", "axi-cel"},
    {"yescarta", "infusion", "axi-cel"},
    {"tisa-cel", "infusion", "tisa-cel"},
    {"tisagenlecleucel", "infusion", "tisa-cel"},
    {"kymriah", "infusion", "tisa-cel"},
    {"liso-cel", "infusion", "liso-cel"},
    {"lisocabtagene", "infusion", "liso-cel"},
    {"breyanzi", "infusion", "liso-cel"},
    {"brexu-cel", "infusion", "brexu-cel"},
    {"brexucabtagene", "infusion", "brexu-cel"},
    {"tecartus", "infusion", "brexu-cel"},
    {"ide-cel", "infusion", "ide-cel"},
    {"idecabtagene", "infusion", "ide-cel"},
    {"abecma", "infusion", "ide-cel"},
    {"cilta-cel", "infusion", "cilta-cel"},
    {"ciltacabtagene", "infusion", "cilta-cel"},
    {"carvykti", "infusion", "cilta-cel"},
};

// UCUM codes and common spellings, in the event table's units. Anything else passes unchanged
// and make_event says whether the item accepts it.
constexpr std::pair<std::string_view, std::string_view> kUnits[] = {
    {"Cel", "C"},
    {"degC", "C"},
    {"\u00b0C", "C"},
    {"[degF]", "F"},
    {"degF", "F"},
    {"\u00b0F", "F"},
    {"mm[Hg]", "mmHg"},
    {"l/min", "L/min"},
    {"{beats}/min", "/min"},
    {"{breaths}/min", "/min"},
    {"beats/min", "/min"},
    {"breaths/min", "/min"},
    {"a", "years"},
    {"yr", "years"},
    {"year", "years"},
    {"mcg", "ug"},
    {"mcg/kg", "ug/kg"},
    {"mcg/min", "ug/min"},
    {"mcg/kg/min", "ug/kg/min"},
    {"[iU]", "U"},
    {"{units}", "U"},
    {"units", "U"},
    {"[iU]/min", "U/min"},
    {"{units}/min", "U/min"},
    {"units/min", "U/min"},
    {"10*9/L", "10^9/L"},
    {"10*3/uL", "10^9/L"},
    {"ml", "mL"},
    {"1", ""},
};

std::string table_unit(std::string_view unit) {
  for (const auto& [from, to] : kUnits) {
    if (from == unit) return std::string(to);
  }
  // A bare UCUM annotation ("{score}") is a count without a unit.
  if (unit.size() >= 2 && unit.front() == '{' && unit.back() == '}' &&
      unit.find('{', 1) == std::string_view::npos) {
    return {};
  }
  return std::string(unit);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The words of a drug's name: letters, digits, '-' and '_'; anything else separates.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : lower(text)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      word += c;
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

// The drug a free-text name means: the whole name, else its first two words, else its first
// word, matched against kDrugNames.
const DrugName* drug_named(std::string_view text) {
  const auto words = words_of(text);
  if (words.empty()) return nullptr;
  std::string whole;
  for (const auto& w : words) whole += (whole.empty() ? "" : "_") + w;
  std::vector<std::string> candidates{whole};
  if (words.size() > 2) candidates.push_back(words[0] + "_" + words[1]);
  if (words.size() > 1) candidates.push_back(words[0]);
  for (const auto& c : candidates) {
    for (const auto& d : kDrugNames) {
      if (d.name == c) return &d;
    }
  }
  return nullptr;
}

// A FHIR date: "YYYY", "YYYY-MM" or "YYYY-MM-DD" (month and day 0 when not given).
struct PartialDate {
  int year = 0;
  unsigned month = 0, day = 0;
};

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<PartialDate> parse_date(std::string_view s) {
  if ((s.size() != 4 && s.size() != 7 && s.size() != 10) || !digits(s.substr(0, 4))) {
    return std::nullopt;
  }
  PartialDate d;
  d.year = std::stoi(std::string(s.substr(0, 4)));
  if (s.size() >= 7) {
    if (s[4] != '-' || !digits(s.substr(5, 2))) return std::nullopt;
    d.month = static_cast<unsigned>(std::stoi(std::string(s.substr(5, 2))));
    if (d.month < 1 || d.month > 12) return std::nullopt;
  }
  if (s.size() == 10) {
    if (s[7] != '-' || !digits(s.substr(8, 2))) return std::nullopt;
    d.day = static_cast<unsigned>(std::stoi(std::string(s.substr(8, 2))));
    if (!date::year_month_day{date::year{d.year}, date::month{d.month}, date::day{d.day}}.ok()) {
      return std::nullopt;
    }
  }
  return d;
}

std::string number_text(const json& v) {
  if (v.is_number_unsigned()) return fmt::format("{}", v.get<std::uint64_t>());
  if (v.is_number_integer()) return fmt::format("{}", v.get<std::int64_t>());
  return fmt::format("{}", v.get<double>());
}

std::string element(const std::string& parent, std::size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

// A field of an event row as read, with the JSON path it came from (empty: not given).
struct Field {
  std::string text;
  std::string path;
};

// One event row to be made, with the places of its parts for error messages.
struct Mapping {
  std::string kind, item;
  std::string code_path;
  std::string resource_path;
  Field value, unit, note;
};

// A time as written and where.
struct TimeField {
  std::string text;
  std::string path;
};

// A checked event on its way to the PatientBuilder.
struct Row {
  record::Event event;
  std::optional<record::TimePoint> time;
  std::string time_text;
  std::size_t entry = 0;  // 0-based Bundle entry index
  std::string code_path;
  // A vasopressor given over an effectivePeriod with an end.
  std::optional<record::TimePoint> end;
  std::string end_path;
};

// An inhaled-oxygen flow (LOINC 3151-8): the device is the one in use at its time.
struct PendingFlow {
  Mapping mapping;
  record::TimePoint time;
  std::string time_text;
  std::size_t entry = 0;
};

struct PatientState {
  std::string id;
  std::size_t entry = 0;
  std::string resource_path;
  std::optional<Field> birth_date;
  bool age_observed = false;
  std::vector<Row> rows;
  std::vector<PendingFlow> flows;
};

// The drug or product a MedicationAdministration names.
struct Drug {
  std::string kind, item;
  std::string path;
  bool coded = false;  // named by the cytostorm code system, not by free text
};

class BundleReader {
 public:
  BundleReader(const LocatedJson& doc, const std::string& file, FhirReadSummary& summary)
      : doc_(doc), file_(file), summary_(summary) {}

  std::vector<record::PatientRecord> read() {
    const json& root = doc_.root();
    if (!root.is_object()) {
      fail("", fmt::format("expected a FHIR Bundle (a JSON object), got {}", json_type_name(root)));
    }
    const auto resource_type = required_string(root, "", "resourceType");
    if (resource_type != "Bundle") {
      fail("resourceType", fmt::format("expected \"Bundle\", got \"{}\"", resource_type));
    }
    const auto type = required_string(root, "", "type");
    if (type != "collection" && type != "batch" && type != "transaction" && type != "searchset") {
      fail("type", fmt::format("Bundle type \"{}\" is not read (accepted: collection, batch, "
                               "transaction, searchset)",
                               type));
    }
    if (!root.contains("entry")) return {};
    const json& entries = root.at("entry");
    if (!entries.is_array()) {
      fail("entry", fmt::format("expected an array of entries, got {}", json_type_name(entries)));
    }
    summary_.entries = entries.size();
    // First the Patients and Medications, which other resources refer to.
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto ep = element("entry", i);
      const json& e = entries[i];
      if (!e.is_object())
        fail(ep, fmt::format("expected an entry object, got {}", json_type_name(e)));
      if (!e.contains("resource")) continue;
      const auto rp = json_child_path(ep, "resource");
      const json& r = e.at("resource");
      if (!r.is_object())
        fail(rp, fmt::format("expected a resource object, got {}", json_type_name(r)));
      const auto t = required_string(r, rp, "resourceType");
      const auto full_url = optional_string(e, ep, "fullUrl");
      if (t == "Patient") add_patient(r, rp, i, full_url);
      if (t == "Medication") {
        if (full_url) medication_by_url_[*full_url] = i;
        if (auto id = optional_string(r, rp, "id")) medication_by_url_["Medication/" + *id] = i;
      }
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const json& e = entries[i];
      if (!e.contains("resource")) {
        ignore("(entry without a resource)");
        continue;
      }
      const auto rp = json_child_path(element("entry", i), "resource");
      const json& r = e.at("resource");
      const auto t = r.at("resourceType").get<std::string>();
      if (t == "Patient" || t == "Medication") continue;
      std::size_t made = 0;
      if (t == "Observation") made = read_observation(r, rp, i);
      if (t == "MedicationAdministration") made = read_administration(r, rp, i);
      if (t == "Procedure") made = read_procedure(r, rp, i);
      if (made == 0) ignore(t);
    }
    std::vector<record::PatientRecord> out;
    out.reserve(patients_.size());
    for (auto& p : patients_) out.push_back(finish(p));
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw Invalid{doc_.error(path, message)};
  }

  void ignore(const std::string& type) {
    ++summary_.ignored;
    ++summary_.ignored_by_type[type];
  }

  // --- typed access ------------------------------------------------------------------------

  const json& object_at(const json& parent, const std::string& parent_path,
                        std::string_view key) const {
    const json& v = parent.at(std::string(key));
    if (!v.is_object()) {
      fail(json_child_path(parent_path, key),
           fmt::format("expected an object, got {}", json_type_name(v)));
    }
    return v;
  }

  const json& array_at(const json& parent, const std::string& parent_path,
                       std::string_view key) const {
    const json& v = parent.at(std::string(key));
    if (!v.is_array()) {
      fail(json_child_path(parent_path, key),
           fmt::format("expected an array, got {}", json_type_name(v)));
    }
    return v;
  }

  std::optional<std::string> optional_string(const json& parent, const std::string& parent_path,
                                             std::string_view key) const {
    const std::string k(key);
    if (!parent.contains(k)) return std::nullopt;
    const json& v = parent.at(k);
    if (!v.is_string()) {
      fail(json_child_path(parent_path, key),
           fmt::format("expected a string, got {}", json_type_name(v)));
    }
    return v.get<std::string>();
  }

  std::string required_string(const json& parent, const std::string& parent_path,
                              std::string_view key) const {
    auto s = optional_string(parent, parent_path, key);
    if (!s) fail(parent_path, fmt::format("\"{}\" is missing", key));
    return *s;
  }

  // note[0].text, the event's note.
  Field note_of(const json& r, const std::string& rp) const {
    if (!r.contains("note")) return {};
    const json& notes = array_at(r, rp, "note");
    if (notes.empty()) return {};
    const auto np = element(json_child_path(rp, "note"), 0);
    if (!notes[0].is_object()) {
      fail(np, fmt::format("expected an Annotation object, got {}", json_type_name(notes[0])));
    }
    auto text = optional_string(notes[0], np, "text");
    return {text.value_or(""), text ? json_child_path(np, "text") : np};
  }

  // A Quantity's value and unit (the UCUM code when there is one, else the unit text).
  void quantity(const json& parent, const std::string& parent_path, std::string_view key,
                Field& value, Field& unit) const {
    const json& q = object_at(parent, parent_path, key);
    const auto qp = json_child_path(parent_path, key);
    if (q.contains("comparator")) {
      fail(json_child_path(qp, "comparator"),
           "a comparator is not read; give the measured value itself");
    }
    if (!q.contains("value")) fail(qp, "the Quantity has no \"value\"");
    const json& v = q.at("value");
    if (!v.is_number()) {
      fail(json_child_path(qp, "value"),
           fmt::format("expected a number, got {}", json_type_name(v)));
    }
    value = {number_text(v), json_child_path(qp, "value")};
    if (auto code = optional_string(q, qp, "code")) {
      unit = {table_unit(*code), json_child_path(qp, "code")};
    } else if (auto text = optional_string(q, qp, "unit")) {
      unit = {table_unit(*text), json_child_path(qp, "unit")};
    } else {
      unit = {"", qp};
    }
  }

  // The time of a resource: the first of `instants` present, else `period`.start.
  std::optional<TimeField> time_of(const json& r, const std::string& rp,
                                   std::initializer_list<std::string_view> instants,
                                   std::string_view period) const {
    for (auto key : instants) {
      if (auto s = optional_string(r, rp, key)) return TimeField{*s, json_child_path(rp, key)};
    }
    if (!r.contains(std::string(period))) return std::nullopt;
    const json& p = object_at(r, rp, period);
    const auto pp = json_child_path(rp, period);
    auto start = optional_string(p, pp, "start");
    if (!start) fail(pp, "the period has no \"start\"");
    return TimeField{*start, json_child_path(pp, "start")};
  }

  record::TimePoint parse_at(const TimeField& t) const {
    std::string error;
    auto tp = record::parse_time(t.text, error);
    if (!tp) {
      fail(t.path, fmt::format("{} (a FHIR dateTime with hours and minutes is needed, such as "
                               "2024-03-01T08:00:00Z)",
                               error));
    }
    if (!tp->absolute) {
      fail(t.path, fmt::format("expected a FHIR dateTime such as 2024-03-01T08:00:00Z, got \"{}\"",
                               t.text));
    }
    return *tp;
  }

  // --- patients ----------------------------------------------------------------------------

  void add_patient(const json& r, const std::string& rp, std::size_t entry,
                   const std::optional<std::string>& full_url) {
    auto id = optional_string(r, rp, "id");
    if (!id && full_url && full_url->starts_with("urn:uuid:")) id = full_url->substr(9);
    if (!id || id->empty()) fail(rp, "a Patient needs an id (or a urn:uuid: fullUrl)");
    if (auto it = patient_by_id_.find(*id); it != patient_by_id_.end()) {
      fail(json_child_path(rp, "id"),
           fmt::format("a second Patient \"{}\" (the first is entry[{}])", *id,
                       patients_[it->second].entry));
    }
    const std::size_t index = patients_.size();
    patient_by_id_[*id] = index;
    if (full_url) patient_by_url_[*full_url] = index;
    PatientState p;
    p.id = *id;
    p.entry = entry;
    p.resource_path = rp;
    if (auto gender = optional_string(r, rp, "gender")) {
      Mapping m;
      m.kind = "patient";
      m.item = "sex";
      m.resource_path = rp;
      m.value = {*gender, json_child_path(rp, "gender")};
      p.rows.push_back(row(m, entry));
    }
    if (auto birth = optional_string(r, rp, "birthDate")) {
      if (!parse_date(*birth)) {
        fail(json_child_path(rp, "birthDate"),
             fmt::format("malformed birthDate \"{}\" (expected YYYY-MM-DD)", *birth));
      }
      p.birth_date = Field{*birth, json_child_path(rp, "birthDate")};
    }
    patients_.push_back(std::move(p));
  }

  PatientState& subject_of(const json& r, const std::string& rp) {
    if (!r.contains("subject")) fail(rp, "needs a \"subject\" referring to the Patient");
    const json& s = object_at(r, rp, "subject");
    const auto sp = json_child_path(rp, "subject");
    const auto ref = required_string(s, sp, "reference");
    if (auto it = patient_by_url_.find(ref); it != patient_by_url_.end()) {
      return patients_[it->second];
    }
    std::string_view rest = ref;
    if (auto h = rest.find("/_history/"); h != std::string_view::npos) rest = rest.substr(0, h);
    if (auto at = rest.rfind("Patient/");
        at != std::string_view::npos && (at == 0 || rest[at - 1] == '/')) {
      if (auto it = patient_by_id_.find(std::string(rest.substr(at + 8)));
          it != patient_by_id_.end()) {
        return patients_[it->second];
      }
    }
    fail(json_child_path(sp, "reference"),
         fmt::format("\"{}\" is not a Patient in this Bundle (refer to \"Patient/<id>\" or to "
                     "the Patient entry's fullUrl)",
                     ref));
  }

  // --- making events -----------------------------------------------------------------------

  static std::string path_for(const Mapping& m, const std::string& column) {
    const auto or_resource = [&m](const std::string& p) { return p.empty() ? m.resource_path : p; };
    if (column == "kind" || column == "item") return or_resource(m.code_path);
    if (column == "value") return or_resource(m.value.path);
    if (column == "unit") {
      return or_resource(m.unit.path.empty() ? m.value.path : m.unit.path);
    }
    if (column == "note") return or_resource(m.note.path);
    return m.resource_path;
  }

  record::Event make(const Mapping& m) const {
    record::Event e;
    if (auto problem =
            record::make_event(m.kind, m.item, m.value.text, m.unit.text, m.note.text, e)) {
      fail(path_for(m, problem->column), problem->message);
    }
    record::keep_texts(e, texts_);  // `m` goes before the event reaches its patient
    return e;
  }

  Row row(const Mapping& m, std::size_t entry) const {
    Row r;
    r.event = make(m);
    r.entry = entry;
    r.code_path = m.code_path.empty() ? m.resource_path : m.code_path;
    return r;
  }

  // Adds the event of `m` to `p`, at `time` unless it is a patient fact.
  Row& add(PatientState& p, const Mapping& m, std::size_t entry,
           const std::optional<TimeField>& time) {
    Row r = row(m, entry);
    if (m.kind == "patient") {
      if (m.item == "age_years") p.age_observed = true;
    } else {
      if (!time)
        fail(m.resource_path, "needs a time (effectiveDateTime, effectivePeriod.start...)");
      r.time = parse_at(*time);
      r.time_text = time->text;
    }
    p.rows.push_back(std::move(r));
    return p.rows.back();
  }

  // The kind and item of a code in the cytostorm code system: "<kind>.<item>".
  static void split_code(std::string_view code, std::string& kind, std::string& item) {
    const auto dot = code.find('.');
    kind = std::string(code.substr(0, dot));
    item = dot == std::string_view::npos ? std::string() : std::string(code.substr(dot + 1));
  }

  // --- Observation -------------------------------------------------------------------------

  struct Coded {
    std::string system, code, path;
  };

  // The coding of `concept` in the cytostorm system, else the first LOINC coding accepted by
  // `wanted`.
  template <typename Wanted>
  std::optional<Coded> find_code(const json& concept_, const std::string& cp, Wanted wanted) const {
    if (!concept_.is_object()) {
      fail(cp, fmt::format("expected a CodeableConcept object, got {}", json_type_name(concept_)));
    }
    if (!concept_.contains("coding")) return std::nullopt;
    const json& codings = array_at(concept_, cp, "coding");
    std::optional<Coded> loinc;
    for (std::size_t k = 0; k < codings.size(); ++k) {
      const auto kp = element(json_child_path(cp, "coding"), k);
      if (!codings[k].is_object()) {
        fail(kp, fmt::format("expected a Coding object, got {}", json_type_name(codings[k])));
      }
      const auto system = optional_string(codings[k], kp, "system");
      const auto code = optional_string(codings[k], kp, "code");
      if (system == kEventSystem) {
        if (!code) fail(kp, "a coding in urn:cytostorm:fhir:event needs a \"code\"");
        return Coded{std::string(kEventSystem), *code, json_child_path(kp, "code")};
      }
      if (!loinc && system == kLoinc && code && wanted(*code)) {
        loinc = Coded{std::string(kLoinc), *code, json_child_path(kp, "code")};
      }
    }
    return loinc;
  }

  static const LoincCode* loinc_code(std::string_view code) {
    for (const auto& l : kLoincCodes) {
      if (l.code == code) return &l;
    }
    return nullptr;
  }

  static bool is_panel(std::string_view code) {
    return std::find(std::begin(kPanels), std::end(kPanels), code) != std::end(kPanels);
  }

  // The value of a cytostorm-coded Observation (or a dataAbsentReason, meaning NA).
  void observation_value(const json& r, const std::string& rp, Mapping& m) const {
    std::string value_key;
    for (const auto& [key, v] : r.items()) {
      if (!key.starts_with("value")) continue;
      if (!value_key.empty()) {
        fail(json_child_path(rp, key),
             fmt::format("a second value (there is already {})", value_key));
      }
      value_key = key;
    }
    if (r.contains("dataAbsentReason")) {
      const auto ap = json_child_path(rp, "dataAbsentReason");
      if (!value_key.empty())
        fail(ap, "an Observation has a value or a dataAbsentReason, not both");
      const json& reason = object_at(r, rp, "dataAbsentReason");
      m.value = {"NA", ap};
      if (m.note.text.empty()) {
        if (auto text = optional_string(reason, ap, "text"))
          m.note = {*text, json_child_path(ap, "text")};
      }
      if (m.note.path.empty()) m.note.path = ap;
      return;
    }
    if (value_key.empty()) return;
    const auto vp = json_child_path(rp, value_key);
    const json& v = r.at(value_key);
    if (value_key == "valueQuantity") {
      quantity(r, rp, value_key, m.value, m.unit);
    } else if (value_key == "valueInteger") {
      if (!v.is_number_integer()) {
        fail(vp, fmt::format("expected an integer, got {}", json_type_name(v)));
      }
      m.value = {number_text(v), vp};
    } else if (value_key == "valueBoolean") {
      if (!v.is_boolean())
        fail(vp, fmt::format("expected true or false, got {}", json_type_name(v)));
      m.value = {v.get<bool>() ? "1" : "0", vp};
    } else if (value_key == "valueString") {
      if (!v.is_string()) fail(vp, fmt::format("expected a string, got {}", json_type_name(v)));
      m.value = {v.get<std::string>(), vp};
    } else {
      fail(vp,
           "this value type is not read (use valueQuantity, valueInteger, valueBoolean or "
           "valueString)");
    }
  }

  // One LOINC-coded value (an Observation or one of its components); 0 or 1 events.
  std::size_t loinc_value(PatientState& p, const json& obj, const std::string& op,
                          const LoincCode& code, const Coded& coded, std::size_t entry,
                          const Field& note, const std::optional<TimeField>& time,
                          bool has_components) {
    if (obj.contains("dataAbsentReason") && !obj.contains("valueQuantity")) return 0;
    if (!obj.contains("valueQuantity")) {
      for (const auto& [key, v] : obj.items()) {
        if (key.starts_with("value")) {
          fail(json_child_path(op, key), fmt::format("LOINC {} needs a valueQuantity", code.code));
        }
      }
      if (has_components) return 0;
      fail(op, fmt::format("LOINC {} has no valueQuantity (and no dataAbsentReason)", code.code));
    }
    Mapping m;
    m.kind = std::string(code.kind);
    m.item = std::string(code.item);
    m.code_path = coded.path;
    m.resource_path = op;
    m.note = note;
    quantity(obj, op, "valueQuantity", m.value, m.unit);
    if (m.kind == "oxygen") {
      if (!time) fail(op, "needs a time (effectiveDateTime, effectivePeriod.start...)");
      p.flows.push_back({m, parse_at(*time), time->text, entry});
      return 1;
    }
    add(p, m, entry, time);
    return 1;
  }

  std::size_t read_observation(const json& r, const std::string& rp, std::size_t entry) {
    if (auto status = optional_string(r, rp, "status")) {
      if (*status == "entered-in-error" || *status == "cancelled") return 0;
    }
    if (!r.contains("code")) fail(rp, "an Observation needs a \"code\"");
    const auto cp = json_child_path(rp, "code");
    const auto coded = find_code(r.at("code"), cp, [](const std::string& c) {
      return loinc_code(c) != nullptr || is_panel(c);
    });
    if (!coded) return 0;
    PatientState& p = subject_of(r, rp);
    const auto time = time_of(r, rp, {"effectiveDateTime", "effectiveInstant"}, "effectivePeriod");
    const Field note = note_of(r, rp);
    if (coded->system == kEventSystem) {
      Mapping m;
      split_code(coded->code, m.kind, m.item);
      m.code_path = coded->path;
      m.resource_path = rp;
      m.note = note;
      observation_value(r, rp, m);
      add(p, m, entry, time);
      return 1;
    }
    const bool has_components = r.contains("component");
    std::size_t made = 0;
    if (const LoincCode* code = loinc_code(coded->code)) {
      made += loinc_value(p, r, rp, *code, *coded, entry, note, time, has_components);
    }
    if (has_components) {
      const json& components = array_at(r, rp, "component");
      for (std::size_t j = 0; j < components.size(); ++j) {
        const auto jp = element(json_child_path(rp, "component"), j);
        const json& c = components[j];
        if (!c.is_object()) fail(jp, fmt::format("expected an object, got {}", json_type_name(c)));
        if (!c.contains("code")) fail(jp, "a component needs a \"code\"");
        const auto cc = find_code(c.at("code"), json_child_path(jp, "code"),
                                  [](const std::string& x) { return loinc_code(x) != nullptr; });
        if (!cc || cc->system != kLoinc) continue;
        made += loinc_value(p, c, jp, *loinc_code(cc->code), *cc, entry, note, time, false);
      }
    }
    return made;
  }

  // --- MedicationAdministration and Procedure ----------------------------------------------

  std::optional<Drug> drug_of_concept(const json& concept_, const std::string& cp) const {
    if (auto coded = find_code(concept_, cp, [](const std::string&) { return false; })) {
      Drug d;
      split_code(coded->code, d.kind, d.item);
      d.path = coded->path;
      d.coded = true;
      return d;
    }
    const auto named = [&](const std::string& text,
                           const std::string& path) -> std::optional<Drug> {
      if (const DrugName* n = drug_named(text)) {
        return Drug{std::string(n->kind), std::string(n->item), path, false};
      }
      return std::nullopt;
    };
    if (auto text = optional_string(concept_, cp, "text")) {
      if (auto d = named(*text, json_child_path(cp, "text"))) return d;
    }
    if (!concept_.contains("coding")) return std::nullopt;
    const json& codings = concept_.at("coding");
    for (std::string_view key : {"display", "code"}) {
      for (std::size_t k = 0; k < codings.size(); ++k) {
        const auto kp = element(json_child_path(cp, "coding"), k);
        if (auto s = optional_string(codings[k], kp, key)) {
          if (auto d = named(*s, json_child_path(kp, key))) return d;
        }
      }
    }
    return std::nullopt;
  }

  std::optional<Drug> drug_of(const json& r, const std::string& rp) const {
    if (r.contains("medicationCodeableConcept")) {
      return drug_of_concept(r.at("medicationCodeableConcept"),
                             json_child_path(rp, "medicationCodeableConcept"));
    }
    if (!r.contains("medicationReference")) return std::nullopt;
    const json& ref_obj = object_at(r, rp, "medicationReference");
    const auto mp = json_child_path(rp, "medicationReference");
    const auto ref = required_string(ref_obj, mp, "reference");
    if (ref.starts_with("#")) {
      if (!r.contains("contained")) return std::nullopt;
      const json& contained = array_at(r, rp, "contained");
      for (std::size_t k = 0; k < contained.size(); ++k) {
        const json& c = contained[k];
        const auto is = [&c](const char* key, std::string_view want) {
          return c.contains(key) && c.at(key).is_string() && c.at(key).get<std::string>() == want;
        };
        if (c.is_object() && is("resourceType", "Medication") &&
            is("id", std::string_view(ref).substr(1)) && c.contains("code")) {
          const auto kp = element(json_child_path(rp, "contained"), k);
          return drug_of_concept(c.at("code"), json_child_path(kp, "code"));
        }
      }
      return std::nullopt;
    }
    auto it = medication_by_url_.find(ref);
    if (it == medication_by_url_.end()) return std::nullopt;
    const json& med = doc_.root().at("entry")[it->second].at("resource");
    if (!med.contains("code")) return std::nullopt;
    return drug_of_concept(med.at("code"),
                           json_child_path(element("entry", it->second), "resource.code"));
  }

  std::size_t read_administration(const json& r, const std::string& rp, std::size_t entry) {
    if (auto status = optional_string(r, rp, "status")) {
      if (*status == "entered-in-error" || *status == "not-done") return 0;
    }
    const auto drug = drug_of(r, rp);
    if (!drug) return 0;
    Mapping m;
    m.kind = drug->kind;
    m.item = drug->item;
    m.code_path = drug->path;
    m.resource_path = rp;
    const json* dosage = nullptr;
    const auto dp = json_child_path(rp, "dosage");
    if (r.contains("dosage")) dosage = &object_at(r, rp, "dosage");
    if (m.kind == "vasopressor") {
      if (dosage && dosage->contains("rateQuantity")) {
        quantity(*dosage, dp, "rateQuantity", m.value, m.unit);
      } else if (dosage && dosage->contains("rateRatio")) {
        rate_ratio(*dosage, dp, m);
      } else if (drug->coded) {
        fail(dosage ? dp : rp, "a vasopressor needs dosage.rateQuantity (a rate of 0 stops it)");
      } else {
        return 0;  // a bolus, not an infusion
      }
    } else if ((m.kind == "medication" || m.kind == "fluid_bolus") && dosage &&
               dosage->contains("dose")) {
      quantity(*dosage, dp, "dose", m.value, m.unit);
    }
    PatientState& p = subject_of(r, rp);
    m.note = note_of(r, rp);
    const auto time = time_of(r, rp, {"effectiveDateTime"}, "effectivePeriod");
    Row& added = add(p, m, entry, time);
    if (m.kind == "vasopressor" && added.event.value.value_or(0.0) > 0.0 &&
        r.contains("effectivePeriod")) {
      const json& period = r.at("effectivePeriod");
      const auto pp = json_child_path(rp, "effectivePeriod");
      if (auto end = optional_string(period, pp, "end")) {
        added.end_path = json_child_path(pp, "end");
        added.end = parse_at({*end, added.end_path});
        if (added.end->epoch_hours < added.time->epoch_hours) {
          fail(added.end_path, "the period ends before it starts");
        }
      }
    }
    return 1;
  }

  // dosage.rateRatio: numerator per denominator, the denominator in minutes.
  void rate_ratio(const json& dosage, const std::string& dp, Mapping& m) const {
    const json& ratio = object_at(dosage, dp, "rateRatio");
    const auto rp = json_child_path(dp, "rateRatio");
    if (!ratio.contains("numerator")) fail(rp, "the rateRatio has no \"numerator\"");
    Field num, num_unit, den{"1", ""}, den_unit{"min", ""};
    quantity(ratio, rp, "numerator", num, num_unit);
    if (ratio.contains("denominator")) quantity(ratio, rp, "denominator", den, den_unit);
    if (den_unit.text != "min") {
      fail(den_unit.path.empty() ? rp : den_unit.path,
           fmt::format("the rateRatio denominator must be in min, got \"{}\"", den_unit.text));
    }
    const double d = std::stod(den.text);
    if (d <= 0.0) fail(den.path, "the rateRatio denominator must be greater than 0");
    m.value = {fmt::format("{}", std::stod(num.text) / d), num.path};
    m.unit = {num_unit.text + "/min", num_unit.path};
  }

  std::size_t read_procedure(const json& r, const std::string& rp, std::size_t entry) {
    if (auto status = optional_string(r, rp, "status")) {
      if (*status == "entered-in-error" || *status == "not-done") return 0;
    }
    if (!r.contains("code")) return 0;
    const auto coded = find_code(r.at("code"), json_child_path(rp, "code"),
                                 [](const std::string&) { return false; });
    if (!coded) return 0;
    PatientState& p = subject_of(r, rp);
    Mapping m;
    split_code(coded->code, m.kind, m.item);
    m.code_path = coded->path;
    m.resource_path = rp;
    m.note = note_of(r, rp);
    add(p, m, entry, time_of(r, rp, {"performedDateTime"}, "performedPeriod"));
    return 1;
  }

  // --- finishing a patient -----------------------------------------------------------------

  // Gives each inhaled-oxygen flow the device in use at its time: merged into a device row at
  // the same time that has no flow, else a new row of the latest earlier device.
  void resolve_flows(PatientState& p) const {
    std::vector<std::size_t> devices;
    for (std::size_t i = 0; i < p.rows.size(); ++i) {
      if (p.rows[i].event.kind == record::EventKind::oxygen) devices.push_back(i);
    }
    std::vector<bool> merged(p.rows.size(), false);
    for (const auto& f : p.flows) {
      std::optional<std::size_t> best;
      for (auto i : devices) {
        const Row& d = p.rows[i];
        if (d.time->epoch_hours > f.time.epoch_hours) continue;
        if (!best || d.time->epoch_hours > p.rows[*best].time->epoch_hours ||
            (d.time->epoch_hours == p.rows[*best].time->epoch_hours &&
             d.entry > p.rows[*best].entry)) {
          best = i;
        }
      }
      if (!best) {
        fail(f.mapping.resource_path,
             "an inhaled oxygen flow (LOINC 3151-8) needs the device in use: give an Observation "
             "coded urn:cytostorm:fhir:event|oxygen.<device> at or before this time");
      }
      Mapping m = f.mapping;
      Row& device = p.rows[*best];
      m.kind = "oxygen";
      m.item = device.event.item;
      if (m.note.text.empty()) m.note.text = device.event.note;
      if (device.time->epoch_hours == f.time.epoch_hours && !device.event.value && !merged[*best]) {
        device.event = make(m);
        merged[*best] = true;
        continue;
      }
      Row r = row(m, f.entry);
      r.time = f.time;
      r.time_text = f.time_text;
      p.rows.push_back(std::move(r));
    }
  }

  // A vasopressor given over a period stops at its end, unless another administration of the
  // same drug starts after its start and no later than its end.
  void add_period_ends(PatientState& p) const {
    const std::size_t n = p.rows.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (!p.rows[i].end) continue;
      const Row& r = p.rows[i];
      bool superseded = false;
      for (std::size_t j = 0; j < n; ++j) {
        const Row& o = p.rows[j];
        if (j == i || o.event.kind != record::EventKind::vasopressor ||
            o.event.item != r.event.item) {
          continue;
        }
        const double t = o.time->epoch_hours;
        if (t > r.time->epoch_hours && t <= r.end->epoch_hours) superseded = true;
      }
      if (superseded) continue;
      Mapping m;
      m.kind = "vasopressor";
      m.item = r.event.item;
      m.value = {"0", r.end_path};
      m.unit = {std::string(r.event.unit), r.end_path};
      m.resource_path = r.end_path;
      Row stop = row(m, r.entry);
      stop.time = r.end;
      p.rows.push_back(std::move(stop));
    }
  }

  // The age in whole years at the infusion date, from birthDate.
  void age_from_birth_date(PatientState& p, const Row& infusion) const {
    const Field& b = *p.birth_date;
    const auto birth = parse_date(b.text);
    if (!birth || birth->day == 0) {
      fail(b.path, fmt::format("birthDate \"{}\" is not a full date (YYYY-MM-DD), so the age at "
                               "infusion is not known; give one or an age Observation (LOINC "
                               "30525-0)",
                               b.text));
    }
    const auto on = parse_date(std::string_view(infusion.time_text).substr(0, 10));
    if (!on) fail(infusion.code_path, "the infusion time has no calendar date");
    int age = on->year - birth->year;
    if (on->month < birth->month || (on->month == birth->month && on->day < birth->day)) --age;
    Mapping m;
    m.kind = "patient";
    m.item = "age_years";
    m.resource_path = p.resource_path;
    m.value = {fmt::format("{}", age), b.path};
    m.unit = {"years", b.path};
    p.rows.push_back(row(m, p.entry));
  }

  record::PatientRecord finish(PatientState& p) {
    resolve_flows(p);
    add_period_ends(p);
    const Row* infusion = nullptr;
    const Row* timed = nullptr;
    for (const auto& r : p.rows) {
      if (r.time && (!timed || r.entry < timed->entry)) timed = &r;
      if (r.event.kind != record::EventKind::infusion) continue;
      if (infusion) {
        fail(r.code_path, fmt::format("a second infusion for patient {} (the first is entry[{}])",
                                      p.id, infusion->entry));
      }
      infusion = &r;
    }
    if (timed && !infusion) {
      fail(p.resource_path,
           fmt::format("patient {} has timed resources (the first is entry[{}]) but no infusion; "
                       "day 0 is the infusion: add an Observation or Procedure coded "
                       "urn:cytostorm:fhir:event|infusion.<product>",
                       p.id, timed->entry));
    }
    if (p.birth_date && !p.age_observed && infusion) {
      const Row copy = *infusion;
      age_from_birth_date(p, copy);
    }
    std::stable_sort(p.rows.begin(), p.rows.end(),
                     [](const Row& a, const Row& b) { return a.entry < b.entry; });
    record::PatientBuilder builder(p.id, file_);
    for (auto& r : p.rows) {
      r.event.line = r.entry + 1;
      builder.add(std::move(r.event), r.time);
    }
    summary_.events += p.rows.size();
    auto result = std::move(builder).finish();
    if (!result.ok()) {
      const InputError& e = result.error();
      if (e.line == 0) throw Invalid{e};
      fail(json_child_path(element("entry", e.line - 1), "resource"), e.message);
    }
    return std::move(result).value();
  }

  const LocatedJson& doc_;
  const std::string& file_;
  FhirReadSummary& summary_;
  std::vector<PatientState> patients_;
  std::map<std::string, std::size_t> patient_by_id_;
  std::map<std::string, std::size_t> patient_by_url_;
  std::map<std::string, std::size_t> medication_by_url_;
  // The free texts of the rows' events until each patient's builder keeps its own copies (filled
  // by make(), which is otherwise const).
  mutable record::EventTexts texts_;
};

}  // namespace

record::Result<std::vector<record::PatientRecord>> read_fhir_bundle(std::string_view text,
                                                                    const std::string& file,
                                                                    FhirReadSummary& summary) {
  summary = {};
  auto doc = LocatedJson::parse(text, file);
  if (!doc.ok()) return doc.error();
  try {
    return BundleReader(doc.value(), file, summary).read();
  } catch (const Invalid& invalid) {
    return invalid.error;
  }
}

record::Result<std::vector<record::PatientRecord>> read_fhir_bundle(std::string_view text,
                                                                    const std::string& file) {
  FhirReadSummary summary;
  return read_fhir_bundle(text, file, summary);
}

}  // namespace cytostorm::io
