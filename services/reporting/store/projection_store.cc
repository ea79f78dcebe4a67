#include "services/reporting/store/projection_store.h"

#include <algorithm>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "google/protobuf/util/time_util.h"
#include "services/reporting/store/counts_store.h"
#include "services/reporting/store/projection_queries.h"

namespace jstedu::reporting {
namespace {

namespace ev = events::v1;
using google::protobuf::util::TimeUtil;

const CountsStore kCounts;

int64_t Micros(const google::protobuf::Timestamp& time) {
  return TimeUtil::TimestampToMicroseconds(time);
}

// Creates the case's row if this is the first event seen for it.
void EnsureCase(pqxx::transaction_base& tx, const ev::CaseRef& ref) {
  pg::Exec0(tx, queries::kEnsureCase, ref.case_id(), ref.edition(),
            ref.application_id(), ref.teryt(), ref.voivodeship(),
            static_cast<int>(ref.jst_kind()));
}

// Whether the case's stage changed (a higher version).
bool SetStage(pqxx::transaction_base& tx, const ev::CaseRef& ref, int stage) {
  return pg::Exec(tx, queries::kSetCaseStage, ref.case_id(), stage,
                  ref.version())
             .affected_rows() > 0;
}

// The participant's application recounted, if their facts arrived (else
// the fact counts when they do), after a fact of theirs changed.
void RecountParticipant(pqxx::transaction_base& tx,
                        const std::string& participant_id, bool changed,
                        PendingRecounts& recounts) {
  if (!changed) return;
  if (auto place = kCounts.ParticipantPlaceOf(tx, participant_id)) {
    recounts.Add(place->edition, place->application_id);
  }
}

// The case's records recounted when its facts changed (else none can).
void RecountCase(const ev::CaseRef& ref, bool changed,
                 PendingRecounts& recounts) {
  if (changed) recounts.Add(ref.edition(), ref.application_id());
}

}  // namespace

void ProjectionStore::Edition(pqxx::transaction_base& tx,
                              const ev::EditionChanged& e,
                              PendingRecounts& recounts) const {
  kCounts.Lock(tx, e.code());
  const pqxx::result upserted = pg::Exec(
      tx, queries::kUpsertEdition, e.code(), static_cast<int>(e.kind()),
      e.name(), e.capacity(), e.min_representatives(), e.starts_on(),
      e.ends_on(), Micros(e.update_time()));
  // The minimum of representatives decides JST_BELOW_MINIMUM and
  // JST_TRAINED_BELOW_MINIMUM of every JST (an older update changes nothing).
  if (upserted.affected_rows() > 0) recounts.AddEdition(e.code());
}

void ProjectionStore::Qualified(pqxx::transaction_base& tx,
                                const ev::JstQualified& e,
                                PendingRecounts& recounts) const {
  kCounts.Lock(tx, e.edition());
  pg::Exec0(tx, queries::kUpsertQualified, e.application_id(), e.edition(),
            e.teryt(), e.voivodeship(), static_cast<int>(e.jst_kind()),
            Micros(e.qualified_at()));
  recounts.Add(e.edition(), e.application_id());
}

void ProjectionStore::Withdrawn(pqxx::transaction_base& tx,
                                const ev::JstWithdrawn& e,
                                PendingRecounts& recounts) const {
  kCounts.Lock(tx, e.edition());
  pg::Exec0(tx, queries::kUpsertWithdrawn, e.application_id(), e.edition(),
            e.teryt(), e.voivodeship(), Micros(e.withdrawn_at()),
            static_cast<int>(e.previous_status()));
  recounts.Add(e.edition(), e.application_id());
}

void ProjectionStore::Participant(
    pqxx::transaction_base& tx, const ev::ParticipantFacts& p,
    const google::protobuf::Timestamp& occurred_at,
    PendingRecounts& recounts) const {
  // Under the participant's lock: the upsert's answer (where they were,
  // whether a counted column changed) holds until the transaction ends.
  kCounts.Lock(tx, p.edition());
  kCounts.LockParticipant(tx, p.participant_id());
  const pqxx::row upserted = pg::Exec1(
      tx, queries::kUpsertParticipant, p.participant_id(), p.edition(),
      p.application_id(), p.teryt(), p.voivodeship(),
      static_cast<int>(p.jst_kind()), static_cast<int>(p.sex()),
      p.age_at_start(), static_cast<int>(p.target_group()),
      static_cast<int>(p.status()), p.declaration_recorded(),
      p.participation_start(), p.participation_end(),
      static_cast<int>(p.end_reason()), p.monitoring_data_complete(),
      pg::TextArrayLiteral(p.missing_monitoring_fields()), Micros(occurred_at));
  // An older event, or facts figures do not read (the age, the end): no
  // record can change.
  if (!upserted["changed"].as<bool>()) return;
  recounts.Add(p.edition(), p.application_id());
  // The application the participant leaves (if they move) is recounted too.
  if (!upserted["old_edition"].is_null()) {
    recounts.Add(upserted["old_edition"].as<std::string>(),
                 upserted["old_application_id"].as<std::string>());
  }
}

void ProjectionStore::Attendance(
    pqxx::transaction_base& tx, const ev::AttendanceRecorded& e,
    const google::protobuf::Timestamp& occurred_at) const {
  pg::Exec0(tx, queries::kUpsertAttendance, e.session_id(), e.participant_id(),
            e.edition(), e.module_number(), static_cast<int>(e.status()),
            e.attended_minutes(), Micros(occurred_at));
}

void ProjectionStore::Completion(pqxx::transaction_base& tx,
                                 const ev::ParticipantCompletedTraining& e,
                                 PendingRecounts& recounts) const {
  kCounts.Lock(tx, e.edition());
  kCounts.LockParticipant(tx, e.participant_id());
  const pqxx::result inserted =
      pg::Exec(tx, queries::kInsertCompletion, e.participant_id(), e.edition(),
               Micros(e.completed_at()), e.attended_minutes(),
               e.planned_minutes(), e.completion_percent());
  // The first completion stays; one before the participant's facts counts
  // when they arrive.
  RecountParticipant(tx, e.participant_id(), inserted.affected_rows() > 0,
                     recounts);
}

void ProjectionStore::CaseStage(pqxx::transaction_base& tx,
                                const ev::CaseRef& ref, int stage,
                                PendingRecounts& recounts) const {
  kCounts.Lock(tx, ref.edition());
  EnsureCase(tx, ref);
  RecountCase(ref, SetStage(tx, ref, stage), recounts);
}

void ProjectionStore::CaseOpened(pqxx::transaction_base& tx,
                                 const ev::CaseOpened& e,
                                 PendingRecounts& recounts) const {
  kCounts.Lock(tx, e.case_().edition());
  EnsureCase(tx, e.case_());
  const bool opened = pg::Exec(tx, queries::kCaseOpened, e.case_().case_id(),
                               Micros(e.opened_at()))
                          .affected_rows() > 0;
  const bool staged = SetStage(tx, e.case_(), advisory::v1::AREA_CHOICE);
  RecountCase(e.case_(), opened || staged, recounts);
}

void ProjectionStore::PlanAdopted(pqxx::transaction_base& tx,
                                  const ev::PlanAdopted& e,
                                  PendingRecounts& recounts) const {
  kCounts.Lock(tx, e.case_().edition());
  EnsureCase(tx, e.case_());
  RecountCase(
      e.case_(),
      pg::Exec(tx, queries::kPlanAdopted, e.case_().case_id(), e.adopted_on())
              .affected_rows() > 0,
      recounts);
}

void ProjectionStore::Membership(pqxx::transaction_base& tx,
                                 const ev::CommunityMembershipChanged& e,
                                 const google::protobuf::Timestamp& occurred_at,
                                 PendingRecounts& recounts) const {
  kCounts.Lock(tx, e.community().edition());
  kCounts.LockParticipant(tx, e.participant_id());
  const bool changed =
      pg::Exec(tx, queries::kUpsertMembership, e.membership_id(),
               e.community().edition(), e.community().community_id(),
               static_cast<int>(e.community().kind()), e.participant_id(),
               e.joined_on(), e.left_on(), Micros(occurred_at))
          .affected_rows() > 0;
  RecountParticipant(tx, e.participant_id(), changed, recounts);
}

void ProjectionStore::Meeting(pqxx::transaction_base& tx,
                              const ev::CommunityMeetingHeld& e,
                              PendingRecounts& recounts) const {
  kCounts.Lock(tx, e.community().edition());
  const bool changed =
      pg::Exec(tx, queries::kUpsertMeeting, e.meeting_id(),
               e.community().edition(), e.community().community_id(),
               static_cast<int>(e.community().kind()), e.held_on(),
               static_cast<int>(e.form()), e.attendee_ids_size(), e.revision())
          .affected_rows() > 0;
  if (changed) recounts.Add(e.community().edition(), kMeetingsApplication);
}

void ProjectionStore::ELearning(pqxx::transaction_base& tx,
                                const ev::ELearningCompleted& e,
                                const google::protobuf::Timestamp& occurred_at,
                                PendingRecounts& recounts) const {
  kCounts.Lock(tx, e.edition());
  kCounts.LockParticipant(tx, e.participant_id());
  const bool changed =
      pg::Exec(tx, queries::kUpsertELearning, e.participant_id(), e.edition(),
               e.course_code(), e.completed_on(), Micros(occurred_at))
          .affected_rows() > 0;
  RecountParticipant(tx, e.participant_id(), changed, recounts);
}

void ProjectionStore::Practice(pqxx::transaction_base& tx,
                               const ev::GoodPracticeStatusChanged& e,
                               PendingRecounts& recounts) const {
  kCounts.Lock(tx, e.edition());
  const bool changed =
      pg::Exec(tx, queries::kUpsertPractice, e.practice_id(), e.edition(),
               e.case_id(), e.teryt(), e.voivodeship(),
               static_cast<int>(e.jst_kind()), static_cast<int>(e.status()),
               e.published_on(), e.version())
          .affected_rows() > 0;
  if (!changed) return;
  // A practice before its case's facts counts when they arrive.
  const pqxx::result c = pg::Exec(tx, queries::kCaseApplication, e.case_id());
  if (!c.empty()) {
    recounts.Add(e.edition(), c[0]["application_id"].as<std::string>());
  }
}

void ProjectionStore::CaseSchools(pqxx::transaction_base& tx,
                                  const ev::CaseSchoolsChanged& e,
                                  PendingRecounts& recounts) const {
  kCounts.Lock(tx, e.case_().edition());
  EnsureCase(tx, e.case_());
  std::vector<std::string> rspo;
  for (const auto& action : e.actions()) {
    if (action.dropped()) continue;
    rspo.insert(rspo.end(), action.rspo().begin(), action.rspo().end());
  }
  std::sort(rspo.begin(), rspo.end());
  rspo.erase(std::unique(rspo.begin(), rspo.end()), rspo.end());
  RecountCase(e.case_(),
              pg::Exec(tx, queries::kUpsertCaseSchools, e.case_().case_id(),
                       e.case_().edition(), e.schedule_approved_on(),
                       pg::TextArrayLiteral(rspo), e.case_().version())
                      .affected_rows() > 0,
              recounts);
}

}  // namespace jstedu::reporting
