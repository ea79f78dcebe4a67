#include "services/recruitment/store/recruitment_store.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <limits>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "common/events/outbox.h"
#include "common/pg/request_key.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/recruitment/domain/degurba_csv.h"
#include "services/recruitment/domain/institution.h"

namespace jstedu::recruitment {
namespace {

using google::protobuf::util::TimeUtil;
namespace ev = ::jstedu::events::v1;

const pg::TxOptions kOneRead{pg::Isolation::kSingleStatementRead, 3};

// Microseconds since the epoch of a timestamptz expression (0 for NULL).
#define JSTEDU_MICROS(expr) \
  "coalesce((extract(epoch from " expr ") * 1000000)::bigint, 0)"

// ------------------------------------------------------------------ SQL

constexpr char kEditionSelect[] =
    "SELECT e.code, e.name, e.kind, e.capacity, e.min_representatives, "
    "e.starts_on::text, e.ends_on::text, " JSTEDU_MICROS("e.recruitment_opens_at") ", "
    JSTEDU_MICROS("e.recruitment_closes_at") ", " JSTEDU_MICROS("e.created_at") ", "
    JSTEDU_MICROS("e.updated_at") ", c.qualified, c.waitlisted, c.submitted, "
    "e.version FROM edition e LEFT JOIN LATERAL ("
    "  SELECT count(*) FILTER (WHERE status = 'QUALIFIED') AS qualified,"
    "         count(*) FILTER (WHERE status = 'WAITLISTED') AS waitlisted,"
    "         count(*) FILTER (WHERE status = 'SUBMITTED') AS submitted"
    "  FROM application a WHERE a.edition = e.code) c ON true ";

// The institution block of application `a` and the registry's DEGURBA
// class of its JST `j` (InstitutionFromRow reads them, 10 columns).
#define JSTEDU_INSTITUTION_COLUMNS                                          \
  "coalesce(a.nip, ''), coalesce(a.locality, ''), coalesce(a.street, ''), " \
  "coalesce(a.building_number, ''), coalesce(a.flat_number, ''), "          \
  "coalesce(a.postcode, ''), coalesce(a.degurba, 0), "                      \
  "coalesce(a.institution_phone, ''), coalesce(a.institution_email, ''), "  \
  "coalesce(j.degurba, 0) "

constexpr char kApplicationSelect[] =
    "SELECT a.id::text, a.edition, a.teryt, j.name, j.kind, j.voivodeship, "
    "j.city_with_county_rights, a.status, a.submission_number, "
    JSTEDU_MICROS("a.submitted_at") ", " JSTEDU_MICROS("a.status_at") ", "
    "coalesce(a.rejection_reason, ''), coalesce(a.withdrawal_reason, ''), "
    "coalesce(a.workshop_group, 0), coalesce(a.workshop_group_reason, ''), "
    "coalesce(a.below_minimum_since::text, ''), "
    "CASE WHEN a.status = 'WAITLISTED' THEN (SELECT count(*) FROM application w "
    "  WHERE w.edition = a.edition AND w.status = 'WAITLISTED' "
    "  AND w.submission_number <= a.submission_number) ELSE 0 END, "
    JSTEDU_INSTITUTION_COLUMNS
    "FROM application a JOIN jst j ON j.teryt = a.teryt ";

constexpr char kParticipantSelect[] =
    "SELECT p.id::text, p.application_id::text, p.edition, a.teryt, j.name, "
    "j.voivodeship, j.kind, p.first_name, p.last_name, coalesce(p.pesel, ''), "
    "coalesce(p.other_identifier, ''), p.sex, p.birth_date::text, p.age_at_start, "
    "coalesce(p.education_level, ''), coalesce(p.email, ''), coalesce(p.phone, ''), "
    "coalesce(p.position, ''), p.target_group, p.participation_start::text, "
    "coalesce(p.participation_end::text, ''), coalesce(p.end_reason, ''), "
    "coalesce(p.end_note, ''), coalesce(p.declaration_signed_on::text, ''), "
    JSTEDU_MICROS("p.declaration_recorded_at") ", " JSTEDU_MICROS("p.created_at") ", "
    JSTEDU_MICROS("p.updated_at") ", p.identity, "
    "coalesce(p.minority_or_foreign_origin, ''), coalesce(p.homeless, ''), "
    "coalesce(p.disability, ''), coalesce(p.other_disadvantage, ''), "
    JSTEDU_INSTITUTION_COLUMNS
    ", coalesce(encode(p.published_facts, 'hex'), '') "
    "FROM participant p JOIN application a ON a.id = p.application_id "
    "JOIN jst j ON j.teryt = a.teryt ";

constexpr char kInsertParticipant[] =
    "INSERT INTO participant (application_id, edition, first_name, last_name, "
    "pesel, "
    "other_identifier, sex, birth_date, age_at_start, education_level, email, "
    "phone, "
    "position, target_group, participation_start, declaration_signed_on, "
    "declaration_recorded_at, identity, minority_or_foreign_origin, homeless, "
    "disability, other_disadvantage) VALUES ($1::uuid, $2, $3, $4, "
    "nullif($5, ''), "
    "nullif($6, ''), $7, $8::date, $9, nullif($10, ''), nullif($11, ''), "
    "nullif($12, ''), nullif($13, ''), $14, $15::date, nullif($16, '')::date, "
    "CASE WHEN $16::text <> '' THEN now() END, $17, nullif($18, ''), "
    "nullif($19, ''), nullif($20, ''), nullif($21, '')) "
    "ON CONFLICT DO NOTHING RETURNING id::text";

constexpr char kUpdateParticipant[] =
    "UPDATE participant SET first_name = $2, last_name = $3, pesel = "
    "nullif($4, ''), "
    "other_identifier = nullif($5, ''), sex = $6, birth_date = $7::date, "
    "age_at_start = $8, education_level = nullif($9, ''), email = nullif($10, "
    "''), "
    "phone = nullif($11, ''), position = nullif($12, ''), target_group = $13, "
    "participation_start = $14::date, "
    // A recorded declaration is never replaced nor removed by an update.
    "declaration_signed_on = coalesce(declaration_signed_on, nullif($15, "
    "'')::date), "
    "declaration_recorded_at = CASE WHEN declaration_signed_on IS NOT NULL "
    "  THEN declaration_recorded_at WHEN $15::text <> '' THEN now() END, "
    // With the number in one statement: the unique index sees both at once.
    "identity = $16, minority_or_foreign_origin = nullif($17, ''), "
    "homeless = nullif($18, ''), disability = nullif($19, ''), "
    "other_disadvantage = nullif($20, ''), updated_at = now() "
    "WHERE id = $1::uuid";

constexpr char kAudit[] =
    "INSERT INTO personal_data_access (subject, role, participant_id, purpose, "
    "rpc) "
    "SELECT $1, $2, unnest($3::uuid[]), $4, $5";

// Sets below_minimum_since on QUALIFIED applications of `edition` (one
// application when $2 is not '') whose active representatives are below the
// edition's minimum (keeping an earlier date), and clears it on the others.
constexpr char kRefreshBelowMinimum[] =
    "UPDATE application a SET below_minimum_since = CASE WHEN "
    "  (SELECT count(*) FROM participant p WHERE p.application_id = a.id "
    "   AND p.participation_end IS NULL) < e.min_representatives "
    "  THEN coalesce(a.below_minimum_since, $3::date) ELSE NULL END "
    "FROM edition e WHERE e.code = a.edition AND a.edition = $1 "
    "AND a.status = 'QUALIFIED' AND ($2::text = '' OR a.id::text = $2)";

constexpr char kHistory[] =
    "INSERT INTO application_history (application_id, from_status, to_status, "
    "reason, changed_by, changed_by_role, promotion) VALUES ($1::uuid, "
    "nullif($2, ''), $3, nullif($4, ''), $5, $6, nullif($7, ''))";

// One page of an application's history, oldest first ($2: after this
// sequence; $3: rows to read).
constexpr char kHistoryPage[] =
    "SELECT id, coalesce(from_status, ''), to_status, coalesce(reason, ''), "
    "(extract(epoch FROM changed_at) * 1000000)::bigint, "
    "coalesce(changed_by_role, ''), changed_by, coalesce(promotion, '') "
    "FROM application_history WHERE application_id = $1::uuid AND id > $2 "
    "ORDER BY id LIMIT $3";

// ------------------------------------------------------------- helpers

// Why an ended participation's record refuses a change.
constexpr char kClosedRecord[] =
    "the participant has withdrawn; only the EU-monitoring record's fields "
    "(education level, position, e-mail, phone, the situation answers) can "
    "still be completed";

void SetMicros(int64_t micros, google::protobuf::Timestamp* out) {
  *out = TimeUtil::MicrosecondsToTimestamp(micros);
}

std::string TimestampText(const google::protobuf::Timestamp& ts) {
  return absl::FormatTime(
      absl::RFC3339_full,
      absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos()),
      absl::UTCTimeZone());
}

// A Postgres array literal of UUIDs (ids are validated UUID text).
std::string UuidArray(const std::vector<std::string>& ids) {
  return absl::StrCat("{", absl::StrJoin(ids, ","), "}");
}

v1::JstKind KindFromName(const std::string& name) {
  v1::JstKind kind = v1::JST_KIND_UNSPECIFIED;
  v1::JstKind_Parse(name, &kind);
  return kind;
}

v1::Edition EditionFromRow(const pqxx::row& row) {
  v1::Edition edition;
  edition.set_code(row[0].as<std::string>());
  edition.set_name(row[1].as<std::string>());
  v1::EditionKind kind = v1::EDITION_KIND_UNSPECIFIED;
  v1::EditionKind_Parse(row[2].as<std::string>(), &kind);
  edition.set_kind(kind);
  edition.set_capacity(row[3].as<int>());
  edition.set_min_representatives(row[4].as<int>());
  edition.set_starts_on(row[5].as<std::string>());
  edition.set_ends_on(row[6].as<std::string>());
  SetMicros(row[7].as<int64_t>(), edition.mutable_recruitment_opens_at());
  SetMicros(row[8].as<int64_t>(), edition.mutable_recruitment_closes_at());
  SetMicros(row[9].as<int64_t>(), edition.mutable_create_time());
  SetMicros(row[10].as<int64_t>(), edition.mutable_update_time());
  edition.set_qualified_count(row[11].as<int>());
  edition.set_waitlisted_count(row[12].as<int>());
  edition.set_submitted_count(row[13].as<int>());
  edition.set_version(row[14].as<int64_t>());
  return edition;
}

// An application's institution block as stored, with the registry's
// DEGURBA class of its JST.
struct InstitutionRow {
  InstitutionData data;
  std::optional<int> registry_degurba;

  std::vector<std::string> Missing() const {
    return MissingInstitutionFields(data, registry_degurba);
  }
};

std::optional<int> ClassOrNone(int degurba) {
  return degurba == 0 ? std::nullopt : std::optional<int>(degurba);
}

// The 10 columns of JSTEDU_INSTITUTION_COLUMNS from index `first`.
InstitutionRow InstitutionFromRow(const pqxx::row& row, int first) {
  InstitutionRow out;
  InstitutionData& d = out.data;
  d.nip = row[first].as<std::string>();
  d.locality = row[first + 1].as<std::string>();
  d.street = row[first + 2].as<std::string>();
  d.building_number = row[first + 3].as<std::string>();
  d.flat_number = row[first + 4].as<std::string>();
  d.postcode = row[first + 5].as<std::string>();
  d.degurba = ClassOrNone(row[first + 6].as<int>());
  d.phone = row[first + 7].as<std::string>();
  d.email = row[first + 8].as<std::string>();
  out.registry_degurba = ClassOrNone(row[first + 9].as<int>());
  return out;
}

v1::Institution InstitutionProto(const InstitutionRow& institution) {
  const InstitutionData& d = institution.data;
  v1::Institution out;
  out.set_nip(d.nip);
  out.set_locality(d.locality);
  out.set_street(d.street);
  out.set_building_number(d.building_number);
  out.set_flat_number(d.flat_number);
  out.set_postcode(d.postcode);
  out.set_degurba(
      EffectiveDegurba(d, institution.registry_degurba).value_or(0));
  out.set_degurba_from_registry(!d.degurba &&
                                institution.registry_degurba.has_value());
  out.set_phone(d.phone);
  out.set_email(d.email);
  for (const std::string& field : institution.Missing()) {
    out.add_missing_fields(errors::JsonFieldPath(field));
  }
  return out;
}

v1::Application ApplicationFromRow(const pqxx::row& row) {
  v1::Application app;
  app.set_id(row[0].as<std::string>());
  app.set_edition(row[1].as<std::string>());
  app.set_teryt(row[2].as<std::string>());
  app.set_jst_name(row[3].as<std::string>());
  app.set_jst_kind(KindFromName(row[4].as<std::string>()));
  app.set_voivodeship(row[5].as<std::string>());
  app.set_city_with_county_rights(row[6].as<bool>());
  v1::ApplicationStatus status = v1::APPLICATION_STATUS_UNSPECIFIED;
  v1::ApplicationStatus_Parse(row[7].as<std::string>(), &status);
  app.set_status(status);
  app.set_submission_number(row[8].as<int64_t>());
  SetMicros(row[9].as<int64_t>(), app.mutable_submit_time());
  SetMicros(row[10].as<int64_t>(), app.mutable_status_time());
  app.set_rejection_reason(row[11].as<std::string>());
  app.set_withdrawal_reason(row[12].as<std::string>());
  app.set_workshop_group(row[13].as<int>());
  app.set_workshop_group_reason(row[14].as<std::string>());
  app.set_below_minimum_since(row[15].as<std::string>());
  app.set_waitlist_position(row[16].as<int>());
  *app.mutable_institution() = InstitutionProto(InstitutionFromRow(row, 17));
  return app;
}

// Adds the representatives (no personal data) and their counts.
void AttachRepresentatives(pqxx::transaction_base& tx,
                           std::vector<v1::Application*> apps) {
  if (apps.empty()) return;
  std::map<std::string, v1::Application*> by_id;
  std::vector<std::string> ids;
  for (v1::Application* app : apps) {
    by_id[app->id()] = app;
    ids.push_back(app->id());
  }
  const pqxx::result rows = tx.exec_params(
      "SELECT application_id::text, id::text, participation_end IS NULL, "
      "target_group, declaration_recorded_at IS NOT NULL FROM participant "
      "WHERE application_id = ANY($1::uuid[]) ORDER BY created_at, id",
      UuidArray(ids));
  for (const pqxx::row& row : rows) {
    v1::Application* app = by_id.at(row[0].as<std::string>());
    auto* rep = app->add_representatives();
    rep->set_participant(row[1].as<std::string>());
    const bool active = row[2].as<bool>();
    rep->set_status(active ? v1::PARTICIPANT_ACTIVE
                           : v1::PARTICIPANT_WITHDRAWN);
    v1::TargetGroup group = v1::TARGET_GROUP_UNSPECIFIED;
    v1::TargetGroup_Parse(row[3].as<std::string>(), &group);
    rep->set_target_group(group);
    rep->set_declaration_recorded(row[4].as<bool>());
    if (active) {
      app->set_active_representatives(app->active_representatives() + 1);
      if (rep->declaration_recorded()) {
        app->set_declarations_recorded(app->declarations_recorded() + 1);
      }
    }
  }
}

absl::StatusOr<v1::Application> LoadApplication(pqxx::transaction_base& tx,
                                                const std::string& id) {
  const pqxx::result rows = tx.exec_params(
      absl::StrCat(kApplicationSelect, "WHERE a.id = $1::uuid"), id);
  if (rows.empty()) {
    return errors::NotFoundInScope("application", id);
  }
  v1::Application app = ApplicationFromRow(rows[0]);
  AttachRepresentatives(tx, {&app});
  return app;
}

// A participant row: the record and what surrounds it.
struct ParticipantRow {
  std::string id;
  std::string application_id;
  std::string edition;
  std::string teryt;
  std::string jst_name;
  std::string voivodeship;
  std::string jst_kind;
  ParticipantData data;
  std::string participation_end;
  std::string end_reason;
  std::string end_note;
  int64_t declaration_recorded_micros = 0;
  int64_t created_micros = 0;
  int64_t updated_micros = 0;
  Identity identity = Identity::kConfirmed;
  InstitutionRow institution;  // the employer's, for the monitoring record
  std::string published_facts_hex;  // last published facts, "" = none

  bool active() const { return participation_end.empty(); }
  // What the monitoring record lacks: the person's fields, then the
  // institution block's.
  std::vector<std::string> MissingMonitoringFields() const {
    std::vector<std::string> missing =
        recruitment::MissingMonitoringFields(data);
    for (std::string& field : institution.Missing()) {
      missing.push_back(std::move(field));
    }
    return missing;
  }
};

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

ParticipantRow ParticipantFromRow(const pqxx::row& row) {
  ParticipantRow p;
  p.id = row[0].as<std::string>();
  p.application_id = row[1].as<std::string>();
  p.edition = row[2].as<std::string>();
  p.teryt = row[3].as<std::string>();
  p.jst_name = row[4].as<std::string>();
  p.voivodeship = row[5].as<std::string>();
  p.jst_kind = row[6].as<std::string>();
  ParticipantData& d = p.data;
  d.first_name = row[7].as<std::string>();
  d.last_name = row[8].as<std::string>();
  d.pesel = row[9].as<std::string>();
  d.other_identifier = row[10].as<std::string>();
  ParseSex(row[11].as<std::string>(), &d.sex);
  d.birth_date = DayOf(row[12].as<std::string>());
  d.age_at_start = row[13].as<int>();
  const std::string education = row[14].as<std::string>();
  EducationLevel level;
  if (!education.empty() && ParseEducationLevel(education, &level)) {
    d.education_level = level;
  }
  d.email = row[15].as<std::string>();
  d.phone = row[16].as<std::string>();
  d.position = row[17].as<std::string>();
  ParseTargetGroup(row[18].as<std::string>(), &d.target_group);
  d.participation_start = DayOf(row[19].as<std::string>());
  p.participation_end = row[20].as<std::string>();
  p.end_reason = row[21].as<std::string>();
  p.end_note = row[22].as<std::string>();
  const std::string signed_on = row[23].as<std::string>();
  if (!signed_on.empty())
    d.declaration = DeclarationData{DayOf(signed_on), true};
  p.declaration_recorded_micros = row[24].as<int64_t>();
  p.created_micros = row[25].as<int64_t>();
  p.updated_micros = row[26].as<int64_t>();
  ParseIdentity(row[27].as<std::string>(), &p.identity);
  d.situation.minority_or_foreign_origin =
      AnswerOrNone(row[28].as<std::string>());
  d.situation.homeless = AnswerOrNone(row[29].as<std::string>());
  d.situation.disability = AnswerOrNone(row[30].as<std::string>());
  d.situation.other_disadvantage = AnswerOrNone(row[31].as<std::string>());
  p.institution = InstitutionFromRow(row, 32);
  p.published_facts_hex = row[42].as<std::string>();
  return p;
}

std::vector<ParticipantRow> SelectParticipants(pqxx::transaction_base& tx,
                                               const std::string& where,
                                               const std::string& param) {
  std::vector<ParticipantRow> out;
  for (const pqxx::row& row :
       tx.exec_params(absl::StrCat(kParticipantSelect, where), param)) {
    out.push_back(ParticipantFromRow(row));
  }
  return out;
}

absl::StatusOr<ParticipantRow> LoadParticipant(pqxx::transaction_base& tx,
                                               const std::string& id) {
  auto rows = SelectParticipants(tx, "WHERE p.id = $1::uuid", id);
  if (rows.empty()) {
    return errors::NotFoundInScope("participant", id);
  }
  return rows.front();
}

v1::Participant ToProto(const ParticipantRow& p) {
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

// The facts of a participant: the events' jstedu.events.v1.ParticipantFacts
// and ListParticipantFacts' v1::ParticipantFacts, which have the same fields
// (participant_facts_test checks), from this one builder.
template <typename FactsMessage>
FactsMessage Facts(const ParticipantRow& p) {
  const v1::Participant full = ToProto(p);
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
  return absl::BytesToHexString(
      Facts<ev::ParticipantFacts>(p).SerializeAsString());
}

// Appends the event with the participant's facts now, and records them as
// published (participant.published_facts, migration 0008).
template <typename Event>
void AppendParticipantEvent(pqxx::transaction_base& tx, const ParticipantRow& p,
                            const Actor& actor) {
  Event event;
  *event.mutable_participant() = Facts<ev::ParticipantFacts>(p);
  events::AppendEvent(tx, event, p.id, actor.traceparent);
  tx.exec_params(
      "UPDATE participant SET published_facts = decode($2, 'hex') WHERE id = "
      "$1::uuid",
      p.id, absl::BytesToHexString(event.participant().SerializeAsString()));
}

void Audit(pqxx::transaction_base& tx, const std::vector<std::string>& ids,
           const std::string& purpose, const std::string& rpc,
           const Actor& actor) {
  if (ids.empty()) return;
  tx.exec_params(kAudit, actor.subject, actor.role, UuidArray(ids), purpose,
                 rpc);
}

// The participant as answered to the caller, with its audit row.
v1::Participant Disclose(pqxx::transaction_base& tx, const ParticipantRow& p,
                         const std::string& purpose, const std::string& rpc,
                         const Actor& actor) {
  Audit(tx, {p.id}, purpose, rpc, actor);
  return ToProto(p);
}

std::string EducationText(const ParticipantData& d) {
  return d.education_level ? EducationLevelName(*d.education_level) : "";
}

std::string SignedOnText(const ParticipantData& d) {
  return d.declaration ? FormatIsoDate(d.declaration->signed_on) : "";
}

// SQL: the participant rows that count (domain/identity.h, Counted), for
// `alias`.identity.
std::string CountedCondition(const std::string& alias) {
  std::vector<std::string> uncounted;
  for (Identity identity :
       {Identity::kConfirmed, Identity::kAwaitingOffice, Identity::kSharedPesel,
        Identity::kSuperseded, Identity::kPeselRejected}) {
    if (!Counted(identity)) {
      uncounted.push_back(absl::StrCat("'", IdentityName(identity), "'"));
    }
  }
  return absl::StrCat(alias, ".identity NOT IN (",
                      absl::StrJoin(uncounted, ", "), ")");
}

// Serialises every storing of `pesel` in `edition` (new records and
// changed numbers) until commit, so the holders read next stay as read.
void LockPesel(pqxx::transaction_base& tx, const std::string& edition,
               const std::string& pesel) {
  tx.exec_params(
      "SELECT pg_advisory_xact_lock(hashtext('jstedu.recruitment.pesel'), "
      "hashtext($1 || '/' || $2))",
      edition, pesel);
}

// Who else has `pesel` in `edition` (the record `self` aside, "" for a new
// one), seen from application `app_id`; `*holder` receives the record of
// another application that holds it (the confirmed one first, else the
// oldest).
PeselHolders HoldersOf(pqxx::transaction_base& tx, const std::string& edition,
                       const std::string& pesel, const std::string& app_id,
                       const std::string& self, std::string* holder) {
  PeselHolders holders;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT id::text, application_id::text, identity FROM participant "
           "WHERE edition = $1 AND pesel = $2 AND id::text <> $3 "
           "ORDER BY identity = 'CONFIRMED' DESC, created_at, id",
           edition, pesel, self)) {
    Identity identity = Identity::kConfirmed;
    ParseIdentity(row[2].as<std::string>(), &identity);
    if (row[1].as<std::string>() == app_id) {
      holders.own_application |= identity != Identity::kPeselRejected;
    } else if (HoldsPesel(identity) && !holders.other_application) {
      holders.other_application = true;
      *holder = row[0].as<std::string>();
    }
  }
  return holders;
}

// Holds `claimant` back beside `holder` for the office.
void OpenConflict(pqxx::transaction_base& tx, const std::string& edition,
                  const std::string& holder, const std::string& claimant,
                  const Actor& actor) {
  tx.exec_params(
      "INSERT INTO identity_conflict (edition, holder_id, claimant_id, "
      "opened_by) VALUES ($1, $2::uuid, $3::uuid, $4)",
      edition, holder, claimant, actor.subject);
}

// A held-back record's number changed before the office decided: its
// conflict is over (the new number is checked afresh).
void CloseConflictOfClaimant(pqxx::transaction_base& tx,
                             const std::string& claimant, const Actor& actor) {
  tx.exec_params(
      "UPDATE identity_conflict SET decision = 'PESEL_CHANGED', reason = "
      "'the PESEL was changed before the office decided', resolved_at = "
      "now(), resolved_by = $2 WHERE claimant_id = $1::uuid AND decision IS "
      "NULL",
      claimant, actor.subject);
}

// The waiting records of application `app_id` (or only participant `id`)
// left before the office decided: their conflicts are over.
void CloseConflictsOfLeavers(pqxx::transaction_base& tx,
                             const std::string& app_id, const std::string& id,
                             const Actor& actor) {
  tx.exec_params(
      "UPDATE identity_conflict c SET decision = 'CLAIMANT_LEFT', reason = "
      "'the participant left before the office decided', resolved_at = "
      "now(), resolved_by = $3 FROM participant p WHERE p.id = c.claimant_id "
      "AND c.decision IS NULL AND p.application_id = $1::uuid AND ($2 = '' "
      "OR p.id::text = $2)",
      app_id, id, actor.subject);
}

// After a record stopped holding `pesel` (the office superseded it, or its
// number changed): the edition's open conflicts over `pesel` that name a
// record no longer holding it now name the record that does, so the
// office always compares a waiting record with the current holder. Left
// as they are when no record holds it.
void RepointConflicts(pqxx::transaction_base& tx, const std::string& edition,
                      const std::string& pesel) {
  if (pesel.empty()) return;
  const pqxx::result holders = tx.exec_params(
      "SELECT id::text FROM participant WHERE edition = $1 AND pesel = $2 "
      "AND identity IN ('CONFIRMED', 'SHARED_PESEL') "
      "ORDER BY identity = 'CONFIRMED' DESC, created_at, id LIMIT 1",
      edition, pesel);
  if (holders.empty()) return;
  tx.exec_params(
      "UPDATE identity_conflict c SET holder_id = $3::uuid FROM participant "
      "claimant, participant holder WHERE c.edition = $1 AND c.decision IS "
      "NULL AND claimant.id = c.claimant_id AND claimant.pesel = $2 AND "
      "holder.id = c.holder_id AND NOT (holder.pesel IS NOT DISTINCT FROM $2 "
      "AND holder.identity IN ('CONFIRMED', 'SHARED_PESEL')) AND "
      "c.claimant_id <> $3::uuid",
      edition, pesel, holders[0][0].as<std::string>());
}

void SetIdentity(pqxx::transaction_base& tx, const std::string& id,
                 Identity identity) {
  tx.exec_params(
      "UPDATE participant SET identity = $2, updated_at = now() "
      "WHERE id = $1::uuid",
      id, IdentityName(identity));
}

// The identity a record of `app_id` gets for `pesel` (domain/identity.h),
// under the PESEL's lock; `*holder` as HoldersOf.
Registration RegisterPesel(pqxx::transaction_base& tx,
                           const std::string& edition, const std::string& pesel,
                           const std::string& app_id, const std::string& self,
                           std::string* holder) {
  if (pesel.empty()) return Registration::kConfirmed;
  LockPesel(tx, edition, pesel);
  return Register(HoldersOf(tx, edition, pesel, app_id, self, holder));
}

// Inserts a participant of the application: held back for the office when
// another JST's record holds its PESEL. "" when the application already has
// its PESEL (or other identifier).
std::string InsertParticipant(pqxx::transaction_base& tx,
                              const std::string& app_id,
                              const std::string& edition,
                              const ParticipantData& d, const Actor& actor) {
  std::string holder;
  const Registration registration =
      RegisterPesel(tx, edition, d.pesel, app_id, "", &holder);
  if (registration == Registration::kOwnDuplicate) return "";
  const bool held = registration == Registration::kAwaitingOffice;
  const pqxx::result rows = tx.exec_params(
      kInsertParticipant, app_id, edition, d.first_name, d.last_name, d.pesel,
      d.other_identifier, SexName(d.sex), FormatIsoDate(d.birth_date),
      d.age_at_start, EducationText(d), d.email, d.phone, d.position,
      TargetGroupName(d.target_group), FormatIsoDate(d.participation_start),
      SignedOnText(d),
      IdentityName(held ? Identity::kAwaitingOffice : Identity::kConfirmed),
      AnswerText(d.situation.minority_or_foreign_origin),
      AnswerText(d.situation.homeless), AnswerText(d.situation.disability),
      AnswerText(d.situation.other_disadvantage));
  if (rows.empty()) return "";
  const std::string id = rows[0][0].as<std::string>();
  if (held) OpenConflict(tx, edition, holder, id, actor);
  return id;
}

void UpdateParticipantRow(pqxx::transaction_base& tx, const std::string& id,
                          const ParticipantData& d, Identity identity) {
  tx.exec_params(
      kUpdateParticipant, id, d.first_name, d.last_name, d.pesel,
      d.other_identifier, SexName(d.sex), FormatIsoDate(d.birth_date),
      d.age_at_start, EducationText(d), d.email, d.phone, d.position,
      TargetGroupName(d.target_group), FormatIsoDate(d.participation_start),
      SignedOnText(d), IdentityName(identity),
      AnswerText(d.situation.minority_or_foreign_origin),
      AnswerText(d.situation.homeless), AnswerText(d.situation.disability),
      AnswerText(d.situation.other_disadvantage));
}

// The application's own duplicate: it reveals nothing of other JSTs.
absl::Status TakenIdentifier(const std::string& field,
                             const ParticipantData& d) {
  return absl::AlreadyExistsError(absl::StrCat(
      field, ": this ", d.pesel.empty() ? "other identifier" : "PESEL",
      " is already registered in this application"));
}

// The participants an answer discloses (one audit row each when it is
// given again).
std::vector<std::string> DisclosedIds(const v1::Participant& answer) {
  return {answer.id()};
}
std::vector<std::string> DisclosedIds(const v1::IdentityConflict& answer) {
  return {answer.holder().id(), answer.claimant().id()};
}

// The answer kept under `key`, given again with an audit row per
// participant it discloses; `applied` (the request was applied, its
// answer is not kept: never for these RPCs) when there is none.
template <typename Answer>
absl::StatusOr<Answer> KeptAnswer(pqxx::transaction_base& tx,
                                  const std::string& key,
                                  const std::string& rpc, const Actor& actor,
                                  const absl::Status& applied) {
  const pqxx::result found = tx.exec_params(
      "SELECT encode(answer, 'hex'), array_to_string(participant_ids, ',') "
      "FROM kept_answer WHERE scoped_key = $1",
      key);
  Answer answer;
  if (found.empty() || !answer.ParseFromString(absl::HexStringToBytes(
                           found[0][0].as<std::string>()))) {
    return applied;
  }
  const std::vector<std::string> disclosed =
      absl::StrSplit(found[0][1].as<std::string>(), ',', absl::SkipEmpty());
  Audit(tx, disclosed, kReplayPurpose, rpc, actor);
  return answer;
}

// Runs `write` in one transaction. Within a keyed call the key is recorded
// first (a concurrent call under the key waits here for the first) and the
// answer kept under it; when an earlier call applied the key, its kept
// answer is given again and nothing is written but its audit rows (see the
// header).
template <typename Answer>
absl::StatusOr<Answer> RunKept(
    pg::Pool& pool, const std::string& rpc, const Actor& actor,
    const std::function<absl::StatusOr<Answer>(pqxx::transaction_base&)>&
        write) {
  return pg::RunInTransactionFor<Answer>(
      pool, [&](pqxx::transaction_base& tx) -> absl::StatusOr<Answer> {
        const pg::KeyedCall* keyed = pg::CurrentKeyedCall();
        if (keyed == nullptr) return write(tx);
        const absl::Status recorded = pg::RecordRequestKey(tx);
        if (absl::IsAlreadyExists(recorded)) {
          return KeptAnswer<Answer>(tx, keyed->key, rpc, actor, recorded);
        }
        if (!recorded.ok()) return recorded;
        absl::StatusOr<Answer> answer = write(tx);
        if (!answer.ok()) return answer;
        tx.exec_params(
            "INSERT INTO kept_answer (scoped_key, answer, participant_ids) "
            "VALUES ($1, decode($2, 'hex'), $3::uuid[])",
            keyed->key, absl::BytesToHexString(answer->SerializeAsString()),
            UuidArray(DisclosedIds(*answer)));
        return answer;
      });
}

// The application row locked for an update, with its edition's rules.
struct LockedApplication {
  std::string id;
  std::string edition;
  std::string teryt;
  std::string voivodeship;
  std::string kind;
  bool city_with_county_rights = false;
  int registry_group = 0;
  std::string status;
  int64_t submission_number = 0;
  int capacity = 0;
  int min_representatives = 0;
  bool below_minimum = false;
  // A move to the county group asked for while the edition was full.
  int requested_group = 0;
  std::string requested_group_reason;
};

// kUpdate for changes of the application or of its team's counts;
// kShare where several may add to the team at once (a status change,
// which takes kUpdate, waits for them, and they for it).
enum class RowLock { kUpdate, kShare };

absl::StatusOr<LockedApplication> LockApplication(
    pqxx::transaction_base& tx, const std::string& id,
    RowLock lock = RowLock::kUpdate) {
  const pqxx::result rows = tx.exec_params(
      absl::StrCat(
          "SELECT a.id::text, a.edition, a.teryt, j.voivodeship, j.kind, "
          "j.city_with_county_rights, j.workshop_group, a.status, "
          "a.submission_number, "
          "e.capacity, e.min_representatives, a.below_minimum_since IS NOT "
          "NULL, "
          "coalesce(a.workshop_group, 0), coalesce(a.workshop_group_reason, "
          "'') "
          "FROM application a "
          "JOIN jst j ON j.teryt = a.teryt JOIN edition e ON e.code = "
          "a.edition "
          "WHERE a.id = $1::uuid ",
          lock == RowLock::kUpdate ? "FOR UPDATE OF a" : "FOR SHARE OF a"),
      id);
  if (rows.empty()) {
    return errors::NotFoundInScope("application", id);
  }
  const pqxx::row& r = rows[0];
  LockedApplication app;
  app.id = r[0].as<std::string>();
  app.edition = r[1].as<std::string>();
  app.teryt = r[2].as<std::string>();
  app.voivodeship = r[3].as<std::string>();
  app.kind = r[4].as<std::string>();
  app.city_with_county_rights = r[5].as<bool>();
  app.registry_group = r[6].as<int>();
  app.status = r[7].as<std::string>();
  app.submission_number = r[8].as<int64_t>();
  app.capacity = r[9].as<int>();
  app.min_representatives = r[10].as<int>();
  app.below_minimum = r[11].as<bool>();
  app.requested_group = r[12].as<int>();
  app.requested_group_reason = r[13].as<std::string>();
  return app;
}

// Serialises every change of an edition's qualified set (see the header).
// NO KEY UPDATE, so inserting applications (a FOR KEY SHARE on the edition)
// does not wait for it.
bool LockEdition(pqxx::transaction_base& tx, const std::string& code) {
  return !tx.exec_params(
                "SELECT 1 FROM edition WHERE code = $1 FOR NO KEY UPDATE", code)
              .empty();
}

std::string EditionOfApplication(pqxx::transaction_base& tx,
                                 const std::string& id) {
  const pqxx::result rows =
      tx.exec_params("SELECT edition FROM application WHERE id = $1::uuid", id);
  return rows.empty() ? "" : rows[0][0].as<std::string>();
}

int QualifiedCount(pqxx::transaction_base& tx, const std::string& edition) {
  return tx
      .exec_params1(
          "SELECT count(*) FROM application WHERE edition = $1 "
          "AND status = 'QUALIFIED'",
          edition)[0]
      .as<int>();
}

// The qualification rules an application does not meet (empty = eligible).
// The JST's eligibility was checked at submission (registry JSTs only).
std::vector<errors::Rule> UnmetRules(pqxx::transaction_base& tx,
                                     const LockedApplication& app) {
  // Records held back for the office count for nothing (they show in the
  // JST's own view of its team, which must not tell them apart).
  const pqxx::row counts = tx.exec_params1(
      absl::StrCat("SELECT count(*), count(*) FILTER (WHERE "
                   "declaration_recorded_at IS NULL) FROM participant p "
                   "WHERE p.application_id = $1::uuid AND "
                   "p.participation_end IS NULL AND ",
                   CountedCondition("p")),
      app.id);
  const int active = counts[0].as<int>();
  const int undeclared = counts[1].as<int>();
  const std::string subject = absl::StrCat("applications/", app.id);
  std::vector<errors::Rule> rules;
  if (active < app.min_representatives) {
    rules.push_back(
        {"MIN_REPRESENTATIVES", subject,
         absl::StrCat("the JST has ", active,
                      " active representatives; the edition requires at least ",
                      app.min_representatives)});
  }
  if (undeclared > 0) {
    rules.push_back({"DECLARATIONS_RECORDED", subject,
                     absl::StrCat(undeclared, " active representative",
                                  undeclared == 1 ? " has" : "s have",
                                  " no participant declaration recorded")});
  }
  return rules;
}

// A promotion's cause as application_history.promotion records it, and the
// reason the history gives.
struct Promotion {
  const char* cause;
  const char* reason;
};
constexpr Promotion kNotPromoted{"", ""};
constexpr Promotion kAfterWithdrawal{
    "AFTER_WITHDRAWAL",
    "promoted from the waiting list: a qualified JST withdrew and freed its "
    "place"};
constexpr Promotion kAfterCapacityRaised{
    "AFTER_CAPACITY_RAISED",
    "promoted from the waiting list: the edition's capacity was raised"};
constexpr Promotion kBeforeLaterQualification{
    "BEFORE_LATER_QUALIFICATION",
    "promoted from the waiting list: a place was free when a later "
    "application was qualified, and the waiting list goes first"};

void ChangeStatus(pqxx::transaction_base& tx, const LockedApplication& app,
                  const std::string& to, const std::string& reason,
                  const Actor& actor,
                  const Promotion& promotion = kNotPromoted) {
  tx.exec_params(
      "UPDATE application SET status = $2, status_at = now(), "
      "rejection_reason = CASE WHEN $2 = 'REJECTED' THEN $3 END, "
      "withdrawal_reason = CASE WHEN $2 = 'WITHDRAWN' THEN $3 END, "
      "below_minimum_since = CASE WHEN $2 = 'QUALIFIED' THEN "
      "below_minimum_since END "
      "WHERE id = $1::uuid",
      app.id, to, reason);
  tx.exec_params(kHistory, app.id, app.status, to, reason, actor.subject,
                 actor.role, promotion.cause);
}

google::protobuf::Timestamp Now() { return TimeUtil::GetCurrentTime(); }

// A kHistoryPage row. The subject is shown for the programme office's staff
// only: a JST's or coordinator's subject may name a person.
v1::ApplicationHistoryEntry HistoryEntryFromRow(const pqxx::row& row) {
  v1::ApplicationHistoryEntry entry;
  entry.set_sequence(row[0].as<int64_t>());
  v1::ApplicationStatus status = v1::APPLICATION_STATUS_UNSPECIFIED;
  v1::ApplicationStatus_Parse(row[1].as<std::string>(), &status);
  entry.set_from_status(status);
  status = v1::APPLICATION_STATUS_UNSPECIFIED;
  v1::ApplicationStatus_Parse(row[2].as<std::string>(), &status);
  entry.set_to_status(status);
  entry.set_reason(row[3].as<std::string>());
  SetMicros(row[4].as<int64_t>(), entry.mutable_change_time());
  const std::string role = row[5].as<std::string>();
  entry.set_actor_role(role);
  if (role == "ADMIN") entry.set_actor_subject(row[6].as<std::string>());
  const std::string promotion = row[7].as<std::string>();
  entry.set_promoted_from_waitlist(!promotion.empty());
  v1::PromotionCause cause = v1::PROMOTION_CAUSE_UNSPECIFIED;
  v1::PromotionCause_Parse(promotion, &cause);  // UNRECORDED: unspecified
  entry.set_promotion_cause(cause);
  return entry;
}

// Qualifies `app`; `promotion` says why when it comes from the waiting list.
void Qualify(pqxx::transaction_base& tx, const LockedApplication& app,
             int group, const std::string& group_reason,
             const Promotion& promotion, const Actor& actor) {
  const bool promoted = promotion.cause[0] != '\0';
  tx.exec_params(
      "UPDATE application SET workshop_group = $2, workshop_group_reason = "
      "nullif($3, ''), "
      "qualified_at = coalesce(qualified_at, now()) WHERE id = $1::uuid",
      app.id, group, group_reason);
  ChangeStatus(tx, app, "QUALIFIED", promotion.reason, actor, promotion);
  ev::JstQualified event;
  event.set_edition(app.edition);
  event.set_application_id(app.id);
  event.set_teryt(app.teryt);
  event.set_voivodeship(app.voivodeship);
  event.set_jst_kind(KindFromName(app.kind));
  event.set_city_with_county_rights(app.city_with_county_rights);
  event.set_workshop_group(group);
  *event.mutable_qualified_at() = Now();
  event.set_promoted_from_waitlist(promoted);
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT p.id::text FROM participant p WHERE "
                        "p.application_id = $1::uuid AND p.participation_end "
                        "IS NULL AND ",
                        CountedCondition("p"), " ORDER BY p.created_at, p.id"),
           app.id)) {
    event.add_participant_ids(row[0].as<std::string>());
  }
  events::AppendEvent(tx, event, app.id, actor.traceparent);
}

void Waitlist(pqxx::transaction_base& tx, const LockedApplication& app,
              int requested_group, const std::string& requested_group_reason,
              const Actor& actor) {
  ChangeStatus(tx, app, "WAITLISTED", "the edition is full", actor);
  if (requested_group > 0) {  // applied when a place frees
    tx.exec_params(
        "UPDATE application SET workshop_group = $2, workshop_group_reason = "
        "$3 "
        "WHERE id = $1::uuid",
        app.id, requested_group, requested_group_reason);
  }
  ev::JstWaitlisted event;
  event.set_edition(app.edition);
  event.set_application_id(app.id);
  event.set_teryt(app.teryt);
  event.set_voivodeship(app.voivodeship);
  event.set_submission_number(app.submission_number);
  *event.mutable_waitlisted_at() = Now();
  events::AppendEvent(tx, event, app.id, actor.traceparent);
}

// Fills free places of `edition` (whose row the caller has locked) from the
// waiting list, in submission order, skipping JSTs that do not meet the
// rules now; only those submitted before `before` (a submission number)
// when given. `cause` is recorded in each one's history. Returns how many
// were promoted.
int PromoteWaitlisted(pqxx::transaction_base& tx, const std::string& edition,
                      const Promotion& cause, const Actor& actor,
                      int64_t before = std::numeric_limits<int64_t>::max()) {
  const int capacity =
      tx.exec_params1("SELECT capacity FROM edition WHERE code = $1",
                      edition)[0]
          .as<int>();
  int qualified = QualifiedCount(tx, edition);
  int promoted = 0;
  if (qualified >= capacity) return 0;
  const pqxx::result waiting = tx.exec_params(
      "SELECT id::text FROM application WHERE edition = $1 AND status = "
      "'WAITLISTED' "
      "AND submission_number < $2 ORDER BY submission_number",
      edition, before);
  for (const pqxx::row& row : waiting) {
    if (qualified >= capacity) break;
    auto app = LockApplication(tx, row[0].as<std::string>());
    if (!app.ok() || app->status != "WAITLISTED" ||
        !UnmetRules(tx, *app).empty()) {
      continue;
    }
    Qualify(
        tx, *app,
        app->requested_group > 0 ? app->requested_group : app->registry_group,
        app->requested_group_reason, cause, actor);
    ++qualified;
    ++promoted;
  }
  return promoted;
}

// Locks the participants of `application_ids` (FOR NO KEY UPDATE, in id
// order, after their applications: the store's lock order), so no
// concurrent change of one of them publishes facts read before this
// transaction's change of what their facts depend on commits.
void LockParticipantsOf(pqxx::transaction_base& tx,
                        const std::vector<std::string>& application_ids) {
  tx.exec_params(
      "SELECT 1 FROM participant WHERE application_id = ANY($1::uuid[]) "
      "ORDER BY id FOR NO KEY UPDATE",
      UuidArray(application_ids));
}

// Publishes ParticipantUpdated for each participant `where` selects ($1)
// whose facts now differ from those last published: a change of the
// institution block, of the registry's DEGURBA class or of the rules
// completes or breaks a monitoring record, and consumers count the person
// (or not) from then on. Returns how many were published.
int PublishChangedFacts(pqxx::transaction_base& tx, const std::string& where,
                        const std::string& param, const Actor& actor) {
  int published = 0;
  for (const ParticipantRow& row : SelectParticipants(tx, where, param)) {
    if (row.published_facts_hex == PublishedFactsHex(row)) continue;
    AppendParticipantEvent<ev::ParticipantUpdated>(tx, row, actor);
    ++published;
  }
  return published;
}

// Stores the application's institution block.
void WriteInstitution(pqxx::transaction_base& tx, const std::string& id,
                      const InstitutionData& d) {
  tx.exec_params(
      "UPDATE application SET nip = nullif($2, ''), locality = nullif($3, ''), "
      "street = nullif($4, ''), building_number = nullif($5, ''), "
      "flat_number = nullif($6, ''), postcode = nullif($7, ''), "
      "degurba = nullif($8, 0), institution_phone = nullif($9, ''), "
      "institution_email = nullif($10, ''), institution_updated_at = now() "
      "WHERE id = $1::uuid",
      id, d.nip, d.locality, d.street, d.building_number, d.flat_number,
      d.postcode, d.degurba.value_or(0), d.phone, d.email);
}

void RefreshBelowMinimum(pqxx::transaction_base& tx, const std::string& edition,
                         const std::string& application_id,
                         const Actor& actor) {
  tx.exec_params(kRefreshBelowMinimum, edition, application_id,
                 FormatIsoDate(actor.today));
}

// The edition as stored now, and its EditionChanged event in the caller's
// transaction (CreateEdition, UpdateEdition).
v1::Edition PublishEdition(pqxx::transaction_base& tx, const std::string& code,
                           const Actor& actor) {
  v1::Edition edition = EditionFromRow(
      tx.exec_params1(absl::StrCat(kEditionSelect, "WHERE e.code = $1"), code));
  ev::EditionChanged event;
  event.set_code(edition.code());
  event.set_kind(edition.kind());
  event.set_name(edition.name());
  event.set_capacity(edition.capacity());
  event.set_min_representatives(edition.min_representatives());
  event.set_starts_on(edition.starts_on());
  event.set_ends_on(edition.ends_on());
  *event.mutable_update_time() = edition.update_time();
  events::AppendEvent(tx, event, edition.code(), actor.traceparent);
  return edition;
}

absl::Status RequireOpenApplication(const LockedApplication& app) {
  if (app.status == "REJECTED" || app.status == "WITHDRAWN") {
    return errors::RulesNotMet(
        {{"APPLICATION_OPEN", absl::StrCat("applications/", app.id),
          absl::StrCat("the application is ", app.status,
                       "; its representatives cannot change")}});
  }
  return absl::OkStatus();
}

}  // namespace

// ============================================================== ownership

absl::StatusOr<Ownership> RecruitmentStore::Locate(Owned what,
                                                   const std::string& id) {
  const bool application = what == Owned::kApplication;
  const char* const kind = application ? "application" : "participant";
  const std::string from =
      application
          ? "application a"
          : "participant p JOIN application a ON a.id = p.application_id";
  return pg::RunInTransactionFor<Ownership>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<Ownership> {
        const pqxx::result rows = tx.exec_params(
            absl::StrCat("SELECT a.id::text, a.edition, a.teryt, j.voivodeship "
                         "FROM ",
                         from, " JOIN jst j ON j.teryt = a.teryt WHERE ",
                         application ? "a" : "p", ".id = $1::uuid"),
            id);
        if (rows.empty()) {
          return errors::NotFoundInScope(kind, id);
        }
        return Ownership{
            rows[0][0].as<std::string>(), rows[0][1].as<std::string>(),
            rows[0][2].as<std::string>(), rows[0][3].as<std::string>()};
      },
      kOneRead);
}

// ================================================================ editions

absl::StatusOr<v1::Edition> RecruitmentStore::CreateEdition(
    const v1::Edition& e, const Actor& actor) {
  return pg::RunInTransactionFor<v1::Edition>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Edition> {
        const pqxx::result inserted = tx.exec_params(
            "INSERT INTO edition (code, name, kind, capacity, "
            "min_representatives, "
            "starts_on, ends_on, recruitment_opens_at, recruitment_closes_at) "
            "VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8::timestamptz, "
            "$9::timestamptz) ON CONFLICT (code) DO NOTHING RETURNING code",
            e.code(), e.name(), v1::EditionKind_Name(e.kind()), e.capacity(),
            e.min_representatives(), e.starts_on(), e.ends_on(),
            TimestampText(e.recruitment_opens_at()),
            TimestampText(e.recruitment_closes_at()));
        if (inserted.empty()) {
          return absl::AlreadyExistsError(
              absl::StrCat("edition ", e.code(), " already exists"));
        }
        return PublishEdition(tx, e.code(), actor);
      });
}

absl::StatusOr<v1::Edition> RecruitmentStore::UpdateEdition(
    const v1::Edition& change, const std::vector<std::string>& mask_paths,
    int64_t expected_version,
    const std::function<absl::Status(const v1::Edition&)>& validate,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::Edition>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Edition> {
        if (!LockEdition(tx, change.code())) {
          return errors::NoSuch("edition", change.code());
        }
        v1::Edition edition = EditionFromRow(tx.exec_params1(
            absl::StrCat(kEditionSelect, "WHERE e.code = $1"), change.code()));
        if (expected_version != 0 && edition.version() != expected_version) {
          return absl::AbortedError(absl::StrCat(
              "edition ", edition.code(), " is at version ", edition.version(),
              ", not ", expected_version, "; read it again and retry"));
        }
        const int old_min = edition.min_representatives();
        std::vector<const google::protobuf::FieldDescriptor*> fields;
        for (const std::string& path : mask_paths) {
          fields.push_back(edition.GetDescriptor()->FindFieldByName(path));
        }
        v1::Edition incoming = change;
        edition.GetReflection()->SwapFields(&edition, &incoming, fields);
        absl::Status valid = validate(edition);
        if (!valid.ok()) return valid;
        if (edition.capacity() < edition.qualified_count()) {
          return errors::RulesNotMet(
              {{"CAPACITY", absl::StrCat("editions/", edition.code()),
                absl::StrCat("capacity ", edition.capacity(), " is below the ",
                             edition.qualified_count(),
                             " JSTs already qualified")}});
        }
        tx.exec_params(
            "UPDATE edition SET name = $2, kind = $3, capacity = $4, "
            "min_representatives = $5, "
            "starts_on = $6::date, ends_on = $7::date, recruitment_opens_at = "
            "$8::timestamptz, "
            // Strictly later than the update before (EditionChanged's
            // consumers keep the newest), also when that one's transaction
            // started later but took the edition's lock first.
            "recruitment_closes_at = $9::timestamptz, updated_at = "
            "greatest(now(), updated_at + interval '1 microsecond'), "
            "version = version + 1 WHERE code = $1",
            edition.code(), edition.name(),
            v1::EditionKind_Name(edition.kind()), edition.capacity(),
            edition.min_representatives(), edition.starts_on(),
            edition.ends_on(), TimestampText(edition.recruitment_opens_at()),
            TimestampText(edition.recruitment_closes_at()));
        if (edition.min_representatives() != old_min) {
          RefreshBelowMinimum(tx, edition.code(), "", actor);
        }
        PromoteWaitlisted(tx, edition.code(), kAfterCapacityRaised, actor);
        return PublishEdition(tx, edition.code(), actor);
      });
}

absl::Status RecruitmentStore::RepublishEdition(const std::string& code,
                                                const Actor& actor) {
  return pg::RunInTransaction(pool_, [&](pqxx::transaction_base& tx) {
    if (tx.exec_params("SELECT 1 FROM edition WHERE code = $1", code).empty()) {
      return errors::NoSuch("edition", code);
    }
    PublishEdition(tx, code, actor);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Edition> RecruitmentStore::GetEdition(
    const std::string& code) {
  return pg::RunInTransactionFor<v1::Edition>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Edition> {
        const pqxx::result rows = tx.exec_params(
            absl::StrCat(kEditionSelect, "WHERE e.code = $1"), code);
        if (rows.empty()) {
          return errors::NoSuch("edition", code);
        }
        return EditionFromRow(rows[0]);
      },
      kOneRead);
}

absl::StatusOr<std::vector<v1::Edition>> RecruitmentStore::ListEditions(
    const std::string& after, int limit) {
  return pg::RunInTransactionFor<std::vector<v1::Edition>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::Edition>> {
        std::vector<v1::Edition> editions;
        for (const pqxx::row& row : tx.exec_params(
                 absl::StrCat(kEditionSelect,
                              "WHERE e.code > $1 ORDER BY e.code LIMIT $2"),
                 after, limit)) {
          editions.push_back(EditionFromRow(row));
        }
        return editions;
      },
      kOneRead);
}

// ============================================================ applications

absl::StatusOr<v1::Application> RecruitmentStore::SubmitApplication(
    const std::string& edition, const std::string& teryt,
    const std::vector<ParticipantData>& representatives, const Actor& actor,
    const InstitutionData& institution) {
  return pg::RunInTransactionFor<v1::Application>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Application> {
        const pqxx::result window = tx.exec_params(
            "SELECT recruitment_opens_at <= now(), now() < "
            "recruitment_closes_at, "
            "to_char(recruitment_opens_at AT TIME ZONE 'Europe/Warsaw', "
            "'YYYY-MM-DD HH24:MI'), "
            "to_char(recruitment_closes_at AT TIME ZONE 'Europe/Warsaw', "
            "'YYYY-MM-DD HH24:MI') "
            "FROM edition WHERE code = $1",
            edition);
        if (window.empty()) {
          return errors::NoSuch("edition", edition);
        }
        if (!window[0][0].as<bool>() || !window[0][1].as<bool>()) {
          return errors::RulesNotMet(
              {{"RECRUITMENT_WINDOW", absl::StrCat("editions/", edition),
                absl::StrCat(
                    "recruitment to ", edition, " is open from ",
                    window[0][2].as<std::string>(), " to ",
                    window[0][3].as<std::string>(),
                    " (Europe/Warsaw); applications outside it are refused")}});
        }
        const pqxx::result inserted = tx.exec_params(
            "INSERT INTO application (edition, teryt, status, submitted_by) "
            "VALUES ($1, $2, 'SUBMITTED', $3) ON CONFLICT (edition, teryt) DO "
            "NOTHING "
            "RETURNING id::text",
            edition, teryt, actor.subject);
        if (inserted.empty()) {
          return absl::AlreadyExistsError(
              absl::StrCat("the JST ", teryt, " has already applied to ",
                           edition, "; one application per JST per edition"));
        }
        const std::string id = inserted[0][0].as<std::string>();
        tx.exec_params(kHistory, id, "", "SUBMITTED", "", actor.subject,
                       actor.role, "");
        if (!(institution == InstitutionData{})) {
          WriteInstitution(tx, id, institution);
        }
        for (size_t i = 0; i < representatives.size(); ++i) {
          const std::string participant =
              InsertParticipant(tx, id, edition, representatives[i], actor);
          if (participant.empty()) {
            return TakenIdentifier(absl::StrCat("representatives[", i, "].",
                                                representatives[i].pesel.empty()
                                                    ? "otherIdentifier"
                                                    : "pesel"),
                                   representatives[i]);
          }
          AppendParticipantEvent<ev::ParticipantEnrolled>(
              tx, *LoadParticipant(tx, participant), actor);
        }
        auto app = LoadApplication(tx, id);
        if (!app.ok()) return app.status();
        return *std::move(app);
      });
}

absl::StatusOr<v1::Application> RecruitmentStore::GetApplication(
    const std::string& id) {
  return pg::RunInTransactionFor<v1::Application>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Application> {
        auto app = LoadApplication(tx, id);
        if (!app.ok()) return app.status();
        return *std::move(app);
      },
      {pg::Isolation::kRepeatableRead, 3});
}

absl::StatusOr<std::vector<v1::ApplicationHistoryEntry>>
RecruitmentStore::ListApplicationHistory(const std::string& id,
                                         int64_t after_sequence, int limit,
                                         bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::ApplicationHistoryEntry>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::ApplicationHistoryEntry>> {
        const pqxx::result rows =
            tx.exec_params(kHistoryPage, id, after_sequence, limit + 1);
        *more = static_cast<int>(rows.size()) > limit;
        std::vector<v1::ApplicationHistoryEntry> entries;
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(entries.size()) == limit) break;
          entries.push_back(HistoryEntryFromRow(row));
        }
        return entries;
      },
      {pg::Isolation::kRepeatableRead, 3});
}

absl::StatusOr<v1::Application> RecruitmentStore::UpdateInstitution(
    const std::string& id, const InstitutionData& institution,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::Application>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Application> {
        auto app = LockApplication(tx, id);
        if (!app.ok()) return app.status();
        LockParticipantsOf(tx, {app->id});
        WriteInstitution(tx, app->id, institution);
        PublishChangedFacts(tx, "WHERE p.application_id = $1::uuid", app->id,
                            actor);
        auto answer = LoadApplication(tx, app->id);
        if (!answer.ok()) return answer.status();
        return *std::move(answer);
      });
}

absl::StatusOr<int> RecruitmentStore::RepublishStaleFacts(const Actor& actor) {
  constexpr int kPage = 500;
  std::string after = "00000000-0000-0000-0000-000000000000";
  int total = 0;
  while (true) {
    struct Page {
      std::string last;
      int published = 0;
    };
    auto page = pg::RunInTransactionFor<Page>(
        pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<Page> {
          std::vector<std::string> ids;
          for (const pqxx::row& r : tx.exec_params(
                   "SELECT id::text FROM participant WHERE id > $1::uuid "
                   "ORDER BY id LIMIT $2 FOR NO KEY UPDATE",
                   after, kPage)) {
            ids.push_back(r[0].as<std::string>());
          }
          if (ids.empty()) return Page{};
          return Page{ids.back(),
                      PublishChangedFacts(tx, "WHERE p.id = ANY($1::uuid[])",
                                          UuidArray(ids), actor)};
        });
    if (!page.ok()) return page.status();
    if (page->last.empty()) return total;
    total += page->published;
    after = page->last;
  }
}

absl::StatusOr<v1::LoadDegurbaResponse> RecruitmentStore::LoadDegurba(
    const std::vector<DegurbaRow>& rows, const std::string& sha256,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::LoadDegurbaResponse>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<v1::LoadDegurbaResponse> {
        std::vector<std::string> lines, codes, classes;
        for (const DegurbaRow& row : rows) {
          lines.push_back(absl::StrCat(row.line));
          codes.push_back(row.teryt);
          classes.push_back(absl::StrCat(row.degurba));
        }
        tx.exec(
            "CREATE TEMP TABLE degurba_load (line integer, teryt text, "
            "degurba smallint) ON COMMIT DROP");
        tx.exec_params(
            "INSERT INTO degurba_load SELECT * FROM unnest($1::integer[], "
            "$2::text[], $3::smallint[])",
            UuidArray(lines), UuidArray(codes), UuidArray(classes));
        // The communes first: an application being submitted for one of
        // them (its key share of the JST row) waits until this commits, so
        // its participants' facts read the new class. Then every
        // application of those communes (one clearing its own class waits
        // too), then their participants.
        tx.exec(
            "SELECT 1 FROM jst j JOIN degurba_load l ON l.teryt = j.teryt "
            "ORDER BY j.teryt FOR UPDATE OF j");
        tx.exec(
            "SELECT 1 FROM application a JOIN degurba_load l ON l.teryt = "
            "a.teryt ORDER BY a.id FOR UPDATE OF a");
        std::vector<std::string> affected;  // no class of their own
        for (const pqxx::row& r : tx.exec(
                 "SELECT a.id::text FROM application a JOIN degurba_load l ON "
                 "l.teryt = a.teryt JOIN jst j ON j.teryt = l.teryt "
                 "WHERE a.degurba IS NULL AND j.degurba IS DISTINCT FROM "
                 "l.degurba ORDER BY a.id")) {
          affected.push_back(r[0].as<std::string>());
        }
        LockParticipantsOf(tx, affected);
        const int changed =
            tx.exec(
                  "UPDATE jst j SET degurba = l.degurba, updated_at = now() "
                  "FROM degurba_load l WHERE j.teryt = l.teryt AND "
                  "j.degurba IS DISTINCT FROM l.degurba")
                .affected_rows();
        PublishChangedFacts(tx, "WHERE p.application_id = ANY($1::uuid[])",
                            UuidArray(affected), actor);
        v1::LoadDegurbaResponse response;
        response.set_rows(static_cast<int>(rows.size()));
        response.set_changed(changed);
        response.set_unchanged(static_cast<int>(rows.size()) - changed);
        response.set_applications_affected(static_cast<int>(affected.size()));
        tx.exec_params(
            "INSERT INTO jst_degurba_loads (source_sha256, rows_in_file, "
            "changed, unchanged, loaded_by) VALUES ($1, $2, $3, $4, $5)",
            sha256, response.rows(), response.changed(), response.unchanged(),
            actor.subject);
        return response;
      });
}

absl::StatusOr<std::vector<v1::Application>> RecruitmentStore::ListApplications(
    const ApplicationQuery& query, bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::Application>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::Application>> {
        std::vector<v1::Application> apps;
        const pqxx::result rows = tx.exec_params(
            absl::StrCat(
                kApplicationSelect,
                "WHERE a.edition = $1 AND ($2 = '' OR j.voivodeship = $2) "
                "AND ($3 = '' OR a.teryt = $3) AND ($4 = '' OR a.status = $4) "
                "AND a.submission_number > $5 AND ($6 = '' OR j.kind = $6) "
                "ORDER BY a.submission_number LIMIT $7"),
            query.edition, query.voivodeship, query.teryt, query.status,
            query.after_submission_number, query.kind, query.limit + 1);
        *more = static_cast<int>(rows.size()) > query.limit;
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(apps.size()) == query.limit) break;
          apps.push_back(ApplicationFromRow(row));
        }
        std::vector<v1::Application*> pointers;
        for (auto& app : apps) pointers.push_back(&app);
        AttachRepresentatives(tx, pointers);
        return apps;
      },
      {pg::Isolation::kRepeatableRead, 3});
}

absl::StatusOr<v1::Application> RecruitmentStore::QualifyApplication(
    const std::string& id, bool move_to_county_group,
    const std::string& workshop_group_reason, const Actor& actor) {
  return pg::RunInTransactionFor<v1::Application>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Application> {
        const std::string edition = EditionOfApplication(tx, id);
        if (edition.empty() || !LockEdition(tx, edition)) {
          return errors::NotFoundInScope("application", id);
        }
        auto app = LockApplication(tx, id);
        if (!app.ok()) return app.status();
        // JSTs waitlisted before this one that meet the rules by now go first.
        PromoteWaitlisted(tx, edition, kBeforeLaterQualification, actor,
                          app->submission_number);
        if (app->status != "SUBMITTED" && app->status != "WAITLISTED") {
          return errors::RulesNotMet(
              {{"STATUS", absl::StrCat("applications/", id),
                absl::StrCat("the application is ", app->status,
                             "; only a SUBMITTED or WAITLISTED application can "
                             "be qualified")}});
        }
        if (move_to_county_group && !app->city_with_county_rights) {
          return errors::InvalidField("moveToCountyGroup",
                                      "only a city with county rights may be "
                                      "moved to the county group");
        }
        std::vector<errors::Rule> unmet = UnmetRules(tx, *app);
        if (!unmet.empty()) return errors::RulesNotMet(unmet);
        // A move asked for now wins; else one asked for when it was waitlisted.
        const int group = move_to_county_group       ? 3
                          : app->requested_group > 0 ? app->requested_group
                                                     : app->registry_group;
        const std::string group_reason = move_to_county_group
                                             ? workshop_group_reason
                                             : app->requested_group_reason;
        if (QualifiedCount(tx, edition) < app->capacity) {
          Qualify(tx, *app, group, group_reason, kNotPromoted, actor);
        } else if (app->status == "SUBMITTED" || move_to_county_group) {
          if (app->status == "SUBMITTED") {
            Waitlist(tx, *app, move_to_county_group ? 3 : 0, group_reason,
                     actor);
          } else {
            tx.exec_params(
                "UPDATE application SET workshop_group = 3, "
                "workshop_group_reason = $2 "
                "WHERE id = $1::uuid",
                id, workshop_group_reason);
          }
        }  // else: already waitlisted and still no place; unchanged
        auto loaded = LoadApplication(tx, id);
        if (!loaded.ok()) return loaded.status();
        return *std::move(loaded);
      });
}

absl::StatusOr<v1::Application> RecruitmentStore::RejectApplication(
    const std::string& id, const std::string& reason, const Actor& actor) {
  return pg::RunInTransactionFor<v1::Application>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Application> {
        auto app = LockApplication(tx, id);
        if (!app.ok()) return app.status();
        if (app->status != "SUBMITTED" && app->status != "WAITLISTED") {
          return errors::RulesNotMet(
              {{"STATUS", absl::StrCat("applications/", id),
                absl::StrCat("the application is ", app->status,
                             "; only a SUBMITTED or WAITLISTED application can "
                             "be rejected",
                             app->status == "QUALIFIED"
                                 ? " (a qualified JST withdraws)"
                                 : "")}});
        }
        ChangeStatus(tx, *app, "REJECTED", reason, actor);
        CloseConflictsOfLeavers(tx, id, "", actor);
        auto loaded = LoadApplication(tx, id);
        if (!loaded.ok()) return loaded.status();
        return *std::move(loaded);
      });
}

absl::StatusOr<v1::Application> RecruitmentStore::WithdrawApplication(
    const std::string& id, const std::string& reason, const Actor& actor) {
  return pg::RunInTransactionFor<v1::Application>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Application> {
        const std::string edition = EditionOfApplication(tx, id);
        if (edition.empty() || !LockEdition(tx, edition)) {
          return errors::NotFoundInScope("application", id);
        }
        auto app = LockApplication(tx, id);
        if (!app.ok()) return app.status();
        if (app->status == "WITHDRAWN") {
          return errors::RulesNotMet(
              {{"STATUS", absl::StrCat("applications/", id),
                "the application is already WITHDRAWN"}});
        }
        const std::string previous = app->status;
        ChangeStatus(tx, *app, "WITHDRAWN", reason, actor);
        CloseConflictsOfLeavers(tx, id, "", actor);
        // The JST's team leaves with it.
        for (const pqxx::row& row : tx.exec_params(
                 "UPDATE participant SET participation_end = "
                 "greatest($2::date, "
                 "participation_start), end_reason = 'JST_WITHDREW', end_note "
                 "= $3, "
                 "updated_at = now() WHERE application_id = $1::uuid "
                 "AND participation_end IS NULL RETURNING id::text",
                 id, FormatIsoDate(actor.today), reason)) {
          AppendParticipantEvent<ev::ParticipantWithdrawn>(
              tx, *LoadParticipant(tx, row[0].as<std::string>()), actor);
        }
        ev::JstWithdrawn event;
        event.set_edition(app->edition);
        event.set_application_id(id);
        event.set_teryt(app->teryt);
        event.set_voivodeship(app->voivodeship);
        v1::ApplicationStatus previous_status =
            v1::APPLICATION_STATUS_UNSPECIFIED;
        v1::ApplicationStatus_Parse(previous, &previous_status);
        event.set_previous_status(previous_status);
        *event.mutable_withdrawn_at() = Now();
        events::AppendEvent(tx, event, id, actor.traceparent);
        if (previous == "QUALIFIED") {
          PromoteWaitlisted(tx, edition, kAfterWithdrawal, actor);
        }
        auto loaded = LoadApplication(tx, id);
        if (!loaded.ok()) return loaded.status();
        return *std::move(loaded);
      });
}

// ============================================================ participants

absl::StatusOr<v1::Participant> RecruitmentStore::CreateParticipant(
    const std::string& application_id, const ParticipantData& data,
    const Actor& actor) {
  return RunKept<v1::Participant>(
      pool_, "CreateParticipant", actor,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Participant> {
        // Adding can lift the below-minimum flag, which changes the row: take
        // it FOR UPDATE then (two FOR SHARE holders upgrading would deadlock).
        const pqxx::result flag = tx.exec_params(
            "SELECT below_minimum_since IS NOT NULL FROM application WHERE id "
            "= $1::uuid",
            application_id);
        const bool flagged = !flag.empty() && flag[0][0].as<bool>();
        auto app = LockApplication(
            tx, application_id, flagged ? RowLock::kUpdate : RowLock::kShare);
        if (!app.ok()) return app.status();
        absl::Status open = RequireOpenApplication(*app);
        if (!open.ok()) return open;
        const std::string id =
            InsertParticipant(tx, app->id, app->edition, data, actor);
        if (id.empty()) {
          return TakenIdentifier(data.pesel.empty()
                                     ? "participant.otherIdentifier"
                                     : "participant.pesel",
                                 data);
        }
        if (app->below_minimum) {
          // Rare: the flag appeared between the read and the lock.
          if (!flagged)
            app = LockApplication(tx, application_id, RowLock::kUpdate);
          if (!app.ok()) return app.status();
          RefreshBelowMinimum(tx, app->edition, app->id, actor);
        }
        auto row = LoadParticipant(tx, id);
        if (!row.ok()) return row.status();
        AppendParticipantEvent<ev::ParticipantEnrolled>(tx, *row, actor);
        return Disclose(tx, *row, "answer to the participant's creation",
                        "CreateParticipant", actor);
      });
}

absl::StatusOr<v1::Participant> RecruitmentStore::GetParticipant(
    const std::string& id, const std::string& purpose, const Actor& actor) {
  return pg::RunInTransactionFor<v1::Participant>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Participant> {
        auto row = LoadParticipant(tx, id);
        if (!row.ok()) return row.status();
        return Disclose(tx, *row, purpose, "GetParticipant", actor);
      });
}

absl::StatusOr<ParticipantData> RecruitmentStore::ParticipantRecord(
    const std::string& id) {
  return pg::RunInTransactionFor<ParticipantData>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<ParticipantData> {
        auto row = LoadParticipant(tx, id);
        if (!row.ok()) return row.status();
        return row->data;
      },
      kOneRead);
}

absl::StatusOr<v1::Participant> RecruitmentStore::UpdateParticipant(
    const std::string& id, const ParticipantData& before,
    const ParticipantData& after, const Actor& actor) {
  return pg::RunInTransactionFor<v1::Participant>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Participant> {
        const pqxx::result locked = tx.exec_params(
            "SELECT application_id::text FROM participant WHERE id = $1::uuid "
            "FOR UPDATE",
            id);
        if (locked.empty()) {
          return errors::NotFoundInScope("participant", id);
        }
        auto current = LoadParticipant(tx, id);
        if (!current.ok()) return current.status();
        if (!(current->data == before)) {
          return absl::AbortedError(
              "the participant changed while this update was prepared; read it "
              "again and retry");
        }
        if (!current->active() &&
            !OnlyMonitoringFieldsDiffer(current->data, after)) {
          return errors::RulesNotMet(
              {{"PARTICIPANT_ACTIVE", absl::StrCat("participants/", id),
                kClosedRecord}});
        }
        if (after == before) {
          return Disclose(tx, *current, "answer to the participant's update",
                          "UpdateParticipant", actor);
        }
        // A changed number is stored like a new one: held back when
        // another JST's record holds it; a conflict it waited in is over.
        std::string holder;
        const Registration registration =
            after.pesel == before.pesel
                ? Registration::kConfirmed
                : RegisterPesel(tx, current->edition, after.pesel,
                                current->application_id, id, &holder);
        if (registration == Registration::kOwnDuplicate) {
          return TakenIdentifier("participant.pesel", after);
        }
        if (!after.other_identifier.empty() &&
            after.other_identifier != before.other_identifier &&
            !tx.exec_params("SELECT 1 FROM participant WHERE application_id = "
                            "(SELECT application_id FROM participant WHERE id "
                            "= $1::uuid) "
                            "AND other_identifier = $2 AND id <> $1::uuid",
                            id, after.other_identifier)
                 .empty()) {
          return TakenIdentifier("participant.otherIdentifier", after);
        }
        Identity identity = current->identity;
        if (after.pesel != before.pesel) {
          CloseConflictOfClaimant(tx, id, actor);
          identity = registration == Registration::kAwaitingOffice
                         ? Identity::kAwaitingOffice
                         : Identity::kConfirmed;
        }
        UpdateParticipantRow(tx, id, after, identity);
        if (registration == Registration::kAwaitingOffice) {
          OpenConflict(tx, current->edition, holder, id, actor);
        }
        if (after.pesel != before.pesel && !before.pesel.empty()) {
          LockPesel(tx, current->edition, before.pesel);
          RepointConflicts(tx, current->edition, before.pesel);
        }
        auto row = LoadParticipant(tx, id);
        if (!row.ok()) return row.status();
        AppendParticipantEvent<ev::ParticipantUpdated>(tx, *row, actor);
        return Disclose(tx, *row, "answer to the participant's update",
                        "UpdateParticipant", actor);
      });
}

absl::StatusOr<v1::Participant> RecruitmentStore::WithdrawParticipant(
    const std::string& id, const std::string& reason,
    std::optional<absl::CivilDay> participation_end, const Actor& actor) {
  return RunKept<v1::Participant>(
      pool_, "WithdrawParticipant", actor,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Participant> {
        const std::string app_id = [&] {
          const pqxx::result rows = tx.exec_params(
              "SELECT application_id::text FROM participant WHERE id = "
              "$1::uuid",
              id);
          return rows.empty() ? std::string() : rows[0][0].as<std::string>();
        }();
        if (app_id.empty()) {
          return errors::NotFoundInScope("participant", id);
        }
        auto app = LockApplication(tx, app_id);  // counts change: one at a time
        if (!app.ok()) return app.status();
        auto current = LoadParticipant(tx, id);
        if (!current.ok()) return current.status();
        if (!current->active()) {
          return errors::RulesNotMet(
              {{"PARTICIPANT_ACTIVE", absl::StrCat("participants/", id),
                "the participant has already withdrawn"}});
        }
        // Ends today, or on the planned start for someone who has not started.
        const absl::CivilDay latest =
            std::max(actor.today, current->data.participation_start);
        const absl::CivilDay end = participation_end.value_or(latest);
        if (end < current->data.participation_start) {
          return errors::InvalidField(
              "participationEnd", "must not be before the participation start");
        }
        if (end > latest) {
          return errors::InvalidField("participationEnd",
                                      "must not be in the future");
        }
        tx.exec_params(
            "UPDATE participant SET participation_end = $2::date, "
            "end_reason = 'PARTICIPANT_WITHDREW', end_note = $3, updated_at = "
            "now() "
            "WHERE id = $1::uuid",
            id, FormatIsoDate(end), reason);
        RefreshBelowMinimum(tx, app->edition, app->id, actor);
        CloseConflictsOfLeavers(tx, app->id, id, actor);
        auto row = LoadParticipant(tx, id);
        if (!row.ok()) return row.status();
        AppendParticipantEvent<ev::ParticipantWithdrawn>(tx, *row, actor);
        return Disclose(tx, *row, "answer to the participant's withdrawal",
                        "WithdrawParticipant", actor);
      });
}

absl::StatusOr<v1::Participant> RecruitmentStore::RecordDeclaration(
    const std::string& id, const DeclarationData& declaration,
    const Actor& actor) {
  return RunKept<v1::Participant>(
      pool_, "RecordDeclaration", actor,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Participant> {
        const pqxx::result locked = tx.exec_params(
            "SELECT 1 FROM participant WHERE id = $1::uuid FOR UPDATE", id);
        if (locked.empty()) {
          return errors::NotFoundInScope("participant", id);
        }
        auto current = LoadParticipant(tx, id);
        if (!current.ok()) return current.status();
        const ParticipantData& data = current->data;
        if (declaration.signed_on < data.birth_date) {
          return errors::InvalidField("signedOn",
                                      "must not be before the birth date");
        }
        if (data.declaration) {
          if (data.declaration->signed_on ==
              declaration.signed_on) {  // a repeat
            return Disclose(tx, *current,
                            "answer to the declaration's recording",
                            "RecordDeclaration", actor);
          }
          return errors::RulesNotMet(
              {{"DECLARATION_RECORDED", absl::StrCat("participants/", id),
                absl::StrCat("a declaration signed on ",
                             FormatIsoDate(data.declaration->signed_on),
                             " is already recorded; a recorded declaration is "
                             "not replaced")}});
        }
        if (!current->active()) {
          return errors::RulesNotMet(
              {{"PARTICIPANT_ACTIVE", absl::StrCat("participants/", id),
                "the participant has withdrawn"}});
        }
        tx.exec_params(
            "UPDATE participant SET declaration_signed_on = $2::date, "
            "declaration_recorded_at = now(), updated_at = now() WHERE id = "
            "$1::uuid",
            id, FormatIsoDate(declaration.signed_on));
        auto row = LoadParticipant(tx, id);
        if (!row.ok()) return row.status();
        AppendParticipantEvent<ev::ParticipantUpdated>(tx, *row, actor);
        return Disclose(tx, *row, "answer to the declaration's recording",
                        "RecordDeclaration", actor);
      });
}

namespace {

// "line 12, column pesel" (or "line 12" for the whole row): the same form
// the service gives the CSV reader's problems.
std::string ImportField(int line, const std::string& column) {
  return column.empty() ? absl::StrCat("line ", line)
                        : absl::StrCat("line ", line, ", column ", column);
}

// The key an imported row is matched on within its application.
std::string MatchKey(const ParticipantData& d) {
  return d.pesel.empty() ? absl::StrCat("o:", d.other_identifier)
                         : absl::StrCat("p:", d.pesel);
}

}  // namespace

absl::StatusOr<v1::ImportParticipantsResponse>
RecruitmentStore::ImportParticipants(const std::string& application_id,
                                     const std::vector<ImportRow>& rows,
                                     const std::string& sha256,
                                     const Actor& actor) {
  return pg::RunInTransactionFor<v1::ImportParticipantsResponse>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<v1::ImportParticipantsResponse> {
        v1::ImportParticipantsResponse response;
        auto app = LockApplication(tx, application_id);
        if (!app.ok()) return app.status();
        absl::Status open = RequireOpenApplication(*app);
        if (!open.ok()) return open;
        std::map<std::string, ParticipantRow> existing;
        // Locked: a concurrent update or declaration must not be overwritten.
        for (ParticipantRow& row : SelectParticipants(
                 tx, "WHERE p.application_id = $1::uuid FOR NO KEY UPDATE OF p",
                 app->id)) {
          existing.emplace(MatchKey(row.data), std::move(row));
        }
        // Check every row before writing any. A PESEL another JST holds is
        // no problem of the file's: its row is held back for the office
        // (InsertParticipant), and the answer does not tell.
        std::vector<errors::FieldProblem> problems;
        struct Plan {
          const ImportRow* row;
          const ParticipantRow* current;  // nullptr: insert
          ParticipantData merged;
        };
        std::vector<Plan> plans;
        for (const ImportRow& row : rows) {
          auto it = existing.find(MatchKey(row.data));
          if (it == existing.end()) {
            plans.push_back({&row, nullptr, row.data});
            continue;
          }
          const ParticipantRow& current = it->second;
          ParticipantData merged = row.data;
          if (!merged.declaration)
            merged.declaration = current.data.declaration;
          if (!row.situation_given) merged.situation = current.data.situation;
          if (!row.start_given) {  // "today" by default: keep the stored start
            merged.participation_start = current.data.participation_start;
            merged.age_at_start =
                AgeOn(merged.birth_date, merged.participation_start);
          }
          if (current.data.declaration && merged.declaration &&
              current.data.declaration->signed_on !=
                  merged.declaration->signed_on) {
            problems.push_back({ImportField(row.line, "declaration_signed_on"),
                                "differs from the declaration already "
                                "recorded, which is not replaced"});
            continue;
          }
          if (merged == current.data) {
            plans.push_back({&row, &current, std::move(merged)});
            continue;
          }
          if (!current.active() &&
              !OnlyMonitoringFieldsDiffer(current.data, merged)) {
            problems.push_back(
                {ImportField(row.line, ""),
                 absl::StrCat("matches a participant who has withdrawn: ",
                              kClosedRecord)});
            continue;
          }
          plans.push_back({&row, &current, std::move(merged)});
        }
        if (!problems.empty()) return errors::InvalidFields(problems);
        response.set_rows(static_cast<int>(rows.size()));
        // The new rows' PESELs locked in one order first, so two imports
        // cannot deadlock; then the rows are written in the file's order.
        std::set<std::string> new_pesels;
        for (const Plan& plan : plans) {
          if (plan.current == nullptr && !plan.merged.pesel.empty()) {
            new_pesels.insert(plan.merged.pesel);
          }
        }
        for (const std::string& pesel : new_pesels) {
          LockPesel(tx, app->edition, pesel);
        }
        for (const Plan& plan : plans) {
          if (plan.current == nullptr) {
            const std::string id = InsertParticipant(tx, app->id, app->edition,
                                                     plan.merged, actor);
            if (id.empty()) {  // added to the application concurrently
              return errors::InvalidFields(
                  {{ImportField(plan.row->line, MatchKey(plan.merged)[0] == 'p'
                                                    ? "pesel"
                                                    : "other_identifier"),
                    "is already registered in this application"}});
            }
            AppendParticipantEvent<ev::ParticipantEnrolled>(
                tx, *LoadParticipant(tx, id), actor);
            response.set_inserted(response.inserted() + 1);
          } else if (plan.merged == plan.current->data) {
            response.set_unchanged(response.unchanged() + 1);
          } else {
            UpdateParticipantRow(tx, plan.current->id, plan.merged,
                                 plan.current->identity);
            AppendParticipantEvent<ev::ParticipantUpdated>(
                tx, *LoadParticipant(tx, plan.current->id), actor);
            response.set_updated(response.updated() + 1);
          }
        }
        if (response.inserted() + response.updated() > 0) {
          RefreshBelowMinimum(tx, app->edition, app->id, actor);
          tx.exec_params(
              "INSERT INTO participant_import (application_id, sha256, "
              "rows_in_file, "
              "inserted, updated, unchanged, imported_by) VALUES ($1::uuid, "
              "$2, $3, $4, $5, $6, $7)",
              app->id, sha256, response.rows(), response.inserted(),
              response.updated(), response.unchanged(), actor.subject);
        }
        return response;
      });
}

namespace {

// One page of the participants of applications ever qualified in
// `edition` (ExportParticipants, ListParticipantFacts), ordered by id,
// after `after_id`; `*more` tells whether another page follows.
absl::StatusOr<std::vector<ParticipantRow>> QualifiedParticipants(
    pqxx::transaction_base& tx, const std::string& edition,
    const std::string& voivodeship, const std::string& after_id, int limit,
    bool* more) {
  if (tx.exec_params("SELECT 1 FROM edition WHERE code = $1", edition)
          .empty()) {
    return errors::NoSuch("edition", edition);
  }
  const pqxx::result rows = tx.exec_params(
      absl::StrCat(kParticipantSelect,
                   "WHERE p.edition = $1 AND a.qualified_at IS NOT NULL "
                   "AND ($2 = '' OR j.voivodeship = $2) AND p.id > $3::uuid "
                   "AND ",
                   CountedCondition("p"), " ORDER BY p.id LIMIT $4"),
      edition, voivodeship,
      after_id.empty() ? "00000000-0000-0000-0000-000000000000" : after_id,
      limit + 1);
  *more = static_cast<int>(rows.size()) > limit;
  std::vector<ParticipantRow> out;
  for (const pqxx::row& row : rows) {
    if (static_cast<int>(out.size()) == limit) break;
    out.push_back(ParticipantFromRow(row));
  }
  return out;
}

int OpenConflictCount(pqxx::transaction_base& tx, const std::string& edition) {
  return tx
      .exec_params1(
          "SELECT count(*) FROM identity_conflict WHERE edition = $1 AND "
          "decision IS NULL",
          edition)[0]
      .as<int>();
}

// No ministry file while the office has PESELs of the edition to decide:
// a record awaiting it may be a duplicate of another JST's.
absl::Status ConflictsDecided(pqxx::transaction_base& tx,
                              const std::string& edition) {
  const int open = OpenConflictCount(tx, edition);
  if (open == 0) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"IDENTITY_CONFLICTS_OPEN", absl::StrCat("editions/", edition),
        absl::StrCat("the programme office must first decide ", open,
                     open == 1 ? " identity conflict" : " identity conflicts",
                     " of edition ", edition,
                     " (one PESEL registered by two JSTs); no ministry "
                     "export until then")}});
}

}  // namespace

absl::StatusOr<int> RecruitmentStore::CountIdentityConflicts(
    const std::string& edition) {
  return pg::RunInTransactionFor<int>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<int> {
        if (tx.exec_params("SELECT 1 FROM edition WHERE code = $1", edition)
                .empty()) {
          return errors::NoSuch("edition", edition);
        }
        return OpenConflictCount(tx, edition);
      },
      {pg::Isolation::kRepeatableRead, 3});
}

absl::StatusOr<std::vector<v1::Participant>>
RecruitmentStore::ExportParticipants(
    const std::string& edition, const std::string& voivodeship,
    const std::string& after_id, int limit, const std::string& purpose,
    const Actor& actor, bool* more,
    std::map<std::string, v1::Institution>* institutions) {
  return pg::RunInTransactionFor<std::vector<v1::Participant>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::Participant>> {
        auto rows = QualifiedParticipants(tx, edition, voivodeship, after_id,
                                          limit, more);
        if (!rows.ok()) return rows.status();
        absl::Status decided = ConflictsDecided(tx, edition);
        if (!decided.ok()) return decided;
        std::vector<v1::Participant> out;
        std::vector<std::string> ids;
        for (const ParticipantRow& p : *rows) {
          ids.push_back(p.id);
          out.push_back(ToProto(p));
          (*institutions)[p.application_id] = InstitutionProto(p.institution);
        }
        Audit(tx, ids, purpose, "ExportParticipants", actor);
        return out;
      });
}

absl::StatusOr<std::vector<v1::ParticipantFacts>>
RecruitmentStore::ListParticipantFacts(const std::string& edition,
                                       const std::string& voivodeship,
                                       const std::string& after_id, int limit,
                                       bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::ParticipantFacts>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::ParticipantFacts>> {
        auto rows = QualifiedParticipants(tx, edition, voivodeship, after_id,
                                          limit, more);
        if (!rows.ok()) return rows.status();
        std::vector<v1::ParticipantFacts> out;
        for (const ParticipantRow& p : *rows) {
          out.push_back(Facts<v1::ParticipantFacts>(p));
        }
        return out;
      });
}

// ====================================================== identity conflicts

namespace {

constexpr char kConflictSelect[] =
    "SELECT c.id::text, c.edition, c.holder_id::text, c.claimant_id::text, "
    JSTEDU_MICROS("c.opened_at") ", coalesce(c.decision, ''), "
    "coalesce(c.reason, ''), " JSTEDU_MICROS("c.resolved_at") ", "
    "coalesce(c.resolved_by, ''), c.seq FROM identity_conflict c ";

// A conflict with both records as they are now; `*shown` receives their
// ids for the audit.
v1::IdentityConflict ConflictFromRow(pqxx::transaction_base& tx,
                                     const pqxx::row& row,
                                     std::vector<std::string>* shown) {
  v1::IdentityConflict conflict;
  conflict.set_id(row[0].as<std::string>());
  conflict.set_edition(row[1].as<std::string>());
  *conflict.mutable_holder() =
      ToProto(*LoadParticipant(tx, row[2].as<std::string>()));
  *conflict.mutable_claimant() =
      ToProto(*LoadParticipant(tx, row[3].as<std::string>()));
  SetMicros(row[4].as<int64_t>(), conflict.mutable_open_time());
  v1::IdentityDecision decision = v1::IDENTITY_DECISION_UNSPECIFIED;
  v1::IdentityDecision_Parse(row[5].as<std::string>(), &decision);
  conflict.set_decision(decision);
  conflict.set_reason(row[6].as<std::string>());
  if (row[7].as<int64_t>() != 0) {
    SetMicros(row[7].as<int64_t>(), conflict.mutable_resolve_time());
  }
  conflict.set_resolved_by(row[8].as<std::string>());
  shown->push_back(conflict.holder().id());
  shown->push_back(conflict.claimant().id());
  return conflict;
}

constexpr char kMovedNote[] =
    "the programme office found that this person now takes part for "
    "another JST";

// Ends the holder's participation (if it has not ended) as a move to
// another JST and marks it superseded, with its event.
// The note is fixed: the office's reason stays on the conflict, for the
// office only (it may speak of the other JST).
void Supersede(pqxx::transaction_base& tx, const ParticipantRow& holder,
               const Actor& actor) {
  if (holder.active()) {
    tx.exec_params(
        "UPDATE participant SET participation_end = $2::date, end_reason = "
        "'MOVED_TO_ANOTHER_JST', end_note = $3, updated_at = now() "
        "WHERE id = $1::uuid",
        holder.id,
        FormatIsoDate(std::max(actor.today, holder.data.participation_start)),
        kMovedNote);
    RefreshBelowMinimum(tx, holder.edition, holder.application_id, actor);
  }
  SetIdentity(tx, holder.id, Identity::kSuperseded);
  const ParticipantRow now = *LoadParticipant(tx, holder.id);
  if (holder.active()) {
    AppendParticipantEvent<ev::ParticipantWithdrawn>(tx, now, actor);
  } else {
    AppendParticipantEvent<ev::ParticipantUpdated>(tx, now, actor);
  }
}

// SAME_PERSON_MOVED ends the holder's participation for the claimant's:
// refused unless the claimant takes part (active, its application open).
absl::Status TakesPart(pqxx::transaction_base& tx,
                       const ParticipantRow& claimant) {
  const std::string status =
      tx.exec_params1("SELECT status FROM application WHERE id = $1::uuid",
                      claimant.application_id)[0]
          .as<std::string>();
  std::string why;
  if (!claimant.active()) {
    why = "the waiting participant has left";
  } else if (status == "WITHDRAWN" || status == "REJECTED") {
    why = absl::StrCat("the waiting participant's application is ", status);
  }
  if (why.empty()) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"CLAIMANT_TAKES_PART", absl::StrCat("participants/", claimant.id),
        absl::StrCat(why,
                     "; SAME_PERSON_MOVED would end the other JST's "
                     "participation for nobody")}});
}

}  // namespace

absl::StatusOr<ConflictPage> RecruitmentStore::ListIdentityConflicts(
    const std::string& edition, int64_t after_seq, int limit,
    const std::string& purpose, const Actor& actor) {
  return pg::RunInTransactionFor<ConflictPage>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<ConflictPage> {
        if (tx.exec_params("SELECT 1 FROM edition WHERE code = $1", edition)
                .empty()) {
          return errors::NoSuch("edition", edition);
        }
        const pqxx::result rows = tx.exec_params(
            absl::StrCat(kConflictSelect,
                         "WHERE c.edition = $1 AND c.decision IS NULL AND "
                         "c.seq > $2 ORDER BY c.seq LIMIT $3"),
            edition, after_seq, limit + 1);
        ConflictPage page;
        page.more = static_cast<int>(rows.size()) > limit;
        std::vector<std::string> shown;
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(page.conflicts.size()) == limit) break;
          page.conflicts.push_back(ConflictFromRow(tx, row, &shown));
          page.last_seq = row[9].as<int64_t>();
        }
        std::sort(shown.begin(), shown.end());
        shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
        Audit(tx, shown, purpose, "ListIdentityConflicts", actor);
        return page;
      },
      {pg::Isolation::kRepeatableRead, 3});
}

absl::StatusOr<v1::IdentityConflict> RecruitmentStore::ResolveIdentityConflict(
    const std::string& id, Decision decision, const std::string& reason,
    const Actor& actor) {
  return RunKept<v1::IdentityConflict>(
      pool_, "ResolveIdentityConflict", actor,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::IdentityConflict> {
        const pqxx::result found = tx.exec_params(
            "SELECT edition, holder_id::text, claimant_id::text, "
            "coalesce(decision, '') FROM identity_conflict "
            "WHERE id = $1::uuid FOR UPDATE",
            id);
        if (found.empty()) {
          return errors::NoSuch("identity conflict", id);
        }
        if (!found[0][3].as<std::string>().empty()) {
          return errors::RulesNotMet(
              {{"CONFLICT_OPEN", absl::StrCat("identityConflicts/", id),
                absl::StrCat("the conflict was already decided (",
                             found[0][3].as<std::string>(), ")")}});
        }
        const std::string edition = found[0][0].as<std::string>();
        const std::string holder_id = found[0][1].as<std::string>();
        // The holder's application (its counts may change), then the
        // number, as every writer locks them.
        auto locked =
            LockApplication(tx, LoadParticipant(tx, holder_id)->application_id);
        if (!locked.ok()) return locked.status();
        const ParticipantRow claimant =
            *LoadParticipant(tx, found[0][2].as<std::string>());
        LockPesel(tx, edition, claimant.data.pesel);
        const ParticipantRow holder = *LoadParticipant(tx, holder_id);
        ConflictFacts facts;
        facts.holder_holds = holder.data.pesel == claimant.data.pesel &&
                             HoldsPesel(holder.identity);
        facts.holder_confirmed =
            facts.holder_holds && holder.identity == Identity::kConfirmed;
        facts.confirmed_elsewhere =
            !tx.exec_params(
                   "SELECT 1 FROM participant WHERE edition = $1 AND pesel = "
                   "$2 AND identity = 'CONFIRMED' AND id NOT IN ($3::uuid, "
                   "$4::uuid)",
                   edition, claimant.data.pesel, holder.id, claimant.id)
                 .empty();
        if (decision == Decision::kSamePersonMoved) {
          absl::Status takes_part = TakesPart(tx, claimant);
          if (!takes_part.ok()) return takes_part;
        }
        const DecisionEffect effect = Decide(decision, facts);
        // The holder gives the number up before the claimant takes it.
        if (effect.supersede_holder) Supersede(tx, holder, actor);
        SetIdentity(tx, claimant.id, effect.claimant);
        AppendParticipantEvent<ev::ParticipantUpdated>(
            tx, *LoadParticipant(tx, claimant.id), actor);
        tx.exec_params(
            "UPDATE identity_conflict SET decision = $2, reason = $3, "
            "resolved_at = now(), resolved_by = $4 WHERE id = $1::uuid",
            id, DecisionName(decision), reason, actor.subject);
        RepointConflicts(tx, edition, claimant.data.pesel);
        std::vector<std::string> shown;
        v1::IdentityConflict answer = ConflictFromRow(
            tx,
            tx.exec_params1(
                absl::StrCat(kConflictSelect, "WHERE c.id = $1::uuid"), id),
            &shown);
        Audit(tx, shown, "answer to the identity conflict's resolution",
              "ResolveIdentityConflict", actor);
        return answer;
      });
}

absl::StatusOr<std::vector<v1::GroupParticipant>>
RecruitmentStore::ListGroupParticipants(const std::string& edition,
                                        int workshop_group,
                                        const std::string& after_id, int limit,
                                        const Actor& actor, bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::GroupParticipant>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::GroupParticipant>> {
        if (tx.exec_params("SELECT 1 FROM edition WHERE code = $1", edition)
                .empty()) {
          return errors::NoSuch("edition", edition);
        }
        const pqxx::result rows = tx.exec_params(
            absl::StrCat(
                "SELECT p.id::text, p.first_name, p.last_name, a.teryt, "
                "j.name, a.workshop_group, p.declaration_signed_on IS NOT NULL "
                "FROM participant p JOIN application a ON a.id = "
                "p.application_id JOIN jst j ON j.teryt = a.teryt "
                "WHERE p.edition = $1 AND a.status = 'QUALIFIED' "
                "AND ($2 = 0 OR a.workshop_group = $2) "
                "AND p.participation_end IS NULL AND p.id > $3::uuid AND ",
                CountedCondition("p"), " ORDER BY p.id LIMIT $4"),
            edition, workshop_group,
            after_id.empty() ? "00000000-0000-0000-0000-000000000000"
                             : after_id,
            limit + 1);
        *more = static_cast<int>(rows.size()) > limit;
        std::vector<v1::GroupParticipant> out;
        std::vector<std::string> ids;
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(out.size()) == limit) break;
          v1::GroupParticipant& p = out.emplace_back();
          p.set_participant(row[0].as<std::string>());
          p.set_first_name(row[1].as<std::string>());
          p.set_last_name(row[2].as<std::string>());
          p.set_teryt(row[3].as<std::string>());
          p.set_jst_name(row[4].as<std::string>());
          p.set_workshop_group(row[5].as<int>());
          p.set_declaration_recorded(row[6].as<bool>());
          ids.push_back(p.participant());
        }
        Audit(tx, ids, "attendance sheet of a workshop group",
              "ListGroupParticipants", actor);
        return out;
      },
      {pg::Isolation::kRepeatableRead, 3});
}

}  // namespace jstedu::recruitment
