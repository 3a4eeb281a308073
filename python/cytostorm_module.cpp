// The Python module `cytostorm` (docs/python.md): the library's assess, grade, simulate and trial
// for notebooks and pandas. Every function calls the same library functions as the CLI command of
// the same name and hands back what that command writes (its JSON as dicts, its CSV as
// DataFrames), so that results are equal; bad input raises cytostorm.InputError with the CLI's
// message. A simulated trajectory is handed to NumPy without copying: the array views the
// course's samples, and a capsule that owns the course is its base.

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/io/assessment_json.hpp"
#include "cytostorm/io/cohort_grading.hpp"
#include "cytostorm/io/data_folder.hpp"
#include "cytostorm/io/event_table.hpp"
#include "cytostorm/io/grades_output.hpp"
#include "cytostorm/io/input_file.hpp"
#include "cytostorm/io/snapshot_json.hpp"
#include "cytostorm/population/simulation.hpp"
#include "cytostorm/population/trial.hpp"
#include "cytostorm/population/trial_report.hpp"
#include "cytostorm/population/trial_summary.hpp"
#include "cytostorm/population/virtual_course.hpp"

namespace py = pybind11;

namespace cytostorm::python {

namespace {

// Bad input, raised in Python as cytostorm.InputError (a ValueError) with the CLI's message and,
// when the input names a place, its file, line and column.
struct BadInput {
  std::string message;
  std::optional<record::InputError> where;
};

// A failed integration, raised as cytostorm.SimulationError (a RuntimeError).
struct SimulationFailed {
  std::string message;
};

template <typename T>
T take(record::Result<T>&& result) {
  if (!result) throw BadInput{result.error().to_string(), result.error()};
  return std::move(result).value();
}

// A choice given by name, from the table the CLI's option uses.
template <typename Value, std::size_t N>
Value choice(const std::array<std::pair<std::string_view, Value>, N>& names,
             const std::string& keyword, const std::string& name) {
  std::string known;
  for (const auto& [n, value] : names) {
    if (n == name) return value;
    if (!known.empty()) known += ", ";
    known += n;
  }
  throw BadInput{keyword + ": unknown choice \"" + name + "\" (" + known + ")", std::nullopt};
}

clinical::RuleOptions rule_options(const std::string& capd_age_cutoff,
                                   bool count_airway_protection_oxygen) {
  clinical::RuleOptions rules;
  rules.capd_age_cutoff = choice(clinical::kCapdAgeCutoffNames, "capd_age_cutoff", capd_age_cutoff);
  rules.exclude_airway_protection_oxygen = !count_airway_protection_oxygen;
  return rules;
}

py::object from_json(const std::string& text) {
  return py::module_::import("json").attr("loads")(text);
}

// pandas.read_csv of text the library wrote.
py::object read_csv(const std::string& text, const py::dict& options) {
  const py::object buffer = py::module_::import("io").attr("StringIO")(text);
  return py::module_::import("pandas").attr("read_csv")(buffer, **options);
}

// The text a GradesWriter wrote to a temporary file.
class WriterFile {
 public:
  WriterFile() : file_(std::tmpfile()) {
    if (file_ == nullptr) throw std::runtime_error("cannot create a temporary file");
  }
  ~WriterFile() { std::fclose(file_); }
  WriterFile(const WriterFile&) = delete;
  WriterFile& operator=(const WriterFile&) = delete;

  [[nodiscard]] std::FILE* get() const { return file_; }

  [[nodiscard]] std::string text() const {
    std::fflush(file_);
    std::rewind(file_);
    std::string out;
    char buffer[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file_)) > 0) out.append(buffer, n);
    return out;
  }

 private:
  std::FILE* file_;
};

bool is_path(const py::handle& value) {
  return py::isinstance<py::str>(value) ||
         py::isinstance(value, py::module_::import("os").attr("PathLike"));
}

std::string path_of(const py::handle& value) {
  return py::str(py::module_::import("os").attr("fspath")(value));
}

// A DataFrame in the event layout as event-table text. pandas reads the table's numbers as floats
// (a flag 1 becomes 1.0, an empty cell NaN); they are written back as the shortest text that
// reads as the same number (1, 38.6) and NaN as an empty cell, as the reader expects.
std::string event_table_text(const py::handle& frame) {
  const py::object table = frame.attr("copy")();
  for (const auto& column : frame.attr("columns")) {
    const py::object values = frame[column];
    if (values.attr("dtype").attr("kind").cast<std::string>() != "f") continue;
    py::list cells;
    const auto numbers = values.attr("to_numpy")().cast<py::array_t<double>>();
    const auto view = numbers.unchecked<1>();
    for (py::ssize_t i = 0; i < view.shape(0); ++i) {
      cells.append(std::isnan(view(i)) ? std::string() : fmt::format("{}", view(i)));
    }
    table[column] = cells;
  }
  return table.attr("to_csv")(py::arg("index") = false).cast<std::string>();
}

// The inputs of grade(): a path, a DataFrame in the event layout, or a list of them.
std::vector<io::CohortInput> cohort_inputs(const py::object& events) {
  const py::object frame = py::module_::import("pandas").attr("DataFrame");
  std::vector<io::CohortInput> inputs;
  const auto add = [&](const py::handle& item) {
    if (py::isinstance(item, frame)) {
      inputs.push_back({"<DataFrame>", event_table_text(item)});
    } else if (is_path(item)) {
      inputs.push_back({path_of(item), std::nullopt});
    } else {
      throw py::type_error(
          "events: expected a path, a pandas.DataFrame in the event layout "
          "(patient_id,time,kind,item,value,unit,note) or a list of them");
    }
  };
  if (py::isinstance<py::list>(events) || py::isinstance<py::tuple>(events)) {
    for (const auto& item : events) add(item);
  } else {
    add(events);
  }
  return inputs;
}

struct GradeOptions {
  std::string scale;
  bool skip_bad_rows;
  double fever_window_hours;
  double resolution_hours;
  std::string masking_drugs;
  std::string capd_age_cutoff;
  bool count_airway_protection_oxygen;
};

// Grades the cohort with a writer of `format` ("csv" or "json"): the writer's text, its summary
// and the rows skipped.
struct Graded {
  std::string text;
  io::CohortReport report;
  std::vector<record::InputError> skipped;
};

Graded grade_with(const py::object& events, const GradeOptions& o, const std::string& format) {
  io::CohortOptions options;
  options.scales = take(io::crs_scales_named(o.scale));
  options.skip_bad_rows = o.skip_bad_rows;
  options.engine.fever_window_hours = o.fever_window_hours;
  options.engine.resolution_hours = o.resolution_hours;
  options.engine.rules = rule_options(o.capd_age_cutoff, o.count_airway_protection_oxygen);
  options.engine.rules.fever_masking =
      choice(clinical::kFeverMaskingNames, "masking_drugs", o.masking_drugs);
  if (!(o.fever_window_hours > 0) || !(o.resolution_hours > 0)) {
    throw BadInput{"fever_window_hours and resolution_hours: must be positive", std::nullopt};
  }
  const auto inputs = cohort_inputs(events);
  std::vector<std::string> names;
  for (const auto* s : options.scales) names.emplace_back(s->name);
  WriterFile file;
  io::GradesWriter writer(format, false, file.get(), names);
  Graded out;
  {
    py::gil_scoped_release release;
    writer.begin();
    auto skipped = take(io::grade_cohort(inputs, options, writer));
    writer.end();
    out.skipped = std::move(skipped);
    out.report = writer.report();
    out.text = file.text();
  }
  const py::object warn = py::module_::import("warnings").attr("warn");
  for (const auto& e : out.skipped) warn(e.to_string() + " (skipped)");
  return out;
}

py::object grade(const py::object& events, const GradeOptions& o) {
  const auto graded = grade_with(events, o, "csv");
  // The CLI's CSV, typed: a maximum grade that is not derivable and a syndrome that never
  // occurred read as <NA>.
  py::dict dtypes, missing;
  dtypes["patient_id"] = "str";
  missing["patient_id"] = py::list();
  const auto header = graded.text.substr(0, graded.text.find('\n'));
  std::size_t start = 0;
  while (start <= header.size()) {
    const auto end = std::min(header.find(',', start), header.size());
    const auto column = header.substr(start, end - start);
    start = end + 1;
    if (column == "patient_id") continue;
    const bool is_grade = column.ends_with("_max_grade");
    if (is_grade || column.ends_with("_onset_day")) dtypes[py::str(column)] = "Int64";
    py::list na;
    na.append(is_grade ? "not_derivable" : "");
    missing[py::str(column)] = na;
  }
  const py::object frame =
      read_csv(graded.text, py::dict(py::arg("dtype") = dtypes, py::arg("keep_default_na") = false,
                                     py::arg("na_values") = missing));
  frame.attr("attrs")["summary"] = from_json(io::to_json(graded.report).dump());
  py::list skipped;
  for (const auto& e : graded.skipped) skipped.append(e.to_string());
  frame.attr("attrs")["skipped"] = skipped;
  return frame;
}

py::object grade_timeline(const py::object& events, const GradeOptions& o) {
  const auto graded = grade_with(events, o, "json");
  // Ordered: crs_by_scale keeps the order of the scales.
  const auto document = nlohmann::ordered_json::parse(graded.text);
  std::vector<std::string> names{"patient_id", "syndrome", "scale",   "hours",   "day",
                                 "grade",      "at_least", "missing", "drivers", "notes"};
  std::vector<py::list> columns(names.size());
  const auto add = [&](const std::string& id, const std::string& syndrome,
                       const nlohmann::ordered_json& course) {
    for (const auto& entry : course["timeline"]) {
      const bool derivable = entry["grade"].is_number();
      columns[0].append(id);
      columns[1].append(syndrome);
      columns[2].append(course["scale"].get<std::string>());
      columns[3].append(entry["hours"].get<double>());
      columns[4].append(entry["day"].get<int>());
      columns[5].append(derivable ? py::object(py::int_(entry["grade"].get<int>()))
                                  : py::object(py::none()));
      columns[6].append(derivable ? py::object(py::none())
                                  : py::object(py::int_(entry["at_least"].get<int>())));
      columns[7].append(from_json(entry.value("missing", nlohmann::ordered_json::array()).dump()));
      columns[8].append(from_json(entry["drivers"].dump()));
      columns[9].append(from_json(entry.value("notes", nlohmann::ordered_json::array()).dump()));
    }
  };
  for (const auto& patient : document["patients"]) {
    const auto id = patient["patient_id"].get<std::string>();
    if (patient.contains("crs_by_scale")) {
      for (const auto& [scale, course] : patient["crs_by_scale"].items()) add(id, "crs", course);
    } else {
      add(id, "crs", patient["crs"]);
    }
    add(id, "icans", patient["icans"]);
  }
  py::dict data;
  for (std::size_t i = 0; i < names.size(); ++i) data[py::str(names[i])] = columns[i];
  const py::object frame = py::module_::import("pandas").attr("DataFrame")(data);
  py::dict types;
  types["patient_id"] = "object";
  types["hours"] = "float64";
  types["day"] = "int64";
  types["grade"] = "Int64";
  types["at_least"] = "Int64";
  return frame.attr("astype")(types);
}

py::object simulate(const std::string& product, const model::Covariates& covariates,
                    const std::string& policy, double days, std::uint64_t seed,
                    const std::map<std::string, double>& params) {
  population::VirtualCourseSpec request;
  request.product = product;
  request.covariates = covariates;
  request.policy = policy;
  request.days = days;
  request.seed = seed;
  request.parameters.assign(params.begin(), params.end());
  auto course = std::make_unique<population::SimulatedCourse>();
  std::string grades_json;
  {
    py::gil_scoped_release release;
    try {
      auto simulated = population::simulate_virtual_course(request, io::data_dir());
      if (!simulated) {
        throw BadInput{population::simulation_message(simulated.error()), simulated.error()};
      }
      *course = std::move(simulated).value();
    } catch (const solver::SolverError& e) {
      throw SimulationFailed{std::string("cytostorm simulate: the integration failed: ") +
                             e.what()};
    }
    WriterFile file;
    io::GradesWriter writer("json", false, file.get(), {"astct"});
    writer.begin();
    writer.patient(course->grades);
    writer.end();
    grades_json = file.text();
  }
  const std::string events = io::event_table_csv(course->record, true);
  py::list columns;
  for (const auto& c : course->columns) columns.append(c);
  py::list treatments;
  for (const auto& t : course->treatments) treatments.append(py::make_tuple(t.hours, t.label));
  const std::string policy_name = course->policy;
  // The samples stay where the simulation wrote them: the array views them and its base, a
  // capsule, owns the course until the last view is gone.
  const auto rows = static_cast<py::ssize_t>(course->rows.size());
  const auto width = static_cast<py::ssize_t>(course->rows.width());
  const double* data = course->rows.data();
  py::capsule owner(course.release(),
                    [](void* p) { delete static_cast<population::SimulatedCourse*>(p); });
  const py::array_t<double> values(
      {rows, width},
      {width * static_cast<py::ssize_t>(sizeof(double)), static_cast<py::ssize_t>(sizeof(double))},
      data, owner);
  const py::object frame = py::module_::import("pandas").attr("DataFrame")(
      values, py::arg("columns") = columns, py::arg("copy") = false);
  py::dict as_text;
  as_text["dtype"] = "str";
  as_text["keep_default_na"] = false;
  frame.attr("attrs")["events"] = read_csv(events, as_text);
  frame.attr("attrs")["grades"] = from_json(grades_json);
  frame.attr("attrs")["treatments"] = treatments;
  frame.attr("attrs")["policy"] = policy_name;
  return frame;
}

py::tuple trial(const py::object& preset_or_spec, std::optional<int> patients,
                std::optional<unsigned> threads, std::optional<std::uint64_t> seed,
                std::optional<std::string> policy, std::optional<double> days) {
  population::TrialRequest request;
  if (!is_path(preset_or_spec)) {
    throw py::type_error("preset_or_spec: expected a preset name or the path of a spec file");
  }
  request.spec = path_of(preset_or_spec);
  request.spec_is_file = !py::isinstance<py::str>(preset_or_spec);
  request.patients = patients;
  request.seed = seed;
  request.policy = std::move(policy);
  request.days = days;
  if (threads && *threads == 0) throw BadInput{"threads: must be at least 1", std::nullopt};
  std::string table, summary;
  {
    py::gil_scoped_release release;
    const auto prepared = take(population::load_trial(io::data_dir(), request));
    population::RunOptions run;
    run.threads = threads.value_or(std::max(1U, std::thread::hardware_concurrency()));
    const auto outcomes = population::run_trial(prepared, run);
    table = population::patients_csv(prepared, outcomes);
    summary = population::summary_json(population::summarize_trial(prepared.spec(), outcomes));
  }
  py::dict options;
  options["keep_default_na"] = false;
  options["na_values"] = py::make_tuple("");
  return py::make_tuple(read_csv(table, options), from_json(summary));
}

}  // namespace

}  // namespace cytostorm::python

PYBIND11_MODULE(cytostorm, m) {
  using namespace cytostorm;          // NOLINT: the module's body names the library's layers
  using namespace cytostorm::python;  // NOLINT
  m.doc() =
      "cytostorm: CRS and ICANS grading (ASTCT 2019 and the older scales), virtual CAR-T "
      "patients and virtual trials, for notebooks and pandas. The same library and the same "
      "results as the cytostorm command line. Decision support for clinicians, not a substitute "
      "for clinical judgement.";
  m.attr("__version__") = CYTOSTORM_VERSION;

  static py::exception<BadInput> input_error(m, "InputError", PyExc_ValueError);
  input_error.attr("__doc__") =
      "Bad input. str(error) is the command line's message, 'file:line: column: what is wrong'; "
      "file, line and column say where (None when the input names no place).";
  static py::exception<SimulationFailed> simulation_error(m, "SimulationError", PyExc_RuntimeError);
  simulation_error.attr("__doc__") = "The integration of a virtual patient failed.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const BadInput& e) {
      const py::object error = py::reinterpret_borrow<py::object>(input_error)(e.message);
      error.attr("file") = e.where ? py::object(py::str(e.where->file)) : py::object(py::none());
      error.attr("line") = e.where && e.where->line > 0 ? py::object(py::int_(e.where->line))
                                                        : py::object(py::none());
      error.attr("column") = e.where && !e.where->column.empty()
                                 ? py::object(py::str(e.where->column))
                                 : py::object(py::none());
      PyErr_SetObject(input_error.ptr(), error.ptr());
    } catch (const SimulationFailed& e) {
      PyErr_SetString(simulation_error.ptr(), e.message.c_str());
    }
  });

  m.def("data_dir", &io::data_dir,
        "The folder of built-in data (products, policies, guideline rule sets, trial presets): "
        "$CYTOSTORM_DATA when set, else the source tree's data/, else the installed "
        "share/cytostorm.");

  m.def(
      "assess",
      [](const py::object& snapshot, const std::string& capd_age_cutoff,
         bool count_airway_protection_oxygen) {
        std::string text, name;
        if (py::isinstance<py::dict>(snapshot)) {
          text = py::module_::import("json")
                     .attr("dumps")(snapshot, py::arg("indent") = 2)
                     .cast<std::string>();
          name = "<snapshot>";
        } else if (is_path(snapshot)) {
          name = path_of(snapshot);
          text = take(io::read_input(name));
        } else {
          throw py::type_error("snapshot: expected a dict or the path of a snapshot JSON file");
        }
        const auto rules = rule_options(capd_age_cutoff, count_airway_protection_oxygen);
        const auto parsed = take(io::read_snapshot(text, name));
        return from_json(io::to_json(clinical::assess(parsed, rules)).dump());
      },
      py::arg("snapshot"), py::kw_only(), py::arg("capd_age_cutoff") = "under-12",
      py::arg("count_airway_protection_oxygen") = false,
      R"(Grades one bedside snapshot, as `cytostorm assess` does.

snapshot: a dict in the snapshot format (README, formats.md section 2), or the path of a
  snapshot JSON file. A dict is read as its json.dumps(indent=2) text named "<snapshot>".
capd_age_cutoff: "under-12" (default) or "up-to-12".
count_airway_protection_oxygen: count oxygen given for airway protection toward CRS hypoxia.
Returns the result JSON of `cytostorm assess` as a dict: crs.<scale>, icans.astct,
icans.ctcae_neuro, ice, capd.
Raises InputError with the CLI's message ("file:line: column N: key ...: what is wrong").)");

  const auto grade_options =
      [](const std::string& scale, bool skip_bad_rows, double fever_window_hours,
         double resolution_hours, const std::string& masking_drugs,
         const std::string& capd_age_cutoff, bool count_airway_protection_oxygen) {
        return GradeOptions{scale,
                            skip_bad_rows,
                            fever_window_hours,
                            resolution_hours,
                            masking_drugs,
                            capd_age_cutoff,
                            count_airway_protection_oxygen};
      };
  const grading::EngineOptions engine;
  m.def(
      "grade",
      [grade_options](const py::object& events, const std::string& scale, bool skip_bad_rows,
                      double fever_window_hours, double resolution_hours,
                      const std::string& masking_drugs, const std::string& capd_age_cutoff,
                      bool count_airway_protection_oxygen) {
        return grade(events,
                     grade_options(scale, skip_bad_rows, fever_window_hours, resolution_hours,
                                   masking_drugs, capd_age_cutoff, count_airway_protection_oxygen));
      },
      py::arg("events"), py::arg("scale") = "astct", py::kw_only(),
      py::arg("skip_bad_rows") = false, py::arg("fever_window_hours") = engine.fever_window_hours,
      py::arg("resolution_hours") = engine.resolution_hours,
      py::arg("masking_drugs") = "antipyretic-or-anticytokine",
      py::arg("capd_age_cutoff") = "under-12", py::arg("count_airway_protection_oxygen") = false,
      R"(Grades every patient over time, as `cytostorm grade --format csv` does.

events: the path of an event table (CSV) or FHIR R4 Bundle (*.json), a pandas.DataFrame in the
  event layout (patient_id,time,kind,item,value,unit,note; errors name it "<DataFrame>" and its
  line N is row N-2), or a list of them.
scale: astct (default), lee2014, ctcae_v4, ctcae_v5, penn, mskcc, cartox, or all.
Returns one row per patient with the columns of the CLI's CSV; <NA> in a *_max_grade column is
"not derivable", in an onset or duration column "never occurred". attrs["summary"] holds the
cohort summary (and the concordance between scales for scale="all") as the CLI's JSON
"summary"; attrs["skipped"] the rows skipped with skip_bad_rows (also issued as warnings).)");
  m.def(
      "grade_timeline",
      [grade_options](const py::object& events, const std::string& scale, bool skip_bad_rows,
                      double fever_window_hours, double resolution_hours,
                      const std::string& masking_drugs, const std::string& capd_age_cutoff,
                      bool count_airway_protection_oxygen) {
        return grade_timeline(
            events, grade_options(scale, skip_bad_rows, fever_window_hours, resolution_hours,
                                  masking_drugs, capd_age_cutoff, count_airway_protection_oxygen));
      },
      py::arg("events"), py::arg("scale") = "astct", py::kw_only(),
      py::arg("skip_bad_rows") = false, py::arg("fever_window_hours") = engine.fever_window_hours,
      py::arg("resolution_hours") = engine.resolution_hours,
      py::arg("masking_drugs") = "antipyretic-or-anticytokine",
      py::arg("capd_age_cutoff") = "under-12", py::arg("count_airway_protection_oxygen") = false,
      R"(The audit trail: every grade at every change of input, as the timelines of
`cytostorm grade --format json`.

Arguments as grade(). Returns one row per timeline entry: patient_id, syndrome ("crs" or
"icans"), scale, hours, day, grade (<NA> when not derivable), at_least (the grade the known
inputs reach, when not derivable), missing (the inputs that would decide it), drivers (dicts
with text, finding, grade, observed_at_hours), notes.)");

  const model::Covariates covariates;
  m.def(
      "simulate",
      [](const std::string& product, double tumor_burden, double baseline_ang2,
         double baseline_lymphocytes, const std::string& lymphodepletion,
         double lymphodepletion_intensity, double weight, double age, const std::string& policy,
         double days, std::uint64_t seed, const std::map<std::string, double>& params) {
        model::Covariates c;
        c.tumor_burden = tumor_burden;
        c.baseline_ang2_pg_ml = baseline_ang2;
        c.baseline_lymphocytes_per_ul = baseline_lymphocytes;
        c.lymphodepletion = lymphodepletion;
        c.lymphodepletion_intensity = lymphodepletion_intensity;
        c.weight_kg = weight;
        c.age_years = age;
        return simulate(product, c, policy, days, seed, params);
      },
      py::arg("product"), py::kw_only(), py::arg("tumor_burden") = covariates.tumor_burden,
      py::arg("baseline_ang2") = covariates.baseline_ang2_pg_ml,
      py::arg("baseline_lymphocytes") = covariates.baseline_lymphocytes_per_ul,
      py::arg("lymphodepletion") = covariates.lymphodepletion,
      py::arg("lymphodepletion_intensity") = covariates.lymphodepletion_intensity,
      py::arg("weight") = covariates.weight_kg, py::arg("age") = covariates.age_years,
      py::arg("policy") = "standard", py::arg("days") = 28.0, py::arg("seed") = 1,
      py::arg("params") = std::map<std::string, double>{},
      R"(Simulates one virtual patient treated by a virtual clinician, as `cytostorm simulate`.

product: a preset in data/products (axi-cel, brexu-cel, tisa-cel, liso-cel, ide-cel, cilta-cel).
The keywords are the CLI's options (--tumor-burden ... --seed); params overrides model
parameters by name (the CLI's --param NAME=VALUE).
Returns the trajectory (trajectory.csv) as a DataFrame, one row per hour, viewing the
simulation's memory without a copy; attrs["events"] is the clinician's event table
(events.csv, as text columns, ready for grade()), attrs["grades"] the grades (grades.json),
attrs["treatments"] the (hours, label) of each dose, attrs["policy"] the policy's name.
Raises InputError (unknown product, policy or parameter; a value the model refuses) or
SimulationError (the integration failed).)");

  m.def("trial", &trial, py::arg("preset_or_spec"), py::kw_only(), py::arg("patients") = py::none(),
        py::arg("threads") = py::none(), py::arg("seed") = py::none(),
        py::arg("policy") = py::none(), py::arg("days") = py::none(),
        R"(Runs a virtual trial, as `cytostorm trial`.

preset_or_spec: a preset name in data/trials (zuma-1, zuma-1-cohort6, juliet, eliana, zuma-2,
  transcend-nhl, karmma, cartitude-1), or a spec file (a pathlib.Path, or a str with '/' or
  ending in .toml; docs/trials.md).
patients, seed, policy, days replace the spec's; threads defaults to every core. The outcomes
do not depend on the number of threads.
Returns (patients, summary): patients.csv as a DataFrame and summary.json as a dict.)");
}
