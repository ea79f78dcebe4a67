#include "services/reporting/export/record_diff.h"

namespace jstedu::reporting::exportfmt {
namespace {

using Fields = std::map<std::string, std::string>;

const std::string& ValueOr(const Fields& fields, Fields::const_iterator it) {
  static const std::string* const kEmpty = new std::string();
  return it == fields.end() ? *kEmpty : it->second;
}

// Both maps walked together in key order: linear, and already sorted.
std::vector<FieldChange> DiffFields(const Fields& before, const Fields& after) {
  std::vector<FieldChange> changes;
  auto b = before.begin();
  auto a = after.begin();
  while (b != before.end() || a != after.end()) {
    const std::string* field;
    Fields::const_iterator in_before = before.end();
    Fields::const_iterator in_after = after.end();
    if (a == after.end() || (b != before.end() && b->first < a->first)) {
      field = &b->first;
      in_before = b++;
    } else if (b == before.end() || a->first < b->first) {
      field = &a->first;
      in_after = a++;
    } else {
      field = &b->first;
      in_before = b++;
      in_after = a++;
    }
    const std::string& old_value = ValueOr(before, in_before);
    const std::string& new_value = ValueOr(after, in_after);
    if (old_value != new_value) {
      changes.push_back(FieldChange{*field, old_value, new_value});
    }
  }
  return changes;
}

}  // namespace

RecordDiff DiffRecords(const Records& before, const Records& after) {
  RecordDiff diff;
  auto b = before.begin();
  auto a = after.begin();
  while (b != before.end() || a != after.end()) {
    if (a == after.end() || (b != before.end() && b->first < a->first)) {
      diff.removed.push_back(b->first);
      ++b;
    } else if (b == before.end() || a->first < b->first) {
      diff.added.push_back(a->first);
      ++a;
    } else {
      std::vector<FieldChange> fields = DiffFields(b->second, a->second);
      if (!fields.empty()) {
        diff.changed.push_back(RecordChange{b->first, std::move(fields)});
      }
      ++b;
      ++a;
    }
  }
  return diff;
}

}  // namespace jstedu::reporting::exportfmt
