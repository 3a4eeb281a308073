// A program that uses the installed cytostorm package, as a user's would.
#include <cstdio>
#include <cytostorm/clinical/astct_crs.hpp>

int main() {
  cytostorm::record::Snapshot s;
  s.temperature_c = 38.5;
  s.oxygen =
      cytostorm::record::OxygenSupport{cytostorm::record::OxygenDevice::simple_facemask, 4.0,
                                       std::nullopt, cytostorm::record::OxygenPurpose::hypoxia};
  const auto r = cytostorm::clinical::grade_astct_crs(s);
  if (!r.grade) return 1;
  std::printf("grade %d\n", *r.grade);
  return *r.grade == 3 ? 0 : 1;
}
