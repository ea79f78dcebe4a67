#pragma once

// Values every training store reads and writes the same way: instants as
// $n parameters and as the microsecond columns the queries answer
// (`..._us`), and the programme's local rendering of an instant.

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <pqxx/row>
#include <string>

#include "absl/time/time.h"

namespace jstedu::training::rows {

// Who acts: recorded in history rows, and the trace events carry.
struct Actor {
  std::string subject;
  std::string role;
  std::string traceparent;
};

// An instant as a $n::timestamptz parameter (UTC, microseconds).
std::string TimeParam(absl::Time t);

// The instant of a microsecond column (`<column>` holds µs since the epoch;
// 0 for NULL, as the queries' coalesce answers).
absl::Time TimeColumn(const pqxx::row& row, const char* column);

void SetTime(absl::Time t, google::protobuf::Timestamp* out);
absl::Time TimeOf(const google::protobuf::Timestamp& ts);

// The local rendering of an instant ("" if the zone is missing: the
// instant is still answered).
std::string Local(absl::Time t);

// A module's or a session's local renderings of its start and end.
template <typename Span>
void SetLocalSpan(Span* span) {
  span->set_starts_local(Local(TimeOf(span->start_time())));
  span->set_ends_local(Local(TimeOf(span->end_time())));
}

// `minutes` in didactic hours of `hour_minutes` ("63/4"); "" if they
// cannot be said.
std::string HoursText(int64_t minutes, int hour_minutes);

}  // namespace jstedu::training::rows
