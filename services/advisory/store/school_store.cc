#include "services/advisory/store/school_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/pg/arrays.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/time/civil_time.h"
#include "services/advisory/domain/practice_rules.h"
#include "services/advisory/store/rows/values.h"
#include "services/advisory/store/school_queries.h"

namespace jstedu::advisory {

using pqxx::transaction_base;

absl::StatusOr<v1::ImportSchoolsResponse> SchoolStore::Load(
    const SchoolFile& file, const std::string& voivodeship,
    const std::string& sha256, const Actor& actor, absl::Time now) {
  std::vector<std::string> rspo, names, types, running, keys;
  for (const SchoolRow& row : file.rows) {
    rspo.push_back(row.rspo);
    names.push_back(row.name);
    types.push_back(row.type);
    running.push_back(row.running_teryt);
    keys.push_back(FoldForSearch(absl::StrCat(row.rspo, " ", row.name)));
  }
  return pg::RunInTransactionFor<v1::ImportSchoolsResponse>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::ImportSchoolsResponse> {
        pg::Exec(tx, queries::kLockSchoolRegister);
        const pqxx::row counts =
            pg::Exec1(tx, queries::kLoadSchools, pg::TextArrayLiteral(rspo),
                      pg::TextArrayLiteral(names), pg::TextArrayLiteral(types),
                      pg::TextArrayLiteral(running), rows::Sql(now),
                      rows::Sql(ProgrammeDay(now)), pg::TextArrayLiteral(keys),
                      voivodeship);
        v1::ImportSchoolsResponse answer;
        pg::ReadColumns(counts, &answer);
        answer.set_rows(static_cast<int32_t>(file.rows.size()));
        answer.set_unchanged(answer.rows() - answer.added() - answer.changed() -
                             answer.reopened());
        pg::Exec0(tx, queries::kInsertSchoolImport, sha256, answer.rows(),
                  answer.added(), answer.changed(), answer.closed(),
                  answer.reopened(), actor.subject, rows::Sql(now));
        return answer;
      });
}

absl::StatusOr<std::vector<v1::School>> SchoolStore::List(
    const SchoolQuery& query, bool* more) {
  std::vector<std::string> words =
      absl::StrSplit(FoldForSearch(query.words), ' ', absl::SkipEmpty());
  using Schools = std::vector<v1::School>;
  return pg::RunInTransactionFor<Schools>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<Schools> {
        Schools out = pg::ReadAll<v1::School>(pg::Exec(
            tx, queries::kSchools, query.running_teryt, query.include_closed,
            pg::TextArrayLiteral(words), rows::OffsetOf(query.window),
            rows::LimitOf(query.window)));
        const bool next = rows::DropRowPastWindow(out, query.window);
        if (more != nullptr) *more = next;
        return out;
      },
      {pg::Isolation::kSingleStatementRead});
}

absl::StatusOr<std::vector<v1::SchoolReached>> SchoolStore::ListReached(
    const SchoolsReachedQuery& query, bool* more) {
  using Schools = std::vector<v1::SchoolReached>;
  return pg::RunInTransactionFor<Schools>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<Schools> {
        Schools out = pg::ReadAll<v1::SchoolReached>(pg::Exec(
            tx, queries::kSchoolsReached, query.edition,
            query.scope.voivodeship, query.scope.teryt,
            query.scope.expert_subject, query.voivodeship,
            rows::OffsetOf(query.window), rows::LimitOf(query.window)));
        const bool next = rows::DropRowPastWindow(out, query.window);
        if (more != nullptr) *more = next;
        return out;
      },
      {pg::Isolation::kSingleStatementRead});
}

}  // namespace jstedu::advisory
