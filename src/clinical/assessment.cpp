#include "cytostorm/clinical/assessment.hpp"

#include "cytostorm/clinical/astct_crs.hpp"
#include "cytostorm/clinical/astct_icans.hpp"
#include "cytostorm/clinical/ctcae_neurotoxicity.hpp"
#include "cytostorm/clinical/older_crs_scales.hpp"

namespace cytostorm::clinical {

const std::vector<CrsScale>& crs_scales() {
  static const std::vector<CrsScale> scales{
      {"astct", "ASTCT 2019", &grade_astct_crs},
      {"lee2014", "Lee 2014", &grade_lee2014},
      {"ctcae_v4", "CTCAE v4.03", &grade_ctcae_v4_crs},
      {"ctcae_v5", "CTCAE v5.0", &grade_ctcae_v5_crs},
      {"penn", "Penn", &grade_penn},
      {"mskcc", "MSKCC", &grade_mskcc},
      {"cartox", "CARTOX", &grade_cartox_crs},
  };
  return scales;
}

const CrsScale* find_crs_scale(std::string_view name) {
  for (const auto& s : crs_scales()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

Assessment assess(const record::Snapshot& s, const RuleOptions& options) {
  Assessment a;
  for (const auto& scale : crs_scales()) a.crs.push_back(scale.grade(s, options));
  a.icans_astct = grade_astct_icans(s, options);
  a.icans_ctcae = grade_ctcae_neurotoxicity(s);
  if (s.ice) a.ice = score_ice(*s.ice);
  if (s.capd) a.capd = score_capd(*s.capd);
  return a;
}

}  // namespace cytostorm::clinical
