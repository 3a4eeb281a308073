#include "cytostorm/model/product.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "cytostorm/io/toml_reader.hpp"

namespace cytostorm::model {

using record::InputError;

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

double parameter_value(const Parameters& parameters, const Product& product,
                       const std::string& name) {
  const auto it = product.overrides.find(name);
  return it != product.overrides.end() ? it->second : parameters[name];
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
  auto doc = io::TomlDocument::parse_file(path);
  if (!doc) return doc.error();
  const io::TomlTable root = doc.value().root();
  root.accept_only({"name", "costimulation", "target", "cd4_fraction", "dose_cells", "dose_per_kg",
                    "max_dose_cells", "description", "sources", "overrides"});
  Product product;
  product.name = root.text("name");
  if (product.name != name) {
    root.fail("name", fmt::format("\"{}\" differs from the file name \"{}\"", product.name, name));
  }
  static constexpr std::pair<Costimulation, std::string_view> kCostimulation[] = {
      {Costimulation::cd28, "CD28"}, {Costimulation::four_one_bb, "4-1BB"}};
  product.costim = root.choice("costimulation", kCostimulation);
  product.target = root.text("target");
  product.cd4_fraction = root.number("cd4_fraction", 0.0, 1.0);
  product.dose_cells = root.number("dose_cells", 1.0, 1e12);
  product.max_dose_cells = root.number("max_dose_cells", 0.0, 1e12);
  product.dose_per_kg = root.boolean("dose_per_kg");
  product.description = root.text("description", "");
  product.sources = root.text("sources", "");
  if (root.contains("overrides")) {
    const io::TomlTable overrides = root.table("overrides");
    for (const std::string& key : overrides.keys()) {
      product.overrides.emplace(key, overrides.number(key, std::numeric_limits<double>::lowest(),
                                                      std::numeric_limits<double>::max()));
    }
  }
  return doc.value().result(std::move(product));
}

std::string product_toml(const Product& product, const std::vector<std::string>& header) {
  toml::table root{{"name", product.name},
                   {"costimulation", product.costim == Costimulation::cd28 ? "CD28" : "4-1BB"},
                   {"target", product.target},
                   {"cd4_fraction", product.cd4_fraction},
                   {"dose_cells", product.dose_cells},
                   {"dose_per_kg", product.dose_per_kg},
                   {"max_dose_cells", product.max_dose_cells}};
  if (!product.description.empty()) root.insert("description", product.description);
  if (!product.sources.empty()) root.insert("sources", product.sources);
  toml::table overrides;
  for (const auto& [name, value] : product.overrides) overrides.insert(name, value);
  root.insert("overrides", std::move(overrides));
  std::ostringstream toml_text;
  toml_text << toml::toml_formatter(root);
  return io::commented_toml(header, toml_text.str());
}

}  // namespace cytostorm::model
