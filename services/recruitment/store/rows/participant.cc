#include "services/recruitment/store/rows/participant.h"

#include <array>
#include <map>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "services/recruitment/store/rows/identity.h"
#include "services/recruitment/store/rows/participant_queries.h"

namespace jstedu::recruitment {
namespace {

namespace ev = ::jstedu::events::v1;

// How many of kInsertParticipants' arrays ($3..$21) a record's values fill.
constexpr size_t kInsertedColumns = 19;

std::optional<SituationAnswer> AnswerOrNone(const std::string& name) {
  SituationAnswer answer;
  if (name.empty() || !ParseSituationAnswer(name, &answer)) return std::nullopt;
  return answer;
}

std::string AnswerText(const std::optional<SituationAnswer>& answer) {
  return answer ? SituationAnswerName(*answer) : "";
}

v1::SituationAnswer AnswerProto(const std::optional<SituationAnswer>& answer) {
  v1::SituationAnswer out = v1::SITUATION_ANSWER_UNSPECIFIED;
  if (answer) v1::SituationAnswer_Parse(SituationAnswerName(*answer), &out);
  return out;
}

absl::CivilDay DayOf(const std::string& text) {
  absl::CivilDay day;
  ParseIsoDate(text, &day);
  return day;
}

std::string EducationText(const ParticipantData& d) {
  return d.education_level ? EducationLevelName(*d.education_level) : "";
}

std::string SignedOnText(const ParticipantData& d) {
  return d.declaration ? FormatIsoDate(d.declaration->signed_on) : "";
}

ParticipantData ReadRecord(const pqxx::row& row) {
  ParticipantData d;
  d.first_name = row["first_name"].as<std::string>();
  d.last_name = row["last_name"].as<std::string>();
  d.pesel = row["pesel"].as<std::string>();
  d.other_identifier = row["other_identifier"].as<std::string>();
  ParseSex(row["sex"].as<std::string>(), &d.sex);
  d.birth_date = DayOf(row["birth_date"].as<std::string>());
  d.age_at_start = row["age_at_start"].as<int>();
  const std::string education = row["education_level"].as<std::string>();
  EducationLevel level;
  if (!education.empty() && ParseEducationLevel(education, &level)) {
    d.education_level = level;
  }
  d.email = row["email"].as<std::string>();
  d.phone = row["phone"].as<std::string>();
  d.position = row["position"].as<std::string>();
  ParseTargetGroup(row["target_group"].as<std::string>(), &d.target_group);
  d.participation_start = DayOf(row["participation_start"].as<std::string>());
  const std::string signed_on = row["declaration_signed_on"].as<std::string>();
  if (!signed_on.empty()) {
    d.declaration = DeclarationData{DayOf(signed_on), true};
  }
  d.situation.minority_or_foreign_origin =
      AnswerOrNone(row["minority_or_foreign_origin"].as<std::string>());
  d.situation.homeless = AnswerOrNone(row["homeless"].as<std::string>());
  d.situation.disability = AnswerOrNone(row["disability"].as<std::string>());
  d.situation.other_disadvantage =
      AnswerOrNone(row["other_disadvantage"].as<std::string>());
  return d;
}

template <typename FactsMessage>
FactsMessage Facts(const ParticipantRow& p) {
  const v1::Participant full = ParticipantProto(p);
  FactsMessage facts;
  facts.set_participant_id(p.id);
  facts.set_edition(p.edition);
  facts.set_application_id(p.application_id);
  facts.set_teryt(p.teryt);
  facts.set_voivodeship(p.voivodeship);
  facts.set_jst_kind(KindFromName(p.jst_kind));
  facts.set_sex(full.sex());
  facts.set_age_at_start(full.age_at_start());
  facts.set_target_group(full.target_group());
  // A record counted nowhere says so, and consumers leave it out.
  facts.set_status(Counted(p.identity) ? full.status()
                                       : v1::PARTICIPANT_NOT_COUNTED);
  facts.set_declaration_recorded(p.data.declaration.has_value());
  facts.set_participation_start(full.participation_start());
  if (full.has_participation_end())
    facts.set_participation_end(full.participation_end());
  facts.set_end_reason(full.end_reason());
  // Proto field names, as every event has carried them (reporting stores
  // them and converts when answering); answers give the JSON names.
  const std::vector<std::string> missing = p.MissingMonitoringFields();
  facts.set_monitoring_data_complete(missing.empty());
  for (const std::string& field : missing)
    facts.add_missing_monitoring_fields(field);
  return facts;
}

// The facts as published: the bytes kept in participant.published_facts.
std::string PublishedFactsHex(const ParticipantRow& p) {
  return absl::BytesToHexString(EventFacts(p).SerializeAsString());
}

template <typename Event>
std::unique_ptr<google::protobuf::Message> EventWith(
    const ev::ParticipantFacts& facts) {
  auto event = std::make_unique<Event>();
  *event->mutable_participant() = facts;
  return event;
}

// The event of `kind` carrying `facts`.
std::unique_ptr<google::protobuf::Message> EventOf(
    ParticipantEvent kind, const ev::ParticipantFacts& facts) {
  switch (kind) {
    case ParticipantEvent::kEnrolled:
      return EventWith<ev::ParticipantEnrolled>(facts);
    case ParticipantEvent::kUpdated:
      return EventWith<ev::ParticipantUpdated>(facts);
    case ParticipantEvent::kWithdrawn:
      return EventWith<ev::ParticipantWithdrawn>(facts);
  }
  return nullptr;
}

// A participant as stored now and the event to append about it.
struct StoredChange {
  ParticipantEvent kind;
  const ParticipantRow* row;
};

// Appends the events of `changes` in their order (one statement), each with
// its participant's facts now, and records those facts as published (one
// statement more). With `read_now` (the rows were read in this transaction
// after its last write of their facts), a row whose recorded facts are
// those already is not written again.
void AppendEventsOf(pqxx::transaction_base& tx,
                    const std::vector<StoredChange>& changes,
                    const Actor& actor, bool read_now) {
  if (changes.empty()) return;
  std::vector<std::unique_ptr<google::protobuf::Message>> payloads;
  std::vector<events::NewEvent> batch;
  std::vector<std::string> ids, facts;
  for (const StoredChange& change : changes) {
    const ev::ParticipantFacts now = EventFacts(*change.row);
    payloads.push_back(EventOf(change.kind, now));
    batch.push_back({payloads.back().get(), change.row->id});
    std::string hex = absl::BytesToHexString(now.SerializeAsString());
    if (read_now && hex == change.row->published_facts_hex) continue;
    facts.push_back(std::move(hex));
    ids.push_back(change.row->id);
  }
  events::AppendEvents(tx, batch, actor.traceparent);
  if (ids.empty()) return;
  pg::Exec(tx, queries::kRecordPublishedFactsOfMany, pg::TextArrayLiteral(ids),
           pg::TextArrayLiteral(facts));
}

// What a new record is matched on within its application: its PESEL, or
// its other identifier when it has none.
std::string IdentifierKey(const std::string& pesel,
                          const std::string& other_identifier) {
  return pesel.empty() ? absl::StrCat("o:", other_identifier)
                       : absl::StrCat("p:", pesel);
}

// A new record's values for kInsertParticipants' arrays ($3 on), in their
// order.
std::array<std::string, kInsertedColumns> InsertedValues(
    const ParticipantData& d, Identity identity) {
  return {d.first_name,
          d.last_name,
          d.pesel,
          d.other_identifier,
          SexName(d.sex),
          FormatIsoDate(d.birth_date),
          absl::StrCat(d.age_at_start),
          EducationText(d),
          d.email,
          d.phone,
          d.position,
          TargetGroupName(d.target_group),
          FormatIsoDate(d.participation_start),
          SignedOnText(d),
          IdentityName(identity),
          AnswerText(d.situation.minority_or_foreign_origin),
          AnswerText(d.situation.homeless),
          AnswerText(d.situation.disability),
          AnswerText(d.situation.other_disadvantage)};
}

// The identity a new record is written with.
Identity IdentityOf(const PeselRegistration& registration) {
  return registration.registration == Registration::kAwaitingOffice
             ? Identity::kAwaitingOffice
             : Identity::kConfirmed;
}

// A participant's application part: its application, JST and institution
// block (kNewParticipantContext's columns, which JSTEDU_PARTICIPANT_SELECT
// has too).
ParticipantRow ReadApplicationPart(const pqxx::row& row) {
  ParticipantRow p;
  p.application_id = row["application_id"].as<std::string>();
  p.edition = row["edition"].as<std::string>();
  p.teryt = row["teryt"].as<std::string>();
  p.jst_name = row["jst_name"].as<std::string>();
  p.voivodeship = row["voivodeship"].as<std::string>();
  p.jst_kind = row["jst_kind"].as<std::string>();
  p.institution = ReadInstitution(row);
  return p;
}

// InsertRegisteredParticipants; `with_facts`: each row written with the
// facts it is expected to be published with, as computed from the record
// and its application (ids drawn first, as the facts name them), so that
// AppendParticipantEvents, which publishes the facts of the row as read
// back, need not write them again. What it publishes stays what it reads.
std::vector<std::string> InsertNew(pqxx::transaction_base& tx,
                                   const std::string& app_id,
                                   const std::string& edition,
                                   const std::vector<NewParticipant>& records,
                                   const Actor& actor, bool with_facts) {
  std::vector<std::string> ids(records.size());
  // The records to write (not the application's own duplicates), and
  // their values column by column, in the order given.
  std::vector<size_t> written;
  std::vector<std::vector<std::string>> columns(kInsertedColumns);
  for (size_t i = 0; i < records.size(); ++i) {
    const Registration registration = records[i].registration.registration;
    if (registration == Registration::kOwnDuplicate) continue;
    written.push_back(i);
    std::array<std::string, kInsertedColumns> values =
        InsertedValues(*records[i].data, IdentityOf(records[i].registration));
    for (size_t c = 0; c < kInsertedColumns; ++c) {
      columns[c].push_back(std::move(values[c]));
    }
  }
  if (written.empty()) return ids;
  std::vector<std::string> new_ids, facts;
  if (with_facts) {
    ParticipantRow row = ReadApplicationPart(
        pg::Exec1(tx, queries::kNewParticipantContext, app_id));
    for (const pqxx::row& r : pg::Exec(tx, queries::kNewParticipantIds,
                                       static_cast<int>(written.size()))) {
      new_ids.push_back(r["id"].as<std::string>());
    }
    for (size_t k = 0; k < written.size(); ++k) {
      const NewParticipant& record = records[written[k]];
      row.id = new_ids[k];
      row.data = *record.data;
      row.identity = IdentityOf(record.registration);
      facts.push_back(PublishedFactsHex(row));
    }
  }
  std::vector<std::string> arrays;
  for (const std::vector<std::string>& column : columns) {
    arrays.push_back(pg::TextArrayLiteral(column));
  }
  arrays.push_back(pg::TextArrayLiteral(new_ids));
  arrays.push_back(pg::TextArrayLiteral(facts));
  // RETURNING gives no row's place in the arrays: the rows are matched on
  // their identifiers, which no two records share (of two that did, the
  // first would be written, as by one insert after the other).
  std::map<std::string, std::string> inserted;
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kInsertParticipants, app_id, edition, arrays[0],
                arrays[1], arrays[2], arrays[3], arrays[4], arrays[5],
                arrays[6], arrays[7], arrays[8], arrays[9], arrays[10],
                arrays[11], arrays[12], arrays[13], arrays[14], arrays[15],
                arrays[16], arrays[17], arrays[18], arrays[19], arrays[20])) {
    inserted.emplace(IdentifierKey(row["pesel"].as<std::string>(),
                                   row["other_identifier"].as<std::string>()),
                     row["id"].as<std::string>());
  }
  for (size_t i : written) {
    const NewParticipant& record = records[i];
    auto it = inserted.find(
        IdentifierKey(record.data->pesel, record.data->other_identifier));
    if (it == inserted.end()) continue;  // the application has it already
    ids[i] = std::move(it->second);
    inserted.erase(it);
    if (record.registration.registration == Registration::kAwaitingOffice) {
      OpenConflict(tx, edition, record.registration.holder, ids[i], actor);
    }
  }
  return ids;
}

}  // namespace

std::vector<std::string> ParticipantRow::MissingMonitoringFields() const {
  std::vector<std::string> missing = recruitment::MissingMonitoringFields(data);
  for (std::string& field : institution.Missing()) {
    missing.push_back(std::move(field));
  }
  return missing;
}

ParticipantRow ReadParticipant(const pqxx::row& row) {
  ParticipantRow p = ReadApplicationPart(row);
  p.id = row["id"].as<std::string>();
  p.data = ReadRecord(row);
  p.participation_end = row["participation_end"].as<std::string>();
  p.end_reason = row["end_reason"].as<std::string>();
  p.end_note = row["end_note"].as<std::string>();
  p.declaration_recorded_micros =
      row["declaration_recorded_micros"].as<int64_t>();
  p.created_micros = row["created_micros"].as<int64_t>();
  p.updated_micros = row["updated_micros"].as<int64_t>();
  ParseIdentity(row["identity"].as<std::string>(), &p.identity);
  p.published_facts_hex = row["published_facts"].as<std::string>();
  return p;
}

std::vector<ParticipantRow> SelectParticipants(pqxx::transaction_base& tx,
                                               const char* query,
                                               const std::string& param) {
  std::vector<ParticipantRow> out;
  for (const pqxx::row& row : pg::Exec(tx, query, param)) {
    out.push_back(ReadParticipant(row));
  }
  return out;
}

absl::StatusOr<ParticipantRow> LoadParticipant(pqxx::transaction_base& tx,
                                               const std::string& id) {
  auto rows = SelectParticipants(tx, queries::kSelectParticipant, id);
  if (rows.empty()) {
    return errors::NotFoundInScope("participant", id);
  }
  return rows.front();
}

v1::Participant ParticipantProto(const ParticipantRow& p) {
  v1::Participant out;
  const ParticipantData& d = p.data;
  out.set_id(p.id);
  out.set_application(p.application_id);
  out.set_edition(p.edition);
  out.set_employer_teryt(p.teryt);
  out.set_employer_name(p.jst_name);
  out.set_first_name(d.first_name);
  out.set_last_name(d.last_name);
  out.set_pesel(d.pesel);
  out.set_no_pesel(d.pesel.empty());
  out.set_other_identifier(d.other_identifier);
  out.set_sex(d.sex == Sex::kFemale ? v1::FEMALE : v1::MALE);
  out.set_birth_date(FormatIsoDate(d.birth_date));
  out.set_age_at_start(d.age_at_start);
  if (d.education_level) {
    v1::EducationLevel level = v1::EDUCATION_LEVEL_UNSPECIFIED;
    v1::EducationLevel_Parse(EducationLevelName(*d.education_level), &level);
    out.set_education_level(level);
  }
  out.set_email(d.email);
  out.set_phone(d.phone);
  out.set_position(d.position);
  v1::TargetGroup group = v1::TARGET_GROUP_UNSPECIFIED;
  v1::TargetGroup_Parse(TargetGroupName(d.target_group), &group);
  out.set_target_group(group);
  out.set_participation_start(FormatIsoDate(d.participation_start));
  if (!p.participation_end.empty())
    out.set_participation_end(p.participation_end);
  v1::EndReason reason = v1::END_REASON_UNSPECIFIED;
  if (!p.end_reason.empty()) v1::EndReason_Parse(p.end_reason, &reason);
  out.set_end_reason(reason);
  out.set_end_note(p.end_note);
  out.set_status(p.active() ? v1::PARTICIPANT_ACTIVE
                            : v1::PARTICIPANT_WITHDRAWN);
  if (d.declaration) {
    auto* declaration = out.mutable_declaration();
    declaration->set_signed_on(FormatIsoDate(d.declaration->signed_on));
    declaration->set_information_clause_handed_over(true);
    SetMicros(p.declaration_recorded_micros,
              declaration->mutable_record_time());
  }
  SetMicros(p.created_micros, out.mutable_create_time());
  SetMicros(p.updated_micros, out.mutable_update_time());
  out.set_pesel_rejected(p.identity == Identity::kPeselRejected);
  out.set_minority_or_foreign_origin(
      AnswerProto(d.situation.minority_or_foreign_origin));
  out.set_homeless(AnswerProto(d.situation.homeless));
  out.set_disability(AnswerProto(d.situation.disability));
  out.set_other_disadvantage(AnswerProto(d.situation.other_disadvantage));
  for (const std::string& field : p.MissingMonitoringFields()) {
    out.add_missing_monitoring_fields(errors::JsonFieldPath(field));
  }
  return out;
}

ev::ParticipantFacts EventFacts(const ParticipantRow& p) {
  return Facts<ev::ParticipantFacts>(p);
}

v1::ParticipantFacts ApiFacts(const ParticipantRow& p) {
  return Facts<v1::ParticipantFacts>(p);
}

void AppendParticipantEvent(pqxx::transaction_base& tx, ParticipantEvent kind,
                            const ParticipantRow& p, const Actor& actor) {
  AppendEventsOf(tx, {{kind, &p}}, actor, /*read_now=*/false);
}

void AppendParticipantEvents(pqxx::transaction_base& tx,
                             const std::vector<ParticipantChange>& changes,
                             const Actor& actor) {
  if (changes.empty()) return;
  std::vector<std::string> ids;
  ids.reserve(changes.size());
  for (const ParticipantChange& change : changes) ids.push_back(change.id);
  std::map<std::string, ParticipantRow> stored;
  for (ParticipantRow& row : SelectParticipants(
           tx, queries::kSelectParticipants, pg::TextArrayLiteral(ids))) {
    stored.emplace(row.id, std::move(row));
  }
  std::vector<StoredChange> events;
  events.reserve(changes.size());
  for (const ParticipantChange& change : changes) {
    events.push_back({change.kind, &stored.at(change.id)});
  }
  AppendEventsOf(tx, events, actor, /*read_now=*/true);
}

int PublishChangedFacts(pqxx::transaction_base& tx, const char* query,
                        const std::string& param, const Actor& actor) {
  const std::vector<ParticipantRow> rows = SelectParticipants(tx, query, param);
  std::vector<StoredChange> changed;
  for (const ParticipantRow& row : rows) {
    if (row.published_facts_hex == PublishedFactsHex(row)) continue;
    changed.push_back({ParticipantEvent::kUpdated, &row});
  }
  AppendEventsOf(tx, changed, actor, /*read_now=*/true);
  return static_cast<int>(changed.size());
}

void LockParticipantsOf(pqxx::transaction_base& tx,
                        const std::vector<std::string>& application_ids) {
  pg::Exec(tx, queries::kLockParticipantsOf,
           pg::TextArrayLiteral(application_ids));
}

void Audit(pqxx::transaction_base& tx, const std::vector<std::string>& ids,
           const std::string& purpose, const std::string& rpc,
           const Actor& actor) {
  if (ids.empty()) return;
  pg::Exec(tx, queries::kAudit, actor.subject, actor.role,
           pg::TextArrayLiteral(ids), purpose, rpc);
}

v1::Participant Disclose(pqxx::transaction_base& tx, const ParticipantRow& p,
                         const std::string& purpose, const std::string& rpc,
                         const Actor& actor) {
  Audit(tx, {p.id}, purpose, rpc, actor);
  return ParticipantProto(p);
}

std::string InsertParticipant(pqxx::transaction_base& tx,
                              const std::string& app_id,
                              const std::string& edition,
                              const ParticipantData& d, const Actor& actor) {
  NewParticipant record{&d, {}};
  record.registration.registration = RegisterPesel(
      tx, edition, d.pesel, app_id, "", &record.registration.holder);
  // Its caller publishes it from the row as read back (AppendParticipantEvent).
  return InsertNew(tx, app_id, edition, {record}, actor, /*with_facts=*/false)
      .front();
}

std::vector<std::string> InsertRegisteredParticipants(
    pqxx::transaction_base& tx, const std::string& app_id,
    const std::string& edition, const std::vector<NewParticipant>& records,
    const Actor& actor) {
  return InsertNew(tx, app_id, edition, records, actor, /*with_facts=*/true);
}

void UpdateParticipantRow(pqxx::transaction_base& tx, const std::string& id,
                          const ParticipantData& d, Identity identity) {
  pg::Exec(tx, queries::kUpdateParticipant, id, d.first_name, d.last_name,
           d.pesel, d.other_identifier, SexName(d.sex),
           FormatIsoDate(d.birth_date), d.age_at_start, EducationText(d),
           d.email, d.phone, d.position, TargetGroupName(d.target_group),
           FormatIsoDate(d.participation_start), SignedOnText(d),
           IdentityName(identity),
           AnswerText(d.situation.minority_or_foreign_origin),
           AnswerText(d.situation.homeless), AnswerText(d.situation.disability),
           AnswerText(d.situation.other_disadvantage));
}

absl::Status TakenIdentifier(const std::string& field,
                             const ParticipantData& d) {
  return absl::AlreadyExistsError(absl::StrCat(
      field, ": this ", d.pesel.empty() ? "other identifier" : "PESEL",
      " is already registered in this application"));
}

}  // namespace jstedu::recruitment
