#pragma once
/// @file
/// The picture of one simulated course: CAR-T and tumour, the cytokines, Ang-2, temperature,
/// MAP, SpO2 and ICE over time, with the CRS and ICANS grade bands and the treatments marked.

#include "cytostorm/io/svg_plot.hpp"
#include "cytostorm/population/simulation.hpp"

namespace cytostorm::population {

/// The plot of `course`, titled `title`.
/// @throws std::out_of_range when the course lacks a column the plot shows
io::CoursePlot course_plot(const SimulatedCourse& course, const std::string& title,
                           const std::string& subtitle, double days);

/// The grade spans of a course's timeline, ending at `end_days`.
std::vector<io::GradeSpan> grade_spans(const grading::SyndromeCourse& course, double end_days);

}  // namespace cytostorm::population
