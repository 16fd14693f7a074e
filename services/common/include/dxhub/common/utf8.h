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

// `text` in single quotes for an error message, escaped as Utf8Escaped does;
// when longer than `max_bytes`, cut there (never inside a character) and
// followed by its size and where it was cut, so a 50 MB one-line file is never
// echoed whole: 'Staff Num...' (52428800 bytes, shown up to byte offset 80).
std::string QuotedPrefix(std::string_view text, size_t max_bytes = 80);

// The first `max_bytes` of binary `bytes` for a person to look at: printable
// ASCII as is, every other byte as \xNN, "..." when cut.
std::string EscapedPreview(std::string_view bytes, size_t max_bytes);

// A character that strings crossing the wire may not contain: a C0 control
// (U+0000-U+001F), DEL (U+007F), a C1 control (U+0080-U+009F, e.g. U+009B, the
// 8-bit CSI that drives terminals), or a bidirectional embedding, override or
// isolate (U+202A-U+202E, U+2066-U+2069, which reorder what a reader sees).
struct ForbiddenCharacter {
  size_t offset;     // byte offset of its first byte in the text
  char32_t code;     // the code point
  std::string Describe() const;  // "control character U+009B at byte offset 4"
};
// The first forbidden character of `text` (valid UTF-8 or not; an invalid
// byte is not a character and is skipped here), or nullopt.
std::optional<ForbiddenCharacter> FirstForbiddenCharacter(std::string_view text);

// "0x96": one byte as it is named in messages.
std::string ByteName(unsigned char byte);

}  // namespace dxhub
