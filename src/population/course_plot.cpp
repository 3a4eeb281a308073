#include "cytostorm/population/course_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace cytostorm::population {

namespace {

io::PlotSeries series(const SimulatedCourse& c, const std::string& column, std::string label,
                      std::string color) {
  const auto it = std::find(c.columns.begin(), c.columns.end(), column);
  if (it == c.columns.end()) {
    throw std::out_of_range(fmt::format("course_plot: no column \"{}\" in the trajectory", column));
  }
  const auto index = static_cast<std::size_t>(it - c.columns.begin());
  io::PlotSeries s{std::move(label), {}, {}, std::move(color)};
  for (const auto& row : c.rows) {
    s.t_days.push_back(row.front());
    s.values.push_back(row[index]);
  }
  return s;
}

io::PlotPanel panel(std::string title, std::string unit, bool log_scale,
                    std::vector<double> reference_lines = {},
                    std::optional<double> y_min = std::nullopt,
                    std::optional<double> y_max = std::nullopt) {
  io::PlotPanel p;
  p.title = std::move(title);
  p.unit = std::move(unit);
  p.log_scale = log_scale;
  p.reference_lines = std::move(reference_lines);
  p.y_min = y_min;
  p.y_max = y_max;
  return p;
}

}  // namespace

std::vector<io::GradeSpan> grade_spans(const grading::SyndromeCourse& course, double end_days) {
  std::vector<io::GradeSpan> spans;
  const auto& t = course.timeline;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double start = std::max(0.0, t[i].hours / 24.0);
    const double end = i + 1 < t.size() ? t[i + 1].hours / 24.0 : end_days;
    const int grade = t[i].grade.value_or(t[i].at_least);
    if (end > start && grade > 0) spans.push_back({start, end, grade});
  }
  return spans;
}

io::CoursePlot course_plot(const SimulatedCourse& c, const std::string& title,
                           const std::string& subtitle, double days) {
  io::CoursePlot plot;
  plot.title = title;
  plot.subtitle = subtitle;
  plot.t_end_days = days;
  auto expansion =
      panel("CAR-T cells and tumour", "CAR-T cells/uL; tumour relative to typical", true);
  expansion.series = {series(c, "car_t_total", "CAR-T cells", "#1f77b4"),
                      series(c, "tumor", "tumour burden", "#8c564b")};
  auto cytokines = panel("Cytokines", "pg/mL", true);
  cytokines.series = {series(c, "ifng", "IFN-gamma", "#9467bd"),
                      series(c, "gmcsf", "GM-CSF", "#17becf"), series(c, "il6", "IL-6", "#d62728"),
                      series(c, "il1", "IL-1", "#ff7f0e")};
  auto ang2 = panel("Angiopoietin-2", "pg/mL", false);
  ang2.series = {series(c, "ang2", "Ang-2", "#2ca02c")};
  auto temperature = panel("Temperature", "C", false, {38.0});
  temperature.series = {series(c, "temperature_c", "temperature", "#d62728")};
  auto map = panel("Mean arterial pressure", "mmHg", false, {65.0});
  map.series = {
      series(c, "map_mmhg", "MAP", "#1f77b4"),
      series(c, "norepinephrine_equivalent_ug_min", "norepinephrine eq. (ug/min)", "#7f7f7f")};
  auto spo2 = panel("SpO2", "%", false, {92.0}, std::nullopt, 100.0);
  spo2.series = {series(c, "spo2_pct", "SpO2", "#17becf")};
  auto ice = panel("ICE score", "0-10", false, {}, 0.0, 10.0);
  ice.series = {series(c, "ice", "ICE", "#9467bd")};
  plot.panels = {expansion, cytokines, ang2, temperature, map, spo2, ice};
  if (!c.grades.crs.empty()) {
    plot.bands.push_back({"CRS (ASTCT 2019)", grade_spans(c.grades.crs.front(), days)});
  }
  plot.bands.push_back({"ICANS (ASTCT 2019)", grade_spans(c.grades.icans, days)});
  for (const auto& t : c.treatments) {
    const bool steroid = t.label.rfind("dexamethasone", 0) == 0;
    plot.markers.push_back({t.hours / 24.0, t.label, steroid ? "#9467bd" : "#d62728"});
  }
  return plot;
}

}  // namespace cytostorm::population
