// Acceptance (issue 2, item 2): the real store on loopback with CurveZMQ.
#include <gtest/gtest.h>

#include "dxhub/common/zmq_util.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/rpc.h"
#include "dxhub/testing/store_process.h"
#include "helpers.h"

namespace dxhub::testing {
namespace {

using dxhub::ingest::v1::ACK_STATUS_ACCEPTED;
using dxhub::ingest::v1::ACK_STATUS_DUPLICATE;
using dxhub::ingest::v1::ACK_STATUS_REJECTED;

class StoreIngest : public ::testing::Test {
 protected:
  void SetUp() override { store_.Start(); }
  StoreProcess store_;
  zmq::context_t ctx_{1};
};

TEST_F(StoreIngest, AcceptedDuplicateAndRejectedAcknowledgements) {
  client::StoreClient bthft(ctx_, store_.ConnectorEndpoint("BTHFT"));
  auto good = protocol::SampleStaffRecord("BTHFT", 1);
  auto bad = protocol::SampleStaffRecord("BTHFT", 2);
  bad.mutable_staff_record()->set_tier(event::v1::TIER_UNSPECIFIED);
  protocol::AssignEventId(bad);

  auto reply = bthft.Call(IngestOf({good, bad}), kCallTimeout);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  ASSERT_EQ(reply->ingest().acks_size(), 2);
  EXPECT_EQ(reply->ingest().acks(0).status(), ACK_STATUS_ACCEPTED);
  EXPECT_EQ(reply->ingest().acks(0).seq(), 1u);
  EXPECT_EQ(reply->ingest().acks(1).status(), ACK_STATUS_REJECTED);
  EXPECT_EQ(reply->ingest().acks(1).reason_code(), "MISSING_FIELD");
  EXPECT_NE(reply->ingest().acks(1).reason().find("staff_record.tier"), std::string::npos);

  auto again = bthft.Call(IngestOf({good}), kCallTimeout);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ingest().acks(0).status(), ACK_STATUS_DUPLICATE);
  EXPECT_EQ(again->ingest().acks(0).seq(), 1u);

  client::StoreClient admin(ctx_, store_.AdminEndpoint());
  EXPECT_EQ(ReadAllEvents(admin).size(), 1u);
}

TEST_F(StoreIngest, UnregisteredKeyGetsNoService) {
  client::StoreClient stranger(ctx_, store_.EndpointWithKeys(*GenerateCurveKeyPair()));
  wire::v1::Request health;
  health.mutable_health();
  auto reply = stranger.Call(health, std::chrono::milliseconds(1500));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kTimeout);
  // A registered connector is served meanwhile.
  client::StoreClient bthft(ctx_, store_.ConnectorEndpoint("BTHFT"));
  EXPECT_TRUE(bthft.Call(health, kCallTimeout).ok());
  EXPECT_NE(ReadFile(store_.log_path()).find("is not registered"), std::string::npos);
}

TEST_F(StoreIngest, EventClaimingAnotherOrgIsRejectedAndLoggedAsSecurityEvent) {
  client::StoreClient bthft(ctx_, store_.ConnectorEndpoint("BTHFT"));
  auto reply = bthft.Call(IngestOf({protocol::SampleStaffRecord("BMDC", 1)}), kCallTimeout);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->ingest().acks(0).status(), ACK_STATUS_REJECTED);
  EXPECT_EQ(reply->ingest().acks(0).reason_code(), "ORG_MISMATCH");
  const std::string log = ReadFile(store_.log_path());
  EXPECT_NE(log.find("[security]"), std::string::npos) << log;
  EXPECT_NE(log.find("claiming org 'BMDC'"), std::string::npos) << log;

  client::StoreClient admin(ctx_, store_.AdminEndpoint());
  wire::v1::Request list;
  list.mutable_dead_letters()->set_from_id(1);
  auto letters = admin.Call(list, kCallTimeout);
  ASSERT_TRUE(letters.ok());
  ASSERT_EQ(letters->dead_letters().items_size(), 1);
  EXPECT_TRUE(letters->dead_letters().items(0).security());
  EXPECT_EQ(letters->dead_letters().items(0).org_id(), "BTHFT");
}

TEST_F(StoreIngest, MalformedFramesAndRandomBytesAreDeadLetteredAndStoreKeepsServing) {
  zmq::socket_t raw(ctx_, zmq::socket_type::dealer);
  raw.set(zmq::sockopt::linger, 0);
  auto ep = store_.ConnectorEndpoint("BTHFT");
  ASSERT_TRUE(MakeCurveClient(raw, ep.server_public_key, ep.public_key, ep.secret_key).ok());
  raw.connect(ep.address);
  // 1: random bytes in one frame; 2: right signature, garbage body; 3: wrong signature.
  std::string random(512, '\0');
  for (size_t i = 0; i < random.size(); ++i) random[i] = static_cast<char>((i * 7919 + 13) & 0xff);
  raw.send(zmq::buffer(random), zmq::send_flags::none);
  std::array<zmq::const_buffer, 2> garbage = {zmq::str_buffer("DXHUB01"), zmq::buffer(random)};
  zmq::send_multipart(raw, garbage);
  std::array<zmq::const_buffer, 2> wrong = {zmq::str_buffer("MDPC01"), zmq::str_buffer("x")};
  zmq::send_multipart(raw, wrong);
  int errors = 0;
  for (int i = 0; i < 3; ++i) {
    auto frames = ReceiveMultipart(raw, kCallTimeout);
    ASSERT_TRUE(frames.ok()) << "no error reply " << i;
    wire::v1::Reply reply;
    ASSERT_FALSE(protocol::DecodeReply(*frames, 0, &reply).has_value());
    EXPECT_TRUE(reply.has_error());
    ++errors;
  }
  EXPECT_EQ(errors, 3);

  // Plain TCP garbage, no handshake at all: the transport drops it.
  {
    zmq::socket_t stream(ctx_, zmq::socket_type::stream);
    stream.set(zmq::sockopt::linger, 0);
    stream.connect(ep.address);
    auto id = ReceiveMultipart(stream, kCallTimeout);  // connection notification
    ASSERT_TRUE(id.ok());
    std::array<zmq::const_buffer, 2> junk = {zmq::buffer((*id)[0].data(), (*id)[0].size()), zmq::buffer(random)};
    zmq::send_multipart(stream, junk);
    std::this_thread::sleep_for(kSettleTime);
  }

  client::StoreClient admin(ctx_, store_.AdminEndpoint());
  wire::v1::Request list;
  list.mutable_dead_letters()->set_from_id(1);
  auto letters = admin.Call(list, kCallTimeout);
  ASSERT_TRUE(letters.ok());
  ASSERT_EQ(letters->dead_letters().items_size(), 3);
  EXPECT_EQ(letters->dead_letters().items(0).reason_code(), "ERROR_CODE_MALFORMED");
  EXPECT_EQ(letters->dead_letters().items(0).raw(), random);
  EXPECT_EQ(letters->dead_letters().items(1).reason_code(), "ERROR_CODE_MALFORMED");
  EXPECT_EQ(letters->dead_letters().items(2).reason_code(), "ERROR_CODE_UNSUPPORTED_PROTOCOL");

  client::StoreClient bthft(ctx_, store_.ConnectorEndpoint("BTHFT"));
  auto reply = bthft.Call(IngestOf({protocol::SampleStaffRecord("BTHFT", 5)}), kCallTimeout);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->ingest().acks(0).status(), ACK_STATUS_ACCEPTED);
}

TEST_F(StoreIngest, OversizedBatchIsRefusedWithALimitMessage) {
  client::StoreClient bthft(ctx_, store_.ConnectorEndpoint("BTHFT"));
  std::vector<event::v1::Event> events;
  for (int i = 0; i < 1001; ++i) events.push_back(protocol::SampleStaffRecord("BTHFT", static_cast<uint64_t>(i)));
  auto reply = bthft.Call(IngestOf(events), kCallTimeout);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->error().code(), wire::v1::ERROR_CODE_TOO_LARGE);
  EXPECT_NE(reply->error().message().find("limit of 1000"), std::string::npos);
}

TEST(StoreLimits, EventRateAboveTheLimitIsRefusedWithRetryAfter) {
  StoreProcessOptions options;
  options.max_events_per_second = 10;
  StoreProcess store(options);
  store.Start();
  zmq::context_t ctx(1);
  client::StoreClient bthft(ctx, store.ConnectorEndpoint("BTHFT"));
  std::vector<event::v1::Event> events;
  for (uint64_t n = 0; n < 10; ++n) events.push_back(protocol::SampleStaffRecord("BTHFT", n));
  auto first = bthft.Call(IngestOf(events), kCallTimeout);  // the whole second's budget
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_error());
  events.clear();
  for (uint64_t n = 10; n < 20; ++n) events.push_back(protocol::SampleStaffRecord("BTHFT", n));
  auto second = bthft.Call(IngestOf(events), kCallTimeout);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->error().code(), wire::v1::ERROR_CODE_RATE_LIMITED);
  EXPECT_GT(second->error().retry_after_ms(), 0u);
  EXPECT_LE(second->error().retry_after_ms(), 1000u);  // 10 events at 10/s
  std::this_thread::sleep_for(std::chrono::milliseconds(second->error().retry_after_ms() + 50));
  auto retried = bthft.Call(IngestOf(events), kCallTimeout);  // after the advised wait it goes through
  ASSERT_TRUE(retried.ok());
  EXPECT_FALSE(retried->has_error()) << retried->error().message();
}

// Issue 19, failure 3: the budget was per ROUTER identity, so 91 fresh
// connections pushed 455,000 events in 8 s. It is per key now.
TEST(StoreLimits, F3_ReconnectingDoesNotBuyAFreshRateBudget) {
  StoreProcessOptions options;
  options.max_events_per_second = 10;
  StoreProcess store(options);
  store.Start();
  zmq::context_t ctx(1);
  uint64_t next = 0;
  auto batch = [&next] {
    std::vector<event::v1::Event> events;
    for (int i = 0; i < 10; ++i, ++next) events.push_back(protocol::SampleStaffRecord("BTHFT", next));
    return IngestOf(events);
  };
  client::StoreClient first(ctx, store.ConnectorEndpoint("BTHFT"));
  auto spent = first.Call(batch(), kCallTimeout);  // the whole second's budget of the key
  ASSERT_TRUE(spent.ok());
  ASSERT_FALSE(spent->has_error()) << spent->error().message();
  client::StoreClient second(ctx, store.ConnectorEndpoint("BTHFT"));  // a new connection, the same key
  auto again = second.Call(batch(), kCallTimeout);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->error().code(), wire::v1::ERROR_CODE_RATE_LIMITED) << "a reconnect bought a fresh budget";
  EXPECT_NE(again->error().message().find("from key 'BTHFT-connector'"), std::string::npos)
      << again->error().message();
}

TEST_F(StoreIngest, ConnectorMayNotRead) {
  client::StoreClient bthft(ctx_, store_.ConnectorEndpoint("BTHFT"));
  wire::v1::Request read;
  read.mutable_read()->set_from_seq(1);
  auto reply = bthft.Call(read, kCallTimeout);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->error().code(), wire::v1::ERROR_CODE_FORBIDDEN);
}

TEST_F(StoreIngest, SigtermDrainsAndExitsCleanly) {
  client::StoreClient bthft(ctx_, store_.ConnectorEndpoint("BTHFT"));
  ASSERT_TRUE(bthft.Call(IngestOf({protocol::SampleStaffRecord("BTHFT", 1)}), kCallTimeout).ok());
  EXPECT_EQ(store_.Terminate(), 0);
  EXPECT_NE(ReadFile(store_.log_path()).find("stopped cleanly at head seq 1"), std::string::npos);
}

// Test support: the store's admin socket lives under a directory named after
// the test, and a name over about 60 characters made its ipc:// path longer
// than sun_path allows (the store could not bind and never became ready).
TEST(StoreProcessSupport, ATestNameFarLongerThanSixtyCharactersStillGetsAnAdminSocketPathThatFitsInSunPathAndBinds) {
  StoreProcess store;
  store.Start();
  zmq::context_t ctx(1);
  client::StoreClient admin(ctx, store.AdminEndpoint());
  wire::v1::Request health;
  health.mutable_health();
  auto reply = admin.Call(health, kCallTimeout);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->health().status(), "SERVING");
  EXPECT_EQ(store.Terminate(), 0);
}

}  // namespace
}  // namespace dxhub::testing
