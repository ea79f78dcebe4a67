// The gateway end to end in one process: the Beast server on 127.0.0.1:0,
// the real Dispatcher and Upstreams, and a fake RecruitmentService on a real
// gRPC server (port 0). The client is a plain TCP socket, so the tests see
// the bytes a browser or curl would.

#include "gateway/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/principal_signature.h"
#include "common/metrics/metrics.h"
#include "gateway/config.h"
#include "gateway/dispatcher.h"
#include "gateway/route_table.h"
#include "gateway/test_protos.h"
#include "gateway/test_tokens.h"
#include "gateway/upstream.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "jstedu/auth/v1/principal.pb.h"
#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using recruitment::v1::GetJstRequest;
using recruitment::v1::Jst;
using recruitment::v1::ListJstsRequest;
using recruitment::v1::ListJstsResponse;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTraceparent[] =
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
constexpr char kBlockingTeryt[] = "0000000";
constexpr int kRefusedRows = 500;
constexpr char kImportTarget[] = "/v1/applications/a-1/participants:import";

// Knows one JST. GetJst of kBlockingTeryt waits until Release().
class FakeRecruitment final
    : public recruitment::v1::RecruitmentService::Service {
 public:
  grpc::Status GetJst(grpc::ServerContext* context,
                      const GetJstRequest* request, Jst* reply) override {
    Record(*context);
    if (request->teryt() == kBlockingTeryt) Block();
    if (request->teryt() != "2476011") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          "no JST " + request->teryt());
    }
    reply->set_teryt("2476011");
    reply->set_name("Świętochłowice");
    reply->set_kind(recruitment::v1::URBAN_COMMUNE);
    reply->set_city_with_county_rights(true);
    reply->set_voivodeship("24");
    reply->set_county("2476");
    reply->set_workshop_group(2);
    reply->set_register_date("2024-01-01");
    return grpc::Status::OK;
  }

  grpc::Status ListJsts(grpc::ServerContext* context,
                        const ListJstsRequest* request,
                        ListJstsResponse* reply) override {
    Record(*context);
    if (request->page_size() > 500) {
      google::rpc::BadRequest bad_request;
      auto* violation = bad_request.add_field_violations();
      violation->set_field("page_size");
      violation->set_description("must be at most 500");
      google::rpc::Status status;
      status.set_code(grpc::StatusCode::INVALID_ARGUMENT);
      status.set_message("page_size above 500");
      status.add_details()->PackFrom(bad_request);
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, status.message(),
                          status.SerializeAsString());
    }
    reply->add_jsts()->set_teryt("2476011");
    reply->set_next_page_token("");
    return grpc::Status::OK;
  }

  // Keeps the CSV as received. A file starting "bad" is refused row by row:
  // INVALID_ARGUMENT with a BadRequest of kRefusedRows violations of about
  // 100 bytes each (some 70 KB of grpc-status-details-bin, base64).
  grpc::Status ImportParticipants(
      grpc::ServerContext* context,
      const recruitment::v1::ImportParticipantsRequest* request,
      recruitment::v1::ImportParticipantsResponse* reply) override {
    Record(*context);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last_csv_ = request->csv();
      last_application_ = request->application();
    }
    if (absl::StartsWith(request->csv(), "bad")) {
      google::rpc::BadRequest bad_request;
      for (int line = 2; line < 2 + kRefusedRows; ++line) {
        auto* violation = bad_request.add_field_violations();
        violation->set_field(absl::StrCat("line ", line, ", column pesel"));
        violation->set_description(
            "must be 11 digits with a valid birth date and check digit "
            "(row not imported)");
      }
      google::rpc::Status status;
      status.set_code(grpc::StatusCode::INVALID_ARGUMENT);
      status.set_message(absl::StrCat(kRefusedRows, " rows refused"));
      status.add_details()->PackFrom(bad_request);
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, status.message(),
                          status.SerializeAsString());
    }
    const int rows = static_cast<int>(
        std::count(request->csv().begin(), request->csv().end(), '\n'));
    reply->set_rows(rows);
    reply->set_inserted(rows);
    return grpc::Status::OK;
  }

  std::string LastCsv() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_csv_;
  }

  std::string LastApplication() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_application_;
  }

  // The metadata of the latest call.
  std::map<std::string, std::string> LastMetadata() {
    std::lock_guard<std::mutex> lock(mutex_);
    return metadata_;
  }

  void WaitUntilBlocked() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return blocked_; });
  }

  void Release() {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  void Record(const grpc::ServerContext& context) {
    std::lock_guard<std::mutex> lock(mutex_);
    metadata_.clear();
    for (const auto& [key, value] : context.client_metadata()) {
      metadata_[std::string(key.data(), key.size())] =
          std::string(value.data(), value.size());
    }
  }

  void Block() {
    std::unique_lock<std::mutex> lock(mutex_);
    blocked_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return released_; });
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, std::string> metadata_;
  std::string last_csv_;
  std::string last_application_;
  bool blocked_ = false;
  bool released_ = false;
};

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercase
  std::string body;
  bool ok = false;  // a complete response was read
};

// A blocking HTTP/1.1 client over one TCP connection.
class Connection {
 public:
  explicit Connection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address),
                         sizeof(address)) == 0;
  }
  ~Connection() { close(fd_); }

  bool connected() const { return connected_; }

  bool Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n =
          send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads one response with a Content-Length body.
  Response Read() {
    Response response;
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return response;
    }
    const std::string head = buffer_.substr(0, header_end);
    buffer_.erase(0, header_end + 4);
    size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (!absl::SimpleAtoi(status_line.substr(9, 3), &response.status)) {
      return response;
    }
    while (line_end != std::string::npos) {
      const size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line = head.substr(start, line_end - start);
      const size_t colon = line.find(':');
      response.headers[absl::AsciiStrToLower(line.substr(0, colon))] =
          std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    }
    size_t length = 0;
    if (!absl::SimpleAtoi(response.headers["content-length"], &length)) {
      return response;
    }
    while (buffer_.size() < length) {
      if (!Fill()) return response;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    response.ok = true;
    return response;
  }

  // True when the server closed the connection (EOF, not a timeout).
  bool ReadsEof() {
    char byte;
    return buffer_.empty() && recv(fd_, &byte, 1, 0) == 0;
  }

 private:
  bool Fill() {
    char chunk[4096];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

const std::chrono::system_clock::time_point kNow =
    std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));

// The test key pair, made once per binary.
const testing::KeyPair& Keys() {
  static const auto* keys = new testing::KeyPair(testing::GenerateRsaKeyPair());
  return *keys;
}

// "Authorization: Bearer <token>\r\n" for `subject` with `role`.
std::string AuthorizationLine(std::string_view subject = "admin-1",
                              std::string_view role = "ADMIN") {
  nlohmann::json claims = testing::DevClaims(subject, role, kNow);
  if (role == "COORDINATOR") claims["region"] = "24";
  return "Authorization: Bearer " +
         testing::SignedToken(Keys().private_pem, claims) + "\r\n";
}

// A GET without a token.
std::string AnonymousGet(const std::string& target,
                         const std::string& extra = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n";
}

// A GET with an ADMIN token.
std::string Get(const std::string& target, const std::string& extra = "") {
  return AnonymousGet(target, AuthorizationLine() + extra);
}

constexpr char kLimitedSubject[] = "limited";
constexpr int kBurst = 3;

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::EnableDefaultHealthCheckService(true);
    std::string fake_address;
    grpc_server_ = testing::StartFakeUpstream(&fake_, &fake_address);
    ASSERT_NE(grpc_server_, nullptr);

    auto table = RouteTable::FromGeneratedPool(BackendServices());
    ASSERT_TRUE(table.ok()) << table.status();
    routes_ = std::make_unique<RouteTable>(*std::move(table));
    upstreams_ = std::make_unique<Upstreams>(
        std::vector<UpstreamTarget>{
            {"jstedu.recruitment.v1.RecruitmentService", fake_address}},
        std::chrono::seconds(5));

    JwtOptions jwt;
    jwt.now = [] { return kNow; };
    auto verifier = JwtVerifier::Create(Keys().public_pem, jwt);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = std::make_unique<JwtVerifier>(*std::move(verifier));
    RateLimitOptions limits;
    limits.rate = 1;
    limits.burst = kBurst;
    limits.now = [] { return std::chrono::steady_clock::time_point(); };
    rate_limiter_ = std::make_unique<RateLimiter>(limits);

    DispatcherOptions options;
    options.registry = &registry_;
    options.verifier = verifier_.get();
    options.rate_limiter = rate_limiter_.get();
    options.large_body_methods = {
        "jstedu.recruitment.v1.RecruitmentService.ListJsts",
        "jstedu.recruitment.v1.RecruitmentService.ImportParticipants"};
    options.middlewares.push_back(
        [](const Route&, const HttpRequest& request, RequestContext& context) {
          if (!request.Header("x-test-deny").empty()) {
            return absl::PermissionDeniedError("denied by test middleware");
          }
          context.upstream_metadata.emplace_back("x-test-principal", "alice");
          return absl::OkStatus();
        });
    dispatcher_ =
        std::make_unique<Dispatcher>(*routes_, *upstreams_, std::move(options));

    HttpServerOptions server_options;
    server_options.listen = "127.0.0.1:0";
    server_options.large_body_limit = 2 << 20;
    server_ = std::make_unique<HttpServer>(server_options, *dispatcher_);
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
  }

  void TearDown() override {
    fake_.Release();
    server_->Shutdown(std::chrono::seconds(5));
    upstreams_->Shutdown();
    grpc_server_->Shutdown();
  }

  Response Exchange(const std::string& request) {
    Connection connection(port_);
    EXPECT_TRUE(connection.connected());
    EXPECT_TRUE(connection.Send(request));
    return connection.Read();
  }

  double Count(const std::string& method, const std::string& route,
               const std::string& status) {
    return registry_
        .Counter("jstedu_http_requests_total", "",
                 {"method", "route", "status"})
        .Value({method, route, status});
  }

  FakeRecruitment fake_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<RouteTable> routes_;
  std::unique_ptr<Upstreams> upstreams_;
  std::unique_ptr<JwtVerifier> verifier_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  metrics::Registry registry_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
};

TEST_F(HttpServerTest, GetJstReturnsLowerCamelCaseJson) {
  Response response = Exchange(Get("/v1/jsts/2476011"));
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers["content-type"],
            "application/json; charset=utf-8");
  EXPECT_THAT(response.body, HasSubstr("\"workshopGroup\":2"));
  EXPECT_THAT(response.body, HasSubstr("\"cityWithCountyRights\":true"));
  EXPECT_THAT(response.body, HasSubstr("\"name\":\"Świętochłowice\""));
  EXPECT_THAT(response.body, HasSubstr("\"kind\":\"URBAN_COMMUNE\""));
  EXPECT_THAT(response.body, Not(HasSubstr("workshop_group")));
  EXPECT_EQ(Count("GET", "/v1/jsts/{teryt}", "200"), 1);
}

TEST_F(HttpServerTest, UnknownJstIs404WithGrpcCode) {
  Response response = Exchange(Get("/v1/jsts/9999999"));
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body,
            R"({"code":5,"message":"no JST 9999999","details":[]})");
  EXPECT_EQ(Count("GET", "/v1/jsts/{teryt}", "404"), 1);
}

TEST_F(HttpServerTest, UpstreamErrorDetailsReachTheClient) {
  Response response = Exchange(Get("/v1/jsts?pageSize=501"));
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 400);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["code"], 3);
  ASSERT_EQ(body["details"].size(), 1u);
  EXPECT_EQ(body["details"][0]["@type"],
            "type.googleapis.com/google.rpc.BadRequest");
  EXPECT_EQ(body["details"][0]["fieldViolations"][0]["field"], "page_size");
}

// POST of `csv` to the import route with `content_type`, as an ADMIN.
std::string PostCsv(const std::string& csv,
                    const std::string& content_type = "text/csv") {
  return std::string("POST ") + kImportTarget + " HTTP/1.1\r\nHost: test\r\n" +
         AuthorizationLine() + "Content-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(csv.size()) + "\r\n\r\n" + csv;
}

TEST_F(HttpServerTest, CsvBodyReachesTheServiceByteForByte) {
  // A BOM, CRLF and LF line ends, a quoted field with a line break, a NUL,
  // and bytes that are not UTF-8 (the service judges the file, not us).
  std::string csv =
      "\xEF\xBB\xBF"
      "first_name;last_name;pesel\r\n";
  csv +=
      "Zo\xC5\xBC"
      "a;\"Nowak\r\nKowalska\";02070803628\r\n";
  csv += "\xFF\xFE\xB3;x";
  csv += '\0';
  csv += ";1\n";
  for (const char* type : {"text/csv", "text/csv; charset=utf-8"}) {
    Response response = Exchange(PostCsv(csv, type));
    ASSERT_TRUE(response.ok);
    EXPECT_EQ(response.status, 200) << type << ": " << response.body;
    EXPECT_EQ(response.body,
              R"({"rows":4,"inserted":4,"updated":0,"unchanged":0})");
    EXPECT_EQ(fake_.LastCsv(), csv) << type;
    EXPECT_EQ(fake_.LastApplication(), "a-1");
    // The principal goes with the gateway's signature, which the service
    // accepts (services trust only the gateway: principal_signature.h).
    const auto metadata = fake_.LastMetadata();
    ASSERT_EQ(metadata.count("x-jstedu-principal-bin"), 1u);
    ASSERT_EQ(metadata.count("x-jstedu-principal-sig"), 1u);
    EXPECT_TRUE(grpcutil::VerifyPrincipal(metadata.at("x-jstedu-principal-bin"),
                                          metadata.at("x-jstedu-principal-sig"),
                                          absl::Now())
                    .ok());
  }
  // Chunked, the same bytes.
  Response chunked =
      Exchange(std::string("POST ") + kImportTarget +
               " HTTP/1.1\r\nHost: test\r\n" + AuthorizationLine() +
               "Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n" +
               absl::StrCat(absl::Hex(10)) + "\r\n" + csv.substr(0, 10) +
               "\r\n" + absl::StrCat(absl::Hex(csv.size() - 10)) + "\r\n" +
               csv.substr(10) + "\r\n0\r\n\r\n");
  ASSERT_TRUE(chunked.ok);
  EXPECT_EQ(chunked.status, 200) << chunked.body;
  EXPECT_EQ(fake_.LastCsv(), csv);
}

TEST_F(HttpServerTest, CsvImportRefusesOtherCharsetsAndJson) {
  Response latin2 =
      Exchange(PostCsv("a;b\r\n", "text/csv; charset=ISO-8859-2"));
  ASSERT_TRUE(latin2.ok);
  EXPECT_EQ(latin2.status, 415);
  EXPECT_THAT(nlohmann::json::parse(latin2.body)["message"].get<std::string>(),
              HasSubstr("charset \"ISO-8859-2\" is not supported"));
  Response json = Exchange(PostCsv(R"("YTtiDQo=")", "application/json"));
  ASSERT_TRUE(json.ok);
  EXPECT_EQ(json.status, 415);
  EXPECT_THAT(json.body, HasSubstr("must be text/csv"));
  EXPECT_EQ(fake_.LastCsv(), "");  // neither reached the service
}

TEST_F(HttpServerTest, CsvImportTakesTheLargeLimit) {
  // ImportParticipants is a large-body method (2 MiB in this test, 20 MiB
  // in production): 1.5 MiB of CSV passes the usual 1 MiB.
  std::string csv = "first_name;last_name\r\n";
  while (csv.size() < 1536 * 1024) csv += "Anna;Nowak\r\n";
  Response response = Exchange(PostCsv(csv));
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(fake_.LastCsv(), csv);
  Response too_large = Exchange(PostCsv(std::string(2560 * 1024, 'a')));
  ASSERT_TRUE(too_large.ok);
  EXPECT_EQ(too_large.status, 413);
  EXPECT_THAT(too_large.body, HasSubstr("larger than 2097152 bytes"));
}

TEST_F(HttpServerTest, HundredsOfFieldViolationsReachTheClientWhole) {
  // About 70 KB of grpc-status-details-bin: above gRPC's default metadata
  // limit (8 KiB), within the gateway channels' 1 MiB.
  Response response = Exchange(PostCsv("bad file\r\n"));
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 400) << response.body.substr(0, 300);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["code"], 3);
  EXPECT_EQ(body["message"], "500 rows refused");
  ASSERT_EQ(body["details"].size(), 1u);
  const auto& detail = body["details"][0];
  EXPECT_EQ(detail["@type"], "type.googleapis.com/google.rpc.BadRequest");
  ASSERT_EQ(detail["fieldViolations"].size(), size_t{kRefusedRows});
  EXPECT_EQ(detail["fieldViolations"][0]["field"], "line 2, column pesel");
  EXPECT_EQ(detail["fieldViolations"][kRefusedRows - 1]["field"],
            "line 501, column pesel");
  EXPECT_THAT(detail["fieldViolations"][kRefusedRows - 1]["description"]
                  .get<std::string>(),
              HasSubstr("check digit"));
}

TEST_F(HttpServerTest, UnknownRouteIs404) {
  Response response = Exchange(Get("/v1/nothing"));
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 5);
  EXPECT_EQ(Count("GET", "unmatched", "404"), 1);
}

TEST_F(HttpServerTest, PostOnListIs405) {
  Response response = Exchange(
      "POST /v1/jsts HTTP/1.1\r\nHost: test\r\n" + AuthorizationLine() +
      "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers["allow"], "GET");
}

TEST_F(HttpServerTest, OversizedBodyIs413BeforeTheBodyIsRead) {
  Connection connection(port_);
  ASSERT_TRUE(connection.connected());
  // Announce 2 MiB but send only 64 KiB: an answer proves the server did not
  // wait for the rest.
  ASSERT_TRUE(
      connection.Send("POST /v1/jsts HTTP/1.1\r\nHost: test\r\nContent-Type: "
                      "application/json\r\nContent-Length: 2097152\r\n\r\n" +
                      std::string(64 * 1024, 'a')));
  Response response = connection.Read();
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.headers["connection"], "close");
  EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 8);
  // POST is not a method of /v1/jsts: the label stays bounded.
  EXPECT_EQ(Count("POST", "unmatched", "413"), 1);
}

TEST_F(HttpServerTest, LargeBodyRoutesHaveTheLargeLimit) {
  // ListJsts is a large-body method in this test (limit 2 MiB); GetJst is
  // not (1 MiB). GET routes take no body, so a body that is read gets 400.
  const auto get_with_body = [](const std::string& target, size_t size) {
    return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" +
           AuthorizationLine() + "Content-Type: application/json\r\n" +
           "Content-Length: " + std::to_string(size) + "\r\n\r\n" +
           std::string(size, ' ');
  };
  Response large = Exchange(get_with_body("/v1/jsts", 1536 * 1024));
  ASSERT_TRUE(large.ok);
  EXPECT_EQ(large.status, 400);
  Response small = Exchange(get_with_body("/v1/jsts/2476011", 1536 * 1024));
  ASSERT_TRUE(small.ok);
  EXPECT_EQ(small.status, 413);
  EXPECT_THAT(small.body, HasSubstr("larger than 1048576 bytes"));
  Response too_large = Exchange(get_with_body("/v1/jsts", 2560 * 1024));
  ASSERT_TRUE(too_large.ok);
  EXPECT_EQ(too_large.status, 413);
  EXPECT_THAT(too_large.body, HasSubstr("larger than 2097152 bytes"));
  EXPECT_EQ(Count("GET", "/v1/jsts/{teryt}", "413"), 1);
}

TEST_F(HttpServerTest, OversizedChunkedBodyIs413) {
  Connection connection(port_);
  ASSERT_TRUE(connection.connected());
  std::string request = "POST /v1/jsts/2476011 HTTP/1.1\r\nHost: test\r\n" +
                        AuthorizationLine() +
                        "Content-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(256 * 1024, 'a');
  for (int i = 0; i < 5; ++i) request += "40000\r\n" + chunk + "\r\n";
  ASSERT_TRUE(connection.Send(request));
  Response response = connection.Read();
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 413);
  EXPECT_THAT(response.body, HasSubstr("larger than 1048576 bytes"));
}

TEST_F(HttpServerTest, OversizedHeaderIs431) {
  Response response = Exchange(
      Get("/v1/jsts", "X-Filler: " + std::string(20 * 1024, 'x') + "\r\n"));
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 431);
}

TEST_F(HttpServerTest, MalformedRequestIs400) {
  Response response = Exchange("GET /v1/jsts HTTP/1.1\r\nBad Header\r\n\r\n");
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 400);
}

// A POST of /v1/jsts with `framing` header lines and, in the same packet,
// a second request: what a server reading the first body as empty (or by
// the wrong length) would answer as a request of its own.
std::string SmugglingAttempt(const std::string& framing,
                             const std::string& version = "HTTP/1.1") {
  return "POST /v1/jsts " + version + "\r\nHost: test\r\n" +
         AuthorizationLine() + "Content-Type: application/json\r\n" + framing +
         "\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + AnonymousGet("/healthz");
}

TEST_F(HttpServerTest, TransferEncodingNotEndingInChunkedIs400AndCloses) {
  for (const char* framing :
       {"Transfer-Encoding: identity", "Transfer-Encoding: xchunked",
        "Transfer-Encoding: chunked, identity", "Transfer-Encoding: gzip",
        "Transfer-Encoding: chunked, chunked",
        "Transfer-Encoding: gzip, chunked",
        "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: ,",
        // With a Content-Length, in either order (RFC 9112 §6.1: refused).
        "Transfer-Encoding: identity\r\nContent-Length: 5",
        "Transfer-Encoding: chunked\r\nContent-Length: 5",
        "Content-Length: 5\r\nTransfer-Encoding: chunked"}) {
    Connection connection(port_);
    ASSERT_TRUE(connection.connected());
    ASSERT_TRUE(connection.Send(SmugglingAttempt(framing)));
    Response response = connection.Read();
    ASSERT_TRUE(response.ok) << framing;
    EXPECT_EQ(response.status, 400) << framing;
    EXPECT_EQ(response.headers["connection"], "close") << framing;
    EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 3) << framing;
    // Exactly one response: the bytes after the head were never a request.
    EXPECT_TRUE(connection.ReadsEof()) << framing;
  }
  // Transfer-Encoding in HTTP/1.0 (RFC 9112 §6.1: faulty framing).
  Connection old(port_);
  ASSERT_TRUE(
      old.Send(SmugglingAttempt("Transfer-Encoding: chunked", "HTTP/1.0")));
  Response response = old.Read();
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(old.ReadsEof());
  EXPECT_EQ(Count("GET", "/healthz", "200"), 0);
}

TEST_F(HttpServerTest, ChunkedInAnyCaseIsStillRead) {
  for (const char* coding : {"chunked", "Chunked", "CHUNKED "}) {
    Connection connection(port_);
    ASSERT_TRUE(connection.connected());
    ASSERT_TRUE(connection.Send(
        SmugglingAttempt(std::string("Transfer-Encoding: ") + coding)));
    // The body was read as chunked; POST is not a method of /v1/jsts.
    Response first = connection.Read();
    ASSERT_TRUE(first.ok) << coding;
    EXPECT_EQ(first.status, 405) << coding;
    // The next request on the connection is served as one.
    Response second = connection.Read();
    ASSERT_TRUE(second.ok) << coding;
    EXPECT_EQ(second.status, 200) << coding;
  }
}

TEST_F(HttpServerTest, TrailerFieldsAreNeverHeaders) {
  // A chunked body's trailer section is discarded: a token sent only there
  // does not authenticate, and a Host there is no second Host.
  Response response = Exchange(
      "POST /v1/jsts HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n"
      "Content-Type: application/json\r\n\r\n2\r\n{}\r\n0\r\n"
      "Host: other\r\n" +
      AuthorizationLine() + "\r\n");
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 401) << response.body;
  EXPECT_TRUE(fake_.LastMetadata().empty());
}

TEST_F(HttpServerTest, HostIsRequiredExactlyOnceInHttp11) {
  for (const std::string& request :
       {std::string("GET /healthz HTTP/1.1\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"),
        // More than one in HTTP/1.0 as well.
        std::string("GET /healthz HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost: a/b\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost: a:80x\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost: user@a\r\n\r\n")}) {
    Connection connection(port_);
    ASSERT_TRUE(connection.Send(request + AnonymousGet("/healthz")));
    Response response = connection.Read();
    ASSERT_TRUE(response.ok) << request;
    EXPECT_EQ(response.status, 400) << request;
    EXPECT_TRUE(connection.ReadsEof()) << request;
  }
  for (const std::string& request :
       {std::string("GET /healthz HTTP/1.0\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost: test:8080\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")}) {
    Response response = Exchange(request);
    ASSERT_TRUE(response.ok) << request;
    EXPECT_EQ(response.status, 200) << request;
  }
}

TEST_F(HttpServerTest, TokenRepeatingAClaimOrLivingForeverIs401) {
  const auto sign = [](const std::string& payload) {
    const std::string input =
        testing::Base64Url(R"({"alg":"RS256","typ":"JWT"})") + "." +
        testing::Base64Url(payload);
    return input + "." +
           testing::Base64Url(testing::SignRs256(Keys().private_pem, input));
  };
  std::string repeated = testing::DevClaims("m-1", "MINISTRY", kNow).dump();
  repeated.insert(repeated.size() - 1, R"(,"role":"ADMIN")");
  nlohmann::json forever = testing::DevClaims("m-1", "MINISTRY", kNow);
  forever["exp"] = 1e300;
  for (const std::string& token : {sign(repeated), sign(forever.dump())}) {
    Response response = Exchange(AnonymousGet(
        "/v1/jsts/2476011", "Authorization: Bearer " + token + "\r\n"));
    ASSERT_TRUE(response.ok);
    EXPECT_EQ(response.status, 401) << response.body;
    EXPECT_EQ(response.headers["www-authenticate"],
              "Bearer error=\"invalid_token\"");
  }
  EXPECT_TRUE(fake_.LastMetadata().empty());
}

TEST_F(HttpServerTest, EveryResponseIsNosniffAndNoStore) {
  const std::string too_large =
      "POST /v1/jsts HTTP/1.1\r\nHost: test\r\nContent-Length: 2097152\r\n"
      "\r\n";
  for (const std::string& request :
       {Get("/v1/jsts/2476011"), Get("/v1/jsts/9999999"),
        AnonymousGet("/v1/jsts/2476011"), AnonymousGet("/healthz"),
        AnonymousGet("/readyz"), too_large,
        Get("/v1/jsts", "X-Filler: " + std::string(20 * 1024, 'x') + "\r\n"),
        std::string("GET /v1/jsts HTTP/1.1\r\nBad Header\r\n\r\n")}) {
    Response response = Exchange(request);
    ASSERT_TRUE(response.ok) << request.substr(0, 40);
    EXPECT_EQ(response.headers["x-content-type-options"], "nosniff")
        << response.status;
    EXPECT_EQ(response.headers["cache-control"], "no-store") << response.status;
  }
}

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Connection connection(port_);
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(connection.Send(Get("/v1/jsts/2476011")));
  Response first = connection.Read();
  ASSERT_TRUE(connection.Send(Get("/v1/jsts/9999999")));
  Response second = connection.Read();
  ASSERT_TRUE(first.ok && second.ok);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 404);
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  Connection connection(port_);
  ASSERT_TRUE(
      connection.Send(AnonymousGet("/healthz", "Connection: close\r\n")));
  Response response = connection.Read();
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(connection.ReadsEof());
}

TEST_F(HttpServerTest, TraceAndRequestIdsGoUpstreamAndBack) {
  Response response = Exchange(
      Get("/v1/jsts/2476011", std::string("traceparent: ") + kTraceparent +
                                  "\r\nX-Request-Id: req-42\r\n"));
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.headers["x-request-id"], "req-42");
  auto metadata = fake_.LastMetadata();
  EXPECT_EQ(metadata["traceparent"], kTraceparent);
  EXPECT_EQ(metadata["x-request-id"], "req-42");
  EXPECT_EQ(metadata["x-test-principal"], "alice");
}

TEST_F(HttpServerTest, PrincipalGoesUpstreamAsBinaryMetadata) {
  Response response = Exchange(AnonymousGet(
      "/v1/jsts/2476011", AuthorizationLine("coord-7", "COORDINATOR")));
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 200);
  auth::v1::Principal principal;
  ASSERT_TRUE(principal.ParseFromString(
      fake_.LastMetadata()["x-jstedu-principal-bin"]));
  EXPECT_EQ(principal.subject(), "coord-7");
  EXPECT_EQ(principal.role(), auth::v1::COORDINATOR);
  EXPECT_EQ(principal.voivodeship(), "24");
}

TEST_F(HttpServerTest, NoTokenIs401WithChallengeAndNeverReachesUpstream) {
  for (const char* target : {"/v1/jsts/2476011", "/v1/nothing"}) {
    Response response = Exchange(AnonymousGet(target));
    ASSERT_TRUE(response.ok);
    EXPECT_EQ(response.status, 401) << target;
    EXPECT_EQ(response.headers["www-authenticate"], "Bearer");
    EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 16);
  }
  Response bad = Exchange(
      AnonymousGet("/v1/jsts/2476011", "Authorization: Bearer a.b.c\r\n"));
  ASSERT_TRUE(bad.ok);
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.headers["www-authenticate"], "Bearer error=\"invalid_token\"");
  EXPECT_TRUE(fake_.LastMetadata().empty());
}

TEST_F(HttpServerTest, RateLimitedCallerGets429OthersAreServed) {
  Connection connection(port_);
  ASSERT_TRUE(connection.connected());
  const std::string limited =
      AnonymousGet("/v1/jsts/2476011", AuthorizationLine(kLimitedSubject));
  for (int i = 0; i < kBurst; ++i) {
    ASSERT_TRUE(connection.Send(limited));
    EXPECT_EQ(connection.Read().status, 200);
  }
  ASSERT_TRUE(connection.Send(limited));
  Response refused = connection.Read();
  ASSERT_TRUE(refused.ok);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.headers["retry-after"], "1");
  EXPECT_EQ(nlohmann::json::parse(refused.body)["code"], 8);
  Response other = Exchange(Get("/v1/jsts/2476011"));
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(Exchange(AnonymousGet("/healthz")).status, 200);
}

TEST_F(HttpServerTest, MissingTraceparentIsGenerated) {
  Response response =
      Exchange(Get("/v1/jsts/2476011", "traceparent: junk\r\n"));
  ASSERT_TRUE(response.ok);
  auto metadata = fake_.LastMetadata();
  EXPECT_TRUE(IsValidTraceparent(metadata["traceparent"]))
      << metadata["traceparent"];
  EXPECT_EQ(metadata["x-request-id"], response.headers["x-request-id"]);
  EXPECT_FALSE(response.headers["x-request-id"].empty());
}

TEST_F(HttpServerTest, MiddlewareRefusalNeverReachesUpstream) {
  Response response = Exchange(Get("/v1/jsts/2476011", "X-Test-Deny: 1\r\n"));
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 403);
  EXPECT_TRUE(fake_.LastMetadata().empty());
}

TEST_F(HttpServerTest, ReadyzWhenUpstreamServes) {
  Response response = Exchange(AnonymousGet("/readyz"));
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(
      response.body,
      R"({"status":"ready","services":[{"service":"jstedu.recruitment.v1.RecruitmentService","state":"SERVING"}]})");
}

TEST_F(HttpServerTest, ShutdownLetsTheRequestInFlightFinish) {
  Connection connection(port_);
  ASSERT_TRUE(connection.Send(Get(std::string("/v1/jsts/") + kBlockingTeryt)));
  fake_.WaitUntilBlocked();
  std::thread shutdown([this] { server_->Shutdown(std::chrono::seconds(10)); });
  // Once new connections are refused, the server is draining.
  for (int attempt = 0; attempt < 1000 && Connection(port_).connected();
       ++attempt) {
    std::this_thread::yield();
  }
  EXPECT_FALSE(Connection(port_).connected());
  fake_.Release();
  Response response = connection.Read();
  shutdown.join();
  ASSERT_TRUE(response.ok);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers["connection"], "close");
}

}  // namespace
}  // namespace jstedu::gateway
