#include "dxhub/protocol/event_id.h"

#include <gtest/gtest.h>

#include "dxhub/protocol/sample_events.h"

namespace dxhub::protocol {
namespace {

TEST(EventId, SameFactSameId) {
  auto a = SampleStaffRecord("BTHFT", 7);
  auto b = SampleStaffRecord("BTHFT", 7);
  b.mutable_observed_at()->set_seconds(1800000000);  // observed later: still the same fact
  b.set_connector_id("another-instance");
  EXPECT_EQ(ComputeEventId(a), ComputeEventId(b));
}

TEST(EventId, AnyPartOfTheFactChangesTheId) {
  const auto base = SampleStaffRecord("BTHFT", 7);
  const std::string id = ComputeEventId(base);
  auto org = base;
  org.set_org_id("BMDC");
  EXPECT_NE(ComputeEventId(org), id);
  auto date = base;
  date.mutable_occurred_at()->set_day(30);
  EXPECT_NE(ComputeEventId(date), id);
  auto grade = base;
  grade.mutable_staff_record()->set_grade("Band 8a");
  EXPECT_NE(ComputeEventId(grade), id);
  auto source = base;
  source.set_source_key("other");
  EXPECT_NE(ComputeEventId(source), id);
}

TEST(EventId, InputLayoutIsAsDocumented) {
  const auto e = SampleStaffRecord("BTHFT", 1, "2023-03-31");
  const std::string input = EventIdInput(e);
  const std::string prefix = std::string("dxhub.event.v1\0BTHFT\0staff_record\0", 34) + e.source_key() +
                             std::string("\0", 1) + "2023-03-31" + std::string("\0", 1);
  ASSERT_GT(input.size(), prefix.size());
  EXPECT_EQ(input.substr(0, prefix.size()), prefix);
  EXPECT_EQ(input.substr(prefix.size()), e.staff_record().SerializeAsString());
  EXPECT_EQ(e.event_id().size(), 64u);
}

TEST(EventId, PayloadTypeIsTheOneofFieldName) {
  EXPECT_EQ(PayloadType(SampleStaffRecord("X1", 1)), "staff_record");
  EXPECT_EQ(PayloadType(dxhub::event::v1::Event()), "");
}

}  // namespace
}  // namespace dxhub::protocol
