#include "services/notifications/store/read_store.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <optional>
#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "services/notifications/domain/schedule.h"
#include "services/notifications/store/content.h"
#include "services/notifications/store/instants.h"
#include "services/notifications/store/read_queries.h"

namespace jstedu::notifications {
namespace {

using google::protobuf::util::TimeUtil;
using pqxx::transaction_base;
using ScopeKind = ReadScope::Kind;

const char* ScopeName(ScopeKind kind) {
  switch (kind) {
    case ScopeKind::kAll:
      return "all";
    case ScopeKind::kVoivodeship:
      return "voivodeship";
    case ScopeKind::kJst:
      return "jst";
    case ScopeKind::kExpert:
      return "expert";
    case ScopeKind::kTrainer:
      return "trainer";
  }
  return "none";
}

absl::Status NotInScope() {
  return absl::NotFoundError(
      "no such person among those whose notifications you may see");
}

// Sets the Timestamp `set_field` gives from a microseconds column; a 0
// leaves the field unset (so it is not printed).
template <typename Setter>
void SetMicros(const pqxx::field& column, Setter set_field) {
  const int64_t micros = column.as<int64_t>();
  if (micros != 0) *set_field() = TimeUtil::MicrosecondsToTimestamp(micros);
}

// The key of a listed row's text; none for a reason this version does not
// know.
std::optional<ContentKey> KeyOf(const pqxx::row& r) {
  auto reason = ReasonNamed(r["reason"].as<std::string>());
  if (!reason) return std::nullopt;
  return ContentKey{*reason, r["person_ref"].as<std::string>(),
                    r["subject_ref"].as<std::string>(),
                    r["application_id"].as<std::string>(),
                    r["occurrence"].as<std::string>()};
}

v1::Notification FromRow(const ContentFacts& facts, const pqxx::row& r,
                         Language language) {
  v1::Notification n;
  n.set_id(r["id"].as<std::string>());
  n.set_person(r["person_ref"].as<std::string>());
  const std::string reason_name = r["reason"].as<std::string>();
  v1::Kind kind = v1::KIND_UNSPECIFIED;
  v1::Kind_Parse(absl::AsciiStrToUpper(reason_name), &kind);
  n.set_kind(kind);
  n.set_required(r["required"].as<bool>());
  n.set_about(r["subject_ref"].as<std::string>());
  n.set_application(r["application_id"].as<std::string>());
  v1::State state = v1::STATE_UNSPECIFIED;
  v1::State_Parse(absl::AsciiStrToUpper(r["state"].as<std::string>()), &state);
  n.set_state(state);
  SetMicros(r["due_us"], [&n] { return n.mutable_due_time(); });
  SetMicros(r["expires_us"], [&n] { return n.mutable_expire_time(); });
  SetMicros(r["sent_us"], [&n] { return n.mutable_sent_time(); });
  if (state == v1::SCHEDULED) {
    SetMicros(r["next_attempt_us"],
              [&n] { return n.mutable_next_attempt_time(); });
  }
  n.set_attempts(r["attempts"].as<int>());
  n.set_problem(r["last_error"].as<std::string>());
  // The title as the person reads it; none while the facts it is written
  // from are not known (a reason this version does not know, too).
  if (auto key = KeyOf(r)) {
    auto content = facts.Of(*key);
    if (content.ok()) n.set_title(Render(*content, language).subject);
  }
  return n;
}

// Whether `scope` holds `person_ref` now: a participant of its JST or
// voivodeship, its JST's contact, an expert advising one of its cases (a
// coordinator) or the expert or trainer themself.
bool PersonNowInScope(transaction_base& tx, const ReadScope& scope,
                      const std::string& person_ref) {
  const std::optional<PersonId> person = ParsePersonRef(person_ref);
  if (!person) return false;
  using PersonKind = PersonId::Kind;
  switch (person->kind) {
    case PersonKind::kParticipant:
    case PersonKind::kContact: {
      if (scope.kind != ScopeKind::kVoivodeship &&
          scope.kind != ScopeKind::kJst) {
        return false;
      }
      auto place = pg::Exec(tx,
                            person->kind == PersonKind::kParticipant
                                ? queries::kParticipantPlace
                                : queries::kContactPlace,
                            person->id);
      if (place.empty()) return false;
      const char* column =
          scope.kind == ScopeKind::kJst ? "teryt" : "voivodeship";
      return place[0][column].as<std::string>() == scope.value;
    }
    case PersonKind::kExpert:
      if (scope.kind == ScopeKind::kVoivodeship) {
        return !pg::Exec(tx, queries::kExpertInVoivodeship, person->id,
                         scope.value)
                    .empty();
      }
      if (scope.kind == ScopeKind::kExpert) {
        auto subject = pg::Exec(tx, queries::kSubjectOfExpert, person->id);
        return !subject.empty() &&
               subject[0]["subject"].as<std::string>() == scope.value;
      }
      return false;
    case PersonKind::kTrainer:
      return scope.kind == ScopeKind::kTrainer && person->id == scope.value;
    case PersonKind::kCoordinator: {
      // The coordinator themself, or one of the voivodeship's.
      if (scope.kind != ScopeKind::kVoivodeship) return false;
      if (person->id == scope.subject) return true;
      auto account = pg::Exec(tx, queries::kStaffAccountOf, person->id);
      return !account.empty() &&
             account[0]["role"].as<std::string>() == "COORDINATOR" &&
             account[0]["voivodeship"].as<std::string>() == scope.value;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<std::vector<v1::Notification>> NotificationReadStore::List(
    const ReadScope& scope, const ListFilter& filter, bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::Notification>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::Notification>> {
        const std::string after_due =
            filter.after ? TimestampParam(filter.after->first) : "";
        const std::string after_id = filter.after ? filter.after->second : "";
        auto rows = pg::Exec(tx, queries::kListNotifications, filter.person,
                             filter.state, ScopeName(scope.kind), scope.value,
                             after_due, after_id, filter.page_size + 1);
        *more = static_cast<int>(rows.size()) > filter.page_size;
        const auto page = std::min<pqxx::result::size_type>(
            rows.size(),
            static_cast<pqxx::result::size_type>(filter.page_size));
        std::vector<ContentKey> keys;
        for (pqxx::result::size_type i = 0; i < page; ++i) {
          if (auto key = KeyOf(rows[i])) keys.push_back(std::move(*key));
        }
        const ContentFacts facts = ContentFacts::Read(
            tx, keys, absl::Now(), ContentFacts::Counts::kTitlesOnly);
        std::vector<v1::Notification> out;
        for (pqxx::result::size_type i = 0; i < page; ++i) {
          out.push_back(FromRow(facts, rows[i], filter.language));
        }
        return out;
      },
      {pg::Isolation::kSnapshotRead});
}

absl::Status NotificationReadStore::CheckPerson(const ReadScope& scope,
                                                const std::string& person_ref) {
  if (scope.kind == ScopeKind::kAll) return absl::OkStatus();
  auto in_scope = pg::RunInTransactionFor<bool>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<bool> {
        // A person the scope holds now, or one it held: whose notifications
        // the scope's list shows (a participant who moved JST, an expert
        // who left a case), so the filter answers what the list shows.
        return PersonNowInScope(tx, scope, person_ref) ||
               !pg::Exec(tx, queries::kListNotifications, person_ref, "",
                         ScopeName(scope.kind), scope.value, "", "", 1)
                    .empty();
      },
      {pg::Isolation::kSnapshotRead});
  if (!in_scope.ok()) return in_scope.status();
  return *in_scope ? absl::OkStatus() : NotInScope();
}

absl::StatusOr<std::string> NotificationReadStore::OwnPerson(
    const ReadScope& scope) {
  if (scope.kind == ScopeKind::kTrainer) return TrainerRef(scope.value);
  if (scope.kind == ScopeKind::kVoivodeship) {
    return CoordinatorRef(scope.subject);
  }
  if (scope.kind != ScopeKind::kExpert) {
    return absl::NotFoundError("you receive no notifications of your own");
  }
  return pg::RunInTransactionFor<std::string>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::string> {
        auto expert = pg::Exec(tx, queries::kExpertOfSubject, scope.value);
        if (expert.empty()) {
          return absl::NotFoundError(
              "no notifications are addressed to you yet: an expert is "
              "known here once assigned to a case");
        }
        return ExpertRef(expert[0]["expert_id"].as<std::string>());
      },
      {pg::Isolation::kSnapshotRead});
}

}  // namespace jstedu::notifications
