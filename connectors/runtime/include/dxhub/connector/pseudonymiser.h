// Pseudonymisation at source: a keyed HMAC-SHA-256 of a normalised
// identifier (trimmed, upper-cased) with the partner's secret, which never
// leaves the partner. The key version travels in the key ("v1:<hex>"), so a
// rotated secret never collides with the old keys. Each kind of identifier
// (staff, applicant, case, member) is hashed in its own domain. Immutable
// after construction; thread-safe.
#pragma once

#include <string>

namespace dxhub::connector {

class Pseudonymiser {
 public:
  Pseudonymiser(std::string secret, int key_version);

  // "v<version>:<64 hex>" for `identifier` in `domain` ("staff", "applicant", ...).
  std::string Key(const std::string& domain, const std::string& identifier) const;

  // The normalised identifier hashed by Key().
  static std::string Normalise(const std::string& identifier);

  int key_version() const { return key_version_; }
  // "v<version>:<64 hex>", a keyed hash of a fixed text: tells whether two
  // pseudonymisers are the same (secret and version) without keeping the
  // secret. Stored in the connector state; never sent.
  std::string Fingerprint() const;

 private:
  std::string secret_;
  int key_version_;
};

}  // namespace dxhub::connector
