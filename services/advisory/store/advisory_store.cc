#include "services/advisory/store/advisory_store.h"

#include <functional>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/events/outbox.h"
#include "common/log/log.h"
#include "common/pg/request_key.h"
#include "common/pg/time.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "services/advisory/domain/business_days.h"

namespace jstedu::advisory {
namespace {

using pqxx::transaction_base;
namespace ev = ::jstedu::events::v1;
namespace rv1 = ::jstedu::recruitment::v1;

// ------------------------------------------------------------- conversions

std::string Sql(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6S+00:00", t, absl::UTCTimeZone());
}

std::string Sql(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::TimeZone Warsaw() {
  static const absl::TimeZone zone = [] {
    absl::TimeZone tz;
    if (!absl::LoadTimeZone("Europe/Warsaw", &tz)) {
      // Without tzdata every date would silently shift; refuse to run.
      throw std::runtime_error("tzdata has no Europe/Warsaw");
    }
    return tz;
  }();
  return zone;
}

// "{a,b}" with every element quoted, for a text[] parameter.
std::string ArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

template <typename Repeated>
std::vector<std::string> Strings(const Repeated& repeated) {
  return std::vector<std::string>(repeated.begin(), repeated.end());
}

template <typename Repeated>
void ReadArray(const pqxx::field& f, Repeated* out) {
  auto parser = f.as_array();
  for (auto item = parser.get_next();
       item.first != pqxx::array_parser::juncture::done;
       item = parser.get_next()) {
    if (item.first == pqxx::array_parser::juncture::string_value)
      out->Add(std::move(item.second));
  }
}

v1::Stage ToProto(Stage stage) {
  v1::Stage out = v1::STAGE_UNSPECIFIED;
  v1::Stage_Parse(std::string(StageName(stage)), &out);
  return out;
}

Stage StageOf(const std::string& name) {
  auto stage = StageFromName(name);
  return stage ? *stage : Stage::kAreaChoice;
}

// ------------------------------------------------------------------- scope

// The scope as SQL conditions on advisory_case c (values quoted).
std::string ScopeSql(transaction_base& tx, const CaseScope& scope) {
  std::string sql;
  if (!scope.voivodeship.empty()) {
    absl::StrAppend(&sql, " AND c.voivodeship = ", tx.quote(scope.voivodeship));
  }
  if (!scope.teryt.empty())
    absl::StrAppend(&sql, " AND c.teryt = ", tx.quote(scope.teryt));
  if (!scope.expert_subject.empty()) {
    absl::StrAppend(&sql,
                    " AND EXISTS (SELECT 1 FROM expert e WHERE e.subject = ",
                    tx.quote(scope.expert_subject),
                    " AND e.id IN (c.education_expert, c.personnel_expert))");
  }
  return sql;
}

absl::Status CaseNotFound(const std::string& id) {
  return errors::NotFoundInScope("case", id);
}

// The SQL tail reading `window`'s rows of an ordered list and one more,
// which tells whether another page follows (DropRowPastWindow).
std::string WindowSql(const PageWindow& window) {
  if (window.limit <= 0) return "";
  return absl::StrCat(" OFFSET ", window.offset, " LIMIT ",
                      static_cast<int64_t>(window.limit) + 1);
}

// Drops the row WindowSql read past the window; whether there was one.
template <typename Row>
bool DropRowPastWindow(std::vector<Row>& rows, const PageWindow& window) {
  if (window.limit <= 0 || rows.size() <= static_cast<size_t>(window.limit)) {
    return false;
  }
  rows.pop_back();
  return true;
}

void Audit(transaction_base& tx, const Actor& actor, const char* what,
           const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  tx.exec_params(
      "INSERT INTO read_audit (actor, actor_role, what, record_ids) VALUES "
      "($1, $2, $3, "
      "$4::text[])",
      actor.subject, actor.role, what, ArrayLiteral(ids));
}

// ------------------------------------------------------------------- cases

constexpr char kCaseColumns[] =
    "c.id::text, c.edition, c.application_id::text, c.teryt, c.voivodeship, "
    "c.jst_kind, "
    "c.workflow_version, c.stage, c.version, (extract(epoch from c.opened_at) "
    "* "
    "1000000)::bigint, c.stage_started_on::text, "
    "coalesce(c.stage_due_on::text, ''), "
    "coalesce(c.education_expert::text, ''), "
    "coalesce(c.personnel_expert::text, ''), "
    "coalesce(c.guardian::text, ''), coalesce(c.support_area::text, ''), "
    "coalesce(c.agreed_on::text, ''), coalesce(c.agreed_by, ''), "
    "coalesce(c.diagnosis_summary, ''), (extract(epoch from "
    "c.schedule_approved_at) * "
    "1000000)::bigint, coalesce(c.plan_document, ''), "
    "coalesce(c.plan_adopted_on::text, ''), "
    "(extract(epoch from c.closed_at) * 1000000)::bigint";

// Overdue as of $today (the query's first parameter).
constexpr char kOverdue[] =
    "(c.stage NOT IN ('COMPLETED', 'WITHDRAWN') AND (c.stage_due_on < $1::date "
    "OR EXISTS "
    "(SELECT 1 FROM case_action a WHERE a.case_id = c.id AND a.status = "
    "'PLANNED' AND "
    "a.due_on < $1::date)))";

struct CaseRow {
  v1::Case proto;
  std::string jst_kind;
};

CaseRow CaseFromRow(const pqxx::row& r) {
  CaseRow row;
  v1::Case& c = row.proto;
  c.set_id(r[0].as<std::string>());
  c.set_edition(r[1].as<std::string>());
  c.set_application_id(r[2].as<std::string>());
  c.set_teryt(r[3].as<std::string>());
  c.set_voivodeship(r[4].as<std::string>());
  row.jst_kind = r[5].as<std::string>();
  c.set_workflow_version(r[6].as<int>());
  c.set_stage(ToProto(StageOf(r[7].as<std::string>())));
  c.set_version(r[8].as<int64_t>());
  if (auto time = pg::OptionalTime(r[9])) {
    *c.mutable_opened_time() = *time;
  }
  if (!r[10].as<std::string>().empty())
    c.set_stage_started_on(r[10].as<std::string>());
  if (!r[11].as<std::string>().empty())
    c.set_stage_due_on(r[11].as<std::string>());
  c.set_education_expert(r[12].as<std::string>());
  c.set_personnel_expert(r[13].as<std::string>());
  c.set_guardian(r[14].as<std::string>());
  c.set_support_area(r[15].as<std::string>());
  if (!r[16].as<std::string>().empty()) {
    c.mutable_agreement()->set_agreed_on(r[16].as<std::string>());
    c.mutable_agreement()->set_agreed_by(r[17].as<std::string>());
  }
  c.set_diagnosis_summary(r[18].as<std::string>());
  if (auto time = pg::OptionalTime(r[19])) {
    *c.mutable_schedule_approved_time() = *time;
  }
  if (!r[21].as<std::string>().empty()) {
    c.mutable_plan()->set_document_reference(r[20].as<std::string>());
    c.mutable_plan()->set_adopted_on(r[21].as<std::string>());
  }
  if (auto time = pg::OptionalTime(r[22])) {
    *c.mutable_closed_time() = *time;
  }
  if (r.size() > 23) c.set_overdue(r[23].as<bool>());
  return row;
}

Stage StageOf(const v1::Case& c) { return StageOf(v1::Stage_Name(c.stage())); }

// The case row locked for a command; NOT_FOUND when missing or out of scope.
absl::StatusOr<CaseRow> LockCase(transaction_base& tx, const std::string& id,
                                 const CaseScope& scope) {
  auto rows =
      tx.exec_params(absl::StrCat("SELECT ", kCaseColumns,
                                  " FROM advisory_case c WHERE c.id = $1::uuid",
                                  ScopeSql(tx, scope), " FOR UPDATE OF c"),
                     id);
  if (rows.empty()) return CaseNotFound(id);
  return CaseFromRow(rows[0]);
}

void LoadActions(transaction_base& tx, absl::CivilDay today, v1::Case* c) {
  bool open = !IsClosed(StageOf(*c));
  auto rows = tx.exec_params(
      "SELECT id::text, title, owner, starts_on::text, due_on::text, status, "
      "coalesce(done_on::text, ''), coalesce(drop_reason, ''), due_on < "
      "$2::date FROM "
      "case_action WHERE case_id = $1::uuid ORDER BY position",
      c->id(), Sql(today));
  for (const auto& r : rows) {
    v1::Action* a = c->add_actions();
    a->set_id(r[0].as<std::string>());
    a->set_title(r[1].as<std::string>());
    a->set_owner(r[2].as<std::string>());
    a->set_starts_on(r[3].as<std::string>());
    a->set_due_on(r[4].as<std::string>());
    v1::ActionStatus status = v1::ACTION_STATUS_UNSPECIFIED;
    v1::ActionStatus_Parse(r[5].as<std::string>(), &status);
    a->set_status(status);
    if (!r[6].as<std::string>().empty()) a->set_done_on(r[6].as<std::string>());
    a->set_drop_reason(r[7].as<std::string>());
    a->set_overdue(open && status == v1::PLANNED && r[8].as<bool>());
  }
}

// The whole case as the API shows it (with its actions and overdue flag).
CaseRow LoadCase(transaction_base& tx, const std::string& id,
                 absl::CivilDay today) {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kCaseColumns, ", ", kOverdue,
                   " FROM advisory_case c WHERE c.id = $2::uuid"),
      Sql(today), id);
  CaseRow row = CaseFromRow(rows.at(0));
  LoadActions(tx, today, &row.proto);
  return row;
}

ev::CaseRef RefOf(const CaseRow& row) {
  ev::CaseRef ref;
  ref.set_case_id(row.proto.id());
  ref.set_edition(row.proto.edition());
  ref.set_application_id(row.proto.application_id());
  ref.set_teryt(row.proto.teryt());
  ref.set_voivodeship(row.proto.voivodeship());
  rv1::JstKind kind = rv1::JST_KIND_UNSPECIFIED;
  rv1::JstKind_Parse(row.jst_kind, &kind);
  ref.set_jst_kind(kind);
  ref.set_version(row.proto.version());
  return ref;
}

void SetTime(absl::Time t, google::protobuf::Timestamp* out) {
  out->set_seconds(absl::ToUnixSeconds(t));
  out->set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(
      t - absl::FromUnixSeconds(absl::ToUnixSeconds(t)))));
}

// Business days a stage is given by a workflow version (0 for closed).
int StageDays(transaction_base& tx, int workflow_version, Stage stage) {
  const char* column = nullptr;
  switch (stage) {
    case Stage::kAreaChoice:
      column = "area_choice_days";
      break;
    case Stage::kNeedsDiagnosis:
      column = "needs_diagnosis_days";
      break;
    case Stage::kRollout:
      column = "rollout_days";
      break;
    default:
      return 0;
  }
  return tx
      .exec_params1(
          absl::StrCat("SELECT ", column,
                       " FROM workflow_definition WHERE version = $1"),
          workflow_version)[0]
      .as<int>();
}

void WriteHistory(transaction_base& tx, const std::string& case_id,
                  absl::Time at, const Actor& actor, const char* command,
                  Stage from, Stage to, const std::string& reason,
                  int64_t version) {
  tx.exec_params(
      "INSERT INTO case_history (case_id, at, actor, actor_role, command, "
      "from_stage, "
      "to_stage, reason, version) VALUES ($1::uuid, $2::timestamptz, $3, $4, "
      "$5, $6, $7, $8, "
      "$9)",
      case_id, Sql(at), actor.subject, actor.role, std::string(command),
      std::string(StageName(from)), std::string(StageName(to)), reason,
      version);
}

// Moves the case one version on (and to `to`, with its new due date),
// writing the history row. Returns the new version.
int64_t Advance(transaction_base& tx, const CaseRow& row, Stage to,
                absl::CivilDay today, absl::Time now, const Actor& actor,
                const char* command, const std::string& reason) {
  const Stage from = StageOf(row.proto);
  const int64_t version = row.proto.version() + 1;
  if (to == from) {
    tx.exec_params("UPDATE advisory_case SET version = $2 WHERE id = $1::uuid",
                   row.proto.id(), version);
  } else {
    std::optional<std::string> due;
    std::optional<std::string> closed;
    if (IsClosed(to)) {
      closed = Sql(now);
    } else {
      due = Sql(AddBusinessDays(
          today, StageDays(tx, row.proto.workflow_version(), to)));
    }
    tx.exec_params(
        "UPDATE advisory_case SET version = $2, stage = $3, stage_started_on = "
        "$4::date, "
        "stage_due_on = $5::date, closed_at = $6::timestamptz WHERE id = "
        "$1::uuid",
        row.proto.id(), version, std::string(StageName(to)), Sql(today), due,
        closed);
  }
  WriteHistory(tx, row.proto.id(), now, actor, command, from, to, reason,
               version);
  return version;
}

// ----------------------------------------------------------------- experts

constexpr char kOpenStages[] = "('AREA_CHOICE', 'NEEDS_DIAGNOSIS', 'ROLLOUT')";

// Open cases an expert holds, other than `except_case` ("" = none).
int64_t Load(transaction_base& tx, const std::string& expert_id,
             const std::string& except_case) {
  return tx
      .exec_params1(
          absl::StrCat(
              "SELECT count(*) FROM advisory_case WHERE stage IN ", kOpenStages,
              " AND $1::uuid IN (education_expert, personnel_expert) AND "
              "id::text <> $2"),
          expert_id, except_case)[0]
      .as<int64_t>();
}

std::string SpecialityName(v1::Speciality s) { return v1::Speciality_Name(s); }

// Whether `expert_id` may take the `speciality` place of case `case_id` in
// `voivodeship`; locks the expert's row first so that loads are counted
// one assignment at a time. Empty when it may.
std::vector<errors::Rule> CheckExpert(transaction_base& tx,
                                      const std::string& expert_id,
                                      v1::Speciality speciality,
                                      const std::string& voivodeship,
                                      const std::string& case_id) {
  const std::string subject = absl::StrCat("experts/", expert_id);
  auto rows = tx.exec_params(
      "SELECT speciality, active, $2 = ANY (voivodeships), max_caseload FROM "
      "expert WHERE id = "
      "$1::uuid FOR UPDATE",
      expert_id, voivodeship);
  if (rows.empty()) return {{"EXPERT_UNKNOWN", subject, "no such expert"}};
  std::vector<errors::Rule> rules;
  const auto& r = rows[0];
  if (r[0].as<std::string>() != SpecialityName(speciality)) {
    rules.push_back(
        {"EXPERT_WRONG_SPECIALITY", subject,
         absl::StrCat("the expert's speciality is ", r[0].as<std::string>(),
                      ", not ", SpecialityName(speciality))});
  }
  if (!r[1].as<bool>())
    rules.push_back({"EXPERT_INACTIVE", subject, "the expert is inactive"});
  if (!r[2].as<bool>()) {
    rules.push_back(
        {"EXPERT_NOT_SERVING_REGION", subject,
         absl::StrCat("the expert does not serve voivodeship ", voivodeship)});
  }
  if (Load(tx, expert_id, case_id) >= r[3].as<int64_t>()) {
    rules.push_back({"EXPERT_AT_CAPACITY", subject,
                     absl::StrCat("the expert already holds ", r[3].as<int>(),
                                  " open cases (their maximum)")});
  }
  return rules;
}

// The least-loaded eligible expert ("" when nobody is), not `excluded`.
std::string LeastLoaded(transaction_base& tx, v1::Speciality speciality,
                        const std::string& voivodeship,
                        const std::string& excluded,
                        const std::string& case_id) {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT e.id::text FROM expert e, LATERAL (SELECT count(*) "
                   "AS n FROM advisory_case c "
                   "WHERE c.stage IN ",
                   kOpenStages,
                   " AND e.id IN (c.education_expert, c.personnel_expert) AND "
                   "c.id::text <> $4) l WHERE "
                   "e.active AND e.speciality = $1 AND $2 = ANY "
                   "(e.voivodeships) AND e.id::text <> $3 "
                   "AND l.n < e.max_caseload ORDER BY l.n, l.n::float8 / "
                   "e.max_caseload, e.id LIMIT 1"),
      SpecialityName(speciality), voivodeship, excluded, case_id);
  return rows.empty() ? "" : rows[0][0].as<std::string>();
}

constexpr char kExpertColumns[] =
    "e.id::text, e.subject, e.display_name, e.speciality, e.voivodeships, "
    "e.active, "
    "e.max_caseload, (SELECT count(*) FROM advisory_case c WHERE c.stage IN "
    "('AREA_CHOICE', "
    "'NEEDS_DIAGNOSIS', 'ROLLOUT') AND e.id IN (c.education_expert, "
    "c.personnel_expert))";

v1::Expert ExpertFromRow(const pqxx::row& r) {
  v1::Expert e;
  e.set_id(r[0].as<std::string>());
  e.set_subject(r[1].as<std::string>());
  e.set_display_name(r[2].as<std::string>());
  v1::Speciality s = v1::SPECIALITY_UNSPECIFIED;
  v1::Speciality_Parse(r[3].as<std::string>(), &s);
  e.set_speciality(s);
  ReadArray(r[4], e.mutable_voivodeships());
  e.set_active(r[5].as<bool>());
  e.set_max_caseload(r[6].as<int>());
  e.set_open_cases(r[7].as<int>());
  return e;
}

v1::Expert LoadExpert(transaction_base& tx, const std::string& id) {
  return ExpertFromRow(
      tx.exec_params1(absl::StrCat("SELECT ", kExpertColumns,
                                   " FROM expert e WHERE e.id = $1::uuid"),
                      id));
}

std::string SubjectOf(transaction_base& tx, const std::string& expert_id) {
  if (expert_id.empty()) return "";
  auto rows = tx.exec_params("SELECT subject FROM expert WHERE id = $1::uuid",
                             expert_id);
  return rows.empty() ? "" : rows[0][0].as<std::string>();
}

void PublishExpertsAssigned(transaction_base& tx, const CaseRow& after,
                            bool handover, absl::Time now,
                            const std::string& traceparent) {
  ev::CaseExpertsAssigned event;
  *event.mutable_case_() = RefOf(after);
  event.set_education_expert(after.proto.education_expert());
  event.set_personnel_expert(after.proto.personnel_expert());
  event.set_guardian(after.proto.guardian());
  event.set_guardian_subject(SubjectOf(tx, after.proto.guardian()));
  event.set_handover(handover);
  SetTime(now, event.mutable_assigned_at());
  events::AppendEvent(tx, event, after.proto.id(), traceparent);
}

void RecordAssignment(transaction_base& tx, const CaseRow& before,
                      const CaseRow& after, const char* kind,
                      const Actor& actor, absl::Time now,
                      const std::string& note) {
  auto or_null = [](const std::string& id) -> std::optional<std::string> {
    if (id.empty()) return std::nullopt;
    return id;
  };
  tx.exec_params(
      "INSERT INTO expert_assignment (case_id, at, actor, kind, "
      "education_before, "
      "personnel_before, guardian_before, education_after, personnel_after, "
      "guardian_after, "
      "note) VALUES ($1::uuid, $2::timestamptz, $3, $4, $5::uuid, $6::uuid, "
      "$7::uuid, "
      "$8::uuid, $9::uuid, $10::uuid, $11)",
      before.proto.id(), Sql(now), actor.subject, kind,
      or_null(before.proto.education_expert()),
      or_null(before.proto.personnel_expert()),
      or_null(before.proto.guardian()), after.proto.education_expert(),
      after.proto.personnel_expert(), after.proto.guardian(), note);
}

// ---------------------------------------------------------------- commands

// Which events a command publishes besides CaseStageChanged.
struct Effects {
  bool experts_assigned = false;
  bool schedule_approved = false;
  bool plan_adopted = false;
  std::string history_reason;  // overrides the input's reason when set
};

using Apply = std::function<absl::Status(transaction_base&, const CaseRow&,
                                         CaseFacts&, Effects&)>;

CaseFacts FactsOf(transaction_base& tx, const CaseRow& row) {
  const v1::Case& c = row.proto;
  CaseFacts facts;
  facts.stage = StageOf(c);
  facts.experts_assigned = !c.guardian().empty();
  facts.area_chosen = !c.support_area().empty();
  facts.agreement_recorded = c.has_agreement();
  facts.diagnosis_summary = !c.diagnosis_summary().empty();
  facts.plan_adopted = c.has_plan();
  auto counts = tx.exec_params1(
      "SELECT count(*), count(*) FILTER (WHERE title = '' OR owner = ''), "
      "count(*) FILTER "
      "(WHERE status = 'PLANNED') FROM case_action WHERE case_id = $1::uuid",
      c.id());
  facts.actions = counts[0].as<int>();
  facts.incomplete_actions = counts[1].as<int>();
  facts.open_actions = counts[2].as<int>();
  return facts;
}

// The one path of every command: the request's key, lock, version, stage,
// the command's own change, the transition's guard, version/stage/history,
// events. The key comes first: a retry of a command whose answer was lost
// is told REQUEST_ALREADY_APPLIED, not that its own write made the version
// stale (the key is kept only if the command commits).
absl::StatusOr<v1::Case> RunCommand(pg::Pool& pool, const CommandInput& in,
                                    Command command, const Apply& apply) {
  return pg::RunInTransactionFor<v1::Case>(
      pool, [&](transaction_base& tx) -> absl::StatusOr<v1::Case> {
        const absl::Status key = pg::RecordRequestKey(tx);
        if (!key.ok()) return key;
        auto row = LockCase(tx, in.case_id, in.scope);
        if (!row.ok()) return row.status();
        if (row->proto.version() != in.expected_version) {
          return absl::AbortedError(absl::StrCat(
              "case ", in.case_id, " is at version ", row->proto.version(),
              ", not ", in.expected_version, "; read it again and retry"));
        }
        const Stage stage = StageOf(row->proto);
        if (!IsLegal(stage, command)) {
          return errors::RulesNotMet({WrongStage(stage, command, in.case_id)});
        }
        CaseFacts facts = FactsOf(tx, *row);
        Effects effects;
        absl::Status applied = apply(tx, *row, facts, effects);
        if (!applied.ok()) return applied;
        std::vector<errors::Rule> missing =
            GuardViolations(facts, command, in.case_id);
        if (!missing.empty()) return errors::RulesNotMet(missing);

        const Stage next = NextStage(stage, command);
        Advance(tx, *row, next, in.today, in.now, in.actor,
                CommandName(command),
                effects.history_reason.empty() ? in.reason
                                               : effects.history_reason);
        CaseRow after = LoadCase(tx, in.case_id, in.today);
        if (next != stage) {
          ev::CaseStageChanged event;
          *event.mutable_case_() = RefOf(after);
          event.set_from_stage(ToProto(stage));
          event.set_to_stage(ToProto(next));
          SetTime(in.now, event.mutable_changed_at());
          event.set_stage_due_on(after.proto.stage_due_on());
          events::AppendEvent(tx, event, in.case_id, in.actor.traceparent);
        }
        if (effects.experts_assigned) {
          RecordAssignment(tx, *row, after, "ASSIGNMENT", in.actor, in.now,
                           in.reason);
          PublishExpertsAssigned(tx, after, false, in.now,
                                 in.actor.traceparent);
        }
        if (effects.schedule_approved) {
          ev::ActionScheduleApproved event;
          *event.mutable_case_() = RefOf(after);
          event.set_action_count(after.proto.actions_size());
          SetTime(in.now, event.mutable_approved_at());
          events::AppendEvent(tx, event, in.case_id, in.actor.traceparent);
        }
        if (effects.plan_adopted) {
          ev::PlanAdopted event;
          *event.mutable_case_() = RefOf(after);
          event.set_document_reference(after.proto.plan().document_reference());
          event.set_adopted_on(after.proto.plan().adopted_on());
          SetTime(in.now, event.mutable_recorded_at());
          events::AppendEvent(tx, event, in.case_id, in.actor.traceparent);
        }
        return after.proto;
      });
}

// A PLANNED action of the case, locked; NOT_FOUND / ACTION_CLOSED otherwise.
absl::Status LockOpenAction(transaction_base& tx, const std::string& case_id,
                            const std::string& action_id) {
  auto rows = tx.exec_params(
      "SELECT status FROM case_action WHERE id = $1::uuid AND case_id = "
      "$2::uuid FOR UPDATE",
      action_id, case_id);
  if (rows.empty()) {
    return errors::NotFoundResource(
        "action", action_id,
        absl::StrCat("the case has no action ", action_id));
  }
  if (rows[0][0].as<std::string>() != "PLANNED") {
    return errors::RulesNotMet(
        {{"ACTION_CLOSED", absl::StrCat("actions/", action_id),
          absl::StrCat("the action is already ",
                       rows[0][0].as<std::string>())}});
  }
  return absl::OkStatus();
}

// ------------------------------------------------------------------ lists

std::string PageFilter(transaction_base& tx, const CaseQuery& q) {
  std::string sql;
  if (!q.edition.empty())
    absl::StrAppend(&sql, " AND c.edition = ", tx.quote(q.edition));
  if (!q.voivodeship.empty()) {
    absl::StrAppend(&sql, " AND c.voivodeship = ", tx.quote(q.voivodeship));
  }
  if (!q.teryt.empty())
    absl::StrAppend(&sql, " AND c.teryt = ", tx.quote(q.teryt));
  if (!q.stage.empty())
    absl::StrAppend(&sql, " AND c.stage = ", tx.quote(q.stage));
  if (!q.expert_id.empty()) {
    absl::StrAppend(&sql, " AND ", tx.quote(q.expert_id),
                    "::uuid IN (c.education_expert, c.personnel_expert)");
  }
  if (q.overdue_only) absl::StrAppend(&sql, " AND ", kOverdue);
  if (q.after) {
    absl::StrAppend(&sql, " AND (c.teryt, c.id) > (", tx.quote(q.after->first),
                    ", ", tx.quote(q.after->second), "::uuid)");
  }
  return sql;
}

v1::Activity ActivityFromRow(const pqxx::row& r) {
  v1::Activity a;
  a.set_id(r[0].as<std::string>());
  a.set_case_(r[1].as<std::string>());
  v1::ActivityKind kind = v1::ACTIVITY_KIND_UNSPECIFIED;
  v1::ActivityKind_Parse(r[2].as<std::string>(), &kind);
  a.set_kind(kind);
  a.set_occurred_on(r[3].as<std::string>());
  v1::ActivityForm form = v1::ACTIVITY_FORM_UNSPECIFIED;
  v1::ActivityForm_Parse(r[4].as<std::string>(), &form);
  a.set_form(form);
  ReadArray(r[5], a.mutable_participants());
  ReadArray(r[6], a.mutable_guests());
  a.set_notes(r[7].as<std::string>());
  ReadArray(r[8], a.mutable_documents());
  a.set_recorded_by(r[9].as<std::string>());
  if (auto time = pg::OptionalTime(r[10])) {
    *a.mutable_recorded_time() = *time;
  }
  return a;
}

constexpr char kActivityColumns[] =
    "id::text, case_id::text, kind, occurred_on::text, form, participants, "
    "guests, notes, "
    "documents, recorded_by, (extract(epoch from recorded_at) * "
    "1000000)::bigint";

absl::Status RequireVisible(transaction_base& tx, const std::string& case_id,
                            const CaseScope& scope,
                            std::string* stage = nullptr) {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT c.stage FROM advisory_case c WHERE c.id = "
                   "$1::uuid",
                   ScopeSql(tx, scope)),
      case_id);
  if (rows.empty()) return CaseNotFound(case_id);
  if (stage != nullptr) *stage = rows[0][0].as<std::string>();
  return absl::OkStatus();
}

// A difference between the handover plan sent (exact_plan) and the one the
// deactivation would carry out now.
errors::Rule PlanChanged(const std::string& case_id, std::string what) {
  return {"PLAN_CHANGED", absl::StrCat("cases/", case_id), std::move(what)};
}

}  // namespace

absl::CivilDay WarsawDay(absl::Time t) { return absl::ToCivilDay(t, Warsaw()); }

// ================================================== workflow definitions

absl::StatusOr<std::vector<v1::WorkflowDefinition>>
AdvisoryStore::ListWorkflowDefinitions() {
  return pg::RunInTransactionFor<std::vector<v1::WorkflowDefinition>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::WorkflowDefinition>> {
        std::vector<v1::WorkflowDefinition> out;
        for (const auto& r : tx.exec(
                 "SELECT version, area_choice_days, needs_diagnosis_days, "
                 "rollout_days, note, "
                 "(extract(epoch from published_at) * 1000000)::bigint FROM "
                 "workflow_definition ORDER BY version DESC")) {
          v1::WorkflowDefinition d;
          d.set_version(r[0].as<int>());
          d.set_area_choice_days(r[1].as<int>());
          d.set_needs_diagnosis_days(r[2].as<int>());
          d.set_rollout_days(r[3].as<int>());
          d.set_note(r[4].as<std::string>());
          if (auto time = pg::OptionalTime(r[5])) {
            *d.mutable_published_time() = *time;
          }
          out.push_back(std::move(d));
        }
        return out;
      });
}

absl::StatusOr<v1::WorkflowDefinition> AdvisoryStore::PublishWorkflowDefinition(
    const v1::WorkflowDefinition& definition, const Actor& actor) {
  return pg::RunInTransactionFor<v1::WorkflowDefinition>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::WorkflowDefinition> {
        // One publisher at a time, so versions are consecutive.
        tx.exec("LOCK TABLE workflow_definition IN SHARE ROW EXCLUSIVE MODE");
        auto r = tx.exec_params1(
            "INSERT INTO workflow_definition (version, area_choice_days, "
            "needs_diagnosis_days, "
            "rollout_days, note, published_by) SELECT coalesce(max(version), "
            "0) + 1, $1, $2, "
            "$3, $4, $5 FROM workflow_definition RETURNING version, "
            "(extract(epoch from "
            "published_at) * 1000000)::bigint",
            definition.area_choice_days(), definition.needs_diagnosis_days(),
            definition.rollout_days(), definition.note(), actor.subject);
        v1::WorkflowDefinition out = definition;
        out.set_version(r[0].as<int>());
        if (auto time = pg::OptionalTime(r[1])) {
          *out.mutable_published_time() = *time;
        }
        return out;
      });
}

// ========================================================== support areas

absl::StatusOr<std::vector<v1::SupportArea>> AdvisoryStore::ListSupportAreas(
    const std::string& edition) {
  return pg::RunInTransactionFor<std::vector<v1::SupportArea>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::SupportArea>> {
        std::vector<v1::SupportArea> out;
        for (const auto& r :
             tx.exec_params("SELECT id::text, edition, code, title, "
                            "description, thematic_area FROM "
                            "support_area WHERE edition = $1 ORDER BY code",
                            edition)) {
          v1::SupportArea a;
          a.set_id(r[0].as<std::string>());
          a.set_edition(r[1].as<std::string>());
          a.set_code(r[2].as<std::string>());
          a.set_title(r[3].as<std::string>());
          a.set_description(r[4].as<std::string>());
          training::v1::ThematicArea area =
              training::v1::THEMATIC_AREA_UNSPECIFIED;
          training::v1::ThematicArea_Parse(r[5].as<std::string>(), &area);
          a.set_thematic_area(area);
          out.push_back(std::move(a));
        }
        return out;
      });
}

absl::StatusOr<v1::SupportArea> AdvisoryStore::CreateSupportArea(
    const std::string& edition, const v1::SupportArea& area,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::SupportArea>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::SupportArea> {
        // The office's own catalogue: the standard one is then not copied.
        tx.exec_params(
            "INSERT INTO catalogue (edition) VALUES ($1) ON CONFLICT DO "
            "NOTHING",
            edition);
        tx.exec_params("SELECT 1 FROM catalogue WHERE edition = $1 FOR UPDATE",
                       edition);
        const int64_t count =
            tx.exec_params1(
                  "SELECT count(*) FROM support_area WHERE edition = $1",
                  edition)[0]
                .as<int64_t>();
        if (count >= 12) {
          return errors::RulesNotMet(
              {{"CATALOGUE_FULL",
                absl::StrCat("editions/", edition, "/support-areas"),
                "an edition's catalogue holds 12 support areas"}});
        }
        if (!tx.exec_params("SELECT 1 FROM support_area WHERE edition = $1 AND "
                            "code = $2",
                            edition, area.code())
                 .empty()) {
          return absl::AlreadyExistsError(
              absl::StrCat("edition ", edition, " already has a support area ",
                           area.code()));
        }
        v1::SupportArea out = area;
        out.set_edition(edition);
        out.set_id(
            tx.exec_params1(
                  "INSERT INTO support_area (id, edition, code, thematic_area, "
                  "title, description, created_by) VALUES "
                  "(gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING "
                  "id::text",
                  edition, area.code(),
                  training::v1::ThematicArea_Name(area.thematic_area()),
                  area.title(), area.description(), actor.subject)[0]
                .as<std::string>());
        return out;
      });
}

// ================================================================ experts

absl::StatusOr<std::vector<v1::Expert>> AdvisoryStore::ListExperts(
    const ExpertQuery& q, const Actor& actor, bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::Expert>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Expert>> {
        std::string where = " WHERE true";
        if (!q.voivodeship.empty()) {
          absl::StrAppend(&where, " AND ", tx.quote(q.voivodeship),
                          " = ANY (e.voivodeships)");
        }
        if (!q.speciality.empty()) {
          absl::StrAppend(&where,
                          " AND e.speciality = ", tx.quote(q.speciality));
        }
        if (q.active_only) absl::StrAppend(&where, " AND e.active");
        if (!q.subject.empty())
          absl::StrAppend(&where, " AND e.subject = ", tx.quote(q.subject));
        std::vector<v1::Expert> out;
        std::vector<std::string> ids;
        for (const auto& r : tx.exec(absl::StrCat(
                 "SELECT * FROM (SELECT ", kExpertColumns, " FROM expert e",
                 where, ") x ORDER BY 4, 8, 3, 1", WindowSql(q.window)))) {
          out.push_back(ExpertFromRow(r));
        }
        const bool next = DropRowPastWindow(out, q.window);
        if (more != nullptr) *more = next;
        for (const v1::Expert& e : out) ids.push_back(e.id());
        Audit(tx, actor, "experts", ids);
        return out;
      });
}

absl::StatusOr<v1::Expert> AdvisoryStore::CreateExpert(
    const v1::Expert& expert) {
  return pg::RunInTransactionFor<v1::Expert>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Expert> {
        auto rows = tx.exec_params(
            "INSERT INTO expert (id, subject, display_name, speciality, "
            "voivodeships, "
            "max_caseload) VALUES (gen_random_uuid(), $1, $2, $3, $4::text[], "
            "$5) ON CONFLICT "
            "(subject) DO NOTHING RETURNING id::text",
            expert.subject(), expert.display_name(),
            SpecialityName(expert.speciality()),
            ArrayLiteral(Strings(expert.voivodeships())),
            expert.max_caseload());
        if (rows.empty()) {
          return absl::AlreadyExistsError(absl::StrCat(
              "an expert with subject ", expert.subject(), " is registered"));
        }
        return LoadExpert(tx, rows[0][0].as<std::string>());
      });
}

absl::StatusOr<v1::DeactivateExpertResponse> AdvisoryStore::DeactivateExpert(
    const std::string& expert_id, const std::string& note,
    const std::vector<v1::Handover>& handovers, bool validate_only,
    bool exact_plan, const Actor& actor, absl::Time now) {
  return pg::RunInTransactionFor<v1::DeactivateExpertResponse>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<v1::DeactivateExpertResponse> {
        // A preview runs the very same statements (each handover changes
        // the loads the next one is chosen by) and then undoes them.
        if (validate_only) tx.exec0("SAVEPOINT deactivate_preview");
        auto leaving = tx.exec_params(
            "SELECT speciality, active FROM expert WHERE id = $1::uuid FOR "
            "UPDATE",
            expert_id);
        if (leaving.empty()) {
          return errors::NoSuch("expert", expert_id);
        }
        if (!leaving[0][1].as<bool>()) {
          return errors::RulesNotMet(
              {{"EXPERT_INACTIVE", absl::StrCat("experts/", expert_id),
                "the expert is already inactive"}});
        }
        v1::Speciality speciality = v1::SPECIALITY_UNSPECIFIED;
        v1::Speciality_Parse(leaving[0][0].as<std::string>(), &speciality);
        tx.exec_params(
            "UPDATE expert SET active = false, deactivated_at = "
            "$2::timestamptz WHERE id = "
            "$1::uuid",
            expert_id, Sql(now));

        std::vector<CaseRow> cases;
        std::set<std::string> open_ids;
        for (const auto& r : tx.exec_params(
                 absl::StrCat("SELECT ", kCaseColumns,
                              " FROM advisory_case c WHERE c.stage IN ",
                              kOpenStages,
                              " AND $1::uuid IN (c.education_expert, "
                              "c.personnel_expert) "
                              "ORDER BY c.id FOR UPDATE OF c"),
                 expert_id)) {
          cases.push_back(CaseFromRow(r));
          open_ids.insert(cases.back().proto.id());
        }
        std::map<std::string, const v1::Handover*> chosen;
        std::vector<errors::FieldProblem> bad;
        // Exact plan: every difference from the plan sent.
        std::vector<errors::Rule> changed;
        for (size_t i = 0; i < handovers.size(); ++i) {
          const std::string field = absl::StrCat("handovers[", i, "].case");
          if (!chosen.emplace(handovers[i].case_(), &handovers[i]).second) {
            bad.push_back({field, "is named twice"});
          } else if (open_ids.count(handovers[i].case_()) == 0) {
            if (exact_plan) {
              changed.push_back(PlanChanged(
                  handovers[i].case_(),
                  "the case is no longer an open case of this expert"));
            } else {
              bad.push_back({field, "is not an open case of this expert"});
            }
          }
        }
        if (!bad.empty()) return errors::InvalidFields(bad);

        v1::DeactivateExpertResponse response;
        std::vector<errors::Rule> problems;
        const absl::CivilDay today = WarsawDay(now);
        for (const CaseRow& row : cases) {
          const v1::Case& c = row.proto;
          std::string replacement;
          auto it = chosen.find(c.id());
          if (it != chosen.end()) {
            replacement = it->second->expert();
            if (replacement == expert_id) {
              problems.push_back(
                  {"EXPERT_INACTIVE", absl::StrCat("cases/", c.id()),
                   "a case cannot be handed over to the leaving expert"});
              continue;
            }
            std::vector<errors::Rule> rules = CheckExpert(
                tx, replacement, speciality, c.voivodeship(), c.id());
            problems.insert(problems.end(), rules.begin(), rules.end());
            if (!rules.empty()) continue;
          } else {
            if (exact_plan) {
              changed.push_back(
                  PlanChanged(c.id(),
                              "the case is an open case of this expert and is "
                              "not in the plan"));
            }
            replacement =
                LeastLoaded(tx, speciality, c.voivodeship(), expert_id, c.id());
            if (replacement.empty() || !CheckExpert(tx, replacement, speciality,
                                                    c.voivodeship(), c.id())
                                            .empty()) {
              problems.push_back(
                  {"NO_REPLACEMENT", absl::StrCat("cases/", c.id()),
                   absl::StrCat("no active ", SpecialityName(speciality),
                                " expert serving voivodeship ", c.voivodeship(),
                                " has room for the case")});
              continue;
            }
          }
          const bool education = speciality == v1::EDUCATION_DEVELOPMENT;
          const bool was_guardian = c.guardian() == expert_id;
          tx.exec_params(
              absl::StrCat("UPDATE advisory_case SET ",
                           education ? "education_expert" : "personnel_expert",
                           " = $2::uuid, guardian = CASE WHEN $3 THEN $2::uuid "
                           "ELSE guardian "
                           "END WHERE id = $1::uuid"),
              c.id(), replacement, was_guardian);
          Advance(tx, row, StageOf(c), today, now, actor, "handover", note);
          CaseRow after = LoadCase(tx, c.id(), today);
          RecordAssignment(tx, row, after, "HANDOVER", actor, now, note);
          PublishExpertsAssigned(tx, after, true, now, actor.traceparent);
          v1::Handover* done = response.add_handovers();
          done->set_case_(c.id());
          done->set_expert(replacement);
          done->set_guardian(after.proto.guardian());
          if (exact_plan && it != chosen.end() &&
              it->second->guardian() != done->guardian()) {
            changed.push_back(PlanChanged(
                c.id(),
                absl::StrCat("the case's guardian would be ", done->guardian(),
                             ", not ", it->second->guardian())));
          }
        }
        // Returning an error rolls the whole transaction back.
        if (!changed.empty()) return errors::RulesNotMet(changed);
        if (!problems.empty()) return errors::RulesNotMet(problems);
        *response.mutable_expert() = LoadExpert(tx, expert_id);
        if (validate_only) {
          tx.exec0("ROLLBACK TO SAVEPOINT deactivate_preview");
        }
        // A preview reads the expert to show a plan, not to hand over.
        Audit(tx, actor,
              validate_only ? "experts.deactivation-preview" : "experts",
              {expert_id});
        return response;
      });
}

// ================================================================== cases

absl::StatusOr<std::vector<v1::Case>> AdvisoryStore::ListCases(
    const CaseQuery& q, bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::Case>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Case>> {
        auto rows = tx.exec_params(
            absl::StrCat("SELECT ", kCaseColumns, ", ", kOverdue,
                         " FROM advisory_case c WHERE true",
                         ScopeSql(tx, q.scope), PageFilter(tx, q),
                         " ORDER BY c.teryt, c.id LIMIT $2"),
            Sql(q.today), q.limit + 1);
        std::vector<v1::Case> out;
        for (const auto& r : rows) {
          CaseRow row = CaseFromRow(r);
          // Lists carry no personal data (see GetCase): who agreed is left out.
          if (row.proto.has_agreement())
            row.proto.mutable_agreement()->clear_agreed_by();
          out.push_back(std::move(row.proto));
        }
        *more = static_cast<int>(out.size()) > q.limit;
        if (*more) out.pop_back();
        return out;
      });
}

absl::StatusOr<v1::Case> AdvisoryStore::GetCase(const std::string& case_id,
                                                const CaseScope& scope,
                                                absl::CivilDay today,
                                                const Actor& actor) {
  return pg::RunInTransactionFor<v1::Case>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Case> {
        absl::Status visible = RequireVisible(tx, case_id, scope);
        if (!visible.ok()) return visible;
        CaseRow row = LoadCase(tx, case_id, today);
        if (!row.proto.agreement().agreed_by().empty()) {
          Audit(tx, actor, "case.agreement", {case_id});
        }
        return row.proto;
      });
}

absl::StatusOr<std::vector<v1::HistoryEntry>> AdvisoryStore::GetHistory(
    const std::string& case_id, const CaseScope& scope) {
  return pg::RunInTransactionFor<std::vector<v1::HistoryEntry>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::HistoryEntry>> {
        absl::Status visible = RequireVisible(tx, case_id, scope);
        if (!visible.ok()) return visible;
        std::vector<v1::HistoryEntry> out;
        for (const auto& r :
             tx.exec_params("SELECT (extract(epoch from at) * "
                            "1000000)::bigint, actor, actor_role, "
                            "command, from_stage, to_stage, reason, version "
                            "FROM case_history WHERE "
                            "case_id = $1::uuid ORDER BY version",
                            case_id)) {
          v1::HistoryEntry h;
          if (auto time = pg::OptionalTime(r[0])) {
            *h.mutable_time() = *time;
          }
          h.set_actor(r[1].as<std::string>());
          h.set_actor_role(r[2].as<std::string>());
          h.set_command(r[3].as<std::string>());
          h.set_from_stage(ToProto(StageOf(r[4].as<std::string>())));
          h.set_to_stage(ToProto(StageOf(r[5].as<std::string>())));
          h.set_reason(r[6].as<std::string>());
          h.set_version(r[7].as<int64_t>());
          out.push_back(std::move(h));
        }
        return out;
      });
}

absl::StatusOr<v1::ExpertProposal> AdvisoryStore::ProposeExperts(
    const std::string& case_id, const CaseScope& scope) {
  return pg::RunInTransactionFor<v1::ExpertProposal>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::ExpertProposal> {
        auto rows =
            tx.exec_params(absl::StrCat("SELECT c.voivodeship FROM "
                                        "advisory_case c WHERE c.id = $1::uuid",
                                        ScopeSql(tx, scope)),
                           case_id);
        if (rows.empty()) return CaseNotFound(case_id);
        const std::string voivodeship = rows[0][0].as<std::string>();
        v1::ExpertProposal proposal;
        proposal.set_education_expert(LeastLoaded(tx, v1::EDUCATION_DEVELOPMENT,
                                                  voivodeship, "", case_id));
        proposal.set_personnel_expert(LeastLoaded(tx, v1::PERSONNEL_DEVELOPMENT,
                                                  voivodeship, "", case_id));
        return proposal;
      });
}

// =============================================================== commands

absl::StatusOr<v1::Case> AdvisoryStore::AssignExperts(
    const CommandInput& in, const std::string& education,
    const std::string& personnel, v1::Speciality guardian) {
  return RunCommand(
      pool_, in, Command::kAssignExperts,
      [&](transaction_base& tx, const CaseRow& row, CaseFacts& facts,
          Effects& effects) {
        const std::string& voivodeship = row.proto.voivodeship();
        // Lock in id order so two assignments never deadlock.
        std::vector<std::pair<std::string, v1::Speciality>> pair = {
            {education, v1::EDUCATION_DEVELOPMENT},
            {personnel, v1::PERSONNEL_DEVELOPMENT}};
        if (pair[1].first < pair[0].first) std::swap(pair[0], pair[1]);
        std::vector<errors::Rule> problems;
        for (const auto& [id, speciality] : pair) {
          auto rules =
              CheckExpert(tx, id, speciality, voivodeship, row.proto.id());
          problems.insert(problems.end(), rules.begin(), rules.end());
        }
        if (!problems.empty()) return errors::RulesNotMet(problems);
        tx.exec_params(
            "UPDATE advisory_case SET education_expert = $2::uuid, "
            "personnel_expert = "
            "$3::uuid, guardian = $4::uuid WHERE id = $1::uuid",
            row.proto.id(), education, personnel,
            guardian == v1::EDUCATION_DEVELOPMENT ? education : personnel);
        facts.experts_assigned = true;
        effects.experts_assigned = true;
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> AdvisoryStore::ChooseArea(
    const CommandInput& in, const std::string& area_id,
    const v1::Agreement& agreement) {
  return RunCommand(
      pool_, in, Command::kChooseArea,
      [&](transaction_base& tx, const CaseRow& row, CaseFacts& facts,
          Effects&) {
        facts.area_chosen =
            !tx.exec_params(
                   "SELECT 1 FROM support_area WHERE id = $1::uuid AND "
                   "edition = $2",
                   area_id, row.proto.edition())
                 .empty();
        if (facts.area_chosen) {
          tx.exec_params(
              "UPDATE advisory_case SET support_area = $2::uuid, agreed_on = "
              "$3::date, "
              "agreed_by = $4 WHERE id = $1::uuid",
              row.proto.id(), area_id, agreement.agreed_on(),
              agreement.agreed_by());
          facts.agreement_recorded = true;
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> AdvisoryStore::CompleteDiagnosis(
    const CommandInput& in, const std::string& summary,
    const std::vector<v1::Action>& actions) {
  return RunCommand(pool_, in, Command::kCompleteDiagnosis,
                    [&](transaction_base& tx, const CaseRow& row,
                        CaseFacts& facts, Effects&) {
                      tx.exec_params(
                          "DELETE FROM case_action WHERE case_id = $1::uuid",
                          row.proto.id());
                      for (size_t i = 0; i < actions.size(); ++i) {
                        const v1::Action& a = actions[i];
                        tx.exec_params(
                            "INSERT INTO case_action (id, case_id, position, "
                            "title, owner, starts_on, "
                            "due_on) VALUES (gen_random_uuid(), $1::uuid, $2, "
                            "$3, $4, $5::date, $6::date)",
                            row.proto.id(), static_cast<int>(i + 1), a.title(),
                            a.owner(), a.starts_on(), a.due_on());
                      }
                      tx.exec_params(
                          "UPDATE advisory_case SET diagnosis_summary = $2 "
                          "WHERE id = $1::uuid",
                          row.proto.id(), summary);
                      facts.diagnosis_summary = true;
                      facts.actions = static_cast<int>(actions.size());
                      return absl::OkStatus();
                    });
}

absl::StatusOr<v1::Case> AdvisoryStore::ApproveSchedule(
    const CommandInput& in, const std::string& guardian_subject) {
  return RunCommand(
      pool_, in, Command::kApproveSchedule,
      [&](transaction_base& tx, const CaseRow& row, CaseFacts& facts,
          Effects& effects) {
        if (row.proto.guardian().empty() ||
            SubjectOf(tx, row.proto.guardian()) != guardian_subject) {
          return absl::PermissionDeniedError(
              "only the case's guardian approves its action schedule");
        }
        // The guard (checked by RunCommand) decides; the approval is
        // written only if it passes, since a refusal rolls back.
        tx.exec_params(
            "UPDATE advisory_case SET schedule_approved_at = $2::timestamptz, "
            "schedule_approved_by = $3 WHERE id = $1::uuid",
            row.proto.id(), Sql(in.now), in.actor.subject);
        (void)facts;
        effects.schedule_approved = true;
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> AdvisoryStore::AdoptPlan(const CommandInput& in,
                                                  const v1::QualityPlan& plan) {
  return RunCommand(
      pool_, in, Command::kAdoptPlan,
      [&](transaction_base& tx, const CaseRow& row, CaseFacts& facts,
          Effects& effects) {
        if (facts.plan_adopted) {
          return errors::RulesNotMet(
              {{"PLAN_ALREADY_ADOPTED", absl::StrCat("cases/", row.proto.id()),
                absl::StrCat("the plan was adopted on ",
                             row.proto.plan().adopted_on(), " (",
                             row.proto.plan().document_reference(), ")")}});
        }
        tx.exec_params(
            "UPDATE advisory_case SET plan_document = $2, plan_adopted_on = "
            "$3::date WHERE id = "
            "$1::uuid",
            row.proto.id(), plan.document_reference(), plan.adopted_on());
        facts.plan_adopted = true;
        effects.plan_adopted = true;
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> AdvisoryStore::CompleteRollout(
    const CommandInput& in) {
  return RunCommand(pool_, in, Command::kCompleteRollout,
                    [](transaction_base&, const CaseRow&, CaseFacts&,
                       Effects&) { return absl::OkStatus(); });
}

absl::StatusOr<v1::Case> AdvisoryStore::CompleteAction(
    const CommandInput& in, const std::string& action_id,
    absl::CivilDay done_on) {
  return RunCommand(pool_, in, Command::kCompleteAction,
                    [&](transaction_base& tx, const CaseRow& row, CaseFacts&,
                        Effects& effects) {
                      absl::Status open =
                          LockOpenAction(tx, row.proto.id(), action_id);
                      if (!open.ok()) return open;
                      tx.exec_params(
                          "UPDATE case_action SET status = 'DONE', done_on = "
                          "$2::date WHERE id = $1::uuid",
                          action_id, Sql(done_on));
                      effects.history_reason = absl::StrCat(
                          "action ", action_id, " done on ", Sql(done_on));
                      return absl::OkStatus();
                    });
}

absl::StatusOr<v1::Case> AdvisoryStore::DropAction(const CommandInput& in,
                                                   const std::string& action_id,
                                                   const std::string& reason) {
  return RunCommand(pool_, in, Command::kDropAction,
                    [&](transaction_base& tx, const CaseRow& row, CaseFacts&,
                        Effects& effects) {
                      absl::Status open =
                          LockOpenAction(tx, row.proto.id(), action_id);
                      if (!open.ok()) return open;
                      tx.exec_params(
                          "UPDATE case_action SET status = 'DROPPED', "
                          "drop_reason = $2 WHERE id = $1::uuid",
                          action_id, reason);
                      effects.history_reason = absl::StrCat(
                          "action ", action_id, " dropped: ", reason);
                      return absl::OkStatus();
                    });
}

// ============================================================= activities

absl::StatusOr<v1::Activity> AdvisoryStore::CreateActivity(
    const std::string& case_id, const CaseScope& scope,
    const v1::Activity& activity, const Actor& actor, absl::Time now) {
  return pg::RunInTransactionFor<v1::Activity>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Activity> {
        auto rows = tx.exec_params(
            absl::StrCat(
                "SELECT c.stage FROM advisory_case c WHERE c.id = $1::uuid",
                ScopeSql(tx, scope), " FOR UPDATE OF c"),
            case_id);
        if (rows.empty()) return CaseNotFound(case_id);
        const std::string subject = absl::StrCat("cases/", case_id);
        if (rows[0][0].as<std::string>() == "WITHDRAWN") {
          return errors::RulesNotMet(
              {{"CASE_WITHDRAWN", subject,
                "the JST withdrew; its timeline is closed"}});
        }
        if (activity.kind() == v1::OFFICE_VISIT &&
            !tx.exec_params("SELECT 1 FROM activity WHERE case_id = $1::uuid "
                            "AND kind = 'OFFICE_VISIT'",
                            case_id)
                 .empty()) {
          return errors::RulesNotMet(
              {{"OFFICE_VISIT_RECORDED", subject,
                "the one-off visit at the JST's office is recorded"}});
        }
        auto r = tx.exec_params1(
            absl::StrCat(
                "INSERT INTO activity (id, case_id, kind, occurred_on, form, "
                "participants, "
                "guests, notes, documents, recorded_by, recorded_at) VALUES "
                "(gen_random_uuid(), $1::uuid, $2, $3::date, $4, $5::text[], "
                "$6::text[], $7, "
                "$8::text[], $9, $10::timestamptz) RETURNING ",
                kActivityColumns),
            case_id, v1::ActivityKind_Name(activity.kind()),
            activity.occurred_on(), v1::ActivityForm_Name(activity.form()),
            ArrayLiteral(Strings(activity.participants())),
            ArrayLiteral(Strings(activity.guests())), activity.notes(),
            ArrayLiteral(Strings(activity.documents())), actor.subject,
            Sql(now));
        return ActivityFromRow(r);
      });
}

absl::StatusOr<std::vector<v1::Activity>> AdvisoryStore::ListActivities(
    const std::string& case_id, const CaseScope& scope, const Actor& actor,
    const PageWindow& window, bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::Activity>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Activity>> {
        absl::Status visible = RequireVisible(tx, case_id, scope);
        if (!visible.ok()) return visible;
        std::vector<v1::Activity> out;
        for (const auto& r : tx.exec_params(
                 absl::StrCat("SELECT ", kActivityColumns,
                              " FROM activity WHERE case_id = $1::uuid ORDER "
                              "BY occurred_on, recorded_at, id",
                              WindowSql(window)),
                 case_id)) {
          out.push_back(ActivityFromRow(r));
        }
        const bool next = DropRowPastWindow(out, window);
        if (more != nullptr) *more = next;
        std::vector<std::string> ids;
        for (const v1::Activity& a : out) ids.push_back(a.id());
        Audit(tx, actor, "activities", ids);
        return out;
      });
}

// ===================================================== recruitment events

void OpenCase(transaction_base& tx, const events::v1::JstQualified& e,
              absl::Time at) {
  if (!tx.exec_params("SELECT 1 FROM withdrawn_application WHERE "
                      "application_id = $1::uuid",
                      e.application_id())
           .empty()) {
    return;
  }
  const int workflow =
      tx.exec1("SELECT max(version) FROM workflow_definition")[0].as<int>();
  const absl::CivilDay day = WarsawDay(at);
  const absl::CivilDay due =
      AddBusinessDays(day, StageDays(tx, workflow, Stage::kAreaChoice));
  auto rows = tx.exec_params(
      "INSERT INTO advisory_case (id, edition, application_id, teryt, "
      "voivodeship, jst_kind, "
      "workflow_version, stage, opened_at, stage_started_on, stage_due_on) "
      "VALUES "
      "(gen_random_uuid(), $1, $2::uuid, $3, $4, $5, $6, 'AREA_CHOICE', "
      "$7::timestamptz, "
      "$8::date, $9::date) ON CONFLICT DO NOTHING RETURNING id::text",
      e.edition(), e.application_id(), e.teryt(), e.voivodeship(),
      rv1::JstKind_Name(e.jst_kind()), workflow, Sql(at), Sql(day), Sql(due));
  if (rows.empty())
    return;  // this application's case exists (or the JST has one open)
  const std::string case_id = rows[0][0].as<std::string>();
  const Actor system{"events.recruitment", "SYSTEM", ""};
  WriteHistory(tx, case_id, at, system, "open", Stage::kAreaChoice,
               Stage::kAreaChoice, "JstQualified", 1);
  // The edition's standard catalogue, unless the office set one up.
  if (!tx.exec_params("INSERT INTO catalogue (edition) VALUES ($1) ON CONFLICT "
                      "DO NOTHING "
                      "RETURNING edition",
                      e.edition())
           .empty()) {
    tx.exec_params(
        "INSERT INTO support_area (id, edition, code, thematic_area, title, "
        "description, "
        "created_by) SELECT gen_random_uuid(), $1, code, thematic_area, title, "
        "description, "
        "'standard catalogue' FROM support_area_template ON CONFLICT DO "
        "NOTHING",
        e.edition());
  }
  CaseRow row = LoadCase(tx, case_id, day);
  ev::CaseOpened event;
  *event.mutable_case_() = RefOf(row);
  event.set_workflow_version(workflow);
  SetTime(at, event.mutable_opened_at());
  event.set_stage_due_on(Sql(due));
  events::AppendEvent(tx, event, case_id);
}

void WithdrawCase(transaction_base& tx, const events::v1::JstWithdrawn& e,
                  absl::Time at) {
  // Once per application, whatever the event's id.
  if (tx.exec_params(
            "INSERT INTO withdrawn_application (application_id, withdrawn_at) "
            "VALUES "
            "($1::uuid, $2::timestamptz) ON CONFLICT DO NOTHING RETURNING 1",
            e.application_id(), Sql(at))
          .empty()) {
    return;
  }
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kCaseColumns,
                   " FROM advisory_case c WHERE c.application_id = "
                   "$1::uuid FOR UPDATE OF c"),
      e.application_id());
  if (rows.empty()) return;
  CaseRow row = CaseFromRow(rows[0]);
  const Stage from = StageOf(row.proto);
  const Actor system{"events.recruitment", "SYSTEM", ""};
  if (from == Stage::kCompleted) {
    // The adopted plan stands and counts; the history still tells.
    Advance(tx, row, from, WarsawDay(at), at, system, "withdraw",
            "JstWithdrawn after completion: the adopted plan stands");
    return;
  }
  if (IsClosed(from)) return;
  Advance(tx, row, Stage::kWithdrawn, WarsawDay(at), at, system, "withdraw",
          "JstWithdrawn");
  CaseRow after = LoadCase(tx, row.proto.id(), WarsawDay(at));
  ev::CaseWithdrawn event;
  *event.mutable_case_() = RefOf(after);
  event.set_from_stage(ToProto(from));
  SetTime(at, event.mutable_withdrawn_at());
  events::AppendEvent(tx, event, row.proto.id());
}

}  // namespace jstedu::advisory
