#pragma once
/// @file
/// One bedside assessment graded by every scale: the library's snapshot API.

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "cytostorm/clinical/capd.hpp"
#include "cytostorm/clinical/grade_result.hpp"
#include "cytostorm/clinical/ice.hpp"
#include "cytostorm/clinical/rule_options.hpp"
#include "cytostorm/record/snapshot.hpp"

namespace cytostorm::clinical {

/// A CRS grading rule.
using CrsRule = GradeResult (*)(const record::Snapshot&, const RuleOptions&);

/// A CRS scale by its name in the output (`crs.<name>`) and on the command line.
struct CrsScale {
  std::string_view name;  ///< "astct", "lee2014", "ctcae_v4", "ctcae_v5", "penn", "mskcc", "cartox"
  std::string_view title;  ///< "ASTCT 2019", "Lee 2014", ...
  CrsRule grade;
};

/// Every CRS scale, ASTCT 2019 first.
const std::vector<CrsScale>& crs_scales();

/// The CRS scale called `name`, or nullptr.
const CrsScale* find_crs_scale(std::string_view name);

/// Everything one assessment yields.
struct Assessment {
  std::vector<GradeResult> crs;  ///< one per crs_scales(), in that order
  GradeResult icans_astct;
  GradeResult icans_ctcae;  ///< CTCAE neurotoxicity, for pre-2019 trials
  std::optional<IceScore> ice;
  std::optional<CapdScore> capd;
};

/// Grades `s` by every scale.
Assessment assess(const record::Snapshot& s, const RuleOptions& options = {});

}  // namespace cytostorm::clinical
