// Reading the event table (formats.md section 1): the header, RFC 4180 quoting, CRLF, strict
// vocabulary, units and ranges, time styles and offsets, grouped and ungrouped input, skipping
// bad rows, and ICE assessments.
#include "cytostorm/io/event_table.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cytostorm/clinical/assessment.hpp"
#include "cytostorm/grading/engine.hpp"
#include "support/run_cli.hpp"

namespace cytostorm::io {
namespace {

using record::EventKind;

const std::string kHeader = std::string(kEventTableHeader) + "\n";

struct Read {
  record::Result<EventTableStats> stats = EventTableStats{};
  std::vector<record::PatientRecord> patients;
};

Read read(const std::string& text, bool skip_bad_rows = false) {
  Read r;
  EventTableOptions options;
  options.skip_bad_rows = skip_bad_rows;
  r.stats = read_event_table_text(text, "events.csv", options, [&](record::PatientRecord&& p) {
    r.patients.push_back(std::move(p));
  });
  return r;
}

// The error of reading `text`, as the user sees it.
std::string error_of(const std::string& text) {
  const auto r = read(text);
  EXPECT_FALSE(r.stats.ok());
  return r.stats.ok() ? std::string() : r.stats.error().to_string();
}

const record::Event* find(const record::PatientRecord& p, EventKind kind, const std::string& item) {
  for (const auto& e : p.events) {
    if (e.kind == kind && e.item == item) return &e;
  }
  return nullptr;
}

// A file in a fresh scratch directory, removed with it.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& text)
      : dir_(testing::scratch_dir()), path_(dir_ + "/" + name) {
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string dir_, path_;
};

// --- Header -------------------------------------------------------------------------------------

TEST(EventTableHeader, AcceptsTheExactHeaderAndAUtf8Bom) {
  const auto r = read(kHeader + "P1,0,infusion,axi-cel,,,\n");
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  EXPECT_EQ(r.patients.size(), 1U);
  const auto bom = read("\xEF\xBB\xBF" + kHeader + "P1,0,infusion,axi-cel,,,\n");
  ASSERT_TRUE(bom.stats.ok()) << bom.stats.error().to_string();
  EXPECT_EQ(bom.patients.size(), 1U);
}

TEST(EventTableHeader, WrongOrMissingHeaderIsLine1) {
  EXPECT_EQ(error_of("patient_id,time,kind,item,value,unit\nP1,0,infusion,axi-cel,,\n"),
            "events.csv:1: header: expected the header "
            "\"patient_id,time,kind,item,value,unit,note\"");
  EXPECT_EQ(error_of("patient_id,kind,time,item,value,unit,note\n"),
            "events.csv:1: header: expected the header "
            "\"patient_id,time,kind,item,value,unit,note\"");
  EXPECT_EQ(error_of("P1,0,infusion,axi-cel,,,\n").substr(0, 22), "events.csv:1: header: ");
  EXPECT_NE(error_of("").find("events.csv:1: "), std::string::npos);
}

TEST(EventTableHeader, OnlyTheHeaderGivesNoPatients) {
  const auto r = read(kHeader);
  ASSERT_TRUE(r.stats.ok());
  EXPECT_EQ(r.stats.value().rows, 0U);
  EXPECT_EQ(r.stats.value().patients, 0U);
  EXPECT_TRUE(r.patients.empty());
}

// --- CSV quoting and line ends ----------------------------------------------------------------

TEST(EventTableCsv, QuotedFieldsHoldCommasNewlinesAndDoubledQuotes) {
  const auto r = read(kHeader +
                      "P1,0,infusion,axi-cel,,,\n"
                      "\"P1\",\"12\",attribution,fever,,,\"line one, \"\"quoted\"\"\nline two\"\n"
                      "P1,13,vitals,temperature,38,C,\n");
  ASSERT_FALSE(r.stats.ok());
  // The quoted record spans lines 3 and 4, so the bad row is on line 5.
  EXPECT_EQ(r.stats.error().line, 5U);
  EXPECT_EQ(r.stats.error().column, "kind");

  const auto ok = read(kHeader +
                       "P1,0,infusion,axi-cel,,,\n"
                       "\"P1\",\"12\",attribution,fever,,,\"line one, \"\"quoted\"\"\nline two\"\n"
                       "P1,13,vital,temperature,\"38.5\",C,\n");
  ASSERT_TRUE(ok.stats.ok()) << ok.stats.error().to_string();
  ASSERT_EQ(ok.patients.size(), 1U);
  const auto* a = find(ok.patients[0], EventKind::attribution, "fever");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->note, "line one, \"quoted\"\nline two");
  EXPECT_EQ(a->line, 3U);
  EXPECT_DOUBLE_EQ(a->hours, 12.0);
  const auto* t = find(ok.patients[0], EventKind::vital, "temperature");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->value, 38.5);
  EXPECT_EQ(t->line, 5U);
}

TEST(EventTableCsv, CrlfLineEndsAreAccepted) {
  const auto r = read(
      "patient_id,time,kind,item,value,unit,note\r\n"
      "P1,0,infusion,axi-cel,,,\r\n"
      "P1,12,attribution,fever,,,infection\r\n"
      "P1,13,attribution,hypoxia,,,\"pneumonia, left\"\r\n"
      "P1,14,vital,temperature,38.5,C,\r\n"
      "\r\n");
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  ASSERT_EQ(r.patients.size(), 1U);
  EXPECT_EQ(r.stats.value().rows, 4U);
  const auto& p = r.patients[0];
  ASSERT_NE(find(p, EventKind::attribution, "fever"), nullptr);
  EXPECT_EQ(find(p, EventKind::attribution, "fever")->note, "infection");
  ASSERT_NE(find(p, EventKind::attribution, "hypoxia"), nullptr);
  EXPECT_EQ(find(p, EventKind::attribution, "hypoxia")->note, "pneumonia, left");
  ASSERT_NE(find(p, EventKind::vital, "temperature"), nullptr);
  EXPECT_EQ(find(p, EventKind::vital, "temperature")->unit, "C");
  EXPECT_EQ(find(p, EventKind::vital, "temperature")->line, 5U);
}

TEST(EventTableCsv, MalformedQuotingIsAnError) {
  const auto err =
      error_of(kHeader + "P1,0,infusion,axi-cel,,,\nP1,1,vital,temperature,\"38\"5,C,\n");
  EXPECT_EQ(err.substr(0, 14), "events.csv:3: ") << err;
  EXPECT_NE(err.find("malformed quoting"), std::string::npos) << err;
  const auto open =
      error_of(kHeader + "P1,0,infusion,axi-cel,,,\nP1,1,attribution,fever,,,\"never closed\n");
  EXPECT_NE(open.find("events.csv:3: "), std::string::npos) << open;
  EXPECT_NE(open.find("not closed"), std::string::npos) << open;
}

TEST(EventTableCsv, WrongNumberOfFieldsIsAnError) {
  EXPECT_EQ(error_of(kHeader + "P1,0,infusion,axi-cel,,\n"),
            "events.csv:2: expected 7 fields, found 6");
  EXPECT_EQ(error_of(kHeader + ",0,infusion,axi-cel,,,\n"),
            "events.csv:2: patient_id: patient_id is empty");
}

// --- Bytes that are not text (issue 9: every odd input has a defined answer) -------------------

TEST(EventTableBytes, UtfEightTextInNotesAndIdsIsKept) {
  const auto r = read(kHeader +
                      "Zoë-1,0,infusion,axi-cel,,,\nZoë-1,12,attribution,fever,,,"
                      "fièvre — 38 °C\n");
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  ASSERT_EQ(r.patients.size(), 1U);
  EXPECT_EQ(r.patients[0].patient_id, "Zoë-1");
  ASSERT_NE(find(r.patients[0], EventKind::attribution, "fever"), nullptr);
  EXPECT_EQ(find(r.patients[0], EventKind::attribution, "fever")->note, "fièvre — 38 °C");
}

TEST(EventTableBytes, ANulByteIsAnErrorNamingItsColumn) {
  EXPECT_EQ(error_of(kHeader + "P1,0,infusion,axi-cel,,,\nP1,12,attribution,fever,,,a" +
                     std::string(1, '\0') + "b\n"),
            "events.csv:3: note: a NUL byte at character 2 (a binary or UTF-16 file?)");
}

TEST(EventTableBytes, LatinOneAndBrokenSequencesAreNotUtfEight) {
  // "fièvre" in Latin-1, a lone continuation byte, an overlong '/', a surrogate, a cut sequence.
  for (const std::string& bad :
       {std::string("fi\xE8vre"), std::string("\x80"), std::string("\xC0\xAF"),
        std::string("\xED\xA0\x80"), std::string("ok\xE2\x82")}) {
    const auto err =
        error_of(kHeader + "P1,0,infusion,axi-cel,,,\nP1,12,attribution,fever,,," + bad + "\n");
    EXPECT_EQ(err.substr(0, 20), "events.csv:3: note: ") << err;
    EXPECT_NE(err.find("is not UTF-8 text"), std::string::npos) << err;
  }
  // The same bytes in the patient id: the column says where.
  EXPECT_EQ(error_of(kHeader + "P\xE9,0,infusion,axi-cel,,,\n").substr(0, 26),
            "events.csv:2: patient_id: ");
}

TEST(EventTableBytes, SkippingBadRowsSkipsARowThatIsNotText) {
  const auto r = read(kHeader +
                          "P1,0,infusion,axi-cel,,,\nP1,12,attribution,fever,,,fi\xE8vre\n"
                          "P1,14,vital,temperature,38.5,C,\n",
                      true);
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  ASSERT_EQ(r.stats.value().skipped.size(), 1U);
  EXPECT_EQ(r.stats.value().skipped[0].line, 3U);
  EXPECT_EQ(r.stats.value().skipped[0].column, "note");
  ASSERT_EQ(r.patients.size(), 1U);
  EXPECT_EQ(r.patients[0].events.size(), 2U);
}

TEST(EventTableBytes, AUtf16FileIsNamedAsSuch) {
  std::string utf16 = "\xFF\xFE";
  for (char c : kHeader) utf16 += std::string{c, '\0'};
  EXPECT_EQ(error_of(utf16), "events.csv:1: the file is UTF-16 text; save it as UTF-8 (CSV UTF-8)");
}

TEST(EventTableBytes, ALineOverOneMebibyteStopsTheReadEvenWhenSkipping) {
  const std::string huge(std::size_t{1} << 20, 'x');
  const std::string expected =
      "events.csv:3: the line is longer than 1048576 bytes: not an event row (a quoted field "
      "never closed?)";
  const std::string text = kHeader + "P1,0,infusion,axi-cel,,,\nP1,12,attribution,fever,,," + huge +
                           "\nP1,14,vital,temperature,38.5,C,\n";
  EXPECT_EQ(error_of(text), expected);
  const auto skipping = read(text, true);
  ASSERT_FALSE(skipping.stats.ok());
  EXPECT_EQ(skipping.stats.error().to_string(), expected);
  // From a file, read in chunks, the same; one byte less is a long but acceptable note.
  TempFile file("events.csv", text);
  const auto from_file = read_event_table(
      file.path(), {}, [](record::PatientRecord&&) {}, [] {});
  ASSERT_FALSE(from_file.ok());
  EXPECT_EQ(from_file.error().line, 3U);
  const std::string longest(huge.size() - 100, 'x');
  EXPECT_TRUE(
      read(kHeader + "P1,0,infusion,axi-cel,,,\nP1,12,attribution,fever,,," + longest + "\n")
          .stats.ok());
}

// --- Vocabulary, units, numbers and ranges -----------------------------------------------------

struct BadRow {
  const char* name;
  const char* row;  // line 3, after an infusion row
  const char* expected;
};

std::ostream& operator<<(std::ostream& os, const BadRow& b) {
  return os << b.name;
}

const BadRow kBadRows[] = {
    {"UnknownKind", "P1,12,vitals,temperature,38,C,",
     "events.csv:3: kind: unknown kind \"vitals\""},
    {"UnknownItem", "P1,12,vital,temp,38,C,", "events.csv:3: item: unknown vital item \"temp\""},
    {"UnknownOxygenDevice", "P1,12,oxygen,nasal_canula,2,L/min,",
     "events.csv:3: item: unknown oxygen item \"nasal_canula\""},
    {"UnknownVasopressor", "P1,12,vasopressor,adrenaline,5,ug/min,",
     "events.csv:3: item: unknown vasopressor item \"adrenaline\""},
    {"UnknownUnit", "P1,12,vital,temperature,311,K,",
     "events.csv:3: unit: unit \"K\" is not accepted for temperature (accepted: C, F)"},
    {"MissingUnit", "P1,12,vital,temperature,38,,",
     "events.csv:3: unit: unit \"\" is not accepted"},
    {"VasopressinInMicrograms", "P1,12,vasopressor,vasopressin,0.04,ug/min,",
     "events.csv:3: unit: vasopressin is not dosed in ug/min"},
    {"MalformedNumber", "P1,12,vital,temperature,38.5.1,C,",
     "events.csv:3: value: \"38.5.1\" is not a number"},
    {"DecimalComma", "P1,12,vital,temperature,\"38,5\",C,",
     "events.csv:3: value: \"38,5\" is not a number"},
    {"TemperatureAbove45", "P1,12,vital,temperature,46,C,",
     "events.csv:3: value: 46 C is out of range (25 to 45)"},
    {"FahrenheitOutOfRange", "P1,12,vital,temperature,120,F,",
     "events.csv:3: value: 120 F is out of range"},
    {"Fio2Below21", "P1,12,fio2,,20,%,", "events.csv:3: value: 20 % is out of range (21 to 100)"},
    {"NegativeFlow", "P1,12,oxygen,nasal_cannula,-1,L/min,",
     "events.csv:3: value: -1 L/min is out of range"},
    {"IceItemAboveMaximum", "P1,12,ice,naming,4,,",
     "events.csv:3: value: 4  is out of range (0 to 3)"},
    {"IceTotalNotInteger", "P1,12,ice,total,7.5,,",
     "events.csv:3: value: \"7.5\" is not an integer"},
    {"IceNotAssessableWithoutNote", "P1,12,ice,writing,NA,,",
     "events.csv:3: note: NA needs the reason it could not be assessed in note"},
    {"CapdItemAbove4", "P1,12,capd,restless,5,,",
     "events.csv:3: value: 5  is out of range (0 to 4)"},
    {"SignNotAFlag", "P1,12,sign,tremor,yes,,",
     "events.csv:3: value: expected 1 (present) or 0 (resolved), got \"yes\""},
    {"AttributionWithoutCause", "P1,12,attribution,fever,,,",
     "events.csv:3: note: an attribution needs the other cause in note"},
    {"ValueWhereNoneIsTaken", "P1,12,consciousness,alert,1,,",
     "events.csv:3: value: alert takes no value"},
    {"MalformedTime", "P1,12h,vital,temperature,38,C,",
     "events.csv:3: time: malformed time \"12h\""},
    {"EmptyTime", "P1,,vital,temperature,38,C,", "events.csv:3: time: time is empty"},
    {"MalformedIsoTime", "P1,2024-03-01T25:00:00Z,vital,temperature,38,C,",
     "events.csv:3: time: malformed ISO 8601 time"},
    {"NoSuchDate", "P1,2024-02-30T08:00:00Z,vital,temperature,38,C,",
     "events.csv:3: time: malformed ISO 8601 time \"2024-02-30T08:00:00Z\": no such date"},
    {"PatientRowWithTime", "P1,12,patient,age_years,54,,",
     "events.csv:3: time: patient rows take no time"},
    {"AgeOutOfRange", "P1,,patient,age_years,131,,", "events.csv:3: value: 131  is out of range"},
    {"MixedTimeStyles", "P1,2024-03-01T08:00:00Z,vital,temperature,38,C,",
     "events.csv:3: time: a file uses one time style throughout"},
};

class EventTableBadRow : public ::testing::TestWithParam<BadRow> {};

TEST_P(EventTableBadRow, IsReportedAsFileLineColumnMessage) {
  const BadRow& b = GetParam();
  const auto err = error_of(kHeader + "P1,0,infusion,axi-cel,,,\n" + b.row + "\n");
  EXPECT_EQ(err.substr(0, std::string(b.expected).size()), b.expected) << err;
}

INSTANTIATE_TEST_SUITE_P(FormatsSection1, EventTableBadRow, ::testing::ValuesIn(kBadRows),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(EventTableValues, FahrenheitIsStoredInCelsius) {
  const auto r = read(kHeader + "P1,0,infusion,axi-cel,,,\nP1,12,vital,temperature,100.4,F,\n");
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  const auto* t = find(r.patients.at(0), EventKind::vital, "temperature");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->unit, "C");
  ASSERT_TRUE(t->value.has_value());
  EXPECT_NEAR(*t->value, 38.0, 1e-9);
}

TEST(EventTableValues, PatientFactsAndNotAssessableIceItem) {
  const auto r = read(kHeader +
                      "P1,,patient,age_years,8,,\n"
                      "P1,,patient,weight_kg,26,kg,\n"
                      "P1,,patient,sex,female,,\n"
                      "P1,0,infusion,tisa-cel,,,\n"
                      "P1,12,ice,orientation,4,,\n"
                      "P1,12,ice,naming,3,,\n"
                      "P1,12,ice,commands,1,,\n"
                      "P1,12,ice,writing,NA,,baseline dysgraphia\n"
                      "P1,12,ice,attention,1,,\n");
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  const auto& p = r.patients.at(0);
  EXPECT_EQ(p.age_years, 8.0);
  EXPECT_EQ(p.weight_kg, 26.0);
  EXPECT_EQ(p.sex, "female");
  EXPECT_EQ(p.product, "tisa-cel");
  EXPECT_TRUE(p.has_infusion);
  const auto* writing = find(p, EventKind::ice, "writing");
  ASSERT_NE(writing, nullptr);
  EXPECT_EQ(writing->text, "NA");
  EXPECT_FALSE(writing->value.has_value());
  EXPECT_EQ(writing->note, "baseline dysgraphia");
  // Patient facts are not events.
  EXPECT_EQ(find(p, EventKind::patient, "age_years"), nullptr);
}

// --- ICE assessments ---------------------------------------------------------------------------

TEST(EventTableIce, PartialItemsAreAnError) {
  const auto err = error_of(kHeader +
                            "P1,0,infusion,axi-cel,,,\n"
                            "P1,12,ice,orientation,4,,\n"
                            "P1,12,ice,naming,3,,\n"
                            "P1,12,ice,commands,1,,\n");
  EXPECT_NE(err.find("events.csv:5: item: "), std::string::npos) << err;
  EXPECT_NE(err.find("3 of 5 items given"), std::string::npos) << err;
}

TEST(EventTableIce, TotalWithANotAssessableItemIsAnError) {
  const auto err = error_of(kHeader +
                            "P1,0,infusion,axi-cel,,,\n"
                            "P1,12,ice,orientation,4,,\n"
                            "P1,12,ice,naming,3,,\n"
                            "P1,12,ice,commands,1,,\n"
                            "P1,12,ice,writing,NA,,intubated\n"
                            "P1,12,ice,attention,1,,\n"
                            "P1,12,ice,total,9,,\n");
  EXPECT_NE(err.find("never scored 0"), std::string::npos) << err;
}

TEST(EventTableIce, TotalThatDiffersFromTheItemsIsAnError) {
  const auto err = error_of(kHeader +
                            "P1,0,infusion,axi-cel,,,\n"
                            "P1,12,ice,orientation,4,,\n"
                            "P1,12,ice,naming,3,,\n"
                            "P1,12,ice,commands,1,,\n"
                            "P1,12,ice,writing,1,,\n"
                            "P1,12,ice,attention,0,,\n"
                            "P1,12,ice,total,10,,\n");
  EXPECT_NE(err.find("total 10 differs from the items' score 9"), std::string::npos) << err;
}

TEST(EventTableIce, ItemGivenTwiceIsAnError) {
  const auto err = error_of(kHeader +
                            "P1,0,infusion,axi-cel,,,\n"
                            "P1,12,ice,orientation,4,,\n"
                            "P1,12,ice,orientation,3,,\n");
  EXPECT_NE(err.find("events.csv:4: item: "), std::string::npos) << err;
  EXPECT_NE(err.find("given twice"), std::string::npos) << err;
}

TEST(EventTableIce, ItemsAtDifferentTimesAreDifferentAssessments) {
  const auto err = error_of(kHeader +
                            "P1,0,infusion,axi-cel,,,\n"
                            "P1,12,ice,orientation,4,,\n"
                            "P1,12,ice,naming,3,,\n"
                            "P1,12,ice,commands,1,,\n"
                            "P1,12,ice,writing,1,,\n"
                            "P1,13,ice,attention,1,,\n");
  EXPECT_NE(err.find("4 of 5 items given"), std::string::npos) << err;
}

// --- Times ---------------------------------------------------------------------------------------

TEST(EventTableTime, NumericTimesAreHoursAndDayIsTheirFloorOver24) {
  const auto r = read(kHeader +
                      "P1,-120,lymphodepletion,flu/cy,,,\n"
                      "P1,0,infusion,axi-cel,,,\n"
                      "P1,47.9,vital,temperature,38,C,\n"
                      "P1,48,vital,heart_rate,120,/min,\n");
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  const auto& p = r.patients.at(0);
  const auto* ld = find(p, EventKind::lymphodepletion, "flu/cy");
  ASSERT_NE(ld, nullptr);
  EXPECT_DOUBLE_EQ(ld->hours, -120.0);
  EXPECT_EQ(ld->day, -5);
  EXPECT_EQ(find(p, EventKind::vital, "temperature")->day, 1);
  EXPECT_EQ(find(p, EventKind::vital, "heart_rate")->day, 2);
}

// Times and values are read as std::from_chars reads them, to the bit: plain decimals of up to
// 15 digits are read directly, longer or other spellings by from_chars itself.
TEST(EventTableTime, NumbersAreReadExactlyAsFromCharsReadsThem) {
  for (const std::string text : {"37.2",
                                 "0.1",
                                 "-0.5",
                                 "-0",
                                 "007",
                                 "72",
                                 "1.23456789012345",
                                 "1.234567890123456",
                                 "0.00000000000001",
                                 "0.000000000000001",
                                 "999999999999999",
                                 "1.",
                                 ".5",
                                 "1e1",
                                 "+1",
                                 "1.2.3",
                                 "--1",
                                 "0x10",
                                 "inf",
                                 "nan",
                                 "1 "}) {
    SCOPED_TRACE(text);
    double expected = 0.0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), expected);
    const bool valid = ec == std::errc{} && ptr == text.data() + text.size() &&
                       std::isfinite(expected) && std::fabs(expected) <= 24.0 * 3650;
    const auto r =
        read(kHeader + "P1,0,infusion,axi-cel,,,\nP1," + text + ",vital,temperature,38,C,\n");
    ASSERT_EQ(r.stats.ok(), valid);
    if (!valid) continue;
    const double hours = find(r.patients.at(0), EventKind::vital, "temperature")->hours;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(hours), std::bit_cast<std::uint64_t>(expected));
  }
}

TEST(EventTableTime, RowsAreSortedByTimeKeepingFileOrderWithinATime) {
  const auto r = read(kHeader +
                      "P1,20,vital,temperature,38,C,\n"
                      "P1,0,infusion,axi-cel,,,\n"
                      "P1,10,vital,sbp,120,mmHg,\n"
                      "P1,10,vital,dbp,70,mmHg,\n");
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  const auto& ev = r.patients.at(0).events;
  ASSERT_EQ(ev.size(), 4U);
  EXPECT_EQ(ev[0].kind, EventKind::infusion);
  EXPECT_EQ(ev[1].item, "sbp");
  EXPECT_EQ(ev[2].item, "dbp");
  EXPECT_EQ(ev[3].item, "temperature");
  EXPECT_EQ(ev[3].line, 2U);
}

TEST(EventTableTime, IsoOffsetsGiveTheCalendarDayNotFloorOfHours) {
  // Infusion at 22:00 local; fever 27 h later at 01:00 local two calendar days on.
  const auto r = read(kHeader +
                      "P6,2024-03-01T22:00:00+01:00,infusion,cilta-cel,,,\n"
                      "P6,2024-03-03T01:00:00+01:00,vital,temperature,38.4,C,\n"
                      "P6,2024-03-03T00:00:00Z,vital,sbp,118,mmHg,\n"
                      "P6,2024-03-01T23:30:00+01:00,vital,heart_rate,90,/min,\n");
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  const auto& p = r.patients.at(0);
  const auto* fever = find(p, EventKind::vital, "temperature");
  ASSERT_NE(fever, nullptr);
  EXPECT_DOUBLE_EQ(fever->hours, 27.0);
  EXPECT_EQ(fever->day, 2);
  // The same instant written in UTC: 27 h too, calendar day 2 in its own offset as well.
  const auto* sbp = find(p, EventKind::vital, "sbp");
  ASSERT_NE(sbp, nullptr);
  EXPECT_DOUBLE_EQ(sbp->hours, 27.0);
  EXPECT_EQ(sbp->day, 2);
  const auto* hr = find(p, EventKind::vital, "heart_rate");
  ASSERT_NE(hr, nullptr);
  EXPECT_DOUBLE_EQ(hr->hours, 1.5);
  EXPECT_EQ(hr->day, 0);

  const auto g = grading::grade_patient(p, {clinical::find_crs_scale("astct")});
  EXPECT_EQ(g.crs.front().onset_day, 2);
  EXPECT_EQ(g.crs.front().onset_hours, 27.0);
  // The same course in hours since infusion: day 1.
  const auto numeric = read(kHeader +
                            "P6,0,infusion,cilta-cel,,,\n"
                            "P6,27,vital,temperature,38.4,C,\n");
  ASSERT_TRUE(numeric.stats.ok());
  const auto n =
      grading::grade_patient(numeric.patients.at(0), {clinical::find_crs_scale("astct")});
  EXPECT_EQ(n.crs.front().onset_day, 1);
}

TEST(EventTableTime, IsoTimesWithoutAnInfusionRowAreAnError) {
  const auto err = error_of(kHeader +
                            "P1,,patient,age_years,54,,\n"
                            "P1,2024-03-01T08:00:00Z,vital,temperature,38,C,\n");
  EXPECT_NE(err.find("events.csv:3: time: "), std::string::npos) << err;
  EXPECT_NE(err.find("need an infusion row"), std::string::npos) << err;
  EXPECT_NE(err.find("P1"), std::string::npos) << err;
}

TEST(EventTableTime, NumericTimesWithoutAnInfusionRowAreHoursAsWritten) {
  const auto r = read(kHeader + "P1,30,vital,temperature,38,C,\n");
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  EXPECT_FALSE(r.patients.at(0).has_infusion);
  EXPECT_DOUBLE_EQ(r.patients.at(0).events.at(0).hours, 30.0);
}

TEST(EventTableTime, MixedStylesAcrossPatientsAreAnError) {
  const auto err = error_of(kHeader +
                            "P1,0,infusion,axi-cel,,,\n"
                            "P2,2024-03-01T08:00:00Z,infusion,axi-cel,,,\n");
  EXPECT_NE(err.find("events.csv:3: time: a file uses one time style throughout"),
            std::string::npos)
      << err;
}

TEST(EventTableTime, SecondInfusionRowIsAnError) {
  const auto err = error_of(kHeader +
                            "P1,0,infusion,axi-cel,,,\n"
                            "P1,5,infusion,axi-cel,,,\n");
  EXPECT_NE(err.find("events.csv:3: kind: "), std::string::npos) << err;
  EXPECT_NE(err.find("second infusion row"), std::string::npos) << err;
}

// --- Grouped and ungrouped input ---------------------------------------------------------------

const std::string kGrouped = kHeader +
                             "A,0,infusion,axi-cel,,,\n"
                             "A,30,vital,temperature,38.5,C,\n"
                             "B,0,infusion,tisa-cel,,,\n"
                             "B,40,vital,temperature,39,C,\n"
                             "B,40,oxygen,bipap,,,\n"
                             "C,0,infusion,liso-cel,,,\n";
const std::string kUngrouped = kHeader +
                               "A,0,infusion,axi-cel,,,\n"
                               "B,0,infusion,tisa-cel,,,\n"
                               "B,40,vital,temperature,39,C,\n"
                               "A,30,vital,temperature,38.5,C,\n"
                               "C,0,infusion,liso-cel,,,\n"
                               "B,40,oxygen,bipap,,,\n";

void expect_same_patients(const std::vector<record::PatientRecord>& got) {
  ASSERT_EQ(got.size(), 3U);
  EXPECT_EQ(got[0].patient_id, "A");
  EXPECT_EQ(got[1].patient_id, "B");
  EXPECT_EQ(got[2].patient_id, "C");
  EXPECT_EQ(got[0].events.size(), 2U);
  EXPECT_EQ(got[1].events.size(), 3U);
  EXPECT_EQ(got[2].events.size(), 1U);
  EXPECT_EQ(got[1].product, "tisa-cel");
}

// Text in memory has no restart: every row is kept until the end, each patient handed on once.
TEST(EventTableGrouping, TextInputIsGroupedAtTheEnd) {
  const auto r = read(kGrouped);
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  EXPECT_FALSE(r.stats.value().streamed);
  EXPECT_EQ(r.stats.value().rows, 6U);
  EXPECT_EQ(r.stats.value().patients, 3U);
  expect_same_patients(r.patients);
}

TEST(EventTableGrouping, UngroupedFileIsReadAgainAfterARestart) {
  for (const auto* text : {&kGrouped, &kUngrouped}) {
    const bool grouped = text == &kGrouped;
    SCOPED_TRACE(grouped ? "grouped" : "ungrouped");
    const TempFile file(grouped ? "grouped.csv" : "ungrouped.csv", *text);
    const auto& path = file.path();
    std::vector<record::PatientRecord> got;
    int restarts = 0;
    const auto stats = read_event_table(
        path, {}, [&](record::PatientRecord&& p) { got.push_back(std::move(p)); },
        [&] {
          ++restarts;
          got.clear();
        });
    ASSERT_TRUE(stats.ok()) << stats.error().to_string();
    EXPECT_EQ(stats.value().streamed, grouped);
    EXPECT_EQ(restarts, grouped ? 0 : 1);
    EXPECT_EQ(stats.value().patients, 3U);
    EXPECT_EQ(stats.value().rows, 6U);
    expect_same_patients(got);
    EXPECT_EQ(got.at(0).source, path);
  }
}

TEST(EventTableGrouping, UngroupedTextGivesTheSamePatients) {
  const auto r = read(kUngrouped);
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  EXPECT_FALSE(r.stats.value().streamed);
  expect_same_patients(r.patients);
}

TEST(EventTableGrouping, ErrorsInTheSecondPassKeepTheirLines) {
  const TempFile file("ungrouped-bad.csv", kUngrouped + "A,50,vital,temperature,99,C,\n");
  const auto& path = file.path();
  const auto stats = read_event_table(
      path, {}, [](record::PatientRecord&&) {}, [] {});
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.error().to_string().substr(0, path.size() + 10), path + ":8: value:");
}

TEST(EventTableGrouping, MissingFileIsNamed) {
  const auto stats = read_event_table(
      "/nonexistent/events.csv", {}, [](record::PatientRecord&&) {}, [] {});
  ASSERT_FALSE(stats.ok());
  EXPECT_NE(stats.error().to_string().find("/nonexistent/events.csv: cannot open"),
            std::string::npos)
      << stats.error().to_string();
}

TEST(EventTableGrouping, LargeFilesAreReadInChunksWithRecordsAcrossTheirBoundaries) {
  // Over 2 MB: quoted notes with commas, doubled quotes and newlines, and CRLF line ends,
  // so records straddle the reader's chunk boundaries.
  constexpr int kPatients = 200;
  constexpr int kRowsEach = 30;
  std::string grouped = "patient_id,time,kind,item,value,unit,note\r\n";
  std::string ungrouped = grouped;
  const std::string note =
      "\"cause, \"\"named\"\"\r\nsecond line of a long note " + std::string(300, 'x') + "\"";
  for (int p = 0; p < kPatients; ++p) {
    const std::string id = "P" + std::to_string(p);
    grouped += id + ",0,infusion,axi-cel,,,\r\n";
    for (int k = 1; k < kRowsEach; ++k) {
      grouped += id + "," + std::to_string(k) + ",attribution,fever,,," + note + "\r\n";
    }
  }
  // The same rows, one of each patient in turn.
  for (int k = 0; k < kRowsEach; ++k) {
    for (int p = 0; p < kPatients; ++p) {
      const std::string id = "P" + std::to_string(p);
      ungrouped += k == 0 ? id + ",0,infusion,axi-cel,,,\r\n"
                          : id + "," + std::to_string(k) + ",attribution,fever,,," + note + "\r\n";
    }
  }
  ASSERT_GT(grouped.size(), 2U << 20);
  for (const auto* text : {&grouped, &ungrouped}) {
    const bool is_grouped = text == &grouped;
    SCOPED_TRACE(is_grouped ? "grouped" : "ungrouped");
    const TempFile file(is_grouped ? "large-grouped.csv" : "large-ungrouped.csv", *text);
    const auto& path = file.path();
    std::vector<record::PatientRecord> got;
    const auto stats = read_event_table(
        path, {}, [&](record::PatientRecord&& p) { got.push_back(std::move(p)); },
        [&] { got.clear(); });
    ASSERT_TRUE(stats.ok()) << stats.error().to_string();
    EXPECT_EQ(stats.value().streamed, is_grouped);
    EXPECT_EQ(stats.value().rows, static_cast<std::size_t>(kPatients * kRowsEach));
    ASSERT_EQ(got.size(), static_cast<std::size_t>(kPatients));
    for (const auto& p : got) {
      ASSERT_EQ(p.events.size(), static_cast<std::size_t>(kRowsEach)) << p.patient_id;
      EXPECT_EQ(p.events.back().note,
                "cause, \"named\"\r\nsecond line of a long note " + std::string(300, 'x'));
    }
    // The header and the infusion rows take one line each, every quoted record two.
    const auto& last = got.back().events.back();
    const std::size_t expected_line =
        1 + static_cast<std::size_t>(kPatients) +
        (static_cast<std::size_t>(kPatients * (kRowsEach - 1)) - 1) * 2 + 1;
    EXPECT_EQ(last.line, expected_line);
  }
}

// --- Skipping bad rows ---------------------------------------------------------------------------

TEST(EventTableSkip, EverySkippedRowIsReportedWithItsLine) {
  const std::string text = kHeader +
                           "P1,0,infusion,axi-cel,,,\n"
                           "P1,12,vitals,temperature,38,C,\n"
                           "P1,30,vital,temperature,38.5,C,\n"
                           "P1,31,vital,temperature,38.5,K,\n"
                           "P2,0,infusion,axi-cel,,,\n"
                           "P2,x,vital,temperature,39,C,\n"
                           "P2,40,vital,temperature,39,C,\n";
  EXPECT_FALSE(read(text).stats.ok());
  const auto r = read(text, true);
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  const auto& skipped = r.stats.value().skipped;
  ASSERT_EQ(skipped.size(), 3U);
  EXPECT_EQ(skipped[0].line, 3U);
  EXPECT_EQ(skipped[0].column, "kind");
  EXPECT_EQ(skipped[1].line, 5U);
  EXPECT_EQ(skipped[1].column, "unit");
  EXPECT_EQ(skipped[2].line, 7U);
  EXPECT_EQ(skipped[2].column, "time");
  for (const auto& s : skipped) EXPECT_EQ(s.file, "events.csv");
  EXPECT_EQ(r.stats.value().rows, 7U);
  EXPECT_EQ(r.stats.value().patients, 2U);
  ASSERT_EQ(r.patients.size(), 2U);
  EXPECT_EQ(r.patients[0].events.size(), 2U);
  EXPECT_EQ(r.patients[1].events.size(), 2U);
}

TEST(EventTableSkip, APatientThatCannotBePlacedIsSkippedAndReported) {
  const auto r = read(kHeader +
                          "P1,2024-03-01T08:00:00Z,vital,temperature,38,C,\n"
                          "P2,2024-03-01T08:00:00Z,infusion,axi-cel,,,\n",
                      true);
  ASSERT_TRUE(r.stats.ok()) << r.stats.error().to_string();
  ASSERT_EQ(r.stats.value().skipped.size(), 1U);
  EXPECT_EQ(r.stats.value().skipped[0].line, 2U);
  EXPECT_NE(r.stats.value().skipped[0].message.find("patient skipped"), std::string::npos);
  ASSERT_EQ(r.patients.size(), 1U);
  EXPECT_EQ(r.patients[0].patient_id, "P2");
  EXPECT_EQ(r.stats.value().patients, 1U);
}

TEST(EventRows, SplitsATableIntoRowsAsWrittenWithTheirLines) {
  const auto rows = read_event_rows(kHeader +
                                        "P1,0,infusion,axi-cel,,,\n"
                                        "\n"
                                        "P1,30,vital,temperature,101.2,F,\"fever, first\"\n",
                                    "request");
  ASSERT_TRUE(rows.ok()) << rows.error().to_string();
  ASSERT_EQ(rows.value().size(), 2U);
  EXPECT_EQ(rows.value()[1].line, 4U);
  EXPECT_EQ(rows.value()[1].value, "101.2");  // as written: not converted to C
  EXPECT_EQ(rows.value()[1].unit, "F");
  EXPECT_EQ(rows.value()[1].note, "fever, first");
  EXPECT_EQ(read_event_rows("patient_id,time\n", "request").error().to_string(),
            "request:1: header: expected the header \"patient_id,time,kind,item,value,unit,"
            "note\"");
  EXPECT_EQ(read_event_rows(kHeader + "P1,0,infusion\n", "request").error().to_string(),
            "request:2: expected 7 fields, found 3");
  EXPECT_FALSE(read_event_rows(kHeader + "P1,0,\"x,,,,,\n", "request").ok());
}

TEST(EventRows, AreCheckedWithTheReadersMessages) {
  const std::string table = kHeader +
                            "P1,0,infusion,axi-cel,,,\n"
                            "P1,30,vital,temperature,39.1,C,\n"
                            "P1,31,vital,temprature,39.1,C,\n";
  const auto reader = read_event_table_text(table, "request", {}, [](auto&&) {});
  ASSERT_FALSE(reader.ok());
  const auto rows = read_event_rows(table, "request").value();
  const auto checked = check_event_rows(rows, "request", [](auto&&) {});
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().to_string(), reader.error().to_string());
  // Without the bad row: one patient, as the reader gives it.
  std::vector<record::PatientRecord> got;
  const std::vector<EventRow> good(rows.begin(), rows.end() - 1);
  ASSERT_TRUE(
      check_event_rows(good, "request", [&](auto&& p) { got.push_back(std::move(p)); }).ok());
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].events.size(), 2U);
  EXPECT_EQ(got[0].events[1].line, 3U);
}

TEST(EventRows, WriteBackToTheSameRows) {
  const EventRow row{"P 1", "30", "vital", "temperature", "39", "C", "said \"hot\", twice", 0};
  const std::string line = event_row_csv(row);
  EXPECT_EQ(line, "P 1,30,vital,temperature,39,C,\"said \"\"hot\"\", twice\"");
  const auto back = read_event_rows(kHeader + line + "\n", "x");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value()[0].note, row.note);
  const auto patient = read(kHeader +
                            "P1,,patient,age_years,60,,\n"
                            "P1,0,infusion,axi-cel,,,\n"
                            "P1,30,vital,temperature,101.2,F,\n")
                           .patients.at(0);
  const auto rows = event_rows(patient);
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0].item, "age_years");
  EXPECT_EQ(rows[2].unit, "C");  // canonical units
  EXPECT_EQ(rows[2].line, 4U);
}

}  // namespace
}  // namespace cytostorm::io
