// Keys from an OpenID Connect issuer over real HTTP (a local server started
// by the test): discovery, the issuer check, key rotation without restart,
// a removed key refused, the refresh rate limit; and the HTTP client's
// bounds and its TLS certificate checks (issue 18).

#include "gateway/oidc_keys.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "gateway/auth.h"
#include "gateway/http_client.h"
#include "gateway/test_tokens.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using nlohmann::json;
using ::testing::HasSubstr;
using testing::KeyPair;
using testing::PublicJwk;
using testing::SignedToken;

// An HTTP/1.1 server on 127.0.0.1 (a free port) answering GETs with the
// documents set by the test, one request per connection, counting requests
// per path. Unknown paths: 404.
class DocumentServer {
 public:
  DocumentServer() : acceptor_(io_, {net::ip::make_address("127.0.0.1"), 0}) {
    Accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~DocumentServer() {
    io_.stop();
    thread_.join();
  }

  std::string Url() const {
    return "http://127.0.0.1:" +
           std::to_string(acceptor_.local_endpoint().port());
  }
  void Serve(const std::string& path, std::string body, int status = 200) {
    std::lock_guard<std::mutex> lock(mutex_);
    documents_[path] = {status, std::move(body)};
  }
  int Requests(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_[path];
  }

 private:
  void Accept() {
    acceptor_.async_accept([this](beast::error_code error, tcp::socket socket) {
      if (error) return;
      Answer(socket);
      Accept();
    });
  }
  void Answer(tcp::socket& socket) {
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    beast::error_code error;
    http::read(socket, buffer, request, error);
    if (error) return;
    const std::string path(request.target());
    http::response<http::string_body> response;
    response.version(11);
    response.result(http::status::not_found);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++requests_[path];
      auto document = documents_.find(path);
      if (document != documents_.end()) {
        response.result(static_cast<unsigned>(document->second.first));
        response.body() = document->second.second;
      }
    }
    response.set(http::field::content_type, "application/json");
    response.prepare_payload();
    http::write(socket, response, error);
  }

  net::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mutex_;
  std::map<std::string, std::pair<int, std::string>> documents_;
  std::map<std::string, int> requests_;
};

const std::chrono::system_clock::time_point kNow =
    std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));

class OidcKeysTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    key_a_ = new KeyPair(testing::GenerateRsaKeyPair());
    key_b_ = new KeyPair(testing::GenerateEcKeyPair());
  }
  static void TearDownTestSuite() {
    delete key_a_;
    delete key_b_;
  }

  void SetUp() override {
    server_.Serve(
        "/.well-known/openid-configuration",
        json{{"issuer", server_.Url()}, {"jwks_uri", server_.Url() + "/keys"}}
            .dump());
    ServeKeys({PublicJwk(key_a_->public_pem, "A")});
  }

  void ServeKeys(const std::vector<json>& keys) {
    server_.Serve("/keys", json{{"keys", keys}}.dump());
  }
  int DiscoveryRequests() {
    return server_.Requests("/.well-known/openid-configuration");
  }
  // The issuer's key source, with the test's clock, over HTTP.
  std::shared_ptr<OidcKeySource> Source() {
    OidcOptions options;
    options.issuer = server_.Url();
    options.now = [this] { return clock_; };
    return std::make_shared<OidcKeySource>(
        options, [](const std::string& url) { return HttpGet(url, {}); });
  }
  JwtVerifier Verifier(std::shared_ptr<KeySource> keys) {
    JwtOptions options;
    options.issuer = server_.Url();
    options.now = [] { return kNow; };
    return JwtVerifier(std::move(keys), options);
  }
  std::string Token(const KeyPair& key, const char* kid) {
    json claims = testing::DevClaims("user-1", "ADMIN", kNow);
    claims["iss"] = server_.Url();
    return SignedToken(key.private_pem, claims, kid);
  }
  void Advance(std::chrono::seconds by) { clock_ += by; }

  static KeyPair* key_a_;
  static KeyPair* key_b_;
  DocumentServer server_;
  std::chrono::steady_clock::time_point clock_{std::chrono::hours(1)};
};

KeyPair* OidcKeysTest::key_a_ = nullptr;
KeyPair* OidcKeysTest::key_b_ = nullptr;

TEST_F(OidcKeysTest, KeysComeFromTheDiscoveredJwksUri) {
  auto source = Source();
  ASSERT_TRUE(source->Refresh().ok());
  EXPECT_EQ(DiscoveryRequests(), 1);
  EXPECT_EQ(server_.Requests("/keys"), 1);
  const JwtVerifier verifier = Verifier(source);
  auto principal = verifier.Verify(Token(*key_a_, "A"));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject(), "user-1");
}

TEST_F(OidcKeysTest, TheDiscoveredIssuerMustBeTheConfiguredOne) {
  for (const std::string& issuer :
       {server_.Url() + "/", std::string("https://evil.example"),
        std::string("")}) {
    server_.Serve(
        "/.well-known/openid-configuration",
        json{{"issuer", issuer}, {"jwks_uri", server_.Url() + "/keys"}}.dump());
    const absl::Status status = Source()->Refresh();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << issuer;
    EXPECT_THAT(std::string(status.message()),
                HasSubstr("issuer is not the configured"));
  }
  EXPECT_EQ(server_.Requests("/keys"), 0);
}

// Issue 18 review: an https issuer's keys never come over plain http (a
// discovery document naming http://127.0.0.1:<port> would make the gateway
// ask a local port and trust what it answers).
TEST(OidcKeysDowngradeTest, AnHttpsIssuersKeysComeOverHttpsOnly) {
  std::vector<std::string> asked;
  OidcOptions options;
  options.issuer = "https://login.example";
  OidcKeySource source(
      options, [&](const std::string& url) -> absl::StatusOr<std::string> {
        asked.push_back(url);
        return json{{"issuer", "https://login.example"},
                    {"jwks_uri", "http://127.0.0.1:9100/keys"}}
            .dump();
      });
  const absl::Status status = source.Refresh();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(status.message()), HasSubstr("is not https"));
  EXPECT_EQ(asked,
            std::vector<std::string>{
                "https://login.example/.well-known/openid-configuration"});
}

TEST_F(OidcKeysTest, AnUnreachableOrBrokenIssuerFailsTheRefresh) {
  server_.Serve("/keys", "oops", 500);
  EXPECT_EQ(Source()->Refresh().code(), absl::StatusCode::kUnavailable);
  server_.Serve("/keys", R"({"keys":[]})");
  EXPECT_EQ(Source()->Refresh().code(), absl::StatusCode::kInvalidArgument);
  server_.Serve("/.well-known/openid-configuration",
                json{{"issuer", server_.Url()}}.dump());
  EXPECT_THAT(std::string(Source()->Refresh().message()),
              HasSubstr("no jwks_uri"));
}

TEST_F(OidcKeysTest, RotationNeedsNoRestartAndARemovedKeyIsRefused) {
  auto source = Source();
  ASSERT_TRUE(source->Refresh().ok());
  const JwtVerifier verifier = Verifier(source);
  const std::string token_a = Token(*key_a_, "A");
  const std::string token_b = Token(*key_b_, "B");
  ASSERT_TRUE(verifier.Verify(token_a).ok());

  // B is not published yet: its unknown kid causes a fetch, which finds A only.
  Advance(std::chrono::seconds(31));
  auto refused = verifier.Verify(token_b);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("not known"));
  EXPECT_EQ(server_.Requests("/keys"), 2);

  // The issuer rotates: A and B. The next unknown-kid fetch finds B.
  ServeKeys(
      {PublicJwk(key_a_->public_pem, "A"), PublicJwk(key_b_->public_pem, "B")});
  Advance(std::chrono::seconds(31));
  auto accepted = verifier.Verify(token_b);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_TRUE(verifier.Verify(token_a).ok());
  EXPECT_EQ(server_.Requests("/keys"), 3);

  // A is withdrawn: accepted until the next refresh, refused after it.
  ServeKeys({PublicJwk(key_b_->public_pem, "B")});
  EXPECT_TRUE(verifier.Verify(token_a).ok());
  ASSERT_TRUE(source->RefreshIfStale().ok());
  EXPECT_EQ(server_.Requests("/keys"), 3);  // not stale yet
  Advance(std::chrono::minutes(10));
  ASSERT_TRUE(source->RefreshIfStale().ok());
  EXPECT_EQ(server_.Requests("/keys"), 4);
  auto withdrawn = verifier.Verify(token_a);
  ASSERT_FALSE(withdrawn.ok());
  EXPECT_EQ(withdrawn.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(verifier.Verify(token_b).ok());
}

TEST_F(OidcKeysTest, UnknownKidsFetchAtMostOncePerInterval) {
  auto source = Source();
  ASSERT_TRUE(source->Refresh().ok());
  const JwtVerifier verifier = Verifier(source);
  // Right after the start's fetch: no fetch at all.
  EXPECT_FALSE(verifier.Verify(Token(*key_a_, "X")).ok());
  EXPECT_EQ(DiscoveryRequests(), 1);
  // Two unknown kids within one interval: one fetch.
  Advance(std::chrono::seconds(30));
  EXPECT_FALSE(verifier.Verify(Token(*key_a_, "X")).ok());
  Advance(std::chrono::seconds(29));
  EXPECT_FALSE(verifier.Verify(Token(*key_a_, "Y")).ok());
  EXPECT_EQ(DiscoveryRequests(), 2);
  EXPECT_EQ(server_.Requests("/keys"), 2);
  // The next interval allows the next.
  Advance(std::chrono::seconds(1));
  EXPECT_FALSE(verifier.Verify(Token(*key_a_, "Z")).ok());
  EXPECT_EQ(DiscoveryRequests(), 3);
  // A known kid never fetches.
  Advance(std::chrono::minutes(1));
  EXPECT_TRUE(verifier.Verify(Token(*key_a_, "A")).ok());
  EXPECT_EQ(DiscoveryRequests(), 3);
}

TEST_F(OidcKeysTest, AFailedRefreshKeepsTheKeysHeld) {
  auto source = Source();
  ASSERT_TRUE(source->Refresh().ok());
  const JwtVerifier verifier = Verifier(source);
  server_.Serve("/keys", "unavailable", 503);
  Advance(std::chrono::minutes(11));
  EXPECT_EQ(source->RefreshIfStale().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(verifier.Verify(Token(*key_a_, "A")).ok());
  // Retried after the min interval, not the full one.
  ServeKeys({PublicJwk(key_b_->public_pem, "B")});
  Advance(std::chrono::seconds(30));
  ASSERT_TRUE(source->RefreshIfStale().ok());
  EXPECT_FALSE(verifier.Verify(Token(*key_a_, "A")).ok());
  EXPECT_TRUE(verifier.Verify(Token(*key_b_, "B")).ok());
}

TEST(DiscoveryUrlTest, AppendsTheWellKnownPath) {
  EXPECT_EQ(
      DiscoveryUrl("https://login.example/realms/jst"),
      "https://login.example/realms/jst/.well-known/openid-configuration");
  EXPECT_EQ(DiscoveryUrl("https://login.example/"),
            "https://login.example/.well-known/openid-configuration");
}

TEST(FetchUrlTest, HttpsAnywherePlainHttpOnlyToLoopback) {
  auto url = ParseFetchUrl("https://login.example:8443/realms/jst?x=1");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->host, "login.example");
  EXPECT_EQ(url->port, "8443");
  EXPECT_EQ(url->target, "/realms/jst?x=1");
  url = ParseFetchUrl("https://login.example");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->port, "443");
  EXPECT_EQ(url->target, "/");
  for (const char* loopback :
       {"http://127.0.0.1:9000", "http://localhost/x", "http://[::1]:80/"}) {
    url = ParseFetchUrl(loopback);
    ASSERT_TRUE(url.ok()) << loopback << ": " << url.status();
    EXPECT_FALSE(url->tls);
  }
  for (const char* refused :
       {"http://login.example", "http://10.0.0.1/", "ftp://login.example",
        "login.example", "https://user@login.example", "https://:443/",
        "https://login.example:0", "https://login.example:70000",
        "https://login.example/#x", "https://[::1/",
        "https://login.example/a b", "https://login.example/k\r\nX-Evil: 1",
        "https://login.example/\x7f"}) {
    EXPECT_EQ(ParseFetchUrl(refused).status().code(),
              absl::StatusCode::kInvalidArgument)
        << refused;
  }
}

TEST(HttpGetTest, AnswersOtherThan200AndOversizedBodiesAreRefused) {
  DocumentServer server;
  server.Serve("/ok", "{}");
  server.Serve("/moved", "", 302);
  server.Serve("/big", std::string(2000, 'x'));
  auto ok = HttpGet(server.Url() + "/ok", {});
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, "{}");
  EXPECT_THAT(
      std::string(HttpGet(server.Url() + "/moved", {}).status().message()),
      HasSubstr("HTTP 302"));
  HttpClientOptions small;
  small.max_body = 1000;
  EXPECT_EQ(HttpGet(server.Url() + "/big", small).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_TRUE(HttpGet(server.Url() + "/big", {}).ok());
}

// A certificate for `san` (e.g. "IP:127.0.0.1") signed by its own key, and
// that key: PEM.
struct TlsIdentity {
  std::string certificate;
  std::string key;
};

TlsIdentity SelfSigned(const char* san) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"),
                                                          &EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(
      name, "CN", MBSTRING_ASC,
      reinterpret_cast<const unsigned char*>("jstedu test issuer"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] :
       {std::pair<int, const char*>{NID_subject_alt_name, san},
        {NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* extension =
        X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    X509_add_ext(cert.get(), extension, -1);
    X509_EXTENSION_free(extension);
  }
  X509_sign(cert.get(), key.get(), EVP_sha256());
  std::unique_ptr<BIO, decltype(&BIO_free)> cert_bio(BIO_new(BIO_s_mem()),
                                                     &BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> key_bio(BIO_new(BIO_s_mem()),
                                                    &BIO_free);
  PEM_write_bio_X509(cert_bio.get(), cert.get());
  PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0,
                           nullptr, nullptr);
  const auto text = [](BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<size_t>(size));
  };
  return {text(cert_bio.get()), text(key_bio.get())};
}

// An HTTPS server on 127.0.0.1 answering every GET with `body`, one
// connection at a time.
class TlsServer {
 public:
  TlsServer(const TlsIdentity& identity, std::string body)
      : context_(net::ssl::context::tls_server),
        acceptor_(io_, {net::ip::make_address("127.0.0.1"), 0}),
        body_(std::move(body)) {
    context_.use_certificate_chain(net::buffer(identity.certificate));
    context_.use_private_key(net::buffer(identity.key), net::ssl::context::pem);
    thread_ = std::thread([this] { Serve(); });
  }
  ~TlsServer() {
    stopping_ = true;
    net::io_context io;
    tcp::socket poke(io);  // wakes the blocking accept
    beast::error_code ignored;
    poke.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  std::string Url() const {
    return "https://127.0.0.1:" +
           std::to_string(acceptor_.local_endpoint().port()) + "/keys";
  }

 private:
  void Serve() {
    while (true) {
      tcp::socket socket(io_);
      beast::error_code error;
      acceptor_.accept(socket, error);
      if (error || stopping_) return;
      net::ssl::stream<tcp::socket&> stream(socket, context_);
      stream.handshake(net::ssl::stream_base::server, error);
      if (error) continue;
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(stream, buffer, request, error);
      if (error) continue;
      http::response<http::string_body> response{http::status::ok, 11};
      response.body() = body_;
      response.prepare_payload();
      http::write(stream, response, error);
      stream.shutdown(error);
    }
  }

  net::io_context io_;
  net::ssl::context context_;
  tcp::acceptor acceptor_;
  const std::string body_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

std::string WriteTempFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(HttpGetTest, HttpsTrustsOnlyKnownCertificatesForTheHost) {
  const TlsIdentity identity = SelfSigned("IP:127.0.0.1");
  TlsServer server(identity, R"({"keys":[]})");
  HttpClientOptions trusting;
  trusting.ca_file =
      WriteTempFile("oidc_keys_test_ca.pem", identity.certificate);
  auto answer = HttpGet(server.Url(), trusting);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(*answer, R"({"keys":[]})");

  // Not in the system store, no CA file: refused.
  auto untrusted = HttpGet(server.Url(), {});
  EXPECT_EQ(untrusted.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(untrusted.status().message()),
              HasSubstr("TLS handshake"));

  // Trusted, but for another name.
  const TlsIdentity elsewhere = SelfSigned("DNS:login.example");
  TlsServer impostor(elsewhere, "{}");
  HttpClientOptions trusting_elsewhere;
  trusting_elsewhere.ca_file =
      WriteTempFile("oidc_keys_test_other_ca.pem", elsewhere.certificate);
  auto wrong_name = HttpGet(impostor.Url(), trusting_elsewhere);
  EXPECT_EQ(wrong_name.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(wrong_name.status().message()),
              HasSubstr("TLS handshake"));

  // An unreadable CA file is an error, not a fallback to the system store.
  HttpClientOptions missing;
  missing.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(HttpGet(server.Url(), missing).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(HttpGetTest, ASilentServerTimesOut) {
  // Listening, never accepting: the connection opens, no answer comes.
  net::io_context io;
  tcp::acceptor silent(io, {net::ip::make_address("127.0.0.1"), 0});
  HttpClientOptions options;
  options.timeout = std::chrono::milliseconds(200);
  auto answer = HttpGet(
      "http://127.0.0.1:" + std::to_string(silent.local_endpoint().port()),
      options);
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(answer.status().message()), HasSubstr("no answer"));
}

}  // namespace
}  // namespace jstedu::gateway
