#include "dxhub/store/ingestor.h"

#include <gtest/gtest.h>

#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/sample_events.h"
#include "test_dir.h"

namespace dxhub::store {
namespace {

using dxhub::ingest::v1::ACK_STATUS_ACCEPTED;
using dxhub::ingest::v1::ACK_STATUS_DUPLICATE;
using dxhub::ingest::v1::ACK_STATUS_REJECTED;
using dxhub::ingest::v1::IngestRequest;
using dxhub::ingest::v1::IngestResponse;

const Principal kBthft{"bthft", Role::kConnector, "BTHFT", "k"};

struct Fixture {
  std::unique_ptr<EventLog> log = std::move(*EventLog::Open(FreshTestDir()));
  Ingestor ingestor{log.get(), StoreLimits{}};

  IngestResponse Send(const std::vector<dxhub::event::v1::Event>& events, const Principal& who = kBthft) {
    IngestRequest request;
    request.set_batch_id("b");
    for (const auto& e : events) *request.add_events() = e;
    IngestResponse response;
    ingestor.Stage(who, request, &response);
    std::vector<StoredEvent> committed;
    EXPECT_TRUE(ingestor.Commit(&committed).ok());
    return response;
  }
};

TEST(Ingestor, DuplicateEventIsAcknowledgedNotStored) {
  Fixture f;
  auto e = protocol::SampleStaffRecord("BTHFT", 1);
  auto first = f.Send({e});
  ASSERT_EQ(first.acks(0).status(), ACK_STATUS_ACCEPTED);
  auto again = f.Send({e});
  EXPECT_EQ(again.acks(0).status(), ACK_STATUS_DUPLICATE);
  EXPECT_EQ(again.acks(0).seq(), first.acks(0).seq());
  EXPECT_EQ(f.log->head_seq(), 1u);
}

TEST(Ingestor, DuplicateWithinOneGroupIsStoredOnce) {
  Fixture f;
  auto e = protocol::SampleStaffRecord("BTHFT", 1);
  auto r = f.Send({e, e});
  EXPECT_EQ(r.acks(0).status(), ACK_STATUS_ACCEPTED);
  EXPECT_EQ(r.acks(1).status(), ACK_STATUS_DUPLICATE);
  EXPECT_EQ(f.log->head_seq(), 1u);
}

TEST(Ingestor, EventClaimingAnotherOrgIsASecurityRejection) {
  Fixture f;
  auto r = f.Send({protocol::SampleStaffRecord("BMDC", 1)});
  ASSERT_EQ(r.acks(0).status(), ACK_STATUS_REJECTED);
  EXPECT_EQ(r.acks(0).reason_code(), "ORG_MISMATCH");
  EXPECT_EQ(f.ingestor.counters().security_events, 1u);
  std::vector<DeadLetter> letters;
  uint64_t next = 0;
  ASSERT_TRUE(f.log->ReadDeadLetters(1, 10, &letters, &next).ok());
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_TRUE(letters[0].security());
  EXPECT_EQ(letters[0].org_id(), "BTHFT");
}

TEST(Ingestor, BadEventIsRejectedAndTheGoodOnesInTheBatchStored) {
  Fixture f;
  auto bad = protocol::SampleStaffRecord("BTHFT", 2);
  bad.mutable_staff_record()->set_fte_milli(0);
  protocol::AssignEventId(bad);
  auto r = f.Send({protocol::SampleStaffRecord("BTHFT", 1), bad, protocol::SampleStaffRecord("BTHFT", 3)});
  EXPECT_EQ(r.acks(0).status(), ACK_STATUS_ACCEPTED);
  EXPECT_EQ(r.acks(1).status(), ACK_STATUS_REJECTED);
  EXPECT_NE(r.acks(1).reason().find("fte_milli"), std::string::npos);
  EXPECT_EQ(r.acks(2).status(), ACK_STATUS_ACCEPTED);
  EXPECT_EQ(r.acks(2).seq(), 2u);  // gap-free: the rejected event took no number
  EXPECT_EQ(f.log->dead_letter_head(), 1u);
}

TEST(Ingestor, ConnectorMayNotWriteHubOnlyPayloads) {
  Fixture f;
  dxhub::event::v1::Event e = protocol::SampleStaffRecord("BTHFT", 1);
  e.mutable_admin_action()->set_actor("me");
  e.mutable_admin_action()->set_action("erase-org");
  protocol::AssignEventId(e);
  auto r = f.Send({e});
  EXPECT_EQ(r.acks(0).reason_code(), "FORBIDDEN_PAYLOAD");
}

}  // namespace
}  // namespace dxhub::store
