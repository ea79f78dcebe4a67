#pragma once

// Storage of the programme's editions (PostgreSQL, the recruitment schema;
// migrations 0002 and 0010; SQL in edition_queries.h).
//
// Each method is one transaction: the change and its EditionChanged event
// (common/events/outbox.h) commit together or not at all. A capacity change
// locks the edition row first, as every change of the edition's qualified
// set does (application_store.h, Capacity), and fills new places from the
// waiting list in the same transaction.
//
// Errors: NotFound for an unknown code; AlreadyExists for a second edition
// of a code; FailedPrecondition CAPACITY; Aborted for a stale version;
// otherwise as common/pg/status.h.
//
// Thread-safe (each call takes its own pooled connection).

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "common/time/clock.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {

class EditionStore {
 public:
  // `clock` gives the time the events of JSTs a raised capacity promotes
  // carry.
  EditionStore(pg::Pool& pool, Clock clock)
      : pool_(pool), clock_(std::move(clock)) {}

  // Each creation and update publishes EditionChanged in its transaction.
  absl::StatusOr<v1::Edition> CreateEdition(const v1::Edition& edition,
                                            const Actor& actor);
  // Replaces the fields of `mask_paths` with those of `edition`, validates
  // with `validate` (the complete result), refuses a capacity below the
  // qualified count, promotes waitlisted JSTs into new places and moves the
  // edition one version on. Aborted (nothing changed) when the edition is
  // not at `expected_version`; 0 is not checked.
  absl::StatusOr<v1::Edition> UpdateEdition(
      const v1::Edition& edition, const std::vector<std::string>& mask_paths,
      int64_t expected_version,
      const std::function<absl::Status(const v1::Edition&)>& validate,
      const Actor& actor);
  absl::StatusOr<v1::Edition> GetEdition(const std::string& code);
  // Publishes an existing edition's EditionChanged again (its stored facts
  // and update time, so consumers that keep the newest change nothing they
  // already have): for editions made before the event existed, and to
  // replay them to a new consumer. NotFound for an unknown code.
  absl::Status RepublishEdition(const std::string& code, const Actor& actor);
  // Ordered by code; `after` is the last code of the previous page.
  absl::StatusOr<std::vector<v1::Edition>> ListEditions(
      const std::string& after, int limit);

 private:
  pg::Pool& pool_;
  const Clock clock_;
};

}  // namespace jstedu::recruitment
