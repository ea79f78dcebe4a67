#include "services/training/store/rows/values.h"

#include <google/protobuf/util/time_util.h>

#include "common/time/civil_time.h"
#include "services/training/domain/didactic_hours.h"

namespace jstedu::training::rows {

using google::protobuf::util::TimeUtil;

std::string TimeParam(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6S+00:00", t, absl::UTCTimeZone());
}

absl::Time TimeColumn(const pqxx::row& row, const char* column) {
  return absl::FromUnixMicros(row[column].as<int64_t>());
}

void SetTime(absl::Time t, google::protobuf::Timestamp* out) {
  *out = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

absl::Time TimeOf(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(ts));
}

std::string Local(absl::Time t) {
  auto text = FormatLocal(t);
  return text.ok() ? *text : "";
}

std::string HoursText(int64_t minutes, int hour_minutes) {
  auto hours = MinutesToHours(minutes, hour_minutes);
  return hours.ok() ? hours->ToString() : "";
}

}  // namespace jstedu::training::rows
