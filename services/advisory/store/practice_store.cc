#include "services/advisory/store/practice_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/events/outbox.h"
#include "common/pg/arrays.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "common/time/civil_time.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "services/advisory/domain/case_rules.h"
#include "services/advisory/store/practice_queries.h"
#include "services/advisory/store/rows/case_row.h"
#include "services/advisory/store/rows/values.h"

namespace jstedu::advisory {
namespace {

using pqxx::transaction_base;
namespace ev = events::v1;

// A row of JSTEDU_PRACTICE_COLUMNS as the API shows it (the plan nested).
v1::GoodPractice ReadPractice(const pqxx::row& r) {
  auto practice = pg::ReadOne<v1::GoodPractice>(r);
  const std::string document = r["plan_document"].as<std::string>();
  if (!document.empty()) {
    practice.mutable_plan()->set_document_reference(document);
    practice.mutable_plan()->set_adopted_on(
        r["plan_adopted_on"].as<std::string>());
  }
  return practice;
}

v1::GoodPractice LoadPractice(transaction_base& tx, const std::string& id) {
  return ReadPractice(pg::Exec1(tx, queries::kPractice, id));
}

// What a draft's text is indexed as (title, description, keywords).
std::string SearchTextOf(const v1::GoodPractice& practice) {
  return FoldForSearch(absl::StrCat(practice.title(), " ",
                                    practice.description(), " ",
                                    absl::StrJoin(practice.keywords(), " ")));
}

// The support area a draft gets: the one named (in the edition's
// catalogue) or, none named, the case's chosen one.
absl::StatusOr<std::string> AreaOf(transaction_base& tx,
                                   const v1::GoodPractice& practice,
                                   const std::string& edition,
                                   const std::string& case_area) {
  if (practice.support_area().empty()) {
    if (!case_area.empty()) return case_area;
    return errors::InvalidField(
        "practice.supportArea",
        "the case has not chosen a support area yet: name one of the "
        "edition's catalogue");
  }
  if (pg::Exec(tx, queries::kAreaInEdition, practice.support_area(), edition)
          .empty()) {
    return errors::InvalidField(
        "practice.supportArea",
        absl::StrCat("is not a support area of edition ", edition,
                     "'s catalogue"));
  }
  return practice.support_area();
}

absl::Status CheckTitleFree(transaction_base& tx, const std::string& case_id,
                            const std::string& title,
                            const std::optional<std::string>& practice_id) {
  if (pg::Exec(tx, queries::kSameTitle, case_id, FoldForSearch(title),
               practice_id)
          .empty()) {
    return absl::OkStatus();
  }
  return absl::AlreadyExistsError(
      absl::StrCat("practice.title: the JST's case already has a good "
                   "practice titled \"",
                   title, "\""));
}

void WriteHistory(transaction_base& tx, const std::string& id, absl::Time now,
                  const Actor& actor, const char* command,
                  const std::string& from, const std::string& to,
                  const std::string& reason, int64_t version) {
  pg::Exec0(tx, queries::kInsertPracticeHistory, id, rows::Sql(now),
            actor.subject, actor.role, command, from, to, reason, version);
}

void PublishStatus(transaction_base& tx, const v1::GoodPractice& practice,
                   absl::Time now, const std::string& traceparent) {
  ev::GoodPracticeStatusChanged event;
  event.set_practice_id(practice.id());
  event.set_edition(practice.edition());
  event.set_case_id(practice.case_());
  event.set_teryt(practice.teryt());
  event.set_voivodeship(practice.voivodeship());
  event.set_jst_kind(practice.jst_kind());
  event.set_support_area(practice.support_area());
  event.set_support_area_code(practice.support_area_code());
  event.set_status(practice.status());
  event.set_version(practice.version());
  rows::SetTime(now, event.mutable_changed_at());
  if (practice.status() == v1::PRACTICE_PUBLISHED) {
    event.set_published_on(practice.published_on());
  }
  events::AppendEvent(tx, event, practice.id(), traceparent);
}

// The practice locked, in `scope`, at `expected_version`.
struct LockedPractice {
  PracticeStatus status;
  std::string case_id;
  std::string edition;
  std::string support_area;
};

absl::StatusOr<LockedPractice> LockPractice(transaction_base& tx,
                                            const std::string& id,
                                            const CaseScope& scope,
                                            int64_t expected_version) {
  pqxx::result rows =
      pg::Exec(tx, queries::kLockPractice, id, scope.voivodeship, scope.teryt,
               scope.expert_subject);
  if (rows.empty()) return errors::NotFoundInScope("good practice", id);
  const absl::Status current =
      CheckExpectedVersion(absl::StrCat("good practice ", id),
                           rows[0]["version"].as<int64_t>(), expected_version);
  if (!current.ok()) return current;
  return LockedPractice{PracticeStatusOf(rows[0]["status"].as<std::string>())
                            .value_or(PracticeStatus::kDraft),
                        rows[0]["case_id"].as<std::string>(),
                        rows[0]["edition"].as<std::string>(),
                        rows[0]["support_area"].as<std::string>()};
}

}  // namespace

absl::StatusOr<v1::GoodPractice> PracticeStore::Create(
    const std::string& case_id, const CaseScope& scope,
    const v1::GoodPractice& practice, const Actor& actor, absl::Time now) {
  return pg::RunInTransactionFor<v1::GoodPractice>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::GoodPractice> {
        pqxx::result cases =
            pg::Exec(tx, queries::kLockPracticeCase, case_id, scope.voivodeship,
                     scope.teryt, scope.expert_subject);
        if (cases.empty()) return rows::CaseNotFound(case_id);
        const std::string edition = cases[0]["edition"].as<std::string>();
        const absl::Status open = CheckCaseTakesPractices(
            case_id, rows::StageOf(cases[0]["stage"].as<std::string>()));
        if (!open.ok()) return open;
        auto area = AreaOf(tx, practice, edition,
                           cases[0]["support_area"].as<std::string>());
        if (!area.ok()) return area.status();
        const absl::Status title =
            CheckTitleFree(tx, case_id, practice.title(), std::nullopt);
        if (!title.ok()) return title;
        const std::string id =
            pg::Exec1(tx, queries::kInsertPractice, case_id, *area,
                      practice.title(), practice.description(),
                      pg::TextArrayLiteral(practice.keywords()), actor.subject,
                      rows::Sql(now), SearchTextOf(practice),
                      FoldForSearch(practice.title()))["id"]
                .as<std::string>();
        WriteHistory(tx, id, now, actor, "create", "",
                     StatusName(PracticeStatus::kDraft), "", 1);
        v1::GoodPractice created = LoadPractice(tx, id);
        PublishStatus(tx, created, now, actor.traceparent);
        return created;
      });
}

absl::StatusOr<v1::GoodPractice> PracticeStore::Update(
    const std::string& id, const CaseScope& scope, int64_t expected_version,
    const v1::GoodPractice& practice, const Actor& actor, absl::Time now) {
  return pg::RunInTransactionFor<v1::GoodPractice>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::GoodPractice> {
        auto locked = LockPractice(tx, id, scope, expected_version);
        if (!locked.ok()) return locked.status();
        const absl::Status legal =
            CheckPracticeCommand(id, locked->status, PracticeCommand::kUpdate);
        if (!legal.ok()) return legal;
        auto area = AreaOf(tx, practice, locked->edition, locked->support_area);
        if (!area.ok()) return area.status();
        const absl::Status title =
            CheckTitleFree(tx, locked->case_id, practice.title(), id);
        if (!title.ok()) return title;
        const int64_t version =
            pg::Exec1(tx, queries::kUpdatePracticeText, id, *area,
                      practice.title(), practice.description(),
                      pg::TextArrayLiteral(practice.keywords()), rows::Sql(now),
                      SearchTextOf(practice),
                      FoldForSearch(practice.title()))["version"]
                .as<int64_t>();
        const char* draft = StatusName(PracticeStatus::kDraft);
        WriteHistory(tx, id, now, actor, "update", draft, draft, "", version);
        return LoadPractice(tx, id);
      });
}

absl::StatusOr<v1::GoodPractice> PracticeStore::Change(
    const std::string& id, const CaseScope& scope, const PracticeChange& change,
    const Actor& actor, absl::Time now) {
  return pg::RunInTransactionFor<v1::GoodPractice>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::GoodPractice> {
        auto locked = LockPractice(tx, id, scope, change.expected_version);
        if (!locked.ok()) return locked.status();
        const absl::Status legal =
            CheckPracticeCommand(id, locked->status, change.command);
        if (!legal.ok()) return legal;
        const PracticeStatus to = *NextStatus(locked->status, change.command);
        const std::string withdraw_reason =
            change.command == PracticeCommand::kWithdraw ? change.reason : "";
        const std::string return_reason =
            change.command == PracticeCommand::kReturn ? change.reason : "";
        const int64_t version =
            pg::Exec1(tx, queries::kChangePracticeStatus, id, StatusName(to),
                      rows::Sql(now), rows::Sql(ProgrammeDay(now)),
                      withdraw_reason, return_reason)["version"]
                .as<int64_t>();
        WriteHistory(tx, id, now, actor, CommandName(change.command),
                     StatusName(locked->status), StatusName(to), change.reason,
                     version);
        v1::GoodPractice changed = LoadPractice(tx, id);
        PublishStatus(tx, changed, now, actor.traceparent);
        return changed;
      });
}

absl::StatusOr<v1::GoodPractice> PracticeStore::Get(
    const std::string& id, const PracticeReader& reader) {
  return pg::RunInTransactionFor<v1::GoodPractice>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<v1::GoodPractice> {
        pqxx::result rows =
            pg::Exec(tx, queries::kVisiblePractice, reader.drafts,
                     reader.scope.voivodeship, reader.scope.expert_subject, id);
        if (rows.empty()) return errors::NotFoundInScope("good practice", id);
        v1::GoodPractice practice = ReadPractice(rows[0]);
        if (rows[0]["reads_drafts"].as<bool>()) {
          for (const pqxx::row& h :
               pg::Exec(tx, queries::kPracticeHistory, id)) {
            pg::ReadColumns(h, practice.add_history());
          }
        }
        return practice;
      },
      {pg::Isolation::kSnapshotRead});
}

absl::StatusOr<std::vector<v1::GoodPractice>> PracticeStore::List(
    const PracticeQuery& query, const PracticeReader& reader, bool* more) {
  using Practices = std::vector<v1::GoodPractice>;
  return pg::RunInTransactionFor<Practices>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<Practices> {
        Practices out;
        for (const pqxx::row& r : pg::Exec(
                 tx, queries::kPractices, reader.drafts,
                 reader.scope.voivodeship, reader.scope.expert_subject,
                 query.edition, SearchQueryOf(query.search), query.voivodeship,
                 query.jst_kind, query.support_area, query.status, query.teryt,
                 rows::OffsetOf(query.window), rows::LimitOf(query.window))) {
          out.push_back(ReadPractice(r));
        }
        const bool next = rows::DropRowPastWindow(out, query.window);
        if (more != nullptr) *more = next;
        return out;
      },
      {pg::Isolation::kSingleStatementRead});
}

absl::StatusOr<std::vector<v1::GoodPractice>> PracticeStore::Published(
    const std::string& edition) {
  using Practices = std::vector<v1::GoodPractice>;
  return pg::RunInTransactionFor<Practices>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<Practices> {
        Practices out;
        for (const pqxx::row& r :
             pg::Exec(tx, queries::kPublishedPractices, edition)) {
          out.push_back(ReadPractice(r));
        }
        return out;
      },
      {pg::Isolation::kSingleStatementRead});
}

}  // namespace jstedu::advisory
