#pragma once
/// @file
/// A small, dependency-free SVG chart of a simulated patient's course (`cytostorm simulate`
/// writes it to DIR/plot.svg): grade bands under the title, then panels stacked on a shared time
/// axis in days since infusion, with treatment markers drawn across all panels.

#include <optional>
#include <string>
#include <vector>

namespace cytostorm::io {

/// One line of a panel: values over time. Non-finite values are skipped.
struct PlotSeries {
  std::string label;           ///< shown in the panel's legend
  std::vector<double> t_days;  ///< time of each value, days since infusion
  std::vector<double> values;  ///< same length as t_days
  std::string color;           ///< CSS colour, e.g. "#1f77b4"; empty: a default palette colour
};

/// A shaded band between two curves over time, e.g. the 10th to 90th percentiles of a
/// population. Non-finite points are skipped.
struct PlotArea {
  std::string label;           ///< shown in the panel's legend
  std::vector<double> t_days;  ///< time of each point, days since infusion
  std::vector<double> lower;   ///< same length as t_days
  std::vector<double> upper;   ///< same length as t_days
  std::string color;           ///< CSS colour of the fill; empty: a default palette colour
  double opacity = 0.2;        ///< fill opacity, 0..1
};

/// One group of bars in a bar panel: one value per category.
struct BarSeries {
  std::string label;           ///< shown in the panel's legend
  std::vector<double> values;  ///< one per PlotPanel::categories
  std::string color;           ///< CSS colour; empty: a default palette colour
};

/// One chart of the stack: a y axis, its series and dashed reference lines. A panel with
/// categories is a bar chart over them instead (its bars grouped side by side per category, the
/// category names under it; no time grid, series or areas).
struct PlotPanel {
  std::string title;                    ///< e.g. "Temperature"
  std::string unit;                     ///< e.g. "°C", shown after the title
  bool log_scale = false;               ///< decades; values <= 0 are drawn at the axis minimum
  std::vector<PlotSeries> series;       ///< drawn in order, each as one polyline
  std::vector<double> reference_lines;  ///< e.g. 38 (°C) or 65 (mmHg), drawn dashed
  std::optional<double> y_min, y_max;   ///< fixed axis limits; otherwise from the data
  std::vector<PlotArea> areas;          ///< drawn under the series, in order
  std::vector<std::string> categories;  ///< non-empty: a bar chart over these categories
  std::vector<BarSeries> bars;          ///< the bar chart's groups
};

/// A time span of one grade.
struct GradeSpan {
  double start_day;  ///< days since infusion
  double end_day;    ///< days since infusion
  int grade;         ///< 0-5 (values outside are clamped)
};

/// One horizontal strip of grade spans, e.g. the CRS grade over time.
struct GradeBand {
  std::string label;             ///< e.g. "CRS (ASTCT)"
  std::vector<GradeSpan> spans;  ///< coloured by grade; time not covered is left white
};

/// A treatment (or other event) time, drawn as a thin vertical line across all panels.
struct Marker {
  double t_days;      ///< days since infusion
  std::string label;  ///< e.g. "tocilizumab 600 mg"
  std::string color;  ///< CSS colour; empty: grey
};

/// The whole chart.
struct CoursePlot {
  std::string title;
  std::string subtitle;
  double t_end_days = 28;         ///< the time axis runs from day 0 to this
  std::vector<PlotPanel> panels;  ///< stacked top to bottom
  std::vector<GradeBand> bands;   ///< strips under the title, top to bottom
  std::vector<Marker> markers;    ///< markers outside [0, t_end_days] are not drawn
};

/// Renders the plot as a standalone SVG document (UTF-8, no external references, no scripts).
///
/// The document is about 1000 px wide and grows by about 150 px per panel. From the top: title
/// and subtitle; one strip per grade band (0 light grey, 1 yellow, 2 orange, 3 red, 4 dark red,
/// 5 black, labelled with the grade where wide enough) with a grade legend; the marker labels,
/// staggered so that close markers do not overlap; then the panels, each with its title and
/// unit, a y axis of 4-6 nice ticks (decades on a log scale), a legend of its series and dashed
/// reference lines, shaded areas under the series; the shared time axis, "days since infusion",
/// under the last panel when it is a time panel. Bar panels (linear axis from 0 unless fixed)
/// show their bars and the category names under the plot. All text is escaped for XML, and
/// equal input gives byte-identical output.
/// @throws std::invalid_argument when a series' t_days and values differ in length, an area's
///   t_days, lower and upper differ in length, a bar series does not have one value per
///   category, or t_end_days is not a positive finite number
std::string render_svg(const CoursePlot& plot);

}  // namespace cytostorm::io
