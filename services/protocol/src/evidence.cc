#include "dxhub/protocol/evidence.h"

#include <cctype>

namespace dxhub::protocol {
namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }
bool Alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool EmailLocal(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-' || c == '+'; }
bool EmailDomain(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-'; }

std::string Mask(std::string_view token) {
  if (token.size() <= 2) return std::string(token.size(), '*');
  return std::string(1, token.front()) + std::string(token.size() - 2, '*') + std::string(1, token.back());
}

std::optional<IdentifierFinding> FindEmail(std::string_view text) {
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    size_t begin = at;
    while (begin > 0 && EmailLocal(text[begin - 1])) --begin;
    size_t end = at + 1;
    while (end < text.size() && EmailDomain(text[end])) ++end;
    while (end > at + 1 && text[end - 1] == '.') --end;  // a sentence's full stop
    const std::string_view domain = text.substr(at + 1, end - at - 1);
    const size_t dot = domain.find('.');
    if (begin < at && dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size()) {
      return IdentifierFinding{"an e-mail address", begin, Mask(text.substr(begin, end - begin))};
    }
  }
  return std::nullopt;
}

// Ten digits in 3-3-4 groups separated by one space or hyphen, not part of a longer number.
std::optional<IdentifierFinding> FindGroupedNhsNumber(std::string_view text) {
  static constexpr size_t kLength = 12;  // "ddd ddd dddd"
  for (size_t i = 0; i + kLength <= text.size(); ++i) {
    if (i > 0 && Digit(text[i - 1])) continue;
    if (i + kLength < text.size() && Digit(text[i + kLength])) continue;
    bool shaped = true;
    for (size_t k = 0; k < kLength && shaped; ++k) {
      const char c = text[i + k];
      shaped = (k == 3 || k == 7) ? (c == ' ' || c == '-') : Digit(c);
    }
    if (shaped) return IdentifierFinding{"an NHS number", i, Mask(text.substr(i, kLength))};
  }
  return std::nullopt;
}

// Runs of digits (with up to three letters straight before them).
std::optional<IdentifierFinding> FindNumberToken(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (!Digit(text[i]) || (i > 0 && Digit(text[i - 1]))) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && Digit(text[end])) ++end;
    size_t letters = 0;
    while (letters < i && Alpha(text[i - letters - 1])) ++letters;
    const bool word_prefix = letters > 0 && letters <= 3 && (i - letters == 0 || !Alpha(text[i - letters - 1]));
    const size_t digits = end - i;
    if (digits == 10) return IdentifierFinding{"an NHS number", i, Mask(text.substr(i, digits))};
    if (digits >= 6 || (word_prefix && digits >= 5)) {
      const size_t begin = word_prefix ? i - letters : i;
      return IdentifierFinding{"a staff-number-like token", begin, Mask(text.substr(begin, end - begin))};
    }
    i = end;
  }
  return std::nullopt;
}

}  // namespace

bool IsValidNhsNumber(std::string_view ten_digits) {
  if (ten_digits.size() != 10) return false;
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) {
    if (!Digit(ten_digits[i])) return false;
    sum += (ten_digits[i] - '0') * static_cast<int>(10 - i);
  }
  if (!Digit(ten_digits[9])) return false;
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  return check != 10 && check == ten_digits[9] - '0';
}

std::optional<IdentifierFinding> FindIdentifier(std::string_view text) {
  std::optional<IdentifierFinding> first;
  for (auto found : {FindEmail(text), FindGroupedNhsNumber(text), FindNumberToken(text)}) {
    if (found && (!first || found->offset < first->offset)) first = found;
  }
  return first;
}

std::optional<std::string> CheckEvidence(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return "is " + std::to_string(text.size()) + " bytes; evidence is a short summary for sharing, at most " +
           std::to_string(max_bytes) + " bytes: shorten it";
  }
  if (auto found = FindIdentifier(text)) {
    return "holds what looks like " + found->kind + " ('" + found->masked + "' at character " +
           std::to_string(found->offset + 1) +
           "); evidence is shared with every partner and must not identify anyone: remove it";
  }
  return std::nullopt;
}

}  // namespace dxhub::protocol
