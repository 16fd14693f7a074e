// Peer-review evidence: the one free text the hub accepts (SPEC section 3).
// It is written by an organisation for sharing, so it must be short and hold
// no identifier. FindIdentifier() scans for e-mail addresses, NHS numbers
// (ten digits, with or without spaces or hyphens in 3-3-4 groups) and
// staff-number-like tokens (six or more digits in a row, or up to three
// letters followed by five or more digits). The store applies it to every
// rating's evidence and comment; dxconnect applies it first, naming the line
// of the file. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dxhub::protocol {

// Longest evidence (or reviewer comment) accepted, in bytes.
inline constexpr size_t kMaxEvidenceBytes = 600;

// An identifier found in evidence: what it looks like, where, and a masked
// excerpt that is safe to print (first and last character only).
struct IdentifierFinding {
  std::string kind;    // "an e-mail address", "an NHS number", "a staff-number-like token"
  size_t offset = 0;   // byte offset of the token in the text
  std::string masked;  // e.g. "j***********k" — never the identifier itself
};

std::optional<IdentifierFinding> FindIdentifier(std::string_view text);

// Whether ten digits pass the NHS number Modulus 11 check.
bool IsValidNhsNumber(std::string_view ten_digits);

// nullopt when `text` is acceptable evidence; otherwise a sentence naming the
// problem (too long, or what it holds and at which character) and what to do.
std::optional<std::string> CheckEvidence(std::string_view text, size_t max_bytes = kMaxEvidenceBytes);

}  // namespace dxhub::protocol
