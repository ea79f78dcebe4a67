#pragma once

// The advisory service's PostgreSQL store (schema: migrations/0001). Every
// method is one transaction; every change commits with its history row,
// audit rows and outbox events (common/events/outbox.h) or not at all.
//
// Commands on a case lock its row (SELECT … FOR UPDATE), so concurrent
// commands on one case serialise; the expected version decides which of
// them applies (the rest: ABORTED). Expert loads are counted with the
// experts' rows locked, so two assignments never both take an expert's
// last free place.
//
// Input is validated by the service (api_input.h) before it reaches here;
// the store checks what needs the database (existence, scope, stage,
// guards, caseloads) and answers with the codes documented in the proto.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/advisory/domain/workflow.h"

namespace pqxx {
class transaction_base;
}

namespace jstedu::advisory {

// The programme's civil date (Europe/Warsaw) of an instant.
absl::CivilDay WarsawDay(absl::Time t);

// Who acts, as history and audit rows record it.
struct Actor {
  std::string subject;
  std::string role;
  std::string traceparent;
};

// Which cases a caller may see; "" = no restriction on that part. A case
// outside the scope is NOT_FOUND, exactly like an unknown id.
struct CaseScope {
  std::string voivodeship;
  std::string teryt;
  std::string expert_subject;  // one of the case's pair
};

// What every command on a case carries.
struct CommandInput {
  std::string case_id;
  int64_t expected_version = 0;
  Actor actor;
  CaseScope scope;
  absl::Time now;
  absl::CivilDay today;  // Europe/Warsaw, for due dates
  std::string reason;
};

struct CaseQuery {
  std::string edition;
  CaseScope scope;          // the caller's
  std::string voivodeship;  // the request's filters
  std::string teryt;        // "" = any
  std::string stage;        // "" = any
  std::string expert_id;
  bool overdue_only = false;
  absl::CivilDay today;
  int limit = 100;
  std::optional<std::pair<std::string, std::string>> after;  // (teryt, id)
};

// One page of a list cut by position (paging::ReadOffsetPage): `limit`
// rows after the first `offset`; limit 0 = the whole list. Only the page is
// read from PostgreSQL (one row more tells whether another page follows),
// and only the rows answered are audited.
struct PageWindow {
  int64_t offset = 0;
  int limit = 0;
};

struct ExpertQuery {
  std::string voivodeship;  // serves it
  std::string speciality;   // "" = any
  bool active_only = false;
  std::string subject;  // "" = any (an expert caller: themself)
  PageWindow window;
};

class AdvisoryStore {
 public:
  explicit AdvisoryStore(pg::Pool& pool) : pool_(pool) {}

  // ---- workflow definitions
  absl::StatusOr<std::vector<v1::WorkflowDefinition>> ListWorkflowDefinitions();
  absl::StatusOr<v1::WorkflowDefinition> PublishWorkflowDefinition(
      const v1::WorkflowDefinition& definition, const Actor& actor);

  // ---- support areas
  absl::StatusOr<std::vector<v1::SupportArea>> ListSupportAreas(
      const std::string& edition);
  // FAILED_PRECONDITION CATALOGUE_FULL at 12 areas; ALREADY_EXISTS for a
  // code already in the edition.
  absl::StatusOr<v1::SupportArea> CreateSupportArea(const std::string& edition,
                                                    const v1::SupportArea& area,
                                                    const Actor& actor);

  // ---- experts
  // Audited: one read_audit row naming the experts returned (only the
  // window's; `*more`, when given, tells whether another page follows).
  absl::StatusOr<std::vector<v1::Expert>> ListExperts(const ExpertQuery& query,
                                                      const Actor& actor,
                                                      bool* more = nullptr);
  // ALREADY_EXISTS for a subject already registered.
  absl::StatusOr<v1::Expert> CreateExpert(const v1::Expert& expert);
  // The handover (see README): all or nothing. With `validate_only` the
  // same work runs inside a savepoint that is rolled back: the answer (or
  // the refusal) is the real call's, and only the read audit remains (its
  // own purpose, "experts.deactivation-preview"). With `exact_plan`,
  // `handovers` is the whole plan expected (case, expert, guardian): any
  // difference is FAILED_PRECONDITION PLAN_CHANGED naming each case that
  // differs, and nothing changes.
  absl::StatusOr<v1::DeactivateExpertResponse> DeactivateExpert(
      const std::string& expert_id, const std::string& note,
      const std::vector<v1::Handover>& handovers, bool validate_only,
      bool exact_plan, const Actor& actor, absl::Time now);

  // ---- cases (reads)
  absl::StatusOr<std::vector<v1::Case>> ListCases(const CaseQuery& query,
                                                  bool* more);
  // Audited when the case names who agreed for the JST.
  absl::StatusOr<v1::Case> GetCase(const std::string& case_id,
                                   const CaseScope& scope, absl::CivilDay today,
                                   const Actor& actor);
  absl::StatusOr<std::vector<v1::HistoryEntry>> GetHistory(
      const std::string& case_id, const CaseScope& scope);
  absl::StatusOr<v1::ExpertProposal> ProposeExperts(const std::string& case_id,
                                                    const CaseScope& scope);

  // ---- commands (each: the case after the change)
  absl::StatusOr<v1::Case> AssignExperts(const CommandInput& in,
                                         const std::string& education,
                                         const std::string& personnel,
                                         v1::Speciality guardian);
  absl::StatusOr<v1::Case> ChooseArea(const CommandInput& in,
                                      const std::string& area_id,
                                      const v1::Agreement& agreement);
  absl::StatusOr<v1::Case> CompleteDiagnosis(
      const CommandInput& in, const std::string& summary,
      const std::vector<v1::Action>& actions);
  // `guardian_subject`: the caller must be the case's guardian (checked
  // under the row lock; PERMISSION_DENIED otherwise).
  absl::StatusOr<v1::Case> ApproveSchedule(const CommandInput& in,
                                           const std::string& guardian_subject);
  absl::StatusOr<v1::Case> AdoptPlan(const CommandInput& in,
                                     const v1::QualityPlan& plan);
  absl::StatusOr<v1::Case> CompleteRollout(const CommandInput& in);
  absl::StatusOr<v1::Case> CompleteAction(const CommandInput& in,
                                          const std::string& action_id,
                                          absl::CivilDay done_on);
  absl::StatusOr<v1::Case> DropAction(const CommandInput& in,
                                      const std::string& action_id,
                                      const std::string& reason);

  // ---- activities
  absl::StatusOr<v1::Activity> CreateActivity(const std::string& case_id,
                                              const CaseScope& scope,
                                              const v1::Activity& activity,
                                              const Actor& actor,
                                              absl::Time now);
  // The case's timeline (by date, then recording), only `window`'s rows;
  // `*more`, when given, tells whether another page follows. Audited when
  // non-empty (participants are named): the rows answered only.
  absl::StatusOr<std::vector<v1::Activity>> ListActivities(
      const std::string& case_id, const CaseScope& scope, const Actor& actor,
      const PageWindow& window = {}, bool* more = nullptr);

 private:
  pg::Pool& pool_;
};

// ---- recruitment's events, applied in the consumer's inbox transaction

// Opens the JST's case (AREA_CHOICE, the newest workflow version, the
// first stage due in business days from the Warsaw date of qualification)
// unless the application already has one or was withdrawn; seeds the
// edition's standard support-area catalogue when it has none.
void OpenCase(pqxx::transaction_base& tx, const events::v1::JstQualified& event,
              absl::Time at);

// Closes the application's open case as WITHDRAWN; a COMPLETED case stays
// as it is. Remembers the withdrawal so that a late JstQualified for the
// same application opens nothing.
void WithdrawCase(pqxx::transaction_base& tx,
                  const events::v1::JstWithdrawn& event, absl::Time at);

}  // namespace jstedu::advisory
