#pragma once

// The maintained counts: every measure's records kept in the projection
// (table measure_record) and their number per measure, voivodeship and month
// (measure_month), written in the same transaction as the facts, so that a
// figure is a sum of a few cells rather than a recount of every fact.
//
// Who is in which measure is decided only by ComputeMeasures
// (domain/measures.h): the projection recomputes the records of the
// applications an event touched from their facts and stores the
// difference (store/counts_store.h). These functions only key, compare and
// count records, and read cells back as records for the figure code
// (domain/figures.h), so a figure from the counts and one from the facts
// are made by the same rules.

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/reporting/domain/measures.h"

namespace jstedu::reporting {

// A record's identity within its measure: its id (the participant, the
// application, the case, "<participant>/<course>", the meeting), except
// for records of a case: PLANS_ADOPTED's (whose id is the application's)
// is its case, a practice's or a school's "<case>/<id>" (several per case;
// a school of two JSTs' cases is a record of each).
std::string RecordKey(const Record& record);

// One cell of the maintained counts.
struct CellKey {
  std::string measure;
  std::string voivodeship;
  absl::CivilMonth month;
  bool operator<(const CellKey& other) const {
    return std::tie(measure, voivodeship, month) <
           std::tie(other.measure, other.voivodeship, other.month);
  }
  bool operator==(const CellKey& other) const {
    return std::tie(measure, voivodeship, month) ==
           std::tie(other.measure, other.voivodeship, other.month);
  }
};
using CellCounts = std::map<CellKey, int64_t>;

// The records' number per cell (their weights; a record's month is that of
// its date).
CellCounts CountCells(const MeasureRecords& measures);

// What brings stored records to computed ones: `removed` (stored records
// no longer computed, or computed with other fields) and `added` (computed
// records not stored as they are), each as (measure, record).
struct RecordChanges {
  std::vector<std::pair<std::string, Record>> removed;
  std::vector<std::pair<std::string, Record>> added;
  bool empty() const { return removed.empty() && added.empty(); }
};
RecordChanges DiffRecords(const MeasureRecords& stored,
                          const MeasureRecords& computed);

// The change of each cell's count the changes make (cells that do not
// change are left out).
CellCounts CellDelta(const RecordChanges& changes);

// Cells as records for the figure code: every measure present, one record
// per non-zero cell (voivodeship set, dated the first of its month, weight
// = its count). They answer exactly the filters and breakdowns that ask
// nothing finer than a voivodeship and whole months (query.h, CountsAnswer).
MeasureRecords CellRecords(const CellCounts& cells);

}  // namespace jstedu::reporting
