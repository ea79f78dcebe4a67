#pragma once

// Keeps the schedule (table `notification`) equal to what the rules
// (domain/schedule.h) answer for the facts the service holds. Every method
// runs inside the caller's transaction (the consumer's inbox transaction,
// under the edition's lock: store/facts_store.h), so a re-plan and the
// event that caused it commit together or not at all.
//
// A re-plan of a subject (a module, a task, a case), or of some of its
// people:
//   - cancels its scheduled notifications the rules no longer want (a
//     moved date is another occurrence, so the old one goes);
//   - plans the ones they want: new ones scheduled, cancelled ones
//     scheduled again, scheduled ones given their current times; one
//     already sent, being sent, failed or expired is left alone (exactly
//     once per person, reason, subject and occurrence);
//   - never plans one that has expired already: a reminder whose series
//     moved on, or a module that has started, is not news.
//
// Thread-safety: stateless apart from the clock; call from any thread
// with that thread's transaction.

#include <pqxx/transaction_base>
#include <set>
#include <string>
#include <vector>

#include "common/time/clock.h"
#include "services/notifications/domain/schedule.h"

namespace jstedu::notifications {

// What the events of one transaction changed, to re-plan once each at its
// end.
struct Replans {
  // Modules re-planned for everyone.
  std::set<std::string> modules;
  // Modules whose trainers changed.
  std::set<std::string> module_trainers;
  // (module, application): the module for one JST's people.
  std::set<std::pair<std::string, std::string>> module_applications;
  // Everything of one JST: its people in every module of its edition, its
  // tasks and its cases.
  std::set<std::string> applications;
  std::set<std::string> tasks;
  std::set<std::string> cases;

  void Clear() { *this = Replans(); }
};

class Planner {
 public:
  explicit Planner(Clock clock) : clock_(std::move(clock)) {}

  // Re-plans everything `replans` names.
  void Replan(pqxx::transaction_base& tx, const Replans& replans) const;

  // Schedules notifications that go at once (decisions, handovers), as
  // they are: once each (their identity), never again once sent. Answers
  // how many rows it scheduled or changed.
  int Schedule(pqxx::transaction_base& tx,
               const std::vector<Planned>& planned) const;

  // A staff account's digest after its role or voivodeship changed: a
  // coordinator's next one planned, any other of theirs cancelled (all of
  // them when it is no longer a coordinator).
  void ReplanDigest(pqxx::transaction_base& tx,
                    const std::string& subject) const;
  // Every coordinator's next digest (run periodically: each week's is
  // planned once the previous Monday is over); answers how many rows it
  // scheduled.
  int PlanDigests(pqxx::transaction_base& tx) const;

  // Cancels every scheduled notification about `application_id`'s JST.
  void CancelApplication(pqxx::transaction_base& tx,
                         const std::string& application_id) const;
  // Cancels its waiting-list notice if not sent yet.
  void CancelWaitlisted(pqxx::transaction_base& tx,
                        const std::string& application_id) const;

 private:
  void ReplanModule(pqxx::transaction_base& tx, const std::string& module_id,
                    const std::string& application_id) const;
  void ReplanTrainers(pqxx::transaction_base& tx,
                      const std::string& module_id) const;
  void ReplanTask(pqxx::transaction_base& tx, const std::string& task_id) const;
  void ReplanCase(pqxx::transaction_base& tx, const std::string& case_id) const;
  // Makes the scheduled notifications of `subject_ref` for `reasons` (of
  // `people` only, when `scoped`) exactly `wanted`. Other reasons of the
  // subject (a case's handover notices) are not this re-plan's.
  void Reconcile(pqxx::transaction_base& tx, const std::string& subject_ref,
                 const std::vector<Reason>& reasons, bool scoped,
                 const std::vector<std::string>& people,
                 const std::vector<Planned>& wanted) const;

  Clock clock_;
};

}  // namespace jstedu::notifications
