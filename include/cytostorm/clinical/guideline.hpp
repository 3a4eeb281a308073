#pragma once
/// @file
/// Management guidelines as data (clinical-rules.md section 8): a versioned rule set of rows,
/// each suggesting an action for a CRS or ICANS grade given the treatment history and the
/// response, each citing its row; hard tocilizumab dose limits that withhold a suggestion that
/// would break them, with the reason. Decision support, not a prescription.
///
/// The rule sets live in data/guidelines/*.toml and are read by io::load_guideline. The same
/// suggest() serves `cytostorm advise`, `cytostorm practice` and the virtual clinician.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/grade_result.hpp"

namespace cytostorm::clinical {

/// The words every suggestion carries.
inline constexpr std::string_view kDecisionSupport = "decision support, not a prescription";

/// The syndrome a row treats.
enum class Syndrome { crs, icans };

/// When a row applies, beyond its syndrome and grade.
enum class RowCondition {
  always,
  no_improvement,     ///< the grade has not improved since the last dose of the row's drug
                      ///< (or since the previous grade-directed treatment)
  fever_over_3_days,  ///< fever on more than 3 calendar days (CRS grade 1 "treat as 2")
  neutropenic,        ///< ANC < 0.5 x 10^9/L
  concurrent_crs,     ///< ICANS row that needs CRS grade >= 1 at the same time
  no_concurrent_crs,  ///< ICANS row that applies only without CRS
  seizure,            ///< a seizure within the seizure window
  cerebral_edema,     ///< focal or diffuse edema on imaging, or its signs
  high_risk,          ///< product or disease at high risk (seizure prophylaxis), as given
};

/// What a row suggests. One vocabulary for every rule set, so that answers can be checked.
enum class Action {
  supportive_care,
  infection_workup,
  antibiotics,
  fluids,
  oxygen,
  vasopressors,
  tocilizumab,
  dexamethasone,
  methylprednisolone,
  high_dose_methylprednisolone,
  other_agents,
  icu,
  ventilation,
  neuro_monitoring,
  neuroimaging,
  seizure_treatment,
  seizure_prophylaxis,
  cerebral_edema_measures,
  treat_as_next_grade,
};

/// The name of an action as written in rule sets and answers ("tocilizumab").
std::string_view name(Action action);
/// The action called `name`, or nothing.
std::optional<Action> parse_action(std::string_view name);

/// Hard tocilizumab limits (clinical-rules.md section 8).
struct TocilizumabLimits {
  double mg_per_kg = 8.0;
  double mg_per_kg_small = 12.0;  ///< below small_below_kg
  double small_below_kg = 30.0;
  double max_dose_mg = 800.0;
  double min_interval_hours = 8.0;  ///< [D] CARTOX 2018: 6 h
  int max_per_24h = 3;
  int max_total = 4;
};

/// One row of a rule set.
struct GuidelineRow {
  std::string id;  ///< cited in every suggestion, e.g. "ASCO-2021 CRS-2.2"
  Syndrome syndrome = Syndrome::crs;
  int grade_min = 1;  ///< the row applies from this grade ...
  int grade_max = 5;  ///< ... to this one
  RowCondition when = RowCondition::always;
  Action action = Action::supportive_care;
  std::string text;      ///< the suggestion as the guideline words it (dose, route, interval)
  std::string part;      ///< the table or section of the guideline
  bool verified = true;  ///< false for rows marked [R]; shown as "unverified"
};

/// A versioned rule set.
struct Guideline {
  std::string name;   ///< "asco-2021", "cartox-2018"
  std::string title;  ///< "ASCO 2021"
  std::string reference;
  std::string version;  ///< the rule set's own version
  TocilizumabLimits tocilizumab;
  int icu_crs_grade = 3;    ///< ICU from this CRS grade
  int icu_icans_grade = 3;  ///< ICU from this ICANS grade
  std::vector<GuidelineRow> rows;
};

/// What the suggestion engine needs to know about the patient now.
struct TreatmentSituation {
  double now_hours = 0.0;  ///< hours since infusion
  int crs_grade = 0;       ///< current ASTCT CRS grade
  int icans_grade = 0;     ///< current ASTCT ICANS grade
  std::optional<double> weight_kg;
  std::vector<double> tocilizumab_hours;     ///< doses already given
  std::vector<double> corticosteroid_hours;  ///< dexamethasone or methylprednisolone doses
  bool crs_not_improving = false;    ///< CRS grade not lower than at the last anti-CRS treatment
  bool icans_not_improving = false;  ///< ICANS grade not lower than at the last steroid dose
  int fever_days = 0;                ///< calendar days with fever so far
  bool neutropenic = false;
  bool seizure = false;
  bool cerebral_edema = false;
  bool high_risk = false;
};

/// One suggestion, or one withheld with its reason.
struct Suggestion {
  Action action = Action::supportive_care;
  std::string text;                ///< from the row, with the computed dose when there is one
  std::optional<double> dose_mg;   ///< tocilizumab: the computed dose
  std::string row;                 ///< the row id
  Citation citation;               ///< guideline, part, verified
  bool withheld = false;           ///< a dose limit would be broken
  std::string withheld_reason;     ///< which limit, with the doses that reach it
  std::vector<std::string> notes;  ///< e.g. "weight not recorded: dose not computed"
};

/// The suggestions for a situation.
struct GuidanceResult {
  std::vector<Suggestion> suggestions;  ///< in row order; withheld ones included and marked
  bool icu = false;                     ///< ICU flag
  std::string icu_reason;
  std::string disclaimer{kDecisionSupport};
};

/// The rows of `guideline` that apply to `situation`, tocilizumab limits enforced.
GuidanceResult suggest(const Guideline& guideline, const TreatmentSituation& situation);

/// The tocilizumab dose for `weight_kg` under `limits` (mg/kg by weight class, capped).
double tocilizumab_dose_mg(const TocilizumabLimits& limits, double weight_kg);

/// Why another tocilizumab dose at `now_hours` would break a limit, or nothing when it would not.
std::optional<std::string> tocilizumab_refusal(const TocilizumabLimits& limits,
                                               const std::vector<double>& given_hours,
                                               double now_hours, std::string_view guideline_title);

}  // namespace cytostorm::clinical
