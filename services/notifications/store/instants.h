#pragma once

// Instants to and from the notifications schema, one way for every store:
// a $n::timestamptz parameter is RFC 3339 UTC with microseconds (what a
// timestamptz keeps, so a lease read back compares equal to the one
// written), and the queries answer instants as microseconds since the
// epoch (`(extract(epoch from t) * 1000000)::bigint`). A page token keeps
// its instant in the parameter's format.

#include <pqxx/pqxx>
#include <string>

#include "absl/time/time.h"

namespace jstedu::notifications {

inline std::string TimestampParam(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", t, absl::UTCTimeZone());
}

// Reads back what TimestampParam wrote (a page token's instant); false for
// anything else.
inline bool ParseTimestampParam(const std::string& text, absl::Time* t) {
  return absl::ParseTime("%Y-%m-%dT%H:%M:%E*SZ", text, absl::UTCTimeZone(), t,
                         nullptr);
}

inline absl::Time MicrosColumn(const pqxx::field& f) {
  return absl::FromUnixMicros(f.as<int64_t>());
}

}  // namespace jstedu::notifications
