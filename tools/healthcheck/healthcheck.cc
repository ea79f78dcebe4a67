// jstedu-healthcheck: one grpc.health.v1.Health/Check call with a deadline.
//
//   jstedu-healthcheck HOST:PORT [--service NAME] [--timeout 1s]
//
// Prints one word on stdout: SERVING, NOT_SERVING, UNKNOWN, SERVICE_UNKNOWN
// (a response came back) or UNREACHABLE (no response: connection refused,
// deadline exceeded, no health service, ...). Details go to stderr.
// Exit status: 0 SERVING, 1 any other answer, 2 UNREACHABLE, 64 usage error.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "grpc/health/v1/health.grpc.pb.h"

namespace {

constexpr int kExitServing = 0;
constexpr int kExitNotServing = 1;
constexpr int kExitUnreachable = 2;
constexpr int kExitUsage = 64;

constexpr const char* kUsage =
    "usage: jstedu-healthcheck HOST:PORT [--service NAME] [--timeout 1s]\n"
    "\n"
    "Calls grpc.health.v1.Health/Check (plaintext) with a deadline and prints\n"
    "SERVING, NOT_SERVING, UNKNOWN, SERVICE_UNKNOWN or UNREACHABLE.\n"
    "  --service NAME   service to ask about (default \"\": the whole server)\n"
    "  --timeout T      deadline, e.g. 500ms, 1s, 2.5s, 1m (default 1s)\n"
    "Exit status: 0 SERVING, 1 other answer, 2 UNREACHABLE, 64 usage error.\n";

// Parses "500ms", "1s", "2.5s", "1m" or a bare number of seconds.
std::optional<std::chrono::milliseconds> ParseTimeout(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::string unit = text.substr(used);
  double ms = 0;
  if (unit == "ms") {
    ms = value;
  } else if (unit.empty() || unit == "s") {
    ms = value * 1000;
  } else if (unit == "m") {
    ms = value * 60 * 1000;
  } else {
    return std::nullopt;
  }
  if (!(ms > 0) || ms > 24.0 * 3600 * 1000) return std::nullopt;
  return std::chrono::milliseconds(static_cast<long long>(ms + 0.5));
}

int Usage(const std::string& error) {
  if (!error.empty()) std::cerr << "jstedu-healthcheck: " << error << "\n";
  std::cerr << kUsage;
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  std::string target;
  std::string service;
  std::chrono::milliseconds timeout(1000);

  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--service" || arg == "--timeout") {
      if (i + 1 >= argc) return Usage(arg + " needs a value");
      const std::string value = argv[++i];
      if (arg == "--service") {
        service = value;
      } else {
        auto parsed = ParseTimeout(value);
        if (!parsed) return Usage("bad --timeout '" + value + "'");
        timeout = *parsed;
      }
      continue;
    }
    if (!arg.empty() && arg[0] == '-') return Usage("unknown option " + arg);
    if (!target.empty()) return Usage("only one HOST:PORT, got '" + arg + "'");
    target = arg;
  }
  if (target.empty()) return Usage("HOST:PORT is required");

  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);

  if (!status.ok()) {
    // The standard health service answers NOT_FOUND for a service it does
    // not know: that is an answer, not an unreachable server.
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      std::cout << "SERVICE_UNKNOWN" << std::endl;
      std::cerr << target << ": " << status.error_message() << "\n";
      return kExitNotServing;
    }
    std::cout << "UNREACHABLE" << std::endl;
    std::cerr << target << ": gRPC status " << status.error_code() << " "
              << status.error_message() << "\n";
    return kExitUnreachable;
  }

  using Health = grpc::health::v1::HealthCheckResponse;
  const Health::ServingStatus serving = response.status();
  std::cout << Health::ServingStatus_Name(serving) << std::endl;
  return serving == Health::SERVING ? kExitServing : kExitNotServing;
}
