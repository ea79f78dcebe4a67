#include "common/events/outbox.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"

namespace jstedu::events {
namespace {

constexpr char kInsert[] =
    "INSERT INTO outbox (event_type, aggregate_id, payload, traceparent) "
    "VALUES ($1, $2, $3, $4) RETURNING event_id";

}  // namespace

std::string AppendEvent(pqxx::transaction_base& tx,
                        const google::protobuf::Message& payload,
                        const std::string& aggregate_id,
                        const std::string& traceparent) {
  pqxx::binarystring bytes(payload.SerializeAsString());
  return tx
      .exec_params1(kInsert, payload.GetDescriptor()->full_name(), aggregate_id,
                    bytes, traceparent)[0]
      .as<std::string>();
}

std::string StreamName(const std::string& prefix, const std::string& producer) {
  return absl::StrCat(prefix, "events.", producer);
}

std::string OutboxChannel(const std::string& schema) {
  return absl::StrCat("outbox_", schema).substr(0, 63);
}

}  // namespace jstedu::events
