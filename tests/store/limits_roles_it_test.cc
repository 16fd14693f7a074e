// Acceptance (issue 19, items 4 and 7) against the real dxhub-store on
// loopback: reads bounded by bytes and followed by next_seq, unknown fields
// refused at ingest, a request_id-0 reply never taken for an answer by
// `dxctl export`, and each role held to its own payloads, requests and org.
#include <gtest/gtest.h>

#include "dxhub/protocol/event_id.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/fake_service.h"
#include "dxhub/testing/store_process.h"
#include "helpers.h"

namespace dxhub::testing {
namespace {

using dxhub::ingest::v1::ACK_STATUS_ACCEPTED;

wire::v1::Reply CallAs(zmq::context_t& ctx, const client::Endpoint& ep, const wire::v1::Request& request) {
  client::StoreClient c(ctx, ep);
  auto reply = c.Call(request, kCallTimeout);
  EXPECT_TRUE(reply.ok()) << reply.status().ToString();
  return reply.ok() ? *reply : wire::v1::Reply();
}

// Issue 19, item 4: events of 3 MB made one default read over 2 GiB. With
// max_read_bytes at 4 KiB, 40 events of ~700 bytes come in replies of at most
// 4 KiB of events, and a reader that follows next_seq gets every one once.
TEST(StoreRead, F4_AReaderFollowingNextSeqGetsEveryEventThroughByteBoundedReplies) {
  StoreProcess store(WithLimits("  max_read_bytes: 4096\n"));
  store.Start();
  zmq::context_t ctx(1);
  std::vector<event::v1::Event> events;
  for (uint64_t i = 1; i <= 40; ++i) {
    auto e = protocol::SampleStaffRecord("BTHFT", i);
    e.mutable_staff_record()->set_grade(std::string(200, 'g'));  // bulk within max_string_bytes
    protocol::AssignEventId(e);
    events.push_back(e);
  }
  auto ingested = CallAs(ctx, store.ConnectorEndpoint("BTHFT"), IngestOf(events));
  for (const auto& ack : ingested.ingest().acks()) ASSERT_EQ(ack.status(), ACK_STATUS_ACCEPTED) << ack.reason();
  std::vector<uint64_t> seqs;
  int replies = 0;
  for (uint64_t from = 1; from <= 40; ++replies) {
    wire::v1::Request read;
    read.mutable_read()->set_from_seq(from);
    auto reply = CallAs(ctx, store.ServiceEndpoint(), read);
    ASSERT_FALSE(reply.has_error()) << reply.error().message();
    ASSERT_GT(reply.read().events_size(), 0);
    size_t bytes = 0;
    for (const auto& e : reply.read().events()) {
      bytes += e.ByteSizeLong() + 6;
      seqs.push_back(e.seq());
    }
    EXPECT_LE(bytes, 4096u);
    ASSERT_GT(reply.read().next_seq(), from);
    from = reply.read().next_seq();
  }
  EXPECT_GE(replies, 6) << "40 events of ~700 bytes cannot fit 4 KiB replies in fewer";
  std::vector<uint64_t> expected;
  for (uint64_t s = 1; s <= 40; ++s) expected.push_back(s);
  EXPECT_EQ(seqs, expected);
}

// Issue 19, item 4: field 999 was accepted and stored verbatim; now the event
// is rejected UNKNOWN_FIELD naming the field, and nothing is stored.
TEST(StoreIngestContract, F4_UnknownFieldsAreRefusedByTheStore) {
  StoreProcess store;
  store.Start();
  zmq::context_t ctx(1);
  auto e = protocol::SampleStaffRecord("BTHFT", 1);
  e.GetReflection()->MutableUnknownFields(&e)->AddLengthDelimited(999, std::string(3000, 'x'));
  auto reply = CallAs(ctx, store.ConnectorEndpoint("BTHFT"), IngestOf({e}));
  ASSERT_EQ(reply.ingest().acks_size(), 1);
  EXPECT_EQ(reply.ingest().acks(0).reason_code(), "UNKNOWN_FIELD") << reply.ingest().acks(0).reason();
  EXPECT_NE(reply.ingest().acks(0).reason().find("field 999"), std::string::npos);
  wire::v1::Request read;
  read.mutable_read()->set_from_seq(1);
  EXPECT_EQ(CallAs(ctx, store.ServiceEndpoint(), read).read().head_seq(), 0u);
}

// Issue 19, item 4: `dxctl export` looped forever on an empty request_id-0
// reply (next_seq 0, head 0). It now stops with an error naming it.
TEST(DxctlExport, F4_ARequestIdZeroReplyEndsTheExportWithAnError) {
  StoreProcess scratch;  // for its directory
  zmq::context_t ctx(1);
  FakeService service(ctx, wire::v1::Reply(), 1000000);  // the old dxctl asked forever
  const auto run = RunCommandFor(BinaryPath("dxctl"), {"export", "--endpoint", service.address()},
                                 scratch.dir() / "export", std::chrono::seconds(20));
  EXPECT_EQ(run.code, 1) << "exit " << run.code << " (-1: still running after 20 s)\n" << run.err;
  EXPECT_NE(run.err.find("answered with request_id 0"), std::string::npos) << run.err;
  EXPECT_EQ(run.out, "");
}

// Issue 19, item 7: `stats` answered a connector key with every org's event
// counts. A connector now gets only counters labelled with its own org.
TEST(StoreRoles, F7_StatsAnswersAConnectorWithItsOwnOrgOnly) {
  StoreProcess store;
  store.Start();
  zmq::context_t ctx(1);
  for (const std::string org : {"BTHFT", "BMDC"}) {
    auto reply = CallAs(ctx, store.ConnectorEndpoint(org), IngestOf({protocol::SampleStaffRecord(org, 1)}));
    ASSERT_EQ(reply.ingest().acks(0).status(), ACK_STATUS_ACCEPTED);
  }
  wire::v1::Request stats;
  stats.mutable_stats();
  auto mine = CallAs(ctx, store.ConnectorEndpoint("BTHFT"), stats);
  ASSERT_FALSE(mine.has_error()) << mine.error().message();
  bool own_events = false;
  for (const auto& c : mine.stats().counters()) {
    ASSERT_EQ(c.labels().count("org"), 1u) << c.name() << " is hub-wide, not BTHFT's";
    EXPECT_EQ(c.labels().at("org"), "BTHFT") << c.name();
    own_events = own_events || c.name() == "events_stored";
  }
  EXPECT_TRUE(own_events);
  auto all = CallAs(ctx, store.ServiceEndpoint(), stats);
  std::set<std::string> orgs;
  for (const auto& c : all.stats().counters()) {
    if (c.name() == "events_stored") orgs.insert(c.labels().at("org"));
  }
  EXPECT_EQ(orgs, (std::set<std::string>{"BMDC", "BTHFT"})) << "a service key still sees every org";
}

// Issue 19, item 7: a service key stored a staff record for an unregistered
// org; the store now refuses it as a claim on another org (a security event),
// and still takes the digest service's digest_sent for org HUB.
TEST(StoreRoles, F7_AServiceKeyWritesOnlyItsOwnRecordsForOrgHub) {
  StoreProcess store;
  store.Start();
  zmq::context_t ctx(1);
  event::v1::Event digest;
  digest.set_org_id("HUB");
  digest.set_connector_id("dxhub-digest");
  digest.set_schema_version(1);
  digest.mutable_occurred_at()->set_year(2024);
  digest.mutable_occurred_at()->set_month(1);
  digest.mutable_occurred_at()->set_day(8);
  digest.mutable_digest_sent()->set_schedule_id("weekly-board");
  digest.mutable_digest_sent()->set_slot("2024-01-08T09:00:00+00:00");
  digest.set_source_key("weekly-board/2024-01-08T09:00:00+00:00");
  protocol::AssignEventId(digest);
  auto reply = CallAs(ctx, store.ServiceEndpoint(), IngestOf({protocol::SampleStaffRecord("NOSUCHORG", 1), digest}));
  ASSERT_EQ(reply.ingest().acks_size(), 2);
  EXPECT_EQ(reply.ingest().acks(0).reason_code(), "ORG_MISMATCH") << reply.ingest().acks(0).reason();
  EXPECT_EQ(reply.ingest().acks(1).status(), ACK_STATUS_ACCEPTED) << reply.ingest().acks(1).reason();
}

}  // namespace
}  // namespace dxhub::testing
