#include "services/recruitment/store/contact_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "services/recruitment/store/contact_queries.h"
#include "services/recruitment/store/rows/participant.h"

namespace jstedu::recruitment {
namespace {

constexpr char kRpc[] = "GetNotificationContact";

std::string Purpose(const std::string& notification_id) {
  return absl::StrCat("notification ", notification_id);
}

// The address the one row of `rows` holds; NotFound (naming `kind` and
// `id`, never an address) when there is no row or no address.
absl::StatusOr<std::string> AddressOf(const pqxx::result& rows,
                                      const std::string& kind,
                                      const std::string& id) {
  if (rows.empty() || rows[0]["email"].is_null() ||
      rows[0]["email"].as<std::string>().empty()) {
    return absl::NotFoundError(
        absl::StrCat("no e-mail address on record for ", kind, " ", id,
                     " (unknown, withdrawn, or never given)"));
  }
  return rows[0]["email"].as<std::string>();
}

}  // namespace

absl::StatusOr<std::string> ContactStore::ParticipantContact(
    const std::string& participant_id, const std::string& notification_id,
    const Actor& actor) {
  return pg::RunInTransactionFor<std::string>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<std::string> {
        auto address = AddressOf(
            pg::Exec(tx, queries::kParticipantContact, participant_id),
            "participant", participant_id);
        if (!address.ok()) return address.status();
        Audit(tx, {participant_id}, Purpose(notification_id), kRpc, actor);
        return address;
      });
}

absl::StatusOr<std::string> ContactStore::ApplicationContact(
    const std::string& application_id, const std::string& notification_id,
    const Actor& actor) {
  return pg::RunInTransactionFor<std::string>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<std::string> {
        auto address = AddressOf(
            pg::Exec(tx, queries::kApplicationContact, application_id),
            "application", application_id);
        if (!address.ok()) return address.status();
        pg::Exec(tx, queries::kAuditApplicationContact, actor.subject,
                 actor.role, application_id, Purpose(notification_id), kRpc);
        return address;
      });
}

}  // namespace jstedu::recruitment
