#include "common/status/paging.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status/fields.h"

namespace jstedu::paging {
namespace {

// Separates the parts of a token; no valid one-line text holds it.
constexpr char kSeparator = '\x1f';

uint64_t Fingerprint(const std::vector<std::string>& filters) {
  uint64_t hash = 1469598103934665603ULL;  // FNV-1a
  for (const std::string& filter : filters) {
    for (unsigned char c : filter) hash = (hash ^ c) * 1099511628211ULL;
    hash = (hash ^ 0xff) * 1099511628211ULL;
  }
  return hash;
}

void CheckSize(std::vector<errors::FieldProblem>& problems, int32_t page_size,
               Page& page) {
  if (page_size == 0) return;
  if (page_size < 0 || page_size > kMaxPageSize) {
    problems.push_back(
        {"pageSize", absl::StrCat("must be 1..", kMaxPageSize,
                                  " (0 or absent: ", kDefaultPageSize, ")")});
    return;
  }
  page.size = page_size;
}

// The key in `token`, or nothing when it is not a token of `page`'s list
// and filters with `key_parts` parts.
bool ReadKey(const std::string& token, size_t key_parts, Page& page) {
  std::string decoded;
  if (!absl::WebSafeBase64Unescape(token, &decoded)) return false;
  std::vector<std::string> parts = absl::StrSplit(decoded, kSeparator);
  if (parts.size() != key_parts + 2 || parts[0] != page.list ||
      parts[1] != absl::StrCat(Fingerprint(page.filters))) {
    return false;
  }
  parts.erase(parts.begin(), parts.begin() + 2);
  for (const std::string& part : parts) {
    if (part.empty() ||
        !errors::TextProblem(part, errors::Lines::kOne).empty()) {
      return false;
    }
  }
  page.after = std::move(parts);
  return true;
}

void RefuseToken(std::vector<errors::FieldProblem>& problems) {
  problems.push_back(
      {"pageToken",
       "is not a token of this list with these filters (start again "
       "without one)"});
}

absl::StatusOr<Page> Answer(std::vector<errors::FieldProblem>& problems,
                            Page page) {
  if (!problems.empty()) return errors::InvalidFields(problems);
  return page;
}

}  // namespace

std::string Page::NextToken(const std::vector<std::string>& last_key) const {
  return absl::WebSafeBase64Escape(
      absl::StrCat(list, std::string(1, kSeparator), Fingerprint(filters),
                   std::string(1, kSeparator),
                   absl::StrJoin(last_key, std::string(1, kSeparator))));
}

std::string Page::NextOffsetToken(bool more) const {
  if (!more) return "";
  return NextToken({std::to_string(offset + size)});
}

Page ReadPage(std::vector<errors::FieldProblem>& problems, std::string list,
              std::vector<std::string> filters, int32_t page_size,
              const std::string& page_token, size_t key_parts) {
  Page page;
  page.list = std::move(list);
  page.filters = std::move(filters);
  CheckSize(problems, page_size, page);
  if (!page_token.empty() && !ReadKey(page_token, key_parts, page)) {
    RefuseToken(problems);
  }
  return page;
}

Page ReadOffsetPage(std::vector<errors::FieldProblem>& problems,
                    std::string list, std::vector<std::string> filters,
                    int32_t page_size, const std::string& page_token) {
  Page page = ReadPage(problems, std::move(list), std::move(filters), page_size,
                       page_token, 1);
  if (page.after.empty()) return page;
  if (!absl::SimpleAtoi(page.after[0], &page.offset) || page.offset <= 0) {
    page.offset = 0;
    RefuseToken(problems);
  }
  page.after.clear();
  return page;
}

absl::StatusOr<Page> ReadPage(std::string list,
                              std::vector<std::string> filters,
                              int32_t page_size, const std::string& page_token,
                              size_t key_parts) {
  std::vector<errors::FieldProblem> problems;
  Page page = ReadPage(problems, std::move(list), std::move(filters), page_size,
                       page_token, key_parts);
  return Answer(problems, std::move(page));
}

absl::StatusOr<Page> ReadOffsetPage(std::string list,
                                    std::vector<std::string> filters,
                                    int32_t page_size,
                                    const std::string& page_token) {
  std::vector<errors::FieldProblem> problems;
  Page page = ReadOffsetPage(problems, std::move(list), std::move(filters),
                             page_size, page_token);
  return Answer(problems, std::move(page));
}

}  // namespace jstedu::paging
