#include "services/recruitment/store/rows/common.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "services/recruitment/domain/identity.h"

namespace jstedu::recruitment {

using google::protobuf::util::TimeUtil;

void SetMicros(int64_t micros, google::protobuf::Timestamp* out) {
  *out = TimeUtil::MicrosecondsToTimestamp(micros);
}

std::string TimestampText(const google::protobuf::Timestamp& ts) {
  return absl::FormatTime(
      absl::RFC3339_full,
      absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos()),
      absl::UTCTimeZone());
}

v1::JstKind KindFromName(const std::string& name) {
  v1::JstKind kind = v1::JST_KIND_UNSPECIFIED;
  v1::JstKind_Parse(name, &kind);
  return kind;
}

v1::ApplicationStatus StatusFromName(const std::string& name) {
  v1::ApplicationStatus status = v1::APPLICATION_STATUS_UNSPECIFIED;
  v1::ApplicationStatus_Parse(name, &status);
  return status;
}

std::string UncountedIdentities() {
  std::vector<std::string> uncounted;
  for (Identity identity :
       {Identity::kConfirmed, Identity::kAwaitingOffice, Identity::kSharedPesel,
        Identity::kSuperseded, Identity::kPeselRejected}) {
    if (!Counted(identity)) uncounted.push_back(IdentityName(identity));
  }
  return pg::TextArrayLiteral(uncounted);
}

google::protobuf::Timestamp TimestampOf(absl::Time instant) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(instant));
}

}  // namespace jstedu::recruitment
