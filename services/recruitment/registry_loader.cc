#include "services/recruitment/registry_loader.h"

#include <openssl/sha.h>

#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace jstedu::recruitment {

std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

absl::StatusOr<LoadSummary> LoadRegisterFile(RegistryStore& store,
                                             const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream contents;
  contents << file.rdbuf();
  std::string text = contents.str();
  auto terc = ParseTerc(text);
  if (!terc.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", terc.status().message()));
  }
  return store.Load(*terc, Sha256Hex(text));
}

}  // namespace jstedu::recruitment
