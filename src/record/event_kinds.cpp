#include "cytostorm/record/event_kinds.hpp"

#include <initializer_list>

#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::record {

namespace {

const std::vector<std::string_view> kNoUnit{""};

std::vector<ItemRule> words(std::initializer_list<std::string_view> items,
                            ValueForm value = ValueForm::none) {
  std::vector<ItemRule> out;
  for (auto i : items) out.push_back({i, value, kNoUnit, 0, 0});
  return out;
}

std::vector<ItemRule> labs() {
  const std::vector<std::string_view> u_l{"U/L"}, cells{"10^9/L"};
  return {{"ferritin", ValueForm::number, {"ng/mL", "ug/L"}, 0, 1e6},
          {"crp", ValueForm::number, {"mg/dL", "mg/L"}, 0, 1e4},
          {"ldh", ValueForm::number, u_l, 0, 1e6},
          {"creatinine", ValueForm::number, {"mg/dL", "umol/L"}, 0, 5e3},
          {"platelets", ValueForm::number, cells, 0, 5e3},
          {"anc", ValueForm::number, cells, 0, 500},
          {"hemoglobin", ValueForm::number, {"g/dL", "g/L"}, 0, 300},
          {"uric_acid", ValueForm::number, {"mg/dL", "umol/L"}, 0, 5e3},
          {"potassium", ValueForm::number, {"mmol/L"}, 0, 20},
          {"phosphate", ValueForm::number, {"mg/dL", "mmol/L"}, 0, 50},
          {"calcium", ValueForm::number, {"mg/dL", "mmol/L"}, 0, 50},
          {"albumin", ValueForm::number, {"g/dL", "g/L"}, 0, 100},
          {"ast", ValueForm::number, u_l, 0, 1e5},
          {"alt", ValueForm::number, u_l, 0, 1e5},
          {"bilirubin", ValueForm::number, {"mg/dL", "umol/L"}, 0, 1e3},
          {"fibrinogen", ValueForm::number, {"mg/dL", "g/L"}, 0, 5e3},
          {"triglycerides", ValueForm::number, {"mg/dL", "mmol/L"}, 0, 1e4},
          {"il6", ValueForm::number, {"pg/mL"}, 0, 1e7},
          {"mcp1", ValueForm::number, {"pg/mL"}, 0, 1e7},
          {"ifng", ValueForm::number, {"pg/mL"}, 0, 1e7}};
}

template <typename E>
std::vector<ItemRule> vocabulary_items(ValueForm value, std::vector<std::string_view> units,
                                       double min, double max) {
  std::vector<ItemRule> out;
  for (const auto& [v, n] : Vocabulary<E>::entries) out.push_back({n, value, units, min, max});
  return out;
}

}  // namespace

const std::vector<KindRule>& event_kinds() {
  static const std::vector<KindRule> table{
      {EventKind::patient,
       "patient",
       {{"age_years", ValueForm::number, {"", "years"}, 0, 130},
        {"weight_kg", ValueForm::number, {"", "kg"}, 0.5, 500},
        {"sex", ValueForm::text, kNoUnit, 0, 0},
        {"developmental_delay", ValueForm::flag, kNoUnit, 0, 1}}},
      {EventKind::infusion, "infusion",
       words({"axi-cel", "tisa-cel", "liso-cel", "brexu-cel", "ide-cel", "cilta-cel", "other"})},
      {EventKind::lymphodepletion, "lymphodepletion", {{"*", ValueForm::none, kNoUnit, 0, 0}}},
      {EventKind::vital,
       "vital",
       {{"temperature", ValueForm::number, {"C", "F"}, 25, 45},
        {"sbp", ValueForm::number, {"mmHg"}, 20, 300},
        {"dbp", ValueForm::number, {"mmHg"}, 10, 250},
        {"map", ValueForm::number, {"mmHg"}, 15, 250},
        {"heart_rate", ValueForm::number, {"/min"}, 10, 300},
        {"resp_rate", ValueForm::number, {"/min"}, 1, 100},
        {"spo2", ValueForm::number, {"%"}, 30, 100}}},
      {EventKind::hypotension, "hypotension", words({"present", "absent"})},
      {EventKind::oxygen, "oxygen",
       vocabulary_items<OxygenDevice>(ValueForm::optional_number, {"L/min"}, 0, 80)},
      {EventKind::fio2, "fio2", {{"", ValueForm::number, {"%"}, 21, 100}}},
      {EventKind::vasopressor, "vasopressor",
       vocabulary_items<VasoactiveDrug>(ValueForm::number, {"ug/min", "ug/kg/min", "U/min"}, 0,
                                        1e5)},
      {EventKind::fluid_bolus, "fluid_bolus", {{"", ValueForm::number, {"mL"}, 0, 1e4}}},
      {EventKind::medication, "medication",
       [] {
         std::vector<ItemRule> out;
         for (auto m :
              {"tocilizumab", "siltuximab", "anakinra", "dexamethasone", "methylprednisolone",
               "hydrocortisone", "acetaminophen", "ibuprofen", "levetiracetam", "other"}) {
           out.push_back({m, ValueForm::optional_number, {"mg", "mg/kg", "g", "ug"}, 0, 1e5});
         }
         return out;
       }()},
      {EventKind::ice,
       "ice",
       {{"orientation", ValueForm::points, kNoUnit, 0, 4},
        {"naming", ValueForm::points, kNoUnit, 0, 3},
        {"commands", ValueForm::points, kNoUnit, 0, 1},
        {"writing", ValueForm::points, kNoUnit, 0, 1},
        {"attention", ValueForm::points, kNoUnit, 0, 1},
        {"total", ValueForm::integer, kNoUnit, 0, 10}}},
      {EventKind::capd, "capd",
       [] {
         std::vector<ItemRule> out;
         for (const auto& [v, n] : Vocabulary<CapdItem>::entries) {
           out.push_back({n, ValueForm::integer, kNoUnit, 0, 4});
         }
         out.push_back({"total", ValueForm::integer, kNoUnit, 0, 32});
         return out;
       }()},
      {EventKind::consciousness, "consciousness",
       vocabulary_items<Consciousness>(ValueForm::none, kNoUnit, 0, 0)},
      {EventKind::seizure, "seizure",
       words({"brief_resolved", "nonconvulsive_eeg_resolved", "prolonged",
              "repetitive_no_baseline"})},
      {EventKind::motor, "motor", words({"deep_focal_weakness", "none"})},
      {EventKind::neuroimaging, "neuroimaging",
       words({"normal", "focal_edema", "diffuse_edema", "hemorrhage"})},
      {EventKind::sign, "sign",
       words({"global_aphasia", "posturing", "papilledema", "cn6_palsy", "cushing_triad", "tremor",
              "myoclonus"},
             ValueForm::flag)},
      {EventKind::lab, "lab", labs()},
      {EventKind::organ_toxicity, "organ_toxicity", {{"*", ValueForm::integer, kNoUnit, 0, 5}}},
      {EventKind::attribution, "attribution",
       words({"fever", "hypotension", "hypoxia", "encephalopathy"})},
      {EventKind::death, "death", words({"crs", "icans", "other"})},
  };
  return table;
}

std::string_view name(ValueForm form) {
  switch (form) {
    case ValueForm::none:
      return "none";
    case ValueForm::number:
      return "number";
    case ValueForm::optional_number:
      return "optional_number";
    case ValueForm::points:
      return "points";
    case ValueForm::integer:
      return "integer";
    case ValueForm::flag:
      return "flag";
    case ValueForm::text:
      return "text";
  }
  return "?";
}

}  // namespace cytostorm::record
