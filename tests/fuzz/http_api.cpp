// libFuzzer harness: the bedside HTTP API (serve::BedsideApi::handle, no socket) over a patient
// store in a temporary folder. The first byte of the input picks the request (method, route,
// Content-Type), the second the patient; the rest is the body, or for the GET routes the value of
// their query parameter. Beyond not crashing, every answer must be a 2xx or a 4xx (the only 5xx
// the API documents is 503, a failing database, which a store in a temporary folder is not), a
// 4xx must say what is wrong in {"error": ...}, a JSON answer must be JSON, the server must answer
// valid requests (a read and a write) after every request, and after a write it acknowledged
// every read of that patient must answer.
//
// The store lives as long as the process and starts again, empty but for three seeded patients,
// every kRequestsPerStore inputs, so that it does not grow without bound; a crash therefore may
// depend on the inputs run before it in the same store (the log lists them when it does not
// reproduce alone).

#include <stdlib.h>  // mkdtemp

#include <array>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cytostorm/io/located_json.hpp"
#include "cytostorm/serve/bedside_api.hpp"
#include "harness.hpp"

namespace {

using namespace cytostorm;

const std::string kData = CYTOSTORM_SOURCE_DIR "/data";

// A new store after this many inputs: every write checks the patient's stored rows again, so the
// patients the harness writes after every input must stay small.
constexpr int kRequestsPerStore = 250;

// The longest simulation the harness asks for: a day takes a few milliseconds, the default 28
// days too long for a fuzzer.
constexpr double kMaxSimulatedDays = 2.0;

// One request the first byte can pick: "{id}" in the path is the patient the second byte picks;
// when `parameter` is set the rest of the input is that query parameter's value, not the body.
struct RouteChoice {
  const char* method;
  const char* path;
  const char* content_type;
  const char* parameter;
};

constexpr std::array<RouteChoice, 10> kRoutes{{
    {"POST", "/api/assess", "application/json", nullptr},
    {"POST", "/api/patients", "application/json", nullptr},
    {"POST", "/api/patients/{id}/events", "application/json", nullptr},
    {"POST", "/api/patients/{id}/events", "text/csv", nullptr},
    {"POST", "/api/patients/{id}/events", "application/fhir+json", nullptr},
    {"GET", "/api/patients/{id}/grades", "", "scale"},
    {"GET", "/api/patients/{id}/advice", "", "at"},
    {"GET", "/api/patients/{id}/advice", "", "guideline"},
    {"POST", "/api/simulate", "application/json", nullptr},
    {"GET", "/api/{rest}", "", nullptr},  // the rest of the input is the path
}};

// P01 has an infusion at hour 0, P02 one at an ISO 8601 time, P03 nothing yet; P99 is unknown.
// (A fourth patient, "probe", is written by the harness after every input.)
constexpr std::array<const char*, 4> kPatients{"P01", "P02", "P03", "P99"};

serve::Request request(const std::string& method, const std::string& path,
                       const std::string& body = "",
                       const std::string& content_type = "application/json") {
  serve::Request r;
  r.method = method;
  r.path = path;
  r.body = body;
  if (!content_type.empty()) r.headers["content-type"] = content_type;
  return r;
}

std::string describe(const serve::Request& r, const serve::Response& res) {
  std::string query;
  for (const auto& [name, value] : r.query)
    query += (query.empty() ? "?" : "&") + name + "=" + value;
  return r.method + " " + r.path + query + " (" + r.header("content-type") + ") answered " +
         std::to_string(res.status) + ": " + res.body.substr(0, 500);
}

// The properties every answer has.
void check_answer(const serve::Request& r, const serve::Response& res) {
  const bool success = res.status >= 200 && res.status < 300;
  const bool refused = res.status >= 400 && res.status < 500;
  fuzz::require(success || refused, "neither 2xx nor 4xx: " + describe(r, res));
  const bool is_json = res.content_type.starts_with("application/json") ||
                       res.content_type.starts_with("application/fhir+json");
  fuzz::require(!is_json || nlohmann::json::accept(res.body),
                "an answer that is not JSON: " + describe(r, res));
  if (refused) {
    const auto body = nlohmann::json::parse(res.body, nullptr, false);
    fuzz::require(body.is_object() && body.contains("error") && body["error"].is_string() &&
                      !body["error"].get<std::string>().empty(),
                  "a 4xx without {\"error\": message}: " + describe(r, res));
  }
}

// The API over a store in a folder of its own, with three patients.
class Server {
 public:
  Server() {
    std::string pattern = scratch_root() + "/cytostorm-fuzz-http.XXXXXX";
    fuzz::require(mkdtemp(pattern.data()) != nullptr, "cannot make a temporary folder");
    folder_ = pattern;
    restart();
  }
  ~Server() {
    api_.reset();
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Answers `r`, checking the properties of the answer.
  serve::Response answer(const serve::Request& r) {
    auto res = api_->handle(r);
    check_answer(r, res);
    return res;
  }

  // Answers `r`, which must get `status`.
  void expect(const serve::Request& r, int status) {
    const auto res = answer(r);
    fuzz::require(res.status == status, "a valid request not answered " + std::to_string(status) +
                                            ": " + describe(r, res));
  }

  // A new, empty store every kRequestsPerStore inputs.
  void count_input() {
    if (++inputs_ % kRequestsPerStore == 0) restart();
  }

 private:
  // /dev/shm when there is one: the store syncs every commit, which a disk makes slow.
  static std::string scratch_root() {
    std::error_code ec;
    if (std::filesystem::is_directory("/dev/shm", ec)) return "/dev/shm";
    const char* tmp = std::getenv("TMPDIR");
    return tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }

  void restart() {
    api_.reset();
    const std::string path = folder_ + "/patients.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    auto store = serve::PatientStore::open(path);
    fuzz::require(store.ok(), "cannot open the store: " +
                                  (store.ok() ? std::string() : store.error().to_string()));
    serve::ApiOptions options;
    options.data_dir = kData;
    api_ = std::make_unique<serve::BedsideApi>(store.value(), options);
    expect(request("POST", "/api/patients", R"({"patient_id": "P01", "weight_kg": 80})"), 201);
    expect(request("POST", "/api/patients/P01/events",
                   R"({"events": [{"time": 0, "kind": "infusion", "item": "axi-cel"}]})"),
           201);
    expect(request("POST", "/api/patients", R"({"patient_id": "P02", "age_years": 9})"), 201);
    expect(request("POST", "/api/patients/P02/events",
                   R"({"events": [{"time": "2024-03-01T08:00:00Z", "kind": "infusion",
                       "item": "tisa-cel"}]})"),
           201);
    expect(request("POST", "/api/patients", R"({"patient_id": "P03"})"), 201);
    expect(request("POST", "/api/patients", R"({"patient_id": "probe"})"), 201);
  }

  std::string folder_;
  std::unique_ptr<serve::BedsideApi> api_;
  long inputs_ = 0;
};

Server& server() {
  static Server s;
  return s;
}

// True for a simulation that may run long: no days, or more than kMaxSimulatedDays.
bool too_long(const std::string& body) {
  auto doc = io::LocatedJson::parse(body, "fuzz.json");
  if (!doc.ok() || !doc.value().root().is_object()) return false;  // refused before simulating
  const auto& root = doc.value().root();
  const auto days = root.find("days");
  return days == root.end() || (days->is_number() && days->get<double>() > kMaxSimulatedDays);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const RouteChoice& route = kRoutes[data[0] % kRoutes.size()];
  const std::string patient = kPatients[data[1] % kPatients.size()];
  const std::string rest(fuzz::as_text(data + 2, size - 2));
  std::string path = route.path;
  if (const auto at = path.find("{id}"); at != std::string::npos) path.replace(at, 4, patient);
  if (const auto at = path.find("{rest}"); at != std::string::npos) path.replace(at, 6, rest);
  const bool in_path = std::string_view(route.path).ends_with("{rest}");
  const bool in_query = route.parameter != nullptr;
  if (path == "/api/simulate" && too_long(rest)) return 0;

  Server& s = server();
  s.count_input();
  auto r = request(route.method, path, in_path || in_query ? "" : rest, route.content_type);
  if (in_query) r.query.emplace(route.parameter, rest);
  const auto res = s.answer(r);

  // The server still answers, reads and writes.
  s.expect(request("GET", "/api/health"), 200);
  s.expect(request("POST", "/api/patients/probe/events",
                   R"({"events": [{"time": 1, "kind": "vital", "item": "temperature",
                       "value": 37.2, "unit": "C"}]})"),
           201);
  // What a write stored can be read back in every form.
  if (res.status == 201 && path.ends_with("/events")) {
    for (const char* read : {"", "/events", "/events.csv", "/fhir", "/grades", "/advice"}) {
      auto again = request("GET", "/api/patients/" + patient + read);
      if (std::string_view(read) == "/grades") again.query.emplace("scale", "all");
      const auto answer = s.answer(again);
      // An export to FHIR needs an infusion to place hours at (docs/api.md).
      fuzz::require(answer.status == 200 || (answer.status == 409 && again.path.ends_with("fhir")),
                    "a stored patient does not read back: " + describe(again, answer));
    }
  }
  return 0;
}
