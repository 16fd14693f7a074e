#include "dxhub/connector/pseudonymiser.h"

#include "dxhub/common/crypto.h"

namespace dxhub::connector {

Pseudonymiser::Pseudonymiser(std::string secret, int key_version)
    : secret_(std::move(secret)), key_version_(key_version) {}

std::string Pseudonymiser::Normalise(const std::string& identifier) {
  // docs/protocol.md, "Pseudonymous keys": ASCII whitespace removed anywhere,
  // ASCII a-z upper-cased, every other byte kept (whatever the locale).
  std::string out;
  for (char c : identifier) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

std::string Pseudonymiser::Key(const std::string& domain, const std::string& identifier) const {
  return "v" + std::to_string(key_version_) + ":" + HmacSha256Hex(secret_, domain + ":" + Normalise(identifier));
}

std::string Pseudonymiser::Fingerprint() const {
  return "v" + std::to_string(key_version_) + ":" + HmacSha256Hex(secret_, "dxconnect:secret-fingerprint");
}

}  // namespace dxhub::connector
