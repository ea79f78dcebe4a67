#include "common/grpc/principal_signature.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "common/crypto/digest.h"

namespace jstedu::grpcutil {
namespace {

constexpr char kVersion[] = "v1";

// Debian's Abseil has its own string_view.
absl::string_view Absl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

// What is signed: the version, the expiry and the principal, each part
// after its length, so that no two inputs join alike.
std::string SignedText(int64_t expiry, std::string_view principal) {
  const std::string seconds = absl::StrCat(expiry);
  return absl::StrCat(sizeof(kVersion) - 1, ":", kVersion, seconds.size(), ":",
                      seconds, principal.size(), ":", Absl(principal));
}

absl::StatusOr<std::string> ReadKeyFile(const char* variable,
                                        const std::string& file) {
  std::string key;
  try {
    // libstdc++ throws while reading a directory.
    if (std::ifstream in(file, std::ios::binary); !file.empty() && in) {
      key.assign(std::istreambuf_iterator<char>(in),
                 std::istreambuf_iterator<char>());
    }
  } catch (const std::exception&) {
    key.clear();
  }
  if (key.size() < kMinPrincipalKeyBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        variable, ": must name a readable file of at least ",
        kMinPrincipalKeyBytes,
        " bytes (the key that signs principals between processes)"));
  }
  return key;
}

std::string Variable(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

class KeyStore {
 public:
  static KeyStore& Get() {
    static KeyStore* store = new KeyStore;  // never destroyed
    return *store;
  }

  void Use(PrincipalKeys keys) {
    absl::MutexLock lock(&mutex_);
    keys_ = std::move(keys);
  }

  // The keys set; else, once, those of the environment's files, or a key
  // of this process's own when JSTEDU_PRINCIPAL_KEY_FILE is unset; none
  // when its files cannot be read.
  std::optional<PrincipalKeys> Keys() {
    absl::MutexLock lock(&mutex_);
    if (!keys_ && !looked_) {
      looked_ = true;
      // An empty variable is an unset one, as config::Env reads it.
      const std::string current = Variable(kPrincipalKeyFileVariable);
      if (current.empty()) {
        keys_ = PrincipalKeys{crypto::RandomBytes(kMinPrincipalKeyBytes), ""};
      } else if (auto keys = ReadPrincipalKeys(
                     current, Variable(kPrincipalPreviousKeyFileVariable));
                 keys.ok()) {
        keys_ = *std::move(keys);
      } else {
        // Every call this process signs or checks fails from now on; say
        // why once.
        std::fprintf(stderr, "jstedu: no principal key: %s\n",
                     std::string(keys.status().message()).c_str());
      }
    }
    return keys_;
  }

 private:
  absl::Mutex mutex_;
  std::optional<PrincipalKeys> keys_ ABSL_GUARDED_BY(mutex_);
  bool looked_ ABSL_GUARDED_BY(mutex_) = false;
};

absl::Status Refused(std::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat(
      "the call's principal is not signed by this deployment: ", Absl(why)));
}

}  // namespace

absl::StatusOr<PrincipalKeys> ReadPrincipalKeys(
    const std::string& current_file, const std::string& previous_file) {
  PrincipalKeys keys;
  auto current = ReadKeyFile(kPrincipalKeyFileVariable, current_file);
  if (!current.ok()) return current.status();
  keys.current = *std::move(current);
  if (!previous_file.empty()) {
    auto previous =
        ReadKeyFile(kPrincipalPreviousKeyFileVariable, previous_file);
    if (!previous.ok()) return previous.status();
    if (*previous == keys.current) {
      return absl::InvalidArgumentError(
          absl::StrCat(kPrincipalPreviousKeyFileVariable,
                       ": holds the same key as ", kPrincipalKeyFileVariable));
    }
    keys.previous = *std::move(previous);
  }
  return keys;
}

void UsePrincipalKeys(PrincipalKeys keys) {
  KeyStore::Get().Use(std::move(keys));
}

std::string SignPrincipal(std::string_view principal, absl::Time now) {
  const std::optional<PrincipalKeys> keys = KeyStore::Get().Keys();
  if (!keys) return "";
  const int64_t expiry = absl::ToUnixSeconds(now + kPrincipalSignatureLifetime);
  return absl::StrCat(
      kVersion, ".", expiry, ".",
      crypto::HmacSha256Hex(keys->current, SignedText(expiry, principal)));
}

absl::Status VerifyPrincipal(std::string_view principal,
                             std::string_view signature, absl::Time now) {
  const std::optional<PrincipalKeys> keys = KeyStore::Get().Keys();
  if (!keys) return Refused("this service has no key to check it with");
  if (signature.empty()) return Refused("it has no signature");
  const std::vector<absl::string_view> parts =
      absl::StrSplit(Absl(signature), '.');
  int64_t expiry = 0;
  // One spelling of each signature: the expiry in plain digits, the MAC in
  // 64 lower-case hex digits.
  if (parts.size() != 3 || parts[0] != kVersion || parts[1].empty() ||
      parts[1].size() > 18 || parts[1][0] == '0' ||
      !std::all_of(parts[1].begin(), parts[1].end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(parts[1], &expiry) || parts[2].size() != 64 ||
      !std::all_of(parts[2].begin(), parts[2].end(), [](char c) {
        return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
      })) {
    return Refused("its signature is malformed");
  }
  const std::string_view mac(parts[2].data(), parts[2].size());
  const std::string text = SignedText(expiry, principal);
  const bool signed_here =
      crypto::ConstantTimeEquals(mac,
                                 crypto::HmacSha256Hex(keys->current, text)) ||
      (!keys->previous.empty() &&
       crypto::ConstantTimeEquals(mac,
                                  crypto::HmacSha256Hex(keys->previous, text)));
  if (!signed_here) return Refused("its signature does not match");
  const absl::Time expires = absl::FromUnixSeconds(expiry);
  if (expires < now) return Refused("its signature has expired");
  if (expires > now + kPrincipalSignatureLifetime + kPrincipalClockSkew) {
    return Refused("its signature claims a longer life than allowed");
  }
  return absl::OkStatus();
}

}  // namespace jstedu::grpcutil
