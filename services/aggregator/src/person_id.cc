#include "dxhub/aggregator/person_id.h"

#include <array>
#include <cstdint>
#include <string>

#include "dxhub/common/crypto.h"

namespace dxhub::aggregator {

namespace {

constexpr size_t kPrefixBytes = 8;
constexpr size_t kHashBytes = PersonId::kSize - kPrefixBytes;

// Each byte's value as a lowercase hex digit (0-15), else -1: one load per
// digit and one test per pair (issue 18: decoding keys was 2.4% of a rebuild).
constexpr std::array<int8_t, 256> kHexValue = [] {
  std::array<int8_t, 256> table{};
  table.fill(-1);
  for (int c = '0'; c <= '9'; ++c) table[static_cast<size_t>(c)] = static_cast<int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) table[static_cast<size_t>(c)] = static_cast<int8_t>(c - 'a' + 10);
  return table;
}();

// Writes the 32 bytes `hex` (64 lowercase hex digits) spells; false if it is not that.
bool DecodeHash(std::string_view hex, uint8_t* out) {
  if (hex.size() != 2 * kHashBytes) return false;
  for (size_t i = 0; i < kHashBytes; ++i) {
    const int high = kHexValue[static_cast<unsigned char>(hex[2 * i])];
    const int low = kHexValue[static_cast<unsigned char>(hex[2 * i + 1])];
    if ((high | low) < 0) return false;
    out[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return true;
}

// The length of 'v<1 to 5 digits>:' at the start of `key`, or 0.
size_t PrefixLength(std::string_view key) {
  if (key.size() < 3 || key[0] != 'v') return 0;
  size_t i = 1;
  while (i < key.size() && i <= 5 && key[i] >= '0' && key[i] <= '9') ++i;
  return i >= 2 && i < key.size() && key[i] == ':' ? i + 1 : 0;
}

}  // namespace

PersonId PersonId::Of(std::string_view key) {
  PersonId id;
  const size_t prefix = PrefixLength(key);
  if (prefix > 0 && DecodeHash(key.substr(prefix), id.bytes_.data() + kPrefixBytes)) {
    std::memcpy(id.bytes_.data(), key.data(), prefix);
    return id;
  }
  id.bytes_.fill(0);
  id.bytes_[0] = 0xFF;
  const bool decoded = DecodeHash(Sha256Hex(key), id.bytes_.data() + kPrefixBytes);
  (void)decoded;  // Sha256Hex spells 32 bytes in lowercase hex
  return id;
}

}  // namespace dxhub::aggregator
