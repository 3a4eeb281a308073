#include "cytostorm/model/parameters.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "toml_reading.hpp"

namespace cytostorm::model {

using record::InputError;

namespace {

constexpr std::array<std::string_view, 6> kKeys{"name",   "value",     "unit",
                                                "source", "mechanism", "description"};

}  // namespace

record::Result<Parameters> Parameters::load(const std::string& path) {
  auto parsed = detail::parse_toml(path);
  if (!parsed.ok()) return parsed.error();
  const toml::table& root = parsed.value();
  for (const auto& [key, node] : root) {
    if (key.str() != "parameter") {
      return InputError{path, node.source().begin.line, std::string(key.str()),
                        fmt::format("unknown key '{}' (expected [[parameter]] tables)", key.str())};
    }
  }
  const toml::array* list = root["parameter"].as_array();
  if (!list) {
    return InputError{path, 1, "parameter", "no [[parameter]] tables"};
  }
  Parameters out;
  for (const toml::node& entry : *list) {
    const toml::table* table = entry.as_table();
    const std::size_t line = entry.source().begin.line;
    if (!table) return InputError{path, line, "parameter", "expected a [[parameter]] table"};
    for (const auto& [key, node] : *table) {
      if (std::find(kKeys.begin(), kKeys.end(), key.str()) == kKeys.end()) {
        return InputError{
            path, node.source().begin.line, std::string(key.str()),
            fmt::format("unknown key '{}' (expected name, value, unit, source, mechanism, "
                        "description)",
                        key.str())};
      }
    }
    ParameterInfo info;
    for (auto [key, field] :
         {std::pair{"name", &info.name}, std::pair{"unit", &info.unit},
          std::pair{"source", &info.source}, std::pair{"mechanism", &info.mechanism},
          std::pair{"description", &info.description}}) {
      auto text = detail::read_string(path, *table, key, line);
      if (!text.ok()) return text.error();
      *field = text.value();
    }
    if (info.name.empty()) return InputError{path, line, "name", "empty parameter name"};
    auto value = detail::read_number(path, *table, "value", line);
    if (!value.ok()) return value.error();
    info.value = value.value();
    if (std::find(kMechanisms.begin(), kMechanisms.end(), info.mechanism) == kMechanisms.end()) {
      return InputError{
          path, detail::line_of(*table, "mechanism", line), "mechanism",
          fmt::format("parameter '{}': unknown mechanism '{}'", info.name, info.mechanism)};
    }
    if (info.unit.empty() || info.source.empty()) {
      return InputError{path, line, info.unit.empty() ? "unit" : "source",
                        fmt::format("parameter '{}': empty {}", info.name,
                                    info.unit.empty() ? "unit" : "source")};
    }
    if (out.index_.count(info.name)) {
      return InputError{path, line, "name", fmt::format("parameter '{}' repeated", info.name)};
    }
    out.index_.emplace(info.name, out.parameters_.size());
    out.parameters_.push_back(std::move(info));
  }
  return out;
}

Parameters Parameters::from(std::vector<ParameterInfo> parameters) {
  Parameters out;
  for (auto& info : parameters) {
    if (info.name.empty()) throw std::invalid_argument("Parameters::from: empty parameter name");
    if (!std::isfinite(info.value)) {
      throw std::invalid_argument(
          fmt::format("Parameters::from: parameter '{}' is not finite", info.name));
    }
    if (out.index_.count(info.name)) {
      throw std::invalid_argument(
          fmt::format("Parameters::from: parameter '{}' repeated", info.name));
    }
    out.index_.emplace(info.name, out.parameters_.size());
    out.parameters_.push_back(std::move(info));
  }
  return out;
}

double Parameters::operator[](std::string_view name) const {
  const auto it = index_.find(std::string(name));
  if (it == index_.end()) {
    throw std::out_of_range(fmt::format("model parameter '{}' is not defined", name));
  }
  return parameters_[it->second].value;
}

bool Parameters::contains(std::string_view name) const {
  return index_.count(std::string(name)) > 0;
}

void Parameters::set(std::string_view name, double value) {
  const auto it = index_.find(std::string(name));
  if (it == index_.end()) {
    throw std::invalid_argument(fmt::format("Parameters::set: unknown model parameter '{}'", name));
  }
  if (!std::isfinite(value)) {
    throw std::invalid_argument(fmt::format("Parameters::set: value of '{}' is not finite", name));
  }
  parameters_[it->second].value = value;
}

}  // namespace cytostorm::model
