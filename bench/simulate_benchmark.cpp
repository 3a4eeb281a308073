// Microseconds per simulated 28-day patient with the default policy (the whole pipeline: model,
// CVODE through our wrapper, the virtual clinician, grading), against the same right-hand side
// integrated by a plain CVODE loop written directly against the C API, with the same outputs
// and the same doses. Prints ours / plain and the solver work per patient.

#include <benchmark/benchmark.h>
#include <cvode/cvode.h>
#include <fmt/format.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <span>
#include <string>

#include "cytostorm/io/guideline_toml.hpp"
#include "cytostorm/model/virtual_patient.hpp"
#include "cytostorm/population/simulation.hpp"

namespace {

using namespace cytostorm;

struct Setup {
  model::VirtualPatient patient;
  population::Policy policy;
  population::SimulationOptions options;  // with the rule set the policy names
};

const Setup& setup() {
  static const Setup s = [] {
    const std::string data = CYTOSTORM_DATA_DIR;
    auto p = model::Parameters::load(data + "/model/parameters.toml");
    auto product = model::load_product(data, "axi-cel");
    auto policy = population::load_policy(data + "/policies/standard.toml");
    auto guideline = policy ? io::load_guideline(io::guideline_path(data, policy.value().guideline))
                            : record::Result<clinical::Guideline>(policy.error());
    if (!p || !product || !policy || !guideline) {
      std::fprintf(stderr, "cannot load the model data from %s\n", data.c_str());
      std::exit(1);
    }
    population::SimulationOptions options;
    options.guideline = std::move(guideline).value();
    return Setup{model::VirtualPatient(std::move(p).value(), product.value(), {}), policy.value(),
                 std::move(options)};
  }();
  return s;
}

// The doses the virtual clinician gave, to replay them in the plain loop.
struct Dose {
  double hours;
  model::Drug drug;
  double mg;
};

std::vector<Dose> doses_of(const population::SimulatedCourse& course) {
  std::vector<Dose> out;
  for (const auto& e : course.record.events) {
    if (e.kind != record::EventKind::medication || !e.value) continue;
    if (e.item == "tocilizumab") out.push_back({e.hours, model::Drug::tocilizumab, *e.value});
    if (e.item == "dexamethasone") out.push_back({e.hours, model::Drug::dexamethasone, *e.value});
    if (e.item == "methylprednisolone") {
      out.push_back({e.hours, model::Drug::methylprednisolone, *e.value});
    }
  }
  return out;
}

int plain_rhs(realtype t, N_Vector y, N_Vector ydot, void* user) {
  const auto* p = static_cast<const model::VirtualPatient*>(user);
  const auto n = p->size();
  p->rhs(t, std::span<const double>(N_VGetArrayPointer(y), n),
         std::span<double>(N_VGetArrayPointer(ydot), n));
  return 0;
}

int plain_jacobian(realtype t, N_Vector y, N_Vector, SUNMatrix jac, void* user, N_Vector, N_Vector,
                   N_Vector) {
  const auto* p = static_cast<const model::VirtualPatient*>(user);
  const auto n = p->size();
  p->jacobian(t, std::span<const double>(N_VGetArrayPointer(y), n),
              std::span<double>(SUNDenseMatrix_Data(jac), n * n));
  return 0;
}

// The same integration written directly against CVODE's C API: outputs every hour, doses as
// re-initialisations, the same tolerances and output mode as our solver's for the virtual
// patient (population::virtual_patient_solver_options).
double plain_cvode(const model::VirtualPatient& patient, const std::vector<Dose>& doses,
                   double days, long& steps, long& rhs, long& jacs) {
  const solver::SolverOptions options = population::virtual_patient_solver_options();
  const auto n = static_cast<sunindextype>(patient.size());
  SUNContext ctx = nullptr;
  SUNContext_Create(nullptr, &ctx);
  N_Vector y = N_VNew_Serial(n, ctx);
  auto y0 = patient.initial_state();
  std::copy(y0.begin(), y0.end(), N_VGetArrayPointer(y));
  void* mem = CVodeCreate(CV_BDF, ctx);
  CVodeInit(mem, plain_rhs, 0.0, y);
  CVodeSStolerances(mem, options.rtol, options.atol);
  CVodeSetUserData(mem, const_cast<model::VirtualPatient*>(&patient));
  CVodeSetMaxNumSteps(mem, options.max_steps);
  SUNMatrix a = SUNDenseMatrix(n, n, ctx);
  SUNLinearSolver ls = SUNLinSol_Dense(y, a, ctx);
  CVodeSetLinearSolver(mem, ls, a);
  CVodeSetJacFn(mem, plain_jacobian);
  double checksum = 0.0;
  std::size_t next_dose = 0;
  steps = rhs = jacs = 0;
  const auto collect = [&] {
    long s = 0, f = 0, fl = 0, j = 0;
    CVodeGetNumSteps(mem, &s);
    CVodeGetNumRhsEvals(mem, &f);
    CVodeGetNumLinRhsEvals(mem, &fl);
    CVodeGetNumJacEvals(mem, &j);
    steps += s;
    rhs += f + fl;
    jacs += j;
  };
  for (int hour = 1; hour <= static_cast<int>(days * 24.0); ++hour) {
    const double t = hour / 24.0;
    realtype reached = 0.0;
    if (!options.interpolate_outputs) CVodeSetStopTime(mem, t);
    CVode(mem, t, y, &reached, CV_NORMAL);
    checksum += N_VGetArrayPointer(y)[0];
    bool dosed = false;
    while (next_dose < doses.size() && doses[next_dose].hours <= hour + 1e-9) {
      patient.give(doses[next_dose].drug, doses[next_dose].mg,
                   std::span<double>(N_VGetArrayPointer(y), patient.size()));
      dosed = true;
      ++next_dose;
    }
    if (dosed) {
      collect();
      CVodeReInit(mem, t, y);
    }
  }
  collect();
  CVodeFree(&mem);
  SUNLinSolFree(ls);
  SUNMatDestroy(a);
  N_VDestroy(y);
  SUNContext_Free(&ctx);
  return checksum;
}

void BM_SimulatePatient(benchmark::State& state) {
  const auto& s = setup();
  solver::CvodeSolver solver(population::virtual_patient_solver_options());
  solver::SolverStats total;
  long patients = 0;
  for (auto _ : state) {
    auto course = population::simulate_course(s.patient, s.policy, solver, s.options);
    benchmark::DoNotOptimize(course.rows.data());
    total.steps += course.solver_stats.steps;
    total.rhs_evals += course.solver_stats.rhs_evals;
    total.jac_evals += course.solver_stats.jac_evals;
    ++patients;
  }
  state.counters["steps"] = static_cast<double>(total.steps) / static_cast<double>(patients);
  state.counters["rhs_evals"] =
      static_cast<double>(total.rhs_evals) / static_cast<double>(patients);
  state.counters["jac_evals"] =
      static_cast<double>(total.jac_evals) / static_cast<double>(patients);
}
BENCHMARK(BM_SimulatePatient)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

void BM_PlainCvode(benchmark::State& state) {
  const auto& s = setup();
  solver::CvodeSolver solver(population::virtual_patient_solver_options());
  const auto doses = doses_of(population::simulate_course(s.patient, s.policy, solver, s.options));
  long steps = 0, rhs = 0, jacs = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(plain_cvode(s.patient, doses, 28.0, steps, rhs, jacs));
  }
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["rhs_evals"] = static_cast<double>(rhs);
  state.counters["jac_evals"] = static_cast<double>(jacs);
}
BENCHMARK(BM_PlainCvode)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

// Prints the usual table, then ours / plain.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) times_[r.benchmark_name()] = r.GetAdjustedRealTime();
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const auto ours = times_.find("BM_SimulatePatient/min_time:2.000");
    const auto plain = times_.find("BM_PlainCvode/min_time:2.000");
    if (ours == times_.end() || plain == times_.end()) return;
    const double ratio = ours->second / plain->second;
    std::printf(
        "us per 28-day patient: ours %.1f, plain CVODE %.1f; ours/plain = %.3f (target "
        "<= 1.25: %s)\n",
        ours->second, plain->second, ratio, ratio <= 1.25 ? "MET" : "MISSED");
  }

 private:
  std::map<std::string, double> times_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
