// Issue 18: the writer hands an ingest request to the validator still
// encoded, on the strength of a scan of its bytes; anything the scan is not
// sure of is parsed by the writer as before.
#include "dxhub/store/ingest_wire.h"

#include <gtest/gtest.h>

#include "dxhub/protocol/sample_events.h"
#include "dxhub/wire/v1/wire.pb.h"

namespace dxhub::store {
namespace {

dxhub::wire::v1::Request IngestRequestOf(int events) {
  dxhub::wire::v1::Request request;
  request.set_request_id(7);
  request.mutable_ingest()->set_batch_id("batch-1");
  for (int i = 0; i < events; ++i) {
    *request.mutable_ingest()->add_events() = protocol::SampleStaffRecord("BTHFT", static_cast<uint64_t>(i + 1));
  }
  return request;
}

TEST(IngestWire, I18_APlainIngestRequestIsCountedAndItsEventsFoundAsTheyCame) {
  for (int events : {0, 1, 3, 1000}) {
    const auto request = IngestRequestOf(events);
    const std::string bytes = request.SerializeAsString();
    ASSERT_EQ(PeekIngestEvents(bytes), static_cast<size_t>(events));
    const auto encodings = IngestEventEncodings(bytes);
    ASSERT_TRUE(encodings.has_value());
    ASSERT_EQ(encodings->size(), static_cast<size_t>(events));
    for (int i = 0; i < events; ++i) {
      EXPECT_EQ((*encodings)[static_cast<size_t>(i)], request.ingest().events(i).SerializeAsString()) << i;
    }
  }
}

TEST(IngestWire, I18_AnythingButAPlainIngestRequestIsLeftToTheWriter) {
  dxhub::wire::v1::Request health;
  health.set_request_id(3);
  health.mutable_health();
  EXPECT_FALSE(PeekIngestEvents(health.SerializeAsString())) << "another call";
  EXPECT_FALSE(PeekIngestEvents("")) << "no ingest field";
  const std::string ingest = IngestRequestOf(2).SerializeAsString();
  EXPECT_FALSE(PeekIngestEvents(ingest + ingest)) << "the ingest field twice (protobuf merges them)";
  EXPECT_FALSE(PeekIngestEvents(ingest + health.SerializeAsString())) << "a second call after it";
  EXPECT_FALSE(PeekIngestEvents(ingest.substr(0, ingest.size() - 1))) << "cut short";
  EXPECT_FALSE(PeekIngestEvents(std::string("\xff\xff\xff\xff", 4))) << "not the wire format";
  dxhub::wire::v1::Request unknown = IngestRequestOf(1);
  unknown.mutable_ingest()->GetReflection()->MutableUnknownFields(unknown.mutable_ingest())->AddVarint(9, 1);
  EXPECT_FALSE(PeekIngestEvents(unknown.SerializeAsString())) << "a field the scan does not know";
}

}  // namespace
}  // namespace dxhub::store
