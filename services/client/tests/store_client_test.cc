// A StoreClient that cannot set up its socket says why on every call: a bad
// endpoint or CURVE key is neither thrown out of the constructor (which
// aborted dxconnect) nor swallowed (which looked like a silent hub).
#include "dxhub/client/store_client.h"

#include <gtest/gtest.h>

#include "dxhub/common/keys.h"

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

}  // namespace
}  // namespace dxhub::client
