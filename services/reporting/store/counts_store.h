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
// Locks (transaction-level advisory locks, taken in this order):
//   participant   an event that moves a participant or adds a completion,
//                 before it reads the participant's application;
//   edition       shared by Recount, exclusive by RecountEdition;
//   application   each of Recount's, in id order.
// Of two transactions touching one application's facts the second
// recounts after the first committed and sees both: that takes READ
// COMMITTED (each statement sees what committed before it), the isolation
// of the consumer's inbox transaction.
// Writes: only differences (no write at all when an event changed no
// record), as arrays in one statement per table, cells in key order.
//
// It holds nothing; the transaction is the caller's.

#include <optional>
#include <pqxx/transaction_base>
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
  // Held until the transaction ends; take it before ParticipantPlaceOf
  // when the participant's application or completion is about to change.
  void LockParticipant(pqxx::transaction_base& tx,
                       const std::string& participant_id) const;
  // Nullopt when no fact of the participant was projected.
  std::optional<ParticipantPlace> ParticipantPlaceOf(
      pqxx::transaction_base& tx, const std::string& participant_id) const;

  // The records of `applications` of `edition` recounted from their facts;
  // the differences stored, records and cells.
  void Recount(pqxx::transaction_base& tx, const std::string& edition,
               std::vector<std::string> applications) const;
  // Every record of `edition` recounted (a change of the edition's minimum
  // of representatives; the start-up rebuild).
  void RecountEdition(pqxx::transaction_base& tx,
                      const std::string& edition) const;
};

// Every edition recounted from its facts, one transaction each: run at
// start-up, so a database whose facts were projected before migration 0003
// (or loaded by other means, as the benchmark's COPY) gets its counts. A
// second run finds no difference and writes nothing.
absl::Status RebuildCounts(pg::Pool& pool);

// The maintained records of `edition`, every measure present, each
// ordered by id (as ComputeMeasures orders them).
MeasureRecords LoadMaintainedRecords(pqxx::transaction_base& tx,
                                     const std::string& edition);

// The cells of `edition` with records (one voivodeship's when set); when
// not `by_month`, one per measure and voivodeship (its months summed, dated
// the first), which is all figures over every record need.
CellCounts LoadCells(pqxx::transaction_base& tx, const std::string& edition,
                     const std::string& voivodeship, bool by_month = true);

// The first and last day of the records of `edition` (one voivodeship's
// when set); nullopt when there is none.
std::optional<Period> LoadRecordSpan(pqxx::transaction_base& tx,
                                     const std::string& edition,
                                     const std::string& voivodeship);

}  // namespace jstedu::reporting
