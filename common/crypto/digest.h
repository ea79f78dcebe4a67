#pragma once

// SHA-256 and HMAC-SHA256 digests as lowercase hexadecimal text: the
// ministry exports' checksums and keyed pseudonyms (reporting's
// export/sl2014.h), the gateway's request keys (gateway/idempotency.h) and
// the signed principal between processes (common/grpc/principal.h).
//
// Both use OpenSSL 3's EVP interfaces (no deprecated calls). A failure
// inside OpenSSL means a broken installation (no SHA-256 provider, no
// memory): the process then aborts with a message on stderr rather than
// return a wrong or empty digest.
//
// Thread-safety: pure functions, safe from any thread.

#include <cstddef>
#include <string>
#include <string_view>

namespace jstedu::crypto {

// SHA-256 of `bytes` (FIPS 180-4): 64 lowercase hex digits.
std::string Sha256Hex(std::string_view bytes);

// HMAC-SHA256 of `data` under `key` (RFC 2104, FIPS 198-1): 64 lowercase hex
// digits. Any key length works (an empty key too, per the RFC); keys longer
// than the 64-byte block are hashed first, as the RFC says.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// Whether `a` and `b` are equal, in a time that depends on their length
// only (CRYPTO_memcmp): for comparing a received MAC with the expected one.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// `size` bytes from OpenSSL's CSPRNG (RAND_bytes).
std::string RandomBytes(size_t size);

}  // namespace jstedu::crypto
