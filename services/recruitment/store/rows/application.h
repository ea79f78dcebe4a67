#pragma once

// The application rows several stores read and change: an application as
// answered (with its representatives), the row locked for a change with its
// edition's rules, and its status changes with their history rows. Each
// function runs in the caller's transaction (SQL: application_queries.h).
//
// Lock order (see the stores' headers): edition, then application, then
// participant.
//
// Thread-safety: as the transaction passed in (one thread at a time).

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/domain/application.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {

// What the application or participant `id` belongs to, read by `query`
// (its one parameter the id; columns application_id, edition, teryt,
// voivodeship) in a transaction of its own; NotFound naming `kind` for an
// unknown id.
absl::StatusOr<Ownership> LocateOwner(pg::Pool& pool, const char* query,
                                      const char* kind, const std::string& id);

// A JSTEDU_APPLICATION_SELECT row, without its representatives.
v1::Application ReadApplication(const pqxx::row& row);

// Adds the representatives (no personal data) and their counts.
void AttachRepresentatives(pqxx::transaction_base& tx,
                           const std::vector<v1::Application*>& apps);

// The application with its representatives; NotFound for an unknown id.
absl::StatusOr<v1::Application> LoadApplication(pqxx::transaction_base& tx,
                                                const std::string& id);

// The application row locked for an update, with its edition's rules.
struct LockedApplication {
  std::string id;
  std::string edition;
  std::string teryt;
  std::string voivodeship;
  std::string kind;
  bool city_with_county_rights = false;
  int registry_group = 0;
  ApplicationStatus status = ApplicationStatus::kSubmitted;
  int64_t submission_number = 0;
  int capacity = 0;
  int min_representatives = 0;
  bool below_minimum = false;
  // A move to the county group asked for while the edition was full.
  int requested_group = 0;
  std::string requested_group_reason;
};

// kUpdate for changes of the application or of its team's counts;
// kShare where several may add to the team at once (a status change,
// which takes kUpdate, waits for them, and they for it).
enum class RowLock { kUpdate, kShare };

// NotFound for an unknown id.
absl::StatusOr<LockedApplication> LockApplication(
    pqxx::transaction_base& tx, const std::string& id,
    RowLock lock = RowLock::kUpdate);

// The edition of application `id`; "" for an unknown id.
std::string EditionOfApplication(pqxx::transaction_base& tx,
                                 const std::string& id);

// Serialises every change of an edition's qualified set; false for an
// unknown edition.
bool LockEdition(pqxx::transaction_base& tx, const std::string& code);

bool EditionExists(pqxx::transaction_base& tx, const std::string& code);

int QualifiedCount(pqxx::transaction_base& tx, const std::string& edition);

// A promotion's cause as application_history.promotion records it, and the
// reason the history gives.
struct Promotion {
  const char* cause;
  const char* reason;
};
inline constexpr Promotion kNotPromoted{"", ""};
inline constexpr Promotion kAfterWithdrawal{
    "AFTER_WITHDRAWAL",
    "promoted from the waiting list: a qualified JST withdrew and freed its "
    "place"};
inline constexpr Promotion kAfterCapacityRaised{
    "AFTER_CAPACITY_RAISED",
    "promoted from the waiting list: the edition's capacity was raised"};
inline constexpr Promotion kBeforeLaterQualification{
    "BEFORE_LATER_QUALIFICATION",
    "promoted from the waiting list: a place was free when a later "
    "application was qualified, and the waiting list goes first"};

// Moves `app` to status `to` with its history row.
void ChangeStatus(pqxx::transaction_base& tx, const LockedApplication& app,
                  ApplicationStatus to, const std::string& reason,
                  const Actor& actor,
                  const Promotion& promotion = kNotPromoted);

}  // namespace jstedu::recruitment
