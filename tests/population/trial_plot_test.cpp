// The trial plot: grade distribution bars, cumulative incidence, CAR-T percentile bands.
#include "cytostorm/population/trial_plot.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace cytostorm::population {
namespace {

TEST(CumulativeIncidence, CountsEventsAtOrBeforeEachTime) {
  const std::vector<std::optional<double>> times{1.0, 2.5, std::nullopt, 2.5};
  EXPECT_EQ(cumulative_incidence(times, {0.0, 1.0, 2.0, 2.5, 10.0}),
            (std::vector<double>{0.0, 25.0, 25.0, 75.0, 75.0}));
  EXPECT_EQ(cumulative_incidence({}, {1.0}), (std::vector<double>{0.0}));
}

TEST(TrialPlot, ShowsGradesIncidenceAndCarTBands) {
  std::vector<PatientOutcome> patients(5);
  for (std::size_t i = 0; i < patients.size(); ++i) {
    patients[i].crs.max_grade = static_cast<int>(i);
    patients[i].crs.onset_days = 1.0 + static_cast<double>(i);
    patients[i].car_t.assign(9, 1.0 + static_cast<double>(i));  // 2 days every 6 h
  }
  patients[4].failure = "failed";
  TrialSummary s;
  s.trial = "t";
  s.scale = "penn";
  s.days = 2;
  s.failed = 1;
  const auto plot = trial_plot(s, patients);
  ASSERT_EQ(plot.panels.size(), 3u);
  const auto& bars = plot.panels[0];
  EXPECT_EQ(bars.categories.size(), 6u);
  ASSERT_EQ(bars.bars.size(), 2u);
  EXPECT_EQ(bars.bars[0].label, "CRS (Penn)");
  EXPECT_DOUBLE_EQ(std::accumulate(bars.bars[0].values.begin(), bars.bars[0].values.end(), 0.0),
                   100.0);
  EXPECT_DOUBLE_EQ(bars.bars[0].values[0], 25.0);  // 4 simulated patients, one per grade 0-3
  EXPECT_DOUBLE_EQ(bars.bars[0].values[4], 0.0);   // the grade-4 patient failed
  EXPECT_DOUBLE_EQ(bars.bars[1].values[0], 100.0);
  const auto& incidence = plot.panels[1].series[0];
  EXPECT_EQ(incidence.t_days.size(), 9u);
  EXPECT_DOUBLE_EQ(incidence.values.back(), 50.0);  // onsets at days 1 and 2 of 4 patients
  const auto& car_t = plot.panels[2];
  ASSERT_EQ(car_t.areas.size(), 2u);
  EXPECT_DOUBLE_EQ(car_t.series[0].values[0], 2.5);  // median of 1, 2, 3, 4
  EXPECT_DOUBLE_EQ(car_t.areas[0].lower[0], 1.3);    // 10th percentile, interpolated
  EXPECT_DOUBLE_EQ(car_t.areas[0].upper[0], 3.7);
  EXPECT_NE(plot.subtitle.find("1 failed"), std::string::npos);
  const auto svg = io::render_svg(plot);
  EXPECT_NE(svg.find("<polygon"), std::string::npos);
  EXPECT_NE(svg.find("class=\"bar\""), std::string::npos);
  EXPECT_NE(svg.find("grade 5"), std::string::npos);
}

}  // namespace
}  // namespace cytostorm::population
