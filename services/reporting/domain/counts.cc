#include "services/reporting/domain/counts.h"

#include <tuple>

#include "absl/strings/str_cat.h"

namespace jstedu::reporting {
namespace {

bool SameRecord(const Record& a, const Record& b) {
  return std::tie(a.id, a.application_id, a.teryt, a.voivodeship, a.jst_kind,
                  a.participant_id, a.case_id, a.sex, a.target_group, a.date) ==
         std::tie(b.id, b.application_id, b.teryt, b.voivodeship, b.jst_kind,
                  b.participant_id, b.case_id, b.sex, b.target_group, b.date);
}

CellKey CellOf(const std::string& measure, const Record& record) {
  return CellKey{measure, record.voivodeship, absl::CivilMonth(record.date)};
}

}  // namespace

std::string RecordKey(const Record& record) {
  if (record.case_id.empty() || record.id == record.case_id) return record.id;
  // PLANS_ADOPTED's id is its application's: its case keys it.
  if (record.id == record.application_id) return record.case_id;
  return absl::StrCat(record.case_id, "/", record.id);  // practices, schools
}

CellCounts CountCells(const MeasureRecords& measures) {
  CellCounts cells;
  for (const auto& [measure, records] : measures) {
    for (const Record& record : records) {
      cells[CellOf(measure, record)] += record.weight;
    }
  }
  return cells;
}

RecordChanges DiffRecords(const MeasureRecords& stored,
                          const MeasureRecords& computed) {
  RecordChanges changes;
  for (const MeasureInfo& measure : Measures()) {
    std::map<std::string, const Record*> before;
    if (auto it = stored.find(measure.name); it != stored.end()) {
      for (const Record& record : it->second) {
        before[RecordKey(record)] = &record;
      }
    }
    if (auto it = computed.find(measure.name); it != computed.end()) {
      for (const Record& record : it->second) {
        auto was = before.find(RecordKey(record));
        if (was != before.end() && SameRecord(*was->second, record)) {
          before.erase(was);
          continue;
        }
        if (was != before.end()) {
          changes.removed.emplace_back(measure.name, *was->second);
          before.erase(was);
        }
        changes.added.emplace_back(measure.name, record);
      }
    }
    for (const auto& [key, record] : before) {
      changes.removed.emplace_back(measure.name, *record);
    }
  }
  return changes;
}

CellCounts CellDelta(const RecordChanges& changes) {
  CellCounts delta;
  for (const auto& [measure, record] : changes.removed) {
    delta[CellOf(measure, record)] -= record.weight;
  }
  for (const auto& [measure, record] : changes.added) {
    delta[CellOf(measure, record)] += record.weight;
  }
  for (auto it = delta.begin(); it != delta.end();) {
    it = it->second == 0 ? delta.erase(it) : std::next(it);
  }
  return delta;
}

MeasureRecords CellRecords(const CellCounts& cells) {
  MeasureRecords out;
  for (const MeasureInfo& measure : Measures()) out[measure.name];
  for (const auto& [key, count] : cells) {
    if (count == 0) continue;
    Record record;
    record.voivodeship = key.voivodeship;
    record.date = absl::CivilDay(key.month);
    record.weight = count;
    out[key.measure].push_back(std::move(record));
  }
  return out;
}

}  // namespace jstedu::reporting
