#include "services/notifications/store/facts_store.h"

#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>
#include <set>
#include <utility>

#include "absl/strings/strip.h"
#include "common/pg/prepared.h"
#include "services/notifications/store/facts_queries.h"

namespace jstedu::notifications {
namespace {

namespace ev = ::jstedu::events::v1;
using google::protobuf::util::TimeUtil;
using pqxx::transaction_base;

std::string Rfc3339(const google::protobuf::Timestamp& t) {
  return TimeUtil::ToString(t);
}

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(t));
}

void LockEdition(transaction_base& tx, const std::string& edition) {
  pg::Exec(tx, queries::kLockEdition, edition);
}

bool Wrote(const pqxx::result& result) { return !result.empty(); }

std::string TaskStatusName(const ev::TaskFacts& t) {
  return std::string(absl::StripPrefix(
      jstedu::training::v1::TaskStatus_Name(t.status()), "TASK_"));
}

}  // namespace

void FactsStore::RecordQualified(transaction_base& tx,
                                 const ev::JstQualified& e,
                                 Replans& replans) const {
  LockEdition(tx, e.edition());
  pg::Exec(tx, queries::kQualifyJst, e.application_id(), e.edition(), e.teryt(),
           e.voivodeship(), Rfc3339(e.qualified_at()));
  planner_.CancelWaitlisted(tx, e.application_id());
  replans.applications.insert(e.application_id());
}

void FactsStore::Qualified(transaction_base& tx, const ev::JstQualified& e,
                           const std::string& event_id,
                           Replans& replans) const {
  RecordQualified(tx, e, replans);
  planner_.Schedule(tx, {Decision(Reason::kJstQualified, e.application_id(),
                                  event_id, TimeOf(e.qualified_at()))});
}

void FactsStore::Decided(transaction_base& tx,
                         const recruitment::v1::ApplicationDecision& d,
                         Replans& replans) const {
  switch (d.status()) {
    case recruitment::v1::QUALIFIED: {
      ev::JstQualified e;
      e.set_application_id(d.application_id());
      e.set_edition(d.edition());
      e.set_teryt(d.teryt());
      e.set_voivodeship(d.voivodeship());
      *e.mutable_qualified_at() = d.qualified_time();
      RecordQualified(tx, e, replans);
      return;
    }
    case recruitment::v1::WAITLISTED:
      LockEdition(tx, d.edition());
      pg::Exec(tx, queries::kWaitlistJst, d.application_id(), d.edition(),
               d.teryt(), d.voivodeship());
      return;
    case recruitment::v1::WITHDRAWN: {
      if (d.has_qualified_time()) {
        // Qualified before it withdrew: the JST was supported.
        LockEdition(tx, d.edition());
        pg::Exec(tx, queries::kQualifyJst, d.application_id(), d.edition(),
                 d.teryt(), d.voivodeship(), Rfc3339(d.qualified_time()));
      }
      ev::JstWithdrawn e;
      e.set_application_id(d.application_id());
      e.set_edition(d.edition());
      e.set_teryt(d.teryt());
      e.set_voivodeship(d.voivodeship());
      *e.mutable_withdrawn_at() = d.status_time();
      Withdrawn(tx, e, replans);
      return;
    }
    default:
      // Submitted and rejected applications are not the programme's yet or
      // any more: their events tell notifications nothing either.
      return;
  }
}

void FactsStore::Waitlisted(transaction_base& tx, const ev::JstWaitlisted& e,
                            const std::string& event_id) const {
  LockEdition(tx, e.edition());
  pg::Exec(tx, queries::kWaitlistJst, e.application_id(), e.edition(),
           e.teryt(), e.voivodeship());
  planner_.Schedule(tx, {Decision(Reason::kJstWaitlisted, e.application_id(),
                                  event_id, TimeOf(e.waitlisted_at()))});
}

void FactsStore::Withdrawn(transaction_base& tx, const ev::JstWithdrawn& e,
                           Replans& replans) const {
  LockEdition(tx, e.edition());
  pg::Exec(tx, queries::kWithdrawJst, e.application_id(), e.edition(),
           e.teryt(), e.voivodeship(), Rfc3339(e.withdrawn_at()));
  planner_.CancelApplication(tx, e.application_id());
  // The rules too: they plan nothing for a withdrawn JST's people.
  replans.applications.insert(e.application_id());
}

void FactsStore::Participant(transaction_base& tx,
                             const ev::ParticipantFacts& p,
                             const google::protobuf::Timestamp& occurred_at,
                             Replans& replans) const {
  LockEdition(tx, p.edition());
  // Where they were, if they move to another JST: re-planned too.
  auto before =
      pg::Exec(tx, queries::kApplicationOfParticipant, p.participant_id());
  if (!Wrote(pg::Exec(tx, queries::kUpsertParticipant, p.participant_id(),
                      p.application_id(), p.edition(),
                      p.status() == jstedu::recruitment::v1::PARTICIPANT_ACTIVE,
                      p.declaration_recorded(), Rfc3339(occurred_at),
                      p.monitoring_data_complete()))) {
    return;
  }
  replans.applications.insert(p.application_id());
  if (!before.empty()) {
    replans.applications.insert(before[0]["application_id"].as<std::string>());
  }
}

void FactsStore::Module(transaction_base& tx, const ev::ModuleFacts& m,
                        Replans& replans) const {
  LockEdition(tx, m.edition());
  if (Wrote(
          pg::Exec(tx, queries::kUpsertModule, m.module_id(), m.edition(),
                   m.number(), Rfc3339(m.start_time()), Rfc3339(m.end_time()),
                   m.has_signup_deadline() ? Rfc3339(m.signup_deadline()) : "",
                   m.revision(), m.title(), m.venue()))) {
    replans.modules.insert(m.module_id());
  }
}

void FactsStore::Session(transaction_base& tx, const ev::SessionScheduled& s,
                         Replans& replans) const {
  LockEdition(tx, s.edition());
  if (Wrote(pg::Exec(tx, queries::kAddTrainer, s.module_id(), s.trainer()))) {
    replans.module_trainers.insert(s.module_id());
  }
}

void FactsStore::Signup(transaction_base& tx, const ev::ModuleSignupMade& s,
                        Replans& replans) const {
  LockEdition(tx, s.edition());
  if (!Wrote(pg::Exec(tx, queries::kAddSignup, s.module_id(),
                      s.participant_id()))) {
    return;
  }
  // A participant not known yet is planned when their facts arrive.
  auto of =
      pg::Exec(tx, queries::kApplicationOfParticipant, s.participant_id());
  if (!of.empty()) {
    replans.module_applications.insert(
        {s.module_id(), of[0]["application_id"].as<std::string>()});
  }
}

void FactsStore::Task(transaction_base& tx, const ev::TaskFacts& t,
                      Replans& replans) const {
  LockEdition(tx, t.edition());
  if (Wrote(pg::Exec(tx, queries::kUpsertTask, t.task_id(), t.application_id(),
                     t.edition(), Rfc3339(t.due_time()), TaskStatusName(t),
                     t.revision(), t.module_id(), t.title()))) {
    replans.tasks.insert(t.task_id());
  }
}

void FactsStore::CaseStage(transaction_base& tx, const ev::CaseRef& ref,
                           const std::string& stage,
                           const std::string& stage_due_on,
                           Replans& replans) const {
  LockEdition(tx, ref.edition());
  pg::Exec(tx, queries::kEnsureCase, ref.case_id(), ref.application_id(),
           ref.edition());
  if (Wrote(pg::Exec(tx, queries::kSetCaseStage, ref.case_id(), stage,
                     stage_due_on, ref.version()))) {
    replans.cases.insert(ref.case_id());
  }
}

void FactsStore::CaseExperts(transaction_base& tx,
                             const ev::CaseExpertsAssigned& e,
                             Replans& replans) const {
  const ev::CaseRef& ref = e.case_();
  LockEdition(tx, ref.edition());
  pg::Exec(tx, queries::kEnsureCase, ref.case_id(), ref.application_id(),
           ref.edition());
  for (const auto& [expert, subject] :
       {std::pair{e.guardian(), e.guardian_subject()},
        std::pair{e.education_expert(), e.education_expert_subject()},
        std::pair{e.personnel_expert(), e.personnel_expert_subject()}}) {
    if (!expert.empty() && !subject.empty()) {
      pg::Exec(tx, queries::kRememberExpert, expert, subject);
    }
  }
  auto before =
      pg::Exec(tx, queries::kSetCaseExperts, ref.case_id(), e.guardian(),
               e.education_expert(), e.personnel_expert(), ref.version());
  if (before.empty()) return;
  replans.cases.insert(ref.case_id());
  // The guardian reads the JST's overdue tasks.
  replans.applications.insert(ref.application_id());
  if (!e.handover()) return;
  std::set<std::string> old_experts,
      new_experts{e.guardian(), e.education_expert(), e.personnel_expert()};
  for (const char* column :
       {"guardian", "education_expert", "personnel_expert"}) {
    old_experts.insert(before[0][column].as<std::string>());
  }
  std::vector<std::string> leaving, joining;
  for (const std::string& x : old_experts) {
    if (!x.empty() && new_experts.count(x) == 0) leaving.push_back(x);
  }
  for (const std::string& x : new_experts) {
    if (!x.empty() && old_experts.count(x) == 0) joining.push_back(x);
  }
  planner_.Schedule(
      tx, Handover(ref.case_id(), ref.application_id(), leaving, joining,
                   ref.version(), TimeOf(e.assigned_at())));
}

void FactsStore::CaseClosed(transaction_base& tx, const ev::CaseRef& ref,
                            Replans& replans) const {
  LockEdition(tx, ref.edition());
  pg::Exec(tx, queries::kEnsureCase, ref.case_id(), ref.application_id(),
           ref.edition());
  if (Wrote(pg::Exec(tx, queries::kCloseCase, ref.case_id()))) {
    replans.cases.insert(ref.case_id());
    // A closed case's guardian no longer gets the JST's overdue tasks.
    replans.applications.insert(ref.application_id());
  }
}

void FactsStore::Edition(transaction_base& tx,
                         const ev::EditionChanged& e) const {
  pg::Exec(tx, queries::kUpsertEdition, e.code(), e.min_representatives(),
           Rfc3339(e.update_time()));
}

void FactsStore::StaffAccount(transaction_base& tx,
                              const ev::AccountContactChanged& e) const {
  const std::string role = e.role() == auth::v1::ROLE_UNSPECIFIED
                               ? ""
                               : auth::v1::Role_Name(e.role());
  if (Wrote(pg::Exec(tx, queries::kUpsertStaffAccount, e.subject(), role,
                     e.voivodeship(), Rfc3339(e.update_time())))) {
    planner_.ReplanDigest(tx, e.subject());
  }
}

}  // namespace jstedu::notifications
