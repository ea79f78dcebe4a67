#include "services/advisory/store/rows/values.h"

namespace jstedu::advisory::rows {

std::string Sql(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6S+00:00", t, absl::UTCTimeZone());
}

std::string Sql(absl::CivilDay day) { return absl::FormatCivilTime(day); }

void SetTime(absl::Time t, google::protobuf::Timestamp* out) {
  out->set_seconds(absl::ToUnixSeconds(t));
  out->set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(
      t - absl::FromUnixSeconds(absl::ToUnixSeconds(t)))));
}

}  // namespace jstedu::advisory::rows
