#include "services/training/store/calendar_feed_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/training/store/calendar_feed_queries.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training {
namespace {

using pqxx::transaction_base;

v1::CalendarFeed FeedFromRow(const pqxx::row& r) {
  v1::CalendarFeed feed = pg::ReadOne<v1::CalendarFeed>(r);
  feed.mutable_owner()->set_subject(r["owner_subject"].as<std::string>());
  feed.mutable_owner()->set_role(r["owner_role"].as<std::string>());
  feed.mutable_owner()->set_voivodeship(
      r["owner_voivodeship"].as<std::string>());
  feed.mutable_owner()->set_jst(r["owner_jst"].as<std::string>());
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
        pg::Exec(tx, queries::kLockFeedOwner,
                 absl::StrCat("calendar_feed:", owner.subject()));
        const int in_force =
            pg::Exec1(tx, queries::kCountFeedsInForce, owner.subject())["feeds"]
                .as<int>();
        if (in_force >= kMaxFeedsPerOwner) {
          return errors::RulesNotMet(
              {{"FEED_LIMIT", absl::StrCat("owners/", owner.subject()),
                absl::StrCat(owner.subject(), " already has ",
                             kMaxFeedsPerOwner,
                             " calendar feeds: revoke one first")}});
        }
        auto rows = pg::Exec(
            tx, queries::kInsertFeed, token_sha256, owner.subject(),
            owner.role(), owner.voivodeship(), owner.jst(),
            v1::CalendarFeedKind_Name(feed.kind()), feed.participant(),
            feed.edition(), feed.group(), feed.trainer(), feed.created_by(),
            rows::TimeParam(now), rows::TimeParam(now + kFeedLifetime));
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
        for (const auto& row :
             pg::Exec(tx, queries::kSelectOwnerFeeds, owner)) {
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
        auto rows = pg::Exec(tx, queries::kRevokeFeed, id, owner, revoked_by,
                             rows::TimeParam(now));
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
        auto rows =
            pg::Exec(tx, queries::kRenewFeed, id, who.subject(),
                     rows::TimeParam(now + kFeedLifetime), owner.has_value(),
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
        const pqxx::result rows =
            pg::Exec(tx, queries::kRevokeFeedsOf, of.owner, of.participant,
                     of.trainer, revoked_by, rows::TimeParam(now));
        return static_cast<int>(rows.affected_rows());
      });
}

absl::StatusOr<int64_t> CalendarFeedStore::DeleteReadsBefore(
    absl::Time before) {
  return pg::RunInTransactionFor<int64_t>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<int64_t> {
        const pqxx::result rows =
            pg::Exec(tx, queries::kDeleteReadsBefore, rows::TimeParam(before));
        return static_cast<int64_t>(rows.affected_rows());
      });
}

absl::StatusOr<v1::CalendarFeed> CalendarFeedStore::RecordRead(
    const std::string& token_sha256, absl::Time now,
    const std::string& trace_id) {
  return pg::RunInTransactionFor<v1::CalendarFeed>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::CalendarFeed> {
        auto rows = pg::Exec(tx, queries::kReadFeed, token_sha256,
                             rows::TimeParam(now));
        // One answer for unknown, revoked and expired; the token is not
        // named.
        if (rows.empty()) {
          return errors::NotFoundResource(
              "calendar feed", "",
              "no calendar feed at this address (unknown, revoked or "
              "expired)");
        }
        v1::CalendarFeed feed = FeedFromRow(rows[0]);
        pg::Exec(tx, queries::kInsertFeedRead, feed.id(),
                 feed.owner().subject(), rows::TimeParam(now), trace_id);
        return feed;
      });
}

}  // namespace jstedu::training
