#include "services/training/store/advisory_facts_store.h"

#include <pqxx/pqxx>

#include "services/training/store/advisory_facts_queries.h"

namespace jstedu::training::advisory_facts {

void AssignGuardian(pqxx::transaction_base& tx, const CaseRef& ref,
                    const std::string& guardian_subject) {
  tx.exec_params(queries::kAssignGuardian, ref.case_id, ref.edition, ref.teryt,
                 guardian_subject, ref.version);
}

void CloseCase(pqxx::transaction_base& tx, const CaseRef& ref) {
  tx.exec_params(queries::kCloseCase, ref.case_id, ref.edition, ref.teryt,
                 ref.version);
}

}  // namespace jstedu::training::advisory_facts
