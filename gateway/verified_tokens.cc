#include "gateway/verified_tokens.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <utility>

namespace jstedu::gateway {

VerifiedTokens::VerifiedTokens(size_t capacity)
    : shard_capacity_(std::max<size_t>(1, (capacity + kShards - 1) / kShards)) {
}

std::string VerifiedTokens::Digest(std::string_view token) {
  // Fetched once: SHA256() looks the algorithm up in OpenSSL 3's provider
  // store on every call, under a lock the gateway's threads share.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  unsigned int length = 0;
  if (sha256 == nullptr ||
      EVP_Digest(token.data(), token.size(),
                 reinterpret_cast<unsigned char*>(digest.data()), &length,
                 sha256, nullptr) != 1) {
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(),
           reinterpret_cast<unsigned char*>(digest.data()));
  }
  return digest;
}

VerifiedTokens::Shard& VerifiedTokens::ShardOf(
    const std::string& digest) const {
  // The digest's first byte is as good as any hash of it.
  return shards_[static_cast<unsigned char>(digest[0]) % kShards];
}

std::optional<VerifiedTokens::Entry> VerifiedTokens::Find(
    const std::string& digest, Clock::time_point now) const {
  Shard& shard = ShardOf(digest);
  absl::MutexLock lock(&shard.mutex);
  const auto found = shard.entries.find(digest);
  if (found == shard.entries.end() || now < found->second.valid_from ||
      now >= found->second.valid_until) {
    return std::nullopt;
  }
  return found->second;
}

void VerifiedTokens::Put(const std::string& digest, Entry entry,
                         Clock::time_point now) {
  Shard& shard = ShardOf(digest);
  absl::MutexLock lock(&shard.mutex);
  if (shard.entries.size() >= shard_capacity_ &&
      !shard.entries.contains(digest)) {
    absl::erase_if(shard.entries, [now](const auto& item) {
      return now >= item.second.valid_until;
    });
    if (shard.entries.size() >= shard_capacity_) {
      shard.entries.erase(shard.entries.begin());
    }
  }
  shard.entries.insert_or_assign(digest, std::move(entry));
}

size_t VerifiedTokens::size() const {
  size_t total = 0;
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

}  // namespace jstedu::gateway
