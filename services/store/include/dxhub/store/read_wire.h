// A read reply made of the bytes the store keeps (issue 18): an unfiltered
// read (the aggregator's catch-up, a replay) sends each event as the bytes
// kept for it, which are its StoredEvent encoding, without parsing and
// serialising it again. The bytes are the ones Reply::SerializeToString writes
// for the same reply (protobuf's wire format, fields in number order, zero
// scalars left out). Pure functions of their arguments; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dxhub::store {

// Appends a dxhub.store.v1.ReadResponse `events` field holding `stored` (a StoredEvent's encoding).
void AppendReadEvent(std::string_view stored, std::string* event_fields);

// A StoredEvent's seq from the first field of its encoding (seq = 1, a
// varint), without parsing the rest; nullopt when the encoding does not start with it.
std::optional<uint64_t> StoredSeq(std::string_view stored);

// The encoding of dxhub.wire.v1.Reply{request_id, read{events, next_seq,
// head_seq}} around `event_fields` (made by AppendReadEvent).
std::string ReadReplyEncoding(uint64_t request_id, std::string_view event_fields, uint64_t next_seq, uint64_t head_seq);

}  // namespace dxhub::store
