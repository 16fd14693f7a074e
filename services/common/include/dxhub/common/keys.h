// CurveZMQ key pairs and secret files. Public keys are 40-character Z85 text
// files; secret files must be owner-only (mode 0600 or stricter) or loading
// refuses them. Pure functions over the filesystem; thread-safe.
#pragma once

#include <filesystem>
#include <string>

#include "dxhub/common/status.h"

namespace dxhub {

struct CurveKeyPair {
  std::string public_key;  // 40 chars Z85
  std::string secret_key;  // 40 chars Z85
};

// A fresh key pair from libzmq's CURVE implementation.
Result<CurveKeyPair> GenerateCurveKeyPair();

// Writes `<stem>.pub` (mode 0644) and `<stem>.secret` (mode 0600); refuses to
// overwrite an existing secret unless `overwrite`.
Status WriteCurveKeyPair(const std::filesystem::path& stem, const CurveKeyPair& pair,
                         bool overwrite = false);

// Reads a Z85 public key file (40 chars, surrounding whitespace ignored).
Result<std::string> LoadPublicKey(const std::filesystem::path& path);
// Reads a Z85 secret key file; refuses group/other-readable files.
Result<std::string> LoadSecretKey(const std::filesystem::path& path);
// Derives the public key of a Z85 secret key.
Result<std::string> PublicKeyOf(const std::string& secret_key);
// Whether `text` is a syntactically valid 40-char Z85 key.
bool IsZ85Key(const std::string& text);

// Reads any secret file (pseudonymisation secret, SMTP password): refuses
// files readable by group or others and empty files; strips one trailing newline.
Result<std::string> ReadSecretFile(const std::filesystem::path& path);
// Writes a secret file with mode 0600 (created exclusively).
Status WriteSecretFile(const std::filesystem::path& path, const std::string& content);

}  // namespace dxhub
