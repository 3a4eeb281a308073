#pragma once
/// @file
/// The event vocabulary shared by every reader, rule and writer: oxygen devices, vasopressors,
/// neurological findings. Each enumeration has exactly one table of names (formats.md), so
/// the spelling users type lives in one place.

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cytostorm::record {

/// Oxygen delivery devices, in the words of formats.md section 1.
enum class OxygenDevice {
  room_air,
  blow_by,
  nasal_cannula,
  high_flow_nasal_cannula,
  simple_facemask,
  non_rebreather,
  venturi,
  cpap,
  bipap,
  mechanical_ventilation,
};

/// Why oxygen is given. Oxygen for comfort without hypoxia, or for airway protection because of
/// neurotoxicity, is excluded from CRS hypoxia (clinical-rules.md section 1 rule 6).
enum class OxygenPurpose { hypoxia, comfort, airway_protection };

/// Vasoactive drugs. The first six are vasopressors; dobutamine and milrinone are inotropes,
/// recognised so that they can be named and then not counted (clinical-rules.md section 1 rule 4).
enum class VasoactiveDrug {
  norepinephrine,
  epinephrine,
  phenylephrine,
  dopamine,
  vasopressin,
  angiotensin_ii,
  dobutamine,
  milrinone,
};

/// Level of consciousness, from alert to unarousable (ASTCT 2019 ICANS table).
enum class Consciousness { alert, spontaneous, voice, tactile, unarousable };

/// Seizure findings (ASTCT 2019 ICANS table).
enum class Seizure {
  none,
  brief_resolved,
  nonconvulsive_eeg_resolved,
  prolonged,
  repetitive_no_baseline
};

/// Motor findings (ASTCT 2019 ICANS table).
enum class MotorFinding { none, deep_focal_weakness };

/// Raised intracranial pressure / cerebral edema on imaging.
enum class Edema { none, focal, diffuse };

/// What a patient died of, when they died.
enum class DeathCause { crs, icans, other };

/// Units a vasopressor rate may be given in.
enum class DoseRateUnit { ug_min, ug_kg_min, units_min };

/// The five ICE items, in the order of the ICE table (clinical-rules.md section 3).
enum class IceItem { orientation, naming, commands, writing, attention };

/// How often a CAPD behaviour was seen (the answer on the CAPD form).
enum class CapdFrequency { never, rarely, sometimes, often, always };

/// The eight CAPD items in the order of the form; the first four are reverse-scored.
enum class CapdItem {
  eye_contact,
  purposeful,
  aware,
  communicates,
  restless,
  inconsolable,
  underactive,
  slow_response,
};

/// How CRS symptoms responded to treatment, for CTCAE v4.03.
enum class SymptomCourse { no_intervention, prompt_response, prolonged_or_recurrent };

/// The bidirectional table of names for an enumeration `E`.
template <typename E>
struct Vocabulary;

#define CYTOSTORM_VOCABULARY(E, ...)                                           \
  template <>                                                                  \
  struct Vocabulary<E> {                                                       \
    static constexpr std::pair<E, std::string_view> entries[] = {__VA_ARGS__}; \
  }

CYTOSTORM_VOCABULARY(OxygenDevice, {OxygenDevice::room_air, "room_air"},
                     {OxygenDevice::blow_by, "blow_by"},
                     {OxygenDevice::nasal_cannula, "nasal_cannula"},
                     {OxygenDevice::high_flow_nasal_cannula, "high_flow_nasal_cannula"},
                     {OxygenDevice::simple_facemask, "simple_facemask"},
                     {OxygenDevice::non_rebreather, "non_rebreather"},
                     {OxygenDevice::venturi, "venturi"}, {OxygenDevice::cpap, "cpap"},
                     {OxygenDevice::bipap, "bipap"},
                     {OxygenDevice::mechanical_ventilation, "mechanical_ventilation"});
CYTOSTORM_VOCABULARY(OxygenPurpose, {OxygenPurpose::hypoxia, "hypoxia"},
                     {OxygenPurpose::comfort, "comfort"},
                     {OxygenPurpose::airway_protection, "airway_protection"});
CYTOSTORM_VOCABULARY(VasoactiveDrug, {VasoactiveDrug::norepinephrine, "norepinephrine"},
                     {VasoactiveDrug::epinephrine, "epinephrine"},
                     {VasoactiveDrug::phenylephrine, "phenylephrine"},
                     {VasoactiveDrug::dopamine, "dopamine"},
                     {VasoactiveDrug::vasopressin, "vasopressin"},
                     {VasoactiveDrug::angiotensin_ii, "angiotensin_ii"},
                     {VasoactiveDrug::dobutamine, "dobutamine"},
                     {VasoactiveDrug::milrinone, "milrinone"});
CYTOSTORM_VOCABULARY(Consciousness, {Consciousness::alert, "alert"},
                     {Consciousness::spontaneous, "spontaneous"}, {Consciousness::voice, "voice"},
                     {Consciousness::tactile, "tactile"},
                     {Consciousness::unarousable, "unarousable"});
CYTOSTORM_VOCABULARY(Seizure, {Seizure::none, "none"}, {Seizure::brief_resolved, "brief_resolved"},
                     {Seizure::nonconvulsive_eeg_resolved, "nonconvulsive_eeg_resolved"},
                     {Seizure::prolonged, "prolonged"},
                     {Seizure::repetitive_no_baseline, "repetitive_no_baseline"});
CYTOSTORM_VOCABULARY(MotorFinding, {MotorFinding::none, "none"},
                     {MotorFinding::deep_focal_weakness, "deep_focal_weakness"});
CYTOSTORM_VOCABULARY(Edema, {Edema::none, "none"}, {Edema::focal, "focal"},
                     {Edema::diffuse, "diffuse"});
CYTOSTORM_VOCABULARY(DeathCause, {DeathCause::crs, "crs"}, {DeathCause::icans, "icans"},
                     {DeathCause::other, "other"});
CYTOSTORM_VOCABULARY(DoseRateUnit, {DoseRateUnit::ug_min, "ug/min"},
                     {DoseRateUnit::ug_kg_min, "ug/kg/min"}, {DoseRateUnit::units_min, "U/min"});
CYTOSTORM_VOCABULARY(IceItem, {IceItem::orientation, "orientation"}, {IceItem::naming, "naming"},
                     {IceItem::commands, "commands"}, {IceItem::writing, "writing"},
                     {IceItem::attention, "attention"});
CYTOSTORM_VOCABULARY(CapdFrequency, {CapdFrequency::never, "never"},
                     {CapdFrequency::rarely, "rarely"}, {CapdFrequency::sometimes, "sometimes"},
                     {CapdFrequency::often, "often"}, {CapdFrequency::always, "always"});
CYTOSTORM_VOCABULARY(CapdItem, {CapdItem::eye_contact, "eye_contact"},
                     {CapdItem::purposeful, "purposeful"}, {CapdItem::aware, "aware"},
                     {CapdItem::communicates, "communicates"}, {CapdItem::restless, "restless"},
                     {CapdItem::inconsolable, "inconsolable"},
                     {CapdItem::underactive, "underactive"},
                     {CapdItem::slow_response, "slow_response"});
CYTOSTORM_VOCABULARY(SymptomCourse, {SymptomCourse::no_intervention, "no_intervention"},
                     {SymptomCourse::prompt_response, "prompt_response"},
                     {SymptomCourse::prolonged_or_recurrent, "prolonged_or_recurrent"});

#undef CYTOSTORM_VOCABULARY

/// The name users type for `value`.
template <typename E>
constexpr std::string_view name(E value) {
  for (const auto& [v, n] : Vocabulary<E>::entries) {
    if (v == value) return n;
  }
  return "?";
}

/// The value named `text`, or nothing when the word is not in the vocabulary.
template <typename E>
constexpr std::optional<E> parse(std::string_view text) {
  for (const auto& [v, n] : Vocabulary<E>::entries) {
    if (n == text) return v;
  }
  return std::nullopt;
}

/// Every accepted name of `E`, separated by ", ", for error messages.
template <typename E>
std::string accepted_names() {
  std::string out;
  for (const auto& [v, n] : Vocabulary<E>::entries) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace cytostorm::record
