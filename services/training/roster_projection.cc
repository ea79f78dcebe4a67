#include "services/training/roster_projection.h"

#include <google/protobuf/util/time_util.h>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "jstedu/events/v1/recruitment_events.pb.h"

namespace jstedu::training {
namespace {

namespace ev = ::jstedu::events::v1;
namespace rv1 = ::jstedu::recruitment::v1;
using google::protobuf::util::TimeUtil;

using events::Unpack;

std::string When(const events::EventEnvelope& envelope) {
  return TimeUtil::ToString(envelope.occurred_at());
}

void Qualified(pqxx::transaction_base& tx, const ev::JstQualified& e,
               const std::string& at) {
  tx.exec_params(
      "INSERT INTO roster_jst (application_id, edition, teryt, voivodeship, "
      "jst_kind, "
      "workshop_group, qualified_at, event_at) "
      "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::timestamptz, $7::timestamptz) "
      "ON CONFLICT (application_id) DO UPDATE SET jst_kind = "
      "EXCLUDED.jst_kind, "
      "workshop_group = EXCLUDED.workshop_group, qualified_at = "
      "EXCLUDED.qualified_at, "
      "event_at = greatest(roster_jst.event_at, EXCLUDED.event_at)",
      e.application_id(), e.edition(), e.teryt(), e.voivodeship(),
      rv1::JstKind_Name(e.jst_kind()), e.workshop_group(), at);
  // The team gets the tasks already set in its edition (a JST promoted from
  // the waiting list joins mid-way); the unique (definition, application)
  // makes a repeated qualification add nothing.
  tx.exec_params(
      "INSERT INTO task (id, definition_id, application_id, teryt, "
      "voivodeship, "
      "status, due_at) SELECT gen_random_uuid(), d.id, $1::uuid, $3, $4, "
      "'OPEN', "
      "task_due_at(d.id) FROM task_definition d JOIN module m ON m.id = "
      "d.module_id WHERE m.edition = $2 AND task_due_at(d.id) IS NOT NULL "
      "ON CONFLICT (definition_id, application_id) DO NOTHING",
      e.application_id(), e.edition(), e.teryt(), e.voivodeship());
}

void Withdrawn(pqxx::transaction_base& tx, const ev::JstWithdrawn& e,
               const std::string& at) {
  tx.exec_params(
      "INSERT INTO roster_jst (application_id, edition, teryt, voivodeship, "
      "withdrawn_at, event_at) VALUES ($1::uuid, $2, $3, $4, $5::timestamptz, "
      "$5::timestamptz) ON CONFLICT (application_id) DO UPDATE SET "
      "withdrawn_at = EXCLUDED.withdrawn_at, "
      "event_at = greatest(roster_jst.event_at, EXCLUDED.event_at)",
      e.application_id(), e.edition(), e.teryt(), e.voivodeship(), at);
}

// Upserts the snapshot unless a newer one is already there.
void Facts(pqxx::transaction_base& tx, const ev::ParticipantFacts& p,
           const std::string& at) {
  tx.exec_params(
      "INSERT INTO roster_participant (participant_id, application_id, "
      "edition, teryt, "
      "voivodeship, sex, age_at_start, target_group, active, "
      "declaration_recorded, "
      "participation_start, participation_end, event_at) VALUES ($1::uuid, "
      "$2::uuid, $3, "
      "$4, $5, $6, $7, $8, $9, $10, $11::date, nullif($12, '')::date, "
      "$13::timestamptz) "
      "ON CONFLICT (participant_id) DO UPDATE SET sex = EXCLUDED.sex, "
      "age_at_start = EXCLUDED.age_at_start, target_group = "
      "EXCLUDED.target_group, "
      "active = EXCLUDED.active, declaration_recorded = "
      "EXCLUDED.declaration_recorded, "
      "participation_start = EXCLUDED.participation_start, "
      "participation_end = EXCLUDED.participation_end, event_at = "
      "EXCLUDED.event_at "
      "WHERE roster_participant.event_at <= EXCLUDED.event_at",
      p.participant_id(), p.application_id(), p.edition(), p.teryt(),
      p.voivodeship(), rv1::Sex_Name(p.sex()), p.age_at_start(),
      rv1::TargetGroup_Name(p.target_group()),
      p.status() == rv1::PARTICIPANT_ACTIVE, p.declaration_recorded(),
      p.participation_start(), p.participation_end(), at);
}

// The edition's period, unless a newer change is already there (update
// times of an edition strictly increase).
void Edition(pqxx::transaction_base& tx, const ev::EditionChanged& e) {
  tx.exec_params(
      "INSERT INTO edition_period (edition, starts_on, ends_on, update_time) "
      "VALUES ($1, $2::date, $3::date, $4::timestamptz) ON CONFLICT "
      "(edition) DO UPDATE SET starts_on = EXCLUDED.starts_on, ends_on = "
      "EXCLUDED.ends_on, update_time = EXCLUDED.update_time WHERE "
      "edition_period.update_time < EXCLUDED.update_time",
      e.code(), e.starts_on(), e.ends_on(),
      TimeUtil::ToString(e.update_time()));
}

template <typename Event>
absl::Status ApplyFacts(pqxx::transaction_base& tx,
                        const events::EventEnvelope& envelope) {
  auto event = Unpack<Event>(envelope);
  if (!event.ok()) return event.status();
  Facts(tx, event->participant(), When(envelope));
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope) {
  const std::string& type = envelope.event_type();
  if (type == ev::EditionChanged::descriptor()->full_name()) {
    auto event = Unpack<ev::EditionChanged>(envelope);
    if (!event.ok()) return event.status();
    Edition(tx, *event);
  } else if (type == ev::JstQualified::descriptor()->full_name()) {
    auto event = Unpack<ev::JstQualified>(envelope);
    if (!event.ok()) return event.status();
    Qualified(tx, *event, When(envelope));
  } else if (type == ev::JstWithdrawn::descriptor()->full_name()) {
    auto event = Unpack<ev::JstWithdrawn>(envelope);
    if (!event.ok()) return event.status();
    Withdrawn(tx, *event, When(envelope));
  } else if (type == ev::ParticipantEnrolled::descriptor()->full_name()) {
    return ApplyFacts<ev::ParticipantEnrolled>(tx, envelope);
  } else if (type == ev::ParticipantUpdated::descriptor()->full_name()) {
    return ApplyFacts<ev::ParticipantUpdated>(tx, envelope);
  } else if (type == ev::ParticipantWithdrawn::descriptor()->full_name()) {
    return ApplyFacts<ev::ParticipantWithdrawn>(tx, envelope);
  }
  return absl::OkStatus();
}

}  // namespace jstedu::training
