#pragma once

// Calendar subscriptions (migration 0005): the secret addresses of the
// calendars, kept by the SHA-256 of their tokens, and the audit of every
// read through one (calendar_feed_read). The token itself never reaches
// the database: the service hashes it (training_service.cc).
//
// Each method is one transaction. An unknown feed, a revoked one and
// (where `owner` is given) another owner's are NotFound alike.
//
// Thread-safe (each call takes its own pooled connection).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/training/v1/training.pb.h"

namespace jstedu::training {

// Feeds in force one owner may hold.
constexpr int kMaxFeedsPerOwner = 20;

class CalendarFeedStore {
 public:
  explicit CalendarFeedStore(pg::Pool& pool) : pool_(pool) {}

  // Stores `feed` (owner, kind, calendar, created_by; its id is made here)
  // under `token_sha256` (64 lowercase hex digits). FailedPrecondition
  // FEED_LIMIT when the owner already holds kMaxFeedsPerOwner in force.
  absl::StatusOr<v1::CalendarFeed> Create(const v1::CalendarFeed& feed,
                                          const std::string& token_sha256,
                                          absl::Time now);
  // The owner's feeds in force, newest first.
  absl::StatusOr<std::vector<v1::CalendarFeed>> ListInForce(
      const std::string& owner);
  // Revokes feed `id` (of `owner` only, unless `owner` is empty), recording
  // who and when. NotFound when unknown, revoked already, or not `owner`'s.
  absl::StatusOr<v1::CalendarFeed> Revoke(const std::string& id,
                                          const std::string& owner,
                                          const std::string& revoked_by,
                                          absl::Time now);
  // The feed in force with this token hash, its read recorded (feed, owner,
  // time, trace id) in the same transaction. NotFound otherwise, with
  // nothing recorded.
  absl::StatusOr<v1::CalendarFeed> RecordRead(const std::string& token_sha256,
                                              absl::Time now,
                                              const std::string& trace_id);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
