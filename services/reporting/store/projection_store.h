#pragma once

// ProjectionStore: other services' facts, written from their events
// (projection.h dispatches them) inside the consumer's inbox transaction,
// so each event takes effect once. Every method writes the fact itself (an
// upsert keyed by the fact's id) and tolerates any order, then adds the
// applications whose records may have changed to the transaction's
// PendingRecounts, which recounts each once when the transaction's last
// event is applied (store/counts_store.h; attendance marks are in no
// measure; a change of an edition's minimum recounts the whole edition,
// once per transaction as well):
//
//   edition_fact       EditionChanged: the newest update
//   jst_fact           JstQualified, JstWithdrawn: the first of each
//   participant_fact   the participant's facts of the event that committed
//                      last
//   attendance_fact    AttendanceRecorded: the newest mark
//   completion_fact    ParticipantCompletedTraining: the first
//   case_fact          the stage of the highest case version that set one;
//                      the opening and the plan's adoption whenever they
//                      arrive
//   membership_fact    CommunityMembershipChanged: the period as the event
//                      that committed last tells it
//   meeting_fact       CommunityMeetingHeld: the highest revision
//   elearning_fact     ELearningCompleted: the day of the event that
//                      committed last
//   practice_fact      GoodPracticeStatusChanged: the highest version
//   case_schools_fact  CaseSchoolsChanged: the highest case version's set
//
// Memberships and e-learning recount their participant's application (as
// completions do), practices and schools their case's; meetings belong to
// no application and recount the edition's pseudo-application ""
// (counts_store.h), whose facts are its meetings.
//
// It holds nothing: the transaction is the consumer's (ServiceHost's inbox
// consumer, common/events/consumer.h).

#include <pqxx/transaction_base>

#include "google/protobuf/timestamp.pb.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/reporting/store/counts_store.h"

namespace jstedu::reporting {

class ProjectionStore {
 public:
  void Edition(pqxx::transaction_base& tx,
               const events::v1::EditionChanged& event,
               PendingRecounts& recounts) const;
  void Qualified(pqxx::transaction_base& tx,
                 const events::v1::JstQualified& event,
                 PendingRecounts& recounts) const;
  void Withdrawn(pqxx::transaction_base& tx,
                 const events::v1::JstWithdrawn& event,
                 PendingRecounts& recounts) const;
  // `occurred_at`: the event's time, which orders a participant's facts.
  void Participant(pqxx::transaction_base& tx,
                   const events::v1::ParticipantFacts& facts,
                   const google::protobuf::Timestamp& occurred_at,
                   PendingRecounts& recounts) const;
  // `occurred_at`: the event's time, which orders a participant's marks.
  void Attendance(pqxx::transaction_base& tx,
                  const events::v1::AttendanceRecorded& event,
                  const google::protobuf::Timestamp& occurred_at) const;
  void Completion(pqxx::transaction_base& tx,
                  const events::v1::ParticipantCompletedTraining& event,
                  PendingRecounts& recounts) const;
  // The case's row (created by whichever of its events comes first) in
  // `stage`, unless a higher case version already set one.
  void CaseStage(pqxx::transaction_base& tx, const events::v1::CaseRef& ref,
                 int stage, PendingRecounts& recounts) const;
  // CaseStage(AREA_CHOICE) and the first opening time.
  void CaseOpened(pqxx::transaction_base& tx,
                  const events::v1::CaseOpened& event,
                  PendingRecounts& recounts) const;
  // The case's row and the plan's adoption date.
  void PlanAdopted(pqxx::transaction_base& tx,
                   const events::v1::PlanAdopted& event,
                   PendingRecounts& recounts) const;
  // `occurred_at`: the event's time, which orders a period's events.
  void Membership(pqxx::transaction_base& tx,
                  const events::v1::CommunityMembershipChanged& event,
                  const google::protobuf::Timestamp& occurred_at,
                  PendingRecounts& recounts) const;
  void Meeting(pqxx::transaction_base& tx,
               const events::v1::CommunityMeetingHeld& event,
               PendingRecounts& recounts) const;
  // `occurred_at`: the event's time, which orders a course's completions.
  void ELearning(pqxx::transaction_base& tx,
                 const events::v1::ELearningCompleted& event,
                 const google::protobuf::Timestamp& occurred_at,
                 PendingRecounts& recounts) const;
  void Practice(pqxx::transaction_base& tx,
                const events::v1::GoodPracticeStatusChanged& event,
                PendingRecounts& recounts) const;
  void CaseSchools(pqxx::transaction_base& tx,
                   const events::v1::CaseSchoolsChanged& event,
                   PendingRecounts& recounts) const;
};

}  // namespace jstedu::reporting
