// A person's key as the State holds it: 40 bytes, ordered by memcmp exactly
// as the key texts are (issue 18: each people-map node held its key as a
// 67-byte string on the heap). A pseudonymous key ('v<version>:<64 lowercase
// hex>', the only kind the store accepts) keeps its prefix 'v<version>:' (at
// most 7 characters, zero-padded to 8) and the 32 bytes its hex spells: as a
// prefix ends at its only ':', no prefix begins another, so two keys compare
// as their texts do. Any other text is held as 0xFF and its SHA-256: apart
// from every pseudonymous key, and after them. A value type; thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace dxhub::aggregator {

class PersonId {
 public:
  static constexpr size_t kSize = 40;

  PersonId() = default;
  static PersonId Of(std::string_view key);

  bool operator==(const PersonId& other) const { return std::memcmp(bytes_.data(), other.bytes_.data(), kSize) == 0; }
  bool operator<(const PersonId& other) const { return std::memcmp(bytes_.data(), other.bytes_.data(), kSize) < 0; }
  const std::array<uint8_t, kSize>& bytes() const { return bytes_; }

 private:
  std::array<uint8_t, kSize> bytes_{};
};

}  // namespace dxhub::aggregator
