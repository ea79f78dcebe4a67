#include "services/reporting/domain/reconciliation.h"

#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status/fields.h"

namespace jstedu::reporting {
namespace {

bool SameFields(const Record& a, const Record& b) {
  return std::tie(a.application_id, a.teryt, a.voivodeship, a.jst_kind,
                  a.participant_id, a.case_id, a.sex, a.target_group, a.date) ==
         std::tie(b.application_id, b.teryt, b.voivodeship, b.jst_kind,
                  b.participant_id, b.case_id, b.sex, b.target_group, b.date);
}

v1::RecordDifference Difference(const std::string& measure,
                                const std::string& id, const char* kind,
                                const std::string& field,
                                const std::string& projected,
                                const std::string& source) {
  v1::RecordDifference d;
  d.set_measure(measure);
  d.set_record_id(id);
  d.set_kind(kind);
  d.set_field(field);
  d.set_projected(projected);
  d.set_source(source);
  return d;
}

// What a difference is called, by the two sides compared.
struct Kinds {
  const char* extra;
  const char* missing;
  const char* differs;
};
constexpr Kinds kAgainstSources{"EXTRA_IN_PROJECTION", "MISSING_IN_PROJECTION",
                                "FIELD_DIFFERS"};
constexpr Kinds kAgainstRecount{"EXTRA_IN_COUNTS", "MISSING_IN_COUNTS",
                                "COUNTED_FIELD_DIFFERS"};

// Both lists are in RecordOrder (ComputeMeasures): one merge walk; fields
// are spelled out only for records that differ.
void AddDifferences(const std::string& measure,
                    const std::vector<Record>& projected,
                    const std::vector<Record>& source, const Kinds& kinds,
                    std::vector<v1::RecordDifference>& out) {
  size_t i = 0;
  size_t j = 0;
  while (i < projected.size() || j < source.size()) {
    if (j == source.size() ||
        (i < projected.size() && RecordOrder(projected[i], source[j]))) {
      out.push_back(
          Difference(measure, projected[i++].id, kinds.extra, "", "", ""));
    } else if (i == projected.size() || RecordOrder(source[j], projected[i])) {
      out.push_back(
          Difference(measure, source[j++].id, kinds.missing, "", "", ""));
    } else {
      if (!SameFields(projected[i], source[j])) {
        const auto mine = RecordFields(projected[i]);
        const auto theirs = RecordFields(source[j]);
        for (const auto& [field, value] : mine) {
          if (theirs.at(field) != value) {
            out.push_back(Difference(measure, source[j].id, kinds.differs,
                                     errors::JsonFieldPath(field), value,
                                     theirs.at(field)));
          }
        }
      }
      ++i;
      ++j;
    }
  }
}

void AddMinuteDifferences(const AttendedMinutes& projected,
                          const AttendedMinutes& source,
                          std::vector<v1::RecordDifference>& out) {
  std::set<std::string> ids;
  for (const auto& [id, minutes] : projected) ids.insert(id);
  for (const auto& [id, minutes] : source) ids.insert(id);
  for (const std::string& id : ids) {
    auto mine = projected.find(id);
    auto theirs = source.find(id);
    const int64_t a = mine == projected.end() ? 0 : mine->second;
    const int64_t b = theirs == source.end() ? 0 : theirs->second;
    if (a == b) continue;
    out.push_back(Difference("ATTENDED_MINUTES", id, "FIELD_DIFFERS",
                             "attendedMinutes", absl::StrCat(a),
                             absl::StrCat(b)));
  }
}

void AddEditionDifferences(const EditionFacts& projected,
                           const EditionFacts& source,
                           std::vector<v1::RecordDifference>& out) {
  const std::pair<const char*, std::pair<std::string, std::string>> fields[] = {
      {"known", {absl::StrCat(projected.known), absl::StrCat(source.known)}},
      {"kind", {absl::StrCat(projected.kind), absl::StrCat(source.kind)}},
      {"min_representatives",
       {absl::StrCat(projected.min_representatives),
        absl::StrCat(source.min_representatives)}},
      {"starts_on",
       {absl::FormatCivilTime(projected.starts_on),
        absl::FormatCivilTime(source.starts_on)}},
      {"ends_on",
       {absl::FormatCivilTime(projected.ends_on),
        absl::FormatCivilTime(source.ends_on)}}};
  for (const auto& [field, values] : fields) {
    if (values.first == values.second) continue;
    out.push_back(Difference("EDITION", source.code, "FIELD_DIFFERS",
                             errors::JsonFieldPath(field), values.first,
                             values.second));
  }
}

}  // namespace

Reconciliation ReconcileFacts(const Facts& projected,
                              const AttendedMinutes& projected_minutes,
                              const Facts& source,
                              const AttendedMinutes& source_minutes) {
  Reconciliation result;
  MeasureRecords ours = ComputeMeasures(projected);
  const MeasureRecords theirs = ComputeMeasures(source);
  AddEditionDifferences(projected.edition, source.edition, result.differences);
  for (const MeasureInfo& measure : Measures()) {
    v1::MeasureReconciliation row;
    row.set_measure(measure.name);
    row.set_projected(ours.at(measure.name).size());
    row.set_source(theirs.at(measure.name).size());
    result.measures.push_back(std::move(row));
    AddDifferences(measure.name, ours.at(measure.name), theirs.at(measure.name),
                   kAgainstSources, result.differences);
  }
  AddMinuteDifferences(projected_minutes, source_minutes, result.differences);
  result.projected = std::move(ours);
  return result;
}

std::vector<v1::RecordDifference> ReconcileCounts(
    const MeasureRecords& recount, const MeasureRecords& maintained_records,
    const CellCounts& maintained_cells) {
  static const std::vector<Record> kNone;
  auto records_of = [](const MeasureRecords& measures,
                       const std::string& measure) -> const auto& {
    auto it = measures.find(measure);
    return it == measures.end() ? kNone : it->second;
  };
  std::vector<v1::RecordDifference> out;
  for (const MeasureInfo& measure : Measures()) {
    AddDifferences(measure.name, records_of(maintained_records, measure.name),
                   records_of(recount, measure.name), kAgainstRecount, out);
  }
  const CellCounts recounted = CountCells(recount);
  std::set<CellKey> cells;
  for (const auto& [key, count] : recounted) cells.insert(key);
  for (const auto& [key, count] : maintained_cells) cells.insert(key);
  for (const CellKey& key : cells) {
    auto mine = maintained_cells.find(key);
    auto theirs = recounted.find(key);
    const int64_t a = mine == maintained_cells.end() ? 0 : mine->second;
    const int64_t b = theirs == recounted.end() ? 0 : theirs->second;
    if (a == b) continue;
    out.push_back(Difference(
        key.measure,
        absl::StrCat(key.voivodeship, "/", absl::FormatCivilTime(key.month)),
        "COUNT_DIFFERS", "count", absl::StrCat(a), absl::StrCat(b)));
  }
  return out;
}

}  // namespace jstedu::reporting
