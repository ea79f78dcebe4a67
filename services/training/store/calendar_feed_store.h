#pragma once

// Calendar subscriptions (migration 0005): the secret addresses of the
// calendars, kept by the SHA-256 of their tokens, and the audit of every
// read through one (calendar_feed_read). The token itself never reaches
// the database: the service hashes it (training_service.cc).
//
// Each method is one transaction. An unknown feed, a revoked one and
// (where `owner` is given) another owner's are NotFound alike. A feed
// expires kFeedLifetime after its creation or last renewal: its address is
// then NotFound like a revoked one, but the feed is still listed, counts
// towards kMaxFeedsPerOwner and may be renewed until it is revoked.
//
// Thread-safe (each call takes its own pooled connection).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/training/v1/training.pb.h"

namespace jstedu::training {

// Feeds not revoked (expired ones included) one owner may hold.
constexpr int kMaxFeedsPerOwner = 20;
// How long an address answers after its creation or renewal.
constexpr absl::Duration kFeedLifetime = absl::Hours(24 * 365);

// Whose feeds RevokeAll revokes: exactly one of the three is set.
struct FeedsOf {
  std::string owner;        // the owner's subject
  std::string participant;  // PARTICIPANT_CALENDAR feeds of the participant
  std::string trainer;      // TRAINER_CALENDAR feeds of the trainer
};

class CalendarFeedStore {
 public:
  explicit CalendarFeedStore(pg::Pool& pool) : pool_(pool) {}

  // Stores `feed` (owner, kind, calendar, created_by; its id is made here)
  // under `token_sha256` (64 lowercase hex digits), expiring kFeedLifetime
  // after `now`. FailedPrecondition FEED_LIMIT when the owner already holds
  // kMaxFeedsPerOwner not revoked.
  absl::StatusOr<v1::CalendarFeed> Create(const v1::CalendarFeed& feed,
                                          const std::string& token_sha256,
                                          absl::Time now);
  // The owner's feeds not revoked (expired ones too), newest first.
  absl::StatusOr<std::vector<v1::CalendarFeed>> ListNotRevoked(
      const std::string& owner);
  // Feed `id` expiring kFeedLifetime after `now`: any feed when `owner` is
  // unset (the office), else only a feed of exactly that principal, so a
  // renewal never extends a role or scope its owner no longer has.
  // NotFound when unknown, revoked, or not `owner`'s.
  absl::StatusOr<v1::CalendarFeed> Renew(
      const std::string& id, const std::optional<v1::CalendarFeedOwner>& owner,
      absl::Time now);
  // Revokes feed `id` (of `owner` only, unless `owner` is empty), recording
  // who and when. NotFound when unknown, revoked already, or not `owner`'s.
  absl::StatusOr<v1::CalendarFeed> Revoke(const std::string& id,
                                          const std::string& owner,
                                          const std::string& revoked_by,
                                          absl::Time now);
  // Revokes every feed not revoked of `of`, recording who and when; the
  // number revoked.
  absl::StatusOr<int> RevokeAll(const FeedsOf& of,
                                const std::string& revoked_by, absl::Time now);
  // The feed in force (neither revoked nor expired at `now`) with this
  // token hash, its read recorded (feed, owner, time, trace id) in the same
  // transaction. NotFound otherwise, with nothing recorded.
  absl::StatusOr<v1::CalendarFeed> RecordRead(const std::string& token_sha256,
                                              absl::Time now,
                                              const std::string& trace_id);
  // Deletes the recorded reads older than `before`; the number deleted.
  absl::StatusOr<int64_t> DeleteReadsBefore(absl::Time before);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
