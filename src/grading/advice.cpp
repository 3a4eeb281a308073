#include "cytostorm/grading/advice.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>

#include "cytostorm/clinical/fever.hpp"

namespace cytostorm::grading {

namespace {

using record::EventKind;

constexpr double kEps = 1e-9;
constexpr double kNeutropeniaAnc = 0.5;  // 10^9/L

// The grade in force at `hours` on a course's timeline (0 before its first change).
int grade_at(const SyndromeCourse& course, double hours) {
  int grade = 0;
  for (const auto& t : course.timeline) {
    if (t.hours > hours + kEps) break;
    grade = t.grade.value_or(t.at_least);
  }
  return grade;
}

int grade_of(const clinical::GradeResult& r) {
  return r.grade.value_or(r.at_least);
}

bool driven_by(const clinical::GradeResult& r, std::string_view finding) {
  for (const auto& d : r.drivers) {
    if (d.finding == finding) return true;
  }
  return false;
}

// Not improving: a treatment was given and the grade now is at least the grade then.
bool not_improving(const SyndromeCourse& course, const std::vector<double>& doses, int now) {
  return !doses.empty() && now >= 1 && now >= grade_at(course, doses.back());
}

}  // namespace

BedsideAdvice advise(const record::PatientRecord& record, std::optional<double> at_hours,
                     const clinical::Guideline& guideline, const AdviceOptions& options) {
  Grader grader(record, {clinical::find_crs_scale("astct")}, options.engine);
  const Replayed end = replay(grader, record, at_hours);
  BedsideAdvice out;
  out.patient_id = record.patient_id;
  out.at_hours = at_hours.value_or(end.hours);
  out.day = end.day;
  if (end.graded) {
    out.crs = grader.crs(0);
    out.icans = grader.icans();
  } else {
    out.crs.grade = 0;
    out.icans.grade = 0;
  }
  const PatientGrades course = std::move(grader).finish(end.hours, end.day);
  const SyndromeCourse& crs = course.crs.front();

  clinical::CourseContext context;
  context.crs_onset_hours = crs.onset_hours;
  for (const auto& e : crs.episodes) {
    if (e.end_hours) context.crs_resolved_hours = e.end_hours;  // the latest resolution
  }
  context.crs_grade_now = grade_of(out.crs);
  context.icans_grade_now = grade_of(out.icans);

  clinical::TreatmentSituation& s = out.situation;
  s.now_hours = out.at_hours;
  s.crs_grade = context.crs_grade_now;
  s.icans_grade = context.icans_grade_now;
  s.weight_kg = record.weight_kg;
  std::set<int> fever_days;
  std::optional<double> anc;
  const record::Event* last_temperature = nullptr;
  for (const auto& e : record.events) {
    if (e.hours > out.at_hours + kEps) break;
    if (e.kind == EventKind::medication) {
      if (e.item == "tocilizumab") s.tocilizumab_hours.push_back(e.hours);
      const bool dex = e.item == "dexamethasone", mp = e.item == "methylprednisolone";
      if (dex || mp || e.item == "hydrocortisone") s.corticosteroid_hours.push_back(e.hours);
      // Treatment, not prophylaxis: given while a syndrome was present.
      const bool treatment = grade_at(crs, e.hours) >= 1 || grade_at(course.icans, e.hours) >= 1;
      if (dex && treatment) s.dexamethasone_hours.push_back(e.hours);
      if (mp && treatment) s.methylprednisolone_hours.push_back(e.hours);
    } else if (e.kind == EventKind::vital && e.item == "temperature" && e.value) {
      last_temperature = &e;
      if (*e.value >= clinical::kFeverC) fever_days.insert(e.day);
    } else if (e.kind == EventKind::lab && e.item == "anc" && e.value) {
      anc = e.value;
    } else if (e.kind == EventKind::seizure &&
               out.at_hours - e.hours <= options.engine.seizure_window_hours + kEps) {
      s.seizure = true;
    }
  }
  // The current fever: febrile at the last reading (within the fever window), and on each
  // calendar day before without a break.
  if (last_temperature && *last_temperature->value >= clinical::kFeverC &&
      out.at_hours - last_temperature->hours <= options.engine.fever_window_hours + kEps) {
    for (int day = last_temperature->day; fever_days.contains(day); --day) ++s.fever_days;
  }
  s.neutropenic = anc && *anc < kNeutropeniaAnc;
  s.cerebral_edema = driven_by(out.icans, "edema");
  // "Not improving": the grade now is at least the grade at the last treatment given (CRS:
  // tocilizumab or a corticosteroid; ICANS: the same, tocilizumab being given with CRS).
  std::vector<double> treatments = s.tocilizumab_hours;
  treatments.insert(treatments.end(), s.dexamethasone_hours.begin(), s.dexamethasone_hours.end());
  treatments.insert(treatments.end(), s.methylprednisolone_hours.begin(),
                    s.methylprednisolone_hours.end());
  std::sort(treatments.begin(), treatments.end());
  s.crs_not_improving = not_improving(crs, treatments, s.crs_grade);
  s.icans_not_improving = not_improving(course.icans, treatments, s.icans_grade);

  out.guideline = guideline.title + " (rule set " + guideline.version + ")";
  out.guidance = clinical::suggest(guideline, s);
  out.flags = clinical::differential_flags(record, out.at_hours, context, options.differential);
  out.scores = clinical::risk_scores(record, out.at_hours);
  return out;
}

record::Result<std::optional<double>> review_hours(const std::string& at,
                                                   const record::PatientRecord& record,
                                                   const std::string& name) {
  if (at.empty()) return std::optional<double>{};
  std::string error;
  const auto t = record::parse_time(at, error);
  if (!t) return record::InputError{name, 0, "", error};
  if (t->absolute && !record.infusion_time) {
    return record::InputError{name, 0, "",
                              fmt::format("patient {} has no infusion row to place {} (give hours "
                                          "since infusion instead)",
                                          record.patient_id, at)};
  }
  if (t->absolute && !record.infusion_time->absolute) {
    return record::InputError{
        name, 0, "",
        fmt::format("the file gives hours since infusion: give {} in hours as well", name)};
  }
  const double hours = record::relative_to_infusion(*t, record.infusion_time).hours;
  // The review is graded day by day from the last event, like any course.
  if (auto problem = record::distance_problem(hours); !problem.empty()) {
    return record::InputError{name, 0, "", problem};
  }
  return std::optional<double>{hours};
}

}  // namespace cytostorm::grading
