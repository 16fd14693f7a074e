#include "dxhub/store/read_wire.h"

#include <google/protobuf/io/coded_stream.h>

#include <algorithm>

#include "wire_tags.h"

namespace dxhub::store {
namespace {

using google::protobuf::io::CodedInputStream;
using google::protobuf::io::CodedOutputStream;

using wire::kLengthDelimited;
using wire::kVarint;
// A tag of a field numbered below 16: one byte.
constexpr char Tag(uint32_t field, uint32_t wire_type) { return static_cast<char>(wire::Tag(field, wire_type)); }
// dxhub.wire.v1.Reply's request_id and read; dxhub.store.v1.ReadResponse's
// events, next_seq and head_seq; dxhub.event.v1.StoredEvent's seq.
constexpr char kReplyRequestId = Tag(1, kVarint);
constexpr char kReplyRead = Tag(11, kLengthDelimited);
constexpr char kReadEvents = Tag(1, kLengthDelimited);
constexpr char kReadNextSeq = Tag(2, kVarint);
constexpr char kReadHeadSeq = Tag(3, kVarint);
constexpr char kStoredSeq = Tag(1, kVarint);

void AppendVarint(uint64_t value, std::string* out) {
  uint8_t bytes[10];
  const uint8_t* end = CodedOutputStream::WriteVarint64ToArray(value, bytes);
  out->append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(end - bytes));
}

// A proto3 scalar field: left out when zero, as protobuf does.
void AppendVarintField(char tag, uint64_t value, std::string* out) {
  if (value == 0) return;
  out->push_back(tag);
  AppendVarint(value, out);
}

}  // namespace

void AppendReadEvent(std::string_view stored, std::string* event_fields) {
  event_fields->push_back(kReadEvents);
  AppendVarint(stored.size(), event_fields);
  event_fields->append(stored);
}

std::optional<uint64_t> StoredSeq(std::string_view stored) {
  if (stored.empty() || stored[0] != kStoredSeq) return std::nullopt;
  CodedInputStream in(reinterpret_cast<const uint8_t*>(stored.data()) + 1,
                      static_cast<int>(std::min<size_t>(stored.size() - 1, 10)));
  uint64_t seq = 0;
  if (!in.ReadVarint64(&seq)) return std::nullopt;
  return seq;
}

std::string ReadReplyEncoding(uint64_t request_id, std::string_view event_fields, uint64_t next_seq,
                              uint64_t head_seq) {
  std::string read_tail;
  AppendVarintField(kReadNextSeq, next_seq, &read_tail);
  AppendVarintField(kReadHeadSeq, head_seq, &read_tail);
  std::string reply;
  reply.reserve(event_fields.size() + read_tail.size() + 24);
  AppendVarintField(kReplyRequestId, request_id, &reply);
  reply.push_back(kReplyRead);  // the oneof's message: written even when empty
  AppendVarint(event_fields.size() + read_tail.size(), &reply);
  reply.append(event_fields);
  reply.append(read_tail);
  return reply;
}

}  // namespace dxhub::store
