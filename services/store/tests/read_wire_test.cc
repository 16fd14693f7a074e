#include "dxhub/store/read_wire.h"

#include <gtest/gtest.h>

#include "dxhub/protocol/sample_events.h"
#include "dxhub/store/event_log.h"
#include "dxhub/testing/rocks_entry.h"
#include "dxhub/wire/v1/wire.pb.h"
#include "test_dir.h"

namespace dxhub::store {
namespace {

// 300 events (seqs past one varint byte), some with a commit time, two orgs.
std::unique_ptr<EventLog> LogOf300(const std::filesystem::path& dir) {
  auto log = std::move(*EventLog::Open(dir));
  for (uint64_t first = 1; first <= 300; first += 100) {
    CommitBatch batch;
    for (uint64_t seq = first; seq < first + 100; ++seq) {
      StoredEvent stored;
      stored.set_seq(seq);
      if (seq % 3 != 0) {
        stored.mutable_committed_at()->set_seconds(1700000000 + static_cast<int64_t>(seq));
        stored.mutable_committed_at()->set_nanos(seq % 2 == 0 ? 0 : 1000 * static_cast<int32_t>(seq));
      }
      *stored.mutable_event() = protocol::SampleStaffRecord(seq % 2 == 0 ? "BTHFT" : "BMDC", seq);
      batch.events.push_back(stored);
    }
    EXPECT_TRUE(log->Commit(batch).ok());
  }
  return log;
}

// The reply the store made before issue 18: the events parsed, put in a Reply, serialised.
std::string ParsedReply(const EventLog& log, uint64_t request_id, uint64_t from, size_t max, size_t max_bytes) {
  std::vector<StoredEvent> events;
  uint64_t next = 0;
  EXPECT_TRUE(log.Read(from, max, SIZE_MAX, max_bytes, ReadFilter{}, &events, &next).ok());
  dxhub::wire::v1::Reply reply;
  reply.set_request_id(request_id);
  for (auto& e : events) *reply.mutable_read()->add_events() = std::move(e);
  reply.mutable_read()->set_next_seq(next);
  reply.mutable_read()->set_head_seq(log.head_seq());
  return reply.SerializeAsString();
}

TEST(StoreRead, I18_AnUnfilteredReadMadeOfTheStoredBytesIsTheReplyOfTheParsedEvents) {
  auto dir = FreshTestDir();
  auto log = LogOf300(dir);
  struct Case {
    uint64_t request_id, from;
    size_t max, max_bytes;
  };
  // Whole reads, reads from the middle, a byte limit cutting a chunk short,
  // the first event past the limit, a read past the head (no events), request id 0.
  for (const Case& c : {Case{7, 1, 5000, SIZE_MAX}, Case{1u << 20, 120, 100, SIZE_MAX}, Case{9, 1, 5000, 4000},
                        Case{10, 250, 5000, 1}, Case{11, 301, 5000, SIZE_MAX}, Case{0, 0, 3, SIZE_MAX}}) {
    std::string fields;
    size_t count = 0;
    uint64_t next = 0;
    ASSERT_TRUE(log->ReadEncoded(c.from, c.max, c.max_bytes, &fields, &count, &next).ok());
    const std::string expected = ParsedReply(*log, c.request_id, c.from, c.max, c.max_bytes);
    EXPECT_EQ(ReadReplyEncoding(c.request_id, fields, next, log->head_seq()), expected)
        << "from " << c.from << " max " << c.max << " max_bytes " << c.max_bytes;
    dxhub::wire::v1::Reply parsed;
    ASSERT_TRUE(parsed.ParseFromString(expected));
    EXPECT_EQ(static_cast<size_t>(parsed.read().events_size()), count);
  }
}

TEST(StoreRead, I18_AStoredSeqIsReadFromTheFirstFieldOnly) {
  StoredEvent stored;
  stored.set_seq(300);
  *stored.mutable_event() = protocol::SampleStaffRecord("BTHFT", 1);
  EXPECT_EQ(StoredSeq(stored.SerializeAsString()), 300u);
  stored.set_seq(0);  // left out: the encoding starts with another field
  EXPECT_EQ(StoredSeq(stored.SerializeAsString()), std::nullopt);
  EXPECT_EQ(StoredSeq(""), std::nullopt);
  EXPECT_EQ(StoredSeq(std::string("\x08\xff\xff", 3)), std::nullopt);  // the varint runs out
}

// An event whose bytes do not start with its key's seq is parsed as Read
// would parse it: one that parses is sent; one that does not is the same
// Corruption error Read gives, naming the seq.
TEST(StoreRead, I18_AnEventNotStartingWithItsSeqIsParsedAndOneThatDoesNotParseIsCorruption) {
  auto dir = FreshTestDir();
  { auto log = LogOf300(dir); }
  StoredEvent shuffled;  // its seq written last: parses, does not start with it
  *shuffled.mutable_event() = protocol::SampleStaffRecord("BTHFT", 5);
  ASSERT_TRUE(testing::PutRawEntry(dir, "events", EncodeSeq(5), shuffled.SerializeAsString() + "\x08\x05").ok());
  ASSERT_TRUE(testing::PutRawEntry(dir, "events", EncodeSeq(12), "\x12\xff garbage").ok());
  auto log = std::move(*EventLog::Open(dir));
  std::string fields;
  size_t count = 0;
  uint64_t next = 0;
  ASSERT_TRUE(log->ReadEncoded(1, 8, SIZE_MAX, &fields, &count, &next).ok());
  EXPECT_EQ(count, 8u);
  EXPECT_EQ(next, 9u);
  // The same reply once parsed (seq 5 is sent as kept, not in field order).
  dxhub::wire::v1::Reply sent;
  ASSERT_TRUE(sent.ParseFromString(ReadReplyEncoding(1, fields, next, log->head_seq())));
  EXPECT_EQ(sent.SerializeAsString(), ParsedReply(*log, 1, 1, 8, SIZE_MAX));
  EXPECT_EQ(sent.read().events(4).seq(), 5u);
  fields.clear();
  const Status s = log->ReadEncoded(10, 100, SIZE_MAX, &fields, &count, &next);
  EXPECT_EQ(s.code(), StatusCode::kCorruption) << s.ToString();
  EXPECT_NE(s.message().find("event at seq 12 does not parse"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace dxhub::store
