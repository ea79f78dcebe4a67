#pragma once

// Waits for PostgreSQL notifications (LISTEN/NOTIFY) on one channel, on a
// connection of its own (a pooled connection is never kept LISTENing).
//
// Wait() returns true when a notification arrived (or several: they are
// collapsed), false when the timeout passed first. A notification sent
// while no connection was listening is lost, so the first Wait() after
// connecting, and after every reconnection, returns true at once: the
// caller looks for work it may have missed. When PostgreSQL cannot be
// reached Wait() returns Unavailable without waiting; the next call tries
// again.
//
// NOT thread-safe: one thread waits.

#include <chrono>
#include <memory>
#include <pqxx/connection>
#include <string>

#include "absl/status/statusor.h"

namespace jstedu::pg {

class Listener {
 public:
  // `dsn` in key=value form (Pool::dsn() will do); `channel` an identifier.
  Listener(std::string dsn, std::string channel);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  absl::StatusOr<bool> Wait(std::chrono::milliseconds timeout);

 private:
  class Receiver;
  absl::Status Connect();
  void Disconnect();

  const std::string dsn_;
  const std::string channel_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<Receiver> receiver_;
  int received_ = 0;
};

}  // namespace jstedu::pg
