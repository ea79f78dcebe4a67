#include "services/reporting/projection.h"

#include <pqxx/pqxx>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/events/v1/training_events.pb.h"

namespace jstedu::reporting {
namespace {

namespace ev = events::v1;
using google::protobuf::util::TimeUtil;

// Instants travel as microseconds since the epoch (bigint parameters, read
// as 'epoch' + n µs): exact, unlike a double.
int64_t Micros(const google::protobuf::Timestamp& time) {
  return TimeUtil::TimestampToMicroseconds(time);
}

// A text[] literal for pqxx 6.4 (which has no array parameters).
std::string TextArray(
    const google::protobuf::RepeatedPtrField<std::string>& values) {
  std::string literal = "{";
  for (int i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + "}";
}

void ApplyEdition(pqxx::transaction_base& tx, const ev::EditionChanged& e) {
  tx.exec_params(
      "INSERT INTO edition_fact (edition, kind, name, capacity, "
      "min_representatives, starts_on, ends_on, source_time) "
      "VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, "
      "'epoch'::timestamptz + $8::bigint * interval '1 microsecond') "
      "ON CONFLICT (edition) DO UPDATE SET kind = EXCLUDED.kind, "
      "name = EXCLUDED.name, capacity = EXCLUDED.capacity, "
      "min_representatives = EXCLUDED.min_representatives, "
      "starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on, "
      "source_time = EXCLUDED.source_time "
      "WHERE edition_fact.source_time <= EXCLUDED.source_time",
      e.code(), static_cast<int>(e.kind()), e.name(), e.capacity(),
      e.min_representatives(), e.starts_on(), e.ends_on(),
      Micros(e.update_time()));
}

void ApplyQualified(pqxx::transaction_base& tx, const ev::JstQualified& e) {
  tx.exec_params(
      "INSERT INTO jst_fact (application_id, edition, teryt, voivodeship, "
      "jst_kind, qualified_at) VALUES ($1::uuid, $2, $3, $4, $5, "
      "'epoch'::timestamptz + $6::bigint * interval '1 microsecond') "
      "ON CONFLICT (application_id) DO UPDATE SET "
      "jst_kind = EXCLUDED.jst_kind, "
      "qualified_at = coalesce(jst_fact.qualified_at, EXCLUDED.qualified_at)",
      e.application_id(), e.edition(), e.teryt(), e.voivodeship(),
      static_cast<int>(e.jst_kind()), Micros(e.qualified_at()));
}

// JstWithdrawn carries no JST kind: a row it creates first gets kind 0 until
// the JstQualified (if any) arrives.
void ApplyWithdrawn(pqxx::transaction_base& tx, const ev::JstWithdrawn& e) {
  tx.exec_params(
      "INSERT INTO jst_fact (application_id, edition, teryt, voivodeship, "
      "jst_kind, withdrawn_at, previous_status) VALUES ($1::uuid, $2, $3, $4, "
      "0, 'epoch'::timestamptz + $5::bigint * interval '1 microsecond', $6) "
      "ON CONFLICT (application_id) DO UPDATE SET "
      "withdrawn_at = coalesce(jst_fact.withdrawn_at, EXCLUDED.withdrawn_at), "
      "previous_status = coalesce(jst_fact.previous_status, "
      "EXCLUDED.previous_status)",
      e.application_id(), e.edition(), e.teryt(), e.voivodeship(),
      Micros(e.withdrawn_at()), static_cast<int>(e.previous_status()));
}

void ApplyParticipant(pqxx::transaction_base& tx, const ev::ParticipantFacts& p,
                      const google::protobuf::Timestamp& occurred_at) {
  tx.exec_params(
      "INSERT INTO participant_fact (participant_id, edition, application_id, "
      "teryt, voivodeship, jst_kind, sex, age_at_start, target_group, status, "
      "declaration_recorded, participation_start, participation_end, "
      "end_reason, monitoring_data_complete, missing_monitoring_fields, "
      "source_time) VALUES ($1::uuid, $2, $3::uuid, $4, $5, $6, $7, $8, $9, "
      "$10, $11, nullif($12, '')::date, nullif($13, '')::date, $14, $15, "
      "$16::text[], "
      "'epoch'::timestamptz + $17::bigint * interval '1 microsecond') "
      "ON CONFLICT (participant_id) DO UPDATE SET "
      "edition = EXCLUDED.edition, application_id = EXCLUDED.application_id, "
      "teryt = EXCLUDED.teryt, voivodeship = EXCLUDED.voivodeship, "
      "jst_kind = EXCLUDED.jst_kind, sex = EXCLUDED.sex, "
      "age_at_start = EXCLUDED.age_at_start, "
      "target_group = EXCLUDED.target_group, status = EXCLUDED.status, "
      "declaration_recorded = EXCLUDED.declaration_recorded, "
      "participation_start = EXCLUDED.participation_start, "
      "participation_end = EXCLUDED.participation_end, "
      "end_reason = EXCLUDED.end_reason, "
      "monitoring_data_complete = EXCLUDED.monitoring_data_complete, "
      "missing_monitoring_fields = EXCLUDED.missing_monitoring_fields, "
      "source_time = EXCLUDED.source_time "
      "WHERE participant_fact.source_time <= EXCLUDED.source_time",
      p.participant_id(), p.edition(), p.application_id(), p.teryt(),
      p.voivodeship(), static_cast<int>(p.jst_kind()),
      static_cast<int>(p.sex()), p.age_at_start(),
      static_cast<int>(p.target_group()), static_cast<int>(p.status()),
      p.declaration_recorded(), p.participation_start(), p.participation_end(),
      static_cast<int>(p.end_reason()), p.monitoring_data_complete(),
      TextArray(p.missing_monitoring_fields()), Micros(occurred_at));
}

// The newest mark is the one whose event committed last (recorded_at is the
// recording caller's clock and may tie).
void ApplyAttendance(pqxx::transaction_base& tx,
                     const ev::AttendanceRecorded& e,
                     const google::protobuf::Timestamp& occurred_at) {
  tx.exec_params(
      "INSERT INTO attendance_fact (session_id, participant_id, edition, "
      "module_number, status, attended_minutes, source_time) VALUES "
      "($1::uuid, $2::uuid, $3, $4, $5, $6, "
      "'epoch'::timestamptz + $7::bigint * interval '1 microsecond') "
      "ON CONFLICT (session_id, participant_id) DO UPDATE SET "
      "status = EXCLUDED.status, attended_minutes = EXCLUDED.attended_minutes, "
      "source_time = EXCLUDED.source_time "
      "WHERE attendance_fact.source_time <= EXCLUDED.source_time",
      e.session_id(), e.participant_id(), e.edition(), e.module_number(),
      static_cast<int>(e.status()), e.attended_minutes(), Micros(occurred_at));
}

void ApplyCompletion(pqxx::transaction_base& tx,
                     const ev::ParticipantCompletedTraining& e) {
  tx.exec_params(
      "INSERT INTO completion_fact (participant_id, edition, completed_at, "
      "attended_minutes, planned_minutes, completion_percent) VALUES "
      "($1::uuid, $2, "
      "'epoch'::timestamptz + $3::bigint * interval '1 microsecond', $4, $5, "
      "$6) ON CONFLICT (participant_id) DO NOTHING",
      e.participant_id(), e.edition(), Micros(e.completed_at()),
      e.attended_minutes(), e.planned_minutes(), e.completion_percent());
}

// Creates the case's row if this is the first event seen for it.
void EnsureCase(pqxx::transaction_base& tx, const ev::CaseRef& ref) {
  tx.exec_params(
      "INSERT INTO case_fact (case_id, edition, application_id, teryt, "
      "voivodeship, jst_kind, stage, stage_version) VALUES ($1::uuid, $2, "
      "$3::uuid, $4, $5, $6, 0, 0) ON CONFLICT (case_id) DO NOTHING",
      ref.case_id(), ref.edition(), ref.application_id(), ref.teryt(),
      ref.voivodeship(), static_cast<int>(ref.jst_kind()));
}

void SetStage(pqxx::transaction_base& tx, const ev::CaseRef& ref, int stage) {
  tx.exec_params(
      "UPDATE case_fact SET stage = $2, stage_version = $3 "
      "WHERE case_id = $1::uuid AND stage_version < $3",
      ref.case_id(), stage, ref.version());
}

template <typename Event>
absl::Status WithEvent(const events::EventEnvelope& envelope,
                       const std::function<void(const Event&)>& apply) {
  auto event = events::Unpack<Event>(envelope);
  if (!event.ok()) return event.status();
  apply(*event);
  return absl::OkStatus();
}

bool Is(const events::EventEnvelope& envelope,
        const google::protobuf::Descriptor* descriptor) {
  return envelope.event_type() == descriptor->full_name();
}

}  // namespace

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope) {
  if (Is(envelope, ev::EditionChanged::descriptor())) {
    return WithEvent<ev::EditionChanged>(
        envelope, [&](const auto& e) { ApplyEdition(tx, e); });
  }
  if (Is(envelope, ev::JstQualified::descriptor())) {
    return WithEvent<ev::JstQualified>(
        envelope, [&](const auto& e) { ApplyQualified(tx, e); });
  }
  if (Is(envelope, ev::JstWithdrawn::descriptor())) {
    return WithEvent<ev::JstWithdrawn>(
        envelope, [&](const auto& e) { ApplyWithdrawn(tx, e); });
  }
  auto participant = [&](const ev::ParticipantFacts& facts) {
    ApplyParticipant(tx, facts, envelope.occurred_at());
  };
  if (Is(envelope, ev::ParticipantEnrolled::descriptor())) {
    return WithEvent<ev::ParticipantEnrolled>(
        envelope, [&](const auto& e) { participant(e.participant()); });
  }
  if (Is(envelope, ev::ParticipantUpdated::descriptor())) {
    return WithEvent<ev::ParticipantUpdated>(
        envelope, [&](const auto& e) { participant(e.participant()); });
  }
  if (Is(envelope, ev::ParticipantWithdrawn::descriptor())) {
    return WithEvent<ev::ParticipantWithdrawn>(
        envelope, [&](const auto& e) { participant(e.participant()); });
  }
  return absl::OkStatus();
}

absl::Status ApplyTrainingEvent(pqxx::transaction_base& tx,
                                const events::EventEnvelope& envelope) {
  if (Is(envelope, ev::AttendanceRecorded::descriptor())) {
    return WithEvent<ev::AttendanceRecorded>(envelope, [&](const auto& e) {
      ApplyAttendance(tx, e, envelope.occurred_at());
    });
  }
  if (Is(envelope, ev::ParticipantCompletedTraining::descriptor())) {
    return WithEvent<ev::ParticipantCompletedTraining>(
        envelope, [&](const auto& e) { ApplyCompletion(tx, e); });
  }
  return absl::OkStatus();
}

absl::Status ApplyAdvisoryEvent(pqxx::transaction_base& tx,
                                const events::EventEnvelope& envelope) {
  if (Is(envelope, ev::CaseOpened::descriptor())) {
    return WithEvent<ev::CaseOpened>(envelope, [&](const auto& e) {
      EnsureCase(tx, e.case_());
      tx.exec_params(
          "UPDATE case_fact SET opened_at = coalesce(opened_at, "
          "'epoch'::timestamptz + $2::bigint * interval '1 microsecond') "
          "WHERE case_id = $1::uuid",
          e.case_().case_id(), Micros(e.opened_at()));
      SetStage(tx, e.case_(), advisory::v1::AREA_CHOICE);
    });
  }
  if (Is(envelope, ev::CaseStageChanged::descriptor())) {
    return WithEvent<ev::CaseStageChanged>(envelope, [&](const auto& e) {
      EnsureCase(tx, e.case_());
      SetStage(tx, e.case_(), e.to_stage());
    });
  }
  if (Is(envelope, ev::CaseWithdrawn::descriptor())) {
    return WithEvent<ev::CaseWithdrawn>(envelope, [&](const auto& e) {
      EnsureCase(tx, e.case_());
      SetStage(tx, e.case_(), advisory::v1::WITHDRAWN);
    });
  }
  if (Is(envelope, ev::PlanAdopted::descriptor())) {
    return WithEvent<ev::PlanAdopted>(envelope, [&](const auto& e) {
      EnsureCase(tx, e.case_());
      tx.exec_params(
          "UPDATE case_fact SET plan_adopted_on = $2::date "
          "WHERE case_id = $1::uuid",
          e.case_().case_id(), e.adopted_on());
    });
  }
  return absl::OkStatus();
}

}  // namespace jstedu::reporting
