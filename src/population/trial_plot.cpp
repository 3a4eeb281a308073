#include "cytostorm/population/trial_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "cytostorm/clinical/assessment.hpp"

namespace cytostorm::population {

namespace {

// The p-th quantile of values (sorted in place), interpolated between order statistics.
double quantile(std::vector<double>& values, double p) {
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

std::vector<const PatientOutcome*> simulated(const std::vector<PatientOutcome>& outcomes) {
  std::vector<const PatientOutcome*> out;
  for (const auto& o : outcomes) {
    if (o.failure.empty()) out.push_back(&o);
  }
  return out;
}

io::PlotPanel grade_distribution(const std::vector<const PatientOutcome*>& patients,
                                 const std::string& crs_label) {
  io::PlotPanel panel;
  panel.title = "Maximum grade";
  panel.unit = "% of patients";
  panel.y_min = 0;
  for (int g = 0; g <= 5; ++g) panel.categories.push_back(fmt::format("grade {}", g));
  io::BarSeries crs{crs_label, std::vector<double>(6, 0.0), "#d62728"};
  io::BarSeries icans{"ICANS (ASTCT 2019)", std::vector<double>(6, 0.0), "#1f77b4"};
  const double share = patients.empty() ? 0.0 : 100.0 / static_cast<double>(patients.size());
  for (const auto* p : patients) {
    crs.values[static_cast<std::size_t>(std::clamp(p->crs.max_grade, 0, 5))] += share;
    icans.values[static_cast<std::size_t>(std::clamp(p->icans.max_grade, 0, 5))] += share;
  }
  panel.bars = {std::move(crs), std::move(icans)};
  return panel;
}

io::PlotPanel incidence(const std::vector<const PatientOutcome*>& patients,
                        const std::vector<double>& t, const std::string& crs_label) {
  io::PlotPanel panel;
  panel.title = "Cumulative incidence";
  panel.unit = "% of patients";
  panel.y_min = 0;
  panel.y_max = 100;
  const auto series = [&](std::string label, std::string color, auto time_of) {
    std::vector<std::optional<double>> times;
    for (const auto* p : patients) times.push_back(time_of(*p));
    return io::PlotSeries{std::move(label), t, cumulative_incidence(times, t), std::move(color)};
  };
  panel.series.push_back(series(crs_label + " any grade", "#d62728",
                                [](const PatientOutcome& p) { return p.crs.onset_days; }));
  panel.series.push_back(series(crs_label + " grade >= 3", "#8b0000",
                                [](const PatientOutcome& p) { return p.crs.severe_days; }));
  panel.series.push_back(series("ICANS any grade", "#1f77b4",
                                [](const PatientOutcome& p) { return p.icans.onset_days; }));
  panel.series.push_back(series("ICANS grade >= 3", "#08306b",
                                [](const PatientOutcome& p) { return p.icans.severe_days; }));
  return panel;
}

io::PlotPanel car_t_bands(const std::vector<const PatientOutcome*>& patients,
                          const std::vector<double>& t) {
  io::PlotPanel panel;
  panel.title = "CAR-T cells in blood";
  panel.unit = "cells/uL";
  panel.log_scale = true;
  io::PlotArea outer{"10th-90th percentile", {}, {}, {}, "#2ca02c", 0.15};
  io::PlotArea inner{"25th-75th percentile", {}, {}, {}, "#2ca02c", 0.3};
  io::PlotSeries mid{"median", {}, {}, "#1b5e20"};
  std::vector<double> values;
  for (std::size_t j = 0; j < t.size(); ++j) {
    values.clear();
    for (const auto* p : patients) {
      if (j < p->car_t.size()) values.push_back(p->car_t[j]);
    }
    if (values.empty()) continue;
    for (auto* s : {&outer.t_days, &inner.t_days, &mid.t_days}) s->push_back(t[j]);
    outer.lower.push_back(quantile(values, 0.1));
    outer.upper.push_back(quantile(values, 0.9));
    inner.lower.push_back(quantile(values, 0.25));
    inner.upper.push_back(quantile(values, 0.75));
    mid.values.push_back(quantile(values, 0.5));
  }
  panel.areas = {std::move(outer), std::move(inner)};
  panel.series = {std::move(mid)};
  return panel;
}

}  // namespace

std::vector<double> cumulative_incidence(const std::vector<std::optional<double>>& times,
                                         const std::vector<double>& t_days) {
  std::vector<double> sorted;
  for (const auto& v : times) {
    if (v) sorted.push_back(*v);
  }
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> out;
  out.reserve(t_days.size());
  for (const double t : t_days) {
    const auto count = std::upper_bound(sorted.begin(), sorted.end(), t) - sorted.begin();
    out.push_back(times.empty()
                      ? 0.0
                      : 100.0 * static_cast<double>(count) / static_cast<double>(times.size()));
  }
  return out;
}

io::CoursePlot trial_plot(const TrialSummary& summary,
                          const std::vector<PatientOutcome>& outcomes) {
  const auto patients = simulated(outcomes);
  const auto* scale = clinical::find_crs_scale(summary.scale);
  const std::string crs_label =
      fmt::format("CRS ({})", scale ? std::string(scale->title) : summary.scale);
  std::vector<double> t;
  for (double h = 0.0; h <= summary.days * 24.0 + 1e-9; h += kCarTEveryHours) t.push_back(h / 24.0);
  io::CoursePlot plot;
  plot.title =
      fmt::format("Virtual trial: {}, {}{}", summary.title.empty() ? summary.trial : summary.title,
                  summary.product, summary.prediction ? " (prediction)" : "");
  plot.subtitle = fmt::format(
      "{} virtual patients{}; policy {}; CRS by {}, ICANS by ASTCT 2019; seed {}", patients.size(),
      summary.failed ? fmt::format(" ({} failed simulations left out)", summary.failed) : "",
      summary.policy, scale ? scale->title : summary.scale, summary.seed);
  plot.t_end_days = summary.days;
  plot.panels.push_back(grade_distribution(patients, crs_label));
  plot.panels.push_back(incidence(patients, t, crs_label));
  plot.panels.push_back(car_t_bands(patients, t));
  return plot;
}

}  // namespace cytostorm::population
