// Generated malformed requests against the real gateway (issue 3: "at least
// 10,000 generated malformed requests ... no crash, all 4xx").
//
// Two Beast servers run in this process on 127.0.0.1:0:
//   * "jsts": the real RouteTable over the four jstedu services, a real
//     JwtVerifier, an (effectively unlimited) RateLimiter and a fake
//     RecruitmentService on a real gRPC server that answers ListJsts/GetJst
//     and validates their input as the real service does;
//   * "items": the test service gwtest.ItemService (test_protos.h), which has
//     the POST/PATCH/PUT routes with bodies the real services lack yet, every
//     role allowed, and NO upstream: a request that is not refused before the
//     upstream call gets 503, which this test counts as a malformed request
//     that got through.
//
// Requests go over real TCP connections, reused while the server keeps them
// open. Each generated request must get a 4xx response with the JSON error
// body (for some families one exact status), never a 5xx, never silence. The
// only exception is the family "http_garbage" (bytes that are not an HTTP/1.1
// request: bad request lines, versions, header lines, framing, chunk sizes),
// where the server may also close the connection without answering.
// Afterwards both servers must still answer /healthz, and a valid
// GET /v1/jsts/2476011 must give 200.
//
// The generator is seeded with a fixed seed (override: JSTEDU_FUZZ_SEED, and
// the count with JSTEDU_FUZZ_REQUESTS); a failure prints the seed, the case
// number, the family and the request bytes (escaped, shortened).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log/log.h"
#include "common/metrics/metrics.h"
#include "gateway/config.h"
#include "gateway/dispatcher.h"
#include "gateway/http_server.h"
#include "gateway/rate_limiter.h"
#include "gateway/route_table.h"
#include "gateway/test_protos.h"
#include "gateway/test_tokens.h"
#include "gateway/upstream.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using recruitment::v1::GetJstRequest;
using recruitment::v1::Jst;
using recruitment::v1::ListJstsRequest;
using recruitment::v1::ListJstsResponse;
using namespace std::string_literals;

constexpr uint64_t kDefaultSeed = 20260101;
constexpr int kDefaultRequests = 12000;

// --- the fake recruitment service -------------------------------------------

grpc::Status InvalidField(const std::string& field,
                          const std::string& description) {
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field(field);
  violation->set_description(description);
  google::rpc::Status status;
  status.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  status.set_message(field + " " + description);
  status.add_details()->PackFrom(bad_request);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, status.message(),
                      status.SerializeAsString());
}

bool AllDigits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

// Knows one JST, 2476011; validates like services/recruitment (page_size
// 0..500, voivodeship codes, name_prefix ≤ 100 bytes without control
// characters, page tokens, TERYT shapes), so that a malformed request which
// the gateway passes on still ends in 400, as it would in production.
class FakeRecruitment final
    : public recruitment::v1::RecruitmentService::Service {
 public:
  grpc::Status GetJst(grpc::ServerContext*, const GetJstRequest* request,
                      Jst* reply) override {
    const std::string& teryt = request->teryt();
    if (!AllDigits(teryt) ||
        (teryt.size() != 2 && teryt.size() != 4 && teryt.size() != 7)) {
      return InvalidField("teryt", "must be a TERYT code of 4 or 7 digits");
    }
    if (teryt != "2476011") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no JST " + teryt);
    }
    reply->set_teryt("2476011");
    reply->set_name("Świętochłowice");
    reply->set_kind(recruitment::v1::URBAN_COMMUNE);
    reply->set_voivodeship("24");
    return grpc::Status::OK;
  }

  grpc::Status ListJsts(grpc::ServerContext*, const ListJstsRequest* request,
                        ListJstsResponse* reply) override {
    const std::string& voivodeship = request->voivodeship();
    if (!voivodeship.empty()) {
      int code = 0;
      if (voivodeship.size() != 2 || !AllDigits(voivodeship) ||
          !absl::SimpleAtoi(voivodeship, &code) || code < 2 || code > 32 ||
          code % 2 != 0) {
        return InvalidField("voivodeship", "must be an even code 02..32");
      }
    }
    if (!recruitment::v1::JstKind_IsValid(request->kind())) {
      return InvalidField("kind", "unknown");
    }
    if (request->name_prefix().size() > 100) {
      return InvalidField("name_prefix", "is longer than 100 bytes");
    }
    for (unsigned char c : request->name_prefix()) {
      if (c < 0x20 || c == 0x7f) {
        return InvalidField("name_prefix", "contains a control character");
      }
    }
    if (request->page_size() < 0 || request->page_size() > 500) {
      return InvalidField("page_size", "must be between 0 and 500");
    }
    if (!request->page_token().empty()) {
      return InvalidField("page_token", "is not a token of this query");
    }
    reply->add_jsts()->set_teryt("2476011");
    return grpc::Status::OK;
  }
};

// --- a raw HTTP/1.1 client
// ----------------------------------------------------

struct Reply {
  enum class Kind {
    kResponse,  // a complete response
    kClosed,    // EOF or reset before any byte of a response
    kTimeout,   // nothing (more) within the receive timeout
    kBroken,    // an incomplete or unparsable response
  };
  Kind kind = Kind::kBroken;
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercase
  std::string body;
  std::string detail;  // for kBroken
};

std::string KindName(Reply::Kind kind) {
  switch (kind) {
    case Reply::Kind::kResponse:
      return "response";
    case Reply::Kind::kClosed:
      return "closed without a response";
    case Reply::Kind::kTimeout:
      return "no response (timeout)";
    case Reply::Kind::kBroken:
      return "broken response";
  }
  return "?";
}

class Client {
 public:
  Client(int port, int timeout_seconds) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{timeout_seconds, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address),
                         sizeof(address)) == 0;
  }
  ~Client() { close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  // False when the peer stopped taking bytes (it may have answered early).
  bool Send(std::string_view bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n =
          send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  // `to_head`: the response to a HEAD request, which has no content whatever
  // its Content-Length says (RFC 9110 §9.3.2).
  Reply Read(bool to_head = false) {
    while (true) {
      Reply reply = ReadOne(to_head);
      // Interim responses (100 Continue) precede the real one.
      if (reply.kind == Reply::Kind::kResponse && reply.status >= 100 &&
          reply.status < 200) {
        continue;
      }
      return reply;
    }
  }

 private:
  enum class FillResult { kData, kEof, kTimeout, kReset };

  FillResult Fill() {
    char chunk[16384];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return FillResult::kData;
    }
    if (n == 0) return FillResult::kEof;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return FillResult::kTimeout;
    return FillResult::kReset;
  }

  Reply Fail(FillResult result, const std::string& what) {
    Reply reply;
    if (result == FillResult::kTimeout) {
      reply.kind = Reply::Kind::kTimeout;
    } else if (buffer_.empty() && !partial_) {
      reply.kind = Reply::Kind::kClosed;
    } else {
      reply.kind = Reply::Kind::kBroken;
    }
    reply.detail = what;
    return reply;
  }

  Reply ReadOne(bool to_head) {
    partial_ = false;
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      const FillResult result = Fill();
      if (result != FillResult::kData) return Fail(result, "in the head");
    }
    Reply reply;
    const std::string head = buffer_.substr(0, header_end);
    buffer_.erase(0, header_end + 4);
    partial_ = true;
    size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (status_line.size() < 12 || status_line.compare(0, 5, "HTTP/") != 0 ||
        !absl::SimpleAtoi(status_line.substr(9, 3), &reply.status)) {
      reply.detail = "bad status line: " + absl::CHexEscape(status_line);
      return reply;
    }
    reply.version = status_line.substr(0, 8);
    while (line_end != std::string::npos) {
      const size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line = head.substr(start, line_end - start);
      const size_t colon = line.find(':');
      if (colon == std::string::npos) {
        reply.detail = "bad header line: " + absl::CHexEscape(line);
        return reply;
      }
      reply.headers[absl::AsciiStrToLower(line.substr(0, colon))] =
          std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    }
    if (to_head) {
      reply.kind = Reply::Kind::kResponse;
      return reply;
    }
    size_t length = 0;
    if (!absl::SimpleAtoi(reply.headers["content-length"], &length)) {
      if (reply.status >= 100 && reply.status < 200) {
        reply.kind = Reply::Kind::kResponse;
        return reply;
      }
      reply.detail = "no Content-Length";
      return reply;
    }
    while (buffer_.size() < length) {
      const FillResult result = Fill();
      if (result != FillResult::kData) {
        Reply failed = Fail(result, "in the body");
        failed.status = reply.status;
        return failed;
      }
    }
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    reply.kind = Reply::Kind::kResponse;
    return reply;
  }

  int fd_ = -1;
  bool connected_ = false;
  bool partial_ = false;
  std::string buffer_;
};

// --- tokens
// ---------------------------------------------------------------------

// 2026-01-01T00:00:00Z, the verifier's clock.
const std::chrono::system_clock::time_point kNow =
    std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));

const testing::KeyPair& Keys() {
  static const auto* keys = new testing::KeyPair(testing::GenerateRsaKeyPair());
  return *keys;
}

const testing::KeyPair& OtherKeys() {
  static const auto* keys = new testing::KeyPair(testing::GenerateRsaKeyPair());
  return *keys;
}

int64_t Epoch(int64_t delta) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             kNow.time_since_epoch())
             .count() +
         delta;
}

const std::string& ValidToken() {
  static const auto* token = new std::string(testing::SignedToken(
      Keys().private_pem, testing::DevClaims("fuzz-admin", "ADMIN", kNow)));
  return *token;
}

std::string AuthorizationLine() {
  return "Authorization: Bearer " + ValidToken() + "\r\n";
}

// Tokens the verifier must refuse, each for another reason.
const std::vector<std::string>& BadTokens() {
  static const auto* tokens = [] {
    using nlohmann::json;
    const std::string& key = Keys().private_pem;
    const json claims = testing::DevClaims("fuzz-user", "ADMIN", kNow);
    auto with = [&](const std::string& name, const json& value) {
      json changed = claims;
      changed[name] = value;
      return testing::SignedToken(key, changed);
    };
    auto without = [&](const std::string& name) {
      json changed = claims;
      changed.erase(name);
      return testing::SignedToken(key, changed);
    };
    auto signed_with_header = [&](const json& header) {
      const std::string input = testing::SigningInput(header, claims);
      return input + "." + testing::Base64Url(testing::SignRs256(key, input));
    };
    auto* list = new std::vector<std::string>();
    // alg none, empty and absent signature.
    const std::string none =
        testing::SigningInput({{"alg", "none"}, {"typ", "JWT"}}, claims);
    list->push_back(none + ".");
    list->push_back(none);
    // HS/RS confusion: HMAC keyed with the public key.
    const std::string hs =
        testing::SigningInput({{"alg", "HS256"}, {"typ", "JWT"}}, claims);
    list->push_back(
        hs + "." +
        testing::Base64Url(testing::HmacSha256(Keys().public_pem, hs)));
    list->push_back(signed_with_header({{"alg", "RS384"}, {"typ", "JWT"}}));
    list->push_back(signed_with_header({{"alg", "rs256"}, {"typ", "JWT"}}));
    list->push_back(signed_with_header(
        {{"alg", "RS256"}, {"typ", "JWT"}, {"crit", {"exp"}}}));
    list->push_back(signed_with_header(json::array()));
    // Another key's signature.
    list->push_back(testing::SignedToken(OtherKeys().private_pem, claims));
    // Time claims.
    list->push_back(with("exp", Epoch(-3600)));
    list->push_back(with("exp", "never"));
    list->push_back(with("nbf", Epoch(3600)));
    list->push_back(with("iat", Epoch(3600)));
    list->push_back(without("exp"));
    list->push_back(without("iat"));
    list->push_back(with("exp", 1e300));
    list->push_back(with("exp", Epoch(13 * 3600)));
    // Issuer, audience, subject, role.
    list->push_back(with("iss", "someone-else"));
    list->push_back(with("aud", "another-api"));
    list->push_back(with("aud", json::array({"a", "b"})));
    list->push_back(with("sub", ""));
    list->push_back(with("sub", std::string(200, 's')));
    list->push_back(with("sub", "tab\there"));
    list->push_back(with("role", "ROOT"));
    list->push_back(with("role", 1));
    list->push_back(without("role"));
    {
      json coordinator = testing::DevClaims("c", "COORDINATOR", kNow);
      list->push_back(testing::SignedToken(key, coordinator));  // no region
      coordinator["region"] = "25";
      list->push_back(testing::SignedToken(key, coordinator));
    }
    {
      json jst = testing::DevClaims("j", "JST", kNow);
      jst["jst"] = "12345";
      list->push_back(testing::SignedToken(key, jst));
    }
    // Tampered payload, truncated and padded signature, bad base64.
    {
      const std::string good = ValidToken();
      const size_t dot1 = good.find('.');
      const size_t dot2 = good.find('.', dot1 + 1);
      const std::string tampered_payload =
          testing::Base64Url(testing::DevClaims("fuzz-admin", "ADMIN",
                                                kNow + std::chrono::hours(1))
                                 .dump());
      list->push_back(good.substr(0, dot1 + 1) + tampered_payload +
                      good.substr(dot2));
      list->push_back(good.substr(0, good.size() - 10));
      list->push_back(good + "=");
      list->push_back(good + ".x");
      list->push_back(good.substr(0, dot1) + "+" + good.substr(dot1));
      list->push_back("a.b.c");
      list->push_back("..");
      list->push_back(std::string(9000, 'a') + ".b.c");
      list->push_back("not-a-jwt");
    }
    return list;
  }();
  return *tokens;
}

// --- generation
// -------------------------------------------------------------------

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  size_t Below(size_t n) { return static_cast<size_t>(engine_() % n); }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }
  std::string Id() { return "it" + std::to_string(Below(100000)); }

 private:
  std::mt19937_64 engine_;
};

enum class Server { kJsts, kItems };

struct Case {
  std::string family;
  Server server = Server::kJsts;
  std::string bytes;
  // Acceptable statuses; empty means any 4xx.
  std::set<int> statuses;
  // The server may close without answering (http_garbage only).
  bool may_close = false;
  // Send on a new connection and close it afterwards (framing the server may
  // not be able to resynchronise after).
  bool fresh = false;
};

// A request with a correct Content-Length (when there is a body).
std::string Request(const std::string& method, const std::string& target,
                    const std::string& headers, const std::string& body = "",
                    const std::string& version = "HTTP/1.1") {
  std::string out =
      method + " " + target + " " + version + "\r\nHost: fuzz\r\n" + headers;
  if (!body.empty() || method == "POST" || method == "PATCH" ||
      method == "PUT") {
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return out + "\r\n" + body;
}

constexpr char kJsonType[] = "Content-Type: application/json\r\n";

// A route of gwtest.ItemService that takes a body, and a well-formed body
// for it.
struct BodyRoute {
  std::string method;
  std::string target;
  bool whole_message;  // body "*" (gwtest.Req), else body "sub" (gwtest.Sub)
};

BodyRoute PickBodyRoute(Rng& rng) {
  switch (rng.Below(4)) {
    case 0:
      return {"POST", "/v1/items", true};
    case 1:
      return {"POST", "/v1/items/" + rng.Id() + ":approve", true};
    case 2:
      return {"PATCH", "/v1/items/" + rng.Id(), false};
    default:
      return {"PUT", "/v1/items/" + rng.Id() + "/sub", false};
  }
}

const std::string kValidReq =
    R"({"id":"a1","sub":{"id":"s1","note":"n"},"tags":["x","y"],"pageSize":5,"flag":true,"blob":"AAEC"})";
const std::string kValidSub = R"({"id":"s1","note":"n"})";

std::string ValidBody(bool whole_message) {
  return whole_message ? kValidReq : kValidSub;
}

std::string Nest(size_t depth, bool objects, const std::string& inner) {
  std::string out;
  for (size_t i = 0; i < depth; ++i) out += objects ? "{\"a\":" : "[";
  out += inner;
  for (size_t i = 0; i < depth; ++i) out += objects ? "}" : "]";
  return out;
}

std::string Repeat(const std::string& item, size_t count) {
  std::string out = "[";
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) out += ",";
    out += item;
  }
  return out + "]";
}

// A body the gateway must refuse for `whole_message` (gwtest.Req) or not
// (gwtest.Sub). `kind` names the sub-family, for the failure message.
std::string MalformedJson(Rng& rng, bool whole_message, std::string* kind) {
  const std::string valid = ValidBody(whole_message);
  // Fields and values of the wrong type for them.
  static const std::vector<std::string> kBadInt32 = {
      "\"abc\"",
      "true",
      "{}",
      "[]",
      "1.5",
      "\"1.5\"",
      "1e999",
      "-1e999",
      "123456789012345678901234567890",
      "\"123456789012345678901234567890\"",
      "2147483648",
      "-2147483649",
      "\"NaN\"",
      "\"Infinity\"",
      "\"-Infinity\"",
      "1e10",
      "\"0x10\"",
      "[1]",
      "\"1 2\"",
      "-0.5"};
  static const std::vector<std::string> kBadString = {
      "5", "true", "{}", "[]", "1.5", "[\"a\"]", "{\"a\":1}", "-1e999"};
  // Not "yes", "1", "t", "no"...: protobuf 3.21 takes those for booleans.
  static const std::vector<std::string> kBadBool = {
      "1", "0", "\"maybe\"", "{}", "[]", "\"\"", "2.5", "[true]"};
  // Not "x" or [["x"]]: protobuf 3.21 takes those for ["x"] (see
  // WrongJsonTypesThatProtobufToleratesAreRefused).
  static const std::vector<std::string> kBadTags = {
      "[1]", "[{}]", "{}", "5", "[true]", "[\"a\",2]", "[[1]]"};
  static const std::vector<std::string> kBadSub = {
      "\"x\"", "5", "[]", "true", "[{}]", "{\"id\":5}", "{\"nope\":1}"};
  static const std::vector<std::string> kBadBlob = {
      "\"!!!\"", "5", "\"@@@@\"", "[]", "{}", "\"a b c d\"", "true"};
  static const std::vector<std::string> kHugeNumbers = {
      "1e999",
      "-1e999",
      "123456789012345678901234567890",
      "-123456789012345678901234567890",
      "9223372036854775808",
      "18446744073709551616",
      "1e308",
      "2147483648",
      "-2147483649"};
  switch (rng.Below(13)) {
    case 0: {
      *kind = "truncated";
      return valid.substr(0, 1 + rng.Below(valid.size() - 1));
    }
    case 1: {
      *kind = "trailing garbage";
      static const std::vector<std::string> kTails = {
          "x",   "}",   "{}",  ",",     std::string(1, '\0'),
          " 1",  "]",   "//c", "/*c*/", "\"s\"",
          valid, "\xff"};
      return valid + rng.Pick(kTails);
    }
    case 2: {
      *kind = "wrong type";
      if (!whole_message) {
        return std::string("{\"") + (rng.Chance(50) ? "id" : "note") +
               "\":" + rng.Pick(kBadString) + "}";
      }
      switch (rng.Below(6)) {
        case 0:
          return std::string("{\"") +
                 (rng.Chance(50) ? "pageSize" : "page_size") +
                 "\":" + rng.Pick(kBadInt32) + "}";
        case 1:
          return "{\"id\":" + rng.Pick(kBadString) + "}";
        case 2:
          return "{\"flag\":" + rng.Pick(kBadBool) + "}";
        case 3:
          return "{\"tags\":" + rng.Pick(kBadTags) + "}";
        case 4:
          return "{\"sub\":" + rng.Pick(kBadSub) + "}";
        default:
          return "{\"blob\":" + rng.Pick(kBadBlob) + "}";
      }
    }
    case 3: {
      *kind = "huge number";
      const std::string number = rng.Pick(kHugeNumbers);
      if (!whole_message) return "{\"id\":" + number + "}";
      return std::string("{\"id\":\"a\",\"") +
             (rng.Chance(50) ? "pageSize" : "page_size") + "\":" + number + "}";
    }
    case 4: {
      *kind = "NaN/Infinity literal";
      static const std::vector<std::string> kLiterals = {
          "NaN",       "Infinity", "-Infinity", "nan",  "inf",
          "undefined", "+1",       ".5",        "01",   "0x10",
          "1.",        "-",        "1e",        "True", "NULL"};
      return std::string("{\"") + (whole_message ? "pageSize" : "id") +
             "\":" + rng.Pick(kLiterals) + "}";
    }
    case 5: {
      *kind = "deep nesting";
      static const std::vector<size_t> kDepths = {33, 64, 1000, 1000, 5000};
      const size_t depth = rng.Pick(kDepths);
      const bool objects = rng.Chance(50);
      switch (rng.Below(4)) {
        case 0:
          return Nest(depth, objects, "1");
        case 1:
          return std::string("{\"") + (whole_message ? "tags" : "id") +
                 "\":" + Nest(depth, objects, "\"x\"") + "}";
        case 2:  // never closed
          return std::string(depth, objects ? '{' : '[');
        default:
          return "{\"sub\":" + Nest(depth, true, "{}") + "}";
      }
    }
    case 6: {
      *kind = "huge array";
      const size_t count = rng.Chance(50) ? 20000 : 10001;
      static const std::vector<std::string> kItems = {"\"x\"", "1", "{}",
                                                      "null", "[]"};
      const std::string array = Repeat(rng.Pick(kItems), count);
      if (rng.Chance(30)) return array;
      return std::string("{\"") + (whole_message ? "tags" : "note") +
             "\":" + array + "}";
    }
    case 7: {
      *kind = "invalid UTF-8";
      static const std::vector<std::string> kBad = {"\xc3\x28",
                                                    "\xff",
                                                    "\xfe\xfe",
                                                    "\xc0\xaf",
                                                    "\xe0\x80\xaf",
                                                    "\xed\xa0\x80",
                                                    "\xf4\x90\x80\x80",
                                                    "\xe2\x82",
                                                    "\x80",
                                                    "a\xc3",
                                                    "\xf8\x88\x80\x80\x80"};
      const std::string bad = rng.Pick(kBad);
      switch (rng.Below(3)) {
        case 0:
          return "{\"id\":\"" + bad + "\"}";
        case 1:
          return "{\"" + bad + "\":\"x\"}";
        default:
          return "{\"note\":\"ok\"," + bad + "}";
      }
    }
    case 8: {
      *kind = "lone surrogate";
      static const std::vector<std::string> kEscapes = {
          "\\ud800",        "\\udc00", "\\ud800x", "\\ud800\\u0041",
          "\\udbff\\udbff", "\\uDFFF", "\\ud83d",  "\\u12",
          "\\uzzzz",        "\\x41",   "\\'"};
      return "{\"id\":\"a" + rng.Pick(kEscapes) + "b\"}";
    }
    case 9: {
      *kind = "NUL byte";
      const std::string nul(1, '\0');
      static const std::vector<int> kWhere = {0, 1, 2, 3};
      switch (rng.Pick(kWhere)) {
        case 0:
          return "{\"id\":\"a" + nul + "b\"}";
        case 1:
          return nul + valid;
        case 2:
          return "{\"id\"" + nul + ":\"a\"}";
        default:
          return "{\"i" + nul + "d\":\"a\"}";
      }
    }
    case 10: {
      *kind = "unknown field";
      static const std::vector<std::string> kUnknown = {
          "{\"nope\":1}",     "{\"id\":\"a\",\"extra\":true}",
          "{\"ID\":\"a\"}",   "{\"page-size\":1}",
          "{\"\":1}",         "{\"id\":\"a\",\"sub\":{\"zzz\":1}}",
          "{\"@type\":\"x\"}"};
      return rng.Pick(kUnknown);
    }
    case 11: {
      *kind = "not JSON";
      static const std::vector<std::string> kSyntax = {
          "{'id':'a'}",
          "{id:\"a\"}",
          "{\"id\":\"a\",}",
          "[1,2,]",
          "{\"id\" \"a\"}",
          "{\"id\":\"a\"\"b\"}",
          "{\"id\":\"a\nb\"}",
          "{\"id\":\"a\tb\"}",
          "{",
          "}",
          "\"unterminated",
          "{\"id\":\"a\\\"}",
          "\xef\xbb\xbf\xef\xbb\xbf{}",
          "<xml/>",
          "id=a&x=1",
          "{\"id\":\"a\"}}",
          "{}{}",
          "[] []",
          " ",
          "\r\n",
          "{\"a\":1,,\"b\":2}"};
      return rng.Pick(kSyntax);
    }
    default: {
      *kind = "mutated";
      // Random byte edits of the valid body, kept only when they leave it
      // invalid JSON (an edit that keeps it valid proves nothing).
      for (int attempt = 0; attempt < 100; ++attempt) {
        std::string body = valid;
        const size_t edits = 1 + rng.Below(3);
        for (size_t e = 0; e < edits; ++e) {
          const size_t at = rng.Below(body.size());
          switch (rng.Below(3)) {
            case 0:
              body[at] = static_cast<char>(rng.Below(256));
              break;
            case 1:
              body.erase(at, 1);
              break;
            default:
              body.insert(at, 1, static_cast<char>(rng.Below(256)));
          }
        }
        if (!nlohmann::json::accept(body)) return body;
      }
      return valid + "x";
    }
  }
}

Case JsonBodyCase(Rng& rng) {
  Case c;
  c.family = "json_body";
  std::string kind;
  if (rng.Chance(85)) {
    const BodyRoute route = PickBodyRoute(rng);
    c.server = Server::kItems;
    const std::string body = MalformedJson(rng, route.whole_message, &kind);
    c.family += "/" + kind;
    c.bytes = Request(route.method, route.target,
                      AuthorizationLine() + kJsonType, body);
    return c;
  }
  // A body on the real routes, which take none (GET), or a method they lack.
  c.server = Server::kJsts;
  const std::string body = MalformedJson(rng, true, &kind);
  c.family += "/" + kind + " (jsts)";
  static const std::vector<std::string> kTargets = {
      "/v1/jsts", "/v1/jsts/2476011", "/v1/jsts?pageSize=5"};
  const std::string method = rng.Chance(70) ? "GET" : "POST";
  c.bytes = Request(method, rng.Pick(kTargets), AuthorizationLine() + kJsonType,
                    body);
  return c;
}

Case ContentTypeCase(Rng& rng) {
  Case c;
  c.family = "content_type";
  c.server = Server::kItems;
  c.statuses = {415};
  static const std::vector<std::string> kTypes = {
      "text/plain",
      "application/xml",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonp",
      "application/json-seq",
      "application/json+x",
      "text/json",
      "application/javascript",
      "application/*",
      "*/*",
      "json",
      "application",
      "application/ json",
      "application/json2; charset=utf-8",
      "text/plain; charset=application/json",
      "application/octet-stream",
      "",
      "; application/json",
      "application\\/json",
      "\xc3\xa9/json"};
  const BodyRoute route = PickBodyRoute(rng);
  const size_t pick = rng.Below(kTypes.size() + 1);
  const std::string header =
      pick == kTypes.size() ? "" : "Content-Type: " + kTypes[pick] + "\r\n";
  c.bytes = Request(route.method, route.target, AuthorizationLine() + header,
                    ValidBody(route.whole_message));
  return c;
}

Case OversizedCase(Rng& rng) {
  Case c;
  c.family = "oversized_body";
  c.fresh = true;
  c.statuses = {413};
  const bool items = rng.Chance(60);
  c.server = items ? Server::kItems : Server::kJsts;
  std::string head;
  if (items) {
    const BodyRoute route = PickBodyRoute(rng);
    head = route.method + " " + route.target;
  } else {
    static const std::vector<std::string> kHeads = {
        "POST /v1/jsts", "GET /v1/jsts/2476011", "PUT /v1/nothing",
        "POST /healthz"};
    head = rng.Pick(kHeads);
  }
  head += " HTTP/1.1\r\nHost: fuzz\r\n";
  if (rng.Chance(70)) head += AuthorizationLine();
  head += kJsonType;
  if (rng.Chance(20)) head += "Expect: 100-continue\r\n";
  switch (rng.Below(6)) {
    case 0:
    case 1: {
      // Announced above the limit; a little of the body sent.
      static const std::vector<uint64_t> kLengths = {(1u << 20) + 1, 2u << 20,
                                                     100u << 20, 1ull << 40,
                                                     18446744073709551615ull};
      const uint64_t length = rng.Pick(kLengths);
      c.family += "/content-length";
      c.bytes = head + "Content-Length: " + std::to_string(length) +
                "\r\n\r\n" + std::string(rng.Below(8192), '{');
      return c;
    }
    case 2: {
      // A Content-Length no 64-bit integer holds: refused as too large or as
      // malformed.
      c.family += "/content-length overflow";
      c.statuses = {400, 413};
      c.bytes = head + "Content-Length: 99999999999999999999999\r\n\r\n{}";
      return c;
    }
    case 3: {
      // One chunk announced above the limit.
      static const std::vector<std::string> kSizes = {
          "100001", "200000", "7fffffff", "ffffffffffff"};
      c.family += "/one big chunk";
      c.bytes = head + "Transfer-Encoding: chunked\r\n\r\n" + rng.Pick(kSizes) +
                "\r\n" + std::string(rng.Below(4096), ' ');
      return c;
    }
    case 4: {
      // A chunk line (size, extension or trailer) longer than any the server
      // buffers: malformed, refused without reading it all.
      c.family += "/endless chunk line";
      c.statuses = {400};
      static const std::vector<std::string> kPrefixes = {
          "1;", "1;x=", "0\r\nX-T: ", "", "1"};
      static const std::vector<char> kFillers = {'a', 'b', 'a', '0', ' '};
      const size_t pick = rng.Below(kPrefixes.size());
      c.bytes = head + "Transfer-Encoding: chunked\r\n\r\n" + kPrefixes[pick] +
                std::string(100 * 1024 + rng.Below(200 * 1024), kFillers[pick]);
      return c;
    }
    default: {
      // Chunks within the limit whose sum passes it. Expensive: mostly
      // 4 KiB chunks after a first one that leaves little room.
      c.family += "/chunks over the limit";
      std::string body;
      const size_t first = rng.Chance(10) ? 0 : (1u << 20) - 4096;
      if (first > 0) {
        char size[32];
        snprintf(size, sizeof(size), "%zx", first);
        body += std::string(size) + "\r\n" + std::string(first, ' ') + "\r\n";
      }
      size_t total = first;
      while (total <= (1u << 20)) {
        body += "1000\r\n" + std::string(4096, ' ') + "\r\n";
        total += 4096;
      }
      c.bytes =
          head + "Transfer-Encoding: chunked\r\n\r\n" + body + "0\r\n\r\n";
      return c;
    }
  }
}

Case EncodingCase(Rng& rng) {
  Case c;
  c.family = "path_query_encoding";
  static const std::vector<std::string> kBadEscapes = {
      "%zz",       "%c3%28",       "%ff",    "%fe%ff", "%c0%af",
      "%ed%a0%80", "%f4%90%80%80", "%e2%82", "%",      "%2",
      "%%",        "%g0",          "%0g",    "%-1",    "%C3%28"};
  // Escapes that decode fine, to control characters no field here accepts
  // (a TERYT code is digits; names, pages and codes have no controls).
  static const std::vector<std::string> kOddValues = {"%00", "%0a", "%7f",
                                                      "%01", "%1b"};
  if (rng.Chance(35)) {
    c.server = Server::kItems;
    const std::string bad = rng.Pick(kBadEscapes);
    switch (rng.Below(4)) {
      case 0:
        c.bytes = Request("GET", "/v1/items/a" + bad, AuthorizationLine());
        return c;
      case 1:
        c.bytes = Request("GET", "/v1/shelves/" + bad + "/books/x",
                          AuthorizationLine());
        return c;
      case 2: {
        static const std::vector<std::string> kNames = {
            "sub.id", "sub.note", "tags", "blob", "flag", "pageSize"};
        c.bytes = Request("GET", "/v1/items/x?" + rng.Pick(kNames) + "=" + bad,
                          AuthorizationLine());
        return c;
      }
      default:
        c.bytes = Request("PATCH", "/v1/items/" + bad,
                          AuthorizationLine() + kJsonType, kValidSub);
        return c;
    }
  }
  c.server = Server::kJsts;
  switch (rng.Below(5)) {
    case 0:
      c.bytes = Request("GET", "/v1/jsts/" + rng.Pick(kBadEscapes),
                        AuthorizationLine());
      return c;
    case 1:
      c.bytes = Request("GET", "/v1/jsts/2476" + rng.Pick(kOddValues) + "011",
                        AuthorizationLine());
      return c;
    case 2: {
      static const std::vector<std::string> kNames = {
          "namePrefix", "name_prefix", "voivodeship",
          "pageToken",  "kind",        "pageSize"};
      const std::string value =
          rng.Chance(60) ? rng.Pick(kBadEscapes) : "a" + rng.Pick(kOddValues);
      c.bytes = Request("GET", "/v1/jsts?" + rng.Pick(kNames) + "=" + value,
                        AuthorizationLine());
      return c;
    }
    case 3:
      c.bytes = Request("GET", "/v1/jsts?" + rng.Pick(kBadEscapes) + "=1",
                        AuthorizationLine());
      return c;
    default:
      c.bytes = Request("GET", "/v1/" + rng.Pick(kBadEscapes) + "/2476011",
                        AuthorizationLine());
      return c;
  }
}

Case QueryCase(Rng& rng) {
  Case c;
  c.family = "query_params";
  if (rng.Chance(25)) {
    c.server = Server::kItems;
    static const std::vector<std::string> kItemQueries = {
        "pageSize=abc",
        "pageSize=1e9",
        "pageSize=99999999999999999999",
        "pageSize=2147483648",
        "pageSize=1.5",
        "page_size=1&pageSize=2",
        "flag=yes",
        "flag=1",
        "flag=TRUE",
        "blob=!!!",
        "blob=@@@@",
        "sub=x",
        "sub.nope=1",
        "nope=1",
        "id=2",
        "sub.id.x=1",
        "tags.x=1",
        "flag=true&flag=false",
        "sub.id=a&sub.id=b",
        "=1",
        "pageSize="};
    const std::string query = rng.Pick(kItemQueries);
    if (rng.Chance(50)) {
      c.bytes = Request("GET", "/v1/items/x?" + query, AuthorizationLine());
    } else if (rng.Chance(50)) {
      c.bytes = Request("POST", "/v1/items?" + query,
                        AuthorizationLine() + kJsonType, kValidReq);
    } else {
      c.bytes = Request("PATCH", "/v1/items/x?" + query,
                        AuthorizationLine() + kJsonType, kValidSub);
    }
    return c;
  }
  c.server = Server::kJsts;
  static const std::vector<std::string> kListQueries = {
      "pageSize=-1",
      "pageSize=1e9",
      "pageSize=abc",
      "pageSize=99999999999999999999",
      "pageSize=501",
      "pageSize=2147483648",
      "pageSize=-2147483649",
      "pageSize=0x10",
      "pageSize=1.0",
      "pageSize=",
      "pageSize=5&pageSize=6",
      "page_size=5&pageSize=5",
      "foo=1",
      "page_size_x=1",
      "jsts=1",
      "teryt=2476011",
      "kind=FOO",
      "kind=99",
      "kind=-1",
      "kind=urban_commune",
      "voivodeship=99",
      "voivodeship=03",
      "voivodeship=2",
      "voivodeship=ab",
      "pageToken=garbage",
      "pageToken=%00",
      "namePrefix=" + std::string(101, 'a'),
      "namePrefix=a%01",
      "name_prefix=a&namePrefix=b",
      "voivodeship=24&voivodeship=24",
      "kind=COUNTY&kind=COUNTY",
      "pageSize=5&foo",
      "nextPageToken=x",
      "jsts.teryt=1",
      "kind.x=1"};
  if (rng.Chance(80)) {
    // One bad parameter among good ones.
    std::vector<std::string> parts;
    if (rng.Chance(50)) parts.push_back("pageSize=10");
    parts.push_back(rng.Pick(kListQueries));
    if (rng.Chance(30)) parts.push_back("kind=COUNTY");
    if (rng.Chance(30)) std::swap(parts.front(), parts.back());
    c.bytes = Request("GET", "/v1/jsts?" + absl::StrJoin(parts, "&"),
                      AuthorizationLine());
  } else {
    static const std::vector<std::string> kGetQueries = {
        "teryt=2476011", "pageSize=1", "name=x", "teryt=1&teryt=2", "x"};
    c.bytes = Request("GET", "/v1/jsts/2476011?" + rng.Pick(kGetQueries),
                      AuthorizationLine());
  }
  return c;
}

Case LongParamCase(Rng& rng) {
  Case c;
  c.family = "long_params";
  const size_t length = rng.Chance(50) ? 100 * 1024 : 10 * 1024;
  const bool huge = length > 16 * 1024;  // above the header limit: 431
  if (huge) {
    c.statuses = {431};
    c.fresh = true;
  }
  const std::string digits(length, '7');
  switch (rng.Below(5)) {
    case 0:
      c.server = Server::kJsts;
      c.bytes = Request("GET", "/v1/jsts/" + digits, AuthorizationLine());
      break;
    case 1:
      c.server = Server::kJsts;
      c.bytes =
          Request("GET", "/v1/jsts?namePrefix=" + std::string(length, 'n'),
                  AuthorizationLine());
      break;
    case 2:
      c.server = Server::kJsts;
      c.bytes = Request("GET", "/v1/jsts?" + std::string(length, 'p') + "=1",
                        AuthorizationLine());
      break;
    case 3:
      c.server = Server::kJsts;
      c.bytes =
          Request("GET", "/v1/jsts/" + digits + "/x", AuthorizationLine());
      break;
    default:
      // Long ids are fine for the item routes; a long id with a bad body is
      // not.
      c.server = Server::kItems;
      c.bytes = Request("PATCH", "/v1/items/" + std::string(length, 'i'),
                        AuthorizationLine() + kJsonType, "{\"id\":5}");
      break;
  }
  return c;
}

Case HeaderCase(Rng& rng) {
  Case c;
  c.family = "header_abuse";
  c.server = rng.Chance(50) ? Server::kItems : Server::kJsts;
  const std::string method = c.server == Server::kItems ? "POST" : "GET";
  const std::string target =
      c.server == Server::kItems ? "/v1/items" : "/v1/jsts/2476011";
  const std::string body = c.server == Server::kItems ? kValidReq : "";
  const std::string type = c.server == Server::kItems ? kJsonType : "";
  switch (rng.Below(7)) {
    case 0: {
      // One header above the 16 KiB header limit.
      c.family += "/huge header";
      c.statuses = {431};
      c.fresh = true;
      static const std::vector<std::string> kNames = {
          "X-Filler", "Authorization", "Cookie", "Content-Type"};
      const std::string name = rng.Pick(kNames);
      std::string value(17 * 1024 + rng.Below(64 * 1024), 'x');
      if (name == "Authorization") value = "Bearer " + value;
      c.bytes = Request(
          method, target,
          AuthorizationLine() + type + name + ": " + value + "\r\n", body);
      return c;
    }
    case 1: {
      // Many small headers: above the limit together, or below it without a
      // token.
      const bool above = rng.Chance(50);
      c.family +=
          above ? "/many headers above the limit" : "/many headers, no token";
      std::string headers;
      const size_t count =
          above ? 2000 + rng.Below(2000) : 100 + rng.Below(300);
      for (size_t i = 0; i < count; ++i) {
        headers += "X-H" + std::to_string(i) + ": v\r\n";
      }
      if (above) {
        c.statuses = {431};
        c.fresh = true;
        headers += AuthorizationLine();
      } else {
        c.statuses = {401};
      }
      c.bytes = Request(method, target, headers + type, body);
      return c;
    }
    case 2: {
      c.family += "/bad Authorization value";
      c.statuses = {401};
      const std::string& good = ValidToken();
      const std::vector<std::string> kValues = {
          "",
          "Bearer",
          "Bearer ",
          "Basic dXNlcjpwYXNz",
          "Bearer a.b.c",
          "Bearer " + good + "x",
          "Bearer " + good + " extra",
          "Bearer" + good,
          "Token " + good,
          "Bearer " + good + "," + good,
          "Bearer " + std::string(9000, 'A'),
          "Bearer ..",
          "Bearer " + good.substr(0, good.size() / 2),
          "Bearer \xc3\xa9" + good,
          "Digest username=\"x\"",
          good};
      c.bytes =
          Request(method, target,
                  "Authorization: " + rng.Pick(kValues) + "\r\n" + type, body);
      return c;
    }
    case 3: {
      c.family += "/several Authorization headers";
      c.statuses = {401};
      std::string headers;
      const size_t count = 2 + rng.Below(3);
      for (size_t i = 0; i < count; ++i) {
        headers += rng.Chance(50)
                       ? "authorization: Bearer " + ValidToken() + "\r\n"
                       : AuthorizationLine();
      }
      c.bytes = Request(method, target, headers + type, body);
      return c;
    }
    case 4: {
      // Idempotency-Key on a POST: validated even without a store.
      c.family += "/bad Idempotency-Key";
      c.server = Server::kItems;
      c.statuses = {400};
      const std::vector<std::string> kKeys = {"a b", std::string(256, 'k'),
                                              "\xc3\xa9t\xc3\xa9", "k\x7f",
                                              "tab\tkey"};
      c.bytes = Request("POST", "/v1/items",
                        AuthorizationLine() + kJsonType +
                            "Idempotency-Key: " + rng.Pick(kKeys) + "\r\n",
                        kValidReq);
      return c;
    }
    case 5: {
      // Odd but well-formed headers (ids, trace context, hop-by-hop) on a
      // request without a valid token.
      c.family += "/odd headers, no token";
      c.statuses = {401};
      const std::vector<std::string> kOdd = {
          "X-Request-Id: " + std::string(500, 'r'),
          "X-Request-Id: \xc3\xa9",
          "traceparent: ff-" + std::string(60, 'f'),
          "traceparent: "
          "00-00000000000000000000000000000000-0000000000000000-00",
          "Connection: keep-alive, Upgrade\r\nUpgrade: websocket",
          "X-Forwarded-For: 1.2.3.4, <script>",
          "Content-Encoding: gzip",
          "X-Empty:",
          "Authorization: Bearer x\r\nX-Jstedu-Principal-Bin: AAAA"};
      c.bytes = Request(method, target, rng.Pick(kOdd) + "\r\n" + type, body);
      return c;
    }
    default: {
      // Header lines HTTP/1.1 does not allow (a second Host among them):
      // malformed HTTP, 400.
      c.family += "/malformed header line";
      c.statuses = {400};
      c.fresh = true;
      const std::vector<std::string> kLines = {
          "Bad Header: x", "NoColon",
          ": empty-name",  "X-A : b",
          "X-\xc3\xa9: y", "X-A: a\x01z",
          "X-A: a\x7fz",   "X(A): b",
          "X-A: a\rb",     "X-A: " + std::string(1, '\0'),
          "Host: second"};
      c.bytes =
          Request(method, target,
                  AuthorizationLine() + rng.Pick(kLines) + "\r\n" + type, body);
      return c;
    }
  }
}

Case TokenCase(Rng& rng) {
  Case c;
  c.family = "bad_token";
  c.statuses = {401};
  const std::string authorization =
      "Authorization: Bearer " + rng.Pick(BadTokens()) + "\r\n";
  switch (rng.Below(4)) {
    case 0:
      c.server = Server::kJsts;
      c.bytes = Request("GET", "/v1/jsts/2476011", authorization);
      return c;
    case 1:
      c.server = Server::kJsts;
      c.bytes = Request("GET", "/v1/jsts?pageSize=5", authorization);
      return c;
    case 2: {
      c.server = Server::kItems;
      const BodyRoute route = PickBodyRoute(rng);
      c.bytes = Request(route.method, route.target, authorization + kJsonType,
                        ValidBody(route.whole_message));
      return c;
    }
    default:
      // Unknown paths answer 401 as well: routing comes after the token.
      c.server = rng.Chance(50) ? Server::kItems : Server::kJsts;
      c.bytes = Request("DELETE", "/v1/secret/" + rng.Id(), authorization);
      return c;
  }
}

// Bytes that are not a well-formed HTTP/1.1 request. Every one is complete
// enough for the server to decide (no case leaves it waiting for more).
Case HttpGarbageCase(Rng& rng) {
  Case c;
  c.family = "http_garbage";
  c.fresh = true;
  c.may_close = true;
  c.server = rng.Chance(50) ? Server::kItems : Server::kJsts;
  const std::string auth = AuthorizationLine();
  switch (rng.Below(6)) {
    case 0: {
      c.family += "/bad request line";
      const std::vector<std::string> kLines = {
          "GARBAGE",
          "GET",
          "GET /v1/jsts",
          "GET /v1/jsts HTTP/1.1 extra",
          "GET  /v1/jsts HTTP/1.1",
          " GET /v1/jsts HTTP/1.1",
          "GET\t/v1/jsts\tHTTP/1.1",
          "G@T /v1/jsts HTTP/1.1",
          "GET /v1/j sts HTTP/1.1",
          "/v1/jsts HTTP/1.1",
          "GET /v1/jsts\x00 HTTP/1.1"s,
          "GET /v1/jsts/\x7f HTTP/1.1",
          "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"s,  // a TLS hello
          "PRI * HTTP/2.0",
      };
      c.bytes = rng.Pick(kLines) + "\r\n" + auth + "\r\n";
      return c;
    }
    case 1: {
      c.family += "/bad version";
      const std::vector<std::string> kVersions = {
          "HTTP/10.0", "HTTP/1",   "HTTPS/1.1", "http/1.1", "HTTP/1.1x",
          "HTTP/a.b",  "HTTP/1.",  "HTTP/-1.1", "HTTP 1.1", "HTTP/1.1.1",
          "HTTP/0.9",  "HTTP/2.0", "HTTP/3.0",  "HTTP/1.2", ""};
      c.bytes =
          "GET /v1/jsts/2476011 " + rng.Pick(kVersions) + "\r\n" + auth +
          "Authorization: x\r\n\r\n";  // a second Authorization: never 200
      return c;
    }
    case 2: {
      c.family += "/bad chunked body";
      const std::vector<std::string> kBodies = {
          "zz\r\n{x\r\n0\r\n\r\n",
          "-1\r\n{x\r\n0\r\n\r\n",
          "ffffffffffffffffffff\r\n{x\r\n0\r\n\r\n",
          "1\r\n{x\r\n0\r\n\r\n",
          "2\r\n{xxx0\r\n\r\n",
          "2 \r\n{x\r\n0\r\n\r\n",
          "2;ext=\x01\r\n{x\r\n0\r\n\r\n",
          "0x2\r\n{x\r\n0\r\n\r\n",
          "2\r\n{x\r\n0\r\nTrailer\x01: x\r\n\r\n",
          "2\n{x\n0\n\n\r\n\r\n",
          "\r\n\r\n",
      };
      c.bytes = "POST /v1/items?framing=1 HTTP/1.1\r\nHost: fuzz\r\n" + auth +
                kJsonType + "Transfer-Encoding: chunked\r\n\r\n" +
                rng.Pick(kBodies);
      return c;
    }
    case 3: {
      c.family += "/bad framing headers";
      const std::vector<std::string> kFraming = {
          "Content-Length: 2\r\nContent-Length: 3",
          "Content-Length: -1",
          "Content-Length: abc",
          "Content-Length: 1, 2",
          "Content-Length: 0x2",
          "Content-Length: 2\r\nTransfer-Encoding: chunked",
          "Transfer-Encoding: chunked\r\nContent-Length: 2",
          "Transfer-Encoding: gzip",
          "Transfer-Encoding: chunked, gzip",
          "Transfer-Encoding: identity",
          "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
          "Content-Length: +2",
          "Content-Length:",
      };
      // Whichever framing a lenient parser picked, the request would still
      // be refused: the body is no JSON ("{x", "2\r\n{x..." or none) and a
      // query is not allowed on a body "*" route.
      c.bytes = "POST /v1/items?framing=1 HTTP/1.1\r\nHost: fuzz\r\n" + auth +
                kJsonType + rng.Pick(kFraming) + "\r\n\r\n2\r\n{x\r\n0\r\n\r\n";
      return c;
    }
    case 4: {
      c.family += "/bad line endings";
      const std::vector<std::string> kRequests = {
          "GET /v1/jsts HTTP/1.1\nHost: fuzz\n\n\r\n\r\n",
          "GET /v1/jsts HTTP/1.1\rHost: fuzz\r\r\r\n\r\n",
          "GET /v1/jsts HTTP/1.1\r\nHost: fuzz\r\n \r\n\r\n",
          "GET /v1/jsts HTTP/1.1\r\n Host: fuzz\r\n\r\n",
          "GET /v1/jsts HTTP/1.1\r\nHost: fuzz\r\nX-A: a\r\n b\r\n\r\n",
          "\r\n\r\n\r\n\r\n",
          "GET /v1/jsts HTTP/1.1\r\r\n\r\n",
      };
      c.bytes = rng.Pick(kRequests);
      return c;
    }
    default: {
      c.family += "/random bytes";
      std::string bytes;
      const size_t length = 1 + rng.Below(300);
      for (size_t i = 0; i < length; ++i) {
        bytes += static_cast<char>(rng.Below(256));
      }
      // Random bytes that start like a request line could leave the parser
      // waiting for the rest of a head; the blank line ends any head.
      c.bytes = bytes + "\r\n\r\n";
      return c;
    }
  }
}

using Generator = std::function<Case(Rng&)>;

const std::vector<Generator>& Generators() {
  static const auto* generators = new std::vector<Generator>{
      JsonBodyCase,  ContentTypeCase, OversizedCase, EncodingCase,   QueryCase,
      LongParamCase, HeaderCase,      TokenCase,     HttpGarbageCase};
  return *generators;
}

// The request for a failure message: escaped, the valid token (made with
// this run's key) abbreviated, shortened when long.
std::string Shown(const std::string& bytes) {
  constexpr size_t kShown = 1200;
  std::string text = bytes;
  const std::string& token = ValidToken();
  for (size_t at = text.find(token); at != std::string::npos;
       at = text.find(token, at)) {
    text.replace(at, token.size(), "<valid token>");
  }
  if (text.size() <= kShown) return absl::CHexEscape(text);
  return absl::CHexEscape(text.substr(0, kShown)) + "... (" +
         std::to_string(bytes.size()) + " bytes in all)";
}

// "" when `reply` is what `c` must get, else what is wrong.
std::string Judge(const Case& c, const Reply& reply) {
  if (reply.kind == Reply::Kind::kClosed && c.may_close) return "";
  if (reply.kind != Reply::Kind::kResponse) {
    return KindName(reply.kind) +
           (reply.detail.empty() ? "" : " (" + reply.detail + ")") +
           (reply.status ? ", status " + std::to_string(reply.status) : "");
  }
  if (reply.status < 400 || reply.status > 499) {
    return "status " + std::to_string(reply.status) + ", body " +
           absl::CHexEscape(reply.body.substr(0, 300));
  }
  if (!c.statuses.empty() && c.statuses.count(reply.status) == 0) {
    return "status " + std::to_string(reply.status) + " not one of {" +
           absl::StrJoin(c.statuses, ",") + "}, body " +
           absl::CHexEscape(reply.body.substr(0, 300));
  }
  const auto body = nlohmann::json::parse(reply.body, nullptr, false);
  if (!body.is_object() || !body.contains("code") ||
      !body["code"].is_number_integer() || !body.contains("message") ||
      !body["message"].is_string()) {
    return "status " + std::to_string(reply.status) +
           " without the JSON error body: " +
           absl::CHexEscape(reply.body.substr(0, 300));
  }
  return "";
}

uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* text = std::getenv(name);
  uint64_t value = 0;
  if (text != nullptr && absl::SimpleAtoi(text, &value)) return value;
  return fallback;
}

// --- the servers
// ------------------------------------------------------------------

class GatewayFuzzTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    log::Init("gateway_fuzz_test", log::Level::kError);
  }

  void SetUp() override {
    std::string fake_address;
    grpc_server_ = testing::StartFakeUpstream(&fake_, &fake_address);
    ASSERT_NE(grpc_server_, nullptr);

    auto table = RouteTable::FromGeneratedPool(BackendServices());
    ASSERT_TRUE(table.ok()) << table.status();
    jsts_routes_ = std::make_unique<RouteTable>(*std::move(table));
    jsts_upstreams_ = std::make_unique<Upstreams>(
        std::vector<UpstreamTarget>{
            {"jstedu.recruitment.v1.RecruitmentService", fake_address}},
        std::chrono::seconds(5));
    testing::BuildItemRoutes(&item_routes_);
    // No upstream serves gwtest.ItemService: every call answers 503.
    item_upstreams_ = std::make_unique<Upstreams>(std::vector<UpstreamTarget>{},
                                                  std::chrono::seconds(5));

    JwtOptions jwt;
    jwt.now = [] { return kNow; };
    auto verifier = JwtVerifier::Create(Keys().public_pem, jwt);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = std::make_unique<JwtVerifier>(*std::move(verifier));
    RateLimitOptions limits;
    limits.rate = 1000000;
    limits.burst = 1000000;
    rate_limiter_ = std::make_unique<RateLimiter>(limits);

    DispatcherOptions jsts_options;
    jsts_options.registry = &registry_;
    jsts_options.verifier = verifier_.get();
    jsts_options.rate_limiter = rate_limiter_.get();
    jsts_dispatcher_ = std::make_unique<Dispatcher>(
        *jsts_routes_, *jsts_upstreams_, std::move(jsts_options));

    DispatcherOptions item_options;
    item_options.registry = &registry_;
    item_options.verifier = verifier_.get();
    item_options.rate_limiter = rate_limiter_.get();
    item_options.allowed = [](std::string_view, auth::v1::Role) {
      return true;
    };
    item_dispatcher_ = std::make_unique<Dispatcher>(
        *item_routes_.table, *item_upstreams_, std::move(item_options));

    HttpServerOptions server_options;
    server_options.listen = "127.0.0.1:0";
    jsts_server_ =
        std::make_unique<HttpServer>(server_options, *jsts_dispatcher_);
    auto jsts_port = jsts_server_->Start();
    ASSERT_TRUE(jsts_port.ok()) << jsts_port.status();
    jsts_port_ = *jsts_port;
    item_server_ =
        std::make_unique<HttpServer>(server_options, *item_dispatcher_);
    auto item_port = item_server_->Start();
    ASSERT_TRUE(item_port.ok()) << item_port.status();
    item_port_ = *item_port;
  }

  void TearDown() override {
    if (item_server_) item_server_->Shutdown(std::chrono::seconds(5));
    if (jsts_server_) jsts_server_->Shutdown(std::chrono::seconds(5));
    if (item_upstreams_) item_upstreams_->Shutdown();
    if (jsts_upstreams_) jsts_upstreams_->Shutdown();
    if (grpc_server_) grpc_server_->Shutdown();
  }

  int Port(Server server) const {
    return server == Server::kJsts ? jsts_port_ : item_port_;
  }

  FakeRecruitment fake_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<RouteTable> jsts_routes_;
  testing::ItemRoutes item_routes_;
  std::unique_ptr<Upstreams> jsts_upstreams_;
  std::unique_ptr<Upstreams> item_upstreams_;
  std::unique_ptr<JwtVerifier> verifier_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  metrics::Registry registry_;
  std::unique_ptr<Dispatcher> jsts_dispatcher_;
  std::unique_ptr<Dispatcher> item_dispatcher_;
  std::unique_ptr<HttpServer> jsts_server_;
  std::unique_ptr<HttpServer> item_server_;
  int jsts_port_ = 0;
  int item_port_ = 0;
};

TEST_F(GatewayFuzzTest, GeneratedMalformedRequestsGet4xxAndTheServerSurvives) {
  const uint64_t seed = EnvNumber("JSTEDU_FUZZ_SEED", kDefaultSeed);
  const uint64_t requests = EnvNumber("JSTEDU_FUZZ_REQUESTS", kDefaultRequests);
  std::cout << "[ fuzz     ] seed " << seed << " (JSTEDU_FUZZ_SEED), "
            << requests << " requests" << std::endl;
  Rng rng(seed);
  const auto started = std::chrono::steady_clock::now();

  // One kept-alive connection per server, replaced when the server closes.
  std::map<Server, std::unique_ptr<Client>> kept;
  std::map<std::string, std::map<std::string, int>>
      outcomes;  // family → result → n
  std::map<std::string, int> per_family;
  int failures = 0;
  int timeouts = 0;
  int connections = 0;
  uint64_t reused = 0;
  constexpr int kMaxFailuresShown = 25;

  for (uint64_t i = 0; i < requests; ++i) {
    const auto& generators = Generators();
    const Case c = generators[i % generators.size()](rng);
    const std::string family = c.family.substr(0, c.family.find('/'));
    ++per_family[family];

    std::unique_ptr<Client> fresh;
    Client* client = nullptr;
    if (c.fresh) {
      fresh = std::make_unique<Client>(Port(c.server), 5);
      client = fresh.get();
      ++connections;
    } else {
      auto& slot = kept[c.server];
      if (slot == nullptr) {
        slot = std::make_unique<Client>(Port(c.server), 5);
        ++connections;
      } else {
        ++reused;
      }
      client = slot.get();
    }
    ASSERT_TRUE(client->connected()) << "cannot connect, case " << i;
    client->Send(c.bytes);  // the server may answer before taking it all
    const Reply reply = client->Read();
    const std::string problem = Judge(c, reply);

    std::string result = reply.kind == Reply::Kind::kResponse
                             ? std::to_string(reply.status)
                             : KindName(reply.kind);
    ++outcomes[c.family][result];
    if (!problem.empty()) {
      ++failures;
      if (failures <= kMaxFailuresShown) {
        ADD_FAILURE() << "seed " << seed << ", case " << i << ", family "
                      << c.family << " ("
                      << (c.server == Server::kJsts ? "jsts" : "items")
                      << " server): " << problem
                      << "\n  request: " << Shown(c.bytes);
      }
    }
    // Keep the connection only while the server does.
    const bool server_keeps =
        reply.kind == Reply::Kind::kResponse && reply.version == "HTTP/1.1" &&
        absl::AsciiStrToLower(reply.headers.count("connection")
                                  ? reply.headers.at("connection")
                                  : "") != "close";
    if (!c.fresh && !server_keeps) kept[c.server].reset();
    if (reply.kind == Reply::Kind::kTimeout && ++timeouts >= 5) {
      FAIL() << "5 requests without an answer within 5 s; stopping at case "
             << i;
    }
    if (failures > 200) {
      FAIL() << "more than 200 failures; stopping at case " << i;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  std::cout << "[ fuzz     ] " << requests << " requests in " << seconds
            << " s over " << connections << " connections (" << reused
            << " on a kept-alive one); " << failures << " failures"
            << std::endl;
  for (const auto& [family, n] : per_family) {
    std::cout << "[ fuzz     ]   " << family << ": " << n << std::endl;
  }
  for (const auto& [family, results] : outcomes) {
    std::string line;
    for (const auto& [result, n] : results) {
      absl::StrAppend(&line, line.empty() ? "" : ", ", result, " ×", n);
    }
    std::cout << "[ fuzz     ]     " << family << ": " << line << std::endl;
  }
  EXPECT_EQ(failures, 0) << "seed " << seed;
  EXPECT_GE(requests, 10000u);

  // The servers are still fine.
  for (Server server : {Server::kJsts, Server::kItems}) {
    Client health(Port(server), 5);
    ASSERT_TRUE(health.connected());
    health.Send("GET /healthz HTTP/1.1\r\nHost: fuzz\r\n\r\n");
    const Reply reply = health.Read();
    EXPECT_EQ(reply.kind, Reply::Kind::kResponse);
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, R"({"status":"ok"})");
  }
  Client client(jsts_port_, 5);
  ASSERT_TRUE(client.connected());
  client.Send(Request("GET", "/v1/jsts/2476011", AuthorizationLine()));
  const Reply jst = client.Read();
  ASSERT_EQ(jst.kind, Reply::Kind::kResponse);
  EXPECT_EQ(jst.status, 200) << jst.body;
  EXPECT_NE(jst.body.find("\"teryt\":\"2476011\""), std::string::npos)
      << jst.body;
  // And on a connection that served malformed requests before.
  if (auto& slot = kept[Server::kJsts]; slot != nullptr) {
    slot->Send(Request("GET", "/v1/jsts/2476011", AuthorizationLine()));
    const Reply again = slot->Read();
    EXPECT_EQ(again.kind, Reply::Kind::kResponse);
    EXPECT_EQ(again.status, 200);
  }
}

// Wrong JSON types that protobuf 3.21's JSON parser (Debian bookworm's)
// accepts although the proto3 JSON mapping does not: strings for booleans
// (safe_strtob: "yes", "1", "t", "no"...), a lone value for a repeated field,
// nested arrays flattened into a repeated field. The gateway passes them to
// the upstream (here: 503, as the item routes have none; in production the
// service runs with flag=true or tags=["x"]) instead of answering 400.
// Fails until the transcoder checks JSON types against the descriptors.
TEST_F(GatewayFuzzTest, WrongJsonTypesThatProtobufToleratesAreRefused) {
  const std::vector<std::pair<std::string, std::string>> kCases = {
      {"/v1/items", R"({"flag":"yes"})"},
      {"/v1/items", R"({"flag":"1"})"},
      {"/v1/items", R"({"flag":"t"})"},
      {"/v1/items", R"({"flag":"no"})"},
      {"/v1/items", R"({"tags":"x"})"},
      {"/v1/items", R"({"tags":[["x"]]})"},
      {"/v1/items", R"({"tags":[[["x"],"y"]]})"},
  };
  Client client(item_port_, 5);
  ASSERT_TRUE(client.connected());
  for (const auto& [target, body] : kCases) {
    ASSERT_TRUE(client.Send(
        Request("POST", target, AuthorizationLine() + kJsonType, body)));
    const Reply reply = client.Read();
    ASSERT_EQ(reply.kind, Reply::Kind::kResponse) << body;
    EXPECT_EQ(reply.status, 400)
        << "POST " << target << " " << body << " answered " << reply.body;
  }
}

// A response to HEAD has no content (RFC 9110 §9.3.2): a client reading
// the next response on the connection must find its status line right after
// the HEAD response's header section.
TEST_F(GatewayFuzzTest, HeadResponsesCarryNoContent) {
  Client client(jsts_port_, 5);
  ASSERT_TRUE(client.connected());
  const std::vector<std::pair<std::string, int>> kHeads = {
      {"HEAD /healthz HTTP/1.1\r\nHost: fuzz\r\n\r\n", 405},
      {"HEAD /v1/jsts/2476011 HTTP/1.1\r\nHost: fuzz\r\n\r\n", 401},
      {"HEAD /v1/jsts/2476011 HTTP/1.1\r\nHost: fuzz\r\n" +
           AuthorizationLine() + "\r\n",
       405},
  };
  for (const auto& [request, status] : kHeads) {
    ASSERT_TRUE(client.Send(request));
    const Reply head = client.Read(/*head=*/true);
    ASSERT_EQ(head.kind, Reply::Kind::kResponse) << Shown(request);
    EXPECT_EQ(head.status, status) << Shown(request);
    ASSERT_TRUE(client.Send("GET /healthz HTTP/1.1\r\nHost: fuzz\r\n\r\n"));
    const Reply next = client.Read();
    ASSERT_EQ(next.kind, Reply::Kind::kResponse)
        << "after " << Shown(request) << ": " << next.detail;
    EXPECT_EQ(next.status, 200);
    EXPECT_EQ(next.body, R"({"status":"ok"})");
  }
}

// A chunk-size line, chunk extension or trailer that never ends must be
// refused once it passes a bound, not buffered for as long as the client
// sends (before the fix: 1 GiB sent → 1.1 GB resident, no answer, no token
// needed).
TEST_F(GatewayFuzzTest, AnEndlessChunkLineIsRefusedNotBuffered) {
  const std::string head =
      "POST /v1/items HTTP/1.1\r\nHost: fuzz\r\n"
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  struct Variant {
    std::string name;
    std::string prefix;
    char filler;
  };
  const std::vector<Variant> kVariants = {
      {"chunk extension", "1;", 'a'},
      {"trailer field", "0\r\nX-Trailer: ", 'a'},
      {"leading zeros", "", '0'},
      {"whitespace after the size", "1", ' '},
  };
  const std::string piece(64 * 1024, ' ');
  for (const Variant& variant : kVariants) {
    Client client(item_port_, 5);
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.Send(head + variant.prefix));
    const std::string filler(piece.size(), variant.filler);
    // 4 MiB: far above any buffer the server needs for a line.
    for (int i = 0; i < 64 && client.Send(filler); ++i) {
    }
    const Reply reply = client.Read();
    EXPECT_EQ(reply.kind, Reply::Kind::kResponse)
        << variant.name << ": " << KindName(reply.kind);
    if (reply.kind != Reply::Kind::kResponse) continue;
    EXPECT_GE(reply.status, 400) << variant.name;
    EXPECT_LT(reply.status, 500) << variant.name;
  }
}

}  // namespace
}  // namespace jstedu::gateway
