#include "cytostorm/io/svg_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace cytostorm::io {

namespace {

// ---- Geometry (px) -------------------------------------------------------------------------

constexpr double kWidth = 1000;
constexpr double kTitleFont = 18;
constexpr double kSubtitleFont = 12;
constexpr double kLabelFont = 11;
constexpr double kTickFont = 10;
constexpr double kMarkerFont = 10;
constexpr double kStripHeight = 16;
constexpr double kStripGap = 5;
constexpr double kMarkerRow = 13;
constexpr double kPanelHeader = 20;  // panel title above its plot area
constexpr double kPanelPlot = 116;   // the plot area itself
constexpr double kPanelGap = 14;     // below each plot area
constexpr double kAxisBelow = 44;    // tick labels and axis title under the last panel
constexpr double kMaxCoord = 1e6;    // coordinates far outside the page are clamped

constexpr std::string_view kGridColor = "#e3e3e3";
constexpr std::string_view kFrameColor = "#b0b0b0";
constexpr std::string_view kTextColor = "#222222";
constexpr std::string_view kMutedColor = "#666666";

// Grade colours 0-5: none, yellow, orange, red, dark red, black.
constexpr std::array<std::string_view, 6> kGradeFill{"#e6e8eb", "#ffd43b", "#fd7e14",
                                                     "#e03131", "#8b0000", "#000000"};
constexpr std::array<std::string_view, 6> kGradeText{"#555555", "#222222", "#222222",
                                                     "#ffffff", "#ffffff", "#ffffff"};
constexpr std::array<std::string_view, 6> kGradeName{"0 none", "1", "2", "3", "4", "5 death"};

// Series colours when none is given (Tableau 10).
constexpr std::array<std::string_view, 10> kPalette{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                    "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                                    "#bcbd22", "#17becf"};

// ---- Text ----------------------------------------------------------------------------------

/// Text escaped for XML character data and attribute values.
std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

/// An estimate of the rendered width of a sans-serif text: code points times an average advance.
double text_width(std::string_view s, double font_size) {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
      ++n;
    }
  }
  return static_cast<double>(n) * font_size * 0.6;
}

/// A coordinate: one decimal, trailing ".0" dropped, never "-0".
std::string px(double v) {
  if (!std::isfinite(v)) {
    v = 0;
  }
  v = std::clamp(v, -kMaxCoord, kMaxCoord);
  v = std::round(v * 10) / 10;
  if (v == 0) {
    return "0";
  }
  auto s = fmt::format("{:.1f}", v);
  if (s.size() > 2 && s.ends_with(".0")) {
    s.resize(s.size() - 2);
  }
  return s;
}

/// A number for a label, compact: {:.4g}, with k, M, G, T for thousands and up.
std::string compact(double v) {
  if (!std::isfinite(v)) {
    return "?";
  }
  if (std::abs(v) < 1e-12) {
    return "0";
  }
  constexpr std::array<std::pair<double, const char*>, 4> kUnits{
      {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}};
  for (const auto& [factor, suffix] : kUnits) {
    if (std::abs(v) >= factor) {
      return fmt::format("{:.4g}{}", v / factor, suffix);
    }
  }
  return fmt::format("{:.4g}", v);
}

// ---- Axes ----------------------------------------------------------------------------------

struct Tick {
  double value;
  std::string label;  // empty: grid line only
};

struct YAxis {
  bool log = false;
  double lo = 0;  // in data units (log: positive)
  double hi = 1;
  std::vector<Tick> ticks;

  /// The fraction of the axis height at which v lies (0 bottom, 1 top).
  [[nodiscard]] double frac(double v) const {
    if (log) {
      const double lv = v > 0 ? std::log10(v) : std::log10(lo);
      return (lv - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    }
    return (v - lo) / (hi - lo);
  }
};

/// Multiples of step in [lo, hi] (with a little tolerance).
std::vector<double> multiples(double lo, double hi, double step) {
  std::vector<double> out;
  const double eps = 1e-9;
  if (!(step > 0) || !std::isfinite(lo / step) || !std::isfinite(hi / step) ||
      std::abs(lo / step) > 1e15 || std::abs(hi / step) > 1e15) {
    return out;  // not representable as tick counts: no ticks
  }
  const auto k0 = static_cast<long long>(std::ceil(lo / step - eps));
  const auto k1 = static_cast<long long>(std::floor(hi / step + eps));
  for (long long k = k0; k <= k1 && out.size() < 64; ++k) {
    const double v = static_cast<double>(k) * step;
    out.push_back(v == 0 ? 0.0 : v);  // no -0
  }
  return out;
}

/// Linear axis with 1-2-5 steps: the smallest step giving at most 6 ticks. Ends not fixed by the
/// caller are rounded out to a tick.
void linear_ticks(YAxis& axis, bool fix_lo, bool fix_hi) {
  const double range = axis.hi - axis.lo;
  double step = std::pow(10.0, std::floor(std::log10(range)) - 2);
  for (int i = 0; i < 64; ++i) {
    for (const double m : {1.0, 2.0, 5.0}) {
      const double s = step * m;
      const double lo = fix_lo ? axis.lo : std::floor(axis.lo / s + 1e-9) * s;
      const double hi = fix_hi ? axis.hi : std::ceil(axis.hi / s - 1e-9) * s;
      const auto values = multiples(lo, hi, s);
      if (values.size() <= 6) {
        axis.lo = lo;
        axis.hi = hi;
        for (const double v : values) {
          axis.ticks.push_back({v, compact(v)});
        }
        return;
      }
    }
    step *= 10;
  }
}

/// Log axis: decades, labelled 1, 10, 100, 1k ... (every second or third decade labelled when
/// there are many). Fixed ends that leave fewer than two decades fall back to linear ticks.
void log_ticks(YAxis& axis, bool fix_lo, bool fix_hi) {
  const double elo = std::log10(axis.lo);
  const double ehi = std::log10(axis.hi);
  if (!fix_lo) {
    axis.lo = std::pow(10.0, std::floor(elo + 1e-9));
  }
  if (!fix_hi) {
    axis.hi = std::pow(10.0, std::ceil(ehi - 1e-9));
  }
  if (axis.hi <= axis.lo) {
    axis.hi = axis.lo * 10;
  }
  const auto k0 = static_cast<int>(std::ceil(std::log10(axis.lo) - 1e-9));
  const auto k1 = static_cast<int>(std::floor(std::log10(axis.hi) + 1e-9));
  if (k1 - k0 + 1 < 2) {
    YAxis lin{false, axis.lo, axis.hi, {}};
    linear_ticks(lin, true, true);
    for (auto& t : lin.ticks) {
      if (t.value > 0) {
        axis.ticks.push_back(std::move(t));
      }
    }
    return;
  }
  const int every = (k1 - k0 + 1) <= 8 ? 1 : ((k1 - k0 + 1) <= 16 ? 2 : 3);
  for (int k = k0; k <= k1; ++k) {
    const double v = std::pow(10.0, k);
    axis.ticks.push_back({v, (k - k0) % every == 0 ? compact(v) : std::string{}});
  }
}

YAxis make_y_axis(const PlotPanel& panel, double t_end) {
  YAxis axis;
  axis.log = panel.log_scale;
  double lo = INFINITY;
  double hi = -INFINITY;
  const auto take = [&](double v) {
    if (std::isfinite(v) && (!axis.log || v > 0)) {
      v = std::clamp(v, -1e300, 1e300);  // keeps the range finite
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  };
  for (const auto& s : panel.series) {
    for (std::size_t i = 0; i < s.values.size(); ++i) {
      const double t = s.t_days[i];
      if (std::isfinite(t) && t >= 0 && t <= t_end) {
        take(s.values[i]);
      }
    }
  }
  for (const auto& a : panel.areas) {
    for (std::size_t i = 0; i < a.t_days.size(); ++i) {
      const double t = a.t_days[i];
      if (std::isfinite(t) && t >= 0 && t <= t_end) {
        take(a.lower[i]);
        take(a.upper[i]);
      }
    }
  }
  if (!panel.categories.empty()) {
    axis.log = false;  // bars stand on 0
    take(0);
    for (const auto& b : panel.bars) {
      for (const double v : b.values) {
        take(v);
      }
    }
  }
  for (const double r : panel.reference_lines) {
    take(r);
  }
  const bool fix_lo =
      panel.y_min.has_value() && std::isfinite(*panel.y_min) && (!axis.log || *panel.y_min > 0);
  const bool fix_hi =
      panel.y_max.has_value() && std::isfinite(*panel.y_max) && (!axis.log || *panel.y_max > 0);
  if (fix_lo) {
    lo = std::clamp(*panel.y_min, -1e300, 1e300);
  }
  if (fix_hi) {
    hi = std::clamp(*panel.y_max, -1e300, 1e300);
  }
  if (!std::isfinite(lo) || !std::isfinite(hi)) {  // no data
    lo = std::isfinite(lo) ? lo : (std::isfinite(hi) ? (axis.log ? hi / 10 : hi - 1) : 0);
    hi = std::isfinite(hi) ? hi : (axis.log ? lo * 10 : lo + 1);
    if (axis.log && lo <= 0) {
      lo = 1;
      hi = 10;
    }
  }
  if (hi < lo) {
    std::swap(lo, hi);
  }
  if (hi == lo) {
    if (axis.log) {
      lo /= 10;
      hi *= 10;
    } else {
      const double pad = lo == 0 ? 1 : std::abs(lo) * 0.05;
      lo -= pad;
      hi += pad;
    }
  }
  axis.lo = lo;
  axis.hi = hi;
  if (axis.log) {
    log_ticks(axis, fix_lo, fix_hi);
  } else {
    linear_ticks(axis, fix_lo, fix_hi);
  }
  return axis;
}

/// Time ticks: every day, or every 2, 5, 7, 14 ... days so that there are at most 15 intervals.
std::vector<double> time_ticks(double t_end) {
  constexpr std::array<double, 15> kSteps{0.05, 0.1, 0.2, 0.25, 0.5, 1,   2,  5,
                                          7,    14,  28,  56,   91,  182, 365};
  double step = kSteps.back();
  for (const double s : kSteps) {
    if (t_end / s <= (s < 1 ? 12 : 15)) {
      step = s;
      break;
    }
  }
  while (t_end / step > 15) {
    step *= 2;
  }
  return multiples(0, t_end, step);
}

// ---- Marker label placement ----------------------------------------------------------------

struct PlacedMarker {
  std::size_t index;  // into plot.markers
  double x;           // line position
  double a, b;        // label extent
  bool anchor_end;    // label to the left of the line
  int row;            // 0 is the top row
};

/// Staggers marker labels into rows so that no two labels overlap and no marker's line (which
/// runs down from its own row) crosses another marker's label.
std::vector<PlacedMarker> place_markers(const CoursePlot& plot, double x0, double x1) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < plot.markers.size(); ++i) {
    const double t = plot.markers[i].t_days;
    if (std::isfinite(t) && t >= 0 && t <= plot.t_end_days) {
      order.push_back(i);
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t l, std::size_t r) {
    return plot.markers[l].t_days < plot.markers[r].t_days;
  });
  std::vector<PlacedMarker> placed;
  const double scale = (x1 - x0) / plot.t_end_days;
  constexpr double kGap = 8;
  for (const std::size_t i : order) {
    PlacedMarker m{i, x0 + plot.markers[i].t_days * scale, 0, 0, false, 0};
    const double w = text_width(plot.markers[i].label, kMarkerFont);
    m.a = m.x + 3;
    m.b = m.a + w;
    if (m.b > kWidth - 6 && m.x - 3 - w >= 6) {
      m.anchor_end = true;
      m.b = m.x - 3;
      m.a = m.b - w;
    }
    const auto fits = [&](int row, bool strict) {
      for (const auto& p : placed) {
        if (p.row == row && m.a < p.b + kGap && p.a < m.b + kGap) {
          return false;
        }
        if (strict && p.row > row && m.x >= p.a - 2 && m.x <= p.b + 2) {
          return false;  // this line would cross p's label
        }
        if (strict && p.row < row && p.x >= m.a - 2 && p.x <= m.b + 2) {
          return false;  // p's line would cross this label
        }
      }
      return true;
    };
    const auto limit = static_cast<int>(placed.size()) + 1;
    int row = 0;
    while (row <= limit && !fits(row, true)) {
      ++row;
    }
    if (row > limit) {
      row = 0;
      while (!fits(row, false)) {
        ++row;
      }
    }
    m.row = row;
    placed.push_back(m);
  }
  return placed;
}

// ---- Output --------------------------------------------------------------------------------

class Svg {
 public:
  template <typename... Args>
  void operator()(fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(out_), f, std::forward<Args>(args)...);
    out_ += '\n';
  }
  std::string take() && { return std::move(out_); }

 private:
  std::string out_;
};

void validate(const CoursePlot& plot) {
  if (!std::isfinite(plot.t_end_days) || plot.t_end_days <= 0) {
    throw std::invalid_argument(
        fmt::format("plot: t_end_days must be positive and finite, got {}", plot.t_end_days));
  }
  for (const auto& panel : plot.panels) {
    for (const auto& s : panel.series) {
      if (s.t_days.size() != s.values.size()) {
        throw std::invalid_argument(
            fmt::format("plot: series '{}' in panel '{}' has {} times but {} values", s.label,
                        panel.title, s.t_days.size(), s.values.size()));
      }
    }
    for (const auto& a : panel.areas) {
      if (a.t_days.size() != a.lower.size() || a.t_days.size() != a.upper.size()) {
        throw std::invalid_argument(
            fmt::format("plot: area '{}' in panel '{}' has {} times, {} lower and {} upper values",
                        a.label, panel.title, a.t_days.size(), a.lower.size(), a.upper.size()));
      }
    }
    for (const auto& b : panel.bars) {
      if (b.values.size() != panel.categories.size()) {
        throw std::invalid_argument(
            fmt::format("plot: bars '{}' in panel '{}' have {} values for {} categories", b.label,
                        panel.title, b.values.size(), panel.categories.size()));
      }
    }
  }
}

}  // namespace

std::string render_svg(const CoursePlot& plot) {
  validate(plot);
  const double t_end = plot.t_end_days;

  std::vector<YAxis> axes;
  axes.reserve(plot.panels.size());
  for (const auto& panel : plot.panels) {
    axes.push_back(make_y_axis(panel, t_end));
  }

  // Horizontal layout: the left margin holds band labels and y tick labels, the right one the
  // series legends.
  double left_need = 44;
  for (const auto& band : plot.bands) {
    left_need = std::max(left_need, text_width(band.label, kLabelFont) + 8);
  }
  if (!plot.bands.empty()) {
    left_need = std::max(left_need, text_width("grade", kLabelFont) + 8);
  }
  for (const auto& axis : axes) {
    for (const auto& t : axis.ticks) {
      left_need = std::max(left_need, text_width(t.label, kTickFont) + 6);
    }
  }
  double right_need = 0;
  for (const auto& panel : plot.panels) {
    for (const auto& s : panel.series) {
      right_need = std::max(right_need, text_width(s.label, kLabelFont));
    }
    for (const auto& a : panel.areas) {
      right_need = std::max(right_need, text_width(a.label, kLabelFont));
    }
    for (const auto& b : panel.bars) {
      right_need = std::max(right_need, text_width(b.label, kLabelFont));
    }
  }
  const double x0 = std::clamp(left_need + 18, 64.0, 240.0);
  const double x1 = kWidth - std::clamp(right_need + 44, 120.0, 300.0);
  const double scale = (x1 - x0) / t_end;
  const auto xpx = [&](double t) { return x0 + t * scale; };

  // Vertical layout.
  double y = 8;
  const double title_y = y + kTitleFont + 4;
  y = title_y + 6;
  double subtitle_y = 0;
  if (!plot.subtitle.empty()) {
    subtitle_y = y + kSubtitleFont + 2;
    y = subtitle_y + 4;
  }
  y += 8;
  const double bands_y = y;
  if (!plot.bands.empty()) {
    y += static_cast<double>(plot.bands.size()) * (kStripHeight + kStripGap);
    y += 20;  // grade legend
  }
  const auto markers = place_markers(plot, x0, x1);
  int rows = 0;
  for (const auto& m : markers) {
    rows = std::max(rows, m.row + 1);
  }
  const double markers_y = y + 4;
  y += static_cast<double>(rows) * kMarkerRow + (rows > 0 ? 6 : 0);
  const double panels_y = y;
  const double pitch = kPanelHeader + kPanelPlot + kPanelGap;
  const auto plot_top = [&](std::size_t p) {
    return panels_y + static_cast<double>(p) * pitch + kPanelHeader;
  };
  const double last_bottom =
      plot.panels.empty() ? panels_y : plot_top(plot.panels.size() - 1) + kPanelPlot;
  const double height = std::ceil(last_bottom + (plot.panels.empty() ? 8 : kAxisBelow));

  Svg svg;
  svg(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" )"
      R"(font-family="DejaVu Sans, Helvetica, Arial, sans-serif" fill="{2}">)",
      px(kWidth), px(height), kTextColor);
  svg("<title>{}</title>", esc(plot.title));
  svg("<defs>");
  for (std::size_t p = 0; p < plot.panels.size(); ++p) {
    svg(R"(<clipPath id="cs-plot-{}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>)", p,
        px(x0), px(plot_top(p)), px(x1 - x0), px(kPanelPlot));
  }
  svg("</defs>");
  svg(R"(<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>)", px(kWidth), px(height));

  // Title.
  svg(R"(<text x="12" y="{}" font-size="{}" font-weight="bold">{}</text>)", px(title_y),
      px(kTitleFont), esc(plot.title));
  if (!plot.subtitle.empty()) {
    svg(R"(<text x="12" y="{}" font-size="{}" fill="{}">{}</text>)", px(subtitle_y),
        px(kSubtitleFont), kMutedColor, esc(plot.subtitle));
  }

  // Grade bands.
  const double clip_lo = x0;
  const double clip_hi = x1;
  for (std::size_t b = 0; b < plot.bands.size(); ++b) {
    const auto& band = plot.bands[b];
    const double top = bands_y + static_cast<double>(b) * (kStripHeight + kStripGap);
    svg(R"(<text x="{}" y="{}" font-size="{}" text-anchor="end">{}</text>)", px(x0 - 8),
        px(top + kStripHeight - 4), px(kLabelFont), esc(band.label));
    svg(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff" stroke="{}"/>)", px(x0),
        px(top), px(x1 - x0), px(kStripHeight), kFrameColor);
    for (const auto& span : band.spans) {
      if (!std::isfinite(span.start_day) || !std::isfinite(span.end_day)) {
        continue;
      }
      const double a = std::clamp(xpx(std::min(span.start_day, span.end_day)), clip_lo, clip_hi);
      const double e = std::clamp(xpx(std::max(span.start_day, span.end_day)), clip_lo, clip_hi);
      if (e - a <= 0) {
        continue;
      }
      const auto g = static_cast<std::size_t>(std::clamp(span.grade, 0, 5));
      svg(R"(<rect class="grade g{}" x="{}" y="{}" width="{}" height="{}" fill="{}"/>)", g, px(a),
          px(top), px(e - a), px(kStripHeight), kGradeFill[g]);
      if (e - a >= 14) {
        svg(R"(<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}">{}</text>)",
            px((a + e) / 2), px(top + kStripHeight - 4), px(kTickFont), kGradeText[g], g);
      }
    }
    svg(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}"/>)", px(x0), px(top),
        px(x1 - x0), px(kStripHeight), kFrameColor);
  }
  if (!plot.bands.empty()) {
    const double top =
        bands_y + static_cast<double>(plot.bands.size()) * (kStripHeight + kStripGap) + 2;
    svg(R"(<text x="{}" y="{}" font-size="{}" text-anchor="end" fill="{}">grade</text>)",
        px(x0 - 8), px(top + 10), px(kTickFont), kMutedColor);
    double x = x0;
    for (std::size_t g = 0; g < kGradeFill.size(); ++g) {
      svg(R"(<rect x="{}" y="{}" width="14" height="10" fill="{}" stroke="{}"/>)", px(x),
          px(top + 1), kGradeFill[g], kFrameColor);
      svg(R"(<text x="{}" y="{}" font-size="{}">{}</text>)", px(x + 18), px(top + 10),
          px(kTickFont), kGradeName[g]);
      x += 18 + text_width(kGradeName[g], kTickFont) + 14;
    }
  }

  // Panels: frame, grid, axes and reference lines first (under the markers).
  const auto xticks = time_ticks(t_end);
  for (std::size_t p = 0; p < plot.panels.size(); ++p) {
    const auto& panel = plot.panels[p];
    const auto& axis = axes[p];
    const double top = plot_top(p);
    const double bottom = top + kPanelPlot;
    const auto ypx = [&](double v) { return bottom - axis.frac(v) * kPanelPlot; };
    svg(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff"/>)", px(x0), px(top),
        px(x1 - x0), px(kPanelPlot));
    for (const double t : xticks) {
      if (!panel.categories.empty()) {
        break;  // a bar chart has no time grid
      }
      svg(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}"/>)", px(xpx(t)), px(top),
          px(bottom), kGridColor);
    }
    for (const auto& tick : axis.ticks) {
      const double ty = ypx(tick.value);
      svg(R"(<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="{3}"/>)", px(x0), px(x1), px(ty),
          kGridColor);
      if (!tick.label.empty()) {
        svg(R"(<text x="{}" y="{}" font-size="{}" text-anchor="end" fill="{}">{}</text>)",
            px(x0 - 5), px(ty + 3.5), px(kTickFont), kMutedColor, esc(tick.label));
      }
    }
    for (const double r : panel.reference_lines) {
      if (!std::isfinite(r) || (axis.log && r <= 0)) {
        continue;
      }
      const double f = axis.frac(r);
      if (f < -1e-9 || f > 1 + 1e-9) {
        continue;
      }
      const double ry = ypx(r);
      svg(R"(<line class="ref" x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="#777777" )"
          R"(stroke-width="1" stroke-dasharray="5 4"/>)",
          px(x0), px(x1), px(ry));
      svg(R"(<text x="{}" y="{}" font-size="9" text-anchor="end" fill="#777777" )"
          R"(stroke="#ffffff" stroke-width="3" paint-order="stroke">{}</text>)",
          px(x1 - 3), px(f > 0.85 ? ry + 10 : ry - 3), esc(compact(r)));
    }
  }

  // Marker lines, from the label row down through all panels.
  const double line_bottom =
      plot.panels.empty() ? markers_y + static_cast<double>(rows) * kMarkerRow : last_bottom;
  for (const auto& m : markers) {
    const auto& marker = plot.markers[m.index];
    const std::string_view color = marker.color.empty() ? kMutedColor : marker.color;
    svg(R"(<line class="marker" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" )"
        R"(stroke-width="1" stroke-opacity="0.75"/>)",
        px(m.x), px(markers_y + static_cast<double>(m.row) * kMarkerRow), px(line_bottom),
        esc(color));
  }

  // Panels: series, frame, title and legend.
  for (std::size_t p = 0; p < plot.panels.size(); ++p) {
    const auto& panel = plot.panels[p];
    const auto& axis = axes[p];
    const double top = plot_top(p);
    const double bottom = top + kPanelPlot;
    const auto ypx = [&](double v) { return bottom - axis.frac(v) * kPanelPlot; };
    std::size_t legend_row = 0;
    const auto legend_swatch = [&](std::string_view label, const std::string& color,
                                   double opacity) {
      const double ly = top + 10 + static_cast<double>(legend_row++) * 15;
      svg(R"(<rect x="{}" y="{}" width="18" height="9" fill="{}" fill-opacity="{}"/>)", px(x1 + 10),
          px(ly - 4.5), color, px(opacity));
      svg(R"(<text x="{}" y="{}" font-size="{}">{}</text>)", px(x1 + 33), px(ly + 4),
          px(kLabelFont), esc(label));
    };
    if (panel.categories.empty()) {
      for (std::size_t ai = 0; ai < panel.areas.size(); ++ai) {
        const auto& a = panel.areas[ai];
        const std::string color = esc(a.color.empty() ? kPalette[ai % kPalette.size()] : a.color);
        const auto point = [&](std::size_t i, double v) {
          return fmt::format("{},{}", px(xpx(a.t_days[i])),
                             px(ypx(axis.log && v <= 0 ? axis.lo : v)));
        };
        std::vector<std::size_t> kept;
        for (std::size_t i = 0; i < a.t_days.size(); ++i) {
          if (std::isfinite(a.t_days[i]) && std::isfinite(a.lower[i]) &&
              std::isfinite(a.upper[i])) {
            kept.push_back(i);
          }
        }
        std::string points;
        for (const std::size_t i : kept) {
          points += (points.empty() ? "" : " ") + point(i, a.upper[i]);
        }
        for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
          points += " " + point(*it, a.lower[*it]);
        }
        if (!kept.empty()) {
          svg(R"~(<polygon clip-path="url(#cs-plot-{})" points="{}" fill="{}" fill-opacity="{}" )~"
              R"(stroke="none"/>)",
              p, points, color, px(std::clamp(a.opacity, 0.0, 1.0)));
        }
        legend_swatch(a.label, color, std::clamp(a.opacity, 0.0, 1.0));
      }
    } else {
      const double slot = (x1 - x0) / static_cast<double>(panel.categories.size());
      const double group = slot * 0.8;
      const double bar = panel.bars.empty() ? 0 : group / static_cast<double>(panel.bars.size());
      for (std::size_t bi = 0; bi < panel.bars.size(); ++bi) {
        const auto& b = panel.bars[bi];
        const std::string color = esc(b.color.empty() ? kPalette[bi % kPalette.size()] : b.color);
        for (std::size_t c = 0; c < panel.categories.size(); ++c) {
          const double v = b.values[c];
          if (!std::isfinite(v)) {
            continue;
          }
          const double left = x0 + slot * static_cast<double>(c) + (slot - group) / 2 +
                              bar * static_cast<double>(bi);
          const double y_top = std::clamp(ypx(std::max(v, 0.0)), top, bottom);
          const double y_base = std::clamp(ypx(std::min(v, 0.0)), top, bottom);
          svg(R"(<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>)", px(left),
              px(y_top), px(bar * 0.92), px(y_base - y_top), color);
        }
        legend_swatch(b.label, color, 1.0);
      }
      for (std::size_t c = 0; c < panel.categories.size(); ++c) {
        svg(R"(<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}">{}</text>)",
            px(x0 + slot * (static_cast<double>(c) + 0.5)), px(bottom + 11), px(kTickFont),
            kMutedColor, esc(panel.categories[c]));
      }
    }
    for (std::size_t si = 0; si < panel.series.size() && panel.categories.empty(); ++si) {
      const auto& s = panel.series[si];
      const std::string color = esc(s.color.empty() ? kPalette[si % kPalette.size()] : s.color);
      std::string points;
      std::string last;
      std::size_t count = 0;
      std::string first_point;
      for (std::size_t i = 0; i < s.values.size(); ++i) {
        const double t = s.t_days[i];
        const double v = s.values[i];
        if (!std::isfinite(t) || !std::isfinite(v)) {
          continue;
        }
        auto pt = fmt::format("{},{}", px(xpx(t)), px(ypx(axis.log && v <= 0 ? axis.lo : v)));
        if (pt == last) {
          continue;  // same point at the output's resolution
        }
        if (!points.empty()) {
          points += ' ';
        }
        points += pt;
        if (count == 0) {
          first_point = pt;
        }
        ++count;
        last = std::move(pt);
      }
      svg(R"~(<polyline clip-path="url(#cs-plot-{})" points="{}" fill="none" stroke="{}" )~"
          R"(stroke-width="1.6" stroke-linejoin="round" stroke-linecap="round"/>)",
          p, points, color);
      if (count == 1) {
        const auto comma = first_point.find(',');
        svg(R"~(<circle clip-path="url(#cs-plot-{})" cx="{}" cy="{}" r="2.5" fill="{}"/>)~", p,
            first_point.substr(0, comma), first_point.substr(comma + 1), color);
      }
      const double ly = top + 10 + static_cast<double>(legend_row++) * 15;
      svg(R"(<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="{3}" stroke-width="2.5"/>)",
          px(x1 + 10), px(x1 + 28), px(ly), color);
      svg(R"(<text x="{}" y="{}" font-size="{}">{}</text>)", px(x1 + 33), px(ly + 4),
          px(kLabelFont), esc(s.label));
    }
    svg(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}"/>)", px(x0), px(top),
        px(x1 - x0), px(kPanelPlot), kFrameColor);
    std::string heading = fmt::format(R"(<tspan font-weight="bold">{}</tspan>)", esc(panel.title));
    if (!panel.unit.empty()) {
      heading += fmt::format(R"( <tspan fill="{}">({}{})</tspan>)", kMutedColor, esc(panel.unit),
                             axis.log ? ", log scale" : "");
    } else if (axis.log) {
      heading += fmt::format(R"( <tspan fill="{}">(log scale)</tspan>)", kMutedColor);
    }
    svg(R"(<text x="{}" y="{}" font-size="12" stroke="#ffffff" stroke-width="3" )"
        R"(paint-order="stroke">{}</text>)",
        px(x0), px(top - 6), heading);
  }

  // Time axis under the last panel, when it is a time panel.
  if (!plot.panels.empty() && plot.panels.back().categories.empty()) {
    for (const double t : xticks) {
      svg(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}"/>)", px(xpx(t)),
          px(last_bottom), px(last_bottom + 4), kFrameColor);
      svg(R"(<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}">{}</text>)",
          px(xpx(t)), px(last_bottom + 15), px(kTickFont), kMutedColor, compact(t));
    }
    svg(R"(<text x="{}" y="{}" font-size="{}" text-anchor="middle">days since infusion</text>)",
        px((x0 + x1) / 2), px(last_bottom + 34), px(kLabelFont));
  }

  // Marker labels last, on top of everything.
  for (const auto& m : markers) {
    const auto& marker = plot.markers[m.index];
    const std::string_view color = marker.color.empty() ? kMutedColor : marker.color;
    svg(R"(<text class="marker" x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}">{}</text>)",
        px(m.anchor_end ? m.b : m.a),
        px(markers_y + static_cast<double>(m.row) * kMarkerRow + kMarkerFont - 1), px(kMarkerFont),
        m.anchor_end ? "end" : "start", esc(color), esc(marker.label));
  }

  auto out = std::move(svg).take();
  out += "</svg>";  // the document ends exactly with its closing tag
  return out;
}

}  // namespace cytostorm::io
