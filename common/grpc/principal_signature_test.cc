#include "common/grpc/principal_signature.h"

#include <fstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::grpcutil {
namespace {

using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1796540000);
const std::string kPrincipal("\x0a\x03ops\x10\x02", 7);

PrincipalKeys Keys(char current, char previous = 0) {
  PrincipalKeys keys;
  keys.current = std::string(32, current);
  if (previous != 0) keys.previous = std::string(32, previous);
  return keys;
}

void ExpectRefused(const absl::Status& status, const std::string& why) {
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << status;
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("not signed by this deployment: " + why));
}

TEST(PrincipalSignatureTest, ASignatureVerifiesForItsPrincipalOnly) {
  UsePrincipalKeys(Keys('a'));
  const std::string signature = SignPrincipal(kPrincipal, kNow);
  EXPECT_THAT(signature, ::testing::MatchesRegex("v1\\.[0-9]+\\.[0-9a-f]{64}"));
  EXPECT_TRUE(VerifyPrincipal(kPrincipal, signature, kNow).ok());
  // Another principal (a role raised by one byte) with the same signature.
  std::string raised = kPrincipal;
  raised.back() = '\x01';
  ExpectRefused(VerifyPrincipal(raised, signature, kNow),
                "its signature does not match");
}

TEST(PrincipalSignatureTest, AnotherDeploymentsKeyIsRefused) {
  UsePrincipalKeys(Keys('b'));
  const std::string theirs = SignPrincipal(kPrincipal, kNow);
  UsePrincipalKeys(Keys('a'));
  ExpectRefused(VerifyPrincipal(kPrincipal, theirs, kNow),
                "its signature does not match");
}

TEST(PrincipalSignatureTest, AbsentOrMalformedSignaturesAreRefused) {
  UsePrincipalKeys(Keys('a'));
  ExpectRefused(VerifyPrincipal(kPrincipal, "", kNow), "it has no signature");
  const std::string good = SignPrincipal(kPrincipal, kNow);
  const std::vector<std::string> parts = absl::StrSplit(good, '.');
  for (const std::string& bad :
       {std::string("v1"), absl::StrCat("v2.", parts[1], ".", parts[2]),
        absl::StrCat("v1.soon.", parts[2]),
        absl::StrCat("v1.", parts[1], ".", parts[2].substr(1)),
        absl::StrCat(good, ".x"),
        // One spelling only: no sign, padding or upper-case hex.
        absl::StrCat("v1.+", parts[1], ".", parts[2]),
        absl::StrCat("v1.0", parts[1], ".", parts[2]),
        absl::StrCat("v1. ", parts[1], ".", parts[2]),
        absl::StrCat("v1.", parts[1], ".", absl::AsciiStrToUpper(parts[2]))}) {
    ExpectRefused(VerifyPrincipal(kPrincipal, bad, kNow),
                  "its signature is malformed");
  }
}

TEST(PrincipalSignatureTest, TheExpiryIsSignedAndBounded) {
  UsePrincipalKeys(Keys('a'));
  const std::string signature = SignPrincipal(kPrincipal, kNow);
  EXPECT_TRUE(
      VerifyPrincipal(kPrincipal, signature, kNow + kPrincipalSignatureLifetime)
          .ok());
  ExpectRefused(
      VerifyPrincipal(kPrincipal, signature,
                      kNow + kPrincipalSignatureLifetime + absl::Seconds(1)),
      "its signature has expired");
  // A later expiry written over the signed one does not match.
  const std::vector<std::string> parts = absl::StrSplit(signature, '.');
  ExpectRefused(
      VerifyPrincipal(
          kPrincipal,
          absl::StrCat("v1.", absl::ToUnixSeconds(kNow) + 3600, ".", parts[2]),
          kNow),
      "its signature does not match");
  // A signer whose clock runs ahead within the skew is accepted; one that
  // claims a longer life than allowed is not.
  EXPECT_TRUE(
      VerifyPrincipal(kPrincipal,
                      SignPrincipal(kPrincipal, kNow + absl::Seconds(50)), kNow)
          .ok());
  ExpectRefused(
      VerifyPrincipal(kPrincipal,
                      SignPrincipal(kPrincipal, kNow + absl::Hours(1)), kNow),
      "its signature claims a longer life than allowed");
}

TEST(PrincipalSignatureTest, ARotationAcceptsThePreviousKeyUntilItIsRemoved) {
  UsePrincipalKeys(Keys('o'));
  const std::string old_signature = SignPrincipal(kPrincipal, kNow);
  // Step 2 of the rotation: the new key signs, the old one still verifies.
  UsePrincipalKeys(Keys('n', 'o'));
  EXPECT_TRUE(VerifyPrincipal(kPrincipal, old_signature, kNow).ok());
  const std::string new_signature = SignPrincipal(kPrincipal, kNow);
  EXPECT_NE(new_signature, old_signature);
  EXPECT_TRUE(VerifyPrincipal(kPrincipal, new_signature, kNow).ok());
  // Step 3: the old key removed.
  UsePrincipalKeys(Keys('n'));
  ExpectRefused(VerifyPrincipal(kPrincipal, old_signature, kNow),
                "its signature does not match");
  EXPECT_TRUE(VerifyPrincipal(kPrincipal, new_signature, kNow).ok());
}

std::string WriteKey(const std::string& name, const std::string& bytes) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(PrincipalSignatureTest, KeyFilesAreReadWholeAndChecked) {
  const std::string key = std::string(40, 'k') + std::string(1, '\0') + "\n";
  auto keys = ReadPrincipalKeys(WriteKey("principal-current.key", key), "");
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ(keys->current, key);  // binary-safe: the NUL and newline kept
  EXPECT_EQ(keys->previous, "");

  for (const std::string& bad :
       {std::string(), ::testing::TempDir() + "/principal-none.key",
        ::testing::TempDir(),
        WriteKey("principal-short.key", std::string(31, 'k'))}) {
    auto refused = ReadPrincipalKeys(bad, "");
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
    EXPECT_THAT(std::string(refused.status().message()),
                HasSubstr("JSTEDU_PRINCIPAL_KEY_FILE: must name a readable "
                          "file of at least 32 bytes"))
        << bad;
  }
  const std::string current = WriteKey("principal-a.key", std::string(32, 'a'));
  auto same = ReadPrincipalKeys(current, current);
  EXPECT_THAT(std::string(same.status().message()),
              HasSubstr("JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE: holds the same "
                        "key"));
  auto short_previous = ReadPrincipalKeys(
      current, WriteKey("principal-b.key", std::string(5, 'b')));
  EXPECT_THAT(std::string(short_previous.status().message()),
              HasSubstr("JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE: must name"));
}

}  // namespace
}  // namespace jstedu::grpcutil
