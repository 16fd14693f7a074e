// A StoreClient that cannot set up its socket says why on every call: a bad
// endpoint or CURVE key is neither thrown out of the constructor (which
// aborted dxconnect) nor swallowed (which looked like a silent hub).
#include "dxhub/client/store_client.h"

#include <gtest/gtest.h>

#include "dxhub/common/keys.h"
#include "dxhub/protocol/rpc.h"
#include "dxhub/testing/fake_service.h"

namespace dxhub::client {
namespace {

constexpr std::chrono::milliseconds kWait{2000};

wire::v1::Request Health() {
  wire::v1::Request request;
  request.mutable_health();
  return request;
}

TEST(PartnerFiles, D9_EndpointWithoutAPortIsAnErrorNotAnException) {
  zmq::context_t ctx(1);
  const auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(pair.ok());
  StoreClient client(ctx, {"tcp://hub.example", pair->public_key, pair->public_key, pair->secret_key});
  EXPECT_EQ(client.setup().code(), StatusCode::kInvalidArgument);
  const auto reply = client.Call(Health(), kWait);
  ASSERT_FALSE(reply.ok());
  EXPECT_NE(reply.status().message().find("'tcp://hub.example' has no port"), std::string::npos)
      << reply.status().message();
}

TEST(PartnerFiles, D9_CurveSetUpErrorIsReportedNotSwallowed) {
  zmq::context_t ctx(1);
  const auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(pair.ok());
  // A server key that is not 40 Z85 characters: libzmq refuses it (EINVAL).
  StoreClient client(ctx, {"tcp://127.0.0.1:9", "not-a-key", pair->public_key, pair->secret_key});
  const auto started = std::chrono::steady_clock::now();
  const auto reply = client.Call(Health(), kWait);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), StatusCode::kInvalidArgument) << reply.status().ToString();
  EXPECT_NE(reply.status().message().find("cannot make a CURVE client socket"), std::string::npos)
      << reply.status().message();
  EXPECT_LT(std::chrono::steady_clock::now() - started, kWait) << "waited for a reply that could never come";
  client.Reset();  // a fresh socket meets the same error
  EXPECT_EQ(client.setup().code(), StatusCode::kInvalidArgument);
}

// Issue 19, item 4: the store answered a read it could not serialise with an
// empty request_id-0 reply; the aggregator's reader took it for an empty world
// ("caught up: 0 events") and dxctl export looped forever. Id 0 answers no
// request: Call and Receive return an error naming it, never a reply.
TEST(StoreClient, F4_ARequestIdZeroReplyIsNotAnAnswer) {
  zmq::context_t ctx(1);
  wire::v1::Reply empty;  // request_id 0, no body, no error
  auto malformed = protocol::ErrorReply(0, wire::v1::ERROR_CODE_MALFORMED, "second frame is not a Request");
  for (const auto& reply : {empty, malformed}) {
    testing::FakeService service(ctx, reply, 2);
    StoreClient client(ctx, {service.address(), "", "", ""});
    wire::v1::Request read;
    read.mutable_read()->set_from_seq(1);
    auto called = client.Call(read, kWait);
    ASSERT_FALSE(called.ok()) << "a request_id-0 reply was taken as the answer";
    EXPECT_EQ(called.status().code(), StatusCode::kInternal);
    EXPECT_NE(called.status().message().find("answered with request_id 0"), std::string::npos)
        << called.status().message();
    EXPECT_NE(called.status().message().find(reply.has_error() ? "ERROR_CODE_MALFORMED: second frame" : "no error given"),
              std::string::npos)
        << called.status().message();
    ASSERT_TRUE(client.Send(read).ok());
    auto received = client.Receive(kWait);
    EXPECT_FALSE(received.ok()) << "Receive handed out a request_id-0 reply";
  }
}

}  // namespace
}  // namespace dxhub::client
