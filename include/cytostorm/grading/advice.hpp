#pragma once
/// @file
/// The bedside review at one moment (`cytostorm advise`, `cytostorm practice`, the web page):
/// the current CRS and ICANS grades with their drivers, the differential flags, the risk scores
/// the data allow, and the guideline's suggestions with citations and dose limits enforced.
/// Decision support, not a prescription.

#include <optional>
#include <string>
#include <vector>

#include "cytostorm/clinical/differential.hpp"
#include "cytostorm/clinical/guideline.hpp"
#include "cytostorm/grading/engine.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::grading {

/// The options of a review.
struct AdviceOptions {
  EngineOptions engine;
  clinical::DifferentialOptions differential;
};

/// Everything the review yields at one time.
struct BedsideAdvice {
  std::string patient_id;
  double at_hours = 0.0;        ///< hours since infusion
  int day = 0;                  ///< calendar day since infusion
  clinical::GradeResult crs;    ///< ASTCT 2019 CRS now
  clinical::GradeResult icans;  ///< ASTCT 2019 ICANS now
  std::vector<clinical::Flag> flags;
  std::vector<clinical::RiskScore> scores;
  std::string guideline;                   ///< the rule set used: title and version
  clinical::TreatmentSituation situation;  ///< what the suggestions were computed from
  clinical::GuidanceResult guidance;
};

/// Reviews `record` at `at_hours` (the last observation when nothing is given) under `guideline`.
/// Before the first event nothing is known yet: both grades are 0.
BedsideAdvice advise(const record::PatientRecord& record, std::optional<double> at_hours,
                     const clinical::Guideline& guideline, const AdviceOptions& options = {});

/// The moment of a review, as a user wrote it, in hours since the patient's infusion.
/// @param at hours since infusion ("72") or an ISO 8601 time; empty for the last observation
/// @param record the patient (its infusion places an ISO time)
/// @param name what the user wrote it as ("--at", "at"), used in errors
/// @return the hours (nothing when `at` is empty), or an error naming `name`
record::Result<std::optional<double>> review_hours(const std::string& at,
                                                   const record::PatientRecord& record,
                                                   const std::string& name);

}  // namespace cytostorm::grading
