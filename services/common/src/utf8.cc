#include "dxhub/common/utf8.h"

#include <algorithm>
#include <cstdio>

namespace dxhub {
namespace {

// Length of the valid UTF-8 character starting at `text[i]`, or 0 when the
// byte there does not start one (RFC 3629, Table 3-7 of the Unicode standard).
size_t CharLength(std::string_view text, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = at(i);
  if (b < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    if (b == 0xE0) lo = 0xA0;  // overlong
    if (b == 0xED) hi = 0x9F;  // surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    if (b == 0xF0) lo = 0x90;  // overlong
    if (b == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  }
  return n;
}

std::string Escape(unsigned char byte) { return "\\x" + ByteName(byte).substr(2); }

}  // namespace

std::optional<size_t> FirstInvalidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = CharLength(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  size_t end = 0;
  while (end < text.size()) {
    const size_t n = std::max<size_t>(CharLength(text, end), 1);
    if (end + n > max_bytes) break;
    end += n;
  }
  return text.substr(0, end);
}

std::string Utf8Escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t n = CharLength(text, i);
    if (n == 0) {
      out += Escape(static_cast<unsigned char>(text[i]));
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string QuotedPrefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return "'" + Utf8Escaped(text) + "'";
  const std::string_view shown = Utf8Prefix(text, max_bytes);
  return "'" + Utf8Escaped(shown) + "...' (" + std::to_string(text.size()) + " bytes, shown up to byte offset " +
         std::to_string(shown.size()) + ")";
}

std::string EscapedPreview(std::string_view bytes, size_t max_bytes) {
  std::string out;
  for (unsigned char c : bytes.substr(0, max_bytes)) {
    if (c >= 0x20 && c < 0x7F && c != '\\') out.push_back(static_cast<char>(c));
    else out += Escape(c);
  }
  return bytes.size() > max_bytes ? out + "..." : out;
}

std::optional<ForbiddenCharacter> FirstForbiddenCharacter(std::string_view text) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  for (size_t i = 0; i < text.size();) {
    if (at(i) >= 0x20 && at(i) < 0x7F) {  // printable ASCII, nearly every byte: allowed
      ++i;
      continue;
    }
    const size_t n = CharLength(text, i);
    if (n == 0) {
      ++i;
      continue;
    }
    char32_t code = at(i);
    if (n == 2) code = ((at(i) & 0x1Fu) << 6) | (at(i + 1) & 0x3Fu);
    if (n == 3) code = ((at(i) & 0x0Fu) << 12) | ((at(i + 1) & 0x3Fu) << 6) | (at(i + 2) & 0x3Fu);
    const bool control = code < 0x20 || (code >= 0x7F && code <= 0x9F);
    const bool bidi = (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069);
    if (control || bidi) return ForbiddenCharacter{i, code};
    i += n;
  }
  return std::nullopt;
}

std::string ForbiddenCharacter::Describe() const {
  const bool bidi = code >= 0x2000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s U+%04X at byte offset %zu",
                bidi ? "bidirectional control" : "control character", static_cast<unsigned>(code), offset);
  return buf;
}

std::string ByteName(unsigned char byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", byte);
  return buf;
}

}  // namespace dxhub
