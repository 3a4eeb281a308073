// Virtual patients per second per core for the standard 28-day trial (the zuma-1 preset: its
// population, product, policy and grading scale), with 1 and with 2 worker threads in the same
// run, and the parallel speed-up of 2 threads over 1 (issue 6).
//   cytostorm_trial_benchmark [--patients N] [google-benchmark flags]

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>

#include "cytostorm/population/trial.hpp"

namespace {

using namespace cytostorm;

int g_patients = 32;

const population::Trial& trial() {
  static const population::Trial t = [] {
    const std::string data = CYTOSTORM_DATA_DIR;
    auto parameters = model::Parameters::load(data + "/model/parameters.toml");
    if (!parameters) {
      std::fprintf(stderr, "%s\n", parameters.error().to_string().c_str());
      std::exit(1);
    }
    auto spec = population::load_trial_spec(population::trial_spec_path(data, "zuma-1"), data,
                                            parameters.value());
    if (!spec) {
      std::fprintf(stderr, "%s\n", spec.error().to_string().c_str());
      std::exit(1);
    }
    auto s = std::move(spec).value();
    s.patients = g_patients;
    s.days = 28.0;
    auto inputs = population::load_trial_inputs(s, data);
    auto prepared = inputs ? population::Trial::prepare(s, std::move(inputs).value())
                           : record::Result<population::Trial>(inputs.error());
    if (!prepared) {
      std::fprintf(stderr, "%s\n", prepared.error().to_string().c_str());
      std::exit(1);
    }
    return std::move(prepared).value();
  }();
  return t;
}

void BM_Trial(benchmark::State& state) {
  population::RunOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  std::size_t patients = 0;
  for (auto _ : state) {
    const auto outcomes = population::run_trial(trial(), options);
    benchmark::DoNotOptimize(outcomes.data());
    patients += outcomes.size();
  }
  state.counters["patients_per_s"] =
      benchmark::Counter(static_cast<double>(patients), benchmark::Counter::kIsRate);
  state.counters["patients_per_s_per_core"] =
      benchmark::Counter(static_cast<double>(patients) / static_cast<double>(state.range(0)),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Trial)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5.0);

// The usual table, then patients per second per core and the speed-up.
class SpeedupReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      const auto it = r.counters.find("patients_per_s");
      if (it != r.counters.end()) rates_[r.benchmark_name()] = it->second.value;
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    double one = 0, two = 0;
    for (const auto& [name, rate] : rates_) {
      if (name.rfind("BM_Trial/1/", 0) == 0) one = rate;
      if (name.rfind("BM_Trial/2/", 0) == 0) two = rate;
    }
    if (one <= 0 || two <= 0) return;
    std::printf(
        "zuma-1, 28 days, %d patients per trial, %u hardware threads: 1 thread %.1f virtual "
        "patients/s per core; 2 threads %.1f patients/s (%.1f per core); speed-up 2 threads / 1 "
        "thread = %.2fx\n",
        g_patients, std::thread::hardware_concurrency(), one, two, two / 2, two / one);
  }

 private:
  std::map<std::string, double> rates_;
};

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--patients") == 0) {
      g_patients = std::max(2, std::atoi(argv[i + 1]));
      for (int j = i; j + 2 <= argc; ++j) argv[j] = argv[j + 2];
      argc -= 2;
      break;
    }
  }
  benchmark::Initialize(&argc, argv);
  SpeedupReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
