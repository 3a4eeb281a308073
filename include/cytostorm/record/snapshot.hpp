#pragma once
/// @file
/// One bedside assessment: the typed form of the snapshot JSON (formats.md section 2). Every
/// field is optional; an absent finding means "not present", an absent detail of a present
/// finding (the flow of a cannula, the FiO2 of a mask, the dose of a pressor) means "unknown".

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::record {

/// A running vasoactive infusion.
struct VasoactiveInfusion {
  VasoactiveDrug drug{};
  std::optional<double> dose;  ///< rate in `unit`; 0 means stopped
  std::optional<DoseRateUnit> unit;
  std::optional<double> hours;  ///< how long it has run at this rate or more

  bool operator==(const VasoactiveInfusion&) const = default;
};

/// Oxygen support in use.
struct OxygenSupport {
  OxygenDevice device = OxygenDevice::room_air;
  std::optional<double> flow_l_min;
  std::optional<double> fio2_pct;
  OxygenPurpose purpose = OxygenPurpose::hypoxia;

  bool operator==(const OxygenSupport&) const = default;
};

/// One item of the ICE or CARTOX-10 score: points, or not assessable with a reason.
struct ScoreItem {
  std::optional<int> points;  ///< nothing when not assessable
  std::string not_assessable_reason;

  bool operator==(const ScoreItem&) const = default;
};

/// An ICE assessment: either the five items or only a total.
struct IceInput {
  std::optional<std::array<ScoreItem, 5>> items;
  std::optional<int> total;

  bool operator==(const IceInput&) const = default;
};

/// A CAPD assessment: the eight answers, a total, or "unable to perform".
struct CapdInput {
  std::optional<std::array<CapdFrequency, 8>> answers;
  std::optional<int> total;
  bool unable_to_perform = false;

  bool operator==(const CapdInput&) const = default;
};

/// Signs that the clinician attributes to a cause other than CRS or ICANS.
struct Attribution {
  bool fever = false;
  bool hypotension = false;
  bool hypoxia = false;
  bool encephalopathy = false;

  bool operator==(const Attribution&) const = default;
};

/// CTCAE grades of the neurological terms used by pre-2019 trials.
struct CtcaeNeuroGrades {
  std::optional<int> encephalopathy, confusion, dysphasia, seizure, somnolence;

  bool operator==(const CtcaeNeuroGrades&) const = default;
};

/// One bedside assessment.
struct Snapshot {
  std::optional<double> age_years;
  std::optional<double> weight_kg;
  bool developmental_delay = false;

  std::optional<double> temperature_c;  ///< Fahrenheit input is converted on reading
  bool fever_masked = false;            ///< CRS established, then antipyretic/anti-cytokine given
  std::optional<bool> hypotension;      ///< clinician assessment; overrides the BP screen
  std::optional<double> sbp_mmhg;
  std::optional<int> fluid_boluses;  ///< boluses given for hypotension
  std::vector<VasoactiveInfusion> vasoactives;
  std::optional<OxygenSupport> oxygen;

  std::optional<IceInput> ice;
  std::optional<CapdInput> capd;
  std::optional<Consciousness> consciousness;
  bool sedated = false;
  Seizure seizure = Seizure::none;
  MotorFinding motor = MotorFinding::none;
  Edema edema = Edema::none;
  bool hemorrhage = false, global_aphasia = false, posturing = false, papilledema = false;
  bool cn6_palsy = false, cushing_triad = false, tremor = false, myoclonus = false;

  std::optional<int> organ_toxicity_max_grade;  ///< highest CTCAE organ toxicity grade
  std::optional<int> transaminitis_grade;
  std::optional<int> creatinine_grade;
  std::optional<SymptomCourse> symptom_course;
  bool iv_therapy = false;  ///< IV therapy or admission for CRS symptoms
  CtcaeNeuroGrades ctcae_neuro;
  Attribution attributed;
  std::optional<DeathCause> death;

  bool operator==(const Snapshot&) const = default;
};

}  // namespace cytostorm::record
