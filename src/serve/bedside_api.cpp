#include "cytostorm/serve/bedside_api.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/clinical/capd.hpp"
#include "cytostorm/grading/advice.hpp"
#include "cytostorm/grading/engine.hpp"
#include "cytostorm/io/advice_json.hpp"
#include "cytostorm/io/assessment_json.hpp"
#include "cytostorm/io/event_table.hpp"
#include "cytostorm/io/fhir_bundle.hpp"
#include "cytostorm/io/fhir_export.hpp"
#include "cytostorm/io/grades_output.hpp"
#include "cytostorm/io/guideline_toml.hpp"
#include "cytostorm/io/located_json.hpp"
#include "cytostorm/io/snapshot_json.hpp"
#include "cytostorm/model/product.hpp"
#include "cytostorm/population/virtual_course.hpp"
#include "cytostorm/record/event_kinds.hpp"
#include "cytostorm/record/vocabulary.hpp"
#include "cytostorm/serve/web_files.hpp"

namespace cytostorm::serve {

namespace {

using json = nlohmann::ordered_json;
using record::InputError;

// The cookie that carries the token for what the browser loads itself (docs/api.md).
constexpr const char* kTokenCookie = "cytostorm_token";

// Where request bodies are said to come from in error messages.
constexpr const char* kRequest = "request";

Response json_response(int status, const json& body) {
  return {status,
          "application/json",
          body.dump(2, ' ', false, json::error_handler_t::replace) + "\n",
          {}};
}

Response bad_input(const InputError& e) {
  return error_response(400, e.to_string());
}

Response no_patient(const std::string& id) {
  return error_response(404, fmt::format("no patient {}", id));
}

bool is_one_of(const std::string& name, const std::vector<std::string>& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The line a key of a JSON body was written on.
std::size_t line_of(const io::LocatedJson& doc, const std::string& path) {
  return doc.error(path, "").line;
}

// A JSON value written in a text column: strings as they are, numbers as written.
std::optional<std::string> column_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) return fmt::format("{}", v.get<double>());
  if (v.is_null()) return std::string();
  return std::nullopt;
}

// A patient rebuilt from stored rows, with the rows.
struct StoredPatient {
  std::vector<io::EventRow> rows;
  record::PatientRecord record;
};

// Rows the request adds: checked together with the stored ones, the stored ones without lines
// (they are not in the request).
std::optional<InputError> check_added(const std::vector<io::EventRow>& stored,
                                      const std::vector<io::EventRow>& added) {
  std::vector<io::EventRow> all;
  all.reserve(stored.size() + added.size());
  for (auto row : stored) {
    row.line = 0;
    all.push_back(std::move(row));
  }
  all.insert(all.end(), added.begin(), added.end());
  auto checked = io::check_event_rows(all, kRequest, [](record::PatientRecord&&) {});
  if (!checked) return checked.error();
  return std::nullopt;
}

// Patient ids go into URLs: a short, plain alphabet.
std::optional<std::string> patient_id_problem(const std::string& id) {
  if (id.empty() || id.size() > 64) return "patient_id must have 1 to 64 characters";
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      return fmt::format("patient_id \"{}\": use letters, digits, '-', '_' and '.'", id);
    }
  }
  return std::nullopt;
}

// The answer to one request: routes and handlers.
class Exchange {
 public:
  Exchange(PatientStore& store, const ApiOptions& options, const Request& request)
      : store_(store), o_(options), r_(request) {}

  Response answer() {
    // The token guards every request, the pages' own files included (docs/api.md, "The token").
    if (!o_.token.empty() && !authorized()) return api_request() ? api_refused() : page_refused();
    if (r_.body.size() > o_.body_limit) {
      return error_response(413, fmt::format("the body has {} bytes; the limit is {}",
                                             r_.body.size(), o_.body_limit));
    }
    auto res = api_request() ? api() : page();
    // The address printed at start carries the token; the cookie lets the scripts, styles and
    // navigations the browser then loads itself carry it too.
    if (!o_.token.empty() && is_token(r_.parameter("token", ""))) {
      res.headers["Set-Cookie"] =
          fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict", kTokenCookie, o_.token);
    }
    return res;
  }

 private:
  bool api_request() const { return r_.path == "/api" || r_.path.starts_with("/api/"); }

  // Constant time in the token's length.
  bool is_token(const std::string& candidate) const {
    const std::string& token = o_.token;
    unsigned char diff = candidate.size() == token.size() ? 0 : 1;
    for (std::size_t i = 0; i < token.size(); ++i) {
      diff |= static_cast<unsigned char>(token[i] ^ (i < candidate.size() ? candidate[i] : 0));
    }
    return diff == 0;
  }

  // The token as any of: `Authorization: Bearer TOKEN`, `?token=TOKEN`, the cookie.
  bool authorized() const {
    const std::string given = r_.header("authorization");
    bool ok = given.starts_with("Bearer ") && is_token(given.substr(7));
    ok |= is_token(r_.parameter("token", ""));
    for (const auto& value : r_.cookies(kTokenCookie)) ok |= is_token(value);
    return ok;
  }

  static Response api_refused() {
    auto res = error_response(401,
                              "this server needs its token: send the header 'Authorization: "
                              "Bearer TOKEN' or add ?token=TOKEN (the token printed when the "
                              "server started)");
    res.headers["WWW-Authenticate"] = "Bearer";
    return res;
  }

  // A person opened a page: what to open instead.
  static Response page_refused() {
    Response res{401,
                 "text/plain; charset=utf-8",
                 "This cytostorm server needs its token.\n"
                 "Open the address that `cytostorm serve` printed when it started: "
                 "http://HOST:PORT/?token=TOKEN\n",
                 {}};
    res.headers["WWW-Authenticate"] = "Bearer";
    return res;
  }

  Response page() const {
    if (r_.method != "GET" && r_.method != "HEAD") return not_allowed("GET, HEAD");
    const auto file = o_.web_dir.empty() ? std::nullopt : find_web_file(o_.web_dir, r_.path);
    if (!file) return error_response(404, fmt::format("no page {}", r_.path));
    std::ifstream in(file->path, std::ios::binary);
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return {200, file->content_type, std::move(body), {}};
  }

  static Response not_allowed(const std::string& allowed) {
    auto res = error_response(405, fmt::format("method not allowed here (allowed: {})", allowed));
    res.headers["Allow"] = allowed;
    return res;
  }

  // One route: a path pattern ("patients/{id}/events") and a handler per method.
  struct Route {
    std::string pattern;
    std::vector<std::pair<std::string, Response (Exchange::*)(const std::string&)>> methods;
  };

  Response api() {
    static const std::vector<Route> routes{
        {"health", {{"GET", &Exchange::health}}},
        {"assess", {{"POST", &Exchange::assess}}},
        {"products", {{"GET", &Exchange::products}}},
        {"policies", {{"GET", &Exchange::policies}}},
        {"guidelines", {{"GET", &Exchange::guidelines}}},
        {"vocabulary", {{"GET", &Exchange::vocabulary}}},
        {"simulate", {{"POST", &Exchange::simulate}}},
        {"patients", {{"GET", &Exchange::list_patients}, {"POST", &Exchange::create_patient}}},
        {"patients/{id}", {{"GET", &Exchange::patient}}},
        {"patients/{id}/events", {{"GET", &Exchange::events}, {"POST", &Exchange::add_events}}},
        {"patients/{id}/events.csv", {{"GET", &Exchange::events_csv}}},
        {"patients/{id}/fhir", {{"GET", &Exchange::fhir}}},
        {"patients/{id}/grades", {{"GET", &Exchange::grades}}},
        {"patients/{id}/advice", {{"GET", &Exchange::advice}}},
    };
    const std::string rest = r_.path.size() > 5 ? r_.path.substr(5) : std::string();
    for (const auto& route : routes) {
      std::string id;
      if (!matches(route.pattern, rest, id)) continue;
      std::vector<std::string> allowed;
      for (const auto& [method, handler] : route.methods) {
        if (method == r_.method) return (this->*handler)(id);
        allowed.push_back(method);
      }
      return not_allowed(fmt::format("{}", fmt::join(allowed, ", ")));
    }
    return error_response(404, fmt::format("no API {} (see docs/api.md)", r_.path));
  }

  // True when `path` fits `pattern`; the {id} segment is put into `id`.
  static bool matches(const std::string& pattern, const std::string& path, std::string& id) {
    std::size_t p = 0, q = 0;
    while (p < pattern.size() || q < path.size()) {
      const std::size_t pe = std::min(pattern.find('/', p), pattern.size());
      const std::size_t qe = std::min(path.find('/', q), path.size());
      if (p >= pattern.size() || q >= path.size()) return false;
      const std::string_view want(pattern.data() + p, pe - p);
      const std::string_view got(path.data() + q, qe - q);
      if (want == "{id}") {
        if (got.empty()) return false;
        id = std::string(got);
      } else if (want != got) {
        return false;
      }
      p = pe + 1;
      q = qe + 1;
      if ((pe == pattern.size()) != (qe == path.size())) return false;
    }
    return true;
  }

  Response health(const std::string&) {
    return json_response(200, json{{"status", "ok"},
                                   {"version", o_.version},
                                   {"schema_version", store_.schema_version()}});
  }

  Response assess(const std::string&) {
    auto snapshot = io::read_snapshot(r_.body, kRequest);
    if (!snapshot) return bad_input(snapshot.error());
    return json_response(200, io::to_json(clinical::assess(snapshot.value())));
  }

  Response products(const std::string&) {
    return json_response(200, json{{"products", model::product_presets(o_.data_dir)}});
  }
  Response policies(const std::string&) {
    return json_response(200, json{{"policies", population::policy_presets(o_.data_dir)}});
  }
  Response guidelines(const std::string&) {
    return json_response(200, json{{"guidelines", io::guideline_names(o_.data_dir)}});
  }

  // The words of an enumeration, in its order.
  template <typename E>
  static json words() {
    json out = json::array();
    for (const auto& [value, word] : record::Vocabulary<E>::entries) out.push_back(word);
    return out;
  }

  // The event table's kinds, items, units and ranges as record::make_event checks them, and what
  // a CAPD answer scores: what the pages' forms offer (docs/api.md).
  Response vocabulary(const std::string&) {
    json kinds = json::array();
    for (const auto& kind : record::event_kinds()) {
      json items = json::array();
      for (const auto& rule : kind.items) {
        json item{{"item", rule.item}, {"value", record::name(rule.value)}, {"units", rule.units}};
        const bool ranged = rule.value != record::ValueForm::none &&
                            rule.value != record::ValueForm::flag &&
                            rule.value != record::ValueForm::text;
        if (ranged) {
          item["min"] = rule.min;
          item["max"] = rule.max;
        }
        items.push_back(std::move(item));
      }
      kinds.push_back({{"kind", kind.name}, {"items", std::move(items)}});
    }
    json points = json::object();
    for (const auto& [item, word] : record::Vocabulary<record::CapdItem>::entries) {
      json scores = json::array();
      for (const auto& [answer, spelled] : record::Vocabulary<record::CapdFrequency>::entries) {
        scores.push_back(clinical::capd_points(item, answer));
      }
      points[std::string(word)] = std::move(scores);
    }
    return json_response(200, json{{"kinds", std::move(kinds)},
                                   {"oxygen_purposes", words<record::OxygenPurpose>()},
                                   {"capd",
                                    {{"answers", words<record::CapdFrequency>()},
                                     {"points", std::move(points)},
                                     {"positive_from", clinical::kCapdPositive}}}});
  }

  // The stored patient, rebuilt by the event-table checks; nothing when unknown.
  std::optional<StoredPatient> load(const std::string& id) const {
    auto rows = store_.rows(id);
    if (!rows) return std::nullopt;
    StoredPatient p{std::move(*rows), {}};
    p.record.patient_id = id;
    auto checked = io::check_event_rows(
        p.rows, "patient " + id, [&](record::PatientRecord&& r) { p.record = std::move(r); });
    if (!checked) {
      throw StoreFailure("stored rows no longer pass the checks: " + checked.error().to_string());
    }
    return p;
  }

  // The rows in the order of the event table: patient facts, then events by time.
  static std::vector<const io::EventRow*> table_order(const StoredPatient& p) {
    std::vector<const io::EventRow*> out;
    for (const auto& row : p.rows) {
      if (row.kind == "patient") out.push_back(&row);
    }
    for (const auto& e : p.record.events) out.push_back(&p.rows.at(e.line - 2));
    return out;
  }

  static json last_time(const StoredPatient& p) {
    if (p.record.events.empty()) return nullptr;
    return p.rows.at(p.record.events.back().line - 2).time;
  }

  static json max_grade(const grading::SyndromeCourse& c) {
    return c.max_grade ? json(*c.max_grade) : json(nullptr);
  }

  Response list_patients(const std::string&) {
    json list = json::array();
    for (const auto& id : store_.patient_ids()) {
      const auto p = load(id);
      if (!p) continue;  // removed meanwhile
      const auto g = grading::grade_patient(p->record, {clinical::find_crs_scale("astct")});
      list.push_back({{"patient_id", id},
                      {"events", p->record.events.size()},
                      {"crs_max_grade", max_grade(g.crs.front())},
                      {"icans_max_grade", max_grade(g.icans)},
                      {"last_time", last_time(*p)}});
    }
    return json_response(200, json{{"patients", std::move(list)}});
  }

  // A JSON body as an object, or the error to answer with.
  std::optional<Response> parse_object(std::optional<io::LocatedJson>& doc) const {
    auto parsed = io::LocatedJson::parse(r_.body, kRequest);
    if (!parsed) return bad_input(parsed.error());
    doc.emplace(std::move(parsed).value());
    if (!doc->root().is_object()) {
      return bad_input(doc->error(
          "", fmt::format("expected a JSON object, got {}", io::json_type_name(doc->root()))));
    }
    return std::nullopt;
  }

  Response create_patient(const std::string&) {
    std::optional<io::LocatedJson> doc;
    if (auto error = parse_object(doc)) return *error;
    const auto& root = doc->root();
    if (!root.contains("patient_id") || !root["patient_id"].is_string()) {
      return bad_input(doc->error("patient_id", "expected the patient_id (a string)"));
    }
    const std::string id = root["patient_id"].get<std::string>();
    if (auto problem = patient_id_problem(id)) {
      return bad_input(doc->error("patient_id", *problem));
    }
    std::vector<io::EventRow> rows;
    for (const auto& [key, value] : root.items()) {
      if (key == "patient_id") continue;
      const auto text = column_text(value);
      if (!text) {
        return bad_input(doc->error(
            key, fmt::format("expected a number or a string, got {}", io::json_type_name(value))));
      }
      rows.push_back({id, "", "patient", key, *text, "", "", line_of(*doc, key)});
    }
    const auto outcome = store_.create_patient(id, rows, check_added);
    switch (outcome.status) {
      case WriteOutcome::Status::patient_exists:
        return error_response(409, fmt::format("patient {} exists already", id));
      case WriteOutcome::Status::refused:
        return bad_input(*outcome.problem);
      default:
        break;
    }
    return json_response(201, json{{"patient_id", id}});
  }

  Response patient(const std::string& id) {
    const auto p = load(id);
    if (!p) return no_patient(id);
    const auto& r = p->record;
    json facts = json::object();
    if (r.age_years) facts["age_years"] = *r.age_years;
    if (r.weight_kg) facts["weight_kg"] = *r.weight_kg;
    if (!r.sex.empty()) facts["sex"] = r.sex;
    if (r.developmental_delay) facts["developmental_delay"] = true;
    return json_response(200, json{{"patient_id", id},
                                   {"facts", std::move(facts)},
                                   {"events", r.events.size()},
                                   {"product", r.has_infusion ? json(r.product) : json(nullptr)},
                                   {"last_time", last_time(*p)}});
  }

  // The rows a JSON body gives: {"events": [{"time", "kind", "item", "value", "unit", "note"}]}.
  record::Result<std::vector<io::EventRow>> json_rows(const std::string& id) const {
    auto parsed = io::LocatedJson::parse(r_.body, kRequest);
    if (!parsed) return parsed.error();
    const auto& doc = parsed.value();
    const auto& root = doc.root();
    if (!root.is_object() || !root.contains("events") || !root["events"].is_array()) {
      return doc.error(root.is_object() && root.contains("events") ? "events" : "",
                       "expected {\"events\": [rows]}");
    }
    for (const auto& [key, value] : root.items()) {
      if (key != "events") return doc.error(key, "unknown key (expected \"events\")");
    }
    std::vector<io::EventRow> rows;
    std::size_t index = 0;
    for (const auto& item : root["events"]) {
      const std::string path = fmt::format("events[{}]", index++);
      if (!item.is_object()) {
        return doc.error(path,
                         fmt::format("expected a row object, got {}", io::json_type_name(item)));
      }
      io::EventRow row{id, "", "", "", "", "", "", line_of(doc, path)};
      const std::pair<const char*, std::string*> columns[] = {{"patient_id", &row.patient_id},
                                                              {"time", &row.time},
                                                              {"kind", &row.kind},
                                                              {"item", &row.item},
                                                              {"value", &row.value},
                                                              {"unit", &row.unit},
                                                              {"note", &row.note}};
      for (const auto& [key, value] : item.items()) {
        const std::string& name = key;  // a structured binding is not captured by clang 14
        const std::string key_path = io::json_child_path(path, name);
        const auto* column = std::find_if(std::begin(columns), std::end(columns),
                                          [&](const auto& c) { return name == c.first; });
        if (column == std::end(columns)) {
          return doc.error(key_path,
                           fmt::format("unknown column (expected {})", io::kEventTableHeader));
        }
        const auto text = column_text(value);
        if (!text) {
          return doc.error(key_path, fmt::format("expected a string or a number, got {}",
                                                 io::json_type_name(value)));
        }
        *column->second = *text;
      }
      if (row.patient_id != id) {
        return doc.error(
            io::json_child_path(path, "patient_id"),
            fmt::format("the row is for patient {}, the URL for {}", row.patient_id, id));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  // The rows of an event table body: every row must be for `id`.
  record::Result<std::vector<io::EventRow>> csv_rows(const std::string& id) const {
    auto rows = io::read_event_rows(r_.body, kRequest);
    if (!rows) return rows.error();
    for (const auto& row : rows.value()) {
      if (row.patient_id != id) {
        return InputError{kRequest, row.line, "patient_id",
                          fmt::format("the row is for patient {}, the URL for {}",
                                      row.patient_id.empty() ? "\"\"" : row.patient_id, id)};
      }
    }
    return rows;
  }

  // The rows of a FHIR Bundle body: those of its Patient `id`.
  record::Result<std::vector<io::EventRow>> fhir_rows(const std::string& id) const {
    auto patients = io::read_fhir_bundle(r_.body, kRequest);
    if (!patients) return patients.error();
    std::vector<std::string> ids;
    for (const auto& p : patients.value()) {
      if (p.patient_id == id) return io::event_rows(p);
      ids.push_back(p.patient_id);
    }
    return InputError{kRequest, 0, "Patient.id",
                      fmt::format("the Bundle has no Patient {} (it holds: {})", id,
                                  ids.empty() ? "none" : fmt::format("{}", fmt::join(ids, ", ")))};
  }

  Response add_events(const std::string& id) {
    const std::string type = r_.header("content-type");
    const auto is = [&](std::string_view t) { return type.starts_with(t); };
    auto rows = is("text/csv")                ? csv_rows(id)
                : is("application/fhir+json") ? fhir_rows(id)
                                              : json_rows(id);
    if (!rows) {
      // An unknown patient is the first thing to say.
      if (!store_.rows(id)) return no_patient(id);
      return bad_input(rows.error());
    }
    const auto outcome = store_.add_rows(id, rows.value(), check_added);
    switch (outcome.status) {
      case WriteOutcome::Status::unknown_patient:
        return no_patient(id);
      case WriteOutcome::Status::refused:
        return bad_input(*outcome.problem);
      default:
        break;
    }
    return json_response(201, json{{"accepted", rows.value().size()}, {"events", outcome.events}});
  }

  Response events(const std::string& id) {
    const auto p = load(id);
    if (!p) return no_patient(id);
    json list = json::array();
    for (const auto* row : table_order(*p)) {
      list.push_back({{"time", row->time},
                      {"kind", row->kind},
                      {"item", row->item},
                      {"value", row->value},
                      {"unit", row->unit},
                      {"note", row->note}});
    }
    return json_response(200, json{{"patient_id", id}, {"events", std::move(list)}});
  }

  Response events_csv(const std::string& id) {
    const auto p = load(id);
    if (!p) return no_patient(id);
    std::string csv = std::string(io::kEventTableHeader) + "\n";
    for (const auto* row : table_order(*p)) csv += io::event_row_csv(*row) + "\n";
    return {200, "text/csv; charset=utf-8", std::move(csv), {}};
  }

  Response fhir(const std::string& id) {
    const auto p = load(id);
    if (!p) return no_patient(id);
    const auto bundle = io::fhir_bundle(p->record);
    if (!bundle) return error_response(409, bundle.error().to_string());
    auto res = json_response(200, bundle.value());
    res.content_type = "application/fhir+json";
    return res;
  }

  Response grades(const std::string& id) {
    const std::string scale = r_.parameter("scale", "astct");
    std::vector<const clinical::CrsScale*> scales;
    std::vector<std::string> names{"all"};
    for (const auto& s : clinical::crs_scales()) {
      names.emplace_back(s.name);
      if (scale == "all" || scale == s.name) scales.push_back(&s);
    }
    if (scales.empty()) {
      return error_response(400, fmt::format("scale: unknown scale \"{}\" (one of {})", scale,
                                             fmt::join(names, ", ")));
    }
    const auto p = load(id);
    if (!p) return no_patient(id);
    return json_response(200, io::to_json(grading::grade_patient(p->record, scales)));
  }

  Response advice(const std::string& id) {
    const std::string name = r_.parameter("guideline", "asco-2021");
    const auto names = io::guideline_names(o_.data_dir);
    if (!is_one_of(name, names)) {
      return error_response(400, fmt::format("guideline: unknown rule set \"{}\" (one of {})", name,
                                             fmt::join(names, ", ")));
    }
    const auto p = load(id);
    if (!p) return no_patient(id);
    const auto at = grading::review_hours(r_.parameter("at", ""), p->record, "at");
    if (!at) return bad_input(at.error());
    auto guideline = io::load_guideline(io::guideline_path(o_.data_dir, name));
    if (!guideline) return bad_input(guideline.error());
    return json_response(200,
                         io::to_json(grading::advise(p->record, at.value(), guideline.value())));
  }

  Response simulate(const std::string&) {
    std::optional<io::LocatedJson> doc;
    if (auto error = parse_object(doc)) return *error;
    population::VirtualCourseSpec spec;
    const auto number = [&](const std::string& key, double low, double high,
                            double& out) -> std::optional<Response> {
      const auto& v = doc->root()[key];
      if (!v.is_number()) {
        return bad_input(
            doc->error(key, fmt::format("expected a number, got {}", io::json_type_name(v))));
      }
      out = v.get<double>();
      if (!std::isfinite(out) || out < low || out > high) {
        return bad_input(
            doc->error(key, fmt::format("{:g} is outside {:g}..{:g}", out, low, high)));
      }
      return std::nullopt;
    };
    const auto name = [&](const std::string& key, const std::vector<std::string>& allowed,
                          std::string& out) -> std::optional<Response> {
      const auto& v = doc->root()[key];
      if (!v.is_string() || !is_one_of(v.get<std::string>(), allowed)) {
        return bad_input(
            doc->error(key, fmt::format("expected one of {}", fmt::join(allowed, ", "))));
      }
      out = v.get<std::string>();
      return std::nullopt;
    };
    if (!doc->root().contains("product")) {
      return bad_input(doc->error("", "expected \"product\""));
    }
    for (const auto& [key, value] : doc->root().items()) {
      std::optional<Response> error;
      double seed = 0;
      if (key == "product") {
        error = name(key, model::product_presets(o_.data_dir), spec.product);
      } else if (key == "policy") {
        error = name(key, population::policy_presets(o_.data_dir), spec.policy);
      } else if (key == "tumour_burden") {
        error = number(key, 0.0, 100.0, spec.covariates.tumor_burden);
      } else if (key == "weight_kg") {
        error = number(key, 1.0, 300.0, spec.covariates.weight_kg);
      } else if (key == "age_years") {
        error = number(key, 0.0, 120.0, spec.covariates.age_years);
      } else if (key == "days") {
        error = number(key, 0.5, 365.0, spec.days);
      } else if (key == "seed") {
        error = number(key, 0.0, 9.0e15, seed);
        if (!error && seed != std::floor(seed)) {
          error = bad_input(doc->error(key, "expected a whole number"));
        }
        spec.seed = static_cast<std::uint64_t>(seed);
      } else {
        error = bad_input(doc->error(
            key,
            "unknown key (expected product, tumour_burden, policy, days, seed, weight_kg, "
            "age_years)"));
      }
      if (error) return *error;
    }
    try {
      const auto simulated = population::simulate_virtual_course(spec, o_.data_dir);
      if (!simulated) return bad_input(simulated.error());
      return json_response(200, course_json(simulated.value()));
    } catch (const solver::SolverError& e) {
      return error_response(500, fmt::format("the integration failed: {}", e.what()));
    }
  }

  static json course_json(const population::SimulatedCourse& c) {
    const auto column = [&](const std::string& name) {
      const auto it = std::find(c.columns.begin(), c.columns.end(), name);
      const auto index = static_cast<std::size_t>(it - c.columns.begin());
      json values = json::array();
      for (const auto& row : c.rows) values.push_back(index < row.size() ? row[index] : 0.0);
      return values;
    };
    json hours = json::array();
    for (const auto& row : c.rows) hours.push_back(row.front() * 24.0);
    json treatments = json::array();
    for (const auto& t : c.treatments)
      treatments.push_back({{"hours", t.hours}, {"label", t.label}});
    return json{{"patient_id", c.record.patient_id},
                {"policy", c.policy},
                {"hours", std::move(hours)},
                {"series",
                 {{"car_t", column("car_t_total")},
                  {"il6", column("il6")},
                  {"temperature", column("temperature_c")},
                  {"map", column("map_mmhg")},
                  {"spo2", column("spo2_pct")}}},
                {"treatments", std::move(treatments)},
                {"grades", io::to_json(c.grades)}};
  }

  PatientStore& store_;
  const ApiOptions& o_;
  const Request& r_;
};

}  // namespace

BedsideApi::BedsideApi(std::shared_ptr<PatientStore> store, ApiOptions options)
    : store_(std::move(store)), options_(std::move(options)) {}

Response BedsideApi::handle(const Request& request) const {
  try {
    return Exchange(*store_, options_, request).answer();
  } catch (const StoreFailure& e) {
    return error_response(503, fmt::format("the database failed: {}", e.what()));
  } catch (const std::exception& e) {
    return error_response(500, fmt::format("internal error: {}", e.what()));
  }
}

}  // namespace cytostorm::serve
