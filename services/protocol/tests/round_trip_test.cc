// The round-trip check made before anything reaches the connector's outbox or
// snapshot (issue 15, defect 1: an invalid UTF-8 byte in a proto3 string was
// written, and the entry never parsed again).
#include "dxhub/protocol/round_trip.h"

#include <gtest/gtest.h>

#include "dxhub/protocol/sample_events.h"

namespace dxhub::protocol {
namespace {

TEST(PartnerFiles, D1_AValidEventRoundTrips) {
  auto e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_ethnicity_source("M Black \xE2\x80\x93 Caribbean");  // a real en dash
  EXPECT_EQ(RoundTripProblem(e), std::nullopt);
}

TEST(PartnerFiles, D1_AStringFieldWithABadByteIsRefusedNamingTheField) {
  auto e = SampleStaffRecord("BTHFT", 1);
  e.mutable_staff_record()->set_grade("Band\x96" "5");
  EXPECT_EQ(RoundTripProblem(e), "staff_record.grade is not valid UTF-8 (byte 0x96 at offset 4)");
  // What went wrong before: the bytes are written but never parse back.
  dxhub::event::v1::Event back;
  EXPECT_FALSE(back.ParseFromString(e.SerializeAsString()));
}

TEST(PartnerFiles, D1_ABadByteInARepeatedNestedFieldIsFound) {
  dxhub::event::v1::Event e;
  auto* m = e.mutable_grade_mapping_change();
  m->add_rules()->set_grade("Band 5");
  m->add_rules()->set_grade("Band \xE9");
  EXPECT_EQ(RoundTripProblem(e), "grade_mapping_change.rules[1].grade is not valid UTF-8 (byte 0xE9 at offset 5)");
}

}  // namespace
}  // namespace dxhub::protocol
