#pragma once

// The addresses recruitment gives the notifications service, one message at
// a time (GetNotificationContact; PostgreSQL, the recruitment schema;
// migration 0011; SQL in contact_queries.h): a participant's own e-mail,
// or a JST's contact address (its application's institution e-mail).
//
// Personal data: each address answered writes, in the read's transaction,
// an audit row (personal_data_access) naming the participant or the
// application, the caller, the RPC and the purpose ("notification <id>").
// Nothing is written when no address is answered.
//
// Only people the programme still serves have an address here: a withdrawn
// participant, or a JST whose application is withdrawn or rejected, is
// NotFound like an unknown id or an address never given, so a notification
// raced by a withdrawal is not sent.
//
// Errors: NotFound as above; otherwise as common/pg/status.h.
//
// Thread-safe (each call takes its own pooled connection).

#include <string>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {

class ContactStore {
 public:
  explicit ContactStore(pg::Pool& pool) : pool_(pool) {}

  absl::StatusOr<std::string> ParticipantContact(
      const std::string& participant_id, const std::string& notification_id,
      const Actor& actor);
  absl::StatusOr<std::string> ApplicationContact(
      const std::string& application_id, const std::string& notification_id,
      const Actor& actor);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::recruitment
