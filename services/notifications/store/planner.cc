#include "services/notifications/store/planner.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "services/notifications/store/instants.h"
#include "services/notifications/store/schedule_queries.h"

namespace jstedu::notifications {
namespace {

using pqxx::transaction_base;

std::vector<std::string> Column(const pqxx::result& rows, const char* name) {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(r[name].as<std::string>());
  return out;
}

const std::vector<Reason> kModuleReasons{
    Reason::kModuleProgramme, Reason::kDeclarationsMissing10d,
    Reason::kDeclarationsMissing3d, Reason::kSignupDeadline48h,
    Reason::kSignupDeadline4h};
const std::vector<Reason> kTaskReasons{Reason::kTaskDueSoon,
                                       Reason::kTaskOverdue};
const std::vector<Reason> kCaseReasons{Reason::kStageDueSoon,
                                       Reason::kStageOverdue};

std::string Key(const std::string& person, Reason reason,
                const std::string& occurrence) {
  return absl::StrCat(person, " ", std::string(ReasonName(reason)), " ",
                      occurrence);
}

}  // namespace

void Planner::Replan(transaction_base& tx, const Replans& r) const {
  std::set<std::pair<std::string, std::string>> module_applications =
      r.module_applications;
  std::set<std::string> tasks = r.tasks;
  std::set<std::string> cases = r.cases;
  for (const std::string& application : r.applications) {
    auto edition =
        pg::Exec(tx, queries::kSelectApplicationEdition, application);
    if (!edition.empty()) {
      for (const std::string& module :
           Column(pg::Exec(tx, queries::kSelectEditionModules,
                           edition[0]["edition"].as<std::string>()),
                  "module_id")) {
        module_applications.insert({module, application});
      }
    }
    for (const std::string& task :
         Column(pg::Exec(tx, queries::kSelectApplicationTasks, application),
                "task_id")) {
      tasks.insert(task);
    }
    for (const std::string& kase :
         Column(pg::Exec(tx, queries::kSelectApplicationCases, application),
                "case_id")) {
      cases.insert(kase);
    }
  }
  for (const std::string& module : r.modules) ReplanModule(tx, module, "");
  for (const auto& [module, application] : module_applications) {
    if (r.modules.count(module) == 0) ReplanModule(tx, module, application);
  }
  for (const std::string& module : r.module_trainers) {
    if (r.modules.count(module) == 0) ReplanTrainers(tx, module);
  }
  for (const std::string& task : tasks) ReplanTask(tx, task);
  for (const std::string& kase : cases) ReplanCase(tx, kase);
}

void Planner::ReplanModule(transaction_base& tx, const std::string& module_id,
                           const std::string& application_id) const {
  auto found = pg::Exec(tx, queries::kSelectModule, module_id);
  if (found.empty()) return;  // not announced yet: its event will plan it
  const pqxx::row m = found[0];
  ModuleFacts module{module_id, MicrosColumn(m["start_us"]), std::nullopt,
                     m["revision"].as<int64_t>()};
  if (m["deadline_us"].as<int64_t>() != 0) {
    module.signup_deadline = MicrosColumn(m["deadline_us"]);
  }
  std::vector<Member> members;
  for (const auto& r :
       pg::Exec(tx, queries::kSelectMembers, module_id,
                m["edition"].as<std::string>(), application_id)) {
    members.push_back({r["participant_id"].as<std::string>(),
                       r["application_id"].as<std::string>(),
                       r["declaration_recorded"].as<bool>(),
                       r["signed_up"].as<bool>()});
  }
  const std::string subject = absl::StrCat("module:", module_id);
  if (application_id.empty()) {
    const auto trainers =
        Column(pg::Exec(tx, queries::kSelectTrainers, module_id), "trainer");
    Reconcile(tx, subject, kModuleReasons, /*scoped=*/false, {},
              PlanModule(module, members, trainers));
    return;
  }
  // One JST's people: its participants (active or not: one who left has
  // theirs cancelled) and its contact.
  std::vector<std::string> people;
  for (const std::string& participant :
       Column(pg::Exec(tx, queries::kSelectApplicationPeople, application_id),
              "participant_id")) {
    people.push_back(ParticipantRef(participant));
  }
  people.push_back(ContactRef(application_id));
  Reconcile(tx, subject, kModuleReasons, /*scoped=*/true, people,
            PlanModule(module, members, {}));
}

void Planner::ReplanTrainers(transaction_base& tx,
                             const std::string& module_id) const {
  auto found = pg::Exec(tx, queries::kSelectModule, module_id);
  if (found.empty()) return;
  const ModuleFacts module{module_id, MicrosColumn(found[0]["start_us"]),
                           std::nullopt, found[0]["revision"].as<int64_t>()};
  const auto trainers =
      Column(pg::Exec(tx, queries::kSelectTrainers, module_id), "trainer");
  std::vector<std::string> people;
  for (const std::string& trainer : trainers) {
    people.push_back(TrainerRef(trainer));
  }
  Reconcile(tx, absl::StrCat("module:", module_id), kModuleReasons,
            /*scoped=*/true, people, PlanModule(module, {}, trainers));
}

void Planner::ReplanTask(transaction_base& tx,
                         const std::string& task_id) const {
  auto found = pg::Exec(tx, queries::kSelectTask, task_id);
  if (found.empty()) return;
  const pqxx::row t = found[0];
  const TaskFacts task{task_id, t["application_id"].as<std::string>(),
                       MicrosColumn(t["due_us"]), t["awaits_team"].as<bool>()};
  const auto team =
      Column(pg::Exec(tx, queries::kSelectTeam, task.application_id),
             "participant_id");
  const auto guardians = Column(
      pg::Exec(tx, queries::kSelectGuardians, task.application_id), "guardian");
  Reconcile(tx, absl::StrCat("task:", task_id), kTaskReasons,
            /*scoped=*/false, {}, PlanTask(task, team, guardians));
}

void Planner::ReplanCase(transaction_base& tx,
                         const std::string& case_id) const {
  auto found = pg::Exec(tx, queries::kSelectCase, case_id);
  if (found.empty()) return;
  const pqxx::row c = found[0];
  CaseFacts kase{
      case_id,
      c["application_id"].as<std::string>(),
      c["stage"].as<std::string>(),
      std::nullopt,
      c["open"].as<bool>(),
      {c["guardian"].as<std::string>(), c["education_expert"].as<std::string>(),
       c["personnel_expert"].as<std::string>()}};
  absl::CivilDay due_on;
  if (absl::ParseCivilTime(c["stage_due_on"].as<std::string>(), &due_on)) {
    kase.stage_due_on = due_on;
  }
  Reconcile(tx, absl::StrCat("case:", case_id), kCaseReasons,
            /*scoped=*/false, {}, PlanCase(kase));
}

void Planner::Reconcile(transaction_base& tx, const std::string& subject_ref,
                        const std::vector<Reason>& reasons, bool scoped,
                        const std::vector<std::string>& people,
                        const std::vector<Planned>& wanted) const {
  std::vector<std::string> names;
  for (Reason reason : reasons) names.emplace_back(ReasonName(reason));
  std::vector<std::string> keys;
  keys.reserve(wanted.size());
  for (const Planned& p : wanted) {
    keys.push_back(Key(p.person_ref, p.reason, p.occurrence));
  }
  pg::Exec(tx, queries::kCancelUnwanted, subject_ref, scoped,
           pg::TextArrayLiteral(people), pg::TextArrayLiteral(keys),
           pg::TextArrayLiteral(names));
  Schedule(tx, wanted);
}

void Planner::ReplanDigest(transaction_base& tx,
                           const std::string& subject) const {
  std::vector<Planned> wanted;
  auto found = pg::Exec(tx, queries::kSelectStaffAccount, subject);
  if (!found.empty() && found[0]["role"].as<std::string>() == "COORDINATOR" &&
      !found[0]["voivodeship"].as<std::string>().empty()) {
    wanted.push_back(PlanDigest(
        subject, found[0]["voivodeship"].as<std::string>(), clock_()));
  }
  std::vector<std::string> keys;
  for (const Planned& p : wanted) {
    keys.push_back(absl::StrCat(p.subject_ref, " ", p.occurrence));
  }
  pg::Exec(tx, queries::kCancelOtherDigests, CoordinatorRef(subject),
           pg::TextArrayLiteral(keys));
  Schedule(tx, wanted);
}

int Planner::PlanDigests(transaction_base& tx) const {
  const absl::Time now = clock_();
  std::vector<Planned> planned;
  for (const auto& r : pg::Exec(tx, queries::kSelectCoordinators)) {
    planned.push_back(PlanDigest(r["subject"].as<std::string>(),
                                 r["voivodeship"].as<std::string>(), now));
  }
  return Schedule(tx, planned);
}

int Planner::Schedule(transaction_base& tx,
                      const std::vector<Planned>& planned) const {
  if (planned.empty()) return 0;
  std::vector<std::string> person, reason, subject, occurrence, application,
      required, due, expires;
  for (const Planned& p : planned) {
    person.push_back(p.person_ref);
    reason.emplace_back(ReasonName(p.reason));
    subject.push_back(p.subject_ref);
    occurrence.push_back(p.occurrence);
    application.push_back(p.application_id);
    required.emplace_back(IsRequired(p.reason) ? "t" : "f");
    due.push_back(TimestampParam(p.due_at));
    expires.push_back(TimestampParam(p.expires_at));
  }
  using pg::TextArrayLiteral;
  return pg::Exec(tx, queries::kPlan, TextArrayLiteral(person),
                  TextArrayLiteral(reason), TextArrayLiteral(subject),
                  TextArrayLiteral(occurrence), TextArrayLiteral(application),
                  TextArrayLiteral(required), TextArrayLiteral(due),
                  TextArrayLiteral(expires), TimestampParam(clock_()))
      .affected_rows();
}

void Planner::CancelWaitlisted(transaction_base& tx,
                               const std::string& application_id) const {
  pg::Exec(tx, queries::kCancelWaitlisted, application_id);
}

void Planner::CancelApplication(transaction_base& tx,
                                const std::string& application_id) const {
  pg::Exec(tx, queries::kCancelApplication, application_id);
}

}  // namespace jstedu::notifications
