#include "common/pg/time.h"

#include <cstdint>

#include "google/protobuf/util/time_util.h"

namespace jstedu::pg {

std::optional<google::protobuf::Timestamp> OptionalTime(
    const pqxx::field& micros) {
  if (micros.is_null()) return std::nullopt;
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      micros.as<int64_t>());
}

}  // namespace jstedu::pg
