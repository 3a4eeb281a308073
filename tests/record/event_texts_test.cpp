// EventTexts and keep_texts: an event's free texts outlive the row they were read from, its
// vocabulary words are left pointing at the vocabulary, and copies of a record share the texts.
#include "cytostorm/record/event_texts.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cytostorm/record/event.hpp"
#include "cytostorm/record/patient_builder.hpp"

namespace cytostorm::record {
namespace {

TEST(EventTexts, KeepsEachTextOnceAtAnAddressThatOutlivesTheOriginal) {
  EventTexts texts;
  EXPECT_EQ(texts.size(), 0U);
  std::string row = "sedated for intubation";
  const std::string_view kept = texts.keep(row);
  row.assign(row.size(), '?');  // the row's buffer is reused
  EXPECT_EQ(kept, "sedated for intubation");
  EXPECT_NE(kept.data(), row.data());
  EXPECT_EQ(texts.keep("sedated for intubation").data(), kept.data());  // kept once
  EXPECT_EQ(texts.size(), 1U);
  EXPECT_NE(texts.keep("sedated").data(), kept.data());
  EXPECT_EQ(texts.size(), 2U);
}

TEST(EventTexts, CopiesAndMovesKeepTheTextsWhereTheyAre) {
  auto texts = std::make_unique<EventTexts>();
  const std::string_view kept = texts->keep("fludarabine/cyclophosphamide");
  const EventTexts copy = *texts;
  EventTexts moved = std::move(*texts);
  texts.reset();  // the original is gone: its copies still hold the text
  EXPECT_EQ(kept, "fludarabine/cyclophosphamide");
  EXPECT_EQ(moved.keep("fludarabine/cyclophosphamide").data(), kept.data());
  EXPECT_EQ(copy.size(), 1U);
}

// The free texts of a row (a regimen, a sex, the note) are copied; the vocabulary's words (a
// named item, a unit, "NA") already last and are not.
TEST(KeepTexts, CopiesTheFreeTextsOfARowAndLeavesTheVocabularysWords) {
  std::string kind = "lymphodepletion", item = "bendamustine", note = "day -5 to -3";
  Event e;
  ASSERT_FALSE(make_event(kind, item, "", "", note, e));
  EventTexts texts;
  keep_texts(e, texts);
  item.assign(item.size(), '?');
  note.assign(note.size(), '?');
  EXPECT_EQ(e.item, "bendamustine");
  EXPECT_EQ(e.note, "day -5 to -3");
  EXPECT_EQ(texts.size(), 2U);

  std::string sex = "female";
  ASSERT_FALSE(make_event("patient", "sex", sex, "", "", e));
  keep_texts(e, texts);
  sex.assign(sex.size(), '?');
  EXPECT_EQ(e.text, "female");
  EXPECT_EQ(texts.size(), 3U);

  std::string fever_item = "temperature", unit = "F";
  ASSERT_FALSE(make_event("vital", fever_item, "101.3", unit, "", e));
  keep_texts(e, texts);
  EXPECT_EQ(texts.size(), 3U);  // a named item and a unit are the vocabulary's
  EXPECT_NE(e.item.data(), fever_item.data());
  EXPECT_EQ(e.item, "temperature");
  EXPECT_EQ(e.unit, "C");
}

// What a builder hands on refers to the record's own texts, not to the rows it was given.
TEST(KeepTexts, ARecordsEventsReferToItsTextsAfterTheRowsAreGone) {
  PatientBuilder b("P1", "f.csv");
  {
    std::string regimen = "fludarabine/cyclophosphamide", note = "outpatient";
    Event ld;
    ASSERT_FALSE(make_event("lymphodepletion", regimen, "", "", note, ld));
    b.add(std::move(ld), TimePoint{false, -120.0});
    std::string sex = "male";
    Event fact;
    ASSERT_FALSE(make_event("patient", "sex", sex, "", "", fact));
    b.add(std::move(fact), std::nullopt);
    regimen.assign(regimen.size(), '?');
    note.assign(note.size(), '?');
    sex.assign(sex.size(), '?');
  }
  auto r = std::move(b).finish();
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const PatientRecord copy = r.value();
  const PatientRecord record = std::move(r).value();
  ASSERT_EQ(record.events.size(), 1U);
  EXPECT_EQ(record.events[0].item, "fludarabine/cyclophosphamide");
  EXPECT_EQ(record.events[0].note, "outpatient");
  EXPECT_EQ(record.sex, "male");
  EXPECT_EQ(copy.events[0].item.data(), record.events[0].item.data());  // shared by copies
}

}  // namespace
}  // namespace cytostorm::record
