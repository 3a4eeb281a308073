#include "cytostorm/clinical/older_crs_scales.hpp"

#include <fmt/format.h>

#include "cytostorm/clinical/fever.hpp"
#include "cytostorm/clinical/hemodynamics.hpp"
#include "cytostorm/clinical/organ_toxicity.hpp"
#include "cytostorm/clinical/oxygen.hpp"
#include "cytostorm/clinical/sources.hpp"

namespace cytostorm::clinical {

using record::OxygenDevice;
using Level = HighDoseFinding::Level;

namespace {

// What every older scale starts from: death from CRS, fever, and the hemodynamic facts.
struct Findings {
  std::vector<record::VasoactiveInfusion> pressors;  // running, not attributed elsewhere
  bool hypotension = false;                          // present and not attributed elsewhere
  std::string hypotension_basis;
  std::optional<record::OxygenSupport> oxygen;  // counted oxygen
};

Findings common_findings(const record::Snapshot& s, const RuleOptions& options, int fever_grade,
                         GradeBuilder& b) {
  Findings f;
  if (s.death == record::DeathCause::crs) b.finding(5, "death", "death from CRS");
  if (fever_grade > 0) counted_fever(s, fever_grade, b);
  const auto hypo = assess_hypotension(s, options.hypotension_screen);
  auto running = running_vasopressors(s);
  if (s.attributed.hypotension) {
    if (!running.empty() || (hypo && hypo->present)) {
      b.note("hypotension attributed to another cause: not counted");
    }
  } else {
    f.pressors = std::move(running);
    if (hypo && hypo->present) {
      f.hypotension = true;
      f.hypotension_basis = hypo->basis;
    }
  }
  f.oxygen = counted_oxygen(s, options, b);
  return f;
}

// Adds the high-dose comparison to `b`: returns its level, records unknowns reaching `grade`.
Level high_dose(const record::Snapshot& s, const Findings& f, const RuleOptions& options, int grade,
                GradeBuilder& b) {
  const auto hd = assess_high_dose(f.pressors, s.weight_kg, options.high_dose);
  b.unverified(kHighDoseTableLabel);
  if (hd.level == Level::unknown) {
    for (const auto& m : hd.missing) b.unknown(grade, m);
  }
  return hd.level;
}

std::string high_dose_text(const record::Snapshot& s, const Findings& f,
                           const RuleOptions& options) {
  return assess_high_dose(f.pressors, s.weight_kg, options.high_dose).text;
}

// Lee 2014 and CARTOX read hypotension, vasopressors and FiO2 the same way.
void grade_lee_cartox_circulation(const record::Snapshot& s, const Findings& f,
                                  const RuleOptions& options, GradeBuilder& b) {
  if (f.pressors.size() >= 2) {
    b.finding(3, "vasopressors", fmt::format("multiple vasopressors: {}", drug_list(f.pressors)));
  } else if (f.pressors.size() == 1) {
    const Level level = high_dose(s, f, options, 3, b);
    const std::string text = high_dose_text(s, f, options);
    if (level == Level::high) {
      b.finding(3, "vasopressors", fmt::format("high-dose vasopressor: {}", text));
    } else {
      b.finding(2, "vasopressors", fmt::format("one vasopressor, not high dose: {}", text));
    }
  } else if (f.hypotension) {
    b.finding(2, "hypotension",
              fmt::format("hypotension responsive to fluids ({})", f.hypotension_basis));
  }
}

}  // namespace

GradeResult grade_lee2014(const record::Snapshot& s, const RuleOptions& options) {
  GradeBuilder b;
  const Findings f = common_findings(s, options, 1, b);
  grade_lee_cartox_circulation(s, f, options, b);
  if (f.oxygen) {
    if (is_positive_pressure(f.oxygen->device)) {
      b.finding(4, "oxygen", fmt::format("{}: ventilator support", describe(*f.oxygen)));
    } else {
      grade_fio2(*f.oxygen, b);
    }
  }
  grade_organ_toxicity(s, false, b);
  return std::move(b).result("lee2014", sources::lee2014.cite("CRS revised grading system"));
}

GradeResult grade_cartox_crs(const record::Snapshot& s, const RuleOptions& options) {
  GradeBuilder b;
  const Findings f = common_findings(s, options, 1, b);
  grade_lee_cartox_circulation(s, f, options, b);
  if (f.oxygen) {
    if (is_positive_pressure(f.oxygen->device)) {
      b.finding(4, "oxygen", fmt::format("{}: positive pressure", describe(*f.oxygen)));
    } else {
      grade_fio2(*f.oxygen, b);
    }
  }
  grade_organ_toxicity(s, true, b);
  if (f.hypotension && !f.pressors.empty()) {
    b.note(
        "CARTOX grade 4 \"life-threatening hypotension\" is the clinician's call: not derived "
        "from the data");
  }
  return std::move(b).result("cartox", sources::cartox.cite("CRS grading (CARTOX)"));
}

GradeResult grade_ctcae_v4_crs(const record::Snapshot& s, const RuleOptions& options) {
  GradeBuilder b;
  const Findings f = common_findings(s, options, 1, b);
  if (!f.pressors.empty()) {
    b.finding(4, "vasopressors", fmt::format("pressor support: {}", drug_list(f.pressors)));
  }
  if (f.oxygen && is_positive_pressure(f.oxygen->device)) {
    b.finding(4, "oxygen", fmt::format("{}: ventilatory support", describe(*f.oxygen)));
  }
  const bool intervention = f.hypotension || f.oxygen.has_value();
  if (f.hypotension && f.pressors.empty()) {
    b.finding(2, "hypotension",
              fmt::format("hypotension treated without pressors ({})", f.hypotension_basis));
  }
  if (f.oxygen && !is_positive_pressure(f.oxygen->device)) {
    b.finding(2, "oxygen", fmt::format("{}: symptomatic treatment", describe(*f.oxygen)));
  }
  if (b.known_grade() >= 1 && b.known_grade() < 4) {
    if (!s.symptom_course) {
      b.unknown(3, "symptom_course");
    } else {
      switch (*s.symptom_course) {
        case record::SymptomCourse::no_intervention:
          if (intervention) {
            b.note("symptom course \"no intervention\" conflicts with fluids/oxygen given");
          }
          break;
        case record::SymptomCourse::prompt_response:
          b.finding(2, "course", "prompt response to symptomatic treatment");
          break;
        case record::SymptomCourse::prolonged_or_recurrent:
          b.finding(3, "course", "prolonged, or recurrent after initial improvement");
          break;
      }
    }
  }
  return std::move(b).result("ctcae_v4", sources::ctcae_v4.cite("Cytokine release syndrome"));
}

GradeResult grade_ctcae_v5_crs(const record::Snapshot& s, const RuleOptions& options) {
  GradeBuilder b;
  const Findings f = common_findings(s, options, 1, b);
  if (f.pressors.size() >= 2) {
    b.finding(4, "vasopressors",
              fmt::format("several vasopressors: {} (read as urgent intervention)",
                          drug_list(f.pressors)));
  } else if (f.pressors.size() == 1) {
    b.finding(3, "vasopressors",
              fmt::format("hypotension managed with one pressor: {}", drug_list(f.pressors)));
  } else if (f.hypotension) {
    b.finding(2, "hypotension",
              fmt::format("hypotension responding to fluids ({})", f.hypotension_basis));
  }
  if (f.oxygen) {
    if (is_positive_pressure(f.oxygen->device)) {
      b.finding(
          4, "oxygen",
          fmt::format("{}: positive pressure (read as urgent intervention)", describe(*f.oxygen)));
    } else {
      grade_fio2(*f.oxygen, b);
    }
  }
  return std::move(b).result("ctcae_v5",
                             sources::ctcae_v5.cite("Cytokine release syndrome", false));
}

GradeResult grade_penn(const record::Snapshot& s, const RuleOptions& options) {
  GradeBuilder b;
  const Findings f = common_findings(s, options, 1, b);
  if (!f.pressors.empty()) {
    const Level level = high_dose(s, f, options, 4, b);
    const std::string text = high_dose_text(s, f, options);
    if (level == Level::high) {
      b.finding(4, "vasopressors", fmt::format("high-dose vasopressors: {}", text));
    } else {
      b.finding(3, "vasopressors",
                fmt::format("vasopressors {}: {}", drug_list(f.pressors),
                            level == Level::low ? "low dose" : "dose not established"));
    }
  } else if (f.hypotension) {
    if (!s.fluid_boluses) {
      b.finding(2, "hypotension",
                fmt::format("hypotension ({}), number of fluid boluses not recorded",
                            f.hypotension_basis));
      b.unknown(3, "fluid_boluses");
    } else if (*s.fluid_boluses >= 2) {
      b.finding(3, "hypotension",
                fmt::format("hypotension needing multiple fluid boluses ({})", *s.fluid_boluses));
    } else {
      b.finding(2, "hypotension",
                fmt::format("hypotension treated with IV fluids ({} bolus)", *s.fluid_boluses));
    }
  }
  if (f.oxygen) {
    if (f.oxygen->device == OxygenDevice::mechanical_ventilation) {
      b.finding(4, "oxygen", "mechanical ventilation");
    } else {
      b.finding(3, "oxygen", fmt::format("{}: supplemental oxygen", describe(*f.oxygen)));
    }
  }
  if (s.creatinine_grade && *s.creatinine_grade >= 1) {
    const int g = *s.creatinine_grade;
    b.finding(g >= 3 ? 3 : 2, "organ_toxicity", fmt::format("grade {} creatinine increase", g));
  }
  if (s.transaminitis_grade && *s.transaminitis_grade >= 1) {
    const int g = *s.transaminitis_grade;
    b.finding(g >= 4 ? 3 : 2, "organ_toxicity", fmt::format("grade {} LFT increase", g));
  }
  if (s.iv_therapy) b.finding(2, "iv_therapy", "IV therapy or admission for CRS symptoms");
  return std::move(b).result("penn", sources::penn.cite("Penn CRS grading scale"));
}

GradeResult grade_mskcc(const record::Snapshot& s, const RuleOptions& options) {
  GradeBuilder b;
  const Findings f = common_findings(s, options, 1, b);
  if (!f.pressors.empty()) {
    std::optional<double> longest;
    bool hours_missing = false;
    for (const auto& v : f.pressors) {
      if (!v.hours) {
        hours_missing = true;
      } else if (!longest || *v.hours > *longest) {
        longest = v.hours;
      }
    }
    if (longest && *longest >= 24.0) {
      b.finding(
          3, "vasopressors",
          fmt::format("vasopressor for {:g} h (>= 24 h): {}", *longest, drug_list(f.pressors)));
    } else {
      b.finding(2, "vasopressors",
                fmt::format("vasopressor {}: {}", drug_list(f.pressors),
                            hours_missing ? "duration not recorded" : "for < 24 h"));
      if (hours_missing) {
        for (const auto& v : f.pressors) {
          if (!v.hours) b.unknown(3, fmt::format("vasopressors.{}.hours", record::name(v.drug)));
        }
      }
    }
    if (f.hypotension) {
      const Level level = high_dose(s, f, options, 4, b);
      if (level == Level::high) {
        b.finding(4, "vasopressors",
                  fmt::format("hypotension ({}) refractory to high-dose vasopressors: {}",
                              f.hypotension_basis, high_dose_text(s, f, options)));
      }
    }
  } else if (f.hypotension) {
    b.finding(
        1, "hypotension",
        fmt::format("hypotension without vasopressors ({}): supportive care", f.hypotension_basis));
  }
  if (f.oxygen) {
    if (f.oxygen->device == OxygenDevice::mechanical_ventilation) {
      b.finding(4, "oxygen", "mechanical ventilation");
    } else {
      grade_fio2(*f.oxygen, b);
    }
  }
  return std::move(b).result("mskcc", sources::mskcc.cite("MSKCC CRS grading"));
}

}  // namespace cytostorm::clinical
