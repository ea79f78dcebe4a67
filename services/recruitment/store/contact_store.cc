#include "services/recruitment/store/contact_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/recruitment/store/contact_queries.h"

namespace jstedu::recruitment {
namespace {

constexpr char kRpc[] = "GetNotificationContact";
constexpr char kDirectoryPurpose[] = "account directory";

// Whose contact a read is, its query and its name in messages.
enum class Whose { kParticipant, kApplication, kAccount };

struct Source {
  const char* query;
  const char* kind;
};

Source SourceOf(Whose whose) {
  switch (whose) {
    case Whose::kParticipant:
      return {queries::kParticipantContact, "participant"};
    case Whose::kApplication:
      return {queries::kApplicationContact, "application"};
    case Whose::kAccount:
      break;
  }
  return {queries::kAccountContact, "account"};
}

// The audit row of one read of `id`'s contact.
void AuditRead(pqxx::transaction_base& tx, Whose whose, const std::string& id,
               const std::string& purpose, const std::string& rpc,
               const Actor& actor) {
  pg::Exec(tx, queries::kAuditContactRead, actor.subject, actor.role,
           whose == Whose::kParticipant ? id : "",
           whose == Whose::kApplication ? id : "",
           whose == Whose::kAccount ? id : "", purpose, rpc);
}

// `id`'s address for notification `notification_id`, with its audit row,
// in one transaction; NotFound (naming the kind, never the id: an
// account's is a sign-in subject, which some identity providers make an
// e-mail address) when there is no row or no address, and then no audit.
absl::StatusOr<std::string> ReadAudited(pg::Pool& pool, Whose whose,
                                        const std::string& id,
                                        const std::string& notification_id,
                                        const Actor& actor) {
  const Source source = SourceOf(whose);
  return pg::RunInTransactionFor<std::string>(
      pool, [&](pqxx::transaction_base& tx) -> absl::StatusOr<std::string> {
        const pqxx::result rows = pg::Exec(tx, source.query, id);
        if (rows.empty() || rows[0]["email"].is_null() ||
            rows[0]["email"].as<std::string>().empty()) {
          return absl::NotFoundError(absl::StrCat(
              "no e-mail address on record for this ", source.kind,
              " (unknown, no longer in the programme, or never given)"));
        }
        AuditRead(tx, whose, id, absl::StrCat("notification ", notification_id),
                  kRpc, actor);
        return rows[0]["email"].as<std::string>();
      });
}

v1::AccountContact EntryOf(const pqxx::row& row) {
  v1::AccountContact entry;
  entry.set_subject(row["subject"].as<std::string>());
  entry.set_email(row["email"].as<std::string>());
  SetMicros(row["updated_micros"].as<int64_t>(), entry.mutable_update_time());
  auth::v1::Role role = auth::v1::ROLE_UNSPECIFIED;
  auth::v1::Role_Parse(row["role"].as<std::string>(), &role);
  entry.set_role(role);
  entry.set_voivodeship(row["voivodeship"].as<std::string>());
  return entry;
}

// The entry's change, whom it is without the address, in the caller's
// transaction.
void PublishEntry(pqxx::transaction_base& tx, const v1::AccountContact& entry,
                  const Actor& actor) {
  events::v1::AccountContactChanged event;
  event.set_subject(entry.subject());
  event.set_role(entry.role());
  event.set_voivodeship(entry.voivodeship());
  *event.mutable_update_time() = entry.update_time();
  events::AppendEvent(tx, event, entry.subject(), actor.traceparent);
}

}  // namespace

absl::StatusOr<std::string> ContactStore::ParticipantContact(
    const std::string& participant_id, const std::string& notification_id,
    const Actor& actor) {
  return ReadAudited(pool_, Whose::kParticipant, participant_id,
                     notification_id, actor);
}

absl::StatusOr<std::string> ContactStore::ApplicationContact(
    const std::string& application_id, const std::string& notification_id,
    const Actor& actor) {
  return ReadAudited(pool_, Whose::kApplication, application_id,
                     notification_id, actor);
}

absl::StatusOr<std::string> ContactStore::AccountContact(
    const std::string& subject, const std::string& notification_id,
    const Actor& actor) {
  return ReadAudited(pool_, Whose::kAccount, subject, notification_id, actor);
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
        AuditRead(tx, Whose::kAccount, subject, kDirectoryPurpose,
                  "GetAccountContact", actor);
        return EntryOf(rows[0]);
      });
}

absl::StatusOr<v1::AccountContact> ContactStore::SetAccountEntry(
    const std::string& subject, const std::string& email,
    const std::optional<AccountRole>& role, const Actor& actor) {
  const std::string role_name = role && role->role != auth::v1::ROLE_UNSPECIFIED
                                    ? auth::v1::Role_Name(role->role)
                                    : "";
  return pg::RunInTransactionFor<v1::AccountContact>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::AccountContact> {
        const pqxx::row row = pg::Exec1(
            tx, queries::kPutAccountEntry, subject, email, actor.subject,
            role_name, role ? role->voivodeship : "", role.has_value());
        AuditRead(tx, Whose::kAccount, subject, kDirectoryPurpose,
                  "SetAccountContact", actor);
        v1::AccountContact entry = EntryOf(row);
        PublishEntry(tx, entry, actor);
        return entry;
      });
}

}  // namespace jstedu::recruitment
