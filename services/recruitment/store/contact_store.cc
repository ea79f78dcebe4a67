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

// The address the one row of `rows` holds; NotFound (naming `kind`, never
// the id: an account's is a sign-in subject, which some identity providers
// make an e-mail address) when there is no row or no address.
absl::StatusOr<std::string> AddressOf(const pqxx::result& rows,
                                      const std::string& kind) {
  if (rows.empty() || rows[0]["email"].is_null() ||
      rows[0]["email"].as<std::string>().empty()) {
    return absl::NotFoundError(
        absl::StrCat("no e-mail address on record for this ", kind,
                     " (unknown, no longer in the programme, or never given)"));
  }
  return rows[0]["email"].as<std::string>();
}

constexpr char kDirectoryPurpose[] = "account directory";

v1::AccountContact EntryOf(const pqxx::row& row) {
  v1::AccountContact entry;
  entry.set_subject(row["subject"].as<std::string>());
  entry.set_email(row["email"].as<std::string>());
  SetMicros(row["updated_micros"].as<int64_t>(), entry.mutable_update_time());
  return entry;
}

void AuditAccount(pqxx::transaction_base& tx, const std::string& account,
                  const std::string& purpose, const std::string& rpc,
                  const Actor& actor) {
  pg::Exec(tx, queries::kAuditAccountContact, actor.subject, actor.role,
           account, purpose, rpc);
}

}  // namespace

absl::StatusOr<std::string> ContactStore::ParticipantContact(
    const std::string& participant_id, const std::string& notification_id,
    const Actor& actor) {
  return pg::RunInTransactionFor<std::string>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<std::string> {
        auto address = AddressOf(
            pg::Exec(tx, queries::kParticipantContact, participant_id),
            "participant");
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
            "application");
        if (!address.ok()) return address.status();
        pg::Exec(tx, queries::kAuditApplicationContact, actor.subject,
                 actor.role, application_id, Purpose(notification_id), kRpc);
        return address;
      });
}

absl::StatusOr<std::string> ContactStore::AccountContact(
    const std::string& subject, const std::string& notification_id,
    const Actor& actor) {
  return pg::RunInTransactionFor<std::string>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<std::string> {
        auto address = AddressOf(
            pg::Exec(tx, queries::kAccountContact, subject), "account");
        if (!address.ok()) return address.status();
        AuditAccount(tx, subject, Purpose(notification_id), kRpc, actor);
        return address;
      });
}

absl::StatusOr<v1::AccountContact> ContactStore::GetAccountEntry(
    const std::string& subject, const Actor& actor) {
  return pg::RunInTransactionFor<v1::AccountContact>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::AccountContact> {
        const pqxx::result rows = pg::Exec(tx, queries::kAccountEntry, subject);
        if (rows.empty()) {
          return absl::NotFoundError(
              "this account has no address in the account directory");
        }
        AuditAccount(tx, subject, kDirectoryPurpose, "GetAccountContact",
                     actor);
        return EntryOf(rows[0]);
      });
}

absl::StatusOr<v1::AccountContact> ContactStore::SetAccountEntry(
    const std::string& subject, const std::string& email, const Actor& actor) {
  return pg::RunInTransactionFor<v1::AccountContact>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::AccountContact> {
        const pqxx::row row = pg::Exec1(tx, queries::kPutAccountEntry, subject,
                                        email, actor.subject);
        AuditAccount(tx, subject, kDirectoryPurpose, "SetAccountContact",
                     actor);
        return EntryOf(row);
      });
}

}  // namespace jstedu::recruitment
