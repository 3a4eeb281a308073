#pragma once
/// @file
/// Management guidelines as data (clinical-rules.md section 8): a versioned rule set of rows,
/// each suggesting an action for a CRS or ICANS grade given the treatment history and the
/// response, each citing its row; hard tocilizumab dose limits that withhold a suggestion that
/// would break them, with the reason. Decision support, not a prescription.
///
/// The rule sets live in data/guidelines/*.toml and are read by io::load_guideline. The same
/// suggest() serves `cytostorm advise`, `cytostorm practice` and the virtual clinician.
///
/// How suggest() reads a rule set:
/// - A row applies when the syndrome's current grade is in its grades and its condition holds.
///   A `treat_as_next_grade` row that applies also brings in the rows of the next grade (one
///   step, without their own `treat_as_next_grade` rows); they are marked with a note.
/// - An ICANS tocilizumab row applies only with concurrent CRS (anti-IL-6 is not given for
///   ICANS without CRS), whatever its condition says.
/// - A drug suggestion is withheld, with the reason, when another dose now would break a
///   tocilizumab limit, when the row's repeat interval since the last corticosteroid dose has
///   not passed, when the row repeats only if there is no improvement and the syndrome has
///   improved, or when only unverified rows support it (see below).
/// - Unverified rows ([R] in clinical-rules.md) are kept, cited with verified = false and their
///   text begins "unverified: ". A drug suggestion from an unverified row is withheld unless a
///   verified row suggesting the same action applies and is not withheld: an unverified row is
///   never the only basis for a drug.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cytostorm/clinical/grade_result.hpp"

namespace cytostorm::clinical {

/// The words every suggestion carries.
inline constexpr std::string_view kDecisionSupport = "decision support, not a prescription";

/// The syndrome a row treats.
enum class Syndrome { crs, icans };

/// The names of the syndromes as written in rule sets.
inline constexpr std::pair<Syndrome, std::string_view> kSyndromeNames[] = {
    {Syndrome::crs, "crs"}, {Syndrome::icans, "icans"}};

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

/// The names of the conditions as written in rule sets (`when = "no_improvement"`).
inline constexpr std::pair<RowCondition, std::string_view> kConditionNames[] = {
    {RowCondition::always, "always"},
    {RowCondition::no_improvement, "no_improvement"},
    {RowCondition::fever_over_3_days, "fever_over_3_days"},
    {RowCondition::neutropenic, "neutropenic"},
    {RowCondition::concurrent_crs, "concurrent_crs"},
    {RowCondition::no_concurrent_crs, "no_concurrent_crs"},
    {RowCondition::seizure, "seizure"},
    {RowCondition::cerebral_edema, "cerebral_edema"},
    {RowCondition::high_risk, "high_risk"},
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

/// The names of the actions as written in rule sets and answers, in the order of Action.
inline constexpr std::pair<Action, std::string_view> kActionNames[] = {
    {Action::supportive_care, "supportive_care"},
    {Action::infection_workup, "infection_workup"},
    {Action::antibiotics, "antibiotics"},
    {Action::fluids, "fluids"},
    {Action::oxygen, "oxygen"},
    {Action::vasopressors, "vasopressors"},
    {Action::tocilizumab, "tocilizumab"},
    {Action::dexamethasone, "dexamethasone"},
    {Action::methylprednisolone, "methylprednisolone"},
    {Action::high_dose_methylprednisolone, "high_dose_methylprednisolone"},
    {Action::other_agents, "other_agents"},
    {Action::icu, "icu"},
    {Action::ventilation, "ventilation"},
    {Action::neuro_monitoring, "neuro_monitoring"},
    {Action::neuroimaging, "neuroimaging"},
    {Action::seizure_treatment, "seizure_treatment"},
    {Action::seizure_prophylaxis, "seizure_prophylaxis"},
    {Action::cerebral_edema_measures, "cerebral_edema_measures"},
    {Action::treat_as_next_grade, "treat_as_next_grade"},
};

/// The name of an action as written in rule sets and answers ("tocilizumab").
std::string_view name(Action action);
/// The action called `name`, or nothing.
std::optional<Action> parse_action(std::string_view name);
/// The name of a syndrome ("crs", "icans").
std::string_view name(Syndrome syndrome);
/// The name of a condition ("no_improvement").
std::string_view name(RowCondition condition);

/// Whether `action` gives a medicine (antibiotics, vasopressors, tocilizumab, corticosteroids,
/// other agents, antiseizure drugs): an unverified row is never its only basis.
bool is_drug(Action action);
/// Whether `action` is a corticosteroid (dexamethasone, methylprednisolone in either dose).
bool is_corticosteroid(Action action);

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

/// One step of a drug row's dosing: a fixed dose or a dose per kg, repeated every
/// `every_hours`, for `days` from the step's start (0: for as long as the row applies).
/// A schedule's steps follow each other from the first dose of the drug.
struct DoseStep {
  double mg = 0.0;           ///< fixed dose; 0 when the dose is per kg
  double mg_per_kg = 0.0;    ///< dose per kg of body weight; 0 when the dose is fixed
  double every_hours = 0.0;  ///< corticosteroids: the next dose is due this long after the
                             ///< last corticosteroid dose; other drugs: stated, not checked
  double days = 0.0;         ///< length of this step; 0 = open-ended (the last step only)
};

/// One row of a rule set.
struct GuidelineRow {
  std::string id;  ///< cited in every suggestion, e.g. "ASCO-2021 CRS-2.2"
  Syndrome syndrome = Syndrome::crs;
  int grade_min = 1;  ///< the row applies from this grade (0: also without the syndrome) ...
  int grade_max = 5;  ///< ... to this one
  RowCondition when = RowCondition::always;
  Action action = Action::supportive_care;
  std::string text;      ///< the suggestion as the guideline words it (dose, route, interval)
  std::string part;      ///< the table or section of the guideline
  bool verified = true;  ///< false for rows marked [R]; shown as "unverified"
  /// Drug rows other than tocilizumab (whose dose follows TocilizumabLimits): the doses, one
  /// step or a schedule such as methylprednisolone 500 mg q12h x 3 d, 250 mg ...
  std::vector<DoseStep> doses;
  /// A repeat dose of the row's drug only when the syndrome has not improved since the last
  /// dose ("repeat after 8 h if no improvement"); the first dose does not need it.
  bool repeat_if_no_improvement = false;
  /// Who wrote the row when not the guideline (a row a policy adds: "policy early-tocilizumab");
  /// cited instead of the guideline's title. Empty for the guideline's own rows.
  std::string source;
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
  std::vector<double> tocilizumab_hours;  ///< doses already given
  /// Every corticosteroid dose (dexamethasone, methylprednisolone or another, prophylaxis
  /// included): a steroid row's repeat interval counts from the last of them.
  std::vector<double> corticosteroid_hours;
  /// Dexamethasone given as treatment (not prophylaxis): a dexamethasone row's schedule counts
  /// from the first, and a row that repeats only if there is no improvement looks at these.
  std::vector<double> dexamethasone_hours;
  /// Methylprednisolone given as treatment, as dexamethasone_hours.
  std::vector<double> methylprednisolone_hours;
  /// The grade (>= 1) is not lower than at the last treatment: tocilizumab or a corticosteroid
  /// (grading::advise; the virtual clinician also waits its policy's response_after_hours and
  /// counts only doses given while the syndrome was present, corticosteroids for ICANS).
  bool crs_not_improving = false;
  bool icans_not_improving = false;  ///< as crs_not_improving, for ICANS
  int fever_days = 0;  ///< calendar days of the current fever (febrile now, and on each of
                       ///< these days without a break); 0 when afebrile
  bool neutropenic = false;
  bool seizure = false;
  bool cerebral_edema = false;
  bool high_risk = false;
};

/// One suggestion, or one withheld with its reason.
struct Suggestion {
  Action action = Action::supportive_care;
  std::string text;                ///< from the row ("unverified: ..." for an unverified row),
                                   ///< with the computed dose when there is one
  std::optional<double> dose_mg;   ///< the computed dose: tocilizumab by weight class, another
                                   ///< drug by its current dose step (per kg by weight)
  std::string row;                 ///< the row id
  Citation citation;               ///< guideline, part, verified
  bool withheld = false;           ///< not to be given now (a dose limit, the repeat interval,
                                   ///< improvement, or only unverified support)
  std::string withheld_reason;     ///< which limit, with the doses (times) that reach it
  std::vector<std::string> notes;  ///< e.g. "weight not recorded: dose not computed"
};

/// The suggestions for a situation.
struct GuidanceResult {
  std::vector<Suggestion> suggestions;  ///< in row order; withheld ones included and marked
  bool icu = false;                     ///< ICU flag
  std::string icu_reason;
  std::string disclaimer{kDecisionSupport};
};

/// The rows of `guideline` that apply to `situation`, tocilizumab limits enforced (see the
/// file comment for the rules).
/// @param guideline the rule set
/// @param situation grades, doses given, response and findings now
/// @return the suggestions in row order (withheld ones included and marked), the ICU flag and
/// the disclaimer
/// @throws std::invalid_argument when a grade is outside 0..5, a time or the weight is not
/// finite, or the weight is not positive
GuidanceResult suggest(const Guideline& guideline, const TreatmentSituation& situation);

/// The tocilizumab dose for `weight_kg` under `limits` (mg/kg by weight class, capped).
/// @param limits the rule set's limits
/// @param weight_kg body weight
/// @return mg_per_kg (mg_per_kg_small below small_below_kg) x weight, at most max_dose_mg
/// @throws std::invalid_argument when the weight is not positive and finite
double tocilizumab_dose_mg(const TocilizumabLimits& limits, double weight_kg);

/// Why another tocilizumab dose at `now_hours` would break a limit, or nothing when it would not.
/// @param limits the rule set's limits
/// @param given_hours the doses already given (any order)
/// @param now_hours the time of the dose considered
/// @param guideline_title named in the reason ("ASCO 2021")
/// @return the reason, naming the limit and the times of the doses that reach it
std::optional<std::string> tocilizumab_refusal(const TocilizumabLimits& limits,
                                               const std::vector<double>& given_hours,
                                               double now_hours, std::string_view guideline_title);

}  // namespace cytostorm::clinical
