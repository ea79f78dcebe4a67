// The admin HTTP port, exercised over a real loopback socket.
#include "common/http/admin_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/metrics/metrics.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::http {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Response {
  std::string status_line;
  std::string headers;
  std::string body;
};

// Sends `request` to 127.0.0.1:`port` and reads until the server closes the
// connection (it answers one request per connection).
Response Send(int port, const std::string& request) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  EXPECT_GE(fd, 0);
  timeval timeout{10, 0};  // a hung server fails the test instead of hanging it
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  Response response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ADD_FAILURE() << "connect failed";
    close(fd);
    return response;
  }
  size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n =
        send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buffer[4096];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof(buffer), 0)) > 0) {
    raw.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  size_t line_end = raw.find("\r\n");
  size_t headers_end = raw.find("\r\n\r\n");
  if (line_end == std::string::npos || headers_end == std::string::npos) {
    ADD_FAILURE() << "malformed response: " << raw;
    return response;
  }
  response.status_line = raw.substr(0, line_end);
  response.headers = raw.substr(line_end + 2, headers_end - line_end - 2);
  response.body = raw.substr(headers_end + 4);
  return response;
}

Response Get(int port, const std::string& path) {
  return Send(
      port, absl::StrCat("GET ", path, " HTTP/1.1\r\nHost: localhost\r\n\r\n"));
}

class AdminServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.Counter("test_requests_total", "Requests.", {"rpc"})
        .Inc({"GetJst"}, 2);
    absl::StatusOr<int> port = server_.Start("127.0.0.1:0");
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
  }

  metrics::Registry registry_;
  AdminServer server_{registry_};
  int port_ = 0;
};

TEST_F(AdminServerTest, StartOnPortZeroReturnsTheBoundPort) {
  EXPECT_GT(port_, 0);
  EXPECT_LE(port_, 65535);
}

TEST_F(AdminServerTest, MetricsReturnsTheRegistryText) {
  Response response = Get(port_, "/metrics");
  EXPECT_EQ(response.status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(response.body, registry_.Render());
  EXPECT_THAT(response.body,
              HasSubstr("test_requests_total{rpc=\"GetJst\"} 2\n"));
}

TEST_F(AdminServerTest, MetricsHasThePrometheusContentType) {
  Response response = Get(port_, "/metrics");
  EXPECT_THAT(response.headers,
              HasSubstr("Content-Type: text/plain; version=0.0.4"));
}

TEST_F(AdminServerTest, MetricsReflectsUpdatesBetweenScrapes) {
  registry_.Gauge("test_backlog", "Backlog.", {}).Set({}, 5);
  EXPECT_THAT(Get(port_, "/metrics").body, HasSubstr("\ntest_backlog 5\n"));
  registry_.Gauge("test_backlog", "Backlog.", {}).Set({}, 6);
  EXPECT_THAT(Get(port_, "/metrics").body, HasSubstr("\ntest_backlog 6\n"));
}

TEST_F(AdminServerTest, ContentLengthMatchesTheBody) {
  Response response = Get(port_, "/metrics");
  EXPECT_THAT(response.headers, HasSubstr(absl::StrCat("Content-Length: ",
                                                       response.body.size())));
}

TEST_F(AdminServerTest, HealthzReturnsOk) {
  Response response = Get(port_, "/healthz");
  EXPECT_EQ(response.status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(response.body, "ok\n");
}

TEST_F(AdminServerTest, UnknownPathReturns404) {
  Response response = Get(port_, "/nope");
  EXPECT_THAT(response.status_line, StartsWith("HTTP/1.1 404"));
}

TEST_F(AdminServerTest, PathWithMetricsPrefixIsNotMetrics) {
  EXPECT_THAT(Get(port_, "/metricsx").status_line, StartsWith("HTTP/1.1 404"));
}

TEST_F(AdminServerTest, PostToMetricsReturns404) {
  Response response =
      Send(port_, "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  EXPECT_THAT(response.status_line, StartsWith("HTTP/1.1 404"));
}

TEST_F(AdminServerTest, ServesSeveralConnectionsInTurn) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Get(port_, "/healthz").body, "ok\n");
  }
}

TEST_F(AdminServerTest, ResponseClosesTheConnection) {
  EXPECT_THAT(Get(port_, "/healthz").headers, HasSubstr("Connection: close"));
}

TEST(AdminServer, StartWithoutPortIsInvalidArgument) {
  metrics::Registry registry;
  AdminServer server(registry);
  absl::StatusOr<int> port = server.Start("127.0.0.1");
  EXPECT_TRUE(absl::IsInvalidArgument(port.status())) << port.status();
}

TEST(AdminServer, StartWithNonNumericPortIsInvalidArgument) {
  metrics::Registry registry;
  AdminServer server(registry);
  absl::StatusOr<int> port = server.Start("127.0.0.1:admin");
  EXPECT_TRUE(absl::IsInvalidArgument(port.status())) << port.status();
}

TEST(AdminServer, StartWithPortAbove65535IsInvalidArgument) {
  metrics::Registry registry;
  AdminServer server(registry);
  absl::StatusOr<int> port = server.Start("127.0.0.1:70000");
  EXPECT_TRUE(absl::IsInvalidArgument(port.status())) << port.status();
}

TEST(AdminServer, StartWithHostNameIsInvalidArgument) {
  metrics::Registry registry;
  AdminServer server(registry);
  absl::StatusOr<int> port = server.Start("localhost:0");
  EXPECT_TRUE(absl::IsInvalidArgument(port.status())) << port.status();
}

TEST(AdminServer, StartOnAPortInUseIsUnavailable) {
  metrics::Registry registry;
  AdminServer first(registry);
  absl::StatusOr<int> port = first.Start("127.0.0.1:0");
  ASSERT_TRUE(port.ok()) << port.status();
  AdminServer second(registry);
  absl::StatusOr<int> again = second.Start(absl::StrCat("127.0.0.1:", *port));
  EXPECT_TRUE(absl::IsUnavailable(again.status())) << again.status();
}

TEST(AdminServer, StopWithoutStartIsHarmless) {
  metrics::Registry registry;
  AdminServer server(registry);
  server.Stop();
  server.Stop();
}

TEST(SplitHostPort, SplitsHostAndPort) {
  std::string host;
  int port = -1;
  ASSERT_TRUE(SplitHostPort("10.0.0.1:9101", &host, &port).ok());
  EXPECT_EQ(host, "10.0.0.1");
  EXPECT_EQ(port, 9101);
}

TEST(SplitHostPort, EmptyHostMeansAllInterfaces) {
  std::string host;
  int port = -1;
  ASSERT_TRUE(SplitHostPort(":9101", &host, &port).ok());
  EXPECT_EQ(host, "0.0.0.0");
  EXPECT_EQ(port, 9101);
}

TEST(SplitHostPort, StarMeansAllInterfaces) {
  std::string host;
  int port = -1;
  ASSERT_TRUE(SplitHostPort("*:0", &host, &port).ok());
  EXPECT_EQ(host, "0.0.0.0");
  EXPECT_EQ(port, 0);
}

TEST(SplitHostPort, NegativePortIsInvalidArgument) {
  std::string host;
  int port = 0;
  EXPECT_TRUE(absl::IsInvalidArgument(SplitHostPort("h:-1", &host, &port)));
}

}  // namespace
}  // namespace jstedu::http
