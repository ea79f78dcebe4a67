#pragma once

// What the handlers pass to every advisory store: who acts, which cases
// the caller may see and asks for, and which page of a list is read.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jstedu::advisory {

// Who acts, as history and audit rows record it.
struct Actor {
  std::string subject;
  std::string role;
  std::string traceparent;
};

// Which cases a caller may see; "" = no restriction on that part. A case
// outside the scope is NOT_FOUND, exactly like an unknown id.
struct CaseScope {
  std::string voivodeship;
  std::string teryt;
  std::string expert_subject;  // one of the case's pair
};

// The filters of a case read ("" = any; see rows/case_queries.h kCases).
struct CaseFilter {
  std::string id;
  CaseScope scope;
  std::string edition;
  std::string voivodeship;
  std::string teryt;
  std::string stage;
  std::string expert_id;
  bool overdue_only = false;
  std::optional<std::pair<std::string, std::string>> after;  // (teryt, id)
  std::optional<int64_t> limit;                              // none: all
};

// One page of a list cut by position (paging::ReadOffsetPage): `limit`
// rows after the first `offset`; limit 0 = the whole list. Only the page is
// read from PostgreSQL (one row more tells whether another page follows),
// and only the rows answered are audited.
struct PageWindow {
  int64_t offset = 0;
  int limit = 0;
};

namespace rows {

// The LIMIT parameter of a window's statement: the page and one row more
// (nullopt, SQL NULL, = no limit, for the whole list).
inline std::optional<int64_t> LimitOf(const PageWindow& window) {
  if (window.limit <= 0) return std::nullopt;
  return static_cast<int64_t>(window.limit) + 1;
}

// The OFFSET parameter of a window's statement (0 for the whole list).
inline int64_t OffsetOf(const PageWindow& window) {
  return window.limit <= 0 ? 0 : window.offset;
}

// Drops the row read past the window; whether there was one.
template <typename Row>
bool DropRowPastWindow(std::vector<Row>& rows, const PageWindow& window) {
  if (window.limit <= 0 || rows.size() <= static_cast<size_t>(window.limit)) {
    return false;
  }
  rows.pop_back();
  return true;
}

}  // namespace rows
}  // namespace jstedu::advisory
