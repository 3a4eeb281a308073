#pragma once
/// @file
/// A CAR-T product preset: what the product is (costimulatory domain, target, CD4 share, dose)
/// and the model parameters it overrides. Presets live in `data/products/<name>.toml`.

#include <map>
#include <string>
#include <vector>

#include "cytostorm/model/parameters.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::model {

/// The costimulatory domain of the chimeric antigen receptor.
enum class Costimulation { cd28, four_one_bb };

/// A CAR-T product.
struct Product {
  std::string name;  ///< e.g. "axi-cel"
  Costimulation costim = Costimulation::four_one_bb;
  std::string target;                       ///< antigen, e.g. "CD19", "BCMA"
  double cd4_fraction = 0.5;                ///< CD4+ share of the CAR-T cells infused (0..1)
  double dose_cells = 0;                    ///< CAR-T cells, per kg when dose_per_kg
  bool dose_per_kg = false;                 ///< dose_cells is per kg of body weight
  double max_dose_cells = 0;                ///< cap on the total dose (0: none)
  std::map<std::string, double> overrides;  ///< model parameters this product sets
  std::string description;                  ///< what the product is, in words
  std::string sources;                      ///< where its numbers come from
};

/// The total number of CAR-T cells infused.
/// @param product the product
/// @param weight_kg the patient's weight (used when the dose is per kg)
/// @return dose_cells (times the weight when per kg), capped at max_dose_cells when that is > 0
/// @throws std::invalid_argument when the weight is not positive and finite
double infused_cells(const Product& product, double weight_kg);

/// The value a product gives a model parameter: its override, else the model's.
/// @param parameters the model parameters
/// @param product the product
/// @param name a parameter name
/// @return the value
double parameter_value(const Parameters& parameters, const Product& product,
                       const std::string& name);

/// The names of the presets in `data_dir/products` (file names without ".toml"), sorted.
/// @param data_dir the data directory (the one holding `products/`)
/// @return the preset names; empty when the folder does not exist
std::vector<std::string> product_presets(const std::string& data_dir);

/// Reads the preset `data_dir/products/<name>.toml`. Keys: name, costimulation ("CD28" or
/// "4-1BB"), target, cd4_fraction, dose_cells, dose_per_kg, max_dose_cells, description,
/// sources, and a table [overrides] of parameter names to numbers.
/// @param data_dir the data directory (the one holding `products/`)
/// @param name the preset's name, e.g. "axi-cel"
/// @return the product, or an InputError: for an unknown name one that lists the presets; for a
///   malformed file one that names the file, the line and the key
record::Result<Product> load_product(const std::string& data_dir, const std::string& name);

/// A product as a preset file that load_product reads back to the same product (the fitted
/// products a calibration writes).
/// @param product the product
/// @param header comment lines put first (each without its "# ")
/// @return the TOML text
std::string product_toml(const Product& product, const std::vector<std::string>& header);

}  // namespace cytostorm::model
