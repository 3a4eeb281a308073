#include "cytostorm/clinical/guideline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace cytostorm::clinical {

namespace {

constexpr double kEps = 1e-9;

template <typename E, std::size_t N>
std::string_view name_in(const std::pair<E, std::string_view> (&names)[N], E value) {
  for (const auto& [v, n] : names) {
    if (v == value) return n;
  }
  return "?";
}

// "2, 10 and 18 h"
std::string times(std::vector<double> hours) {
  std::sort(hours.begin(), hours.end());
  std::string out;
  for (std::size_t i = 0; i < hours.size(); ++i) {
    if (i > 0) out += i + 1 == hours.size() ? " and " : ", ";
    out += fmt::format("{:g}", hours[i]);
  }
  return out + " h";
}

std::string upper(Syndrome s) {
  return s == Syndrome::crs ? "CRS" : "ICANS";
}

}  // namespace

std::string_view name(Action action) {
  return name_in(kActionNames, action);
}

std::optional<Action> parse_action(std::string_view name) {
  for (const auto& [v, n] : kActionNames) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::string_view name(Syndrome syndrome) {
  return name_in(kSyndromeNames, syndrome);
}

std::string_view name(RowCondition condition) {
  return name_in(kConditionNames, condition);
}

bool is_corticosteroid(Action action) {
  return action == Action::dexamethasone || action == Action::methylprednisolone ||
         action == Action::high_dose_methylprednisolone;
}

bool is_drug(Action action) {
  switch (action) {
    case Action::antibiotics:
    case Action::vasopressors:
    case Action::tocilizumab:
    case Action::dexamethasone:
    case Action::methylprednisolone:
    case Action::high_dose_methylprednisolone:
    case Action::other_agents:
    case Action::seizure_treatment:
    case Action::seizure_prophylaxis:
      return true;
    default:
      return false;
  }
}

double tocilizumab_dose_mg(const TocilizumabLimits& limits, double weight_kg) {
  if (!std::isfinite(weight_kg) || weight_kg <= 0) {
    throw std::invalid_argument(fmt::format(
        "tocilizumab_dose_mg: weight_kg must be positive and finite, got {}", weight_kg));
  }
  const double per_kg =
      weight_kg < limits.small_below_kg ? limits.mg_per_kg_small : limits.mg_per_kg;
  return std::min(per_kg * weight_kg, limits.max_dose_mg);
}

std::optional<std::string> tocilizumab_refusal(const TocilizumabLimits& limits,
                                               const std::vector<double>& given_hours,
                                               double now_hours, std::string_view guideline_title) {
  std::vector<double> given;
  for (double t : given_hours) {
    if (t <= now_hours + kEps) given.push_back(t);
  }
  std::sort(given.begin(), given.end());
  std::vector<std::string> broken;
  if (static_cast<int>(given.size()) >= limits.max_total) {
    broken.push_back(fmt::format("at most {} doses in total, and {} were given (at {})",
                                 limits.max_total, given.size(), times(given)));
  }
  if (!given.empty() && now_hours - given.back() < limits.min_interval_hours - kEps) {
    broken.push_back(fmt::format(
        "at least {:g} h between doses, and the last dose was at {:g} h ({:g} h before {:g} h)",
        limits.min_interval_hours, given.back(), now_hours - given.back(), now_hours));
  }
  std::vector<double> day;
  for (double t : given) {
    if (t > now_hours - 24.0 + kEps) day.push_back(t);
  }
  if (static_cast<int>(day.size()) >= limits.max_per_24h) {
    broken.push_back(fmt::format("at most {} doses in 24 h, and {} were given after {:g} h (at {})",
                                 limits.max_per_24h, day.size(), now_hours - 24.0, times(day)));
  }
  if (broken.empty()) return std::nullopt;
  std::string out = fmt::format(
      "another tocilizumab dose at {:g} h would break the {} limit: ", now_hours, guideline_title);
  for (std::size_t i = 0; i < broken.size(); ++i) out += (i ? "; " : "") + broken[i];
  return out;
}

namespace {

void check(const TreatmentSituation& s) {
  const auto grade_ok = [](int g) { return g >= 0 && g <= 5; };
  bool times_ok = std::isfinite(s.now_hours) && s.fever_days >= 0;
  for (const auto* list : {&s.tocilizumab_hours, &s.corticosteroid_hours, &s.dexamethasone_hours,
                           &s.methylprednisolone_hours}) {
    for (double t : *list) times_ok = times_ok && std::isfinite(t);
  }
  if (!grade_ok(s.crs_grade) || !grade_ok(s.icans_grade) || !times_ok ||
      (s.weight_kg && (!std::isfinite(*s.weight_kg) || *s.weight_kg <= 0))) {
    throw std::invalid_argument(fmt::format(
        "suggest: grades must be 0..5 (CRS {}, ICANS {}), times finite, fever_days not negative "
        "({}) and the weight positive ({})",
        s.crs_grade, s.icans_grade, s.fever_days,
        s.weight_kg ? fmt::format("{}", *s.weight_kg) : std::string("none")));
  }
}

// Builds the suggestions of one rule set for one situation.
class Advisor {
 public:
  Advisor(const Guideline& g, const TreatmentSituation& s) : g_(g), s_(s) {}

  GuidanceResult run() {
    GuidanceResult out;
    // Rows that manage a syndrome as its next grade ("fever > 3 days: treat as 2").
    for (const auto& row : g_.rows) {
      if (row.action == Action::treat_as_next_grade && applies(row, grade(row.syndrome))) {
        auto& by = escalated_by(row.syndrome);
        if (by.empty()) by = row.id;
      }
    }
    for (const auto& row : g_.rows) {
      const int g = grade(row.syndrome);
      const bool now = applies(row, g);
      const bool next = !now && row.action != Action::treat_as_next_grade &&
                        !escalated_by(row.syndrome).empty() && applies(row, g + 1);
      if (!now && !next) continue;
      Suggestion s = suggestion(row);
      if (next) {
        s.notes.push_back(fmt::format("{} grade {} managed as grade {} (row {})",
                                      upper(row.syndrome), g, g + 1, escalated_by(row.syndrome)));
      }
      out.suggestions.push_back(std::move(s));
    }
    withhold_unverified_drugs(out.suggestions);
    flag_icu(out);
    return out;
  }

 private:
  int grade(Syndrome s) const { return s == Syndrome::crs ? s_.crs_grade : s_.icans_grade; }
  bool not_improving(Syndrome s) const {
    return s == Syndrome::crs ? s_.crs_not_improving : s_.icans_not_improving;
  }
  std::string& escalated_by(Syndrome s) {
    return s == Syndrome::crs ? crs_escalated_by_ : icans_escalated_by_;
  }

  bool holds(RowCondition c, Syndrome syndrome) const {
    switch (c) {
      case RowCondition::always:
        return true;
      case RowCondition::no_improvement:
        return not_improving(syndrome);
      case RowCondition::fever_over_3_days:
        return s_.fever_days > 3;
      case RowCondition::neutropenic:
        return s_.neutropenic;
      case RowCondition::concurrent_crs:
        return s_.crs_grade >= 1;
      case RowCondition::no_concurrent_crs:
        return s_.crs_grade == 0;
      case RowCondition::seizure:
        return s_.seizure;
      case RowCondition::cerebral_edema:
        return s_.cerebral_edema;
      case RowCondition::high_risk:
        return s_.high_risk;
    }
    return false;
  }

  bool applies(const GuidelineRow& row, int g) const {
    if (g < row.grade_min || g > row.grade_max || !holds(row.when, row.syndrome)) return false;
    // Anti-IL-6 is not given for ICANS without CRS, whatever the row's condition says.
    return !(row.syndrome == Syndrome::icans && row.action == Action::tocilizumab &&
             s_.crs_grade == 0);
  }

  Suggestion suggestion(const GuidelineRow& row) const {
    Suggestion s;
    s.action = row.action;
    s.row = row.id;
    s.citation = {row.source.empty() ? g_.title : row.source,
                  row.source.empty() ? g_.reference : "", row.part, row.verified};
    s.text = (row.verified ? "" : "unverified: ") + row.text;
    if (row.action == Action::tocilizumab) {
      tocilizumab(row, s);
    } else if (!row.doses.empty()) {
      dose(row, s);
    }
    return s;
  }

  void tocilizumab(const GuidelineRow& row, Suggestion& s) const {
    const auto& limits = g_.tocilizumab;
    if (s_.weight_kg) {
      s.dose_mg = tocilizumab_dose_mg(limits, *s_.weight_kg);
      const double per_kg =
          *s_.weight_kg < limits.small_below_kg ? limits.mg_per_kg_small : limits.mg_per_kg;
      s.text += fmt::format(" Dose now: {:g} mg ({:g} mg/kg x {:g} kg{}).", *s.dose_mg, per_kg,
                            *s_.weight_kg,
                            per_kg * *s_.weight_kg > limits.max_dose_mg
                                ? fmt::format(", capped at {:g} mg", limits.max_dose_mg)
                                : "");
    } else {
      s.notes.emplace_back("weight not recorded: dose not computed");
    }
    if (auto refusal = tocilizumab_refusal(limits, s_.tocilizumab_hours, s_.now_hours, g_.title)) {
      withhold(s, *refusal);
    } else {
      withhold_if_improved(row, s);
    }
  }

  // The treatment doses of `action`'s drug that the situation lists (nullptr for other drugs).
  const std::vector<double>* treatment_doses(Action action) const {
    switch (action) {
      case Action::tocilizumab:
        return &s_.tocilizumab_hours;
      case Action::dexamethasone:
        return &s_.dexamethasone_hours;
      case Action::methylprednisolone:
      case Action::high_dose_methylprednisolone:
        return &s_.methylprednisolone_hours;
      default:
        return nullptr;
    }
  }

  // A row that repeats only if there is no improvement, after a dose, while the syndrome improves.
  void withhold_if_improved(const GuidelineRow& row, Suggestion& s) const {
    const auto* given = treatment_doses(row.action);
    if (!row.repeat_if_no_improvement || !given || given->empty() || not_improving(row.syndrome)) {
      return;
    }
    withhold(s, fmt::format("{} has improved since the last {} dose (at {:g} h): this row repeats "
                            "only if there is no improvement",
                            upper(row.syndrome), name(row.action),
                            *std::max_element(given->begin(), given->end())));
  }

  // The current step of a drug row's doses, its dose, and whether it is due.
  void dose(const GuidelineRow& row, Suggestion& s) const {
    const auto* given = treatment_doses(row.action);
    const double start =
        given && !given->empty() ? *std::min_element(given->begin(), given->end()) : s_.now_hours;
    const double elapsed = s_.now_hours - start;
    const DoseStep* step = &row.doses.back();
    double end = 0.0;
    for (const auto& d : row.doses) {
      end += d.days * 24.0;
      if (d.days <= 0 || elapsed < end - kEps) {
        step = &d;
        break;
      }
    }
    if (step->mg > 0) {
      s.dose_mg = step->mg;
    } else if (s_.weight_kg) {
      s.dose_mg = step->mg_per_kg * *s_.weight_kg;
    } else {
      s.notes.emplace_back("weight not recorded: dose not computed");
    }
    if (s.dose_mg) {
      s.text += step->mg > 0
                    ? fmt::format(" Dose now: {:g} mg every {:g} h.", *s.dose_mg, step->every_hours)
                    : fmt::format(" Dose now: {:g} mg ({:g} mg/kg x {:g} kg) every {:g} h.",
                                  *s.dose_mg, step->mg_per_kg, *s_.weight_kg, step->every_hours);
    }
    if (!is_corticosteroid(row.action) || s_.corticosteroid_hours.empty()) return;
    const double last =
        *std::max_element(s_.corticosteroid_hours.begin(), s_.corticosteroid_hours.end());
    if (s_.now_hours - last < step->every_hours - kEps) {
      withhold(s, fmt::format("not yet due: the last corticosteroid dose was at {:g} h and this "
                              "row repeats every {:g} h (next at {:g} h)",
                              last, step->every_hours, last + step->every_hours));
    } else {
      withhold_if_improved(row, s);
    }
  }

  static void withhold(Suggestion& s, std::string reason) {
    s.withheld = true;
    s.withheld_reason = std::move(reason);
  }

  void withhold_unverified_drugs(std::vector<Suggestion>& all) const {
    for (auto& s : all) {
      if (s.citation.verified || s.withheld || !is_drug(s.action)) continue;
      const bool supported = std::any_of(all.begin(), all.end(), [&](const Suggestion& t) {
        return t.citation.verified && !t.withheld && t.action == s.action;
      });
      if (!supported) {
        withhold(s, fmt::format("only an unverified row supports {}: check row {} against {} "
                                "before acting on it",
                                name(s.action), s.row, s.citation.short_name));
      }
    }
  }

  void flag_icu(GuidanceResult& out) {
    std::vector<std::string> reasons;
    for (auto [syndrome, from] : {std::pair{Syndrome::crs, g_.icu_crs_grade},
                                  std::pair{Syndrome::icans, g_.icu_icans_grade}}) {
      const int g = grade(syndrome);
      const std::string& by = escalated_by(syndrome);
      if (g >= from) {
        reasons.push_back(
            fmt::format("{} grade {} (ICU from grade {}, {})", upper(syndrome), g, from, g_.title));
      } else if (!by.empty() && g + 1 >= from) {
        reasons.push_back(
            fmt::format("{} grade {} managed as grade {} (row {}; ICU from grade {}, {})",
                        upper(syndrome), g, g + 1, by, from, g_.title));
      }
    }
    out.icu = !reasons.empty();
    for (std::size_t i = 0; i < reasons.size(); ++i) out.icu_reason += (i ? "; " : "") + reasons[i];
  }

  const Guideline& g_;
  const TreatmentSituation& s_;
  std::string crs_escalated_by_, icans_escalated_by_;
};

}  // namespace

GuidanceResult suggest(const Guideline& guideline, const TreatmentSituation& situation) {
  check(situation);
  return Advisor(guideline, situation).run();
}

}  // namespace cytostorm::clinical
