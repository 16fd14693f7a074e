// Acceptance (issue 20, items 1 and 6): what docs/protocol.md states about
// replies, request ids, read filters, the org-id format and the unwritten
// rules of a batch, checked against the real dxhub-store on loopback.
#include <gtest/gtest.h>

#include "dxhub/common/keys.h"
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
using dxhub::wire::v1::ErrorCode;

// A DEALER speaking raw frames with a registered connector's key, so a test
// can send what StoreClient never would (wrong signature, extra frames).
class RawClient {
 public:
  RawClient(zmq::context_t& ctx, const client::Endpoint& ep) : socket_(ctx, zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.set(zmq::sockopt::sndtimeo, 5000);
    EXPECT_TRUE(MakeCurveClient(socket_, ep.server_public_key, ep.public_key, ep.secret_key).ok());
    socket_.connect(ep.address);
  }
  // Sends `frames` as one message and returns the decoded reply.
  wire::v1::Reply Exchange(const std::vector<std::string>& frames) {
    std::vector<zmq::message_t> out;
    for (const auto& f : frames) out.emplace_back(f.data(), f.size());
    EXPECT_TRUE(zmq::send_multipart(socket_, out).has_value());
    auto in = ReceiveMultipart(socket_, kCallTimeout);
    wire::v1::Reply reply;
    EXPECT_TRUE(in.ok()) << "no reply";
    if (in.ok()) {
      EXPECT_FALSE(protocol::DecodeReply(*in, 0, &reply).has_value());
    }
    return reply;
  }

 private:
  zmq::socket_t socket_;
};

StoreProcessOptions WithOrgs(std::vector<std::string> orgs) {
  StoreProcessOptions options;
  options.connector_orgs = std::move(orgs);
  return options;
}

std::string HealthRequestBytes(uint64_t id) {
  wire::v1::Request r;
  r.set_request_id(id);
  r.mutable_health();
  return r.SerializeAsString();
}

class ProtocolContractStore : public ::testing::Test {
 protected:
  void SetUp() override { store_.Start(); }
  wire::v1::Reply CallAs(const client::Endpoint& ep, const wire::v1::Request& request) {
    client::StoreClient c(ctx_, ep);
    auto reply = c.Call(request, kCallTimeout);
    EXPECT_TRUE(reply.ok()) << reply.status().ToString();
    return reply.ok() ? *reply : wire::v1::Reply();
  }
  wire::v1::Reply Read(const std::function<void(store::v1::ReadRequest*)>& fill) {
    wire::v1::Request r;
    fill(r.mutable_read());
    return CallAs(store_.ServiceEndpoint(), r);
  }
  StoreProcess store_;
  zmq::context_t ctx_{1};
};

TEST_F(ProtocolContractStore, I1_ReplyEchoesRequestIdForAWrongSignature) {
  RawClient raw(ctx_, store_.ConnectorEndpoint("BTHFT"));
  auto reply = raw.Exchange({"DXHUB99", HealthRequestBytes(41)});
  EXPECT_EQ(reply.error().code(), ErrorCode::ERROR_CODE_UNSUPPORTED_PROTOCOL);
  EXPECT_EQ(reply.request_id(), 41u);
}

TEST_F(ProtocolContractStore, I1_ReplyEchoesRequestIdForAWrongFrameCount) {
  RawClient raw(ctx_, store_.ConnectorEndpoint("BTHFT"));
  auto reply = raw.Exchange({"DXHUB01", HealthRequestBytes(42), "extra"});
  EXPECT_EQ(reply.error().code(), ErrorCode::ERROR_CODE_MALFORMED);
  EXPECT_EQ(reply.request_id(), 42u);
}

TEST_F(ProtocolContractStore, I1_RequestThatDoesNotParseIsAnsweredWithIdZero) {
  RawClient raw(ctx_, store_.ConnectorEndpoint("BTHFT"));
  auto reply = raw.Exchange({"DXHUB01", std::string("\xff\xff\xff\xff", 4)});
  EXPECT_EQ(reply.error().code(), ErrorCode::ERROR_CODE_MALFORMED);
  EXPECT_EQ(reply.request_id(), 0u);
  reply = raw.Exchange({HealthRequestBytes(43)});  // one frame: no Request frame to read an id from
  EXPECT_EQ(reply.error().code(), ErrorCode::ERROR_CODE_MALFORMED);
  EXPECT_EQ(reply.request_id(), 0u);
}

TEST(ProtocolContract, I1_ReplyEchoesRequestIdForAMessageOverTheByteLimit) {
  StoreProcess store(WithLimits("  max_message_bytes: 4096\n"));
  store.Start();
  zmq::context_t ctx(1);
  std::vector<event::v1::Event> events;
  for (uint64_t i = 0; i < 20; ++i) events.push_back(protocol::SampleStaffRecord("BTHFT", i));
  auto request = IngestOf(events);
  request.set_request_id(44);
  RawClient raw(ctx, store.ConnectorEndpoint("BTHFT"));
  auto reply = raw.Exchange({"DXHUB01", request.SerializeAsString()});
  EXPECT_EQ(reply.error().code(), ErrorCode::ERROR_CODE_TOO_LARGE);
  EXPECT_NE(reply.error().message().find("limit of 4096"), std::string::npos) << reply.error().message();
  EXPECT_EQ(reply.request_id(), 44u);
  // Over the limit and not a Request either: nothing to echo.
  reply = raw.Exchange({"DXHUB01", std::string(5000, '\xff')});
  EXPECT_EQ(reply.error().code(), ErrorCode::ERROR_CODE_TOO_LARGE);
  EXPECT_EQ(reply.request_id(), 0u);
}

// Issue 19, failure 8: every malformed message became a dead letter (and a
// log line), however fast one key sent them. Each is still answered.
TEST(HostileInput, F8_MalformedMessagesAreDeadLetteredWithinAPerKeyBudget) {
  StoreProcess store(WithLimits("  max_malformed_per_second: 5\n"));
  store.Start();
  zmq::context_t ctx(1);
  RawClient raw(ctx, store.ConnectorEndpoint("BTHFT"));
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 60; ++i) {
    auto reply = raw.Exchange({"DXHUB01", std::string("\xff\xff\xff\xff", 4)});
    ASSERT_EQ(reply.error().code(), ErrorCode::ERROR_CODE_MALFORMED) << "message " << i << " is answered";
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  client::StoreClient admin(ctx, store.AdminEndpoint());
  wire::v1::Request list;
  list.mutable_dead_letters()->set_from_id(1);
  list.mutable_dead_letters()->set_max_items(1000);
  auto letters = admin.Call(list, kCallTimeout);
  ASSERT_TRUE(letters.ok()) << letters.status().ToString();
  const int budget = 5 + static_cast<int>(5 * seconds) + 1;  // the bucket, and what refilled meanwhile
  EXPECT_GE(letters->dead_letters().items_size(), 5);
  EXPECT_LE(letters->dead_letters().items_size(), budget) << "in " << seconds << " s";
  const std::string log = ReadFile(store.log_path());
  size_t lines = 0;
  for (size_t at = log.find("malformed message from"); at != std::string::npos; at = log.find("malformed message from", at + 1)) {
    ++lines;
  }
  EXPECT_LE(lines, 2u) << log;
}

// Issue 18: an ingest request is parsed on the validator's thread, not the
// writer's. One that looks like a batch of ten events but whose events do not
// parse is answered, logged and dead-lettered as a malformed message, exactly
// as when the writer parsed it, and costs its key none of its event budget.
TEST(HostileInput, I18_ABatchWhoseEventsDoNotParseIsMalformedAndCostsNoRateBudget) {
  StoreProcessOptions options;
  options.max_events_per_second = 10;
  StoreProcess store(options);
  store.Start();
  zmq::context_t ctx(1);
  std::string ingest;
  for (int i = 0; i < 10; ++i) ingest += std::string("\x12\x03\xff\xff\xff", 5);  // events: 3 bytes that are no Event
  const std::string body = std::string("\x08\x2e\x52", 3) + static_cast<char>(ingest.size()) + ingest;  // id 46, ingest
  RawClient raw(ctx, store.ConnectorEndpoint("BTHFT"));
  auto reply = raw.Exchange({"DXHUB01", body});
  EXPECT_EQ(reply.error().code(), ErrorCode::ERROR_CODE_MALFORMED);
  EXPECT_EQ(reply.request_id(), 0u);  // the Request frame does not parse: no id to echo

  std::vector<event::v1::Event> events;
  for (uint64_t i = 0; i < 10; ++i) events.push_back(protocol::SampleStaffRecord("BTHFT", i));
  auto batch = IngestOf(events);
  batch.set_request_id(47);
  const auto accepted = raw.Exchange({"DXHUB01", batch.SerializeAsString()});  // no retry: a refusal shows
  ASSERT_FALSE(accepted.has_error()) << accepted.error().message();
  EXPECT_EQ(accepted.ingest().acks_size(), 10);

  client::StoreClient admin(ctx, store.AdminEndpoint());
  wire::v1::Request list;
  list.mutable_dead_letters()->set_from_id(1);
  auto letters = admin.Call(list, kCallTimeout);
  ASSERT_TRUE(letters.ok()) << letters.status().ToString();
  ASSERT_EQ(letters->dead_letters().items_size(), 1);
  EXPECT_EQ(letters->dead_letters().items(0).reason_code(), "ERROR_CODE_MALFORMED");
  EXPECT_EQ(letters->dead_letters().items(0).raw(), "DXHUB01" + body);
  EXPECT_NE(ReadFile(store.log_path()).find("malformed message from"), std::string::npos);
}

TEST(ProtocolContract, I6_MaxEventsAboveTheStoresCapIsCappedToIt) {
  StoreProcess store(WithLimits("  max_read_events: 2\n"));
  store.Start();
  zmq::context_t ctx(1);
  client::StoreClient bthft(ctx, store.ConnectorEndpoint("BTHFT"));
  std::vector<event::v1::Event> events;
  for (uint64_t i = 0; i < 5; ++i) events.push_back(protocol::SampleStaffRecord("BTHFT", i));
  ASSERT_TRUE(bthft.Call(IngestOf(events), kCallTimeout).ok());
  client::StoreClient service(ctx, store.ServiceEndpoint());
  for (uint32_t asked : {0u, 10u}) {
    wire::v1::Request read;
    read.mutable_read()->set_from_seq(1);
    read.mutable_read()->set_max_events(asked);
    auto reply = service.Call(read, kCallTimeout);
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ(reply->read().events_size(), 2) << "max_events " << asked;
    EXPECT_EQ(reply->read().next_seq(), 3u);
    EXPECT_EQ(reply->read().head_seq(), 5u);
  }
}

TEST_F(ProtocolContractStore, I6_BadReadFiltersAreInvalidArgument) {
  const std::vector<std::pair<std::string, std::function<void(store::v1::ReadRequest*)>>> cases = {
      {"event_types", [](auto* r) { r->add_event_types("staff_records"); }},
      {"org_ids", [](auto* r) { r->add_org_ids("bthft"); }},
      {"occurred_from", [](auto* r) { r->mutable_occurred_from()->set_year(2023); }},
      {"occurred_to", [](auto* r) {
         r->mutable_occurred_from()->set_year(2024);
         r->mutable_occurred_from()->set_month(1);
         r->mutable_occurred_from()->set_day(1);
         r->mutable_occurred_to()->set_year(2023);
         r->mutable_occurred_to()->set_month(1);
         r->mutable_occurred_to()->set_day(1);
       }},
  };
  for (const auto& [field, fill] : cases) {
    auto reply = Read(fill);
    EXPECT_EQ(reply.error().code(), ErrorCode::ERROR_CODE_INVALID_ARGUMENT) << field;
    EXPECT_NE(reply.error().message().find(field), std::string::npos) << reply.error().message();
  }
  // A well-formed filter that matches nothing is an empty answer, not an error.
  auto reply = Read([](auto* r) { r->add_org_ids("NOSUCHORG"); });
  EXPECT_FALSE(reply.has_error());
}

TEST_F(ProtocolContractStore, I6_MalformedOrgIdIsAFormatErrorNotOrgMismatch) {
  auto e = protocol::SampleStaffRecord("bthft", 1);
  auto reply = CallAs(store_.ConnectorEndpoint("BTHFT"), IngestOf({e}));
  ASSERT_EQ(reply.ingest().acks_size(), 1);
  EXPECT_EQ(reply.ingest().acks(0).reason_code(), "INVALID_FIELD");
  EXPECT_NE(reply.ingest().acks(0).reason().find("org_id 'bthft' is not valid"), std::string::npos);
  EXPECT_EQ(ReadFile(store_.log_path()).find("claiming org"), std::string::npos) << "logged as a security event";
  // A well-formed org that is not the key's is still a security event.
  reply = CallAs(store_.ConnectorEndpoint("BTHFT"), IngestOf({protocol::SampleStaffRecord("BMDC", 1)}));
  EXPECT_EQ(reply.ingest().acks(0).reason_code(), "ORG_MISMATCH");
}

TEST_F(ProtocolContractStore, I6_BatchGetsConsecutiveSeqsAndARepeatIsAcceptedThenDuplicate) {
  const auto a = protocol::SampleStaffRecord("BTHFT", 1);
  const auto b = protocol::SampleStaffRecord("BTHFT", 2);
  const auto c = protocol::SampleStaffRecord("BTHFT", 3);
  auto bad = protocol::SampleStaffRecord("BTHFT", 4);
  bad.mutable_staff_record()->set_fte_milli(0);
  protocol::AssignEventId(bad);
  auto reply = CallAs(store_.ConnectorEndpoint("BTHFT"), IngestOf({a, bad, b, a, c}));
  ASSERT_EQ(reply.ingest().acks_size(), 5);
  EXPECT_EQ(reply.ingest().acks(0).status(), ACK_STATUS_ACCEPTED);
  EXPECT_EQ(reply.ingest().acks(0).seq(), 1u);
  EXPECT_EQ(reply.ingest().acks(1).status(), ACK_STATUS_REJECTED);
  EXPECT_EQ(reply.ingest().acks(1).seq(), 0u);
  EXPECT_EQ(reply.ingest().acks(2).seq(), 2u);
  EXPECT_EQ(reply.ingest().acks(3).status(), ACK_STATUS_DUPLICATE);
  EXPECT_EQ(reply.ingest().acks(3).seq(), 1u);
  EXPECT_EQ(reply.ingest().acks(4).status(), ACK_STATUS_ACCEPTED);
  EXPECT_EQ(reply.ingest().acks(4).seq(), 3u);
}

TEST_F(ProtocolContractStore, I6_EmptyBatchGetsAnEmptyAckList) {
  auto reply = CallAs(store_.ConnectorEndpoint("BTHFT"), IngestOf({}, "empty"));
  EXPECT_FALSE(reply.has_error());
  EXPECT_TRUE(reply.has_ingest());
  EXPECT_EQ(reply.ingest().batch_id(), "empty");
  EXPECT_EQ(reply.ingest().acks_size(), 0);
}

TEST_F(ProtocolContractStore, I6_ReadFromSeqZeroReadsFromOneAndMaxEventsZeroMeansUpToTheCap) {
  std::vector<event::v1::Event> events;
  for (uint64_t i = 0; i < 3; ++i) events.push_back(protocol::SampleStaffRecord("BTHFT", i));
  CallAs(store_.ConnectorEndpoint("BTHFT"), IngestOf(events));
  auto reply = Read([](auto* r) { r->set_from_seq(0); });
  ASSERT_EQ(reply.read().events_size(), 3);
  EXPECT_EQ(reply.read().events(0).seq(), 1u);
  EXPECT_EQ(reply.read().next_seq(), 4u);
  EXPECT_EQ(reply.read().head_seq(), 3u);
  reply = Read([](auto* r) { r->set_from_seq(1), r->set_max_events(2); });
  EXPECT_EQ(reply.read().events_size(), 2);
}

TEST_F(ProtocolContractStore, I6_ServiceKeyMayListDeadLettersAndAConnectorKeyMayNot) {
  wire::v1::Request list;
  list.mutable_dead_letters()->set_from_id(1);
  EXPECT_FALSE(CallAs(store_.ServiceEndpoint(), list).has_error());
  EXPECT_EQ(CallAs(store_.ConnectorEndpoint("BTHFT"), list).error().code(), ErrorCode::ERROR_CODE_FORBIDDEN);
}

TEST(ProtocolContract, I6_CheckConfigRefusesMaxStringBytesBelowTheLengthOfAKey) {
  for (const auto& [limit, code] : std::vector<std::pair<std::string, int>>{{"66", 2}, {"67", 0}}) {
    StoreProcess store(WithLimits("  max_string_bytes: " + limit + "\n"));
    auto out = RunCommandFor(BinaryPath("dxhub-store"), {"--config", store.config_path().string(), "--check-config"},
                             store.dir() / ("check-" + limit));
    EXPECT_EQ(out.code, code) << limit << ": " << out.out << out.err;
    if (code != 0) {
      EXPECT_NE(out.err.find("'max_string_bytes' is 66, below 67"), std::string::npos) << out.err;
      EXPECT_NE(out.err.find("store.yaml:"), std::string::npos) << out.err;
    }
  }
}

// Item 7: dxctl conformance against a real store configured for it.
class Conformance : public ::testing::Test {
 protected:
  void SetUp() override { store_.Start(); }
  CommandResult Run(const std::string& key_org, const std::vector<std::string>& extra, const std::string& stem) {
    const auto ep = store_.ConnectorEndpoint(key_org);
    const auto key_stem = store_.dir() / "keys" / (key_org + "-connector");
    EXPECT_TRUE(WriteCurveKeyPair(key_stem, {ep.public_key, ep.secret_key}, true).ok());
    std::vector<std::string> args = {"conformance", "--endpoint", store_.ingest_endpoint(), "--server-key",
                                     (store_.dir() / "keys" / "store.pub").string(), "--key",
                                     key_stem.string() + ".secret"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCommandFor(BinaryPath("dxctl"), args, store_.dir() / stem);
  }
  StoreProcess store_{WithOrgs({"ACME", "BMDC"})};
};

TEST_F(Conformance, I7_ConformanceReportsEveryCheckAsTheContractSaysAgainstARealStore) {
  auto first = Run("ACME", {}, "first");
  EXPECT_EQ(first.code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("health answered: dxhub-store SERVING"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("staff_left: the ACME vector of issue 20 under the closed leaving-reason list: ACCEPTED, "
                           "stored as seq"),
            std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("event id 13bf9add2f73a4b77762f20dfdb224e9fe54e80400c72b19e5f224ec195aec71"),
            std::string::npos);
  EXPECT_NE(first.out.find("UNKNOWN_CYCLE"), std::string::npos) << "review payloads meet the cycle rules";
  EXPECT_NE(first.out.find("sex unset on a recruitment outcome: expected REJECTED MISSING_FIELD, got REJECTED "
                           "MISSING_FIELD: recruitment_outcome.sex"),
            std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("read: ERROR_CODE_FORBIDDEN"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find(" 0 not."), std::string::npos) << first.out;
  EXPECT_EQ(first.out.find("FAIL"), std::string::npos) << first.out;

  // Run again: the valid events are now duplicates, still as the contract says.
  auto second = Run("ACME", {}, "second");
  EXPECT_EQ(second.code, 0) << second.out << second.err;
  EXPECT_EQ(second.out.find("ACCEPTED"), std::string::npos) << second.out;

  // Another partner's key, its own org: the vectors are re-sealed for it.
  auto bmdc = Run("BMDC", {"--org", "BMDC"}, "bmdc");
  EXPECT_EQ(bmdc.code, 0) << bmdc.out << bmdc.err;
}

TEST_F(Conformance, I7_ConformanceReportsWhatDiffersAndExitsOne) {
  // A key registered for ACME that claims BMDC: every valid event is another org's.
  auto wrong = Run("ACME", {"--org", "BMDC"}, "wrong");
  EXPECT_EQ(wrong.code, 1) << wrong.out << wrong.err;
  EXPECT_NE(wrong.out.find("FAIL  staff_record"), std::string::npos) << wrong.out;
  EXPECT_NE(wrong.out.find("REJECTED ORG_MISMATCH"), std::string::npos) << wrong.out;
}

}  // namespace
}  // namespace dxhub::testing
