#include "common/pg/listener.h"

#include <pqxx/pqxx>

#include "common/pg/status.h"

namespace jstedu::pg {

class Listener::Receiver : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection& connection, const std::string& channel,
           int* received)
      : pqxx::notification_receiver(connection, channel), received_(received) {}
  void operator()(const std::string&, int) override { ++*received_; }

 private:
  int* received_;
};

Listener::Listener(std::string dsn, std::string channel)
    : dsn_(std::move(dsn)), channel_(std::move(channel)) {}

Listener::~Listener() { Disconnect(); }

void Listener::Disconnect() {
  receiver_.reset();  // before its connection
  connection_.reset();
}

absl::Status Listener::Connect() {
  try {
    connection_ = std::make_unique<pqxx::connection>(dsn_);
    receiver_ = std::make_unique<Receiver>(*connection_, channel_, &received_);
    return absl::OkStatus();
  } catch (const std::exception& error) {
    Disconnect();
    return StatusFromException(error);
  }
}

absl::StatusOr<bool> Listener::Wait(std::chrono::milliseconds timeout) {
  if (connection_ == nullptr) {
    if (auto status = Connect(); !status.ok()) return status;
    return true;  // what was sent before LISTEN may not have been seen
  }
  received_ = 0;
  try {
    connection_->await_notification(
        static_cast<long>(timeout.count() / 1000),
        static_cast<long>((timeout.count() % 1000) * 1000));
  } catch (const std::exception& error) {
    Disconnect();
    return StatusFromException(error);
  }
  return received_ > 0;
}

}  // namespace jstedu::pg
