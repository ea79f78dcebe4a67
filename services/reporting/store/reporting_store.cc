#include "services/reporting/store/reporting_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/time.h"
#include "common/status/fields.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "nlohmann/json.hpp"

namespace jstedu::reporting {
namespace {

// A date column written as "YYYY-MM-DD" (the SQL side formats it).
absl::CivilDay Day(const pqxx::field& field) {
  return errors::ParseDate(field.as<std::string>()).value_or(absl::CivilDay());
}

std::optional<absl::CivilDay> OptionalDay(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return errors::ParseDate(field.as<std::string>());
}

// The SQL of a Warsaw civil date of a timestamptz column, as text.
std::string WarsawDay(const std::string& column) {
  return absl::StrCat("to_char(", column,
                      " AT TIME ZONE 'Europe/Warsaw', 'YYYY-MM-DD')");
}

// A text[] column as read by pqxx 6.4's array parser.
std::vector<std::string> TextArray(const pqxx::field& field) {
  std::vector<std::string> values;
  pqxx::array_parser parser = field.as_array();
  for (auto item = parser.get_next(); item.first != pqxx::array_parser::done;
       item = parser.get_next()) {
    if (item.first == pqxx::array_parser::string_value) {
      values.push_back(item.second);
    }
  }
  return values;
}

EditionFacts LoadEdition(pqxx::transaction_base& tx,
                         const std::string& edition) {
  EditionFacts facts;
  facts.code = edition;
  pqxx::result rows = tx.exec_params(
      "SELECT kind, min_representatives, to_char(starts_on, 'YYYY-MM-DD'), "
      "to_char(ends_on, 'YYYY-MM-DD') FROM edition_fact WHERE edition = $1",
      edition);
  if (rows.empty()) return facts;
  facts.known = true;
  facts.kind = rows[0][0].as<int>();
  facts.min_representatives = rows[0][1].as<int>();
  facts.starts_on = Day(rows[0][2]);
  facts.ends_on = Day(rows[0][3]);
  return facts;
}

void LoadJsts(pqxx::transaction_base& tx, const std::string& edition,
              const std::string& voivodeship, Facts& facts) {
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT application_id::text, teryt, voivodeship, "
                        "jst_kind, qualified_at IS NOT NULL, "
                        "withdrawn_at IS NOT NULL, ",
                        WarsawDay("qualified_at"),
                        " FROM jst_fact WHERE edition = $1 "
                        "AND ($2 = '' OR voivodeship = $2)"),
           edition, voivodeship)) {
    JstFact jst;
    jst.application_id = row[0].as<std::string>();
    jst.teryt = row[1].as<std::string>();
    jst.voivodeship = row[2].as<std::string>();
    jst.jst_kind = row[3].as<int>();
    jst.qualified = row[4].as<bool>();
    jst.withdrawn = row[5].as<bool>();
    if (!row[6].is_null()) jst.qualified_on = Day(row[6]);
    facts.jsts.push_back(std::move(jst));
  }
}

void LoadParticipants(pqxx::transaction_base& tx, const std::string& edition,
                      const std::string& voivodeship, Facts& facts) {
  for (const pqxx::row& row : tx.exec_params(
           "SELECT participant_id::text, application_id::text, teryt, "
           "voivodeship, jst_kind, sex, target_group, status, "
           "declaration_recorded, to_char(participation_start, 'YYYY-MM-DD'), "
           "monitoring_data_complete, missing_monitoring_fields "
           "FROM participant_fact WHERE edition = $1 "
           "AND ($2 = '' OR voivodeship = $2) AND status <> $3",
           edition, voivodeship,
           // Recruitment's records held for its office count nowhere.
           static_cast<int>(recruitment::v1::PARTICIPANT_NOT_COUNTED))) {
    ParticipantFact p;
    p.participant_id = row[0].as<std::string>();
    p.application_id = row[1].as<std::string>();
    p.teryt = row[2].as<std::string>();
    p.voivodeship = row[3].as<std::string>();
    p.jst_kind = row[4].as<int>();
    p.sex = row[5].as<int>();
    p.target_group = row[6].as<int>();
    p.status = row[7].as<int>();
    p.declaration_recorded = row[8].as<bool>();
    if (!row[9].is_null()) p.participation_start = Day(row[9]);
    p.monitoring_complete = row[10].as<bool>();
    p.missing_fields = TextArray(row[11]);
    facts.participants.push_back(std::move(p));
  }
}

void LoadCompletions(pqxx::transaction_base& tx, const std::string& edition,
                     const std::string& voivodeship, Facts& facts) {
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT c.participant_id::text, ",
                        WarsawDay("c.completed_at"),
                        " FROM completion_fact c WHERE c.edition = $1 AND "
                        "($2 = '' OR EXISTS (SELECT 1 FROM participant_fact p "
                        "WHERE p.participant_id = c.participant_id "
                        "AND p.voivodeship = $2))"),
           edition, voivodeship)) {
    facts.completions[row[0].as<std::string>()] = Day(row[1]);
  }
}

void LoadCases(pqxx::transaction_base& tx, const std::string& edition,
               const std::string& voivodeship, Facts& facts) {
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT case_id::text, application_id::text, teryt, "
                        "voivodeship, jst_kind, stage, ",
                        WarsawDay("opened_at"),
                        ", to_char(plan_adopted_on, 'YYYY-MM-DD') "
                        "FROM case_fact WHERE edition = $1 "
                        "AND ($2 = '' OR voivodeship = $2)"),
           edition, voivodeship)) {
    CaseFact c;
    c.case_id = row[0].as<std::string>();
    c.application_id = row[1].as<std::string>();
    c.teryt = row[2].as<std::string>();
    c.voivodeship = row[3].as<std::string>();
    c.jst_kind = row[4].as<int>();
    c.stage = row[5].as<int>();
    c.opened_on = OptionalDay(row[6]);
    c.plan_adopted_on = OptionalDay(row[7]);
    facts.cases.push_back(std::move(c));
  }
}

constexpr char kSnapshotColumns[] =
    "id::text, edition, number, kind, pseudonymised, purpose, "
    "(extract(epoch FROM created_at) * 1000000)::bigint, created_by, sha256, "
    "size_bytes, content_type, filename, record_count, "
    "(extract(epoch FROM submitted_at) * 1000000)::bigint";

v1::Export SnapshotMeta(const pqxx::row& row) {
  v1::Export meta;
  meta.set_id(row[0].as<std::string>());
  meta.set_edition(row[1].as<std::string>());
  meta.set_number(row[2].as<int64_t>());
  v1::ExportKind kind = v1::EXPORT_KIND_UNSPECIFIED;
  v1::ExportKind_Parse(row[3].as<std::string>(), &kind);
  meta.set_kind(kind);
  meta.set_pseudonymised(row[4].as<bool>());
  meta.set_purpose(row[5].as<std::string>());
  if (auto time = pg::OptionalTime(row[6])) {
    *meta.mutable_create_time() = *time;
  }
  meta.set_created_by(row[7].as<std::string>());
  meta.set_sha256(row[8].as<std::string>());
  meta.set_size_bytes(row[9].as<int64_t>());
  meta.set_content_type(row[10].as<std::string>());
  meta.set_filename(row[11].as<std::string>());
  meta.set_record_count(row[12].as<int64_t>());
  meta.set_submitted(!row[13].is_null());
  if (auto time = pg::OptionalTime(row[13])) {
    *meta.mutable_submit_time() = *time;
  }
  return meta;
}

}  // namespace

EditionFacts LoadEditionFacts(pqxx::transaction_base& tx,
                              const std::string& edition) {
  return LoadEdition(tx, edition);
}

void SetEditionTarget(pqxx::transaction_base& tx, const std::string& edition,
                      const std::string& code, const std::string& target) {
  if (target.empty()) {
    tx.exec_params(
        "DELETE FROM edition_target WHERE edition = $1 AND code = $2", edition,
        code);
    return;
  }
  tx.exec_params(
      "INSERT INTO edition_target (edition, code, target) "
      "VALUES ($1, $2, $3::numeric) ON CONFLICT (edition, code) "
      "DO UPDATE SET target = EXCLUDED.target",
      edition, code, target);
}

bool EditionSeen(pqxx::transaction_base& tx, const std::string& edition) {
  return tx
      .exec_params(
          "SELECT EXISTS (SELECT 1 FROM edition_fact WHERE edition = $1) OR "
          "EXISTS (SELECT 1 FROM jst_fact WHERE edition = $1) OR "
          "EXISTS (SELECT 1 FROM participant_fact WHERE edition = $1)",
          edition)[0][0]
      .as<bool>();
}

Facts LoadFacts(pqxx::transaction_base& tx, const std::string& edition,
                const std::string& voivodeship) {
  Facts facts;
  facts.edition = LoadEdition(tx, edition);
  LoadJsts(tx, edition, voivodeship, facts);
  LoadParticipants(tx, edition, voivodeship, facts);
  LoadCompletions(tx, edition, voivodeship, facts);
  LoadCases(tx, edition, voivodeship, facts);
  return facts;
}

std::map<std::string, int64_t> LoadAttendedMinutes(pqxx::transaction_base& tx,
                                                   const std::string& edition) {
  std::map<std::string, int64_t> minutes;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT participant_id::text, sum(attended_minutes)::bigint "
           "FROM attendance_fact WHERE edition = $1 GROUP BY participant_id",
           edition)) {
    minutes[row[0].as<std::string>()] = row[1].as<int64_t>();
  }
  return minutes;
}

std::vector<Definition> LoadDefinitions(pqxx::transaction_base& tx,
                                        const EditionFacts& edition) {
  std::vector<Definition> definitions;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT d.code, d.name_pl, d.name_en, d.description, d.unit, "
           "d.numerator, coalesce(d.denominator, ''), "
           "coalesce(d.factor::text, ''), d.subject, d.grouping, d.position, "
           "coalesce(e.target, k.target)::text, e.target IS NOT NULL "
           "FROM indicator_definition d "
           "LEFT JOIN edition_target e ON e.code = d.code AND e.edition = $1 "
           "LEFT JOIN indicator_target k ON k.code = d.code "
           "AND k.edition_kind = $2 ORDER BY d.position",
           edition.code, edition.kind)) {
    Definition definition;
    v1::IndicatorDefinition& d = definition.proto;
    d.set_code(row[0].as<std::string>());
    d.set_name_pl(row[1].as<std::string>());
    d.set_name_en(row[2].as<std::string>());
    d.set_description(row[3].as<std::string>());
    d.set_unit(row[4].as<std::string>() == "PERCENT" ? v1::PERCENT : v1::COUNT);
    d.set_numerator(row[5].as<std::string>());
    d.set_denominator(row[6].as<std::string>());
    d.set_factor(row[7].as<std::string>());
    const std::string subject = row[8].as<std::string>();
    d.set_subject(subject == "JST"           ? v1::SUBJECT_JST
                  : subject == "PARTICIPANT" ? v1::SUBJECT_PARTICIPANT
                                             : v1::SUBJECT_CASE);
    d.set_group(row[9].as<std::string>());
    d.set_position(row[10].as<int>());
    if (!row[11].is_null()) definition.target = row[11].as<std::string>();
    definition.edition_specific = row[12].as<bool>();
    definitions.push_back(std::move(definition));
  }
  return definitions;
}

void InsertSnapshot(pqxx::transaction_base& tx, Snapshot& snapshot,
                    const SnapshotRecords& records) {
  v1::Export& meta = snapshot.meta;
  const pqxx::row numbered = tx.exec_params1(
      "INSERT INTO export_sequence (edition, last_number) VALUES ($1, 1) "
      "ON CONFLICT (edition) DO UPDATE SET "
      "last_number = export_sequence.last_number + 1 "
      "RETURNING last_number, gen_random_uuid()::text",
      meta.edition());
  meta.set_number(numbered[0].as<int64_t>());
  meta.set_id(numbered[1].as<std::string>());
  const pqxx::row created = tx.exec_params1(
      "INSERT INTO export_snapshot (id, edition, number, kind, pseudonymised, "
      "purpose, created_by, sha256, size_bytes, content_type, filename, "
      "record_count) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, "
      "$9, $10, $11, $12) "
      "RETURNING (extract(epoch FROM created_at) * 1000000)::bigint",
      meta.id(), meta.edition(), meta.number(),
      v1::ExportKind_Name(meta.kind()), meta.pseudonymised(), meta.purpose(),
      meta.created_by(), meta.sha256(), meta.size_bytes(), meta.content_type(),
      meta.filename(), meta.record_count());
  if (auto time = pg::OptionalTime(created[0])) {
    *meta.mutable_create_time() = *time;
  }
  if (snapshot.content) {
    tx.exec_params(
        "UPDATE export_snapshot SET content = $2 WHERE id = $1::uuid",
        meta.id(), pqxx::binarystring(*snapshot.content));
  }
  for (const auto& [key, fields] : records) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [field, value] : fields) object[field] = value;
    tx.exec_params(
        "INSERT INTO export_record (export_id, record_key, fields) "
        "VALUES ($1::uuid, $2, $3::jsonb)",
        meta.id(), key, object.dump());
  }
}

std::optional<Snapshot> FindSnapshot(pqxx::transaction_base& tx,
                                     const std::string& id) {
  pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", kSnapshotColumns,
                   ", content FROM export_snapshot WHERE id = $1::uuid"),
      id);
  if (rows.empty()) return std::nullopt;
  Snapshot snapshot;
  snapshot.meta = SnapshotMeta(rows[0]);
  if (!rows[0][14].is_null()) {
    snapshot.content = pqxx::binarystring(rows[0][14]).str();
  }
  return snapshot;
}

SnapshotRecords LoadSnapshotRecords(pqxx::transaction_base& tx,
                                    const std::string& id) {
  SnapshotRecords records;
  for (const pqxx::row& row :
       tx.exec_params("SELECT record_key, fields::text FROM export_record "
                      "WHERE export_id = $1::uuid",
                      id)) {
    auto& fields = records[row[0].as<std::string>()];
    const nlohmann::json object =
        nlohmann::json::parse(row[1].as<std::string>());
    for (auto it = object.begin(); it != object.end(); ++it) {
      fields[it.key()] = it->get<std::string>();
    }
  }
  return records;
}

std::vector<v1::Export> ListSnapshots(pqxx::transaction_base& tx,
                                      const std::string& edition, int offset,
                                      int limit) {
  std::vector<v1::Export> list;
  for (const pqxx::row& row :
       tx.exec_params(absl::StrCat("SELECT ", kSnapshotColumns,
                                   " FROM export_snapshot WHERE edition = $1 "
                                   "ORDER BY number DESC OFFSET $2 LIMIT $3"),
                      edition, offset, limit)) {
    list.push_back(SnapshotMeta(row));
  }
  return list;
}

std::optional<v1::Export> PreviousSubmitted(pqxx::transaction_base& tx,
                                            const v1::Export& snapshot) {
  pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", kSnapshotColumns,
                   " FROM export_snapshot WHERE edition = $1 AND kind = $2 "
                   "AND pseudonymised = $3 AND number < $4 "
                   "AND submitted_at IS NOT NULL ORDER BY number DESC LIMIT 1"),
      snapshot.edition(), v1::ExportKind_Name(snapshot.kind()),
      snapshot.pseudonymised(), snapshot.number());
  if (rows.empty()) return std::nullopt;
  return SnapshotMeta(rows[0]);
}

void RecordDownload(pqxx::transaction_base& tx, const std::string& id,
                    const std::string& subject, const std::string& role) {
  tx.exec_params(
      "INSERT INTO export_download (export_id, subject, role) "
      "VALUES ($1::uuid, $2, $3)",
      id, subject, role);
}

void MarkSubmitted(pqxx::transaction_base& tx, const std::string& id) {
  tx.exec_params(
      "UPDATE export_snapshot SET submitted_at = coalesce(submitted_at, now()) "
      "WHERE id = $1::uuid",
      id);
}

}  // namespace jstedu::reporting
