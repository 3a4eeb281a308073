#include "cytostorm/model/product.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "cytostorm/model/virtual_patient.hpp"
#include "model/patient_course.hpp"

namespace cytostorm::model {
namespace {

using testing::kDataDir;

TEST(ProductPresets, TheSixPresetsLoadAndBuildPatients) {
  const std::vector<std::string> expected{"axi-cel", "brexu-cel", "cilta-cel",
                                          "ide-cel", "liso-cel",  "tisa-cel"};
  EXPECT_EQ(product_presets(kDataDir), expected);
  for (const std::string& name : expected) {
    auto loaded = load_product(kDataDir, name);
    ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
    const Product& p = loaded.value();
    EXPECT_EQ(p.name, name);
    const bool cd28 = name == "axi-cel" || name == "brexu-cel";
    EXPECT_EQ(p.costim, cd28 ? Costimulation::cd28 : Costimulation::four_one_bb) << name;
    const bool bcma = name == "ide-cel" || name == "cilta-cel";
    EXPECT_EQ(p.target, bcma ? "BCMA" : "CD19") << name;
    EXPECT_GT(p.dose_cells, 0) << name;
    // CD28 presets change the 4-1BB CAR-T defaults; 4-1BB presets keep them (tisa-cel names
    // Stein 2019's start of the expansion, the model's value, and its fitted IFN-gamma release).
    const auto& defaults = testing::default_parameters();
    const bool car_t_changed =
        std::any_of(p.overrides.begin(), p.overrides.end(), [&](const auto& o) {
          return o.first.rfind("car_t_", 0) == 0 && o.second != defaults[o.first];
        });
    EXPECT_EQ(car_t_changed, cd28) << name;
    VirtualPatient patient(testing::default_parameters(), p, Covariates{});
    for (double v : patient.initial_state()) EXPECT_TRUE(std::isfinite(v)) << name;
  }
}

TEST(ProductPresets, UnknownNameListsThePresets) {
  auto loaded = load_product(kDataDir, "yescarta");
  ASSERT_FALSE(loaded.ok());
  const std::string message = loaded.error().to_string();
  EXPECT_NE(message.find("yescarta"), std::string::npos) << message;
  EXPECT_NE(message.find("axi-cel, brexu-cel, cilta-cel, ide-cel, liso-cel, tisa-cel"),
            std::string::npos)
      << message;
}

TEST(ProductPresets, MalformedPresetNamesLineAndKey) {
  const auto dir = std::filesystem::temp_directory_path() / "cytostorm_model_products";
  std::filesystem::create_directories(dir / "products");
  std::ofstream(dir / "products" / "bad.toml") << "name = \"bad\"\n"
                                                  "costimulation = \"CD3z\"\n"
                                                  "target = \"CD19\"\n";
  std::ofstream(dir / "products" / "typo.toml") << "name = \"typo\"\n"
                                                   "costimulation = \"CD28\"\n"
                                                   "target = \"CD19\"\n"
                                                   "cd4_fraction = 0.5\n"
                                                   "dose_cell = 2e6\n";
  auto bad = load_product(dir.string(), "bad");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().line, 2u) << bad.error().to_string();
  EXPECT_EQ(bad.error().message,
            "key \"costimulation\": unknown value \"CD3z\" (accepted: CD28, 4-1BB)");
  auto typo = load_product(dir.string(), "typo");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.error().line, 5u) << typo.error().to_string();
  EXPECT_EQ(typo.error().column, "column 1");
  EXPECT_NE(typo.error().message.find("key \"dose_cell\": unknown key (accepted here: name,"),
            std::string::npos)
      << typo.error().to_string();
}

TEST(ProductPresets, InfusedCellsFollowTheLabelDoseAndCap) {
  const Product axi = testing::preset("axi-cel");
  EXPECT_DOUBLE_EQ(infused_cells(axi, 75), 1.5e8);   // 2e6/kg
  EXPECT_DOUBLE_EQ(infused_cells(axi, 120), 2.0e8);  // capped at 2e8
  const Product liso = testing::preset("liso-cel");
  EXPECT_DOUBLE_EQ(infused_cells(liso, 50), 1.0e8);  // flat dose
  EXPECT_THROW((void)infused_cells(axi, 0), std::invalid_argument);
}

TEST(ProductPresets, UnknownOverrideIsRejectedByThePatient) {
  Product p = testing::preset("axi-cel");
  p.overrides["car_t_prolifration_rate"] = 3.0;
  try {
    VirtualPatient patient(testing::default_parameters(), p, Covariates{});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("car_t_prolifration_rate"), std::string::npos);
  }
}

// Every preset written by product_toml reads back to the same product, a changed override
// included (the fitted products of a calibration).
TEST(ProductPresets, ProductTomlReadsBackToTheSameProduct) {
  const auto dir = std::filesystem::temp_directory_path() / "cytostorm-product-toml";
  std::filesystem::create_directories(dir / "products");
  for (const std::string& name : product_presets(kDataDir)) {
    Product p = load_product(kDataDir, name).value();
    p.overrides["car_t_proliferation_rate"] = 1.2345;
    const std::string text = product_toml(p, {"fitted", "", "by a test"});
    EXPECT_EQ(text.rfind("# fitted\n#\n# by a test\n", 0), 0u) << text;
    std::ofstream(dir / "products" / (name + ".toml")) << text;
    auto back = load_product(dir.string(), name);
    ASSERT_TRUE(back.ok()) << back.error().to_string();
    const Product& b = back.value();
    EXPECT_EQ(b.name, p.name);
    EXPECT_EQ(b.costim, p.costim) << name;
    EXPECT_EQ(b.target, p.target);
    EXPECT_EQ(b.cd4_fraction, p.cd4_fraction);
    EXPECT_EQ(b.dose_cells, p.dose_cells);
    EXPECT_EQ(b.dose_per_kg, p.dose_per_kg);
    EXPECT_EQ(b.max_dose_cells, p.max_dose_cells);
    EXPECT_EQ(b.overrides, p.overrides) << name;
    EXPECT_EQ(b.description, p.description);
    EXPECT_FALSE(b.sources.empty()) << name;
    EXPECT_EQ(b.sources, p.sources);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cytostorm::model
