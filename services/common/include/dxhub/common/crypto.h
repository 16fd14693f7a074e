// Hashing helpers: SHA-256 (OpenSSL's libcrypto, SHA extensions where the CPU
// has them) and HMAC-SHA-256 (libsodium) as lowercase hex.
// Pure functions, thread-safe once InitCrypto() has run (idempotent).
#pragma once

#include <string>
#include <string_view>

#include "dxhub/common/status.h"

namespace dxhub {

// Initialises libsodium; safe to call many times and from many threads.
void InitCrypto();

std::string Sha256Hex(std::string_view data);
std::string HmacSha256Hex(std::string_view key, std::string_view data);
std::string ToHex(std::string_view bytes);

// Compares in constant time.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace dxhub
