#include "dxhub/protocol/validate.h"

#include <gtest/gtest.h>

#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/sample_events.h"
#include "dxhub/protocol/source_key.h"

namespace dxhub::protocol {
namespace {

using namespace dxhub::event::v1;

std::string CodeOf(Event e, bool reassign_id = true) {
  if (reassign_id) AssignEventId(e);
  auto r = ValidateEvent(e, ValidationLimits{});
  return r ? r->code + ": " + r->reason : "OK";
}

TEST(Validate, SampleEventIsValid) { EXPECT_EQ(CodeOf(SampleStaffRecord("BTHFT", 1)), "OK"); }

TEST(Validate, EveryEnumAndKindIsCheckedByName) {
  auto e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_tier(TIER_UNSPECIFIED);
  EXPECT_EQ(CodeOf(e).rfind("MISSING_FIELD: staff_record.tier is not set", 0), 0u) << CodeOf(e);
  e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_ethnicity(static_cast<Ethnicity>(99));
  EXPECT_EQ(CodeOf(e).rfind("UNKNOWN_ENUM: staff_record.ethnicity has value 99", 0), 0u) << CodeOf(e);
}

TEST(Validate, DirectIdentifierInPersonKeyIsRejected) {
  auto e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_person_key("E1234567");
  EXPECT_EQ(CodeOf(e).rfind("INVALID_FIELD: staff_record.person_key is not a pseudonymous key", 0), 0u);
}

TEST(Validate, LongStringsAndControlCharactersAreRejected) {
  auto e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_grade(std::string(300, 'x'));
  EXPECT_EQ(CodeOf(e).rfind("STRING_TOO_LONG: staff_record.grade is 300 bytes", 0), 0u) << CodeOf(e);
  e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_grade("Band\n5");
  EXPECT_EQ(CodeOf(e).rfind("INVALID_FIELD: staff_record.grade contains a control character", 0), 0u);
}

// Issue 19, failure 8: U+009B (C1 CSI) and U+202E (right-to-left override) were accepted.
TEST(HostileInput, F8_C1ControlsAndBidiOverridesInStringsAreRejectedWithFieldAndOffset) {
  auto e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_grade("Band\xC2\x9B" "5");
  EXPECT_EQ(CodeOf(e).rfind("INVALID_FIELD: staff_record.grade contains a control character U+009B at byte offset 4", 0),
            0u) << CodeOf(e);
  e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_grade("Band \xE2\x80\xAE" "5");
  EXPECT_EQ(CodeOf(e).rfind("INVALID_FIELD: staff_record.grade contains a bidirectional control U+202E at byte offset 5",
                            0), 0u) << CodeOf(e);
  e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_grade("Band \xE2\x81\xA6" "5");  // U+2066 LEFT-TO-RIGHT ISOLATE
  EXPECT_EQ(CodeOf(e).rfind("INVALID_FIELD: staff_record.grade contains a bidirectional control U+2066", 0), 0u);
  e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_grade("Band \xC3\xA9 5");  // é stays accepted
  EXPECT_EQ(CodeOf(e), "OK");
}

TEST(Validate, ImpossibleDateIsRejected) {
  auto e = SampleStaffRecord("BTHFT", 1);
  e.mutable_occurred_at()->set_month(2);
  e.mutable_occurred_at()->set_day(30);
  EXPECT_EQ(CodeOf(e).rfind("INVALID_DATE: occurred_at is 2023-02-30", 0), 0u) << CodeOf(e);
}

TEST(Validate, WrongSchemaVersionAndMissingPayload) {
  auto e = SampleStaffRecord("BTHFT", 1);
  e.set_schema_version(2);
  EXPECT_EQ(CodeOf(e).rfind("SCHEMA_VERSION", 0), 0u);
  e = SampleStaffRecord("BTHFT", 1);
  e.clear_staff_record();
  EXPECT_EQ(CodeOf(e).rfind("NO_PAYLOAD", 0), 0u);
}

TEST(Validate, TamperedContentNoLongerMatchesItsId) {
  auto e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_fte_milli(500);
  EXPECT_EQ(CodeOf(e, /*reassign_id=*/false).rfind("EVENT_ID_MISMATCH", 0), 0u);
}

TEST(Validate, FteBoundaries) {
  for (int fte : {0, 2001}) {
    auto e = SampleStaffRecord("BTHFT", 1);
    e.mutable_staff_record()->set_fte_milli(fte);
    EXPECT_EQ(CodeOf(e).rfind("INVALID_FIELD: staff_record.fte_milli", 0), 0u) << fte;
  }
  for (int fte : {1, 2000}) {
    auto e = SampleStaffRecord("BTHFT", 1);
    e.mutable_staff_record()->set_fte_milli(fte);
    EXPECT_EQ(CodeOf(e), "OK") << fte;
  }
}

TEST(Validate, OrgIdAndKeyShapes) {
  EXPECT_TRUE(IsValidOrgId("BTHFT"));
  EXPECT_FALSE(IsValidOrgId("b"));
  EXPECT_FALSE(IsValidOrgId("bthft"));
  EXPECT_TRUE(IsPseudonymousKey(SampleKey("x")));
  EXPECT_FALSE(IsPseudonymousKey("v1:ABC"));
  EXPECT_FALSE(IsPseudonymousKey("x1:" + std::string(64, 'a')));
}

// An event of `org` with the payload set by `fill`, sealed like a connector seals it.
template <typename F>
Event Sealed(F fill) {
  Event e = SampleStaffRecord("BTHFT", 1);
  e.clear_staff_record();
  fill(e);
  e.set_source_key(ExpectedSourceKey(e));
  return e;
}

TEST(FreeText, D4_LeavingReasonIsAClosedListAndCourseCategoryAnIdentifier) {
  auto leaver = [](LeavingReason reason) {
    return Sealed([&](Event& e) {
      e.mutable_staff_left()->set_person_key(SampleKey("p"));
      e.mutable_staff_left()->set_leaving_reason(reason);
    });
  };
  EXPECT_EQ(CodeOf(leaver(LEAVING_REASON_RESIGNATION)), "OK");
  EXPECT_EQ(CodeOf(leaver(LEAVING_REASON_ABSENT_FROM_EXTRACT)), "OK");
  EXPECT_EQ(CodeOf(leaver(LEAVING_REASON_UNSPECIFIED)).rfind("MISSING_FIELD: staff_left.leaving_reason", 0), 0u);
  EXPECT_EQ(CodeOf(leaver(static_cast<LeavingReason>(77))).rfind("UNKNOWN_ENUM", 0), 0u);

  auto training = [](const std::string& category) {
    return Sealed([&](Event& e) {
      e.mutable_training_access()->set_person_key(SampleKey("p"));
      e.mutable_training_access()->set_course_category(category);
    });
  };
  for (const char* ok : {"LEADERSHIP", "OTHER", "CPD_2023", "A"}) EXPECT_EQ(CodeOf(training(ok)), "OK") << ok;
  for (const std::string& bad : std::vector<std::string>{"", "Leadership Essentials", "leadership",
                                                         "LEADERSHIP ESSENTIALS", "COURSE-1", std::string(33, 'A')}) {
    EXPECT_EQ(CodeOf(training(bad)).rfind("INVALID_FIELD: training_access.course_category is not a category", 0), 0u)
        << "'" << bad << "': " << CodeOf(training(bad));
  }
}

TEST(SecretRotation, D5_PersonKeyRotationCarriesTwoPseudonymsOfTheNewVersion) {
  auto rotation = [](const std::string& old_key, const std::string& new_key, int version) {
    return Sealed([&](Event& e) {
      auto* r = e.mutable_person_key_rotation();
      r->set_old_person_key(old_key);
      r->set_new_person_key(new_key);
      r->set_new_key_version(version);
    });
  };
  const std::string old_key = SampleKey("p");
  const std::string new_key = "v2:" + old_key.substr(3, 63) + "0";
  EXPECT_EQ(CodeOf(rotation(old_key, new_key, 2)), "OK");
  EXPECT_EQ(CodeOf(rotation("EMP100001", new_key, 2)).rfind("INVALID_FIELD: person_key_rotation.old_person_key", 0), 0u);
  EXPECT_EQ(CodeOf(rotation(old_key, "", 2)).rfind("MISSING_FIELD: person_key_rotation.new_person_key", 0), 0u);
  EXPECT_EQ(CodeOf(rotation(old_key, new_key, 3)).rfind("INVALID_FIELD: person_key_rotation.new_person_key does not start with 'v3:'", 0), 0u);
  EXPECT_EQ(CodeOf(rotation(old_key, new_key, 0)).rfind("INVALID_FIELD: person_key_rotation.new_key_version", 0), 0u);
  EXPECT_EQ(CodeOf(rotation(old_key, old_key, 1)).rfind("INVALID_FIELD: person_key_rotation.new_person_key equals", 0), 0u);
}

// Issue 18 (the store near its disk): the generic field walk spells out a
// field's path only for a rejection. The path of an entry of a repeated
// message, and of a field inside it, must read as it always did.
TEST(StoreCpu, I18_PathsOfNestedRepeatedFieldsAreSpeltOutOnlyForRejections) {
  Event e;
  e.set_org_id("BTHFT");
  e.set_connector_id("test");
  e.set_schema_version(kSchemaVersion);
  e.mutable_occurred_at()->set_year(2024);
  e.mutable_occurred_at()->set_month(1);
  e.mutable_occurred_at()->set_day(8);
  auto* review = e.mutable_peer_review();
  review->set_cycle_id("2024-q1");
  review->set_reviewed_org_id("BMDC");
  for (int i = 0; i < 3; ++i) {
    auto* r = review->add_ratings();
    r->set_question_id("Q" + std::to_string(i));
    r->set_self_level(2);
    r->set_moderated_level(3);
    r->set_comment("agreed");
  }
  e.set_source_key(ExpectedSourceKey(e));
  EXPECT_EQ(CodeOf(e), "OK");
  Event hidden = e;
  hidden.mutable_peer_review()->mutable_ratings(1)->set_comment("agreed\x7f");
  EXPECT_EQ(CodeOf(hidden).rfind("INVALID_FIELD: peer_review.ratings[1].comment contains a control character", 0), 0u)
      << CodeOf(hidden);
  Event unknown = e;
  auto* rating = unknown.mutable_peer_review()->mutable_ratings(2);
  rating->GetReflection()->MutableUnknownFields(rating)->AddVarint(999, 1);
  EXPECT_EQ(CodeOf(unknown).rfind("UNKNOWN_FIELD: peer_review.ratings[2] carries field 999, which "
                                  "dxhub.event.v1.ReviewedRating does not define", 0), 0u)
      << CodeOf(unknown);
  Event many = e;
  ValidationLimits limits;
  limits.max_repeated = 2;
  AssignEventId(many);
  auto r = ValidateEvent(many, limits);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code + ": " + r->reason, "TOO_MANY_ITEMS: peer_review.ratings has 3 entries; at most 2 are accepted");
}

}  // namespace
}  // namespace dxhub::protocol
