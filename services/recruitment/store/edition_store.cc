#include "services/recruitment/store/edition_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/recruitment/domain/edition.h"
#include "services/recruitment/store/edition_queries.h"
#include "services/recruitment/store/rows/application.h"
#include "services/recruitment/store/rows/qualification.h"

namespace jstedu::recruitment {
namespace {

namespace ev = ::jstedu::events::v1;

// The edition `code` as stored now; NotFound for an unknown code (and for
// "", which kSelectEditions reads as any).
absl::StatusOr<v1::Edition> LoadEdition(pqxx::transaction_base& tx,
                                        const std::string& code) {
  if (code.empty()) return errors::NoSuch("edition", code);
  const pqxx::result rows = pg::Exec(tx, queries::kSelectEditions, code, "", 1);
  if (rows.empty()) return errors::NoSuch("edition", code);
  return pg::ReadOne<v1::Edition>(rows[0]);
}

// The edition as stored now, and its EditionChanged event in the caller's
// transaction.
absl::StatusOr<v1::Edition> PublishEdition(pqxx::transaction_base& tx,
                                           const std::string& code,
                                           const Actor& actor) {
  auto edition = LoadEdition(tx, code);
  if (!edition.ok()) return edition.status();
  ev::EditionChanged event;
  event.set_code(edition->code());
  event.set_kind(edition->kind());
  event.set_name(edition->name());
  event.set_capacity(edition->capacity());
  event.set_min_representatives(edition->min_representatives());
  event.set_starts_on(edition->starts_on());
  event.set_ends_on(edition->ends_on());
  *event.mutable_update_time() = edition->update_time();
  events::AppendEvent(tx, event, edition->code(), actor.traceparent);
  return edition;
}

}  // namespace

absl::StatusOr<v1::Edition> EditionStore::CreateEdition(const v1::Edition& e,
                                                        const Actor& actor) {
  return pg::RunInTransactionFor<v1::Edition>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Edition> {
        const pqxx::result inserted =
            pg::Exec(tx, queries::kInsertEdition, e.code(), e.name(),
                     v1::EditionKind_Name(e.kind()), e.capacity(),
                     e.min_representatives(), e.starts_on(), e.ends_on(),
                     TimestampText(e.recruitment_opens_at()),
                     TimestampText(e.recruitment_closes_at()));
        if (inserted.empty()) {
          return absl::AlreadyExistsError(
              absl::StrCat("edition ", e.code(), " already exists"));
        }
        return PublishEdition(tx, e.code(), actor);
      });
}

absl::StatusOr<v1::Edition> EditionStore::UpdateEdition(
    const v1::Edition& change, const std::vector<std::string>& mask_paths,
    int64_t expected_version,
    const std::function<absl::Status(const v1::Edition&)>& validate,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::Edition>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Edition> {
        if (!LockEdition(tx, change.code())) {
          return errors::NoSuch("edition", change.code());
        }
        auto stored = LoadEdition(tx, change.code());
        if (!stored.ok()) return stored.status();
        v1::Edition& edition = *stored;
        if (expected_version != 0 && edition.version() != expected_version) {
          return absl::AbortedError(absl::StrCat(
              "edition ", edition.code(), " is at version ", edition.version(),
              ", not ", expected_version, "; read it again and retry"));
        }
        const int old_min = edition.min_representatives();
        std::vector<const google::protobuf::FieldDescriptor*> fields;
        for (const std::string& path : mask_paths) {
          fields.push_back(edition.GetDescriptor()->FindFieldByName(path));
        }
        v1::Edition incoming = change;
        edition.GetReflection()->SwapFields(&edition, &incoming, fields);
        absl::Status valid = validate(edition);
        if (!valid.ok()) return valid;
        absl::Status capacity = CapacityCovers(
            edition.code(), edition.capacity(), edition.qualified_count());
        if (!capacity.ok()) return capacity;
        pg::Exec(tx, queries::kUpdateEdition, edition.code(), edition.name(),
                 v1::EditionKind_Name(edition.kind()), edition.capacity(),
                 edition.min_representatives(), edition.starts_on(),
                 edition.ends_on(),
                 TimestampText(edition.recruitment_opens_at()),
                 TimestampText(edition.recruitment_closes_at()));
        if (edition.min_representatives() != old_min) {
          RefreshBelowMinimum(tx, edition.code(), "", actor);
        }
        PromoteWaitlisted(tx, edition.code(), kAfterCapacityRaised, actor,
                          clock_());
        return PublishEdition(tx, edition.code(), actor);
      });
}

absl::Status EditionStore::RepublishEdition(const std::string& code,
                                            const Actor& actor) {
  return pg::RunInTransaction(pool_, [&](pqxx::transaction_base& tx) {
    return PublishEdition(tx, code, actor).status();
  });
}

absl::StatusOr<v1::Edition> EditionStore::GetEdition(const std::string& code) {
  return pg::RunInTransactionFor<v1::Edition>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Edition> {
        return LoadEdition(tx, code);
      },
      kOneRead);
}

absl::StatusOr<std::vector<v1::Edition>> EditionStore::ListEditions(
    const std::string& after, int limit) {
  return pg::RunInTransactionFor<std::vector<v1::Edition>>(
      pool_,
      [&](pqxx::transaction_base& tx) {
        return pg::ReadAll<v1::Edition>(
            pg::Exec(tx, queries::kSelectEditions, "", after, limit));
      },
      kOneRead);
}

}  // namespace jstedu::recruitment
