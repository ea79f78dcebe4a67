// Runs the jstedu-healthcheck binary against an in-process gRPC server with
// the standard health service, and against loopback ports that refuse or
// never answer.

#include <arpa/inet.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "gtest/gtest.h"

#ifndef JSTEDU_HEALTHCHECK_BIN
#error "JSTEDU_HEALTHCHECK_BIN must name the jstedu-healthcheck binary"
#endif

namespace {

struct Result {
  int exit_code = -1;
  std::string out;  // stdout, trailing newline removed
};

Result RunCheck(const std::string& args) {
  const std::string command =
      std::string("'") + JSTEDU_HEALTHCHECK_BIN + "' " + args + " 2>/dev/null";
  Result result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 256> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) {
    result.out += buffer.data();
  }
  const int status = pclose(pipe);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  while (!result.out.empty() && result.out.back() == '\n')
    result.out.pop_back();
  return result;
}

// A loopback TCP socket bound to a free port; listens only when asked.
class LoopbackSocket {
 public:
  explicit LoopbackSocket(bool listen_on_it) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (listen_on_it) listen(fd_, 16);
  }
  ~LoopbackSocket() { Close(); }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

class HealthcheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    // The default health service alone does not make a server: gRPC wants
    // at least one service of its own. A generic one answers UNIMPLEMENTED.
    builder.RegisterCallbackGenericService(&generic_);
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
    auto* health = server_->GetHealthCheckService();
    ASSERT_NE(health, nullptr);
    health->SetServingStatus("jstedu.up.v1.Up", true);
    health->SetServingStatus("jstedu.down.v1.Down", false);
  }
  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::system_clock::now());
  }
  std::string Address() const { return "127.0.0.1:" + std::to_string(port_); }

  int port_ = 0;
  grpc::CallbackGenericService generic_;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(HealthcheckTest, WholeServerServing) {
  const Result r = RunCheck(Address());
  EXPECT_EQ(r.out, "SERVING");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(HealthcheckTest, NamedServiceServing) {
  const Result r =
      RunCheck(Address() + " --service jstedu.up.v1.Up --timeout 2s");
  EXPECT_EQ(r.out, "SERVING");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(HealthcheckTest, NamedServiceNotServing) {
  const Result r = RunCheck(Address() + " --service jstedu.down.v1.Down");
  EXPECT_EQ(r.out, "NOT_SERVING");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(HealthcheckTest, UnknownService) {
  const Result r = RunCheck(Address() + " --service no.such.Service");
  EXPECT_EQ(r.out, "SERVICE_UNKNOWN");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(HealthcheckTest, WholeServerNotServingAfterShutdownStatus) {
  server_->GetHealthCheckService()->Shutdown();
  const Result r = RunCheck(Address());
  EXPECT_EQ(r.out, "NOT_SERVING");
  EXPECT_EQ(r.exit_code, 1);
}

TEST(HealthcheckUnreachable, ConnectionRefused) {
  LoopbackSocket socket(/*listen_on_it=*/false);  // bound, never listening
  ASSERT_GT(socket.port(), 0);
  const Result r =
      RunCheck("127.0.0.1:" + std::to_string(socket.port()) + " --timeout 2s");
  EXPECT_EQ(r.out, "UNREACHABLE");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(HealthcheckUnreachable, SilentServerHitsDeadline) {
  // Accepts TCP connections (kernel backlog) but never speaks HTTP/2.
  LoopbackSocket socket(/*listen_on_it=*/true);
  ASSERT_GT(socket.port(), 0);
  const auto start = std::chrono::steady_clock::now();
  const Result r = RunCheck("127.0.0.1:" + std::to_string(socket.port()) +
                            " --timeout 300ms");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.out, "UNREACHABLE");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(HealthcheckUsage, BadArguments) {
  EXPECT_EQ(RunCheck("").exit_code, 64);
  EXPECT_EQ(RunCheck("127.0.0.1:1 --timeout soon").exit_code, 64);
  EXPECT_EQ(RunCheck("127.0.0.1:1 --service").exit_code, 64);
  EXPECT_EQ(RunCheck("127.0.0.1:1 127.0.0.1:2").exit_code, 64);
  EXPECT_EQ(RunCheck("--help").exit_code, 0);
}

}  // namespace
