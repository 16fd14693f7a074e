#include "dxhub/connector/pseudonymiser.h"

#include <cctype>

#include "dxhub/common/crypto.h"

namespace dxhub::connector {

Pseudonymiser::Pseudonymiser(std::string secret, int key_version)
    : secret_(std::move(secret)), key_version_(key_version) {}

std::string Pseudonymiser::Normalise(const std::string& identifier) {
  std::string out;
  for (unsigned char c : identifier) {
    if (!std::isspace(c)) out.push_back(static_cast<char>(std::toupper(c)));
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
