#include "services/reporting/store/target_store.h"

#include <pqxx/pqxx>

#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/reporting/domain/targets.h"
#include "services/reporting/store/rows/edition.h"
#include "services/reporting/store/target_queries.h"

namespace jstedu::reporting {
absl::StatusOr<v1::IndicatorTarget> TargetStore::Set(
    const std::string& edition, const std::string& code,
    const std::string& target) {
  return pg::RunInTransactionFor<v1::IndicatorTarget>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::IndicatorTarget> {
        if (!EditionSeen(tx, edition)) {
          return errors::NoSuch("edition", edition);
        }
        const EditionFacts facts = LoadEditionFacts(tx, edition);
        const std::vector<Definition> before = LoadDefinitions(tx, facts);
        const Definition* definition = FindDefinition(before, code);
        if (definition == nullptr) return errors::NoSuch("indicator", code);
        if (auto checked = CheckTargetOfUnit(
                definition->proto.unit() == v1::PERCENT, target);
            !checked.ok()) {
          return checked;
        }
        if (target.empty()) {
          pg::Exec0(tx, queries::kRemoveEditionTarget, edition, code);
        } else {
          pg::Exec0(tx, queries::kSetEditionTarget, edition, code, target);
        }
        v1::IndicatorTarget now;
        const std::vector<Definition> after = LoadDefinitions(tx, facts);
        if (const Definition* set = FindDefinition(after, code)) {
          now.set_edition(edition);
          now.set_code(set->proto.code());
          now.set_target(set->target);
          now.set_edition_specific(set->edition_specific);
        }
        return now;
      });
}

}  // namespace jstedu::reporting
