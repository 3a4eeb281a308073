#include "cytostorm/model/parameters.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "cytostorm/io/toml_reader.hpp"

namespace cytostorm::model {

record::Result<Parameters> Parameters::load(const std::string& path) {
  auto doc = io::TomlDocument::parse_file(path);
  if (!doc) return doc.error();
  return read(doc.value());
}

record::Result<Parameters> Parameters::read(const io::TomlDocument& doc) {
  const io::TomlTable root = doc.root();
  root.accept_only({"parameter"});
  Parameters out;
  for (const io::TomlTable& t : root.tables("parameter")) {
    t.accept_only({"name", "value", "unit", "source", "mechanism", "description"});
    ParameterInfo info;
    info.name = t.text("name");
    info.value = t.number("value", std::numeric_limits<double>::lowest(),
                          std::numeric_limits<double>::max());
    for (auto [key, field] : {std::pair{"unit", &info.unit}, std::pair{"source", &info.source},
                              std::pair{"description", &info.description}}) {
      *field = t.text(key);
    }
    info.mechanism = kMechanisms[t.one_of("mechanism", kMechanisms)];
    for (auto [key, field] : {std::pair{"name", &info.name}, std::pair{"unit", &info.unit},
                              std::pair{"source", &info.source}}) {
      if (field->empty()) t.fail(key, "must not be empty");
    }
    if (out.index_.count(info.name)) {
      t.fail("name", fmt::format("parameter \"{}\" repeated", info.name));
      continue;
    }
    out.index_.emplace(info.name, out.parameters_.size());
    out.parameters_.push_back(std::move(info));
  }
  return doc.result(std::move(out));
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
