#pragma once

// The addresses recruitment gives the notifications service, one message at
// a time (GetNotificationContact; PostgreSQL, the recruitment schema;
// migrations 0011 and 0012; SQL in contact_queries.h): a participant's own
// e-mail, a JST's contact address (its application's institution e-mail),
// or a staff account's entry in the account directory (account_contact:
// where the office, a coordinator, an expert or a trainer, named by the
// sign-in subject, receives notifications; GetAccountContact and
// SetAccountContact keep it, with each entry's role and a coordinator's
// voivodeship, announced by AccountContactChanged without the address).
//
// Personal data: each address answered writes, in the read's transaction,
// an audit row (personal_data_access) naming the participant, the
// application or the account, the caller, the RPC and the purpose
// ("notification <id>"; "account directory" for the directory's own
// answers).
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

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/auth/v1/principal.pb.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {

// An account's role in the directory, and a coordinator's voivodeship.
struct AccountRole {
  auth::v1::Role role = auth::v1::ROLE_UNSPECIFIED;
  std::string voivodeship;  // a coordinator's; "" for other roles
};

class ContactStore {
 public:
  explicit ContactStore(pg::Pool& pool) : pool_(pool) {}

  absl::StatusOr<std::string> ParticipantContact(
      const std::string& participant_id, const std::string& notification_id,
      const Actor& actor);
  absl::StatusOr<std::string> ApplicationContact(
      const std::string& application_id, const std::string& notification_id,
      const Actor& actor);
  absl::StatusOr<std::string> AccountContact(const std::string& subject,
                                             const std::string& notification_id,
                                             const Actor& actor);

  // The account directory (the caller's right to the entry is the
  // handler's check). NotFound for a subject without an entry.
  absl::StatusOr<v1::AccountContact> GetAccountEntry(const std::string& subject,
                                                     const Actor& actor);
  // Creates or replaces the entry; `email` is already checked. Sets its
  // role and voivodeship to `role`'s (already checked), or keeps them when
  // none is given. Publishes AccountContactChanged (no address) in the same
  // transaction.
  absl::StatusOr<v1::AccountContact> SetAccountEntry(
      const std::string& subject, const std::string& email,
      const std::optional<AccountRole>& role, const Actor& actor);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::recruitment
