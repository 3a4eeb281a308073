// `cytostorm serve` over loopback as a browser or a script uses it: the port it prints, events
// posted and graded, the token off loopback, bad requests answered while it keeps serving, files
// that are not its database refused, and no acknowledged write lost to kill -9.
#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/damaged_database.hpp"
#include "support/run_cli.hpp"

namespace cytostorm::testing {
namespace {

using nlohmann::json;

// The CLI serving in a child process; the constructor returns once it prints its address.
class ServerProcess {
 public:
  explicit ServerProcess(const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv{const_cast<char*>(CYTOSTORM_CLI), const_cast<char*>("serve")};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(CYTOSTORM_CLI, argv.data());
      _exit(127);
    }
    close(out[1]);
    out_ = out[0];
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 1000) <= 0) continue;
      char buffer[256];
      const auto n = read(out_, buffer, sizeof buffer);
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
      const auto at = text.find("listening on http://");
      if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
        port_ = std::stoi(text.substr(text.rfind(':', text.find('\n', at)) + 1));
        break;
      }
    }
    if (const auto t = text.find("token: "); t != std::string::npos) {
      token_ = text.substr(t + 7, text.find('\n', t) - t - 7);
    }
    if (const auto o = text.find("open "); o != std::string::npos) {
      open_ = text.substr(o + 5, text.find('\n', o) - o - 5);
    }
  }
  ~ServerProcess() {
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] const std::string& token() const { return token_; }
  // The address printed to open the pages with the token, or "".
  [[nodiscard]] const std::string& open_address() const { return open_; }
  // Sends `signal` and returns the wait status.
  int stop(int signal) {
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    waited_ = true;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
  std::string token_;
  std::string open_;
  bool waited_ = false;
};

std::string with_header(const std::string& rows) {
  return "patient_id,time,kind,item,value,unit,note\n" + rows;
}

TEST(ServeCli, PostsEventsOverLoopbackAndReadsGrades) {
  Scratch s;
  ServerProcess server({"--port", "0", "--db", s.dir() + "/bedside.db"});
  ASSERT_GT(server.port(), 0);
  httplib::Client client("127.0.0.1", server.port());
  auto r =
      client.Post("/api/patients", R"({"patient_id": "P01", "weight_kg": 80})", "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string csv = with_header(
      "P01,0,infusion,axi-cel,,,\n"
      "P01,30,vital,temperature,39.2,C,\n"
      "P01,48,vital,sbp,82,mmHg,\n"
      "P01,48,vasopressor,norepinephrine,8,ug/min,\n");
  r = client.Post("/api/patients/P01/events", csv, "text/csv");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  r = client.Get("/api/patients/P01/grades");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto grades = json::parse(r->body);
  EXPECT_EQ(grades["patient_id"], "P01");
  EXPECT_EQ(grades["crs"]["max_grade"], 3);  // hypotension on norepinephrine
  EXPECT_EQ(server.stop(SIGTERM), 0);        // a clean stop: exit 0
}

TEST(ServeCli, OffLoopbackEveryRequestNeedsTheToken) {
  Scratch s;
  ServerProcess server({"--host", "0.0.0.0", "--port", "0", "--db", s.dir() + "/t.db"});
  ASSERT_GT(server.port(), 0);
  ASSERT_EQ(server.token().size(), 32U);
  httplib::Client client("127.0.0.1", server.port());
  auto r = client.Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  r = client.Get("/api/health", {{"Authorization", "Bearer " + server.token()}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  // The address to open carries the token; the pages need it too.
  EXPECT_EQ(server.open_address(),
            fmt::format("http://0.0.0.0:{}/?token={}", server.port(), server.token()));
  r = client.Get("/api/health?token=" + server.token());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  r = client.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(r->body.find("?token=TOKEN"), std::string::npos);
  r = client.Get("/?token=" + server.token());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("<title>Patients"), std::string::npos);
  EXPECT_EQ(r->get_header_value("Set-Cookie"),
            "cytostorm_token=" + server.token() + "; Path=/; HttpOnly; SameSite=Strict");
  // The cookie as a browser sends it back, even split over two Cookie headers.
  r = client.Get("/api.js",
                 {{"Cookie", "theme=dark"}, {"Cookie", "cytostorm_token=" + server.token()}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->has_header("Set-Cookie"));  // only the printed address sets it
  r = client.Get("/api.js", {{"Cookie", "theme=dark"}, {"Cookie", "cytostorm_token=wrong"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

TEST(ServeCli, ATokenThatAnAddressOrACookieWouldChangeIsRefused) {
  Scratch s;
  const auto run = run_cli({"serve", "--port", "0", "--db", s.dir() + "/x.db", "--token", "a;b"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("letters, digits"), std::string::npos) << run.err;
}

TEST(ServeCli, OnLoopbackAGivenTokenIsAskedAndItsAddressPrinted) {
  Scratch s;
  ServerProcess server({"--port", "0", "--db", s.dir() + "/g.db", "--token", "given-token"});
  ASSERT_GT(server.port(), 0);
  EXPECT_EQ(server.token(), "");  // not generated: not printed on its own
  EXPECT_EQ(server.open_address(),
            fmt::format("http://127.0.0.1:{}/?token=given-token", server.port()));
  httplib::Client client("127.0.0.1", server.port());
  auto r = client.Get("/api/patients");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  r = client.Get("/api/patients", {{"Authorization", "Bearer given-token"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(ServeCli, WithoutATokenNoAddressToOpenIsPrinted) {
  Scratch s;
  ServerProcess server({"--port", "0", "--db", s.dir() + "/n.db"});
  ASSERT_GT(server.port(), 0);
  EXPECT_EQ(server.open_address(), "");
}

TEST(ServeCli, KeepsServingAfterMalformedAndOversizedRequests) {
  Scratch s;
  ServerProcess server({"--port", "0", "--db", s.dir() + "/m.db", "--body-limit", "1"});
  ASSERT_GT(server.port(), 0);
  {  // Not HTTP at all.
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(server.port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    const std::string garbage = "GARBAGE\r\n\r\n";
    ASSERT_EQ(write(fd, garbage.data(), garbage.size()), static_cast<ssize_t>(garbage.size()));
    char buffer[512] = {};
    const auto n = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    EXPECT_NE(std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0U).find("400"),
              std::string::npos);
  }
  httplib::Client client("127.0.0.1", server.port());
  auto r = client.Post("/api/assess", std::string((1u << 20) + 10, ' '), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("\"error\""), std::string::npos) << r->body;
  r = client.Post("/api/assess", "{", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  r = client.Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(ServeCli, RefusesFilesThatAreNotItsDatabase) {
  Scratch s;
  const std::string text = s.write("notes.txt", "these are my notes, not a database\n");
  auto run = run_cli({"serve", "--port", "0", "--db", text});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(text + ": not an SQLite database"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
  // An SQLite database of another program.
  const std::string db = s.dir() + "/shop.db";
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(handle, "CREATE TABLE orders (id INTEGER)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(handle);
  run = run_cli({"serve", "--port", "0", "--db", db});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(db + ": an SQLite database of another program (tables: orders)"),
            std::string::npos)
      << run.err;
}

// A database with a valid header and damaged pages: refused at start with exit code 2 and a
// message naming the file, which is left byte for byte as it was.
TEST(ServeCli, RefusesADamagedDatabaseAndLeavesItAlone) {
  Scratch s;
  const std::string bytes = patient_database(Damage::page_overwritten);
  const std::string db = s.write("patients.db", bytes);
  const auto run = run_cli({"serve", "--port", "0", "--db", db});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("cytostorm serve: " + db + ": the database is damaged ("),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_TRUE(read_bytes(db) == bytes) << "the damaged file was changed";
}

// Writers post one row at a time and remember every 201; the server is killed with SIGKILL in
// the middle of the burst; a new server on the same file must have every acknowledged row.
TEST(ServeCli, KillNineLosesNoAcknowledgedWrite) {
  Scratch s;
  const std::string db = s.dir() + "/durable.db";
  std::set<std::string> acknowledged;
  std::mutex mutex;
  {
    ServerProcess server({"--port", "0", "--db", db});
    ASSERT_GT(server.port(), 0);
    httplib::Client setup("127.0.0.1", server.port());
    auto r = setup.Post("/api/patients", R"({"patient_id": "P01"})", "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201);
    std::atomic<int> acks{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
      writers.emplace_back([&, t] {
        httplib::Client client("127.0.0.1", server.port());
        client.set_read_timeout(10, 0);
        for (int i = 0; i < 100000; ++i) {
          const std::string note = "w" + std::to_string(t) + "-" + std::to_string(i);
          const json row{{"time", t * 1000 + i}, {"kind", "vital"}, {"item", "temperature"},
                         {"value", "37.5"},      {"unit", "C"},     {"note", note}};
          const auto res = client.Post("/api/patients/P01/events", json{{"events", {row}}}.dump(),
                                       "application/json");
          if (!res) return;  // the server is gone
          if (res->status != 201) continue;
          std::lock_guard lock(mutex);
          acknowledged.insert(note);
          ++acks;
        }
      });
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (acks < 200 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const int status = server.stop(SIGKILL);
    for (auto& w : writers) w.join();
    EXPECT_TRUE(WIFSIGNALED(status));
  }
  ASSERT_GE(acknowledged.size(), 200U);
  ServerProcess again({"--port", "0", "--db", db});
  ASSERT_GT(again.port(), 0);
  httplib::Client client("127.0.0.1", again.port());
  client.set_read_timeout(60, 0);
  const auto r = client.Get("/api/patients/P01/events");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  std::set<std::string> stored;
  const auto events = json::parse(r->body);
  for (const auto& e : events["events"]) stored.insert(e["note"].get<std::string>());
  std::size_t lost = 0;
  for (const auto& note : acknowledged) lost += stored.count(note) == 0 ? 1U : 0U;
  EXPECT_EQ(lost, 0U) << "of " << acknowledged.size() << " acknowledged writes";
}

}  // namespace
}  // namespace cytostorm::testing
