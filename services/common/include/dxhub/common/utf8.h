// UTF-8 text: strict validation (as protobuf's proto3 strings require: no
// overlong forms, no surrogates, nothing above U+10FFFF), truncation that
// never cuts a character, and an escaped form of text that may not be valid
// (for logs and messages). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dxhub {

// Offset of the first byte that does not start (or continue) a valid UTF-8
// character, or nullopt when all of `text` is valid UTF-8.
std::optional<size_t> FirstInvalidUtf8(std::string_view text);
inline bool IsValidUtf8(std::string_view text) { return !FirstInvalidUtf8(text).has_value(); }

// The longest prefix of `text` of at most `max_bytes` that ends on a
// character boundary (for valid UTF-8; invalid bytes count as one character).
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes);

// `text` with every byte that is not part of a valid UTF-8 character written
// as \xNN, so the result is always valid UTF-8 ("Asian \x96 Pakistani").
std::string Utf8Escaped(std::string_view text);

// The first `max_bytes` of binary `bytes` for a person to look at: printable
// ASCII as is, every other byte as \xNN, "..." when cut.
std::string EscapedPreview(std::string_view bytes, size_t max_bytes);

// "0x96": one byte as it is named in messages.
std::string ByteName(unsigned char byte);

}  // namespace dxhub
