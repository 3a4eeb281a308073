#pragma once
/// @file
/// The picture of a virtual trial (DIR/plot.svg): the distribution of maximum CRS and ICANS
/// grades, the cumulative incidence of CRS and ICANS (any grade and grade >= 3) over the days
/// since infusion, and the CAR-T expansion curves as a median with 25th-75th and 10th-90th
/// percentile bands.

#include <vector>

#include "cytostorm/io/svg_plot.hpp"
#include "cytostorm/population/patient_outcome.hpp"
#include "cytostorm/population/trial_summary.hpp"

namespace cytostorm::population {

/// The cumulative incidence of an event over time: the percentage of patients whose event time
/// is at or before each time (failed simulations left out).
/// @param times each patient's event time in days, nothing when it did not happen
/// @param t_days the times at which to count
/// @return one percentage per t_days (0 when there is no patient)
std::vector<double> cumulative_incidence(const std::vector<std::optional<double>>& times,
                                         const std::vector<double>& t_days);

/// The plot of a trial.
/// @param summary the trial's summary (title, scale, n, days)
/// @param outcomes the patients
/// @return the plot, for io::render_svg
io::CoursePlot trial_plot(const TrialSummary& summary, const std::vector<PatientOutcome>& outcomes);

}  // namespace cytostorm::population
