#pragma once

// The one paging rule of every list RPC of the five services.
//
// A list request carries `page_size` (1..kMaxPageSize; 0 means
// kDefaultPageSize; anything else is INVALID_ARGUMENT naming "pageSize")
// and `page_token` (empty for the first page, else the `next_page_token`
// of the previous answer). An answer carries `next_page_token`, empty on
// the last page.
//
// Tokens are opaque to callers (web-safe base64) and bound to the list and
// its filters: a token holds the list's name, a fingerprint of the
// request's filters and the key of the last row answered. A token of
// another list or made with other filters is INVALID_ARGUMENT naming
// "pageToken". Tokens are not secret: they carry no authority, the reader
// is checked on every page.
//
// Two kinds of key:
//   - keyset lists read a page from the store "after" the last row's key
//     (ReadPage + Page::NextToken);
//   - small lists read whole (a module's sessions, an edition's support
//     areas) are cut to the page by position (ReadOffsetPage + KeepPage);
//   - lists by position that may grow, or whose reads are audited (a
//     case's activities, the experts), read only the page from the store,
//     OFFSET/LIMIT plus one row (ReadOffsetPage + Page::NextOffsetToken).

#include <google/protobuf/repeated_ptr_field.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/status/errors.h"

namespace jstedu::paging {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 500;

// What a list request asks for, read by ReadPage or ReadOffsetPage.
struct Page {
  // The list's name and the request's filters, which tokens are bound to.
  std::string list;
  std::vector<std::string> filters;
  // Rows to answer (1..kMaxPageSize).
  int size = kDefaultPageSize;
  // Keyset lists: the last row's key on the previous page; empty on the
  // first page (and when the token was refused).
  std::vector<std::string> after;
  // Lists read whole: rows already answered on earlier pages.
  int64_t offset = 0;

  // The token of the page after the row whose key is `last_key` (each part
  // valid one-line text, errors::TextProblem).
  std::string NextToken(const std::vector<std::string>& last_key) const;
  // Lists cut by position: the token of the page after this one when
  // `more` rows follow it, else "" (the last page).
  std::string NextOffsetToken(bool more) const;
};

// Reads `page_size` and `page_token` of a keyset list whose row keys have
// `key_parts` parts. Adds a problem naming "pageSize" or "pageToken" to
// `problems` for each that is refused.
Page ReadPage(std::vector<errors::FieldProblem>& problems, std::string list,
              std::vector<std::string> filters, int32_t page_size,
              const std::string& page_token, size_t key_parts);

// The same for a list read whole and cut by position.
Page ReadOffsetPage(std::vector<errors::FieldProblem>& problems,
                    std::string list, std::vector<std::string> filters,
                    int32_t page_size, const std::string& page_token);

// ReadPage / ReadOffsetPage answering INVALID_ARGUMENT (google.rpc.BadRequest)
// when either field is refused, for handlers with no other field checks.
absl::StatusOr<Page> ReadPage(std::string list,
                              std::vector<std::string> filters,
                              int32_t page_size, const std::string& page_token,
                              size_t key_parts);
absl::StatusOr<Page> ReadOffsetPage(std::string list,
                                    std::vector<std::string> filters,
                                    int32_t page_size,
                                    const std::string& page_token);

// Keeps the rows of `page` of a list read whole (in its answer order) and
// returns the next page's token ("" on the last page).
template <typename Row>
std::string KeepPage(const Page& page,
                     google::protobuf::RepeatedPtrField<Row>& rows) {
  const int64_t count = rows.size();
  const int64_t begin = std::min(page.offset, count);
  const int64_t end = std::min(begin + page.size, count);
  rows.DeleteSubrange(static_cast<int>(end), static_cast<int>(count - end));
  rows.DeleteSubrange(0, static_cast<int>(begin));
  return page.NextOffsetToken(end < count);
}

// A list read whole (`read`: the store's answer) put into `rows`, cut to
// `page`, its next page's token into `next_page_token`; the store's error
// otherwise.
template <typename Row>
absl::Status AnswerWholeList(const Page& page,
                             absl::StatusOr<std::vector<Row>> read,
                             google::protobuf::RepeatedPtrField<Row>& rows,
                             std::string& next_page_token) {
  if (!read.ok()) return read.status();
  for (Row& row : *read) *rows.Add() = std::move(row);
  next_page_token = KeepPage(page, rows);
  return absl::OkStatus();
}

}  // namespace jstedu::paging
