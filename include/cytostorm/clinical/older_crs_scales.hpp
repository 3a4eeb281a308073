#pragma once
/// @file
/// The CRS scales used before ASTCT 2019, for regrading trial data (clinical-rules.md section 5):
/// Lee 2014, CTCAE v4.03, CTCAE v5.0, Penn, MSKCC and CARTOX. They need inputs that ASTCT does
/// not (FiO2, vasopressor dose and duration, organ toxicity, symptom course): when a missing input
/// could change the grade, the result is "not derivable" with the missing inputs, never a guess.
/// None of them requires fever; a death from CRS is grade 5 on every scale.

#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {

/// Lee 2014: 1 symptomatic treatment only; 2 O2 < 40% FiO2, hypotension responsive to fluids or
/// one low-dose vasopressor, grade 2 organ toxicity; 3 O2 >= 40% FiO2, high-dose or multiple
/// vasopressors, grade 3 organ toxicity or grade 4 transaminitis; 4 ventilator support or grade 4
/// organ toxicity (not transaminitis). Uses the [R] high-dose table.
GradeResult grade_lee2014(const record::Snapshot& s, const RuleOptions& options = {});

/// CTCAE v4.03 cytokine release syndrome: 1 mild, no intervention; 2 prompt response to
/// symptomatic treatment; 3 prolonged or recurrent; 4 pressor or ventilatory support indicated.
/// Needs `symptom_course` unless grade 4 is reached.
GradeResult grade_ctcae_v4_crs(const record::Snapshot& s, const RuleOptions& options = {});

/// CTCAE v5.0 cytokine release syndrome ([R], unverified): 1 fever; 2 hypotension responding to
/// fluids, hypoxia responding to < 40% O2; 3 one pressor, O2 >= 40%; 4 life-threatening, urgent
/// intervention (read here as several vasopressors or positive-pressure ventilation).
GradeResult grade_ctcae_v5_crs(const record::Snapshot& s, const RuleOptions& options = {});

/// Penn (Porter 2018): 1 supportive care; 2 IV therapy or admission for CRS, creatinine grade
/// <= 2 or LFT grade <= 3; 3 multiple fluid boluses or low-dose vasopressors, any supplemental
/// O2, creatinine grade 3 or LFT grade 4; 4 high-dose vasopressors or mechanical ventilation.
GradeResult grade_penn(const record::Snapshot& s, const RuleOptions& options = {});

/// MSKCC (Park 2018): 1 supportive care; 2 any vasopressor < 24 h or O2 < 40%; 3 any
/// vasopressor >= 24 h or O2 >= 40%; 4 hypotension refractory to high-dose vasopressors or
/// mechanical ventilation.
GradeResult grade_mskcc(const record::Snapshot& s, const RuleOptions& options = {});

/// CARTOX (Neelapu 2018): 1 temperature >= 38 C or grade 1 organ toxicity; 2 hypotension
/// responsive to fluids or one low-dose vasopressor, FiO2 < 40%, grade 2 organ toxicity; 3
/// high-dose or several vasopressors, FiO2 >= 40%, grade 3 organ toxicity or grade 4
/// transaminitis; 4 positive pressure (CPAP, BiPAP, ventilation), grade 4 organ toxicity.
GradeResult grade_cartox_crs(const record::Snapshot& s, const RuleOptions& options = {});

}  // namespace cytostorm::clinical
