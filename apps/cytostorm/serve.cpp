// cytostorm serve: the bedside pages and the JSON API (docs/api.md) over HTTP, patients kept in
// an SQLite database. The API itself is the library's serve::BedsideApi; this file only wires
// it to cpp-httplib, binds, and stops on SIGINT or SIGTERM.

#include <fmt/format.h>
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <thread>

#include "command.hpp"
#include "cytostorm/serve/bedside_api.hpp"
#include "cytostorm/serve/patient_store.hpp"

namespace cytostorm::cli {

namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string db;
  std::string token;
  std::size_t body_limit_mib = 8;
  int threads = 8;
};

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// The database when --db is not given: $XDG_DATA_HOME/cytostorm/cytostorm.db, else
// ~/.local/share/cytostorm/cytostorm.db, else ./cytostorm.db.
std::string default_database() {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = std::filesystem::path(home) / ".local/share";
  } else {
    return "cytostorm.db";
  }
  return (base / "cytostorm" / "cytostorm.db").string();
}

std::string new_token() {
  std::random_device random;
  std::string token;
  for (int i = 0; i < 4; ++i) token += fmt::format("{:08x}", random());
  return token;
}

serve::Request to_request(const httplib::Request& req) {
  serve::Request r;
  r.method = req.method;
  r.path = req.path;
  r.query.insert(req.params.begin(), req.params.end());
  for (const auto& [name, value] : req.headers) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Cookies sent in several headers are read as one list; otherwise the last header counts.
    auto& kept = r.headers[lower];
    kept = lower == "cookie" && !kept.empty() ? kept + "; " + value : value;
  }
  r.body = req.body;
  return r;
}

int run_serve(const ServeOptions& o) {
  const std::string db = o.db.empty() ? default_database() : o.db;
  std::error_code ec;
  const auto folder = std::filesystem::path(db).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  auto store = serve::PatientStore::open(db);
  if (!store) {
    std::cerr << "cytostorm serve: " << store.error().to_string() << "\n";
    return kExitBadInput;
  }
  serve::ApiOptions options;
  options.data_dir = data_dir();
  options.web_dir = web_dir();
  options.token = o.token;
  options.body_limit = o.body_limit_mib << 20u;
  options.version = CYTOSTORM_VERSION;
  bool generated = false;
  if (options.token.empty() && !is_loopback(o.host)) {
    options.token = new_token();
    generated = true;
  }
  const serve::BedsideApi api(store.value(), options);

  // SIGINT and SIGTERM stop the server: blocked in every thread, awaited by one.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  const auto threads = static_cast<std::size_t>(o.threads);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // One byte over the limit reaches the API, which says what the limit is.
  server.set_payload_max_length(options.body_limit + 1);
  const auto handler = [&api](const httplib::Request& req, httplib::Response& res) {
    const auto answer = api.handle(to_request(req));
    res.status = answer.status;
    for (const auto& [name, value] : answer.headers) res.set_header(name, value);
    res.set_content(answer.body, answer.content_type);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Delete(".*", handler);
  server.Patch(".*", handler);
  server.Options(".*", handler);
  // What httplib refuses itself (a malformed request line, a body over the limit) gets a JSON
  // message too.
  const httplib::Server::HandlerWithResponse on_error = [&options](const httplib::Request&,
                                                                   httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const std::string message =
        res.status == 413
            ? fmt::format("the body is larger than the limit of {} bytes", options.body_limit)
        : res.status == 400 ? std::string("malformed HTTP request")
                            : fmt::format("HTTP error {}", res.status);
    const auto answer = serve::error_response(res.status, message);
    res.set_content(answer.body, answer.content_type);
    return httplib::Server::HandlerResponse::Handled;
  };
  server.set_error_handler(on_error);

  int port = o.port;
  if (port == 0) {
    port = server.bind_to_any_port(o.host);
  } else if (!server.bind_to_port(o.host, port)) {
    port = -1;
  }
  if (port < 0) {
    std::cerr << fmt::format(
        "cytostorm serve: cannot listen on {}:{} (in use, or not an address "
        "of this machine)\n",
        o.host, o.port);
    return kExitBadInput;
  }
  const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  std::cerr << fmt::format("cytostorm serve: database {} (schema version {}); pages: {}\n", db,
                           store.value()->schema_version(),
                           options.web_dir.empty() ? "none (web/ not found)" : options.web_dir);
  if (generated) std::cout << "token: " << options.token << "\n";
  // With a token, the address to open: the pages take the token from it (docs/api.md).
  if (!options.token.empty()) {
    std::cout << fmt::format("open http://{}:{}/?token={}\n", host, port, options.token);
  }
  std::cout << fmt::format("listening on http://{}:{}", host, port) << std::endl;

  std::thread([&server, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  }).detach();
  server.listen_after_bind();
  std::cerr << "cytostorm serve: stopped\n";
  return kExitOk;
}

}  // namespace

Command add_serve(CLI::App& parent) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* app = parent.add_subcommand(
      "serve",
      "Serve the bedside pages and the JSON API (docs/api.md): patients and their events kept in "
      "an SQLite database, graded, reviewed and exported on request.");
  app->add_option("--host", o->host,
                  "Address to listen on; anything but loopback (127.0.0.1, ::1, localhost) "
                  "needs a token")
      ->capture_default_str();
  app->add_option("--port", o->port, "Port to listen on; 0 picks a free one")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app->add_option(
      "--db", o->db,
      "SQLite database file, created on first run (default: "
      "$XDG_DATA_HOME/cytostorm/cytostorm.db or ~/.local/share/cytostorm/cytostorm.db)");
  // The token goes into an address and a cookie as it is: no character needs escaping there.
  const CLI::Validator token_characters(
      [](const std::string& token) {
        const bool plain = std::all_of(token.begin(), token.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
                 c == '~';
        });
        return plain && !token.empty()
                   ? std::string()
                   : std::string("the token has 1 or more letters, digits, '-', '_', '.', '~'");
      },
      "TOKEN");
  app->add_option("--token", o->token,
                  "Require the token on every request ('Authorization: Bearer TOKEN', "
                  "?token=TOKEN, or the cookie set when the printed address is opened), and "
                  "print the address to open with it; off loopback a token is generated and "
                  "printed when none is given")
      ->check(token_characters);
  app->add_option("--body-limit", o->body_limit_mib, "Largest request body, in MiB")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app->add_option("--threads", o->threads, "Requests handled at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app->footer(
      "API (JSON; errors are {\"error\": \"what is wrong\"} with a 4xx code):\n"
      "  GET  /api/health                      POST /api/assess (snapshot JSON)\n"
      "  GET  /api/patients                    POST /api/patients {\"patient_id\": ...}\n"
      "  GET  /api/patients/ID                 POST /api/patients/ID/events (JSON rows, CSV, "
      "FHIR)\n"
      "  GET  /api/patients/ID/events[.csv]    GET  /api/patients/ID/grades?scale=astct\n"
      "  GET  /api/patients/ID/advice?at=72&guideline=asco-2021\n"
      "  GET  /api/products, /api/policies, /api/guidelines\n"
      "  POST /api/simulate {\"product\": \"axi-cel\", \"days\": 28, ...}\n"
      "  GET  /api/vocabulary (the event table's kinds, items, units and ranges)\n"
      "Prints 'listening on http://HOST:PORT' when ready, after 'open "
      "http://HOST:PORT/?token=TOKEN' when a token is needed. A 2xx answer to a write means it is "
      "on disk.\nExit codes: 0 stopped by SIGINT/SIGTERM; 2 bad usage, the port cannot be "
      "bound, or the database file is not a cytostorm database (the message names it).");
  return {app, [o] { return run_serve(*o); }};
}

}  // namespace cytostorm::cli
