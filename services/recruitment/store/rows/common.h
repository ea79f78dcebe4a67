#pragma once

// What every store of the recruitment service shares: who acts, what a
// record belongs to, and the small conversions between rows and protos.
//
// Thread-safety: plain values and pure functions.

#include <google/protobuf/timestamp.pb.h>

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/arrays.h"
#include "common/pg/transaction.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"

namespace jstedu::recruitment {

// Who acts: recorded in history and audit rows, and the trace the events
// carry.
struct Actor {
  std::string subject;
  std::string role;
  std::string traceparent;
  // The current date in Europe/Warsaw (end dates, below-minimum flags).
  absl::CivilDay today;
};

// What an application or participant belongs to, for scope checks before
// acting (these never change after creation).
struct Ownership {
  std::string application_id;
  std::string edition;
  std::string teryt;
  std::string voivodeship;
};

// One read statement, retried on a serialization failure.
inline const pg::TxOptions kOneRead{pg::Isolation::kSingleStatementRead, 3};
// Several reads that must see one snapshot (PostgreSQL refuses a write in
// it).
inline const pg::TxOptions kSnapshotRead{pg::Isolation::kSnapshotRead, 3};
// Reads of personal data that must see one snapshot, and their audit rows.
inline const pg::TxOptions kAuditedSnapshotRead{pg::Isolation::kRepeatableRead,
                                                3};

// The id below every UUID: "from the start" for pages keyed by id.
inline constexpr char kFirstUuid[] = "00000000-0000-0000-0000-000000000000";

// A timestamp from microseconds since the epoch (0: the epoch itself).
void SetMicros(int64_t micros, google::protobuf::Timestamp* out);

// RFC 3339 text of a timestamp, for a timestamptz parameter.
std::string TimestampText(const google::protobuf::Timestamp& ts);

// The JstKind of a registry kind name (unspecified for an unknown one).
v1::JstKind KindFromName(const std::string& name);

// The ApplicationStatus of a stored status name (unspecified for "").
v1::ApplicationStatus StatusFromName(const std::string& name);

// The identities that count for nothing (domain/identity.h, Counted), as
// one array parameter (common/pg/arrays.h) for `NOT (p.identity =
// ANY($n::text[]))`.
std::string UncountedIdentities();

// An instant as the events' timestamps carry it.
google::protobuf::Timestamp TimestampOf(absl::Time instant);

}  // namespace jstedu::recruitment
