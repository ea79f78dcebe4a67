#pragma once

// FiguresStore: the projected facts figures are counted from (tables of
// migrations/0001, written by ProjectionStore), read in one REPEATABLE READ
// snapshot, for the figure queries and for reconciliation.
//
// The readers over a caller's transaction (LoadFacts, LoadAttendedMinutes)
// are public so that a benchmark can time them alone.
//
// Thread-safe (each call takes its own pooled connection).

#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "services/reporting/domain/counts.h"
#include "services/reporting/domain/figures.h"
#include "services/reporting/domain/measures.h"
#include "services/reporting/store/rows/edition.h"

namespace jstedu::reporting {

// What a figure is counted from.
struct EditionFigures {
  Facts facts;
  std::vector<Definition> definitions;
};

// What a figure is summed from when the maintained counts answer it
// (store/counts_store.h).
struct EditionCounts {
  EditionFacts edition;
  std::vector<Definition> definitions;
  CellCounts cells;
  std::optional<Period> span;  // the first and last record's day
};

// What reconciliation compares with the source services, and the
// maintained counts it compares with a recount of the facts.
struct ProjectedFacts {
  Facts facts;
  std::map<std::string, int64_t> attended_minutes;  // participant → minutes
  MeasureRecords maintained_records;
  CellCounts maintained_cells;
};

class FiguresStore {
 public:
  explicit FiguresStore(pg::Pool& pool) : pool_(pool) {}

  // The facts of `edition` (of one voivodeship when `voivodeship` is set:
  // every measure's records of a JST stay within its voivodeship) and its
  // indicators. NotFound "no edition <code>" when no event of the edition
  // was ever seen.
  absl::StatusOr<EditionFigures> Read(const std::string& edition,
                                      const std::string& voivodeship);

  // The maintained counts of `edition` (one voivodeship's when set; by
  // month, or one cell per measure and voivodeship: LoadCells), its
  // projected edition facts and its indicators. NotFound as Read.
  absl::StatusOr<EditionCounts> ReadCounts(const std::string& edition,
                                           const std::string& voivodeship,
                                           bool by_month);

  // Every fact of `edition`, each participant's attended minutes (seen or
  // not: an edition reporting never heard of has no facts) and the
  // maintained records and cells, in one snapshot.
  absl::StatusOr<ProjectedFacts> ReadProjected(const std::string& edition);

 private:
  pg::Pool& pool_;
};

// The projected facts of `edition` (one voivodeship's when set: then
// without its community meetings, which are of no voivodeship).
Facts LoadFacts(pqxx::transaction_base& tx, const std::string& edition,
                const std::string& voivodeship);

// The projected facts of some applications of `edition`: their JSTs,
// participants (with their completions, memberships and e-learning) and
// cases (with their practices and schools), which are all the facts their
// measures' records depend on (ComputeMeasures over them gives exactly the
// records whose application_id is one of them; a school is run by one JST,
// whose one case of the edition can name it). The pseudo-application
// kMeetingsApplication among them brings the edition's meetings.
Facts LoadApplicationFacts(pqxx::transaction_base& tx,
                           const std::string& edition,
                           const std::vector<std::string>& applications);

// Attended minutes per participant: the sum of their newest marks.
std::map<std::string, int64_t> LoadAttendedMinutes(pqxx::transaction_base& tx,
                                                   const std::string& edition);

}  // namespace jstedu::reporting
