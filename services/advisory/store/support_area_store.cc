#include "services/advisory/store/support_area_store.h"

#include <pqxx/pqxx>

#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "services/advisory/domain/catalogue.h"
#include "services/advisory/store/support_area_queries.h"

namespace jstedu::advisory {

using pqxx::transaction_base;

absl::StatusOr<std::vector<v1::SupportArea>> SupportAreaStore::List(
    const std::string& edition) {
  return pg::RunInTransactionFor<std::vector<v1::SupportArea>>(
      pool_, [&](transaction_base& tx) {
        return pg::ReadAll<v1::SupportArea>(
            pg::Exec(tx, queries::kSupportAreas, edition));
      });
}

absl::StatusOr<v1::SupportArea> SupportAreaStore::Create(
    const std::string& edition, const v1::SupportArea& area,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::SupportArea>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::SupportArea> {
        pg::Exec(tx, queries::kClaimCatalogue, edition);
        pg::Exec(tx, queries::kLockCatalogue, edition);
        const int64_t count =
            pg::Exec1(tx, queries::kCountSupportAreas, edition)["areas"]
                .as<int64_t>();
        const absl::Status room = CheckCatalogueRoom(edition, count);
        if (!room.ok()) return room;
        const absl::Status code = CheckAreaCodeFree(
            edition, area.code(),
            !pg::Exec(tx, queries::kSupportAreaCodeTaken, edition, area.code())
                 .empty());
        if (!code.ok()) return code;
        v1::SupportArea out = area;
        out.set_edition(edition);
        out.set_id(
            pg::Exec1(tx, queries::kInsertSupportArea, edition, area.code(),
                      training::v1::ThematicArea_Name(area.thematic_area()),
                      area.title(), area.description(), actor.subject)["id"]
                .as<std::string>());
        return out;
      });
}

}  // namespace jstedu::advisory
