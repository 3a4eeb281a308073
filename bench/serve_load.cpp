// Load test of `cytostorm serve` over loopback: C concurrent clients post W single-row writes
// (JSON event rows, one patient per client), each timed from request to answer; then every
// acknowledged row is looked for in the patient's events. Prints the count, p50 and p99 latency,
// writes per second and lost writes; exits 1 when a write was lost or refused. Bounded by the
// write count and by --max-seconds. Started by bench/serve_load.sh, which runs the server.

#include <fmt/format.h>
#include <httplib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Load test of cytostorm serve: concurrent single-row writes over loopback"};
  std::string host = "127.0.0.1";
  int port = 0;
  int writes = 2000;
  int clients = 8;
  double max_seconds = 120;
  std::string prefix = "load";
  app.add_option("--host", host)->capture_default_str();
  app.add_option("--port", port, "The server's port")->required();
  app.add_option("--writes", writes, "Writes in all")->check(CLI::Range(1, 10000000));
  app.add_option("--clients", clients, "Concurrent clients")->check(CLI::Range(1, 256));
  app.add_option("--max-seconds", max_seconds, "Stop writing after this long")
      ->capture_default_str();
  app.add_option("--prefix", prefix, "Patient ids are PREFIX-0, PREFIX-1, ...");
  CLI11_PARSE(app, argc, argv);

  httplib::Client setup(host, port);
  for (int c = 0; c < clients; ++c) {
    const auto r =
        setup.Post("/api/patients", json{{"patient_id", fmt::format("{}-{}", prefix, c)}}.dump(),
                   "application/json");
    if (!r || (r->status != 201 && r->status != 409)) {
      std::fprintf(stderr, "serve_load: cannot create the patients (%s)\n",
                   r ? r->body.c_str() : httplib::to_string(r.error()).c_str());
      return 1;
    }
  }
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::vector<std::set<std::string>> acknowledged(static_cast<std::size_t>(clients));
  std::atomic<int> next{0}, refused{0}, failed{0};
  const auto start = Clock::now();
  const auto stop_at = start + std::chrono::duration<double>(max_seconds);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client(host, port);
      client.set_keep_alive(true);
      const std::string path = fmt::format("/api/patients/{}-{}/events", prefix, c);
      std::vector<double> mine;
      for (int i = next++; i < writes && Clock::now() < stop_at; i = next++) {
        const std::string note = fmt::format("write-{}", i);
        const json row{{"time", fmt::format("{:.3f}", i / 100.0)},
                       {"kind", "vital"},
                       {"item", "temperature"},
                       {"value", "37.4"},
                       {"unit", "C"},
                       {"note", note}};
        const auto t0 = Clock::now();
        const auto r = client.Post(path, json{{"events", {row}}}.dump(), "application/json");
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (!r) {
          ++failed;
          continue;
        }
        if (r->status != 201) {
          ++refused;
          continue;
        }
        mine.push_back(ms);
        acknowledged[static_cast<std::size_t>(c)].insert(note);
      }
      std::lock_guard lock(mutex);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::size_t lost = 0;
  for (int c = 0; c < clients; ++c) {
    const auto r = setup.Get(fmt::format("/api/patients/{}-{}/events", prefix, c));
    if (!r || r->status != 200) {
      std::fprintf(stderr, "serve_load: cannot read back patient %d\n", c);
      return 1;
    }
    std::set<std::string> stored;
    const auto events = json::parse(r->body);
    for (const auto& e : events["events"]) stored.insert(e["note"].get<std::string>());
    for (const auto& note : acknowledged[static_cast<std::size_t>(c)]) {
      if (stored.count(note) == 0) ++lost;
    }
  }
  const std::size_t done = latencies_ms.size();
  std::printf(
      "writes acknowledged %zu of %d, clients %d, %.2f s\n"
      "latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n"
      "throughput %.0f writes/s\n"
      "refused %d, failed %d, lost %zu\n",
      done, writes, clients, seconds, percentile(latencies_ms, 0.50),
      percentile(latencies_ms, 0.99), percentile(latencies_ms, 1.0),
      static_cast<double>(done) / seconds, refused.load(), failed.load(), lost);
  return lost == 0 && refused == 0 && failed == 0 ? 0 : 1;
}
