// Protobuf wire-format tags, for the store's scans and encodings of messages
// it does not parse (ingest_wire.cc, read_wire.cc): a field's tag is its
// number shifted past the three bits of its wire type.
#pragma once

#include <cstdint>

namespace dxhub::store::wire {

inline constexpr uint32_t kVarint = 0;
inline constexpr uint32_t kLengthDelimited = 2;

constexpr uint32_t Tag(uint32_t field, uint32_t wire_type) { return field << 3 | wire_type; }

}  // namespace dxhub::store::wire
