#include "services/reporting/store/projection_store.h"

#include <pqxx/pqxx>
#include <string>

#include "common/pg/arrays.h"
#include "google/protobuf/util/time_util.h"
#include "services/reporting/store/projection_queries.h"

namespace jstedu::reporting {
namespace {

namespace ev = events::v1;
using google::protobuf::util::TimeUtil;

int64_t Micros(const google::protobuf::Timestamp& time) {
  return TimeUtil::TimestampToMicroseconds(time);
}

// Creates the case's row if this is the first event seen for it.
void EnsureCase(pqxx::transaction_base& tx, const ev::CaseRef& ref) {
  tx.exec_params0(queries::kEnsureCase, ref.case_id(), ref.edition(),
                  ref.application_id(), ref.teryt(), ref.voivodeship(),
                  static_cast<int>(ref.jst_kind()));
}

void SetStage(pqxx::transaction_base& tx, const ev::CaseRef& ref, int stage) {
  tx.exec_params0(queries::kSetCaseStage, ref.case_id(), stage, ref.version());
}

}  // namespace

void ProjectionStore::Edition(pqxx::transaction_base& tx,
                              const ev::EditionChanged& e) const {
  tx.exec_params0(queries::kUpsertEdition, e.code(), static_cast<int>(e.kind()),
                  e.name(), e.capacity(), e.min_representatives(),
                  e.starts_on(), e.ends_on(), Micros(e.update_time()));
}

void ProjectionStore::Qualified(pqxx::transaction_base& tx,
                                const ev::JstQualified& e) const {
  tx.exec_params0(queries::kUpsertQualified, e.application_id(), e.edition(),
                  e.teryt(), e.voivodeship(), static_cast<int>(e.jst_kind()),
                  Micros(e.qualified_at()));
}

void ProjectionStore::Withdrawn(pqxx::transaction_base& tx,
                                const ev::JstWithdrawn& e) const {
  tx.exec_params0(queries::kUpsertWithdrawn, e.application_id(), e.edition(),
                  e.teryt(), e.voivodeship(), Micros(e.withdrawn_at()),
                  static_cast<int>(e.previous_status()));
}

void ProjectionStore::Participant(
    pqxx::transaction_base& tx, const ev::ParticipantFacts& p,
    const google::protobuf::Timestamp& occurred_at) const {
  tx.exec_params0(
      queries::kUpsertParticipant, p.participant_id(), p.edition(),
      p.application_id(), p.teryt(), p.voivodeship(),
      static_cast<int>(p.jst_kind()), static_cast<int>(p.sex()),
      p.age_at_start(), static_cast<int>(p.target_group()),
      static_cast<int>(p.status()), p.declaration_recorded(),
      p.participation_start(), p.participation_end(),
      static_cast<int>(p.end_reason()), p.monitoring_data_complete(),
      pg::TextArrayLiteral(p.missing_monitoring_fields()), Micros(occurred_at));
}

void ProjectionStore::Attendance(
    pqxx::transaction_base& tx, const ev::AttendanceRecorded& e,
    const google::protobuf::Timestamp& occurred_at) const {
  tx.exec_params0(queries::kUpsertAttendance, e.session_id(),
                  e.participant_id(), e.edition(), e.module_number(),
                  static_cast<int>(e.status()), e.attended_minutes(),
                  Micros(occurred_at));
}

void ProjectionStore::Completion(
    pqxx::transaction_base& tx,
    const ev::ParticipantCompletedTraining& e) const {
  tx.exec_params0(queries::kInsertCompletion, e.participant_id(), e.edition(),
                  Micros(e.completed_at()), e.attended_minutes(),
                  e.planned_minutes(), e.completion_percent());
}

void ProjectionStore::CaseStage(pqxx::transaction_base& tx,
                                const ev::CaseRef& ref, int stage) const {
  EnsureCase(tx, ref);
  SetStage(tx, ref, stage);
}

void ProjectionStore::CaseOpened(pqxx::transaction_base& tx,
                                 const ev::CaseOpened& e) const {
  EnsureCase(tx, e.case_());
  tx.exec_params0(queries::kCaseOpened, e.case_().case_id(),
                  Micros(e.opened_at()));
  SetStage(tx, e.case_(), advisory::v1::AREA_CHOICE);
}

void ProjectionStore::PlanAdopted(pqxx::transaction_base& tx,
                                  const ev::PlanAdopted& e) const {
  EnsureCase(tx, e.case_());
  tx.exec_params0(queries::kPlanAdopted, e.case_().case_id(), e.adopted_on());
}

}  // namespace jstedu::reporting
