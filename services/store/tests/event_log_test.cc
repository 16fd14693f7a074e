#include "dxhub/store/event_log.h"

#include <gtest/gtest.h>

#include "dxhub/protocol/sample_events.h"
#include "test_dir.h"

namespace dxhub::store {
namespace {

CommitBatch Batch(uint64_t first_seq, int n, const std::string& org = "BTHFT") {
  CommitBatch batch;
  for (int i = 0; i < n; ++i) {
    StoredEvent stored;
    stored.set_seq(first_seq + static_cast<uint64_t>(i));
    *stored.mutable_event() = protocol::SampleStaffRecord(org, first_seq + static_cast<uint64_t>(i));
    batch.events.push_back(stored);
  }
  return batch;
}

TEST(EventLog, SeqKeysSortNumerically) {
  EXPECT_LT(EncodeSeq(255), EncodeSeq(256));
  EXPECT_EQ(DecodeSeq(EncodeSeq(0x0102030405060708ULL)), 0x0102030405060708ULL);
}

TEST(EventLog, CommittedEventsSurviveReopen) {
  auto dir = FreshTestDir();
  std::string id;
  {
    auto log = EventLog::Open(dir);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    auto batch = Batch(1, 3);
    id = batch.events[1].event().event_id();
    ASSERT_TRUE((*log)->Commit(batch).ok());
    EXPECT_EQ((*log)->head_seq(), 3u);
  }
  auto log = EventLog::Open(dir);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ((*log)->head_seq(), 3u);
  auto found = (*log)->FindEventId(id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->value_or(0), 2u);
  EXPECT_EQ(((*log)->counts().at({"BTHFT", "staff_record"})), 3u);
}

TEST(EventLog, ReadFiltersByOrgAndReturnsNextSeq) {
  auto dir = FreshTestDir();
  auto log = std::move(*EventLog::Open(dir));
  ASSERT_TRUE(log->Commit(Batch(1, 2, "BTHFT")).ok());
  ASSERT_TRUE(log->Commit(Batch(3, 2, "BMDC")).ok());
  std::vector<StoredEvent> out;
  uint64_t next = 0;
  ReadFilter filter;
  filter.org_ids = {"BMDC"};
  ASSERT_TRUE(log->Read(1, 10, 100, SIZE_MAX, filter, &out, &next).ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].seq(), 3u);
  EXPECT_EQ(next, 5u);
  out.clear();
  ASSERT_TRUE(log->Read(2, 1, 100, SIZE_MAX, ReadFilter{}, &out, &next).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].seq(), 2u);
  EXPECT_EQ(next, 3u);
}

TEST(EventLog, DeadLettersHaveTheirOwnSequence) {
  auto dir = FreshTestDir();
  auto log = std::move(*EventLog::Open(dir));
  CommitBatch batch;
  DeadLetter letter;
  letter.set_id(1);
  letter.set_reason("bad");
  batch.dead_letters.push_back(letter);
  ASSERT_TRUE(log->Commit(batch).ok());
  std::vector<DeadLetter> out;
  uint64_t next = 0;
  ASSERT_TRUE(log->ReadDeadLetters(1, 10, SIZE_MAX, &out, &next).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].reason(), "bad");
  EXPECT_EQ(log->head_seq(), 0u);
}

// Issue 19, failure 8: dead letters had no retention (one key wrote 63 MiB in seconds).
TEST(HostileInput, F8_DeadLetterRetentionDropsTheOldestByCountAndBytes) {
  auto dir = FreshTestDir();
  auto letters = [](uint64_t first, int n, size_t raw_bytes) {
    CommitBatch batch;
    for (int i = 0; i < n; ++i) {
      DeadLetter letter;
      letter.set_id(first + static_cast<uint64_t>(i));
      letter.set_raw(std::string(raw_bytes, 'x'));
      batch.dead_letters.push_back(letter);
    }
    return batch;
  };
  auto ids = [](EventLog& log) {
    std::vector<DeadLetter> out;
    uint64_t next = 0;
    EXPECT_TRUE(log.ReadDeadLetters(1, 1000, SIZE_MAX, &out, &next).ok());
    std::vector<uint64_t> kept;
    for (const auto& l : out) kept.push_back(l.id());
    return kept;
  };
  {
    auto log = std::move(*EventLog::Open(dir));
    log->SetDeadLetterRetention(3, 1u << 20);
    ASSERT_TRUE(log->Commit(letters(1, 2, 10)).ok());
    ASSERT_TRUE(log->Commit(letters(3, 3, 10)).ok());
    EXPECT_EQ(ids(*log), (std::vector<uint64_t>{3, 4, 5})) << "the oldest go first";
    EXPECT_EQ(log->dead_letters_kept(), 3u);
    EXPECT_EQ(log->dead_letter_head(), 5u) << "ids are never reused";
  }
  auto log = std::move(*EventLog::Open(dir));  // what is kept is counted again on open
  EXPECT_EQ(log->dead_letters_kept(), 3u);
  log->SetDeadLetterRetention(100, 2500);  // bytes now bound it: two letters of 1000 raw bytes fit, not three
  ASSERT_TRUE(log->Commit(letters(6, 3, 1000)).ok());
  EXPECT_EQ(ids(*log), (std::vector<uint64_t>{7, 8}));
  EXPECT_LE(log->dead_letter_bytes(), 2500u);
  EXPECT_EQ(log->head_seq(), 0u);
}

// Issue 19, item 4: a default read of 720 events of 3 MB each exceeded
// protobuf's 2 GiB. A read stops before its byte budget (the first event
// always goes, so a reader moves on), and next_seq is the first event it left
// for the next read.
TEST(StoreRead, F4_ReadRepliesAreBoundedByBytes) {
  auto log = std::move(*EventLog::Open(FreshTestDir()));
  ASSERT_TRUE(log->Commit(Batch(1, 10)).ok());
  std::vector<StoredEvent> all;
  uint64_t next = 0;
  ASSERT_TRUE(log->Read(1, 100, 100, SIZE_MAX, ReadFilter{}, &all, &next).ok());
  ASSERT_EQ(all.size(), 10u);
  size_t three = 0;
  for (size_t i = 0; i < 3; ++i) three += ReadReplyBytes(all[i].ByteSizeLong());

  std::vector<StoredEvent> out;
  ASSERT_TRUE(log->Read(1, 100, 100, three, ReadFilter{}, &out, &next).ok());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(next, 4u);
  size_t bytes = 0;
  for (const auto& e : out) bytes += ReadReplyBytes(e.ByteSizeLong());
  EXPECT_LE(bytes, three);

  std::vector<uint64_t> seqs;  // a reader that follows next_seq gets every event once
  for (uint64_t from = 1; from <= log->head_seq();) {
    std::vector<StoredEvent> part;
    ASSERT_TRUE(log->Read(from, 100, 100, 1, ReadFilter{}, &part, &next).ok());
    ASSERT_EQ(part.size(), 1u) << "a budget below one event still returns one";
    seqs.push_back(part[0].seq());
    from = next;
  }
  EXPECT_EQ(seqs, (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));

  CommitBatch letters;
  for (uint64_t id = 1; id <= 5; ++id) {
    DeadLetter letter;
    letter.set_id(id);
    letter.set_raw(std::string(1000, 'x'));
    letters.dead_letters.push_back(letter);
  }
  ASSERT_TRUE(log->Commit(letters).ok());
  std::vector<DeadLetter> kept;
  ASSERT_TRUE(log->ReadDeadLetters(1, 100, 2500, &kept, &next).ok());
  EXPECT_EQ(kept.size(), 2u);
  EXPECT_EQ(next, 3u);
}

}  // namespace
}  // namespace dxhub::store
