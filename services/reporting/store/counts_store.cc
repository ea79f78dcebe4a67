#include "services/reporting/store/counts_store.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "services/reporting/store/counts_queries.h"
#include "services/reporting/store/figures_store.h"
#include "services/reporting/store/rows/columns.h"

namespace jstedu::reporting {
namespace {

// The columns of measure_record that hold a record's fields (beside
// measure, record_key and day), in the table's order.
using TextColumn = std::pair<const char*, std::string Record::*>;
const TextColumn kTextColumns[] = {{"record_id", &Record::id},
                                   {"application_id", &Record::application_id},
                                   {"participant_id", &Record::participant_id},
                                   {"case_id", &Record::case_id},
                                   {"teryt", &Record::teryt},
                                   {"voivodeship", &Record::voivodeship}};
using IntColumn = std::pair<const char*, int Record::*>;
const IntColumn kIntColumns[] = {{"jst_kind", &Record::jst_kind},
                                 {"sex", &Record::sex},
                                 {"target_group", &Record::target_group}};

Record ReadRecord(const pqxx::row& row) {
  Record record;
  for (const auto& [name, field] : kTextColumns) {
    record.*field = row[name].as<std::string>();
  }
  for (const auto& [name, field] : kIntColumns) {
    record.*field = row[name].as<int>();
  }
  record.date = Day(row["day"]);
  return record;
}

MeasureRecords ReadRecords(const pqxx::result& rows) {
  MeasureRecords out;
  for (const MeasureInfo& measure : Measures()) out[measure.name];
  for (const pqxx::row& row : rows) {
    out[row["measure"].as<std::string>()].push_back(ReadRecord(row));
  }
  for (auto& [measure, records] : out) {
    std::sort(records.begin(), records.end(), RecordOrder);
  }
  return out;
}

// The listed records as one array literal per column of measure_record
// after edition: measure, record_key, kTextColumns, kIntColumns, day.
std::vector<std::string> RecordArrays(
    const std::vector<std::pair<std::string, Record>>& records) {
  std::vector<std::vector<std::string>> columns(3 + std::size(kTextColumns) +
                                                std::size(kIntColumns));
  for (const auto& [measure, record] : records) {
    auto column = columns.begin();
    (column++)->push_back(measure);
    (column++)->push_back(RecordKey(record));
    for (const auto& [name, field] : kTextColumns) {
      (column++)->push_back(record.*field);
    }
    for (const auto& [name, field] : kIntColumns) {
      (column++)->push_back(absl::StrCat(record.*field));
    }
    column->push_back(absl::FormatCivilTime(record.date));
  }
  std::vector<std::string> literals;
  for (const auto& column : columns) {
    literals.push_back(pg::TextArrayLiteral(column));
  }
  return literals;
}

// Stores `changes` to the records of `edition`: the records removed, then
// those added, then each cell moved by its difference.
void StoreChanges(pqxx::transaction_base& tx, const std::string& edition,
                  const RecordChanges& changes) {
  using pg::TextArrayLiteral;
  if (changes.empty()) return;
  if (!changes.removed.empty()) {
    const std::vector<std::string> gone = RecordArrays(changes.removed);
    pg::Exec0(tx, queries::kDeleteRecords, edition, gone[0], gone[1]);
  }
  if (!changes.added.empty()) {
    const std::vector<std::string> a = RecordArrays(changes.added);
    pg::Exec0(tx, queries::kInsertRecords, edition, a[0], a[1], a[2], a[3],
              a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
  }
  const CellCounts delta = CellDelta(changes);
  if (delta.empty()) return;
  std::vector<std::string> measure, voivodeship, month, change;
  for (const auto& [cell, by] : delta) {
    measure.push_back(cell.measure);
    voivodeship.push_back(cell.voivodeship);
    month.push_back(absl::FormatCivilTime(absl::CivilDay(cell.month)));
    change.push_back(absl::StrCat(by));
  }
  pg::Exec0(tx, queries::kAddToCells, edition, TextArrayLiteral(measure),
            TextArrayLiteral(voivodeship), TextArrayLiteral(month),
            TextArrayLiteral(change));
}

}  // namespace

void CountsStore::Lock(pqxx::transaction_base& tx,
                       const std::string& edition) const {
  pg::Exec(tx, queries::kLockEditionCounts, edition);
}

void CountsStore::LockParticipant(pqxx::transaction_base& tx,
                                  const std::string& participant_id) const {
  pg::Exec(tx, queries::kLockParticipantCounts, participant_id);
}

std::optional<ParticipantPlace> CountsStore::ParticipantPlaceOf(
    pqxx::transaction_base& tx, const std::string& participant_id) const {
  const pqxx::result rows =
      pg::Exec(tx, queries::kParticipantPlace, participant_id);
  if (rows.empty()) return std::nullopt;
  return ParticipantPlace{rows[0]["edition"].as<std::string>(),
                          rows[0]["application_id"].as<std::string>()};
}

void CountsStore::Recount(pqxx::transaction_base& tx,
                          const std::string& edition,
                          std::vector<std::string> applications) const {
  std::sort(applications.begin(), applications.end());
  applications.erase(std::unique(applications.begin(), applications.end()),
                     applications.end());
  if (applications.empty()) return;
  Lock(tx, edition);  // held already, unless the participant changed edition
  const MeasureRecords computed =
      ComputeMeasures(LoadApplicationFacts(tx, edition, applications));
  const MeasureRecords stored = ReadRecords(pg::Exec(
      tx, queries::kRecordsOf, edition, pg::TextArrayLiteral(applications)));
  StoreChanges(tx, edition, DiffRecords(stored, computed));
}

void CountsStore::RecountEdition(pqxx::transaction_base& tx,
                                 const std::string& edition) const {
  Lock(tx, edition);
  const MeasureRecords computed =
      ComputeMeasures(LoadFacts(tx, edition, /*voivodeship=*/""));
  StoreChanges(tx, edition,
               DiffRecords(LoadMaintainedRecords(tx, edition), computed));
}

void PendingRecounts::Add(const std::string& edition,
                          const std::string& application_id) {
  pending_[edition].insert(application_id);
}

void PendingRecounts::AddEdition(const std::string& edition) {
  whole_editions_.insert(edition);
}

void PendingRecounts::Clear() {
  pending_.clear();
  whole_editions_.clear();
}

void PendingRecounts::Finish(pqxx::transaction_base& tx,
                             const CountsStore& counts) {
  for (const std::string& edition : whole_editions_) {
    counts.RecountEdition(tx, edition);
  }
  for (const auto& [edition, applications] : pending_) {
    if (whole_editions_.count(edition) > 0) continue;
    counts.Recount(tx, edition, {applications.begin(), applications.end()});
  }
  Clear();
}

absl::Status RebuildCounts(pg::Pool& pool) {
  std::vector<std::string> editions;
  absl::Status listed =
      pg::RunInTransaction(pool, [&](pqxx::transaction_base& tx) {
        for (const pqxx::row& row : pg::Exec(tx, queries::kEditions)) {
          editions.push_back(row["edition"].as<std::string>());
        }
        return absl::OkStatus();
      });
  if (!listed.ok()) return listed;
  const CountsStore counts;
  for (const std::string& edition : editions) {
    absl::Status recounted =
        pg::RunInTransaction(pool, [&](pqxx::transaction_base& tx) {
          counts.RecountEdition(tx, edition);
          return absl::OkStatus();
        });
    if (!recounted.ok()) return recounted;
  }
  return absl::OkStatus();
}

MeasureRecords LoadMaintainedRecords(pqxx::transaction_base& tx,
                                     const std::string& edition) {
  return ReadRecords(pg::Exec(tx, queries::kRecords, edition));
}

namespace {

// One of queries::kCells…'s four texts: the country's cells or one
// voivodeship's, by month or summed.
const std::string& CellsQuery(bool one_voivodeship, bool by_month) {
  static const std::array<std::string, 4> texts = [] {
    std::array<std::string, 4> made;
    for (int i = 0; i < 4; ++i) {
      const char* where = (i & 1) != 0 ? queries::kCellsOneVoivodeship : "";
      made[i] =
          (i & 2) != 0
              ? absl::StrCat(queries::kCellsSpan, where, queries::kCellsByMonth,
                             where, queries::kCellsEnd)
              : absl::StrCat(queries::kCellsSpan, where, queries::kCellsSummed,
                             where, queries::kCellsSummedGroups,
                             queries::kCellsEnd);
    }
    return made;
  }();
  return texts[(one_voivodeship ? 1 : 0) + (by_month ? 2 : 0)];
}

}  // namespace

Cells LoadCells(pqxx::transaction_base& tx, const std::string& edition,
                const std::string& voivodeship, bool by_month) {
  Cells out;
  const std::string& sql = CellsQuery(!voivodeship.empty(), by_month);
  pqxx::result rows = voivodeship.empty()
                          ? pg::Exec(tx, sql, edition)
                          : pg::Exec(tx, sql, edition, voivodeship);
  for (const pqxx::row& row : rows) {
    if (!row["first"].is_null()) {
      out.span = Period{Day(row["first"]), Day(row["last"])};
    }
    if (row["measure"].is_null()) continue;  // no cell
    out.cells[CellKey{
        row["measure"].as<std::string>(), row["voivodeship"].as<std::string>(),
        absl::CivilMonth(Day(row["month"]))}] = row["records"].as<int64_t>();
  }
  return out;
}

}  // namespace jstedu::reporting
