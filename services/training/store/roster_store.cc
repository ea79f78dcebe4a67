#include "services/training/store/roster_store.h"

#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>

#include "common/pg/prepared.h"
#include "services/training/store/roster_queries.h"
#include "services/training/store/rows/plan_events.h"
#include "services/training/store/rows/task_due.h"

namespace jstedu::training::roster {

namespace ev = ::jstedu::events::v1;
namespace rv1 = ::jstedu::recruitment::v1;
using google::protobuf::util::TimeUtil;

void QualifyJst(pqxx::transaction_base& tx, const ev::JstQualified& jst,
                const std::string& at, const std::string& traceparent) {
  rows::LockEditionPlan(tx, jst.edition());
  pg::Exec(tx, queries::kQualifyJst, jst.application_id(), jst.edition(),
           jst.teryt(), jst.voivodeship(), rv1::JstKind_Name(jst.jst_kind()),
           jst.workshop_group(), at);
  std::vector<std::string> given;
  for (const auto& r :
       pg::Exec(tx, queries::kGiveTasksSet, jst.application_id(), jst.edition(),
                jst.teryt(), jst.voivodeship())) {
    given.push_back(r["id"].as<std::string>());
  }
  rows::PublishTasksAssigned(tx, given, traceparent);
}

void WithdrawJst(pqxx::transaction_base& tx, const ev::JstWithdrawn& jst,
                 const std::string& at) {
  pg::Exec(tx, queries::kWithdrawJst, jst.application_id(), jst.edition(),
           jst.teryt(), jst.voivodeship(), at);
}

void RecordParticipant(pqxx::transaction_base& tx,
                       const ev::ParticipantFacts& p, const std::string& at) {
  pg::Exec(tx, queries::kUpsertParticipant, p.participant_id(),
           p.application_id(), p.edition(), p.teryt(), p.voivodeship(),
           rv1::Sex_Name(p.sex()), p.age_at_start(),
           rv1::TargetGroup_Name(p.target_group()),
           p.status() == rv1::PARTICIPANT_ACTIVE, p.declaration_recorded(),
           p.participation_start(), p.participation_end(), at);
}

void RecordEditionPeriod(pqxx::transaction_base& tx,
                         const ev::EditionChanged& edition) {
  pg::Exec(tx, queries::kUpsertEditionPeriod, edition.code(),
           edition.starts_on(), edition.ends_on(),
           TimeUtil::ToString(edition.update_time()));
}

}  // namespace jstedu::training::roster
