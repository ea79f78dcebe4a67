#pragma once

// CountsStore: the maintained records and counts (migration 0003,
// domain/counts.h), kept by the projection in the consumer's inbox
// transaction, so they change with the facts or not at all.
//
// After an event changed facts, Recount computes the records of the
// applications it touched from ALL their facts as they now are
// (LoadApplicationFacts, then ComputeMeasures: the one rule) and stores the
// difference from the records held, moving each cell's count by as many.
// So the counts depend only on the facts, not on the order or number of
// the events that brought them: a repeated or older event changes no fact
// and so no count, and events of one application in any order end in the
// same records.
//
// Locks (transaction-level advisory locks, held until the transaction
// ends, taken in this order):
//   edition       Lock: by every event that may change a counted fact of
//                 the edition, BEFORE it writes the fact;
//   participant   LockParticipant: by the events that move a participant or
//                 add a completion, before they read where the participant
//                 is.
// So the counts of an edition change one transaction at a time: the second
// of two transactions recounts after the first committed and sees both
// (READ COMMITTED, the isolation of the consumer's transaction: each
// statement sees what committed before it), and one consumer's batch of
// events never waits for a fact row while holding what another needs (two
// editions in one batch, in the other order than another batch, can still
// deadlock: PostgreSQL aborts one and the consumer retries its batch).
// Writes: only differences (no write at all when an event changed no
// record), as arrays in one statement per table, cells in key order.
//
// It holds nothing; the transaction is the caller's.

#include <map>
#include <optional>
#include <pqxx/transaction_base>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/pg/pool.h"
#include "services/reporting/domain/counts.h"
#include "services/reporting/domain/figures.h"
#include "services/reporting/domain/measures.h"

namespace jstedu::reporting {

// Where a participant is: the edition and application of their fact.
struct ParticipantPlace {
  std::string edition;
  std::string application_id;
};

class CountsStore {
 public:
  // The edition's counts lock; take it before writing a fact of it.
  void Lock(pqxx::transaction_base& tx, const std::string& edition) const;
  // Held until the transaction ends; take it (after Lock) before
  // ParticipantPlaceOf when the participant's facts or completion are about
  // to change.
  void LockParticipant(pqxx::transaction_base& tx,
                       const std::string& participant_id) const;
  // Nullopt when no fact of the participant was projected.
  std::optional<ParticipantPlace> ParticipantPlaceOf(
      pqxx::transaction_base& tx, const std::string& participant_id) const;

  // The records of `applications` of `edition` recounted from their facts;
  // the differences stored, records and cells. Takes Lock(edition) if the
  // caller does not hold it (a participant leaving another edition, the
  // edition of a completion's participant).
  void Recount(pqxx::transaction_base& tx, const std::string& edition,
               std::vector<std::string> applications) const;
  // Every record of `edition` recounted (a change of the edition's minimum
  // of representatives; the start-up rebuild).
  void RecountEdition(pqxx::transaction_base& tx,
                      const std::string& edition) const;
};

// The pseudo-application of an edition's community meetings, which belong
// to no JST: their records carry it as their application, a recount of it
// loads the edition's meetings (LoadApplicationFacts), and a meeting's
// event recounts it.
inline constexpr char kMeetingsApplication[] = "";

// The applications a transaction's events may have changed the records of,
// recounted once each when its last event has been applied (Finish): a
// consumer's batch of 256 events of one application recounts it once, not
// 256 times. The events' locks (CountsStore::Lock) are held until the
// transaction ends, so the recount at its end sees what they wrote.
class PendingRecounts {
 public:
  void Add(const std::string& edition, const std::string& application_id);
  // Every record of `edition` (CountsStore::RecountEdition), which covers
  // whatever of its applications is pending too.
  void AddEdition(const std::string& edition);
  // What is pending, by edition (sorted; Finish recounts them in this order,
  // locking an edition the events did not lock already, e.g. the one a
  // participant left).
  const std::map<std::string, std::set<std::string>>& pending() const {
    return pending_;
  }
  const std::set<std::string>& whole_editions() const {
    return whole_editions_;
  }
  void Clear();
  // CountsStore::RecountEdition of each whole edition, Recount of the
  // other editions' applications, then Clear.
  void Finish(pqxx::transaction_base& tx, const CountsStore& counts);

 private:
  std::map<std::string, std::set<std::string>> pending_;
  std::set<std::string> whole_editions_;
};

// Every edition recounted from its facts, one transaction each: run at
// start-up, so a database whose facts were projected before migration 0003
// (or loaded by other means, as the benchmark's COPY) gets its counts. A
// second run finds no difference and writes nothing.
absl::Status RebuildCounts(pg::Pool& pool);

// The maintained records of `edition`, every measure present, each
// in RecordOrder (as ComputeMeasures orders them).
MeasureRecords LoadMaintainedRecords(pqxx::transaction_base& tx,
                                     const std::string& edition);

// The cells of `edition` with records (one voivodeship's when set; when
// not `by_month`, one per measure and voivodeship, its months summed, dated
// the first, which is all figures over every record need) and the first
// and last day of its records (nullopt when there is none).
struct Cells {
  CellCounts cells;
  std::optional<Period> span;
};
Cells LoadCells(pqxx::transaction_base& tx, const std::string& edition,
                const std::string& voivodeship, bool by_month = true);

}  // namespace jstedu::reporting
