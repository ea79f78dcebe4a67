#pragma once

// Differences between two snapshots of an export, record by record and
// field by field: what the ministry receives anew, what it no longer
// receives, and what changed in between (e.g. participant files keyed by
// participant id, see sl2014.h ParticipantFields; indicator values keyed by
// aggregates.h AggregateKeyedValues).
//
// Thread-safety: pure functions.

#include <map>
#include <string>
#include <vector>

namespace jstedu::reporting::exportfmt {

// record key → (field name → value).
using Records = std::map<std::string, std::map<std::string, std::string>>;

struct FieldChange {
  std::string field;
  std::string before;  // "" when the field was absent
  std::string after;   // "" when the field is absent
};

struct RecordChange {
  std::string key;
  std::vector<FieldChange> fields;  // by field name; never empty
};

struct RecordDiff {
  std::vector<std::string> added;     // keys only in `after`, sorted
  std::vector<std::string> removed;   // keys only in `before`, sorted
  std::vector<RecordChange> changed;  // keys in both that differ, sorted
  bool empty() const {
    return added.empty() && removed.empty() && changed.empty();
  }
};

// The differences from `before` to `after`. Keys and field names compare
// bytewise (std::map order), so the result is the same for the same input.
// A field absent from one side counts as the empty string: a field that is
// absent on one side and empty on the other is no change. Records equal in
// every field are in none of the lists.
RecordDiff DiffRecords(const Records& before, const Records& after);

}  // namespace jstedu::reporting::exportfmt
