#include "services/recruitment/domain/jst_query.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/status/paging.h"

namespace jstedu::recruitment {
namespace {

// The filters the list's page tokens are bound to.
std::vector<std::string> Filters(const JstQuery& query) {
  return {query.voivodeship, query.kind ? JstKindName(*query.kind) : "",
          query.name_prefix, query.teryt};
}

}  // namespace

std::string NextPageToken(const JstQuery& query,
                          const std::string& last_teryt) {
  paging::Page page;
  page.list = "jsts";
  page.filters = Filters(query);
  return page.NextToken({last_teryt});
}

absl::StatusOr<JstQuery> ValidateJstQuery(const JstQueryInput& input) {
  JstQuery query;
  if (!input.voivodeship.empty() && !IsVoivodeshipCode(input.voivodeship)) {
    return errors::InvalidField("voivodeship",
                                "must be a two-digit even code from 02 to 32");
  }
  query.voivodeship = input.voivodeship;
  if (!input.kind.empty()) {
    JstKind kind;
    if (!ParseJstKind(input.kind, &kind)) {
      return errors::InvalidField("kind",
                                  "must be URBAN_COMMUNE, RURAL_COMMUNE, "
                                  "URBAN_RURAL_COMMUNE or COUNTY");
    }
    query.kind = kind;
  }
  if (input.name_prefix.size() > kMaxNamePrefixBytes) {
    return errors::InvalidField("namePrefix", "is longer than 100 bytes");
  }
  // A NUL would end the string at libpq and silently drop the filter: the
  // shared text rule (the RPC's Serve applies it too; this query is also
  // built outside a request in tests and tools).
  if (std::string problem =
          errors::TextProblem(input.name_prefix, errors::Lines::kOne);
      !problem.empty()) {
    return errors::InvalidField("namePrefix", problem);
  }
  query.name_prefix = input.name_prefix;
  query.teryt = input.teryt;
  auto page = paging::ReadPage("jsts", Filters(query), input.page_size,
                               input.page_token, 1);
  if (!page.ok()) return page.status();
  if (!page->after.empty() &&
      ShapeOfTeryt(page->after[0]) == TerytShape::kMalformed) {
    return errors::InvalidField("pageToken", "is not a token of this list");
  }
  query.page_size = page->size;
  query.after_teryt = page->after.empty() ? "" : page->after[0];
  return query;
}

}  // namespace jstedu::recruitment
