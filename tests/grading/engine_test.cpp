// The time-series grading engine: episodes (onset, duration, biphasic, the resolution window),
// the fever window, state that holds until changed (oxygen, vasopressors), masked fever, the
// daily maxima, the audit trail and "not derivable" on the older scales.
#include "cytostorm/grading/engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/io/event_table.hpp"
#include "cytostorm/record/event_time.hpp"
#include "cytostorm/record/patient_builder.hpp"
#include "support/patient_rows.hpp"

namespace cytostorm::grading {
namespace {

// One patient from event-table rows (the header is added; numeric times).
record::PatientRecord patient(const std::string& rows) {
  return testing::patient_from_rows(rows, "engine.csv");
}

std::vector<const clinical::CrsScale*> scales(std::initializer_list<const char*> names) {
  std::vector<const clinical::CrsScale*> out;
  for (const char* n : names) {
    const auto* s = clinical::find_crs_scale(n);
    EXPECT_NE(s, nullptr) << n;
    if (s) out.push_back(s);
  }
  return out;
}

std::vector<const clinical::CrsScale*> all_scales() {
  std::vector<const clinical::CrsScale*> out;
  for (const auto& s : clinical::crs_scales()) out.push_back(&s);
  return out;
}

PatientGrades grade(const std::string& rows, const EngineOptions& options = {}) {
  return grade_patient(patient(rows), scales({"astct"}), options);
}

const SyndromeCourse& course(const PatientGrades& g, const std::string& scale) {
  for (const auto& c : g.crs) {
    if (c.scale == scale) return c;
  }
  ADD_FAILURE() << "no course for scale " << scale;
  return g.crs.front();
}

// The timeline entry in force at `hours` (the last change at or before it).
const TimelineEntry* entry_at(const SyndromeCourse& c, double hours) {
  const TimelineEntry* found = nullptr;
  for (const auto& t : c.timeline) {
    if (t.hours <= hours + 1e-9) found = &t;
  }
  return found;
}

// The grade in force at `hours`; -1 when no entry.
int grade_at(const SyndromeCourse& c, double hours) {
  const auto* t = entry_at(c, hours);
  if (!t) return -1;
  return t->grade.value_or(-2);
}

// The timeline entry that starts exactly at `hours`, or nullptr.
const TimelineEntry* change_at(const SyndromeCourse& c, double hours) {
  for (const auto& t : c.timeline) {
    if (t.hours == hours) return &t;
  }
  return nullptr;
}

// Each change of grade: its time and the grade (-1: not derivable).
std::vector<std::pair<double, int>> changes(const SyndromeCourse& c) {
  std::vector<std::pair<double, int>> out;
  for (const auto& t : c.timeline) out.emplace_back(t.hours, t.grade.value_or(-1));
  return out;
}

const ObservedDriver* driver(const TimelineEntry& t, const std::string& finding) {
  for (const auto& d : t.drivers) {
    if (d.finding == finding) return &d;
  }
  return nullptr;
}

constexpr const char* kInfusion = "P1,0,infusion,axi-cel,,,\n";

// --- Episodes ---------------------------------------------------------------------------------

TEST(EngineEpisodes, OneFeverGivesOneEpisodeOfTheFeverWindow) {
  const auto g = grade(std::string(kInfusion) +
                       "P1,30,vital,temperature,38.5,C,\n"
                       "P1,100,vital,temperature,37.0,C,\n");
  const auto& c = g.crs.front();
  ASSERT_TRUE(c.max_grade.has_value());
  EXPECT_EQ(*c.max_grade, 1);
  ASSERT_TRUE(c.onset_hours.has_value());
  EXPECT_DOUBLE_EQ(*c.onset_hours, 30.0);
  EXPECT_EQ(c.onset_day, 1);
  ASSERT_EQ(c.episodes.size(), 1U);
  EXPECT_DOUBLE_EQ(c.episodes[0].start_hours, 30.0);
  EXPECT_EQ(c.episodes[0].start_day, 1);
  ASSERT_TRUE(c.episodes[0].end_hours.has_value());
  EXPECT_DOUBLE_EQ(*c.episodes[0].end_hours, 54.0);
  EXPECT_EQ(c.episodes[0].max_grade, 1);
  EXPECT_FALSE(c.episodes[0].biphasic);
  ASSERT_TRUE(c.duration_hours.has_value());
  EXPECT_DOUBLE_EQ(*c.duration_hours, 24.0);
  EXPECT_EQ(g.patient_id, "P1");
}

TEST(EngineEpisodes, NoCrsHasNoOnsetNoDurationAndNoEpisode) {
  const auto g = grade(std::string(kInfusion) + "P1,30,vital,temperature,37.9,C,\n");
  const auto& c = g.crs.front();
  EXPECT_EQ(c.max_grade, 0);
  EXPECT_FALSE(c.onset_hours.has_value());
  EXPECT_FALSE(c.onset_day.has_value());
  EXPECT_FALSE(c.duration_hours.has_value());
  EXPECT_TRUE(c.episodes.empty());
  EXPECT_EQ(g.icans.max_grade, 0);
  EXPECT_FALSE(g.icans.onset_day.has_value());
}

TEST(EngineEpisodes, OnsetDayIsFloorOfHoursOver24) {
  const auto before = grade(std::string(kInfusion) + "P1,47.9,vital,temperature,38.0,C,\n");
  const auto at = grade(std::string(kInfusion) + "P1,48,vital,temperature,38.0,C,\n");
  EXPECT_EQ(before.crs.front().onset_day, 1);
  EXPECT_EQ(at.crs.front().onset_day, 2);
}

TEST(EngineEpisodes, GradeZeroFor23_9HoursThenFeverAgainIsTheSameEpisode) {
  // Fever at 10 h counts until 34 h; the next fever comes 23.9 h later.
  const auto g = grade(std::string(kInfusion) +
                       "P1,10,vital,temperature,38.5,C,\n"
                       "P1,57.9,vital,temperature,38.5,C,\n"
                       "P1,150,vital,temperature,37.0,C,\n");
  const auto& c = g.crs.front();
  ASSERT_EQ(c.episodes.size(), 1U);
  EXPECT_FALSE(c.episodes[0].biphasic);
  EXPECT_DOUBLE_EQ(c.episodes[0].start_hours, 10.0);
  ASSERT_TRUE(c.episodes[0].end_hours.has_value());
  EXPECT_DOUBLE_EQ(*c.episodes[0].end_hours, 81.9);
  ASSERT_TRUE(c.duration_hours.has_value());
  EXPECT_NEAR(*c.duration_hours, 71.9, 1e-9);
}

TEST(EngineEpisodes, GradeZeroFor24HoursThenFeverIsANewBiphasicEpisode) {
  const auto g = grade(std::string(kInfusion) +
                       "P1,10,vital,temperature,38.5,C,\n"
                       "P1,58,vital,temperature,38.5,C,\n"
                       "P1,150,vital,temperature,37.0,C,\n");
  const auto& c = g.crs.front();
  ASSERT_EQ(c.episodes.size(), 2U);
  EXPECT_FALSE(c.episodes[0].biphasic);
  EXPECT_DOUBLE_EQ(c.episodes[0].start_hours, 10.0);
  ASSERT_TRUE(c.episodes[0].end_hours.has_value());
  EXPECT_DOUBLE_EQ(*c.episodes[0].end_hours, 34.0);
  EXPECT_TRUE(c.episodes[1].biphasic);
  EXPECT_DOUBLE_EQ(c.episodes[1].start_hours, 58.0);
  EXPECT_EQ(c.episodes[1].start_day, 2);
  ASSERT_TRUE(c.episodes[1].end_hours.has_value());
  EXPECT_DOUBLE_EQ(*c.episodes[1].end_hours, 82.0);
  // Onset is the first episode's; duration the sum of both.
  EXPECT_DOUBLE_EQ(*c.onset_hours, 10.0);
  EXPECT_EQ(c.onset_day, 0);
  EXPECT_DOUBLE_EQ(*c.duration_hours, 48.0);
}

TEST(EngineEpisodes, ResolutionWindowIsAnOption) {
  EngineOptions options;
  options.resolution_hours = 12.0;
  const auto g = grade(std::string(kInfusion) +
                           "P1,10,vital,temperature,38.5,C,\n"
                           "P1,46,vital,temperature,38.5,C,\n"
                           "P1,150,vital,temperature,37.0,C,\n",
                       options);
  ASSERT_EQ(g.crs.front().episodes.size(), 2U);
  EXPECT_TRUE(g.crs.front().episodes[1].biphasic);
  const auto d = grade(std::string(kInfusion) +
                       "P1,10,vital,temperature,38.5,C,\n"
                       "P1,46,vital,temperature,38.5,C,\n"
                       "P1,150,vital,temperature,37.0,C,\n");
  EXPECT_EQ(d.crs.front().episodes.size(), 1U);
}

TEST(EngineEpisodes, EpisodeStillOpenAtTheLastEventEndsThere) {
  // Masked fever keeps the low-flow oxygen counting until the data end at 100 h.
  const auto g = grade(std::string(kInfusion) +
                       "P1,30,vital,temperature,38.5,C,\n"
                       "P1,32,medication,tocilizumab,560,mg,\n"
                       "P1,40,oxygen,nasal_cannula,2,L/min,\n"
                       "P1,100,vital,temperature,37.0,C,\n");
  const auto& c = g.crs.front();
  ASSERT_EQ(c.episodes.size(), 1U);
  EXPECT_FALSE(c.episodes[0].end_hours.has_value());
  EXPECT_EQ(c.episodes[0].max_grade, 2);
  EXPECT_EQ(grade_at(c, 100.0), 2);
  ASSERT_TRUE(c.duration_hours.has_value());
  EXPECT_DOUBLE_EQ(*c.duration_hours, 70.0);
}

// --- Fever window ----------------------------------------------------------------------------

TEST(EngineFeverWindow, TemperatureAt30CountsAt53_9) {
  const auto g = grade(std::string(kInfusion) +
                       "P1,30,vital,temperature,38.5,C,\n"
                       "P1,53.9,oxygen,nasal_cannula,2,L/min,\n"
                       "P1,80,vital,temperature,37.0,C,\n");
  const auto& c = g.crs.front();
  EXPECT_EQ(c.max_grade, 2);
  EXPECT_EQ(grade_at(c, 53.9), 2);
  // Without a masking drug the oxygen alone is no CRS once the fever has left its window.
  EXPECT_EQ(grade_at(c, 54.0), 0);
  ASSERT_NE(change_at(c, 54.0), nullptr);
}

TEST(EngineFeverWindow, TemperatureAt30NoLongerCountsAt54) {
  const auto g = grade(std::string(kInfusion) +
                       "P1,30,vital,temperature,38.5,C,\n"
                       "P1,54,oxygen,nasal_cannula,2,L/min,\n"
                       "P1,80,vital,temperature,37.0,C,\n");
  const auto& c = g.crs.front();
  EXPECT_EQ(c.max_grade, 1);
  EXPECT_EQ(grade_at(c, 53.99), 1);
  EXPECT_EQ(grade_at(c, 54.0), 0);
}

TEST(EngineFeverWindow, WindowLengthIsAnOption) {
  EngineOptions options;
  options.fever_window_hours = 12.0;
  const std::string rows = std::string(kInfusion) + "P1,30,vital,temperature,38.5,C,\n";
  const auto inside = grade(
      rows + "P1,41.9,oxygen,nasal_cannula,2,L/min,\nP1,80,vital,temperature,37.0,C,\n", options);
  const auto outside = grade(
      rows + "P1,42,oxygen,nasal_cannula,2,L/min,\nP1,80,vital,temperature,37.0,C,\n", options);
  EXPECT_EQ(inside.crs.front().max_grade, 2);
  EXPECT_EQ(outside.crs.front().max_grade, 1);
  ASSERT_EQ(outside.crs.front().episodes.size(), 1U);
  ASSERT_TRUE(outside.crs.front().episodes[0].end_hours.has_value());
  EXPECT_DOUBLE_EQ(*outside.crs.front().episodes[0].end_hours, 42.0);
}

TEST(EngineFeverWindow, ALaterLowerTemperatureDoesNotCancelAFeverInItsWindow) {
  const auto g = grade(std::string(kInfusion) +
                       "P1,30,vital,temperature,38.5,C,\n"
                       "P1,40,vital,temperature,37.0,C,\n"
                       "P1,50,oxygen,nasal_cannula,2,L/min,\n"
                       "P1,80,vital,temperature,37.0,C,\n");
  EXPECT_EQ(grade_at(g.crs.front(), 50.0), 2);
}

TEST(EngineFeverWindow, FahrenheitFeverCounts) {
  const auto g = grade(std::string(kInfusion) + "P1,30,vital,temperature,100.4,F,\n");
  EXPECT_EQ(g.crs.front().max_grade, 1);
  const auto below = grade(std::string(kInfusion) + "P1,30,vital,temperature,100.2,F,\n");
  EXPECT_EQ(below.crs.front().max_grade, 0);
}

// --- State that holds until changed ----------------------------------------------------------

TEST(EngineHeldState, NasalCannulaSetAt72StillCountsAt100WithAFreshFever) {
  const auto g = grade(std::string(kInfusion) +
                       "P1,72,oxygen,nasal_cannula,2,L/min,\n"
                       "P1,100,vital,temperature,38.5,C,\n"
                       "P1,110,oxygen,room_air,,,\n"
                       "P1,130,vital,temperature,37.0,C,\n");
  const auto& c = g.crs.front();
  EXPECT_EQ(grade_at(c, 99.0), 0);
  const auto* t = change_at(c, 100.0);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->grade, 2);
  const auto* oxygen = driver(*t, "oxygen");
  ASSERT_NE(oxygen, nullptr);
  EXPECT_EQ(oxygen->observed_at_hours, std::vector<double>{72.0});
  const auto* fever = driver(*t, "fever");
  ASSERT_NE(fever, nullptr);
  EXPECT_EQ(fever->observed_at_hours, std::vector<double>{100.0});
  // Room air ends it; the fever still counts.
  EXPECT_EQ(grade_at(c, 110.0), 1);
  EXPECT_EQ(c.max_grade, 2);
}

TEST(EngineHeldState, VasopressorRateZeroStopsIt) {
  const auto g = grade(std::string(kInfusion) +
                       "P1,72,vital,temperature,39,C,\n"
                       "P1,72,vasopressor,norepinephrine,8,ug/min,\n"
                       "P1,74,vasopressor,phenylephrine,100,ug/min,\n"
                       "P1,76,vasopressor,phenylephrine,0,ug/min,\n"
                       "P1,80,vasopressor,norepinephrine,0,ug/min,\n"
                       "P1,130,vital,temperature,37.0,C,\n");
  const auto& c = g.crs.front();
  EXPECT_EQ(grade_at(c, 72.0), 3);
  EXPECT_EQ(grade_at(c, 74.0), 4);
  EXPECT_EQ(grade_at(c, 76.0), 3);
  EXPECT_EQ(grade_at(c, 80.0), 1);
  EXPECT_EQ(c.max_grade, 4);
}

TEST(EngineHeldState, IceHoldsUntilTheNextAssessment) {
  const auto g = grade(std::string(kInfusion) +
                       "P1,80,ice,total,6,,\n"
                       "P1,100,vital,temperature,37.0,C,\n"
                       "P1,120,ice,total,10,,\n"
                       "P1,130,vital,temperature,37.0,C,\n");
  const auto& i = g.icans;
  EXPECT_EQ(grade_at(i, 80.0), 2);
  EXPECT_EQ(grade_at(i, 119.0), 2);
  EXPECT_EQ(grade_at(i, 120.0), 0);
  ASSERT_EQ(i.episodes.size(), 1U);
  EXPECT_DOUBLE_EQ(*i.duration_hours, 40.0);
  EXPECT_EQ(i.onset_day, 3);
  EXPECT_EQ(i.scale, "astct");
}

TEST(EngineHeldState, SeizureCountsFor24Hours) {
  const auto g = grade(std::string(kInfusion) +
                       "P1,80,ice,total,10,,\n"
                       "P1,80,seizure,brief_resolved,,,\n"
                       "P1,150,vital,temperature,37.0,C,\n");
  EXPECT_EQ(grade_at(g.icans, 103.9), 3);
  EXPECT_EQ(grade_at(g.icans, 104.0), 0);
  ASSERT_NE(change_at(g.icans, 104.0), nullptr);
}

// --- Masked fever ----------------------------------------------------------------------------

const std::string kFeverThen = std::string(kInfusion) + "P1,30,vital,temperature,38.5,C,\n";
const std::string kAfebrilePressorAt72 =
    "P1,72,vital,temperature,37.0,C,\n"
    "P1,72,vasopressor,norepinephrine,8,ug/min,\n"
    "P1,150,vital,temperature,37.0,C,\n";

TEST(EngineMaskedFever, AfterTocilizumabAnAfebrilePatientWithOnePressorIsGrade3) {
  const auto g =
      grade(kFeverThen + "P1,32,medication,tocilizumab,560,mg,\n" + kAfebrilePressorAt72);
  const auto& c = g.crs.front();
  EXPECT_EQ(c.max_grade, 3);
  EXPECT_EQ(grade_at(c, 72.0), 3);
  // Still the first episode: it had not resolved (grade 0 from 54 h, 18 h before).
  ASSERT_EQ(c.episodes.size(), 1U);
  EXPECT_EQ(c.episodes[0].max_grade, 3);
}

TEST(EngineMaskedFever, WithoutAMaskingDrugAfebrilePlusPressorIsGrade0) {
  const auto g = grade(kFeverThen + kAfebrilePressorAt72);
  EXPECT_EQ(g.crs.front().max_grade, 1);
  EXPECT_EQ(grade_at(g.crs.front(), 72.0), 0);
}

TEST(EngineMaskedFever, NoPriorCrsMeansNoMasking) {
  const auto g = grade(std::string(kInfusion) + "P1,32,medication,tocilizumab,560,mg,\n" +
                       kAfebrilePressorAt72);
  EXPECT_EQ(g.crs.front().max_grade, 0);
}

TEST(EngineMaskedFever, AcetaminophenMasksByDefaultButNotWithAnticytokineOnly) {
  const std::string rows =
      kFeverThen + "P1,32,medication,acetaminophen,1000,mg,\n" + kAfebrilePressorAt72;
  EXPECT_EQ(grade(rows).crs.front().max_grade, 3);
  EngineOptions options;
  options.rules.fever_masking = clinical::FeverMasking::anticytokine_only;
  EXPECT_EQ(grade(rows, options).crs.front().max_grade, 1);
  // A steroid masks under either option.
  const std::string steroid =
      kFeverThen + "P1,32,medication,dexamethasone,10,mg,\n" + kAfebrilePressorAt72;
  EXPECT_EQ(grade(steroid, options).crs.front().max_grade, 3);
}

TEST(EngineMaskedFever, DrugGivenBeforeTheEpisodeStartDoesNotMask) {
  const auto before = grade(std::string(kInfusion) + "P1,29,medication,tocilizumab,560,mg,\n" +
                            "P1,30,vital,temperature,38.5,C,\n" + kAfebrilePressorAt72);
  EXPECT_EQ(before.crs.front().max_grade, 1);
  // At the episode's start counts ("at or after").
  const auto at = grade(std::string(kInfusion) + "P1,30,medication,tocilizumab,560,mg,\n" +
                        "P1,30,vital,temperature,38.5,C,\n" + kAfebrilePressorAt72);
  EXPECT_EQ(at.crs.front().max_grade, 3);
}

TEST(EngineMaskedFever, MaskingEndsWhenTheEpisodeHasResolved) {
  // Grade 0 from 54 h: the episode resolves at 78 h.
  const std::string rows = kFeverThen + "P1,32,medication,tocilizumab,560,mg,\n";
  const auto inside = grade(rows +
                            "P1,77.9,vasopressor,norepinephrine,8,ug/min,\n"
                            "P1,150,vital,temperature,37.0,C,\n");
  EXPECT_EQ(inside.crs.front().max_grade, 3);
  EXPECT_EQ(inside.crs.front().episodes.size(), 1U);
  const auto after = grade(rows +
                           "P1,78,vasopressor,norepinephrine,8,ug/min,\n"
                           "P1,150,vital,temperature,37.0,C,\n");
  EXPECT_EQ(after.crs.front().max_grade, 1);
  EXPECT_EQ(after.crs.front().episodes.size(), 1U);
}

// --- Daily maxima ------------------------------------------------------------------------------

// Grade 3 from 12 h (masked once the fever leaves its window) until the pressor stops at 110 h;
// no event at all on days 2 and 3.
const std::string kLongPressor = std::string(kInfusion) +
                                 "P1,10,vital,temperature,38.5,C,\n"
                                 "P1,12,medication,tocilizumab,560,mg,\n"
                                 "P1,12,vasopressor,norepinephrine,5,ug/min,\n"
                                 "P1,110,vasopressor,norepinephrine,0,ug/min,\n"
                                 "P1,130,vital,temperature,37.0,C,\n";

TEST(EngineDailyMax, DaysWithoutEventsHoldTheGradeInForce) {
  const auto g = grade(kLongPressor);
  const auto& d = g.crs.front().daily_max;
  ASSERT_TRUE(d.count(0) && d.count(1) && d.count(2) && d.count(3) && d.count(5));
  EXPECT_EQ(d.at(0), 3);
  EXPECT_EQ(d.at(1), 3);
  EXPECT_EQ(d.at(2), 3);
  EXPECT_EQ(d.at(3), 3);
  EXPECT_EQ(d.at(5), 0);
  EXPECT_FALSE(d.count(6));
  EXPECT_EQ(g.crs.front().max_grade, 3);
  ASSERT_EQ(g.crs.front().episodes.size(), 1U);
  EXPECT_DOUBLE_EQ(*g.crs.front().episodes[0].end_hours, 110.0);
}

TEST(EngineDailyMax, TheDayOfAChangeIncludesTheGradeHeldFromItsStart) {
  const auto g = grade(kLongPressor);
  const auto& d = g.crs.front().daily_max;
  ASSERT_TRUE(d.count(4));
  EXPECT_EQ(d.at(4), 3);
}

// --- Audit trail -------------------------------------------------------------------------------

TEST(EngineAuditTrail, DriversCarryTheTimesOfTheRowsBehindThem) {
  const auto g =
      grade_patient(patient(std::string(kInfusion) + "P1,70,vital,temperature,38.6,C,\n"
                                                     "P1,74,oxygen,simple_facemask,6,L/min,\n"
                                                     "P1,75,fio2,,45,%,\n"
                                                     "P1,76,hypotension,present,,,\n"
                                                     "P1,80,ice,total,6,,\n"
                                                     "P1,81,consciousness,voice,,,\n"
                                                     "P1,130,vital,temperature,37.0,C,\n"),
                    scales({"astct", "lee2014"}));
  const auto& astct = course(g, "astct");
  ASSERT_FALSE(astct.timeline.empty());
  EXPECT_DOUBLE_EQ(astct.timeline.front().hours, 0.0);
  const auto* at70 = change_at(astct, 70.0);
  ASSERT_NE(at70, nullptr);
  ASSERT_EQ(at70->grade, 1);
  ASSERT_EQ(at70->drivers.size(), 1U);
  EXPECT_EQ(at70->drivers[0].finding, "fever");
  EXPECT_EQ(at70->drivers[0].observed_at_hours, std::vector<double>{70.0});
  EXPECT_EQ(at70->day, 2);

  const auto* at74 = change_at(astct, 74.0);
  ASSERT_NE(at74, nullptr);
  EXPECT_EQ(at74->grade, 3);
  ASSERT_FALSE(at74->drivers.empty());
  EXPECT_EQ(at74->drivers.front().finding, "oxygen");
  EXPECT_EQ(at74->drivers.front().grade, 3);
  EXPECT_FALSE(at74->drivers.front().text.empty());
  EXPECT_EQ(at74->drivers.front().observed_at_hours, std::vector<double>{74.0});
  ASSERT_NE(driver(*at74, "fever"), nullptr);
  EXPECT_EQ(driver(*at74, "fever")->observed_at_hours, std::vector<double>{70.0});

  // Lee 2014 reads the FiO2 row too: the oxygen driver names both rows' times.
  const auto& lee = course(g, "lee2014");
  const auto* lee75 = change_at(lee, 75.0);
  ASSERT_NE(lee75, nullptr);
  EXPECT_EQ(lee75->grade, 3);
  const auto* oxygen = driver(*lee75, "oxygen");
  ASSERT_NE(oxygen, nullptr);
  EXPECT_EQ(oxygen->observed_at_hours, (std::vector<double>{74.0, 75.0}));

  // ICANS: the ICE at 80 h, then consciousness at 81 h.
  const auto* ice = change_at(g.icans, 80.0);
  ASSERT_NE(ice, nullptr);
  EXPECT_EQ(ice->grade, 2);
  ASSERT_NE(driver(*ice, "ice"), nullptr);
  EXPECT_EQ(driver(*ice, "ice")->observed_at_hours, std::vector<double>{80.0});
  const auto* voice = entry_at(g.icans, 81.0);
  ASSERT_NE(voice, nullptr);
  // The grade stays 2 at 81 h, so no new entry is needed there.
  EXPECT_EQ(voice->grade, 2);
}

TEST(EngineAuditTrail, TimelineHasAnEntryOnlyWhenTheGradeChanges) {
  const auto g = grade(std::string(kInfusion) +
                       "P1,30,vital,temperature,38.5,C,\n"
                       "P1,40,vital,temperature,38.9,C,\n"
                       "P1,45,vital,temperature,37.2,C,\n"
                       "P1,100,vital,temperature,37.0,C,\n");
  const auto& c = g.crs.front();
  // 0 at infusion, 1 at 30 h, 0 when the 40 h fever leaves its window at 64 h.
  EXPECT_EQ(changes(c), (std::vector<std::pair<double, int>>{{0.0, 0}, {30.0, 1}, {64.0, 0}}));
}

// Normal vital signs between changes leave the grade as it is; an SBP changes it only when it
// changes the hypotension finding: a low SBP, the first normal one after it, or a normal one
// after the clinician's assessment (the later of the two counts).
TEST(EngineAuditTrail, AnSbpChangesTheGradeOnlyWhenItChangesTheHypotensionFinding) {
  const auto g = grade(std::string(kInfusion) +
                       "P1,10,vital,temperature,39.0,C,\n"
                       "P1,12,vital,sbp,85,mmHg,\n"
                       "P1,13,vital,heart_rate,120,/min,\n"
                       "P1,14,vital,sbp,84,mmHg,\n"
                       "P1,16,vital,sbp,120,mmHg,\n"
                       "P1,18,vital,sbp,125,mmHg,\n"
                       "P1,18,vital,temperature,37.0,C,\n"
                       "P1,20,hypotension,present,,,\n"
                       "P1,22,vital,sbp,130,mmHg,\n"
                       "P1,24,vital,sbp,88,mmHg,\n");
  const auto& c = g.crs.front();
  EXPECT_EQ(
      changes(c),
      (std::vector<std::pair<double, int>>{
          {0.0, 0}, {10.0, 1}, {12.0, 2}, {16.0, 1}, {20.0, 2}, {22.0, 1}, {24.0, 2}, {34.0, 0}}));
  const TimelineEntry* low = change_at(c, 12.0);
  ASSERT_NE(low, nullptr);
  const ObservedDriver* hypotension = driver(*low, "hypotension");
  ASSERT_NE(hypotension, nullptr);
  EXPECT_EQ(hypotension->observed_at_hours, (std::vector<double>{12.0}));
}

// --- Older scales and regrading ----------------------------------------------------------------

const std::string kRegrade = std::string(kInfusion) +
                             "P1,72,vital,temperature,39,C,\n"
                             "P1,72,vasopressor,norepinephrine,8,ug/min,\n"
                             "P1,72,oxygen,simple_facemask,6,L/min,\n"
                             "P1,72,fio2,,45,%,\n"
                             "P1,88,vital,temperature,39,C,\n"
                             "P1,100,vital,temperature,39,C,\n"
                             "P1,102,vasopressor,norepinephrine,0,ug/min,\n";

std::string without_fio2(const std::string& rows) {
  std::string out;
  std::size_t start = 0;
  while (start < rows.size()) {
    const std::size_t end = rows.find('\n', start);
    const std::string line = rows.substr(start, end - start + 1);
    if (line.find(",fio2,") == std::string::npos) out += line;
    start = end + 1;
  }
  return out;
}

TEST(EngineRegrading, OnePressorForThirtyHoursAndFacemaskAtFio2_45) {
  const auto g = grade_patient(patient(kRegrade), all_scales());
  ASSERT_EQ(g.crs.size(), clinical::crs_scales().size());
  EXPECT_EQ(g.crs.front().scale, "astct");
  EXPECT_EQ(course(g, "astct").max_grade, 3);
  EXPECT_EQ(course(g, "lee2014").max_grade, 3);
  EXPECT_EQ(course(g, "mskcc").max_grade, 3);
  EXPECT_EQ(course(g, "cartox").max_grade, 3);
  EXPECT_EQ(course(g, "penn").max_grade, 3);
  for (const auto& c : g.crs) EXPECT_TRUE(c.missing.empty()) << c.scale;
}

TEST(EngineRegrading, WithoutFio2Lee2014IsNotDerivable) {
  const auto g = grade_patient(patient(without_fio2(kRegrade)), all_scales());
  const auto& lee = course(g, "lee2014");
  EXPECT_FALSE(lee.max_grade.has_value());
  EXPECT_EQ(lee.max_at_least, 2);
  EXPECT_NE(std::find(lee.missing.begin(), lee.missing.end(), "oxygen.fio2_pct"),
            lee.missing.end());
  const auto* t = change_at(lee, 72.0);
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->grade.has_value());
  EXPECT_EQ(t->at_least, 2);
  EXPECT_EQ(t->missing, std::vector<std::string>{"oxygen.fio2_pct"});
  // The episode's maximum is the grade known for sure.
  ASSERT_EQ(lee.episodes.size(), 1U);
  EXPECT_EQ(lee.episodes[0].max_grade, 2);
  // The scales that need no FiO2 are unchanged; MSKCC reaches 3 once the pressor has run 24 h.
  EXPECT_EQ(course(g, "astct").max_grade, 3);
  EXPECT_EQ(course(g, "penn").max_grade, 3);
  const auto& mskcc = course(g, "mskcc");
  EXPECT_EQ(mskcc.max_grade, 3);
  const auto* day1 = change_at(mskcc, 96.0);
  ASSERT_NE(day1, nullptr);
  EXPECT_EQ(day1->grade, 3);
  const auto* pressor = driver(*day1, "vasopressors");
  ASSERT_NE(pressor, nullptr);
  EXPECT_EQ(pressor->grade, 3);
  EXPECT_EQ(pressor->observed_at_hours, std::vector<double>{72.0});
}

TEST(EngineRegrading, CoursesComeInTheOrderAsked) {
  const auto g = grade_patient(patient(kRegrade), scales({"mskcc", "astct", "lee2014"}));
  ASSERT_EQ(g.crs.size(), 3U);
  EXPECT_EQ(g.crs[0].scale, "mskcc");
  EXPECT_EQ(g.crs[1].scale, "astct");
  EXPECT_EQ(g.crs[2].scale, "lee2014");
  EXPECT_FALSE(g.crs[0].rule.empty());
  EXPECT_NE(g.crs[1].rule.find("ASTCT 2019"), std::string::npos) << g.crs[1].rule;
}

// --- Records built without the CSV reader ------------------------------------------------------

TEST(EngineRecords, PatientBuilderRecordGradesLikeTheCsv) {
  record::PatientBuilder builder("B1", "built");
  const auto add = [&](const char* kind, const char* item, const char* value, const char* unit,
                       std::optional<double> hours) {
    record::Event e;
    const auto problem = record::make_event(kind, item, value, unit, "", e);
    ASSERT_FALSE(problem.has_value()) << problem->column << ": " << problem->message;
    std::optional<record::TimePoint> time;
    if (hours) {
      record::TimePoint t;
      t.hours = *hours;
      time = t;
    }
    builder.add(std::move(e), time);
  };
  // Out of time order on purpose: finish() sorts.
  add("vasopressor", "norepinephrine", "8", "ug/min", 72.0);
  add("infusion", "axi-cel", "", "", 0.0);
  add("vital", "temperature", "38.5", "C", 30.0);
  add("medication", "tocilizumab", "560", "mg", 32.0);
  add("patient", "age_years", "60", "", std::nullopt);
  add("vital", "temperature", "37.0", "C", 150.0);
  auto built = std::move(builder).finish();
  ASSERT_TRUE(built.ok()) << built.error().to_string();
  EXPECT_EQ(built.value().age_years, 60.0);
  const auto g = grade_patient(built.value(), scales({"astct"}));
  EXPECT_EQ(g.patient_id, "B1");
  EXPECT_EQ(g.crs.front().max_grade, 3);
  EXPECT_EQ(g.crs.front().onset_day, 1);
  const auto csv = grade(std::string(kInfusion) +
                         "P1,30,vital,temperature,38.5,C,\n"
                         "P1,32,medication,tocilizumab,560,mg,\n"
                         "P1,72,vasopressor,norepinephrine,8,ug/min,\n"
                         "P1,150,vital,temperature,37.0,C,\n");
  EXPECT_EQ(csv.crs.front().max_grade, g.crs.front().max_grade);
  EXPECT_EQ(csv.crs.front().duration_hours, g.crs.front().duration_hours);
  EXPECT_EQ(csv.crs.front().daily_max, g.crs.front().daily_max);
}

TEST(EngineRecords, EmptyRecordGradesToNothing) {
  record::PatientRecord r;
  r.patient_id = "E";
  const auto g = grade_patient(r, scales({"astct"}));
  EXPECT_EQ(g.patient_id, "E");
  ASSERT_EQ(g.crs.size(), 1U);
  EXPECT_EQ(g.crs.front().max_grade, 0);
  EXPECT_TRUE(g.crs.front().episodes.empty());
  EXPECT_EQ(g.icans.max_grade, 0);
}

}  // namespace
}  // namespace cytostorm::grading
