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

}  // namespace cytostorm::grading
