// libFuzzer harness: every TOML input a user writes, read from the same text: a trial spec (with
// its population prepared for the spec's product when it reads), a virtual clinician policy, a
// guideline rule set and a model parameter file.

#include "cytostorm/io/guideline_toml.hpp"
#include "cytostorm/io/toml_reader.hpp"
#include "cytostorm/model/parameters.hpp"
#include "cytostorm/model/product.hpp"
#include "cytostorm/population/policy.hpp"
#include "cytostorm/population/population_spec.hpp"
#include "cytostorm/population/sampling.hpp"
#include "harness.hpp"

namespace {

using namespace cytostorm;

const std::string kData = CYTOSTORM_SOURCE_DIR "/data";

const model::Parameters& shipped_parameters() {
  static const model::Parameters p = [] {
    auto loaded = model::Parameters::load(kData + "/model/parameters.toml");
    fuzz::require(loaded.ok(), "the shipped model parameters do not read");
    return std::move(loaded).value();
  }();
  return p;
}

// Parses `text` afresh (a document keeps the first problem of any read) and reads it with `read`.
template <typename Read>
void read_as(std::string_view text, Read read) {
  auto doc = io::TomlDocument::parse_text(text, "fuzz.toml");
  if (!doc.ok()) {
    fuzz::require(!doc.error().message.empty(), "a syntax error without a message");
    return;
  }
  read(doc.value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const auto& parameters = shipped_parameters();
  read_as(text, [&](const io::TomlDocument& doc) {
    auto spec = population::read_trial_spec(doc, kData, parameters);
    if (!spec.ok()) return;
    auto product = model::load_product(kData, spec.value().product);
    if (!product.ok()) return;
    (void)population::PopulationSampler::prepare(spec.value(), parameters, product.value());
  });
  read_as(text, [](const io::TomlDocument& doc) { (void)population::read_policy(doc); });
  read_as(text, [](const io::TomlDocument& doc) { (void)io::read_guideline(doc); });
  read_as(text, [](const io::TomlDocument& doc) { (void)model::Parameters::read(doc); });
  return 0;
}
