#include "services/training/store/calendar_feed_store.h"

#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"

namespace jstedu::training {
namespace {

using google::protobuf::util::TimeUtil;
using pqxx::transaction_base;

constexpr const char* kColumns =
    "id::text, owner_subject, owner_role, owner_voivodeship, owner_jst, "
    "kind, participant_id, edition, workshop_group, trainer, created_by, "
    "(extract(epoch from created_at) * 1000000)::bigint, "
    "(extract(epoch from last_read_at) * 1000000)::bigint, "
    "(extract(epoch from expires_at) * 1000000)::bigint";

std::string Sql(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6S+00:00", t, absl::UTCTimeZone());
}

v1::CalendarFeed FeedFromRow(const pqxx::row& r) {
  v1::CalendarFeed feed;
  feed.set_id(r[0].as<std::string>());
  feed.mutable_owner()->set_subject(r[1].as<std::string>());
  feed.mutable_owner()->set_role(r[2].as<std::string>());
  feed.mutable_owner()->set_voivodeship(r[3].as<std::string>());
  feed.mutable_owner()->set_jst(r[4].as<std::string>());
  v1::CalendarFeedKind kind = v1::CALENDAR_FEED_KIND_UNSPECIFIED;
  v1::CalendarFeedKind_Parse(r[5].as<std::string>(), &kind);
  feed.set_kind(kind);
  feed.set_participant(r[6].as<std::string>());
  feed.set_edition(r[7].as<std::string>());
  feed.set_group(r[8].as<int>());
  feed.set_trainer(r[9].as<std::string>());
  feed.set_created_by(r[10].as<std::string>());
  *feed.mutable_create_time() =
      TimeUtil::MicrosecondsToTimestamp(r[11].as<int64_t>());
  if (!r[12].is_null()) {
    *feed.mutable_last_read_time() =
        TimeUtil::MicrosecondsToTimestamp(r[12].as<int64_t>());
  }
  *feed.mutable_expire_time() =
      TimeUtil::MicrosecondsToTimestamp(r[13].as<int64_t>());
  return feed;
}

absl::Status NoSuchFeed(const std::string& id) {
  return errors::NotFoundInScope("calendar feed", id);
}

}  // namespace

absl::StatusOr<v1::CalendarFeed> CalendarFeedStore::Create(
    const v1::CalendarFeed& feed, const std::string& token_sha256,
    absl::Time now) {
  return pg::RunInTransactionFor<v1::CalendarFeed>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::CalendarFeed> {
        const v1::CalendarFeedOwner& owner = feed.owner();
        // One owner's feeds are counted one creation at a time.
        tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))",
                       absl::StrCat("calendar_feed:", owner.subject()));
        const int in_force =
            tx.exec_params1(
                  "SELECT count(*) FROM calendar_feed WHERE owner_subject = "
                  "$1 AND revoked_at IS NULL",
                  owner.subject())[0]
                .as<int>();
        if (in_force >= kMaxFeedsPerOwner) {
          return errors::RulesNotMet(
              {{"FEED_LIMIT", absl::StrCat("owners/", owner.subject()),
                absl::StrCat(owner.subject(), " already has ",
                             kMaxFeedsPerOwner,
                             " calendar feeds: revoke one first")}});
        }
        auto rows = tx.exec_params(
            absl::StrCat(
                "INSERT INTO calendar_feed (id, token_sha256, owner_subject, "
                "owner_role, owner_voivodeship, owner_jst, kind, "
                "participant_id, edition, workshop_group, trainer, "
                "created_by, created_at, expires_at) VALUES "
                "(gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                "$11, $12::timestamptz, $13::timestamptz) RETURNING ",
                kColumns),
            token_sha256, owner.subject(), owner.role(), owner.voivodeship(),
            owner.jst(), v1::CalendarFeedKind_Name(feed.kind()),
            feed.participant(), feed.edition(), feed.group(), feed.trainer(),
            feed.created_by(), Sql(now), Sql(now + kFeedLifetime));
        return FeedFromRow(rows[0]);
      });
}

absl::StatusOr<std::vector<v1::CalendarFeed>> CalendarFeedStore::ListNotRevoked(
    const std::string& owner) {
  return pg::RunInTransactionFor<std::vector<v1::CalendarFeed>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::CalendarFeed>> {
        std::vector<v1::CalendarFeed> feeds;
        for (const auto& row : tx.exec_params(
                 absl::StrCat("SELECT ", kColumns,
                              " FROM calendar_feed WHERE owner_subject = $1 "
                              "AND revoked_at IS NULL "
                              "ORDER BY created_at DESC, id"),
                 owner)) {
          feeds.push_back(FeedFromRow(row));
        }
        return feeds;
      },
      {pg::Isolation::kSingleStatementRead});
}

absl::StatusOr<v1::CalendarFeed> CalendarFeedStore::Revoke(
    const std::string& id, const std::string& owner,
    const std::string& revoked_by, absl::Time now) {
  return pg::RunInTransactionFor<v1::CalendarFeed>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::CalendarFeed> {
        auto rows = tx.exec_params(
            absl::StrCat("UPDATE calendar_feed SET revoked_by = $3, "
                         "revoked_at = $4::timestamptz WHERE id = $1::uuid "
                         "AND revoked_at IS NULL "
                         "AND ($2 = '' OR owner_subject = $2) RETURNING ",
                         kColumns),
            id, owner, revoked_by, Sql(now));
        if (rows.empty()) return NoSuchFeed(id);
        return FeedFromRow(rows[0]);
      });
}

absl::StatusOr<v1::CalendarFeed> CalendarFeedStore::Renew(
    const std::string& id, const std::optional<v1::CalendarFeedOwner>& owner,
    absl::Time now) {
  const v1::CalendarFeedOwner anyone;
  const v1::CalendarFeedOwner& who = owner ? *owner : anyone;
  return pg::RunInTransactionFor<v1::CalendarFeed>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::CalendarFeed> {
        auto rows = tx.exec_params(
            absl::StrCat("UPDATE calendar_feed SET expires_at = "
                         "$3::timestamptz WHERE id = $1::uuid "
                         "AND revoked_at IS NULL AND (NOT $4 OR "
                         "(owner_subject = $2 AND owner_role = $5 AND "
                         "owner_voivodeship = $6 AND owner_jst = $7)) "
                         "RETURNING ",
                         kColumns),
            id, who.subject(), Sql(now + kFeedLifetime), owner.has_value(),
            who.role(), who.voivodeship(), who.jst());
        if (rows.empty()) return NoSuchFeed(id);
        return FeedFromRow(rows[0]);
      });
}

absl::StatusOr<int> CalendarFeedStore::RevokeAll(const FeedsOf& of,
                                                 const std::string& revoked_by,
                                                 absl::Time now) {
  return pg::RunInTransactionFor<int>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<int> {
        // An empty filter matches nothing (every filter but one is empty).
        const pqxx::result rows = tx.exec_params(
            "UPDATE calendar_feed SET revoked_by = $4, "
            "revoked_at = $5::timestamptz WHERE revoked_at IS NULL AND ("
            "($1 <> '' AND owner_subject = $1) OR "
            "($2 <> '' AND kind = 'PARTICIPANT_CALENDAR' AND "
            "participant_id = $2) OR "
            "($3 <> '' AND kind = 'TRAINER_CALENDAR' AND trainer = $3))",
            of.owner, of.participant, of.trainer, revoked_by, Sql(now));
        return static_cast<int>(rows.affected_rows());
      });
}

absl::StatusOr<int64_t> CalendarFeedStore::DeleteReadsBefore(
    absl::Time before) {
  return pg::RunInTransactionFor<int64_t>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<int64_t> {
        const pqxx::result rows = tx.exec_params(
            "DELETE FROM calendar_feed_read WHERE read_at < $1::timestamptz",
            Sql(before));
        return static_cast<int64_t>(rows.affected_rows());
      });
}

absl::StatusOr<v1::CalendarFeed> CalendarFeedStore::RecordRead(
    const std::string& token_sha256, absl::Time now,
    const std::string& trace_id) {
  return pg::RunInTransactionFor<v1::CalendarFeed>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::CalendarFeed> {
        auto rows = tx.exec_params(
            absl::StrCat("UPDATE calendar_feed SET last_read_at = "
                         "$2::timestamptz WHERE token_sha256 = $1 "
                         "AND revoked_at IS NULL AND expires_at > "
                         "$2::timestamptz RETURNING ",
                         kColumns),
            token_sha256, Sql(now));
        // One answer for unknown, revoked and expired; the token is not
        // named.
        if (rows.empty()) {
          return errors::NotFoundResource(
              "calendar feed", "",
              "no calendar feed at this address (unknown, revoked or "
              "expired)");
        }
        v1::CalendarFeed feed = FeedFromRow(rows[0]);
        tx.exec_params(
            "INSERT INTO calendar_feed_read (feed_id, owner_subject, read_at, "
            "trace_id) VALUES ($1::uuid, $2, $3::timestamptz, $4)",
            feed.id(), feed.owner().subject(), Sql(now), trace_id);
        return feed;
      });
}

}  // namespace jstedu::training
