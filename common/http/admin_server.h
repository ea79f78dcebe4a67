#pragma once

// The admin HTTP port of every process: GET /metrics (Prometheus text from a
// Registry) and GET /healthz (the process is alive: 200 "ok"). Plain
// blocking sockets on one thread, one request per connection: the port is
// scraped a few times a minute and must not depend on the main server's
// event loop.
//
// Thread-safe: Start() and Stop() may be called from any thread, once each.

#include <atomic>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "common/metrics/metrics.h"

namespace jstedu::http {

class AdminServer {
 public:
  explicit AdminServer(metrics::Registry& registry);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Binds `host_port` ("127.0.0.1:9101"; port 0 picks a free one) and starts
  // serving. Returns the bound port, InvalidArgument for a malformed or
  // non-IPv4 address, or Unavailable when binding fails.
  absl::StatusOr<int> Start(const std::string& host_port);
  void Stop();

 private:
  void Serve();
  void HandleConnection(int fd);

  metrics::Registry& registry_;
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// Splits "host:port". Returns InvalidArgument when malformed.
absl::Status SplitHostPort(const std::string& host_port, std::string* host,
                           int* port);

}  // namespace jstedu::http
