// ASTCT 2019 ICANS grading: the oracle cases of clinical-rules.md section 9, the not-assessable
// ICE item regression, and the domains of sections 2-4.

#include "cytostorm/clinical/astct_icans.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/clinical/ice.hpp"
#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/record/snapshot.hpp"
#include "cytostorm/record/vocabulary.hpp"

namespace cytostorm::clinical {
namespace {

using record::CapdInput;
using record::Consciousness;
using record::DeathCause;
using record::Edema;
using record::IceInput;
using record::MotorFinding;
using record::ScoreItem;
using record::Seizure;
using record::Snapshot;

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool has_driver(const GradeResult& r, std::string_view finding, int grade) {
  return std::any_of(r.drivers.begin(), r.drivers.end(),
                     [&](const Driver& d) { return d.finding == finding && d.grade == grade; });
}

bool has_any_driver(const GradeResult& r, std::string_view finding) {
  return std::any_of(r.drivers.begin(), r.drivers.end(),
                     [&](const Driver& d) { return d.finding == finding; });
}

bool note_mentions(const GradeResult& r, std::string_view word) {
  return std::any_of(r.notes.begin(), r.notes.end(),
                     [&](const std::string& n) { return contains(n, word); });
}

int grade_of(const GradeResult& r) {
  EXPECT_TRUE(r.grade.has_value()) << "grade not derivable; at_least " << r.at_least;
  return r.grade.value_or(-1);
}

/// An adult with an ICE total, alert unless told otherwise.
Snapshot adult_ice(int total, Consciousness c = Consciousness::alert) {
  Snapshot s;
  s.age_years = 45.0;
  s.ice = IceInput{std::nullopt, total};
  s.consciousness = c;
  return s;
}

ScoreItem pts(int p) {
  return ScoreItem{p, ""};
}
ScoreItem not_assessable(std::string reason) {
  return ScoreItem{std::nullopt, std::move(reason)};
}

/// A child with a CAPD total.
Snapshot child_capd(double age, int total, Consciousness c) {
  Snapshot s;
  s.age_years = age;
  s.capd = CapdInput{std::nullopt, total, false};
  s.consciousness = c;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Oracle cases (clinical-rules.md section 9, ICANS)

TEST(AstctIcansOracle, Ice10AlertIsNone) {
  auto r = grade_astct_icans(adult_ice(10));
  EXPECT_EQ(grade_of(r), 0);
  EXPECT_TRUE(r.drivers.empty());
  EXPECT_FALSE(r.incomplete);
  EXPECT_EQ(r.scale, "astct");
  EXPECT_TRUE(contains(r.citation.part, "ICE")) << r.citation.part;
}

TEST(AstctIcansOracle, Ice7IsGrade1) {
  auto r = grade_astct_icans(adult_ice(7));
  EXPECT_EQ(grade_of(r), 1);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "ice");
  EXPECT_EQ(r.drivers.front().grade, 1);
  EXPECT_TRUE(contains(r.drivers.front().text, "ICE 7")) << r.drivers.front().text;
}

TEST(AstctIcansOracle, Ice9AwakensToVoiceIsGrade2) {
  auto r = grade_astct_icans(adult_ice(9, Consciousness::voice));
  EXPECT_EQ(grade_of(r), 2);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "consciousness");
  EXPECT_EQ(r.drivers.front().grade, 2);
  EXPECT_TRUE(contains(r.drivers.front().text, "voice")) << r.drivers.front().text;
  EXPECT_TRUE(has_driver(r, "ice", 1));
}

TEST(AstctIcansOracle, Ice3ResolvedGeneralisedSeizureIsGrade3) {
  auto s = adult_ice(3);
  s.seizure = Seizure::brief_resolved;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 3);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "seizure");
  EXPECT_EQ(r.drivers.front().grade, 3);
  EXPECT_TRUE(contains(r.drivers.front().text, "seizure")) << r.drivers.front().text;
  EXPECT_TRUE(has_driver(r, "ice", 2));
}

TEST(AstctIcansOracle, Ice0AwakeWithGlobalAphasiaIsGrade3) {
  auto s = adult_ice(0);
  s.global_aphasia = true;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 3);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "ice");
  EXPECT_EQ(r.drivers.front().grade, 3);
  EXPECT_TRUE(contains(r.drivers.front().text, "aphasia")) << r.drivers.front().text;
}

TEST(AstctIcansOracle, Ice0UnarousableIsGrade4) {
  auto r = grade_astct_icans(adult_ice(0, Consciousness::unarousable));
  EXPECT_EQ(grade_of(r), 4);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().grade, 4);
  EXPECT_TRUE(has_driver(r, "ice", 4));
  EXPECT_TRUE(has_driver(r, "consciousness", 4));
}

TEST(AstctIcansOracle, Ice8HemiparesisIsGrade4) {
  auto s = adult_ice(8);
  s.motor = MotorFinding::deep_focal_weakness;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 4);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "motor");
  EXPECT_EQ(r.drivers.front().grade, 4);
  EXPECT_TRUE(contains(r.drivers.front().text, "hemiparesis")) << r.drivers.front().text;
}

TEST(AstctIcansOracle, Ice8IntracranialHemorrhageIsGrade1) {
  auto s = adult_ice(8);
  s.hemorrhage = true;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 1);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "ice");
  EXPECT_TRUE(note_mentions(r, "hemorrhage"));
  EXPECT_TRUE(note_mentions(r, "excluded"));
}

TEST(AstctIcansOracle, Ice8TremorIsGrade1) {
  auto s = adult_ice(8);
  s.tremor = true;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 1);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "ice");
  EXPECT_TRUE(note_mentions(r, "tremor"));
  EXPECT_TRUE(note_mentions(r, "does not change"));
}

TEST(AstctIcansOracle, Child8CapdNineAlertIsGrade3) {
  auto r = grade_astct_icans(child_capd(8.0, 9, Consciousness::alert));
  EXPECT_EQ(grade_of(r), 3);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "capd");
  EXPECT_EQ(r.drivers.front().grade, 3);
  EXPECT_TRUE(contains(r.drivers.front().text, "CAPD 9")) << r.drivers.front().text;
  EXPECT_TRUE(contains(r.citation.part, "CAPD")) << r.citation.part;
}

TEST(AstctIcansOracle, Child8CapdFiveAwakensToVoiceIsGrade2) {
  auto r = grade_astct_icans(child_capd(8.0, 5, Consciousness::voice));
  EXPECT_EQ(grade_of(r), 2);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "consciousness");
  EXPECT_EQ(r.drivers.front().grade, 2);
  EXPECT_TRUE(has_any_driver(r, "capd"));
}

// ---------------------------------------------------------------------------------------------
// Known mistake in public tools: a not-assessable ICE item scored 0

TEST(PublicToolMistakes, NotAssessableIceItemIsNeverScoredZero) {
  // orientation 4, naming 3, commands 1, writing not assessable, attention 1: scoring writing 0
  // would give ICE 9, grade 1. The item is not assessable, so the ICE domain is not graded and
  // the alert patient has no ICANS by the other domains, flagged incomplete.
  IceInput ice;
  ice.items = std::array<ScoreItem, 5>{pts(4), pts(3), pts(1), not_assessable("motor"), pts(1)};
  EXPECT_FALSE(score_ice(ice).total.has_value());

  Snapshot s;
  s.age_years = 60.0;
  s.ice = ice;
  s.consciousness = Consciousness::alert;
  auto r = grade_astct_icans(s);
  ASSERT_TRUE(r.grade.has_value());
  const int as_if_zero = ice_domain_grade(9);
  EXPECT_EQ(as_if_zero, 1);
  EXPECT_NE(*r.grade, as_if_zero);
  EXPECT_EQ(*r.grade, 0);
  EXPECT_TRUE(r.incomplete);
  EXPECT_FALSE(has_any_driver(r, "ice"));
  EXPECT_TRUE(note_mentions(r, "writing"));
  EXPECT_TRUE(note_mentions(r, "never scored 0"));
}

TEST(PublicToolMistakes, NotAssessableIceItemGradeComesFromOtherDomains) {
  IceInput ice;
  ice.items = std::array<ScoreItem, 5>{pts(2), not_assessable("intubated"), pts(0), pts(0), pts(0)};
  Snapshot s;
  s.age_years = 60.0;
  s.ice = ice;
  s.consciousness = Consciousness::tactile;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 3);
  EXPECT_TRUE(r.incomplete);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "consciousness");
  EXPECT_FALSE(has_any_driver(r, "ice"));
}

// ---------------------------------------------------------------------------------------------
// ICE domain bands

TEST(AstctIcansIce, Bands) {
  struct Case {
    int ice, grade;
  };
  for (const auto [ice, grade] :
       {Case{10, 0}, Case{9, 1}, Case{7, 1}, Case{6, 2}, Case{3, 2}, Case{2, 3}, Case{0, 3}}) {
    SCOPED_TRACE("ICE " + std::to_string(ice));
    auto r = grade_astct_icans(adult_ice(ice));
    EXPECT_EQ(grade_of(r), grade);
    if (grade > 0) {
      ASSERT_FALSE(r.drivers.empty());
      EXPECT_EQ(r.drivers.front().finding, "ice");
      EXPECT_EQ(r.drivers.front().grade, grade);
    } else {
      EXPECT_TRUE(r.drivers.empty());
    }
  }
}

TEST(AstctIcansIce, ItemsAreSummed) {
  Snapshot s;
  s.age_years = 30.0;
  s.ice = IceInput{std::array<ScoreItem, 5>{pts(3), pts(2), pts(1), pts(0), pts(0)}, std::nullopt};
  s.consciousness = Consciousness::alert;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 2);  // ICE 6
  EXPECT_FALSE(r.incomplete);
  EXPECT_TRUE(has_driver(r, "ice", 2));
}

TEST(AstctIcansIce, NoIceRecordedIsIncomplete) {
  Snapshot s;
  s.age_years = 30.0;
  s.consciousness = Consciousness::alert;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 0);
  EXPECT_TRUE(r.incomplete);
}

TEST(AstctIcansIce, Ice0SedatedIsNotGrade4) {
  // "ICE 0 because unarousable" needs depressed consciousness not from sedation.
  auto s = adult_ice(0, Consciousness::unarousable);
  s.sedated = true;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 3);
  EXPECT_FALSE(has_driver(r, "consciousness", 4));
  EXPECT_TRUE(note_mentions(r, "sedat"));
}

// ---------------------------------------------------------------------------------------------
// Consciousness

TEST(AstctIcansConsciousness, Levels) {
  struct Case {
    Consciousness c;
    int grade;
  };
  for (const auto [c, grade] : {Case{Consciousness::alert, 0}, Case{Consciousness::spontaneous, 1},
                                Case{Consciousness::voice, 2}, Case{Consciousness::tactile, 3},
                                Case{Consciousness::unarousable, 4}}) {
    SCOPED_TRACE(std::string(record::name(c)));
    auto r = grade_astct_icans(adult_ice(10, c));
    EXPECT_EQ(grade_of(r), grade);
    if (grade > 0) {
      EXPECT_TRUE(has_driver(r, "consciousness", grade));
    }
  }
}

TEST(AstctIcansConsciousness, SedatedConsciousnessIsNotCounted) {
  auto s = adult_ice(10, Consciousness::tactile);
  s.sedated = true;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 0);
  EXPECT_FALSE(has_any_driver(r, "consciousness"));
  EXPECT_TRUE(note_mentions(r, "sedating"));
}

// ---------------------------------------------------------------------------------------------
// Seizure, motor, raised ICP / edema

TEST(AstctIcansSeizure, Grades) {
  struct Case {
    Seizure sz;
    int grade;
  };
  for (const auto [sz, grade] :
       {Case{Seizure::none, 0}, Case{Seizure::brief_resolved, 3},
        Case{Seizure::nonconvulsive_eeg_resolved, 3}, Case{Seizure::prolonged, 4},
        Case{Seizure::repetitive_no_baseline, 4}}) {
    SCOPED_TRACE(std::string(record::name(sz)));
    auto s = adult_ice(10);
    s.seizure = sz;
    auto r = grade_astct_icans(s);
    EXPECT_EQ(grade_of(r), grade);
    if (grade > 0) {
      EXPECT_TRUE(has_driver(r, "seizure", grade));
    }
  }
}

TEST(AstctIcansSeizure, ProlongedSeizureIsGrade4) {
  auto s = adult_ice(9);
  s.seizure = Seizure::prolonged;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 4);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "seizure");
  EXPECT_TRUE(contains(r.drivers.front().text, "5 min")) << r.drivers.front().text;
}

TEST(AstctIcansMotor, DeepFocalWeaknessIsGrade4AndDocumentsTheDifference) {
  auto s = adult_ice(10);
  s.motor = MotorFinding::deep_focal_weakness;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 4);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "motor");
  EXPECT_TRUE(contains(r.drivers.front().text, "grade 3")) << r.drivers.front().text;
}

TEST(AstctIcansEdema, FocalEdemaIsGrade3) {
  auto s = adult_ice(10);
  s.edema = Edema::focal;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 3);
  EXPECT_TRUE(has_driver(r, "edema", 3));
}

TEST(AstctIcansEdema, DiffuseEdemaIsGrade4) {
  auto s = adult_ice(10);
  s.edema = Edema::diffuse;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 4);
  EXPECT_TRUE(has_driver(r, "edema", 4));
}

TEST(AstctIcansEdema, PapilledemaIsGrade4) {
  auto s = adult_ice(10);
  s.papilledema = true;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 4);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "edema");
  EXPECT_TRUE(contains(r.drivers.front().text, "papilledema")) << r.drivers.front().text;
}

TEST(AstctIcansEdema, OtherRaisedIcpSignsAreGrade4) {
  for (int sign = 0; sign < 3; ++sign) {
    SCOPED_TRACE(sign);
    auto s = adult_ice(10);
    if (sign == 0) s.posturing = true;
    if (sign == 1) s.cn6_palsy = true;
    if (sign == 2) s.cushing_triad = true;
    auto r = grade_astct_icans(s);
    EXPECT_EQ(grade_of(r), 4);
    EXPECT_TRUE(has_driver(r, "edema", 4));
  }
}

TEST(AstctIcansExclusions, MyoclonusDoesNotChangeTheGrade) {
  auto s = adult_ice(10);
  s.myoclonus = true;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 0);
  EXPECT_TRUE(note_mentions(r, "myoclonus"));
}

TEST(AstctIcansExclusions, AttributedEncephalopathyIsNotCounted) {
  auto s = adult_ice(3, Consciousness::voice);
  s.attributed.encephalopathy = true;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 0);
  EXPECT_FALSE(has_any_driver(r, "ice"));
  EXPECT_FALSE(has_any_driver(r, "consciousness"));
  EXPECT_TRUE(note_mentions(r, "attributed"));
}

TEST(AstctIcansExclusions, AttributedEncephalopathyStillCountsSeizure) {
  auto s = adult_ice(3, Consciousness::voice);
  s.attributed.encephalopathy = true;
  s.seizure = Seizure::brief_resolved;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 3);
  EXPECT_TRUE(has_driver(r, "seizure", 3));
}

TEST(AstctIcansDeath, DeathFromIcansIsGrade5) {
  auto s = adult_ice(0, Consciousness::unarousable);
  s.death = DeathCause::icans;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 5);
  ASSERT_FALSE(r.drivers.empty());
  EXPECT_EQ(r.drivers.front().finding, "death");
}

// ---------------------------------------------------------------------------------------------
// CAPD versus ICE

TEST(AstctIcansCapd, DevelopmentalDelayAtAge20UsesCapd) {
  Snapshot s;
  s.age_years = 20.0;
  s.developmental_delay = true;
  s.capd = CapdInput{std::nullopt, 9, false};
  s.ice = IceInput{std::nullopt, 10};
  s.consciousness = Consciousness::alert;
  EXPECT_TRUE(uses_capd(s));
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 3);
  EXPECT_TRUE(has_driver(r, "capd", 3));
  EXPECT_TRUE(contains(r.citation.part, "CAPD")) << r.citation.part;

  s.developmental_delay = false;
  EXPECT_FALSE(uses_capd(s));
  EXPECT_EQ(grade_of(grade_astct_icans(s)), 0);  // the ICE of 10 is used
}

TEST(AstctIcansCapd, AgeCutoffOption) {
  Snapshot s;
  s.age_years = 12.0;
  s.capd = CapdInput{std::nullopt, 9, false};
  s.ice = IceInput{std::nullopt, 10};
  s.consciousness = Consciousness::alert;

  EXPECT_FALSE(uses_capd(s));
  EXPECT_EQ(grade_of(grade_astct_icans(s)), 0);

  RuleOptions up_to_12;
  up_to_12.capd_age_cutoff = CapdAgeCutoff::up_to_12;
  EXPECT_TRUE(uses_capd(s, up_to_12));
  auto r = grade_astct_icans(s, up_to_12);
  EXPECT_EQ(grade_of(r), 3);
  EXPECT_TRUE(has_driver(r, "capd", 3));

  s.age_years = 11.9;
  EXPECT_TRUE(uses_capd(s));
  s.age_years = 12.1;
  EXPECT_FALSE(uses_capd(s, up_to_12));
}

TEST(AstctIcansCapd, CapdBands) {
  struct Case {
    int capd, grade;
  };
  for (const auto [capd, grade] : {Case{0, 0}, Case{1, 1}, Case{8, 1}, Case{9, 3}, Case{32, 3}}) {
    SCOPED_TRACE("CAPD " + std::to_string(capd));
    auto r = grade_astct_icans(child_capd(6.0, capd, Consciousness::alert));
    EXPECT_EQ(grade_of(r), grade);
    if (grade > 0) {
      EXPECT_TRUE(has_driver(r, "capd", grade));
    }
  }
}

TEST(AstctIcansCapd, UnableToPerformNotFromSedationIsGrade4) {
  Snapshot s;
  s.age_years = 6.0;
  s.capd = CapdInput{std::nullopt, std::nullopt, true};
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 4);
  EXPECT_TRUE(has_driver(r, "capd", 4));

  s.sedated = true;
  auto sedated = grade_astct_icans(s);
  EXPECT_EQ(grade_of(sedated), 0);
  EXPECT_TRUE(sedated.incomplete);
  EXPECT_TRUE(note_mentions(sedated, "sedation"));
}

TEST(AstctIcansCapd, ChildWithoutCapdIsIncomplete) {
  Snapshot s;
  s.age_years = 6.0;
  s.ice = IceInput{std::nullopt, 2};
  s.consciousness = Consciousness::alert;
  auto r = grade_astct_icans(s);
  EXPECT_EQ(grade_of(r), 0);  // the ICE of a child is not used
  EXPECT_TRUE(r.incomplete);
  EXPECT_FALSE(has_any_driver(r, "ice"));
}

}  // namespace
}  // namespace cytostorm::clinical
