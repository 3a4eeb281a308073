#include "case_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace cytostorm::bench {

namespace {

// The settings of a case file, in the order of ComparisonCase's fields.
constexpr std::array<std::string_view, 4> kSettings{"rtol", "atol", "days", "outputs_per_day"};

// The regimens in the order of their codes in covariate.lymphodepletion.
constexpr std::array<std::string_view, 3> kRegimens{"none", "flu_cy", "bendamustine"};

// What a patient has besides the model parameters, while it is being assembled from inputs.
struct PatientFields {
  model::Covariates covariates;
  model::Product product;
};

// One named input that is not a model parameter: how to read it from a patient and how to set
// it. The one table serves both directions (case_of and patient_from_inputs).
struct Field {
  std::string_view name;
  double (*get)(const model::VirtualPatient&);
  void (*set)(PatientFields&, double);
};

double regimen_code(const model::VirtualPatient& p) {
  const auto it = std::find(kRegimens.begin(), kRegimens.end(), p.covariates().lymphodepletion);
  return static_cast<double>(it - kRegimens.begin());
}

void set_regimen(PatientFields& f, double code) {
  if (!(code >= 0 && code < static_cast<double>(kRegimens.size())) || code != std::floor(code)) {
    throw std::invalid_argument(fmt::format(
        "input 'covariate.lymphodepletion' must be 0 (none), 1 (flu_cy) or 2 (bendamustine), "
        "got {:g}",
        code));
  }
  f.covariates.lymphodepletion = kRegimens[static_cast<std::size_t>(code)];
}

using Patient = model::VirtualPatient;

const std::array<Field, 9> kFields{{
    {"covariate.tumor_burden", [](const Patient& p) { return p.covariates().tumor_burden; },
     [](PatientFields& f, double v) { f.covariates.tumor_burden = v; }},
    {"covariate.baseline_lymphocytes_per_ul",
     [](const Patient& p) { return p.covariates().baseline_lymphocytes_per_ul; },
     [](PatientFields& f, double v) { f.covariates.baseline_lymphocytes_per_ul = v; }},
    {"covariate.lymphodepletion", regimen_code, set_regimen},
    {"covariate.lymphodepletion_intensity",
     [](const Patient& p) { return p.covariates().lymphodepletion_intensity; },
     [](PatientFields& f, double v) { f.covariates.lymphodepletion_intensity = v; }},
    {"covariate.baseline_ang2_pg_ml",
     [](const Patient& p) { return p.covariates().baseline_ang2_pg_ml; },
     [](PatientFields& f, double v) { f.covariates.baseline_ang2_pg_ml = v; }},
    {"covariate.weight_kg", [](const Patient& p) { return p.covariates().weight_kg; },
     [](PatientFields& f, double v) { f.covariates.weight_kg = v; }},
    {"covariate.age_years", [](const Patient& p) { return p.covariates().age_years; },
     [](PatientFields& f, double v) { f.covariates.age_years = v; }},
    {"product.cd4_fraction", [](const Patient& p) { return p.product().cd4_fraction; },
     [](PatientFields& f, double v) { f.product.cd4_fraction = v; }},
    // The total dose: the per-kg dose and its cap are already applied.
    {"product.infused_cells",
     [](const Patient& p) { return model::infused_cells(p.product(), p.covariates().weight_kg); },
     [](PatientFields& f, double v) { f.product.dose_cells = v; }},
}};

bool is_field_name(std::string_view name) {
  return name.starts_with("covariate.") || name.starts_with("product.");
}

}  // namespace

model::VirtualPatient patient_from_inputs(const std::vector<std::string>& names,
                                          const std::vector<double>& values) {
  if (names.size() != values.size()) {
    throw std::invalid_argument(
        fmt::format("{} input names but {} values", names.size(), values.size()));
  }
  PatientFields fields;
  fields.product.name = "case file";
  std::array<bool, kFields.size()> seen{};
  std::vector<model::ParameterInfo> parameters;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!is_field_name(names[i])) {
      model::ParameterInfo info;
      info.name = names[i];
      info.value = values[i];
      parameters.push_back(std::move(info));
      continue;
    }
    const auto it = std::find_if(kFields.begin(), kFields.end(),
                                 [&](const Field& f) { return f.name == names[i]; });
    if (it == kFields.end()) {
      throw std::invalid_argument(fmt::format("unknown input '{}'", names[i]));
    }
    const auto k = static_cast<std::size_t>(it - kFields.begin());
    if (seen[k]) throw std::invalid_argument(fmt::format("input '{}' repeated", names[i]));
    seen[k] = true;
    it->set(fields, values[i]);
  }
  for (std::size_t k = 0; k < kFields.size(); ++k) {
    if (!seen[k]) throw std::invalid_argument(fmt::format("input '{}' missing", kFields[k].name));
  }
  return model::VirtualPatient(model::Parameters::from(std::move(parameters)), fields.product,
                               fields.covariates);
}

ComparisonCase case_of(const model::VirtualPatient& patient, std::string description) {
  ComparisonCase c;
  c.description = std::move(description);
  for (const auto& info : patient.parameters().all()) {
    c.input_names.push_back(info.name);
    c.input_values.push_back(info.value);
  }
  for (const Field& f : kFields) {
    c.input_names.emplace_back(f.name);
    c.input_values.push_back(f.get(patient));
  }
  c.state_names = patient.state_names();
  c.initial_state = patient.initial_state();
  return c;
}

std::optional<record::InputError> write_case(const std::string& path, const ComparisonCase& c) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!out) return record::InputError{path, 0, "", "cannot open the file for writing"};
  fmt::print(out.get(), "# {}\nkind,name,value\n", c.description);
  fmt::print(out.get(), "setting,rtol,{}\nsetting,atol,{}\n", c.rtol, c.atol);
  fmt::print(out.get(), "setting,days,{}\nsetting,outputs_per_day,{}\n", c.days, c.outputs_per_day);
  for (std::size_t i = 0; i < c.input_names.size(); ++i) {
    fmt::print(out.get(), "input,{},{}\n", c.input_names[i], c.input_values[i]);
  }
  for (std::size_t i = 0; i < c.state_names.size(); ++i) {
    fmt::print(out.get(), "state,{},{}\n", c.state_names[i], c.initial_state[i]);
  }
  if (std::ferror(out.get()) || std::fclose(out.release()) != 0) {
    return record::InputError{path, 0, "", "cannot write the file"};
  }
  return std::nullopt;
}

record::Result<ComparisonCase> read_case(const std::string& path) {
  std::ifstream in(path);
  if (!in) return record::InputError{path, 0, "", "cannot open the file"};
  ComparisonCase c;
  const auto fail = [&](std::size_t line, std::string column, std::string message) {
    return record::InputError{path, line, std::move(column), std::move(message)};
  };
  std::string text;
  std::size_t line = 0;
  bool header = false;
  std::array<std::optional<double>, kSettings.size()> settings;
  while (std::getline(in, text)) {
    ++line;
    if (text.starts_with("#")) {
      const auto start = text.find_first_not_of("# ");
      if (c.description.empty() && start != std::string::npos) c.description = text.substr(start);
      continue;
    }
    if (!header) {
      if (text != "kind,name,value") return fail(line, "", "expected the header kind,name,value");
      header = true;
      continue;
    }
    const auto first = text.find(',');
    const auto second = first == std::string::npos ? first : text.find(',', first + 1);
    if (second == std::string::npos || text.find(',', second + 1) != std::string::npos) {
      return fail(line, "", "expected three fields: kind,name,value");
    }
    const std::string kind = text.substr(0, first);
    const std::string name = text.substr(first + 1, second - first - 1);
    const std::string_view field = std::string_view(text).substr(second + 1);
    double value = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec != std::errc() || end != field.data() + field.size() || !std::isfinite(value)) {
      return fail(line, "value", fmt::format("'{}' is not a finite number", field));
    }
    if (kind == "input") {
      c.input_names.push_back(name);
      c.input_values.push_back(value);
    } else if (kind == "state") {
      c.state_names.push_back(name);
      c.initial_state.push_back(value);
    } else if (kind == "setting") {
      const auto it = std::find(kSettings.begin(), kSettings.end(), name);
      if (it == kSettings.end()) {
        return fail(line, "name",
                    fmt::format("unknown setting '{}' (rtol, atol, days, outputs_per_day)", name));
      }
      const auto k = static_cast<std::size_t>(it - kSettings.begin());
      const bool count = k >= 2;  // days, outputs_per_day
      if (count && (value < 1 || value > 1e6 || value != std::floor(value))) {
        return fail(line, "value", fmt::format("setting '{}' must be a positive integer", name));
      }
      if (!(value > 0)) {
        return fail(line, "value", fmt::format("setting '{}' must be positive", name));
      }
      settings[k] = value;
    } else {
      return fail(line, "kind", fmt::format("unknown kind '{}' (setting, input or state)", kind));
    }
  }
  if (!header) return fail(line, "", "no header kind,name,value");
  for (std::size_t k = 0; k < kSettings.size(); ++k) {
    if (!settings[k]) return fail(line, "", fmt::format("setting '{}' missing", kSettings[k]));
  }
  c.rtol = *settings[0];
  c.atol = *settings[1];
  c.days = static_cast<int>(*settings[2]);
  c.outputs_per_day = static_cast<int>(*settings[3]);
  if (static_cast<long>(c.days) * c.outputs_per_day > 10'000'000) {
    return fail(line, "", "days x outputs_per_day must be at most 10,000,000 outputs");
  }
  if (c.input_names.empty() || c.state_names.empty()) {
    return fail(line, "", "no input or no state rows");
  }
  return c;
}

}  // namespace cytostorm::bench
