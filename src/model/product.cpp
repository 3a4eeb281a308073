#include "cytostorm/model/product.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string_view>

#include "toml_reading.hpp"

namespace cytostorm::model {

using record::InputError;

namespace {

constexpr std::array<std::string_view, 10> kKeys{
    "name",        "costimulation",  "target",      "cd4_fraction", "dose_cells",
    "dose_per_kg", "max_dose_cells", "description", "sources",      "overrides"};

}  // namespace

double infused_cells(const Product& product, double weight_kg) {
  if (!std::isfinite(weight_kg) || weight_kg <= 0) {
    throw std::invalid_argument(
        fmt::format("infused_cells: weight_kg must be positive and finite, got {}", weight_kg));
  }
  double cells = product.dose_per_kg ? product.dose_cells * weight_kg : product.dose_cells;
  if (product.max_dose_cells > 0) cells = std::min(cells, product.max_dose_cells);
  return cells;
}

std::vector<std::string> product_presets(const std::string& data_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  const std::filesystem::path folder = std::filesystem::path(data_dir) / "products";
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".toml") names.push_back(it->path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

record::Result<Product> load_product(const std::string& data_dir, const std::string& name) {
  const std::vector<std::string> presets = product_presets(data_dir);
  if (std::find(presets.begin(), presets.end(), name) == presets.end()) {
    return InputError{data_dir + "/products", 0, "product",
                      fmt::format("unknown product '{}'; the presets are: {}", name,
                                  presets.empty() ? std::string("(none found)")
                                                  : fmt::format("{}", fmt::join(presets, ", ")))};
  }
  const std::string path =
      (std::filesystem::path(data_dir) / "products" / (name + ".toml")).string();
  auto parsed = detail::parse_toml(path);
  if (!parsed.ok()) return parsed.error();
  const toml::table& root = parsed.value();
  for (const auto& [key, node] : root) {
    if (std::find(kKeys.begin(), kKeys.end(), key.str()) == kKeys.end()) {
      return InputError{path, node.source().begin.line, std::string(key.str()),
                        fmt::format("unknown key '{}'", key.str())};
    }
  }
  Product product;
  auto text = detail::read_string(path, root, "name", 1);
  if (!text.ok()) return text.error();
  product.name = text.value();
  if (product.name != name) {
    return InputError{path, detail::line_of(root, "name", 1), "name",
                      fmt::format("name '{}' differs from the file name '{}'", product.name, name)};
  }
  text = detail::read_string(path, root, "costimulation", 1);
  if (!text.ok()) return text.error();
  if (text.value() == "CD28") {
    product.costim = Costimulation::cd28;
  } else if (text.value() == "4-1BB") {
    product.costim = Costimulation::four_one_bb;
  } else {
    return InputError{
        path, detail::line_of(root, "costimulation", 1), "costimulation",
        fmt::format("costimulation must be \"CD28\" or \"4-1BB\", got \"{}\"", text.value())};
  }
  text = detail::read_string(path, root, "target", 1);
  if (!text.ok()) return text.error();
  product.target = text.value();

  struct NumberField {
    std::string_view key;
    double* field;
    double min;
    double max;
  };
  for (const NumberField& f : {NumberField{"cd4_fraction", &product.cd4_fraction, 0.0, 1.0},
                               NumberField{"dose_cells", &product.dose_cells, 0.0, 1e12},
                               NumberField{"max_dose_cells", &product.max_dose_cells, 0.0, 1e12}}) {
    auto v = detail::read_number(path, root, f.key, 1);
    if (!v.ok()) return v.error();
    if (v.value() < f.min || v.value() > f.max) {
      return InputError{
          path, detail::line_of(root, f.key, 1), std::string(f.key),
          fmt::format("'{}' must be within {:g}..{:g}, got {:g}", f.key, f.min, f.max, v.value())};
    }
    *f.field = v.value();
  }
  if (product.dose_cells <= 0) {
    return InputError{path, detail::line_of(root, "dose_cells", 1), "dose_cells",
                      "'dose_cells' must be positive"};
  }
  auto per_kg = detail::read_bool(path, root, "dose_per_kg", 1);
  if (!per_kg.ok()) return per_kg.error();
  product.dose_per_kg = per_kg.value();

  if (const toml::node* node = root.get("overrides")) {
    const toml::table* overrides = node->as_table();
    if (!overrides) {
      return InputError{path, node->source().begin.line, "overrides",
                        "'overrides' must be a table of parameter names to numbers"};
    }
    for (const auto& [key, value] : *overrides) {
      auto v = detail::read_number(path, *overrides, key.str(), value.source().begin.line);
      if (!v.ok()) return v.error();
      product.overrides.emplace(std::string(key.str()), v.value());
    }
  }
  return product;
}

}  // namespace cytostorm::model
