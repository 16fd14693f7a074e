#include "dxhub/protocol/rpc.h"

#include <gtest/gtest.h>

namespace dxhub::protocol {
namespace {

TEST(Rpc, RequestRoundTripsWithSignature) {
  Request request;
  request.set_request_id(42);
  request.mutable_read()->set_from_seq(7);
  auto encoded = EncodeRequest(request);
  ASSERT_TRUE(encoded.ok());
  auto& frames = *encoded;
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].to_string(), "DXHUB01");
  Request decoded;
  EXPECT_FALSE(DecodeRequest(frames, 0, &decoded).has_value());
  EXPECT_EQ(decoded.request_id(), 42u);
  EXPECT_EQ(decoded.read().from_seq(), 7u);
}

TEST(Rpc, WrongSignatureIsUnsupportedProtocol) {
  std::vector<zmq::message_t> frames;
  frames.emplace_back(std::string("MDPC01"));
  frames.emplace_back(std::string(""));
  Request decoded;
  auto error = DecodeRequest(frames, 0, &decoded);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code(), dxhub::wire::v1::ERROR_CODE_UNSUPPORTED_PROTOCOL);
}

TEST(Rpc, GarbageBodyAndWrongFrameCountAreMalformed) {
  std::vector<zmq::message_t> frames;
  frames.emplace_back(std::string("DXHUB01"));
  frames.emplace_back(std::string("\xff\xff\xff\xff", 4));
  Request decoded;
  auto error = DecodeRequest(frames, 0, &decoded);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code(), dxhub::wire::v1::ERROR_CODE_MALFORMED);
  frames.pop_back();
  EXPECT_EQ(DecodeRequest(frames, 0, &decoded)->code(), dxhub::wire::v1::ERROR_CODE_MALFORMED);
}

}  // namespace
}  // namespace dxhub::protocol
