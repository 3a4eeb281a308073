#pragma once
/// @file
/// The parameters of the virtual-patient model, as data: every value has a name, a unit, a
/// source (a paper's short name, or "assumed") and the mechanism of model.md section 1 it
/// belongs to. They are read from `data/model/parameters.toml`.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cytostorm/io/toml_reader.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::model {

/// One parameter as the TOML file describes it.
struct ParameterInfo {
  std::string name;         ///< unique snake_case name, e.g. "il6_elimination_rate"
  std::string unit;         ///< e.g. "1/day", "pg/mL", "1" for dimensionless
  std::string source;       ///< paper short name ("Stein 2019") or "assumed"
  std::string mechanism;    ///< one of kMechanisms
  std::string description;  ///< what it is, and any note (alternative values)
  double value = 0;         ///< the default value
};

/// The ten mechanisms of model.md section 1, in order; every parameter names one of them.
inline constexpr std::array<std::string_view, 10> kMechanisms{
    "lymphodepletion", "car_t_kinetics", "tumor",     "cytokine_cascade", "cytokine_blockade",
    "corticosteroids", "endothelium",    "bbb_icans", "systemic_signs",   "time_course"};

/// A named set of parameter values with their provenance.
class Parameters {
 public:
  /// Reads `[[parameter]]` tables (keys name, value, unit, source, mechanism, description; all
  /// required, no others) from a TOML file.
  /// @param path the TOML file
  /// @return the parameters, or an InputError naming the file, the line and the key when the
  ///   file cannot be read or parsed, a key is missing, unknown or of the wrong type, a value is
  ///   not finite, a mechanism is not one of kMechanisms, or a name is repeated
  static record::Result<Parameters> load(const std::string& path);

  /// As load, from a document already parsed (a file's text held in memory).
  /// @param doc the parsed TOML document
  /// @return the parameters, or the first error
  static record::Result<Parameters> read(const io::TomlDocument& doc);

  /// Builds a parameter set from a list (for tests and tools).
  /// @param parameters the parameters; names must be unique
  /// @throws std::invalid_argument naming a repeated or empty name or a non-finite value
  static Parameters from(std::vector<ParameterInfo> parameters);

  /// The value of a parameter.
  /// @param name the parameter's name
  /// @return its value
  /// @throws std::out_of_range naming the parameter when there is none of that name
  double operator[](std::string_view name) const;

  /// True when a parameter of that name exists.
  /// @param name the parameter's name
  /// @return whether it exists
  [[nodiscard]] bool contains(std::string_view name) const;

  /// Changes a parameter's value.
  /// @param name the parameter's name
  /// @param value the new value
  /// @throws std::invalid_argument naming the parameter when it is unknown or the value is not
  ///   finite
  void set(std::string_view name, double value);

  /// Every parameter, in file order.
  /// @return the parameters
  [[nodiscard]] const std::vector<ParameterInfo>& all() const { return parameters_; }

 private:
  std::vector<ParameterInfo> parameters_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace cytostorm::model
