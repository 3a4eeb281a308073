// The checklist of other causes of encephalopathy (clinical-rules.md section 6): raised only with
// ICANS, every cause either spoken to by the data (for or against) or left to rule out.
#include "cytostorm/clinical/encephalopathy_causes.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cytostorm::clinical {
namespace {

TEST(EncephalopathyChecklist, OnlyWithIcans) {
  EXPECT_FALSE(encephalopathy_checklist(0, {}));
  const auto f = encephalopathy_checklist(1, {});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->key, "encephalopathy_other_causes");
  EXPECT_EQ(f->title, "other causes of encephalopathy to rule out before calling ICANS");
  EXPECT_TRUE(f->evidence.empty());
  ASSERT_FALSE(f->notes.empty());
  EXPECT_EQ(f->notes[0],
            "not addressed by the data, still to rule out: sedatives, hyponatremia, "
            "hypoglycemia, uremia, hyperammonemia, hypercapnia, sepsis, CNS infection, "
            "hemorrhage, stroke, PRES, CNS disease");
}

TEST(EncephalopathyChecklist, FindingsForAndAgainst) {
  const auto f = encephalopathy_checklist(
      2, {{EncephalopathyCause::hemorrhage, true, "hemorrhage on neuroimaging at 30 h"},
          {EncephalopathyCause::uremia, false, "creatinine 0.9 mg/dL at 28 h"}});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->title,
            "other causes of encephalopathy to rule out before calling ICANS; the data point to: "
            "hemorrhage");
  EXPECT_EQ(f->evidence,
            (std::vector<std::string>{"uremia: creatinine 0.9 mg/dL at 28 h (speaks against it)",
                                      "hemorrhage: hemorrhage on neuroimaging at 30 h (points to "
                                      "it)"}));
  EXPECT_EQ(f->notes[0],
            "not addressed by the data, still to rule out: sedatives, hyponatremia, "
            "hypoglycemia, hyperammonemia, hypercapnia, sepsis, CNS infection, stroke, PRES, "
            "CNS disease");
  EXPECT_EQ(f->notes[1], "ICANS grade 2 now");
}

TEST(EncephalopathyChecklist, EveryCauseHasAName) {
  for (auto cause : kEncephalopathyCauses) EXPECT_NE(cause_name(cause), "?");
  EXPECT_EQ(cause_name(EncephalopathyCause::pres), "PRES");
  EXPECT_EQ(cause_name(EncephalopathyCause::cns_infection), "CNS infection");
}

}  // namespace
}  // namespace cytostorm::clinical
