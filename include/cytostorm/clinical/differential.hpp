#pragma once
/// @file
/// Telling CRS and ICANS apart from their mimics over a patient's record (clinical-rules.md
/// sections 6 and 7): tumour lysis syndrome, carHLH, a possible infusion reaction, infection
/// flags, the checklist of other causes of encephalopathy, and the risk scores the data allow.
/// The pure rules they apply live in tumour_lysis.hpp, car_hlh.hpp and risk_scores.hpp.

#include <optional>
#include <vector>

#include "cytostorm/clinical/flag.hpp"
#include "cytostorm/clinical/risk_score.hpp"
#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/clinical/tumour_lysis.hpp"
#include "cytostorm/record/event.hpp"

namespace cytostorm::clinical {

/// The options of the differential rules.
struct DifferentialOptions {
  TlsOptions tls;
  double infusion_reaction_hours = 6.0;     ///< [R] signs this soon after infusion start
  double infection_after_day = 14.0;        ///< fever after this day is flagged
  double prolonged_neutropenia_days = 7.0;  ///< ANC < 0.5 this long (team rule)
  double high_dose_steroid_dexamethasone_mg_per_day =
      10.0;                              ///< team rule (dexamethasone-equivalent)
  double fever_window_hours = 24.0;      ///< a temperature >= 38.0 C is a fever this long
  HypotensionScreen hypotension_screen;  ///< SBP screen for the infusion-reaction signs
};

/// What the grading engine knows about the course, which the infection flags need.
struct CourseContext {
  std::optional<double> crs_onset_hours;     ///< first CRS grade >= 1
  std::optional<double> crs_resolved_hours;  ///< CRS resolved (grade 0 for the resolution window)
  int crs_grade_now = 0;
  int icans_grade_now = 0;
};

/// The differential flags at `at_hours` from the events up to then.
std::vector<Flag> differential_flags(const record::PatientRecord& record, double at_hours,
                                     const CourseContext& course,
                                     const DifferentialOptions& options = {});

/// The risk scores the data up to `at_hours` allow (EASIX, m-EASIX, CAR-HEMATOTOX, Hay 2017),
/// each with its inputs, units and time points, or the inputs it misses.
std::vector<RiskScore> risk_scores(const record::PatientRecord& record, double at_hours);

}  // namespace cytostorm::clinical
