#include "services/training/store/roster_store.h"

#include <pqxx/pqxx>

#include "services/training/store/roster_queries.h"

namespace jstedu::training::roster {

void QualifyJst(pqxx::transaction_base& tx, const QualifiedJst& jst,
                const std::string& at) {
  tx.exec_params(queries::kQualifyJst, jst.application_id, jst.edition,
                 jst.teryt, jst.voivodeship, jst.jst_kind, jst.workshop_group,
                 at);
  tx.exec_params(queries::kGiveTasksSet, jst.application_id, jst.edition,
                 jst.teryt, jst.voivodeship);
}

void WithdrawJst(pqxx::transaction_base& tx, const WithdrawnJst& jst,
                 const std::string& at) {
  tx.exec_params(queries::kWithdrawJst, jst.application_id, jst.edition,
                 jst.teryt, jst.voivodeship, at);
}

void RecordParticipant(pqxx::transaction_base& tx, const ParticipantFacts& p,
                       const std::string& at) {
  tx.exec_params(queries::kUpsertParticipant, p.participant_id,
                 p.application_id, p.edition, p.teryt, p.voivodeship, p.sex,
                 p.age_at_start, p.target_group, p.active,
                 p.declaration_recorded, p.participation_start,
                 p.participation_end, at);
}

void RecordEditionPeriod(pqxx::transaction_base& tx, const std::string& edition,
                         const std::string& starts_on,
                         const std::string& ends_on,
                         const std::string& update_time) {
  tx.exec_params(queries::kUpsertEditionPeriod, edition, starts_on, ends_on,
                 update_time);
}

}  // namespace jstedu::training::roster
