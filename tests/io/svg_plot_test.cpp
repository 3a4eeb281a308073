#include "cytostorm/io/svg_plot.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cytostorm::io {
namespace {

/// Checks that every tag is closed in order. Returns an empty string when balanced, otherwise a
/// description of the first problem. Comments, declarations and processing instructions are
/// skipped; attribute values must not contain '>' (the renderer escapes it).
std::string tag_balance(std::string_view doc) {
  std::vector<std::string> open;
  std::size_t pos = 0;
  std::size_t roots = 0;
  while ((pos = doc.find('<', pos)) != std::string_view::npos) {
    const auto end = doc.find('>', pos);
    if (end == std::string_view::npos) {
      return "unterminated tag at " + std::to_string(pos);
    }
    std::string_view tag = doc.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    if (tag.empty()) {
      return "empty tag";
    }
    if (tag.front() == '?' || tag.front() == '!') {
      continue;
    }
    if (tag.find('<') != std::string_view::npos) {
      return "'<' inside a tag: " + std::string(tag);
    }
    const bool closing = tag.front() == '/';
    const bool self_closing = tag.back() == '/';
    if (closing) {
      tag.remove_prefix(1);
    }
    const auto name = std::string(tag.substr(0, tag.find_first_of(" \t\n/")));
    if (name.empty()) {
      return "tag without a name";
    }
    if (closing) {
      if (open.empty() || open.back() != name) {
        return "unexpected </" + name + ">" + (open.empty() ? "" : ", open: <" + open.back() + ">");
      }
      open.pop_back();
    } else if (!self_closing) {
      if (open.empty()) {
        ++roots;
      }
      open.push_back(name);
    } else if (open.empty()) {
      ++roots;
    }
  }
  if (!open.empty()) {
    return "unclosed <" + open.back() + ">";
  }
  if (roots != 1) {
    return "expected one root element, got " + std::to_string(roots);
  }
  return {};
}

std::size_t count(std::string_view hay, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = hay.find(needle); pos != std::string_view::npos;
       pos = hay.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

/// Whether the document has no "nan" or "inf" (the axis title's "infusion" aside).
bool has_non_finite(std::string svg) {
  for (auto pos = svg.find("infusion"); pos != std::string::npos; pos = svg.find("infusion")) {
    svg.erase(pos, 8);
  }
  return svg.find("nan") != std::string::npos || svg.find("inf") != std::string::npos;
}

PlotSeries series(std::string label, std::vector<double> t, std::vector<double> v,
                  std::string color = "#1f77b4") {
  return PlotSeries{std::move(label), std::move(t), std::move(v), std::move(color)};
}

CoursePlot basic_plot() {
  CoursePlot plot;
  plot.title = "Patient 7 <sim>";
  plot.subtitle = "dose 1e8 & high tumour burden";
  plot.t_end_days = 14;
  PlotPanel temp;
  temp.title = "Temperature";
  temp.unit = "°C";
  temp.reference_lines = {38};
  temp.series.push_back(series("temperature", {0, 1, 2, 3, 4}, {36.8, 37.5, 39.2, 38.4, 37.0}));
  PlotPanel map;
  map.title = "MAP";
  map.unit = "mmHg";
  map.reference_lines = {65};
  map.series.push_back(series("MAP", {0, 2, 4}, {85, 60, 80}, "#d62728"));
  map.series.push_back(series("MAP target", {0, 4}, {70, 70}, ""));
  plot.panels = {temp, map};
  plot.bands.push_back(GradeBand{"CRS (ASTCT)", {{0, 2, 0}, {2, 3, 1}, {3, 5, 2}, {5, 14, 0}}});
  plot.bands.push_back(GradeBand{"ICANS (ASTCT)", {{0, 14, 0}}});
  plot.markers.push_back(Marker{3.0, "tocilizumab 600 mg", "#9467bd"});
  plot.markers.push_back(Marker{3.1, "dexamethasone 10 mg", "#8c564b"});
  return plot;
}

TEST(SvgPlot, IsOneBalancedSvgDocument) {
  const auto svg = render_svg(basic_plot());
  EXPECT_TRUE(svg.starts_with("<svg")) << svg.substr(0, 80);
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_EQ(tag_balance(svg), "");
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);
}

TEST(SvgPlot, TagBalanceCheckerCatchesProblems) {
  EXPECT_EQ(tag_balance("<svg><g><line/></g></svg>"), "");
  EXPECT_NE(tag_balance("<svg><g></svg>"), "");
  EXPECT_NE(tag_balance("<svg><g></g>"), "");
  EXPECT_NE(tag_balance("<svg></svg><svg></svg>"), "");
}

TEST(SvgPlot, ContainsTitlesLabelsBandsAndMarkers) {
  const auto svg = render_svg(basic_plot());
  for (const char* text :
       {"Temperature", "°C", "MAP", "mmHg", "temperature", "MAP target", "CRS (ASTCT)",
        "ICANS (ASTCT)", "tocilizumab 600 mg", "dexamethasone 10 mg", "days since infusion"}) {
    EXPECT_NE(svg.find(text), std::string::npos) << text;
  }
}

TEST(SvgPlot, EscapesAllText) {
  auto plot = basic_plot();
  plot.panels[0].series[0].label = "IL-6 <peak> & \"co\"";
  plot.markers[0].label = "toci <8 mg/kg> & more";
  plot.bands[0].label = "CRS <Lee> & co";
  const auto svg = render_svg(plot);
  EXPECT_NE(svg.find("IL-6 &lt;peak&gt; &amp; &quot;co&quot;"), std::string::npos);
  EXPECT_NE(svg.find("toci &lt;8 mg/kg&gt; &amp; more"), std::string::npos);
  EXPECT_NE(svg.find("CRS &lt;Lee&gt; &amp; co"), std::string::npos);
  EXPECT_NE(svg.find("Patient 7 &lt;sim&gt;"), std::string::npos);
  EXPECT_NE(svg.find("dose 1e8 &amp; high"), std::string::npos);
  for (const char* raw :
       {"<peak>", "& \"co", "<8 mg", "& more", "<Lee>", "& co", "<sim>", "8 & "}) {
    EXPECT_EQ(svg.find(raw), std::string::npos) << raw;
  }
  EXPECT_EQ(tag_balance(svg), "");
}

TEST(SvgPlot, OnePolylinePerSeries) {
  auto plot = basic_plot();
  EXPECT_EQ(count(render_svg(plot), "<polyline"), 3u);
  plot.panels[1].series.push_back(series("empty", {}, {}));
  PlotPanel empty;
  empty.title = "Empty panel";
  plot.panels.push_back(empty);
  EXPECT_EQ(count(render_svg(plot), "<polyline"), 4u);
}

TEST(SvgPlot, LogAxisLabelsDecadesCompactly) {
  CoursePlot plot;
  plot.title = "log";
  PlotPanel panel;
  panel.title = "CAR-T and tumour";
  panel.unit = "cells/µL";
  panel.log_scale = true;
  panel.series.push_back(series("CAR-T", {0, 7, 14, 21}, {1, 1e3, 1e6, 1e4}));
  plot.panels.push_back(panel);
  const auto svg = render_svg(plot);
  for (const char* label : {">1<", ">10<", ">100<", ">1k<", ">10k<", ">100k<", ">1M<"}) {
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  }
  EXPECT_EQ(svg.find(">1e+06<"), std::string::npos);
  EXPECT_EQ(svg.find(">1000000<"), std::string::npos);
}

TEST(SvgPlot, LogAxisClampsNonPositiveValuesToTheAxisMinimum) {
  CoursePlot plot;
  PlotPanel panel;
  panel.title = "tumour";
  panel.log_scale = true;
  panel.series.push_back(series("tumour", {0, 1, 2}, {100, 0, -5}));
  plot.panels.push_back(panel);
  const auto svg = render_svg(plot);
  // 0 and -5 are drawn at the bottom of the plot area: the last two points share a y.
  const auto start = svg.find("points=\"") + 8;
  const auto points = svg.substr(start, svg.find('"', start) - start);
  const auto second = points.find(' ');
  const auto third = points.find(' ', second + 1);
  ASSERT_NE(third, std::string::npos) << points;
  const auto y_of = [](const std::string& pt) { return pt.substr(pt.find(',') + 1); };
  EXPECT_EQ(y_of(points.substr(second + 1, third - second - 1)), y_of(points.substr(third + 1)));
  EXPECT_FALSE(has_non_finite(svg));
}

TEST(SvgPlot, LinearAxisHasFourToSixNiceTicks) {
  CoursePlot plot;
  PlotPanel panel;
  panel.title = "SpO2";
  panel.series.push_back(series("SpO2", {0, 1, 2}, {88, 93, 99}));
  plot.panels.push_back(panel);
  const auto svg = render_svg(plot);
  // 85 to 100 in steps of 5.
  for (const char* label : {">85<", ">90<", ">95<", ">100<"}) {
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  }
  EXPECT_EQ(svg.find(">87.5<"), std::string::npos);
}

TEST(SvgPlot, ReferenceLinesAreDashed) {
  const auto svg = render_svg(basic_plot());
  EXPECT_EQ(count(svg, "<line class=\"ref\""), 2u);
  const auto ref = svg.find("<line class=\"ref\"");
  const auto ref_end = svg.find("/>", ref);
  EXPECT_NE(svg.substr(ref, ref_end - ref).find("stroke-dasharray"), std::string::npos);
}

TEST(SvgPlot, GradeSpansAreColouredByGrade) {
  auto plot = basic_plot();
  auto svg = render_svg(plot);
  EXPECT_EQ(svg.find("class=\"grade g3\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"grade g2\""), std::string::npos);
  plot.bands[0].spans.push_back({5, 6, 3});
  plot.bands[1].spans.push_back({6, 7, 5});
  svg = render_svg(plot);
  const auto g3 = svg.find("class=\"grade g3\"");
  ASSERT_NE(g3, std::string::npos);
  EXPECT_NE(svg.substr(g3, svg.find("/>", g3) - g3).find("fill=\"#e03131\""), std::string::npos);
  const auto g5 = svg.find("class=\"grade g5\"");
  ASSERT_NE(g5, std::string::npos);
  EXPECT_NE(svg.substr(g5, svg.find("/>", g5) - g5).find("fill=\"#000000\""), std::string::npos);
  // The legend names every grade.
  for (const char* name : {">0 none<", ">1<", ">2<", ">3<", ">4<", ">5 death<"}) {
    EXPECT_NE(svg.find(name), std::string::npos) << name;
  }
}

TEST(SvgPlot, NonFiniteValuesAreSkipped) {
  auto plot = basic_plot();
  constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  plot.panels[0].series[0] = series("temperature", {0, 1, 2, kNan, 4}, {36.8, kNan, kInf, 38, 37});
  plot.panels[0].reference_lines.push_back(kNan);
  plot.panels[1].series[0].values = {kNan, kNan, kNan};
  plot.markers.push_back(Marker{kInf, "never", ""});
  plot.bands[0].spans.push_back({kNan, 3, 4});
  const auto svg = render_svg(plot);
  EXPECT_FALSE(has_non_finite(svg));
  EXPECT_EQ(svg.find("never"), std::string::npos);
  EXPECT_EQ(count(svg, "<polyline"), 3u);
  EXPECT_EQ(svg.find("class=\"grade g4\""), std::string::npos);
  EXPECT_EQ(tag_balance(svg), "");
  // Only the two finite points of the temperature series are drawn.
  const auto start = svg.find("points=\"") + 8;
  const auto points = svg.substr(start, svg.find('"', start) - start);
  EXPECT_EQ(count(points, " "), 1u) << points;
}

TEST(SvgPlot, ExtremeValuesGiveAFiniteDocument) {
  CoursePlot plot;
  plot.t_end_days = 1e6;
  PlotPanel wide{"wide", "", false, {}, {}, std::nullopt, std::nullopt, {}, {}, {}};
  wide.series.push_back(series("wide", {0, 1, 2}, {-1e308, 1e308, 0}));
  PlotPanel narrow{"narrow", "", false, {}, {1e10}, std::nullopt, std::nullopt, {}, {}, {}};
  narrow.series.push_back(series("narrow", {0, 1}, {1e10, 1e10 + 1e-5}));
  PlotPanel tiny{"tiny", "", true, {}, {}, std::nullopt, std::nullopt, {}, {}, {}};
  tiny.series.push_back(series("tiny", {0, 1}, {1e-300, 1e300}));
  PlotPanel fixed{"fixed", "", true, {}, {}, 2.0, 8.0, {}, {}, {}};
  fixed.series.push_back(series("fixed", {0, 1}, {3, 5}));
  plot.panels = {wide, narrow, tiny, fixed};
  plot.markers.push_back(Marker{5e5, "middle", ""});
  const auto svg = render_svg(plot);
  EXPECT_FALSE(has_non_finite(svg));
  EXPECT_EQ(tag_balance(svg), "");
  EXPECT_EQ(count(svg, "<polyline"), 4u);
}

TEST(SvgPlot, MismatchedLengthsAndBadEndThrow) {
  auto plot = basic_plot();
  plot.panels[1].series[0].values.push_back(1);
  EXPECT_THROW(render_svg(plot), std::invalid_argument);
  plot = basic_plot();
  plot.t_end_days = 0;
  EXPECT_THROW(render_svg(plot), std::invalid_argument);
  plot.t_end_days = -3;
  EXPECT_THROW(render_svg(plot), std::invalid_argument);
  plot.t_end_days = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(render_svg(plot), std::invalid_argument);
}

TEST(SvgPlot, CloseMarkersGetDifferentRows) {
  auto plot = basic_plot();
  const auto svg = render_svg(plot);
  // The two markers 0.1 days apart: their labels are on different baselines.
  std::vector<std::string> ys;
  for (auto pos = svg.find("<text class=\"marker\""); pos != std::string::npos;
       pos = svg.find("<text class=\"marker\"", pos + 1)) {
    const auto y = svg.find(" y=\"", pos) + 4;
    ys.push_back(svg.substr(y, svg.find('"', y) - y));
  }
  ASSERT_EQ(ys.size(), 2u);
  EXPECT_NE(ys[0], ys[1]);
}

TEST(SvgPlot, HeightGrowsWithPanels) {
  auto plot = basic_plot();
  const auto height = [](const std::string& svg) {
    const auto h = svg.find("height=\"") + 8;
    return std::stod(svg.substr(h, svg.find('"', h) - h));
  };
  const double two = height(render_svg(plot));
  plot.panels.push_back(plot.panels[0]);
  const double three = height(render_svg(plot));
  EXPECT_NEAR(three - two, 150, 1);
}

TEST(SvgPlot, EqualInputGivesIdenticalOutput) {
  EXPECT_EQ(render_svg(basic_plot()), render_svg(basic_plot()));
}

// A realistic course for looking at: run with --gtest_also_run_disabled_tests to write
// /tmp/plot-example.svg.
TEST(SvgPlot, DISABLED_WriteExample) {
  CoursePlot plot;
  plot.title = "Simulated course: patient SIM-001";
  plot.subtitle = "axi-cel 2e6/kg, high tumour burden; ASTCT consensus grading";
  plot.t_end_days = 28;
  std::vector<double> t;
  for (int i = 0; i <= 28 * 24; ++i) {
    t.push_back(i / 24.0);
  }
  const auto curve = [&](auto f) {
    std::vector<double> v;
    for (const double d : t) {
      v.push_back(f(d));
    }
    return v;
  };
  const auto bump = [](double d, double peak, double width) {
    return std::exp(-(d - peak) * (d - peak) / (2 * width * width));
  };
  PlotPanel cells{"CAR-T and tumour", "cells/µL",   true, {}, {},
                  std::nullopt,       std::nullopt, {},   {}, {}};
  cells.series.push_back(series(
      "CAR-T", t, curve([&](double d) { return 2 + 8e4 * bump(d, 9, 2.5) + 30 * d; }), "#1f77b4"));
  cells.series.push_back(series(
      "tumour", t, curve([](double d) { return 5e5 * std::exp(-0.45 * d) + 0.0; }), "#7f7f7f"));
  PlotPanel cyto{"Cytokines", "pg/mL", true, {}, {}, std::nullopt, std::nullopt, {}, {}, {}};
  cyto.series.push_back(series("IL-6", t, curve([&](double d) {
                                 return 5 + 4000 * bump(d, 4.5, 1.2) * (d < 3.2 ? 1 : 0.6);
                               }),
                               "#d62728"));
  cyto.series.push_back(
      series("IFN-γ", t, curve([&](double d) { return 10 + 900 * bump(d, 5.5, 1.6); }), "#ff7f0e"));
  cyto.series.push_back(
      series("IL-10", t, curve([&](double d) { return 3 + 150 * bump(d, 6, 2); }), "#2ca02c"));
  PlotPanel ang{"Ang-2", "pg/mL", false, {}, {}, std::nullopt, std::nullopt, {}, {}, {}};
  ang.series.push_back(series(
      "Ang-2", t, curve([&](double d) { return 2000 + 9000 * bump(d, 6.5, 2.2); }), "#8c564b"));
  PlotPanel temp{"Temperature", "°C", false, {}, {38}, std::nullopt, std::nullopt, {}, {}, {}};
  temp.series.push_back(series("temperature", t, curve([&](double d) {
                                 return 36.8 + 3.1 * bump(d, 4, 1.3) + 0.2 * std::sin(d * 6.28);
                               }),
                               "#e6550d"));
  PlotPanel map{
      "Mean arterial pressure", "mmHg", false, {}, {65}, std::nullopt, std::nullopt, {}, {}, {}};
  map.series.push_back(
      series("MAP", t, curve([&](double d) { return 88 - 30 * bump(d, 5, 0.9); }), "#3182bd"));
  PlotPanel spo2{"SpO2", "%", false, {}, {92}, std::nullopt, 100.0, {}, {}, {}};
  spo2.series.push_back(
      series("SpO2", t, curve([&](double d) { return 98 - 9 * bump(d, 5.2, 0.8); }), "#31a354"));
  PlotPanel ice{"ICE score", "0-10", false, {}, {}, 0.0, 10.0, {}, {}, {}};
  std::vector<double> ice_v = curve([&](double d) { return std::round(10 - 7 * bump(d, 7, 0.9)); });
  ice_v[10] = std::numeric_limits<double>::quiet_NaN();
  ice.series.push_back(series("ICE", t, ice_v, "#6a51a3"));
  plot.panels = {cells, cyto, ang, temp, map, spo2, ice};
  plot.bands.push_back(GradeBand{"CRS (ASTCT)",
                                 {{0, 2.6, 0},
                                  {2.6, 3.8, 1},
                                  {3.8, 4.7, 2},
                                  {4.7, 5.9, 3},
                                  {5.9, 6.8, 2},
                                  {6.8, 8, 1},
                                  {8, 28, 0}}});
  plot.bands.push_back(GradeBand{
      "ICANS (ASTCT)", {{0, 5.8, 0}, {5.8, 6.6, 1}, {6.6, 7.6, 2}, {7.6, 8.2, 1}, {8.2, 28, 0}}});
  plot.markers = {{0, "CAR-T infusion", "#1f77b4"},        {3.3, "tocilizumab 8 mg/kg", "#9467bd"},
                  {4.1, "tocilizumab 8 mg/kg", "#9467bd"}, {4.8, "dexamethasone 10 mg", "#8c564b"},
                  {5.0, "norepinephrine", "#d62728"},      {6.7, "dexamethasone 10 mg", "#8c564b"},
                  {27.5, "discharge", "#555555"}};
  std::ofstream("/tmp/plot-example.svg") << render_svg(plot);
}

}  // namespace
}  // namespace cytostorm::io
