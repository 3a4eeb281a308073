// The bedside API through handle(), without a socket: every route of docs/api.md, the answers
// compared with the command line's, bad input answered with a 4xx naming the place, and the
// limits (body size, token, methods) on both sides.
#include "cytostorm/serve/bedside_api.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cytostorm/grading/engine.hpp"
#include "cytostorm/io/event_table.hpp"
#include "cytostorm/io/fhir_bundle.hpp"
#include "cytostorm/io/grades_output.hpp"
#include "cytostorm/record/event_kinds.hpp"
#include "support/run_cli.hpp"

namespace cytostorm::serve {
namespace {

using nlohmann::json;
using testing::Scratch;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kData = CYTOSTORM_SOURCE_DIR "/data";

// P01: infusion, fever, hypotension with norepinephrine; rows out of time order on purpose.
const std::string kRowsCsv = std::string(io::kEventTableHeader) +
                             "\n"
                             "P01,,patient,weight_kg,80,kg,\n"
                             "P01,0,infusion,axi-cel,,,\n"
                             "P01,48,vital,sbp,82,mmHg,\n"
                             "P01,30,vital,temperature,39.2,C,\n"
                             "P01,48,vasopressor,norepinephrine,8,ug/min,\n"
                             "P01,50,vital,temperature,38.9,C,\"after, a comma\"\n";

class Api : public ::testing::Test {
 protected:
  void SetUp() override { open({}); }

  void open(ApiOptions options) {
    options.data_dir = kData;
    auto store = PatientStore::open(scratch_.dir() + "/test.db");
    ASSERT_TRUE(store.ok()) << store.error().to_string();
    api_ = std::make_unique<BedsideApi>(store.value(), std::move(options));
  }

  Response call(const std::string& method, const std::string& path, const std::string& body = "",
                const std::string& type = "application/json") const {
    Request r;
    r.method = method;
    const auto q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) {
      std::istringstream params(path.substr(q + 1));
      for (std::string pair; std::getline(params, pair, '&');) {
        const auto eq = pair.find('=');
        r.query.emplace(pair.substr(0, eq), pair.substr(eq + 1));
      }
    }
    r.headers["content-type"] = type;
    r.body = body;
    return api_->handle(r);
  }

  static json body(const Response& r) { return json::parse(r.body); }

  void create(const std::string& id) {
    const auto r = call("POST", "/api/patients", json{{"patient_id", id}}.dump());
    ASSERT_EQ(r.status, 201) << r.body;
  }

  Scratch scratch_;
  std::unique_ptr<BedsideApi> api_;
};

TEST_F(Api, HealthSaysOkWithTheSchemaVersion) {
  const auto r = call("GET", "/api/health");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(body(r)["status"], "ok");
  EXPECT_EQ(body(r)["schema_version"], PatientStore::latest_schema_version());
}

TEST_F(Api, AssessAnswersWhatTheCommandLinePrints) {
  const std::string path = kData + "/examples/01-fever-norepinephrine-vasopressin.json";
  const auto cli = testing::run_cli({"assess", path, "--format", "json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const auto r = call("POST", "/api/assess", read_file(path));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, cli.out);
}

TEST_F(Api, MalformedJsonIsA400NamingLineAndColumn) {
  const auto r = call("POST", "/api/assess", "{\n  \"temperature_c\": ,\n}");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(body(r)["error"].get<std::string>().rfind("request:2: column", 0), 0U) << r.body;
  EXPECT_EQ(call("GET", "/api/health").status, 200);  // still serving
}

TEST_F(Api, CreatesAPatientOnceWithFacts) {
  auto r =
      call("POST", "/api/patients", R"({"patient_id": "P01", "age_years": 9, "weight_kg": 30})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(body(r)["patient_id"], "P01");
  r = call("POST", "/api/patients", R"({"patient_id": "P01"})");
  EXPECT_EQ(r.status, 409) << r.body;
  r = call("GET", "/api/patients/P01");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(body(r)["facts"]["age_years"], 9);
  EXPECT_EQ(body(r)["facts"]["weight_kg"], 30);
  EXPECT_EQ(body(r)["events"], 0);
}

TEST_F(Api, RefusesBadPatientIdsAndFactsNamingTheLine) {
  EXPECT_EQ(call("POST", "/api/patients", R"({"patient_id": "a/b"})").status, 400);
  EXPECT_EQ(call("POST", "/api/patients", R"({"patient_id": ""})").status, 400);
  EXPECT_EQ(call("POST", "/api/patients", R"({"age_years": 3})").status, 400);
  EXPECT_EQ(call("POST", "/api/patients", R"(["P01"])").status, 400);
  const auto r = call("POST", "/api/patients", "{\"patient_id\": \"P02\",\n \"height_cm\": 120}");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(body(r)["error"].get<std::string>().rfind("request:2: item: ", 0), 0U) << r.body;
  EXPECT_EQ(call("GET", "/api/patients/P02").status, 404);  // nothing stored
  create("p-2_x.3");                                        // the allowed alphabet
}

TEST_F(Api, JsonRowsAndCsvStoreTheSameEventsInTimeOrder) {
  create("P01");
  create("P02");
  json rows = json::array();
  std::vector<io::EventRow> parsed = io::read_event_rows(kRowsCsv, "x").value();
  for (const auto& row : parsed) {
    rows.push_back({{"time", row.time},
                    {"kind", row.kind},
                    {"item", row.item},
                    {"value", row.value},
                    {"unit", row.unit},
                    {"note", row.note}});
  }
  rows[3]["time"] = 30;  // numbers are written as text
  auto r = call("POST", "/api/patients/P01/events", json{{"events", rows}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(body(r)["accepted"], 6);
  EXPECT_EQ(body(r)["events"], 5);
  std::string csv = kRowsCsv;
  for (std::size_t at = csv.find("P01"); at != std::string::npos; at = csv.find("P01", at)) {
    csv.replace(at, 3, "P02");
  }
  r = call("POST", "/api/patients/P02/events", csv, "text/csv");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto a = body(call("GET", "/api/patients/P01/events"))["events"];
  const auto b = body(call("GET", "/api/patients/P02/events"))["events"];
  EXPECT_EQ(a, b);
  ASSERT_EQ(a.size(), 6U);
  EXPECT_EQ(a[0]["kind"], "patient");
  EXPECT_EQ(a[2]["time"], "30");  // time order: 0, 30, 48, 48, 50
  EXPECT_EQ(a[3]["item"], "sbp");
  EXPECT_EQ(a[5]["note"], "after, a comma");
}

TEST_F(Api, GradesAreTheGradeCommandsPerPatientObject) {
  create("P01");
  ASSERT_EQ(call("POST", "/api/patients/P01/events", kRowsCsv, "text/csv").status, 201);
  Scratch s;
  for (const std::string scale : {"astct", "lee2014"}) {
    const auto cli = testing::run_cli(
        {"grade", s.write("rows.csv", kRowsCsv), "--format", "json", "--scale", scale});
    ASSERT_EQ(cli.exit_code, 0) << cli.err;
    const auto r = call("GET", "/api/patients/P01/grades?scale=" + scale);
    ASSERT_EQ(r.status, 200) << r.body;
    auto expected = json::parse(cli.out)["patients"][0];
    EXPECT_EQ(body(r), expected) << scale;
  }
  EXPECT_EQ(call("GET", "/api/patients/P01/grades?scale=nope").status, 400);
  const auto list = body(call("GET", "/api/patients"))["patients"];
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0]["patient_id"], "P01");
  EXPECT_EQ(list[0]["crs_max_grade"], 3);  // hypotension on norepinephrine
  EXPECT_EQ(list[0]["last_time"], "50");
}

TEST_F(Api, ABadRowIsRefusedWithTheEventTableMessageAndNothingIsStored) {
  create("P01");
  const std::string csv = std::string(io::kEventTableHeader) +
                          "\nP01,0,infusion,axi-cel,,,\nP01,12,vitals,temperature,39,C,\n";
  const auto reader = io::read_event_table_text(csv, "request", {}, [](auto&&) {});
  ASSERT_FALSE(reader.ok());
  auto r = call("POST", "/api/patients/P01/events", csv, "text/csv");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(body(r)["error"], reader.error().to_string());
  EXPECT_EQ(reader.error().to_string().rfind("request:3: kind: ", 0), 0U);
  // The same rows as JSON: the line is the row's line in the body.
  r = call("POST", "/api/patients/P01/events",
           "{\"events\": [\n {\"time\": 0, \"kind\": \"infusion\", \"item\": \"axi-cel\"},\n"
           " {\"time\": 12, \"kind\": \"vitals\", \"item\": \"temperature\", \"value\": 39, "
           "\"unit\": \"C\"}]}");
  ASSERT_EQ(r.status, 400);
  const std::string message = body(r)["error"];
  EXPECT_EQ(message.rfind("request:3: kind: ", 0), 0U) << message;
  EXPECT_EQ(message.substr(message.find(": kind")), reader.error().to_string().substr(9));
  EXPECT_EQ(body(call("GET", "/api/patients/P01"))["events"], 0);  // all or none
  // Unknown columns, wrong types and another patient's rows.
  EXPECT_EQ(call("POST", "/api/patients/P01/events", R"({"events": [{"colour": "red"}]})").status,
            400);
  EXPECT_EQ(call("POST", "/api/patients/P01/events", R"({"events": [{"time": [1]}]})").status, 400);
  EXPECT_EQ(call("POST", "/api/patients/P01/events", R"({"rows": []})").status, 400);
  r = call("POST", "/api/patients/P01/events",
           std::string(io::kEventTableHeader) + "\nP09,0,infusion,axi-cel,,,\n", "text/csv");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(body(r)["error"].get<std::string>().rfind("request:2: patient_id: ", 0), 0U);
}

TEST_F(Api, RowsAreCheckedTogetherWithTheStoredOnes) {
  create("P01");
  const std::string infusion = std::string(io::kEventTableHeader) + "\nP01,0,infusion,axi-cel,,,\n";
  ASSERT_EQ(call("POST", "/api/patients/P01/events", infusion, "text/csv").status, 201);
  auto r = call("POST", "/api/patients/P01/events", infusion, "text/csv");
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(body(r)["error"].get<std::string>().find("a second infusion row (the patient already "
                                                     "has one)"),
            std::string::npos)
      << r.body;
  r = call(
      "POST", "/api/patients/P01/events",
      std::string(io::kEventTableHeader) + "\nP01,2024-03-01T10:00:00Z,vital,temperature,38.5,C,\n",
      "text/csv");
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(body(r)["error"].get<std::string>().find("one time style"), std::string::npos);
}

TEST_F(Api, UnknownPatientsAreA404) {
  for (const std::string path :
       {"/api/patients/X", "/api/patients/X/events", "/api/patients/X/events.csv",
        "/api/patients/X/grades", "/api/patients/X/advice"}) {
    const auto r = call("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(body(r)["error"], "no patient X");
  }
  EXPECT_EQ(call("POST", "/api/patients/X/events", R"({"events": []})").status, 404);
  EXPECT_EQ(call("POST", "/api/patients/X/events", "not json").status, 404);
}

TEST_F(Api, WrongMethodsAre405AndUnknownPathsA404) {
  auto r = call("DELETE", "/api/patients");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["Allow"], "GET, POST");
  EXPECT_EQ(call("GET", "/api/assess").status, 405);
  EXPECT_EQ(call("POST", "/api/health").status, 405);
  EXPECT_EQ(call("GET", "/api/nothing").status, 404);
  EXPECT_EQ(call("GET", "/api/patients/P01/nothing").status, 404);
  EXPECT_EQ(call("GET", "/api/patients/").status, 404);
  EXPECT_EQ(call("POST", "/index.html").status, 405);
}

TEST_F(Api, BodiesOverTheLimitAre413) {
  ApiOptions options;
  options.body_limit = 64;
  open(options);
  const std::string start = R"({"patient_id": "P01", "note": ")";
  const std::string at_limit = start + std::string(64 - start.size() - 2, 'x') + "\"}";
  ASSERT_EQ(at_limit.size(), 64U);
  EXPECT_EQ(call("POST", "/api/patients", at_limit).status, 400);  // read: "note" is no fact
  const auto r = call("POST", "/api/patients", at_limit + " ");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(body(r)["error"], "the body has 65 bytes; the limit is 64");
}

TEST_F(Api, ATokenIsAskedOfEveryApiRequestWhenSet) {
  ApiOptions options;
  options.token = "s3cret";
  open(options);
  Request r;
  r.method = "GET";
  r.path = "/api/health";
  const auto refused = api_->handle(r);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.headers.at("WWW-Authenticate"), "Bearer");
  EXPECT_NE(body(refused)["error"].get<std::string>().find("?token=TOKEN"), std::string::npos);
  r.headers["authorization"] = "Bearer s3cre";
  EXPECT_EQ(api_->handle(r).status, 401);
  r.headers["authorization"] = "Bearer s3cret!";
  EXPECT_EQ(api_->handle(r).status, 401);
  r.headers["authorization"] = "s3cret";  // not a Bearer token
  EXPECT_EQ(api_->handle(r).status, 401);
  r.headers["authorization"] = "Bearer s3cret";
  EXPECT_EQ(api_->handle(r).status, 200);
  EXPECT_FALSE(api_->handle(r).headers.contains("Set-Cookie"));
  r.headers.clear();
  r.query.emplace("token", "s3cre");  // a link the browser follows: an export
  EXPECT_EQ(api_->handle(r).status, 401);
  r.query.clear();
  r.query.emplace("token", "s3cret");
  EXPECT_EQ(api_->handle(r).status, 200);
  EXPECT_TRUE(api_->handle(r).headers.contains("Set-Cookie"));
  r.path = "/api/patients/P01/events.csv";
  EXPECT_EQ(api_->handle(r).status, 404);  // past the token: no such patient
  r.query.clear();
  EXPECT_EQ(api_->handle(r).status, 401);
  r.path = "/api";
  EXPECT_EQ(api_->handle(r).status, 401);
  EXPECT_FALSE(api_->handle(r).headers.contains("Set-Cookie"));
}

TEST_F(Api, ThePagesNeedTheTokenTooAndTheirAddressSetsItsCookie) {
  Scratch web;
  web.write("index.html", "<h1>patients</h1>");
  web.write("api.js", "export {};");
  ApiOptions options;
  options.token = "s3cret";
  options.web_dir = web.dir();
  open(options);
  Request r;
  r.method = "GET";
  for (const std::string path : {"/index.html", "/api.js", "/", "/apix"}) {
    r.path = path;
    const auto refused = api_->handle(r);
    EXPECT_EQ(refused.status, 401) << path;
    EXPECT_EQ(refused.content_type, "text/plain; charset=utf-8");
    EXPECT_NE(refused.body.find("needs its token"), std::string::npos);
    EXPECT_NE(refused.body.find("http://HOST:PORT/?token=TOKEN"), std::string::npos);
  }
  // The printed address: the page, and the cookie for what the browser loads itself.
  r.path = "/";
  r.query.emplace("token", "s3cret");
  auto opened = api_->handle(r);
  EXPECT_EQ(opened.status, 200);
  EXPECT_EQ(opened.body, "<h1>patients</h1>");
  EXPECT_EQ(opened.headers.at("Set-Cookie"),
            "cytostorm_token=s3cret; Path=/; HttpOnly; SameSite=Strict");
  r.query.clear();
  r.query.emplace("token", "s3cre");
  opened = api_->handle(r);
  EXPECT_EQ(opened.status, 401);
  EXPECT_FALSE(opened.headers.contains("Set-Cookie"));
  r.query.clear();
  // The cookie as the browser sends it back, alone or among others.
  r.path = "/api.js";
  for (const std::string cookie :
       {"cytostorm_token=s3cret", "theme=dark; cytostorm_token=s3cret; lang=en",
        "cytostorm_token=old; cytostorm_token=s3cret", "theme=dark;cytostorm_token=s3cret "}) {
    r.headers["cookie"] = cookie;
    const auto served = api_->handle(r);
    EXPECT_EQ(served.status, 200) << cookie;
    EXPECT_EQ(served.body, "export {};");
    EXPECT_FALSE(served.headers.contains("Set-Cookie"));  // set once, by the address
  }
  for (const std::string cookie :
       {"cytostorm_token=s3cre", "cytostorm_token=s3cret!", "theme=dark", "cytostorm_token",
        "xcytostorm_token=s3cret", "theme=s3cret; token=s3cret", ""}) {
    r.headers["cookie"] = cookie;
    EXPECT_EQ(api_->handle(r).status, 401) << cookie;
  }
  // The API takes the cookie too: the exports the browser downloads after a navigation.
  r.path = "/api/health";
  r.headers["cookie"] = "theme=dark; cytostorm_token=s3cret";
  EXPECT_EQ(api_->handle(r).status, 200);
  r.headers["cookie"] = "cytostorm_token=wrong";
  const auto refused = api_->handle(r);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.content_type, "application/json");
  EXPECT_EQ(refused.headers.at("WWW-Authenticate"), "Bearer");
}

TEST_F(Api, WithoutATokenNothingIsAskedAndNoCookieSet) {
  Scratch web;
  web.write("index.html", "<h1>patients</h1>");
  ApiOptions options;
  options.web_dir = web.dir();
  open(options);
  Request r;
  r.method = "GET";
  r.path = "/index.html";
  r.query.emplace("token", "anything");
  const auto served = api_->handle(r);
  EXPECT_EQ(served.status, 200);
  EXPECT_TRUE(served.headers.empty());
  r.path = "/api/health";
  EXPECT_EQ(api_->handle(r).status, 200);
}

TEST_F(Api, EventTableExportReadsBackToTheSameGrades) {
  create("P01");
  ASSERT_EQ(call("POST", "/api/patients/P01/events", kRowsCsv, "text/csv").status, 201);
  const auto r = call("GET", "/api/patients/P01/events.csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type.rfind("text/csv", 0), 0U);
  std::vector<record::PatientRecord> back;
  ASSERT_TRUE(io::read_event_table_text(r.body, "export", {}, [&](auto&& p) {
                back.push_back(std::move(p));
              }).ok());
  ASSERT_EQ(back.size(), 1U);
  const auto grades = grading::grade_patient(back[0], {clinical::find_crs_scale("astct")});
  EXPECT_EQ(body(call("GET", "/api/patients/P01/grades")), json::parse(io::to_json(grades).dump()));
}

TEST_F(Api, FhirBundlesAreImportedForTheirPatient) {
  const std::string bundle = read_file(kData + "/examples/fhir/patient-p07.json");
  create("p07");
  create("other");
  auto r = call("POST", "/api/patients/other/events", bundle, "application/fhir+json");
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("no Patient other"), std::string::npos);
  r = call("POST", "/api/patients/p07/events", bundle, "application/fhir+json");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto read = io::read_fhir_bundle(bundle, "b.json");
  ASSERT_TRUE(read.ok());
  const auto grades = grading::grade_patient(read.value()[0], {clinical::find_crs_scale("astct")});
  auto expected = json::parse(io::to_json(grades).dump());
  auto got = body(call("GET", "/api/patients/p07/grades"));
  EXPECT_EQ(got["crs"]["max_grade"], expected["crs"]["max_grade"]);
  EXPECT_EQ(got["crs"]["timeline"].size(), expected["crs"]["timeline"].size());
  EXPECT_EQ(got["icans"]["max_grade"], expected["icans"]["max_grade"]);
}

TEST_F(Api, AdviceIsTheAdviseCommandsJson) {
  create("P01");
  ASSERT_EQ(call("POST", "/api/patients/P01/events", kRowsCsv, "text/csv").status, 201);
  Scratch s;
  const auto cli =
      testing::run_cli({"advise", s.write("rows.csv", kRowsCsv), "--patient", "P01", "--at", "49",
                        "--format", "json", "--guideline", "cartox-2018"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  auto r = call("GET", "/api/patients/P01/advice?at=49&guideline=cartox-2018");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, cli.out);
  EXPECT_NE(r.body.find("decision support, not a prescription"), std::string::npos);
  r = call("GET", "/api/patients/P01/advice?at=2024-03-01T10:00:00Z");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(body(r)["error"], "at: the file gives hours since infusion: give at in hours as well");
  EXPECT_EQ(call("GET", "/api/patients/P01/advice?guideline=../secret").status, 400);
  EXPECT_EQ(call("GET", "/api/patients/P01/advice").status, 200);
}

TEST_F(Api, ListsProductsPoliciesAndGuidelines) {
  const auto products = body(call("GET", "/api/products"))["products"];
  EXPECT_NE(std::find(products.begin(), products.end(), "axi-cel"), products.end());
  const auto policies = body(call("GET", "/api/policies"))["policies"];
  EXPECT_NE(std::find(policies.begin(), policies.end(), "standard"), policies.end());
  const auto guidelines = body(call("GET", "/api/guidelines"))["guidelines"];
  EXPECT_NE(std::find(guidelines.begin(), guidelines.end(), "asco-2021"), guidelines.end());
}

TEST_F(Api, VocabularyIsTheEventTableTheReaderChecks) {
  const auto r = call("GET", "/api/vocabulary");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto b = body(r);
  const auto& kinds = record::event_kinds();
  ASSERT_EQ(b["kinds"].size(), kinds.size());
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    const auto& kind = b["kinds"][k];
    EXPECT_EQ(kind["kind"], std::string(kinds[k].name));
    ASSERT_EQ(kind["items"].size(), kinds[k].items.size()) << kinds[k].name;
    for (std::size_t i = 0; i < kinds[k].items.size(); ++i) {
      const auto& rule = kinds[k].items[i];
      const auto& item = kind["items"][i];
      EXPECT_EQ(item["item"], std::string(rule.item));
      EXPECT_EQ(item["value"], std::string(record::name(rule.value)));
      EXPECT_EQ(item["units"].size(), rule.units.size());
    }
  }
  // formats.md's words, as a form offers them.
  const auto item = [&](const std::string& kind, const std::string& word) {
    for (const auto& k : b["kinds"]) {
      if (k["kind"] != kind) continue;
      for (const auto& i : k["items"]) {
        if (i["item"] == word) return i;
      }
    }
    return json();
  };
  EXPECT_EQ(item("vital", "temperature"),
            json::parse(R"({"item": "temperature", "value": "number", "units": ["C", "F"],
                            "min": 25.0, "max": 45.0})"));
  EXPECT_EQ(item("ice", "orientation")["value"], "points");
  EXPECT_EQ(item("ice", "orientation")["max"], 4.0);
  EXPECT_EQ(item("ice", "naming")["max"], 3.0);
  EXPECT_EQ(item("oxygen", "high_flow_nasal_cannula")["value"], "optional_number");
  EXPECT_EQ(item("oxygen", "high_flow_nasal_cannula")["units"], json::parse(R"(["L/min"])"));
  EXPECT_EQ(item("vasopressor", "vasopressin")["units"],
            json::parse(R"(["ug/min", "ug/kg/min", "U/min"])"));
  EXPECT_EQ(item("infusion", "cilta-cel")["value"], "none");
  EXPECT_FALSE(item("sign", "tremor").contains("min"));  // a flag has no range
  EXPECT_TRUE(item("vital", "temp").is_null());
  EXPECT_EQ(b["oxygen_purposes"], json::parse(R"(["hypoxia", "comfort", "airway_protection"])"));
  // A CAPD item's value is its answer, never (0) to always (4); the first four are reverse-scored.
  EXPECT_EQ(b["capd"]["answers"],
            json::parse(R"(["never", "rarely", "sometimes", "often", "always"])"));
  EXPECT_EQ(b["capd"]["points"]["eye_contact"], json::parse("[4, 3, 2, 1, 0]"));
  EXPECT_EQ(b["capd"]["points"]["communicates"], json::parse("[4, 3, 2, 1, 0]"));
  EXPECT_EQ(b["capd"]["points"]["restless"], json::parse("[0, 1, 2, 3, 4]"));
  EXPECT_EQ(b["capd"]["points"].size(), 8U);
  EXPECT_EQ(b["capd"]["positive_from"], 9);
  EXPECT_EQ(call("POST", "/api/vocabulary", "{}").status, 405);
}

TEST_F(Api, SimulatesAVirtualPatient) {
  const auto r = call("POST", "/api/simulate",
                      R"({"product": "axi-cel", "tumour_burden": 1.0, "days": 1, "seed": 3})");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto b = body(r);
  ASSERT_EQ(b["hours"].size(), 25U);  // hourly, 0..24
  EXPECT_EQ(b["hours"][24], 24.0);
  for (const auto* s : {"car_t", "il6", "temperature", "map", "spo2"}) {
    EXPECT_EQ(b["series"][s].size(), 25U) << s;
  }
  EXPECT_GT(b["series"]["car_t"][0].get<double>(), 0.0);
  EXPECT_EQ(b["grades"]["patient_id"], "virtual-axi-cel");
  EXPECT_EQ(b["policy"], "standard");
  auto bad = call("POST", "/api/simulate", "{\"product\": \"axi-cel\",\n \"days\": 0.4}");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(body(bad)["error"].get<std::string>().rfind("request:2: column", 0), 0U) << bad.body;
  EXPECT_EQ(call("POST", "/api/simulate", R"({"product": "no-cel"})").status, 400);
  EXPECT_EQ(call("POST", "/api/simulate", R"({"days": 1})").status, 400);
  EXPECT_EQ(call("POST", "/api/simulate", R"({"product": "axi-cel", "colour": 1})").status, 400);
  EXPECT_EQ(call("POST", "/api/simulate", R"({"product": "axi-cel", "seed": 1.5})").status, 400);
}

TEST_F(Api, ServesThePagesAndUplotAndNothingOutsideThem) {
  Scratch web;
  web.write("index.html", "<h1>patients</h1>");
  web.write("app.js", "export {};");
  web.write("node_modules/uplot/dist/uPlot.iife.min.js", "var uPlot;");
  web.write(".env", "secret");
  ApiOptions options;
  options.web_dir = web.dir();
  open(options);
  auto r = call("GET", "/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<h1>patients</h1>");
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  r = call("GET", "/app.js");
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(call("GET", "/vendor/uplot/uPlot.iife.min.js").body, "var uPlot;");
  EXPECT_EQ(call("GET", "/.env").status, 404);
  EXPECT_EQ(call("GET", "/../bedside_api_test.db").status, 404);
  EXPECT_EQ(call("GET", "/missing.html").status, 404);
  // Without the pages the API still answers.
  open({});
  EXPECT_EQ(call("GET", "/").status, 404);
  EXPECT_EQ(call("GET", "/api/health").status, 200);
}

}  // namespace
}  // namespace cytostorm::serve
