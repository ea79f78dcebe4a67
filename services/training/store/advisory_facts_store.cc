#include "services/training/store/advisory_facts_store.h"

#include <pqxx/pqxx>

#include "common/pg/prepared.h"
#include "services/training/store/advisory_facts_queries.h"

namespace jstedu::training::advisory_facts {

void AssignGuardian(pqxx::transaction_base& tx,
                    const events::v1::CaseExpertsAssigned& assigned) {
  const events::v1::CaseRef& ref = assigned.case_();
  pg::Exec(tx, queries::kAssignGuardian, ref.case_id(), ref.edition(),
           ref.teryt(), assigned.guardian_subject(), ref.version());
}

void CloseCase(pqxx::transaction_base& tx,
               const events::v1::CaseWithdrawn& withdrawn) {
  const events::v1::CaseRef& ref = withdrawn.case_();
  pg::Exec(tx, queries::kCloseCase, ref.case_id(), ref.edition(), ref.teryt(),
           ref.version());
}

}  // namespace jstedu::training::advisory_facts
