// JWT verification, including the attacks of issue 3: alg none, HS/RS
// confusion, a foreign key, expiry and nbf beyond the leeway, wrong aud and
// iss, a tampered payload, missing and malformed tokens, bad claims; and of
// issue 15: repeated member names, a missing iat, lifetimes beyond the
// maximum and absurd times. Each runs with the key from a PEM file, from a
// fixed JWK Set and from an OpenID Connect issuer (issue 18; the issuer's
// documents come from an in-memory fetcher here, over HTTP in
// oidc_keys_test.cc).

#include "gateway/auth.h"

#include <cstdint>
#include <limits>

#include "gateway/jwt_keys.h"
#include "gateway/oidc_keys.h"
#include "gateway/test_tokens.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using nlohmann::json;
using testing::Base64Url;
using testing::DevClaims;
using ::testing::HasSubstr;
using testing::HmacSha256;
using testing::KeyPair;
using testing::SignedToken;
using testing::SigningInput;
using testing::SignRs256;

// A fixed instant: 2026-01-01T00:00:00Z.
const std::chrono::system_clock::time_point kNow =
    std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));

// Where the verifier under test gets its key.
enum class KeySetup { kPemFile, kJwks, kOidc };

std::string SetupName(const ::testing::TestParamInfo<KeySetup>& info) {
  switch (info.param) {
    case KeySetup::kPemFile:
      return "PemFile";
    case KeySetup::kJwks:
      return "Jwks";
    case KeySetup::kOidc:
      return "Oidc";
  }
  return "";
}

constexpr char kKid[] = "key-1";

class AuthTest : public ::testing::TestWithParam<KeySetup> {
 protected:
  static void SetUpTestSuite() {
    keys_ = new KeyPair(testing::GenerateRsaKeyPair());
    other_keys_ = new KeyPair(testing::GenerateRsaKeyPair());
  }
  static void TearDownTestSuite() {
    delete keys_;
    delete other_keys_;
  }

  void SetUp() override {
    JwtOptions options;
    options.now = [] { return kNow; };
    verifier_ = MakeVerifier(options);
    ASSERT_NE(verifier_, nullptr);
  }

  // A verifier with `options` and this run's key source, holding keys_'s
  // public half (as key kKid in a JWK Set).
  // A verifier whose clock reads `*now`, which the test moves.
  static std::unique_ptr<JwtVerifier> MakeVerifierAt(
      std::shared_ptr<std::chrono::system_clock::time_point> now) {
    JwtOptions options;
    options.now = [now] { return *now; };
    return MakeVerifier(options);
  }
  static std::unique_ptr<JwtVerifier> MakeVerifier(const JwtOptions& options) {
    const std::string jwks =
        json{{"keys", {testing::PublicJwk(keys_->public_pem, kKid)}}}.dump();
    switch (GetParam()) {
      case KeySetup::kPemFile: {
        auto verifier = JwtVerifier::Create(keys_->public_pem, options);
        if (!verifier.ok()) return nullptr;
        return std::make_unique<JwtVerifier>(*std::move(verifier));
      }
      case KeySetup::kJwks: {
        auto set = ParseJwks(jwks);
        if (!set.ok()) return nullptr;
        return std::make_unique<JwtVerifier>(
            std::make_shared<JwksKeySource>(*std::move(set)), options);
      }
      case KeySetup::kOidc: {
        const std::string issuer = "https://login.example";
        const std::string discovery =
            json{{"issuer", issuer}, {"jwks_uri", issuer + "/jwks"}}.dump();
        OidcOptions oidc;
        oidc.issuer = issuer;
        auto source =
            std::make_shared<OidcKeySource>(oidc, [=](const std::string& url) {
              return url == issuer + "/jwks" ? jwks : discovery;
            });
        if (!source->Refresh().ok()) return nullptr;
        return std::make_unique<JwtVerifier>(source, options);
      }
    }
    return nullptr;
  }

  // The kid a token carries: none with a key file (which ignores it).
  static std::string Kid() {
    return GetParam() == KeySetup::kPemFile ? "" : kKid;
  }
  // A JOSE header of `alg` with this run's kid.
  static json Header(const json& alg) {
    json header = {{"alg", alg}, {"typ", "JWT"}};
    if (!Kid().empty()) header["kid"] = Kid();
    return header;
  }
  static json Claims(std::string_view role = "ADMIN") {
    return DevClaims("user-1", role, kNow);
  }
  static std::string Sign(const json& claims) {
    return SignedToken(keys_->private_pem, claims, Kid());
  }
  // A token of `header` and `payload` as written (JSON text that
  // nlohmann::json could not produce, e.g. with a repeated member).
  static std::string SignText(std::string_view header,
                              std::string_view payload) {
    const std::string input = Base64Url(header) + "." + Base64Url(payload);
    return input + "." + Base64Url(SignRs256(keys_->private_pem, input));
  }
  // `claims` as JSON text with `members` added before the closing brace.
  static std::string TextWith(const json& claims, std::string_view members) {
    std::string text = claims.dump();
    text.insert(text.size() - 1, members);
    return text;
  }
  static std::string Seconds(int64_t delta) {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                              kNow.time_since_epoch())
                              .count() +
                          delta);
  }
  static int64_t At(int64_t delta) { return std::stoll(Seconds(delta)); }

  // Expects UNAUTHENTICATED with `why` in the message.
  void ExpectRefused(const std::string& token, const std::string& why) {
    auto principal = verifier_->Verify(token);
    ASSERT_FALSE(principal.ok()) << "accepted: " << token;
    EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
    EXPECT_THAT(std::string(principal.status().message()), HasSubstr(why));
  }

  static KeyPair* keys_;
  static KeyPair* other_keys_;
  std::unique_ptr<JwtVerifier> verifier_;
};

KeyPair* AuthTest::keys_ = nullptr;
KeyPair* AuthTest::other_keys_ = nullptr;

TEST_P(AuthTest, ValidTokenGivesThePrincipal) {
  auto principal = verifier_->Verify(Sign(Claims()));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject(), "user-1");
  EXPECT_EQ(principal->role(), auth::v1::ADMIN);
  EXPECT_EQ(principal->voivodeship(), "");
  EXPECT_EQ(principal->jst(), "");
}

TEST_P(AuthTest, CoordinatorAndJstCarryTheirScope) {
  json coordinator = Claims("COORDINATOR");
  coordinator["region"] = "24";
  coordinator["jst"] = "2476011";  // ignored for a coordinator
  auto principal = verifier_->Verify(Sign(coordinator));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role(), auth::v1::COORDINATOR);
  EXPECT_EQ(principal->voivodeship(), "24");
  EXPECT_EQ(principal->jst(), "");

  json jst = Claims("JST");
  jst["jst"] = "2476011";
  jst["region"] = "24";  // ignored for a JST
  principal = verifier_->Verify(Sign(jst));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role(), auth::v1::JST);
  EXPECT_EQ(principal->jst(), "2476011");
  EXPECT_EQ(principal->voivodeship(), "");

  json county = Claims("JST");
  county["jst"] = "2476";
  EXPECT_TRUE(verifier_->Verify(Sign(county)).ok());
}

TEST_P(AuthTest, EveryRoleIsAccepted) {
  for (const char* role : {"ADMIN", "EXPERT", "TRAINER", "MINISTRY"}) {
    auto principal = verifier_->Verify(Sign(Claims(role)));
    ASSERT_TRUE(principal.ok()) << role << ": " << principal.status();
    EXPECT_EQ(RoleName(principal->role()), role);
  }
}

TEST_P(AuthTest, AudienceMayBeAnArrayContainingOurs) {
  json claims = Claims();
  claims["aud"] = json::array({"other", "jstedu-gateway"});
  EXPECT_TRUE(verifier_->Verify(Sign(claims)).ok());
  claims["aud"] = json::array({"other"});
  ExpectRefused(Sign(claims), "audience");
  claims["aud"] = json::array();
  ExpectRefused(Sign(claims), "audience");
}

TEST_P(AuthTest, AlgNoneIsRefused) {
  for (const char* alg : {"none", "None", "NONE"}) {
    const std::string input = SigningInput(Header(alg), Claims());
    ExpectRefused(input + ".", "algorithm");
    // Also with a valid RS256 signature attached.
    ExpectRefused(input + "." + Base64Url(SignRs256(keys_->private_pem, input)),
                  "algorithm");
  }
}

TEST_P(AuthTest, HmacKeyedWithThePublicKeyIsRefused) {
  // The HS/RS confusion: an HS256 token whose secret is the public key the
  // gateway trusts, as PEM or as its JWK.
  for (const std::string& secret :
       {keys_->public_pem,
        testing::PublicJwk(keys_->public_pem, kKid).dump()}) {
    const std::string input = SigningInput(Header("HS256"), Claims());
    ExpectRefused(input + "." + Base64Url(HmacSha256(secret, input)),
                  "algorithm");
    // The same MAC under an RS256 header does not verify either.
    const std::string rs_input = SigningInput(Header("RS256"), Claims());
    ExpectRefused(rs_input + "." + Base64Url(HmacSha256(secret, rs_input)),
                  "signature");
  }
}

TEST_P(AuthTest, OtherAlgorithmsAreRefused) {
  for (const json& alg : {json("RS384"), json("RS512"), json("PS256"),
                          json("ES256"), json("HS512"), json("rs256"),
                          json(nullptr), json(256), json::array({"RS256"})}) {
    const std::string input = SigningInput(Header(alg), Claims());
    ExpectRefused(input + "." + Base64Url(SignRs256(keys_->private_pem, input)),
                  "algorithm");
  }
  const std::string input = SigningInput({{"typ", "JWT"}}, Claims());
  ExpectRefused(input + "." + Base64Url(SignRs256(keys_->private_pem, input)),
                "algorithm");
}

TEST_P(AuthTest, CriticalHeaderParametersAreRefused) {
  json header = Header("RS256");
  header["crit"] = json::array({"exp"});
  const std::string input = SigningInput(header, Claims());
  ExpectRefused(input + "." + Base64Url(SignRs256(keys_->private_pem, input)),
                "critical");
}

TEST_P(AuthTest, AnotherKeysSignatureIsRefused) {
  ExpectRefused(SignedToken(other_keys_->private_pem, Claims(), Kid()),
                "signature");
}

TEST_P(AuthTest, TamperedPayloadIsRefused) {
  const std::string token = Sign(Claims("MINISTRY"));
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  json claims = Claims("ADMIN");
  const std::string forged = token.substr(0, first + 1) +
                             Base64Url(claims.dump()) + token.substr(second);
  ExpectRefused(forged, "signature");
  // A changed signature as well.
  std::string flipped = token;
  char& c = flipped[second + 10];
  c = c == 'A' ? 'B' : 'A';
  ExpectRefused(flipped, "signature");
}

TEST_P(AuthTest, ExpiryHasSixtySecondsOfLeeway) {
  json claims = Claims();
  claims["iat"] = At(-3600);
  claims["exp"] = At(-59);
  EXPECT_TRUE(verifier_->Verify(Sign(claims)).ok());
  claims["exp"] = At(-60);
  ExpectRefused(Sign(claims), "expired");
  claims["exp"] = At(-3600);
  ExpectRefused(Sign(claims), "expired");
}

TEST_P(AuthTest, ExpiryAndIssueTimeAreRequiredAndNumeric) {
  for (const char* name : {"exp", "iat"}) {
    json claims = Claims();
    claims.erase(name);
    ExpectRefused(Sign(claims), name);
    claims[name] = Seconds(0);  // a string
    ExpectRefused(Sign(claims), name);
  }
}

TEST_P(AuthTest, NotBeforeHasSixtySecondsOfLeeway) {
  json claims = Claims();
  claims["nbf"] = At(60);
  EXPECT_TRUE(verifier_->Verify(Sign(claims)).ok());
  claims["nbf"] = At(61);
  ExpectRefused(Sign(claims), "nbf");
  claims["nbf"] = "soon";
  ExpectRefused(Sign(claims), "nbf");
  claims.erase("nbf");
  EXPECT_TRUE(verifier_->Verify(Sign(claims)).ok());
}

TEST_P(AuthTest, IssuedInTheFutureIsRefused) {
  json claims = Claims();
  claims["iat"] = At(60);
  EXPECT_TRUE(verifier_->Verify(Sign(claims)).ok());
  claims["iat"] = At(61);
  ExpectRefused(Sign(claims), "iat");
}

// An ID token (with the nonce of its sign-in) is no access token, whatever
// its audience; a kid must name something.
TEST_P(AuthTest, IdTokensAndEmptyKeyIdsAreRefused) {
  const std::string kHeader = Header("RS256").dump();
  ExpectRefused(
      SignText(kHeader, TextWith(Claims("MINISTRY"), R"(,"nonce":"n-1")")),
      "an ID token, not an access token");
  json header = Header("RS256");
  header["kid"] = "";
  ExpectRefused(SignText(header.dump(), Claims("MINISTRY").dump()),
                "key id (kid) is not a non-empty string");
}

TEST_P(AuthTest, RepeatedMemberNamesAreRefused) {
  const std::string kHeader = Header("RS256").dump();
  const json ministry = Claims("MINISTRY");
  // A parser keeping the last value would make this MINISTRY token an ADMIN.
  ExpectRefused(SignText(kHeader, TextWith(ministry, R"(,"role":"ADMIN")")),
                "repeats a member name");
  // Any member: one the gateway reads, one it ignores, a nested one.
  for (std::string_view members :
       {R"(,"exp":9999999999)", R"(,"x":1,"x":1)", R"(,"o":{"a":1,"a":2})",
        R"(,"l":[{"a":1},{"b":1,"b":1}])"}) {
    ExpectRefused(SignText(kHeader, TextWith(ministry, members)),
                  "repeats a member name");
  }
  // The header too.
  std::string repeated = kHeader;
  repeated.insert(repeated.size() - 1, R"(,"alg":"RS256")");
  ExpectRefused(SignText(repeated, ministry.dump()),
                "header repeats a member name");
  // One name in several objects is no repeat.
  auto principal = verifier_->Verify(SignText(
      kHeader,
      TextWith(ministry, R"(,"a":{"role":1},"b":[{"role":2},{"role":3}])")));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role(), auth::v1::MINISTRY);
}

TEST_P(AuthTest, LifetimeIsAtMostTwelveHoursByDefault) {
  json claims = Claims();
  claims["exp"] = At(12 * 3600);  // iat = now
  EXPECT_TRUE(verifier_->Verify(Sign(claims)).ok());
  claims["exp"] = At(12 * 3600 + 1);
  ExpectRefused(Sign(claims), "lifetime");
  // Issued long ago, not yet expired: still too long a life.
  claims["iat"] = At(-12 * 3600);
  claims["exp"] = At(60);
  ExpectRefused(Sign(claims), "lifetime");
  // Expiring when (or before) it was issued.
  claims["iat"] = At(0);
  claims["exp"] = At(0);
  ExpectRefused(Sign(claims), "exp");
}

TEST_P(AuthTest, MaximumLifetimeIsConfigured) {
  JwtOptions options;
  options.now = [] { return kNow; };
  options.max_lifetime = std::chrono::minutes(30);
  auto strict = MakeVerifier(options);
  ASSERT_NE(strict, nullptr);
  json claims = Claims();
  claims["exp"] = At(30 * 60);
  EXPECT_TRUE(strict->Verify(Sign(claims)).ok());
  claims["exp"] = At(30 * 60 + 1);
  auto refused = strict->Verify(Sign(claims));
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("lifetime (exp - iat) exceeds 1800 s"));
}

TEST_P(AuthTest, AbsurdTimesAreRefused) {
  const json absurd[] = {json(1e300),
                         json(-1e300),
                         json(-1),
                         json(static_cast<double>(At(3600)) + 0.5),
                         json(1.7672292e9),  // a float, even if whole
                         json(std::numeric_limits<uint64_t>::max()),
                         json(std::numeric_limits<int64_t>::min()),
                         json(int64_t{253402300800}),  // year 10000
                         json(true),
                         json(nullptr),
                         json::array({At(3600)})};
  for (const char* name : {"exp", "iat", "nbf"}) {
    for (const json& value : absurd) {
      json claims = Claims();
      claims[name] = value;
      ExpectRefused(Sign(claims), name);
    }
  }
}

TEST_P(AuthTest, TimeComesFromTheInjectedClock) {
  JwtOptions options;
  options.now = [] { return kNow + std::chrono::hours(2); };
  auto later = MakeVerifier(options);
  ASSERT_NE(later, nullptr);
  auto principal = later->Verify(Sign(Claims()));  // exp = kNow + 1 h
  ASSERT_FALSE(principal.ok());
  EXPECT_THAT(std::string(principal.status().message()), HasSubstr("expired"));
}

TEST_P(AuthTest, WrongAudienceOrIssuerIsRefused) {
  json claims = Claims();
  claims["aud"] = "another-api";
  ExpectRefused(Sign(claims), "audience");
  claims.erase("aud");
  ExpectRefused(Sign(claims), "audience");
  claims = Claims();
  claims["iss"] = "https://evil.example";
  ExpectRefused(Sign(claims), "issuer");
  claims.erase("iss");
  ExpectRefused(Sign(claims), "issuer");
}

TEST_P(AuthTest, ConfiguredIssuerAndAudienceAreTheOnesAccepted) {
  JwtOptions options;
  options.issuer = "https://idp.example";
  options.audience = "api";
  options.now = [] { return kNow; };
  auto custom = MakeVerifier(options);
  ASSERT_NE(custom, nullptr);
  EXPECT_FALSE(custom->Verify(Sign(Claims())).ok());
  json claims = Claims();
  claims["iss"] = "https://idp.example";
  claims["aud"] = "api";
  EXPECT_TRUE(custom->Verify(Sign(claims)).ok());
}

TEST_P(AuthTest, ClaimNamesAreConfigured) {
  JwtOptions options;
  options.now = [] { return kNow; };
  options.role_claim = "jstedu_role";
  options.voivodeship_claim = "voivodeship";
  options.jst_claim = "teryt";
  auto custom = MakeVerifier(options);
  ASSERT_NE(custom, nullptr);

  json coordinator = Claims();
  coordinator.erase("role");
  coordinator["jstedu_role"] = "COORDINATOR";
  coordinator["voivodeship"] = "24";
  coordinator["region"] = "02";  // not the configured claim: ignored
  auto principal = custom->Verify(Sign(coordinator));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role(), auth::v1::COORDINATOR);
  EXPECT_EQ(principal->voivodeship(), "24");

  json jst = Claims();
  jst.erase("role");
  jst["jstedu_role"] = "JST";
  jst["teryt"] = "2476011";
  principal = custom->Verify(Sign(jst));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->jst(), "2476011");

  // The default names mean nothing to this verifier.
  json defaults = Claims("COORDINATOR");
  defaults["region"] = "24";
  auto refused = custom->Verify(Sign(defaults));
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("jstedu_role"));
  coordinator.erase("voivodeship");
  refused = custom->Verify(Sign(coordinator));
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("needs voivodeship"));
}

TEST_P(AuthTest, MalformedTokensAreRefused) {
  const std::string token = Sign(Claims());
  ExpectRefused("", "three");
  ExpectRefused("abc", "three");
  ExpectRefused("a.b", "three");
  ExpectRefused(token + ".extra", "three");
  ExpectRefused("a+b.c.d", "base64url");
  ExpectRefused(token + "=", "base64url");   // padding
  ExpectRefused("a.e30.AAAA", "base64url");  // one character is no byte
  const std::string bad_json =
      Base64Url("{\"alg\":") + "." + Base64Url(Claims().dump()) + ".AAAA";
  ExpectRefused(bad_json, "header");
  const std::string array_header =
      Base64Url("[\"RS256\"]") + "." + Base64Url(Claims().dump()) + ".AAAA";
  ExpectRefused(array_header, "header");
  // A payload that is not JSON, correctly signed.
  const std::string input =
      Base64Url(Header("RS256").dump()) + "." + Base64Url("not json");
  ExpectRefused(input + "." + Base64Url(SignRs256(keys_->private_pem, input)),
                "payload");
  ExpectRefused(std::string(9000, 'a'), "too long");
}

TEST_P(AuthTest, NonCanonicalBase64IsRefused) {
  // "e30" is "{}"; "e31" decodes to the same bytes with non-zero spare bits.
  const std::string input = Base64Url(R"({"alg":"RS256"})") + ".e31";
  ExpectRefused(input + "." + Base64Url(SignRs256(keys_->private_pem, input)),
                "base64url");
}

TEST_P(AuthTest, SubjectIsRequiredAndBounded) {
  json claims = Claims();
  claims.erase("sub");
  ExpectRefused(Sign(claims), "subject");
  claims["sub"] = "";
  ExpectRefused(Sign(claims), "subject");
  claims["sub"] = std::string(129, 'a');
  ExpectRefused(Sign(claims), "subject");
  claims["sub"] = "has space";
  ExpectRefused(Sign(claims), "subject");
  claims["sub"] = 42;
  ExpectRefused(Sign(claims), "subject");
  claims["sub"] = std::string(128, 'a');
  EXPECT_TRUE(verifier_->Verify(Sign(claims)).ok());
}

TEST_P(AuthTest, UnknownOrMissingRoleIsRefused) {
  for (const json& role :
       {json("ROOT"), json("admin"), json("ROLE_UNSPECIFIED"), json(""),
        json(1), json(nullptr),
        // The internal callers' role: no token may carry it.
        json("SERVICE"), json(7)}) {
    json claims = Claims();
    claims["role"] = role;
    ExpectRefused(Sign(claims), "role");
  }
  json claims = Claims();
  claims.erase("role");
  ExpectRefused(Sign(claims), "role");
}

TEST_P(AuthTest, CoordinatorNeedsAVoivodeship) {
  json claims = Claims("COORDINATOR");
  ExpectRefused(Sign(claims), "region");
  for (const json& region : {json("25"), json("00"), json("34"), json("2"),
                             json("024"), json("ab"), json(24)}) {
    claims["region"] = region;
    ExpectRefused(Sign(claims), "region");
  }
  for (const char* region : {"02", "14", "32"}) {
    claims["region"] = region;
    EXPECT_TRUE(verifier_->Verify(Sign(claims)).ok()) << region;
  }
}

TEST_P(AuthTest, JstNeedsATerytCode) {
  json claims = Claims("JST");
  ExpectRefused(Sign(claims), "jst");
  for (const json& jst : {json("24760"), json("247601"), json("24760111"),
                          json("2576011"), json("24a6011"), json(2476011)}) {
    claims["jst"] = jst;
    ExpectRefused(Sign(claims), "jst");
  }
}

TEST_P(AuthTest, BearerHeaderParsing) {
  const std::string token = Sign(Claims());
  Authentication none = AuthenticateBearer(*verifier_, {});
  EXPECT_EQ(none.principal.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(none.challenge, "Bearer");

  Authentication basic = AuthenticateBearer(*verifier_, {"Basic dXNlcjpwdw=="});
  EXPECT_FALSE(basic.principal.ok());
  EXPECT_EQ(basic.challenge, "Bearer");

  for (const std::string& value :
       {"Bearer " + token, "bearer " + token, "BEARER  " + token}) {
    Authentication ok = AuthenticateBearer(*verifier_, {value});
    EXPECT_TRUE(ok.principal.ok()) << value << ": " << ok.principal.status();
  }

  for (const std::string& value :
       {std::string("Bearer"), std::string("Bearer "),
        std::string("Bearer junk"), "Bearer " + token + " extra"}) {
    Authentication bad = AuthenticateBearer(*verifier_, {value});
    EXPECT_FALSE(bad.principal.ok()) << value;
    EXPECT_EQ(bad.challenge, "Bearer error=\"invalid_token\"") << value;
  }

  const std::string header = "Bearer " + token;
  Authentication twice = AuthenticateBearer(*verifier_, {header, header});
  EXPECT_FALSE(twice.principal.ok());
  EXPECT_EQ(twice.challenge, "Bearer error=\"invalid_token\"");
}

// Remembered tokens (verified_tokens.h): the same token again is accepted
// only while it is, and a copy that differs is checked in full.
TEST_P(AuthTest, ARememberedTokenExpiresAsAnyOther) {
  auto now = std::make_shared<std::chrono::system_clock::time_point>(kNow);
  auto verifier = MakeVerifierAt(now);
  ASSERT_NE(verifier, nullptr);
  const std::string token = Sign(Claims());  // exp = kNow + 1 h
  ASSERT_TRUE(verifier->Verify(token).ok());
  *now = kNow + std::chrono::hours(1) + std::chrono::seconds(59);
  auto within_leeway = verifier->Verify(token);
  ASSERT_TRUE(within_leeway.ok()) << within_leeway.status();
  EXPECT_EQ(within_leeway->subject(), "user-1");
  *now = kNow + std::chrono::hours(1) + std::chrono::seconds(60);
  auto expired = verifier->Verify(token);
  ASSERT_FALSE(expired.ok());
  EXPECT_THAT(std::string(expired.status().message()), HasSubstr("expired"));
}

TEST_P(AuthTest, AClockSetBackDoesNotStretchARememberedToken) {
  auto now = std::make_shared<std::chrono::system_clock::time_point>(kNow);
  auto verifier = MakeVerifierAt(now);
  ASSERT_NE(verifier, nullptr);
  const std::string token = Sign(Claims());  // iat = kNow
  ASSERT_TRUE(verifier->Verify(token).ok());
  *now = kNow - std::chrono::seconds(60);  // still within the leeway
  EXPECT_TRUE(verifier->Verify(token).ok());
  *now = kNow - std::chrono::seconds(61);
  auto early = verifier->Verify(token);
  ASSERT_FALSE(early.ok());
  EXPECT_THAT(std::string(early.status().message()),
              HasSubstr("not valid yet"));
}

TEST_P(AuthTest, ACopyOfARememberedTokenWithAnotherSignatureIsRefused) {
  const std::string token = Sign(Claims());
  ASSERT_TRUE(verifier_->Verify(token).ok());
  std::string forged = token;  // another signature, still canonical base64url
  char& inside = forged[forged.size() - 5];
  inside = inside == 'A' ? 'B' : 'A';
  ExpectRefused(forged, "signature");
  // ...and a token of another subject is its own: never the remembered one.
  json other = Claims("COORDINATOR");
  other["sub"] = "user-2";
  other["region"] = "24";
  auto principal = verifier_->Verify(Sign(other));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject(), "user-2");
  EXPECT_EQ(principal->role(), auth::v1::COORDINATOR);
  EXPECT_EQ(principal->voivodeship(), "24");
}

TEST_P(AuthTest, WithoutTheCacheEveryTokenIsVerifiedAlike) {
  JwtOptions options;
  options.now = [] { return kNow; };
  options.verified_tokens = 0;
  auto verifier = MakeVerifier(options);
  ASSERT_NE(verifier, nullptr);
  const std::string token = Sign(Claims());
  for (int i = 0; i < 3; ++i) {
    auto principal = verifier->Verify(token);
    ASSERT_TRUE(principal.ok()) << principal.status();
    EXPECT_EQ(principal->subject(), "user-1");
  }
}

INSTANTIATE_TEST_SUITE_P(KeySources, AuthTest,
                         ::testing::Values(KeySetup::kPemFile, KeySetup::kJwks,
                                           KeySetup::kOidc),
                         SetupName);

// A key the issuer withdraws takes the tokens it verified with it, even
// those the gateway remembers.
TEST(RememberedTokenTest, AWithdrawnKeyTakesItsRememberedTokensWithIt) {
  const KeyPair old_key = testing::GenerateRsaKeyPair();
  const KeyPair new_key = testing::GenerateRsaKeyPair();
  const std::string issuer = "https://login.example";
  auto jwks = std::make_shared<std::string>(
      json{{"keys", {testing::PublicJwk(old_key.public_pem, "old")}}}.dump());
  OidcOptions oidc;
  oidc.issuer = issuer;
  auto source =
      std::make_shared<OidcKeySource>(oidc, [=](const std::string& url) {
        return url == issuer + "/jwks"
                   ? *jwks
                   : json{{"issuer", issuer}, {"jwks_uri", issuer + "/jwks"}}
                         .dump();
      });
  ASSERT_TRUE(source->Refresh().ok());
  JwtOptions options;
  options.now = [] { return kNow; };
  JwtVerifier verifier(source, options);
  const std::string token = SignedToken(
      old_key.private_pem, DevClaims("user-1", "ADMIN", kNow), "old");
  ASSERT_TRUE(verifier.Verify(token).ok());
  ASSERT_TRUE(verifier.Verify(token).ok());  // remembered

  *jwks =
      json{{"keys", {testing::PublicJwk(new_key.public_pem, "new")}}}.dump();
  ASSERT_TRUE(source->Refresh().ok());
  EXPECT_FALSE(verifier.Verify(token).ok());
  EXPECT_TRUE(
      verifier
          .Verify(SignedToken(new_key.private_pem,
                              DevClaims("user-1", "ADMIN", kNow), "new"))
          .ok());
}

TEST(PublicKeyTest, OnlyRsaPublicKeysOfAtLeast2048Bits) {
  const KeyPair keys = testing::GenerateRsaKeyPair();
  EXPECT_TRUE(CheckPublicKeyPem(keys.public_pem).ok());
  EXPECT_FALSE(CheckPublicKeyPem(keys.private_pem).ok());
  EXPECT_FALSE(CheckPublicKeyPem("").ok());
  EXPECT_FALSE(CheckPublicKeyPem("-----BEGIN PUBLIC KEY-----\nAAAA\n").ok());
  EXPECT_FALSE(
      CheckPublicKeyPem(testing::GenerateRsaKeyPair(1024).public_pem).ok());
  EXPECT_FALSE(JwtVerifier::Create("nonsense", {}).ok());
}

}  // namespace
}  // namespace jstedu::gateway
