#pragma once

// SHA-256 and HMAC-SHA256 digests as lowercase hexadecimal text, for the
// ministry exports: a checksum of each exported file and the keyed
// pseudonym of a PESEL (see sl2014.h, Pseudonymise).
//
// Both use OpenSSL 3's EVP interfaces (no deprecated calls). A failure
// inside OpenSSL means a broken installation (no SHA-256 provider, no
// memory): the process then aborts with a message on stderr rather than
// return a wrong or empty digest that would silently corrupt an export.
//
// Thread-safety: pure functions, safe from any thread.

#include <string>
#include <string_view>

namespace jstedu::reporting::exportfmt {

// SHA-256 of `bytes` (FIPS 180-4): 64 lowercase hex digits.
std::string Sha256Hex(std::string_view bytes);

// HMAC-SHA256 of `data` under `key` (RFC 2104, FIPS 198-1): 64 lowercase hex
// digits. Any key length works (an empty key too, per the RFC); keys longer
// than the 64-byte block are hashed first, as the RFC says.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

}  // namespace jstedu::reporting::exportfmt
