#include "gateway/auth.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/fields.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using auth::v1::Principal;
using auth::v1::Role;
using nlohmann::json;

constexpr size_t kMaxTokenBytes = 8 << 10;

constexpr std::pair<std::string_view, Role> kRoles[] = {
    {"ADMIN", auth::v1::ADMIN},   {"COORDINATOR", auth::v1::COORDINATOR},
    {"EXPERT", auth::v1::EXPERT}, {"TRAINER", auth::v1::TRAINER},
    {"JST", auth::v1::JST},       {"MINISTRY", auth::v1::MINISTRY},
};

absl::Status Refuse(std::string_view why) {
  return absl::UnauthenticatedError(absl::string_view(why.data(), why.size()));
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimLeft(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  return text;
}

std::string_view Trim(std::string_view text) {
  text = TrimLeft(text);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (absl::ascii_tolower(static_cast<unsigned char>(a[i])) !=
        absl::ascii_tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// A JSON object, or why not: malformed JSON, another type, or a member name
// repeated in one object (RFC 8725 §3.9; a parser keeping the last one
// would let `"role":"MINISTRY","role":"ADMIN"` mean ADMIN). `what` names the
// part in the message ("header", "payload").
absl::StatusOr<json> ParseObject(std::string_view text, const char* what) {
  std::vector<std::set<std::string>> names;  // one per open object
  bool repeated = false;
  const json::parser_callback_t watch = [&](int, json::parse_event_t event,
                                            json& parsed) {
    if (event == json::parse_event_t::object_start) {
      names.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      names.pop_back();
    } else if (event == json::parse_event_t::key && !names.empty() &&
               !names.back().insert(parsed.get<std::string>()).second) {
      repeated = true;
    }
    return true;
  };
  json value = json::parse(text, watch, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) {
    return Refuse(absl::StrCat("the token ", what, " is not a JSON object"));
  }
  if (repeated) {
    return Refuse(absl::StrCat("the token ", what, " repeats a member name"));
  }
  return value;
}

const json* Claim(const json& object, const char* name) {
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

// 9999-12-31T23:59:59Z: no NumericDate we accept is later.
constexpr int64_t kLatestNumericDate = 253402300799;

// A NumericDate claim: absent (nullopt with *present false), or a whole
// number of seconds since 1970 up to kLatestNumericDate, written as a JSON
// integer. RFC 7519 also allows fractions; issuers write integers, and with
// whole seconds no arithmetic below can round or overflow.
std::optional<int64_t> NumericDate(const json& claims, const char* name,
                                   bool* present) {
  const json* value = Claim(claims, name);
  *present = value != nullptr;
  if (value == nullptr) return std::nullopt;
  if (value->is_number_unsigned()) {
    const auto seconds = value->get<uint64_t>();
    if (seconds > static_cast<uint64_t>(kLatestNumericDate)) {
      return std::nullopt;
    }
    return static_cast<int64_t>(seconds);
  }
  if (value->is_number_integer()) {
    const auto seconds = value->get<int64_t>();
    if (seconds < 0 || seconds > kLatestNumericDate) return std::nullopt;
    return seconds;
  }
  return std::nullopt;
}

// exp and iat (both required) and nbf (optional), in whole seconds since
// 1970, against the clock `now`, with `leeway` seconds of clock skew; the
// lifetime exp - iat at most `max_lifetime` seconds. Bounding the lifetime
// and iat bounds exp: a token never lives past now + leeway + max_lifetime.
// `*starts` receives max(iat, nbf) and `*expiry` exp of an accepted token.
absl::Status CheckTimes(const json& claims, int64_t now, int64_t leeway,
                        int64_t max_lifetime, int64_t* starts,
                        int64_t* expiry) {
  bool present = false;
  const auto expires = NumericDate(claims, "exp", &present);
  if (!expires) {
    return Refuse("the token has no valid expiry (exp, whole seconds)");
  }
  const auto issued_at = NumericDate(claims, "iat", &present);
  if (!issued_at) {
    return Refuse("the token has no valid issue time (iat, whole seconds)");
  }
  const auto not_before = NumericDate(claims, "nbf", &present);
  if (present && !not_before) {
    return Refuse("the token nbf is not a time in whole seconds");
  }
  if (now >= *expires + leeway) return Refuse("the token has expired");
  if (not_before && *not_before > now + leeway) {
    return Refuse("the token is not valid yet (nbf)");
  }
  if (*issued_at > now + leeway) {
    return Refuse("the token was issued in the future (iat)");
  }
  if (*expires <= *issued_at) {
    return Refuse("the token expires before it is issued (exp not after iat)");
  }
  if (*expires - *issued_at > max_lifetime) {
    return Refuse(absl::StrCat("the token lifetime (exp - iat) exceeds ",
                               max_lifetime, " s"));
  }
  *starts = not_before ? std::max(*issued_at, *not_before) : *issued_at;
  *expiry = *expires;
  return absl::OkStatus();
}

std::optional<Role> ParseRole(const json* claim) {
  if (claim == nullptr || !claim->is_string()) return std::nullopt;
  const std::string& name = claim->get_ref<const std::string&>();
  for (const auto& [known, role] : kRoles) {
    if (name == known) return role;
  }
  return std::nullopt;
}

// A string claim's value, or nothing when absent or not a string.
std::optional<std::string> StringClaim(const json& claims, const char* name) {
  const json* claim = Claim(claims, name);
  if (claim == nullptr || !claim->is_string()) return std::nullopt;
  return claim->get<std::string>();
}

bool AudienceMatches(const json* audience, const std::string& expected) {
  if (audience == nullptr) return false;
  if (audience->is_string()) return *audience == expected;
  if (!audience->is_array()) return false;
  for (const json& entry : *audience) {
    if (entry.is_string() && entry == expected) return true;
  }
  return false;
}

}  // namespace

absl::Status CheckPublicKeyPem(std::string_view pem) {
  return VerificationKey::FromPem(pem).status();
}

absl::StatusOr<JwtVerifier> JwtVerifier::Create(std::string_view public_pem,
                                                JwtOptions options) {
  auto key = VerificationKey::FromPem(public_pem);
  if (!key.ok()) return key.status();
  return JwtVerifier(std::make_shared<PemKeySource>(*std::move(key)),
                     std::move(options));
}

JwtVerifier::JwtVerifier(std::shared_ptr<KeySource> keys, JwtOptions options)
    : keys_(std::move(keys)), options_(std::move(options)) {
  if (!options_.now) {
    options_.now = [] { return std::chrono::system_clock::now(); };
  }
  if (options_.verified_tokens > 0) {
    verified_ = std::make_shared<VerifiedTokens>(options_.verified_tokens);
  }
}
JwtVerifier::JwtVerifier(JwtVerifier&&) noexcept = default;
JwtVerifier& JwtVerifier::operator=(JwtVerifier&&) noexcept = default;
JwtVerifier::~JwtVerifier() = default;

absl::StatusOr<Principal> JwtVerifier::Verify(std::string_view token) const {
  if (token.size() > kMaxTokenBytes) return Refuse("the token is too long");
  if (verified_ == nullptr) return VerifyInFull(token, "");
  const std::string digest = VerifiedTokens::Digest(token);
  if (auto seen = verified_->Find(digest, options_.now())) {
    const auto key = keys_->KeyFor(seen->algorithm, seen->kid);
    if (key.ok() && *key == seen->key) return std::move(seen->principal);
  }
  return VerifyInFull(token, digest);
}

absl::StatusOr<Principal> JwtVerifier::VerifyInFull(
    std::string_view token, const std::string& digest) const {
  const size_t first_dot = token.find('.');
  const size_t second_dot = first_dot == std::string_view::npos
                                ? std::string_view::npos
                                : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return Refuse("the token is not three dot-separated parts");
  }
  const std::string_view signed_part = token.substr(0, second_dot);
  const auto header_text = DecodeBase64Url(token.substr(0, first_dot));
  const auto payload_text =
      DecodeBase64Url(token.substr(first_dot + 1, second_dot - first_dot - 1));
  const auto signature = DecodeBase64Url(token.substr(second_dot + 1));
  if (!header_text || !payload_text || !signature) {
    return Refuse("the token is not valid base64url");
  }

  // The header chooses among the allowed algorithms and names the key;
  // the key decides the algorithm it verifies.
  const auto header = ParseObject(*header_text, "header");
  if (!header.ok()) return header.status();
  const json* alg = Claim(*header, "alg");
  const auto algorithm =
      alg != nullptr && alg->is_string()
          ? ParseJwsAlgorithm(alg->get_ref<const std::string&>())
          : std::nullopt;
  if (!algorithm) {
    return Refuse("the token algorithm is not accepted (only RS256 or ES256)");
  }
  if (Claim(*header, "crit") != nullptr) {
    return Refuse("the token has critical header parameters");
  }
  const json* kid = Claim(*header, "kid");
  if (kid != nullptr &&
      (!kid->is_string() || kid->get_ref<const std::string&>().empty())) {
    return Refuse("the token key id (kid) is not a non-empty string");
  }
  const auto key = keys_->KeyFor(
      *algorithm,
      kid == nullptr ? std::nullopt : std::optional<std::string>(*kid));
  if (!key.ok()) return absl::UnauthenticatedError(key.status().message());
  if (!(*key)->Verifies(signed_part, *signature)) {
    return Refuse("the token signature does not verify");
  }
  std::chrono::system_clock::time_point valid_from, valid_until;
  auto principal = VerifyClaims(*payload_text, &valid_from, &valid_until);
  if (principal.ok() && verified_ != nullptr) {
    verified_->Put(digest,
                   {*principal, valid_from, valid_until, *algorithm,
                    kid == nullptr ? std::nullopt
                                   : std::optional<std::string>(
                                         kid->get_ref<const std::string&>()),
                    *key},
                   options_.now());
  }
  return principal;
}

absl::StatusOr<Principal> JwtVerifier::VerifyClaims(
    std::string_view payload_json,
    std::chrono::system_clock::time_point* valid_from,
    std::chrono::system_clock::time_point* valid_until) const {
  const auto claims = ParseObject(payload_json, "payload");
  if (!claims.ok()) return claims.status();

  const json* issuer = Claim(*claims, "iss");
  if (issuer == nullptr || !issuer->is_string() || *issuer != options_.issuer) {
    return Refuse("the token issuer is not accepted");
  }
  if (!AudienceMatches(Claim(*claims, "aud"), options_.audience)) {
    return Refuse("the token audience is not accepted");
  }
  // An ID token carries the nonce of its sign-in: it tells a client who
  // signed in and is never an access token, even where an issuer gives
  // both the same audience (one application registration for the console
  // and the API).
  if (Claim(*claims, "nonce") != nullptr) {
    return Refuse("the token is an ID token, not an access token");
  }

  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          options_.now().time_since_epoch())
                          .count();
  int64_t starts = 0, expires = 0;
  const absl::Status times =
      CheckTimes(*claims, now, options_.leeway.count(),
                 options_.max_lifetime.count(), &starts, &expires);
  if (!times.ok()) return times;
  *valid_from = std::chrono::system_clock::time_point(
      std::chrono::seconds(starts) - options_.leeway);
  *valid_until = std::chrono::system_clock::time_point(
      std::chrono::seconds(expires) + options_.leeway);

  const auto subject = StringClaim(*claims, "sub");
  if (!subject || !errors::IsSubject(*subject)) {
    return Refuse(
        "the token has no valid subject (sub: 1 to 128 visible ASCII "
        "characters)");
  }
  const auto role = ParseRole(Claim(*claims, options_.role_claim.c_str()));
  if (!role) {
    return Refuse(absl::StrCat(
        "the token has no valid role (", options_.role_claim,
        ": ADMIN, COORDINATOR, EXPERT, TRAINER, JST or MINISTRY)"));
  }

  Principal principal;
  principal.set_subject(*subject);
  principal.set_role(*role);
  if (*role == auth::v1::COORDINATOR) {
    const auto region =
        StringClaim(*claims, options_.voivodeship_claim.c_str());
    if (!region || !errors::IsVoivodeshipCode(*region)) {
      return Refuse(absl::StrCat("a COORDINATOR token needs ",
                                 options_.voivodeship_claim,
                                 ", a voivodeship code (02..32, even)"));
    }
    principal.set_voivodeship(*region);
  }
  if (*role == auth::v1::JST) {
    const auto jst = StringClaim(*claims, options_.jst_claim.c_str());
    if (!jst || !errors::IsJstTerytCode(*jst)) {
      return Refuse(absl::StrCat("a JST token needs ", options_.jst_claim,
                                 ", a TERYT code of 4 or 7 digits"));
    }
    principal.set_jst(*jst);
  }
  return principal;
}

Authentication AuthenticateBearer(
    const JwtVerifier& verifier,
    const std::vector<std::string_view>& authorization) {
  static constexpr char kNoToken[] = "Bearer";
  static constexpr char kInvalidToken[] = "Bearer error=\"invalid_token\"";
  if (authorization.empty()) {
    return {Refuse("a bearer token is required"), kNoToken};
  }
  if (authorization.size() > 1) {
    return {Refuse("more than one Authorization header"), kInvalidToken};
  }
  const std::string_view value = Trim(authorization[0]);
  const size_t space = value.find(' ');
  if (!EqualsIgnoreCase(value.substr(0, space), "Bearer")) {
    return {Refuse("a bearer token is required (Authorization: Bearer ...)"),
            kNoToken};
  }
  const std::string_view token = space == std::string_view::npos
                                     ? std::string_view()
                                     : TrimLeft(value.substr(space));
  if (token.empty())
    return {Refuse("the bearer token is empty"), kInvalidToken};
  Authentication result{verifier.Verify(token), ""};
  if (!result.principal.ok()) result.challenge = kInvalidToken;
  return result;
}

std::string RoleName(Role role) {
  for (const auto& [name, known] : kRoles) {
    if (role == known) return std::string(name);
  }
  return "ROLE_UNSPECIFIED";
}

}  // namespace jstedu::gateway
