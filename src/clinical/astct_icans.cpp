#include "cytostorm/clinical/astct_icans.hpp"

#include <fmt/format.h>

#include "cytostorm/clinical/capd.hpp"
#include "cytostorm/clinical/ice.hpp"
#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::clinical {

using record::Consciousness;
using record::Edema;
using record::Seizure;

bool uses_capd(const record::Snapshot& s, const RuleOptions& options) {
  if (s.developmental_delay) return true;
  if (!s.age_years) return !s.ice && s.capd;  // no age: the tool that was used
  return options.capd_age_cutoff == CapdAgeCutoff::under_12 ? *s.age_years < 12.0
                                                            : *s.age_years <= 12.0;
}

namespace {

bool unarousable(const record::Snapshot& s) {
  return s.consciousness == Consciousness::unarousable && !s.sedated;
}

void grade_ice(const record::Snapshot& s, GradeBuilder& b) {
  if (!s.ice) {
    b.incomplete();
    if (s.global_aphasia && !unarousable(s)) {
      b.finding(3, "ice", "global aphasia in an awake patient: ICE 0 (grade 3)");
    } else {
      b.note("no ICE score recorded: ICE domain not graded");
    }
    return;
  }
  const IceScore ice = score_ice(*s.ice);
  if (!ice.total) {
    b.incomplete();
    std::string items;
    for (const auto& [item, reason] : ice.not_assessable) {
      if (!items.empty()) items += ", ";
      items +=
          fmt::format("{} ({})", record::name(item), reason.empty() ? "no reason given" : reason);
    }
    b.note(
        fmt::format("ICE incomplete: {} not assessable (never scored 0); {} of {} assessable "
                    "points; ICE domain not graded",
                    items, ice.assessed_points, ice.assessable_max));
    return;
  }
  const int total = *ice.total;
  if (total == 0 && unarousable(s)) {
    b.finding(4, "ice", "ICE 0: unarousable and unable to perform the ICE");
    return;
  }
  const int grade = ice_domain_grade(total);
  if (grade == 0) return;
  static constexpr const char* kBand[] = {"10", "7-9", "3-6", "0-2"};
  std::string text = fmt::format("ICE {}/10 (ICE {}: grade {})", total, kBand[grade], grade);
  if (total == 0 && s.global_aphasia) text += "; awake with global aphasia";
  b.finding(grade, "ice", std::move(text));
}

void grade_capd(const record::Snapshot& s, GradeBuilder& b) {
  if (!s.capd) {
    b.incomplete();
    b.note("no CAPD recorded: CAPD domain not graded");
    return;
  }
  const CapdScore capd = score_capd(*s.capd);
  if (capd.unable_to_perform) {
    if (s.sedated) {
      b.incomplete();
      b.note("unable to perform CAPD because of sedation: not counted");
    } else {
      b.finding(4, "capd", "unable to perform CAPD (not from sedation)");
    }
    return;
  }
  if (!capd.total) return;
  if (*capd.total >= kCapdPositive) {
    b.finding(3, "capd",
              fmt::format("CAPD {} (>= {}: positive delirium screen)", *capd.total, kCapdPositive));
  } else if (*capd.total >= 1) {
    b.finding(
        1, "capd",
        fmt::format("CAPD {} (1-8: grade 1 or 2, the consciousness domain decides)", *capd.total));
  }
}

void grade_consciousness(const record::Snapshot& s, GradeBuilder& b) {
  if (!s.consciousness || *s.consciousness == Consciousness::alert) return;
  static constexpr const char* kWords[] = {"alert", "awakens spontaneously", "awakens to voice",
                                           "awakens only to touch", "unarousable"};
  const int grade = static_cast<int>(*s.consciousness);
  if (s.sedated) {
    b.note(fmt::format("depressed consciousness ({}) from sedating drugs: not counted",
                       kWords[grade]));
    return;
  }
  b.finding(grade, "consciousness", fmt::format("depressed consciousness: {}", kWords[grade]));
}

void grade_seizure_motor_edema(const record::Snapshot& s, GradeBuilder& b) {
  switch (s.seizure) {
    case Seizure::none:
      break;
    case Seizure::brief_resolved:
      b.finding(3, "seizure", "clinical seizure that resolved rapidly");
      break;
    case Seizure::nonconvulsive_eeg_resolved:
      b.finding(3, "seizure", "non-convulsive seizure on EEG resolving with intervention");
      break;
    case Seizure::prolonged:
      b.finding(4, "seizure", "prolonged seizure (> 5 min)");
      break;
    case Seizure::repetitive_no_baseline:
      b.finding(4, "seizure", "repetitive seizures without return to baseline in between");
      break;
  }
  if (s.motor == record::MotorFinding::deep_focal_weakness) {
    b.finding(4, "motor",
              "deep focal motor weakness (hemiparesis or paraparesis); ASTCT grade 4 (some "
              "teaching texts place it at grade 3)");
  }
  if (s.edema == Edema::focal) b.finding(3, "edema", "focal/local edema on neuroimaging");
  if (s.edema == Edema::diffuse) b.finding(4, "edema", "diffuse cerebral edema on neuroimaging");
  const std::pair<bool, const char*> signs[] = {
      {s.posturing, "decerebrate or decorticate posturing"},
      {s.papilledema, "papilledema"},
      {s.cn6_palsy, "cranial nerve VI palsy"},
      {s.cushing_triad, "Cushing's triad"}};
  for (const auto& [present, words] : signs) {
    if (present) b.finding(4, "edema", fmt::format("raised intracranial pressure: {}", words));
  }
}

}  // namespace

GradeResult grade_astct_icans(const record::Snapshot& s, const RuleOptions& options) {
  GradeBuilder b;
  if (s.death == record::DeathCause::icans) b.finding(5, "death", "death from ICANS");
  const bool capd = uses_capd(s, options);
  if (s.attributed.encephalopathy) {
    b.note("encephalopathy attributed to another cause: ICE/CAPD and consciousness not counted");
  } else {
    if (capd) {
      if (s.ice && !s.capd) b.note("child screened with CAPD: the ICE given was not used");
      grade_capd(s, b);
    } else {
      grade_ice(s, b);
    }
    grade_consciousness(s, b);
  }
  grade_seizure_motor_edema(s, b);
  if (s.hemorrhage) {
    b.note("intracranial hemorrhage is excluded from ICANS (grade it by CTCAE)");
  }
  if (s.tremor) b.note("tremor is a CTCAE term and does not change the ICANS grade");
  if (s.myoclonus) b.note("myoclonus is a CTCAE term and does not change the ICANS grade");
  Citation cite = capd ? sources::astct2019.cite("ICANS grading table for children (CAPD)")
                       : sources::astct2019.cite("ICANS grading table for adults (ICE)");
  return std::move(b).result("astct", std::move(cite));
}

}  // namespace cytostorm::clinical
