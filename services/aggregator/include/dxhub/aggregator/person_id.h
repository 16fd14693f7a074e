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
#include <bit>
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
  // memcmp's order, eight bytes at a time as big-endian words: the first
  // eight (the prefix) are the same in nearly every key and the next eight
  // (random hash bytes) nearly always differ, so most comparisons take two
  // loads a side instead of a call to memcmp (the people map's look-ups
  // were 5% of a rebuild, issue 18).
  bool operator<(const PersonId& other) const {
    for (size_t at = 0; at < kSize; at += 8) {
      const uint64_t mine = Word(at), theirs = other.Word(at);
      if (mine != theirs) return mine < theirs;
    }
    return false;
  }
  const std::array<uint8_t, kSize>& bytes() const { return bytes_; }

 private:
  uint64_t Word(size_t at) const {
    uint64_t word;
    std::memcpy(&word, bytes_.data() + at, sizeof word);
    if constexpr (std::endian::native == std::endian::little) return __builtin_bswap64(word);
    return word;
  }

  std::array<uint8_t, kSize> bytes_{};
};
static_assert(PersonId::kSize % 8 == 0, "compared a word at a time");

}  // namespace dxhub::aggregator
