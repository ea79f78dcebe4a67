// JWK Sets (RFC 7517) and the keys tokens are verified with: which keys are
// taken and which left out, RS256 and ES256 tokens chosen by kid, and an
// algorithm that does not match its key refused (issue 18).

#include "gateway/jwt_keys.h"

#include "gateway/auth.h"
#include "gateway/test_tokens.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using nlohmann::json;
using testing::Base64Url;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::KeyPair;
using testing::PublicJwk;
using testing::SignedToken;
using testing::SigningInput;

const std::chrono::system_clock::time_point kNow =
    std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));

class JwksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new KeyPair(testing::GenerateRsaKeyPair());
    ec_ = new KeyPair(testing::GenerateEcKeyPair());
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete ec_;
  }

  // A verifier of the JWK Set {rsa_ as "rsa", ec_ as "ec"}.
  static JwtVerifier Verifier() {
    auto set = ParseJwks(json{{"keys",
                               {PublicJwk(rsa_->public_pem, "rsa"),
                                PublicJwk(ec_->public_pem, "ec")}}}
                             .dump());
    EXPECT_TRUE(set.ok()) << set.status();
    JwtOptions options;
    options.now = [] { return kNow; };
    return JwtVerifier(std::make_shared<JwksKeySource>(*std::move(set)),
                       options);
  }
  static json Claims() { return testing::DevClaims("user-1", "ADMIN", kNow); }
  // A token of `alg` and `kid` signed by `signer` (raw bytes of the input).
  template <class Signer>
  static std::string Token(const char* alg, const char* kid, Signer signer) {
    const std::string input =
        SigningInput({{"alg", alg}, {"kid", kid}, {"typ", "JWT"}}, Claims());
    return input + "." + Base64Url(signer(input));
  }
  static void ExpectRefused(const JwtVerifier& verifier,
                            const std::string& token, const std::string& why) {
    auto principal = verifier.Verify(token);
    ASSERT_FALSE(principal.ok()) << "accepted: " << token;
    EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
    EXPECT_THAT(std::string(principal.status().message()), HasSubstr(why));
  }

  static KeyPair* rsa_;
  static KeyPair* ec_;
};

KeyPair* JwksTest::rsa_ = nullptr;
KeyPair* JwksTest::ec_ = nullptr;

TEST_F(JwksTest, RsaAndEcKeysAreTaken) {
  auto set = ParseJwks(json{
      {"keys",
       {PublicJwk(rsa_->public_pem, "r"), PublicJwk(ec_->public_pem, "e")}}}
                           .dump());
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ(set->keys.size(), 2u);
  EXPECT_EQ(set->keys[0]->kid(), "r");
  EXPECT_EQ(set->keys[0]->algorithm(), JwsAlgorithm::kRs256);
  EXPECT_EQ(set->keys[1]->kid(), "e");
  EXPECT_EQ(set->keys[1]->algorithm(), JwsAlgorithm::kEs256);
  EXPECT_TRUE(set->skipped.empty());

  // use and alg are optional.
  json bare = PublicJwk(ec_->public_pem, "e");
  bare.erase("use");
  bare.erase("alg");
  set = ParseJwks(json{{"keys", {bare}}}.dump());
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->keys[0]->algorithm(), JwsAlgorithm::kEs256);
}

TEST_F(JwksTest, UnusableKeysAreLeftOutSayingWhy) {
  const json good = PublicJwk(rsa_->public_pem, "good");
  json no_kid = good;
  no_kid.erase("kid");
  json encryption = PublicJwk(rsa_->public_pem, "enc");
  encryption["use"] = "enc";
  json rs384 = PublicJwk(rsa_->public_pem, "rs384");
  rs384["alg"] = "RS384";
  json ec_as_rsa = PublicJwk(ec_->public_pem, "ec-rs256");
  ec_as_rsa["alg"] = "RS256";
  json bad_base64 = PublicJwk(rsa_->public_pem, "b64");
  bad_base64["n"] = "+" + bad_base64["n"].get<std::string>().substr(1);
  json padded = PublicJwk(ec_->public_pem, "padded");
  padded["x"] = padded["x"].get<std::string>() + "=";
  json off_curve = PublicJwk(ec_->public_pem, "off-curve");
  off_curve["y"] = Base64Url(std::string(32, '\x01'));
  json short_x = PublicJwk(ec_->public_pem, "short-x");
  short_x["x"] = Base64Url(std::string(31, '\x01'));
  const json symmetric = {{"kty", "oct"}, {"kid", "oct"}, {"k", "c2VjcmV0"}};
  const json weak =
      PublicJwk(testing::GenerateRsaKeyPair(1024).public_pem, "rsa-1024");
  const json p384 =
      PublicJwk(testing::GenerateEcKeyPair("P-384").public_pem, "p-384");
  json with_private = PublicJwk(ec_->public_pem, "private");
  with_private["d"] = Base64Url(std::string(32, '\x02'));
  json huge = PublicJwk(rsa_->public_pem, "huge");
  huge["n"] = Base64Url(std::string(1025, '\xff'));  // 8200 bits

  auto set = ParseJwks(json{
      {"keys",
       {no_kid, encryption, rs384, ec_as_rsa, bad_base64, padded, off_curve,
        short_x, symmetric, weak, p384, "text", with_private, huge,
        good}}}.dump());
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ(set->keys.size(), 1u);
  EXPECT_EQ(set->keys[0]->kid(), "good");
  EXPECT_THAT(
      set->skipped,
      ElementsAre(
          HasSubstr("key 0: has no kid"),
          HasSubstr("key 1 (kid enc): use is not sig"),
          HasSubstr("key 2 (kid rs384): alg is not RS256"),
          HasSubstr("key 3 (kid ec-rs256): alg is not ES256"),
          HasSubstr("key 4 (kid b64): n is not base64url"),
          HasSubstr("key 5 (kid padded): x is not base64url"),
          HasSubstr("key 6 (kid off-curve): x and y are not a point on P-256"),
          HasSubstr("key 7 (kid short-x): x and y must be 32 bytes"),
          HasSubstr("key 8 (kid oct): holds the private member k"),
          HasSubstr(
              "key 9 (kid rsa-1024): the RSA key is shorter than 2048 bits"),
          HasSubstr("key 10 (kid p-384): the EC key is not on P-256"),
          HasSubstr("key 11: is not a JSON object"),
          HasSubstr("key 12 (kid private): holds the private member d"),
          HasSubstr(
              "key 13 (kid huge): the RSA key is longer than 8192 bits")));
}

TEST_F(JwksTest, ARepeatedKidKeepsTheFirstKey) {
  const KeyPair other = testing::GenerateRsaKeyPair();
  auto set = ParseJwks(json{
      {"keys",
       {PublicJwk(rsa_->public_pem, "k"), PublicJwk(other.public_pem, "k"),
        PublicJwk(ec_->public_pem,
                  "k")}}}.dump());
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->keys.size(), 2u);  // one kid, two algorithms
  EXPECT_THAT(set->skipped,
              ElementsAre(HasSubstr("kid is already used for RS256")));
  JwksKeySource source(*std::move(set));
  auto key = source.KeyFor(JwsAlgorithm::kRs256, "k");
  ASSERT_TRUE(key.ok());
  const std::string input = "a.b";
  EXPECT_TRUE(
      (*key)->Verifies(input, testing::SignRs256(rsa_->private_pem, input)));
}

TEST_F(JwksTest, ADocumentWithoutUsableKeysIsRefused) {
  for (const std::string& text :
       {std::string("[]"), std::string("not json"), std::string("{}"),
        std::string(R"({"keys":{}})"), std::string(R"({"keys":[]})"),
        json{{"keys", {{{"kty", "oct"}, {"kid", "a"}}}}}.dump()}) {
    auto set = ParseJwks(text);
    EXPECT_EQ(set.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
  EXPECT_THAT(std::string(ParseJwks(R"({"keys":[]})").status().message()),
              HasSubstr("no usable key"));
}

TEST_F(JwksTest, Rs256AndEs256TokensAreVerifiedByKid) {
  const JwtVerifier verifier = Verifier();
  auto rsa = verifier.Verify(SignedToken(rsa_->private_pem, Claims(), "rsa"));
  ASSERT_TRUE(rsa.ok()) << rsa.status();
  EXPECT_EQ(rsa->subject(), "user-1");
  auto ec = verifier.Verify(SignedToken(ec_->private_pem, Claims(), "ec"));
  ASSERT_TRUE(ec.ok()) << ec.status();
  EXPECT_EQ(ec->role(), auth::v1::ADMIN);
}

TEST_F(JwksTest, TheKidIsRequiredAndMustBeKnown) {
  const JwtVerifier verifier = Verifier();
  ExpectRefused(verifier, SignedToken(rsa_->private_pem, Claims()), "kid");
  ExpectRefused(verifier, SignedToken(rsa_->private_pem, Claims(), "other"),
                "key id (kid) is not known");
  const std::string input =
      SigningInput({{"alg", "RS256"}, {"kid", 7}}, Claims());
  ExpectRefused(
      verifier,
      input + "." + Base64Url(testing::SignRs256(rsa_->private_pem, input)),
      "kid");
}

TEST_F(JwksTest, AnAlgorithmOtherThanItsKeysIsRefused) {
  const JwtVerifier verifier = Verifier();
  // RS256 naming the EC key, ES256 naming the RSA key, each correctly
  // signed by its own private key: never checked with the other key type.
  ExpectRefused(verifier,
                Token("RS256", "ec",
                      [](const std::string& input) {
                        return testing::SignRs256(rsa_->private_pem, input);
                      }),
                "algorithm does not match");
  ExpectRefused(verifier,
                Token("ES256", "rsa",
                      [](const std::string& input) {
                        return testing::SignEs256(ec_->private_pem, input);
                      }),
                "algorithm does not match");
  // With the key file: RS256 only.
  JwtOptions options;
  options.now = [] { return kNow; };
  auto pem = JwtVerifier::Create(rsa_->public_pem, options);
  ASSERT_TRUE(pem.ok());
  ExpectRefused(*pem, SignedToken(ec_->private_pem, Claims()), "algorithm");
}

TEST_F(JwksTest, AnEs256SignatureIsExactly64BytesOfItsKey) {
  const JwtVerifier verifier = Verifier();
  const auto sign = [](const std::string& input) {
    return testing::SignEs256(ec_->private_pem, input);
  };
  const std::string token = Token("ES256", "ec", sign);
  ASSERT_TRUE(verifier.Verify(token).ok());
  const size_t dot = token.rfind('.');
  const std::string input = token.substr(0, dot);
  const std::string raw = sign(input);
  for (const std::string& signature :
       {raw + '\0', raw.substr(0, 63), std::string(1, '\0') + raw,
        raw.substr(32) + raw.substr(0, 32), std::string(64, '\0')}) {
    ExpectRefused(verifier, input + "." + Base64Url(signature), "signature");
  }
  // Another EC key's signature.
  const KeyPair other = testing::GenerateEcKeyPair();
  ExpectRefused(
      verifier,
      input + "." + Base64Url(testing::SignEs256(other.private_pem, input)),
      "signature");
}

}  // namespace
}  // namespace jstedu::gateway
