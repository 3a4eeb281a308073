#pragma once
/// @file
/// Tumour lysis syndrome (clinical-rules.md section 6), by two named rule sets.
///
/// Cairo-Bishop 2004 [V]: laboratory TLS = two or more of, from 3 days before to 7 days after
/// the start of therapy: uric acid >= 476 umol/L (8 mg/dL) or +25% from baseline; potassium >=
/// 6.0 mmol/L or +25%; phosphate >= 1.45 mmol/L (4.5 mg/dL) in adults, >= 2.1 mmol/L (6.5 mg/dL)
/// in children, or +25%; corrected calcium <= 1.75 mmol/L (7 mg/dL) or -25%. Clinical TLS =
/// laboratory TLS plus creatinine >= 1.5 x ULN, an arrhythmia or sudden death, or a seizure;
/// graded 1-4 from creatinine (1.5; > 1.5-3; > 3-6; > 6 x ULN), arrhythmia and seizure severity,
/// the highest winning (sudden death: grade 5, death).
///
/// Howard 2011 [V]: the same cut-offs, but two abnormalities within the same 24 h and no 25%
/// rule. The clinical criteria and grades are those of Cairo-Bishop for both rule sets.
///
/// Each cut-off is compared in the unit the value was measured in (8 mg/dL converts to 475.8
/// umol/L, below the 476 umol/L cut-off: the two cut-offs are not the same number).

#include <optional>
#include <string>
#include <vector>

#include "cytostorm/clinical/flag.hpp"
#include "cytostorm/clinical/lab_value.hpp"

namespace cytostorm::clinical {

/// The TLS definition: both are named rule sets of clinical-rules.md section 6.
enum class TlsRuleSet {
  cairo_bishop_2004,  ///< default: anywhere in the window, with the 25% rules
  howard_2011,        ///< within the same 24 h, no 25% rule
};

/// What "start of therapy" means for the TLS window.
enum class TherapyStart {
  lymphodepletion,  ///< default: the first lymphodepletion row (the infusion when none)
  infusion,         ///< the CAR-T infusion
};

/// The options of the TLS rules.
struct TlsOptions {
  TlsRuleSet rule_set = TlsRuleSet::cairo_bishop_2004;
  TherapyStart therapy_start = TherapyStart::lymphodepletion;
  double days_before = 3.0;  ///< the window opens this long before the start of therapy
  double days_after = 7.0;   ///< and closes this long after it (both ends included)
  /// Assumption: an adult upper limit of normal for creatinine, used when the laboratory's ULN
  /// is not given. Children have lower limits: give the laboratory's value.
  double creatinine_uln_mg_dl = 1.2;
  /// Assumption: the children's phosphate cut-off applies below this age.
  double child_below_age_years = 18.0;
};

/// The four laboratory criteria.
enum class TlsCriterion { uric_acid, potassium, phosphate, calcium };

/// Arrhythmia severity in the words of the Cairo-Bishop clinical grading. The event table has no
/// arrhythmia row: this is an input of the pure rule only.
enum class Arrhythmia {
  none,
  intervention_not_indicated,             ///< grade 1
  nonurgent_intervention,                 ///< grade 2
  symptomatic_or_controlled_with_device,  ///< grade 3
  life_threatening,                       ///< grade 4 (with heart failure, hypotension, shock)
  sudden_death,                           ///< grade 5
};

/// Seizure severity in the words of the Cairo-Bishop clinical grading.
enum class TlsSeizure {
  none,
  brief_generalised_or_controlled,             ///< grade 2
  consciousness_altered_or_poorly_controlled,  ///< grade 3
  prolonged_repetitive_or_intractable,         ///< grade 4 (status epilepticus)
};

/// An arrhythmia and when it was seen.
struct TimedArrhythmia {
  double hours = 0.0;
  Arrhythmia severity = Arrhythmia::none;
};

/// A seizure and when it was seen; `text` says what was recorded.
struct TimedSeizure {
  double hours = 0.0;
  TlsSeizure severity = TlsSeizure::none;
  std::string text;
};

/// Everything the TLS rules read.
struct TlsInput {
  /// Lab values; uric_acid, potassium, phosphate, calcium, albumin and creatinine are read,
  /// other analytes ignored. The baseline of a 25% rule is the analyte's last value at or before
  /// the start of therapy.
  std::vector<LabValue> labs;
  double therapy_start_hours = 0.0;            ///< hours since infusion
  bool child = false;                          ///< the children's phosphate cut-off
  std::optional<double> creatinine_uln_mg_dl;  ///< the laboratory's ULN (TlsOptions' otherwise)
  std::vector<TimedArrhythmia> arrhythmias;    ///< not derivable from the event table
  std::vector<TimedSeizure> seizures;
};

/// One laboratory value that meets a criterion.
struct TlsAbnormality {
  TlsCriterion criterion = TlsCriterion::uric_acid;
  double hours = 0.0;
  std::string text;  ///< "uric acid 8 mg/dL at 12 h (>= 8 mg/dL)"
};

/// The laboratory values that meet a criterion within the window, in time order, and what the
/// rule could not use.
struct TlsLaboratoryFindings {
  std::vector<TlsAbnormality> abnormalities;
  std::vector<std::string> notes;  ///< the window, missing albumin, unconvertible units
};

/// Corrected calcium: calcium + 0.8 x (4 - albumin), in mg/dL and g/dL.
/// @param calcium_mg_dl measured total calcium
/// @param albumin_g_dl serum albumin
/// @return the corrected calcium in mg/dL
double corrected_calcium_mg_dl(double calcium_mg_dl, double albumin_g_dl);

/// The clinical TLS grade that a creatinine reaches: 0 below 1.5 x ULN, 1 at 1.5, 2 above 1.5 up
/// to 3, 3 above 3 up to 6, 4 above 6.
/// @param times_uln creatinine divided by its upper limit of normal
/// @return the grade, 0-4
int creatinine_tls_grade(double times_uln);

/// The clinical TLS grade of an arrhythmia (0-5).
/// @param severity the arrhythmia
/// @return the grade
int arrhythmia_tls_grade(Arrhythmia severity);

/// The clinical TLS grade of a seizure (0, 2-4).
/// @param severity the seizure
/// @return the grade
int seizure_tls_grade(TlsSeizure severity);

/// The abnormal laboratory values within the window under the chosen rule set.
/// @param input the labs and the start of therapy
/// @param options the rule set and window
/// @return the abnormalities and notes
TlsLaboratoryFindings tls_laboratory_findings(const TlsInput& input, const TlsOptions& options);

/// Laboratory and clinical TLS as flags: none, "tls_laboratory", or "tls_laboratory" and
/// "tls_clinical" (with its grade). Evidence gives each value with its unit and time.
/// @param input the labs, clinical events and the start of therapy
/// @param options the rule set, window and creatinine ULN
/// @return the flags raised
std::vector<Flag> tumour_lysis_flags(const TlsInput& input, const TlsOptions& options = {});

}  // namespace cytostorm::clinical
