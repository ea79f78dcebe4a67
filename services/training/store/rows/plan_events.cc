#include "services/training/store/rows/plan_events.h"

#include <map>
#include <memory>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/pg/arrays.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/training/store/rows/queries.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training::rows {
namespace {

namespace ev = ::jstedu::events::v1;
using pqxx::transaction_base;

ev::ModuleFacts ModuleFactsOf(transaction_base& tx, const std::string& id) {
  return pg::ReadOne<ev::ModuleFacts>(
      pg::Exec1(tx, queries::kSelectModuleFacts, id));
}

// The facts of `task_ids`, by task id.
std::map<std::string, ev::TaskFacts> TaskFactsOf(
    transaction_base& tx, const std::vector<std::string>& task_ids) {
  std::map<std::string, ev::TaskFacts> facts;
  for (auto& task : pg::ReadAll<ev::TaskFacts>(pg::Exec(
           tx, queries::kSelectTaskFacts, pg::TextArrayLiteral(task_ids)))) {
    std::string id = task.task_id();
    facts.emplace(std::move(id), std::move(task));
  }
  return facts;
}

// Appends `events` (each about its task) in one statement.
template <typename Event>
void AppendTaskEvents(transaction_base& tx,
                      const std::vector<std::unique_ptr<Event>>& events,
                      const std::string& traceparent) {
  std::vector<events::NewEvent> batch;
  batch.reserve(events.size());
  for (const auto& event : events) {
    batch.push_back({event.get(), event->task().task_id()});
  }
  events::AppendEvents(tx, batch, traceparent);
}

v1::TaskStatus TaskStatusNamed(const std::string& stored) {
  v1::TaskStatus status = v1::TASK_STATUS_UNSPECIFIED;
  v1::TaskStatus_Parse(absl::StrCat("TASK_", stored), &status);
  return status;
}

}  // namespace

void PublishModuleScheduled(transaction_base& tx, const std::string& id,
                            const std::string& traceparent) {
  ev::ModuleScheduled event;
  *event.mutable_module() = ModuleFactsOf(tx, id);
  events::AppendEvent(tx, event, id, traceparent);
}

void PublishModuleMoved(transaction_base& tx, const v1::Module& before,
                        const std::string& traceparent) {
  ev::ModuleMoved event;
  *event.mutable_module() = ModuleFactsOf(tx, before.id());
  *event.mutable_previous_start_time() = before.start_time();
  *event.mutable_previous_end_time() = before.end_time();
  if (before.has_signup_deadline()) {
    *event.mutable_previous_signup_deadline() = before.signup_deadline();
  }
  events::AppendEvent(tx, event, before.id(), traceparent);
}

void PublishSessionScheduled(transaction_base& tx, const v1::Session& session,
                             const std::string& edition,
                             const std::string& traceparent) {
  ev::SessionScheduled event;
  event.set_session_id(session.id());
  event.set_module_id(session.module());
  event.set_edition(edition);
  event.set_trainer(session.trainer());
  event.set_workshop_group(session.workshop_group());
  event.set_thematic_area(session.thematic_area());
  *event.mutable_start_time() = session.start_time();
  *event.mutable_end_time() = session.end_time();
  events::AppendEvent(tx, event, session.module(), traceparent);
}

void PublishTasksAssigned(transaction_base& tx,
                          const std::vector<std::string>& task_ids,
                          const std::string& traceparent) {
  if (task_ids.empty()) return;
  std::vector<std::unique_ptr<ev::TaskAssigned>> events;
  for (auto& [id, facts] : TaskFactsOf(tx, task_ids)) {
    events.push_back(std::make_unique<ev::TaskAssigned>());
    *events.back()->mutable_task() = std::move(facts);
  }
  AppendTaskEvents(tx, events, traceparent);
}

void PublishTaskDueChanges(transaction_base& tx, std::vector<DueChange> changes,
                           const std::string& traceparent) {
  if (changes.empty()) return;
  std::vector<std::string> ids;
  std::map<std::string, absl::Time> previous;
  for (const DueChange& change : changes) {
    ids.push_back(change.task_id);
    previous[change.task_id] = change.previous_due;
  }
  std::vector<std::unique_ptr<ev::TaskDueChanged>> events;
  for (auto& [id, facts] : TaskFactsOf(tx, ids)) {
    events.push_back(std::make_unique<ev::TaskDueChanged>());
    *events.back()->mutable_task() = std::move(facts);
    SetTime(previous[id], events.back()->mutable_previous_due_time());
  }
  AppendTaskEvents(tx, events, traceparent);
}

void PublishTaskStatusChanged(transaction_base& tx, const std::string& id,
                              const std::string& previous_status, absl::Time at,
                              const std::string& traceparent) {
  ev::TaskStatusChanged event;
  // The task's own id (`id` may be spelt in capitals).
  for (auto& [task_id, facts] : TaskFactsOf(tx, {id})) {
    *event.mutable_task() = std::move(facts);
  }
  event.set_previous_status(TaskStatusNamed(previous_status));
  SetTime(at, event.mutable_changed_at());
  events::AppendEvent(tx, event, event.task().task_id(), traceparent);
}

void PublishSignupMade(transaction_base& tx, const v1::Signup& signup,
                       const std::string& edition,
                       const std::string& traceparent) {
  ev::ModuleSignupMade event;
  event.set_signup_id(signup.id());
  event.set_module_id(signup.module());
  event.set_edition(edition);
  event.set_participant_id(signup.participant());
  event.set_status(signup.status());
  event.set_shuttle(signup.shuttle());
  *event.mutable_request_time() = signup.request_time();
  events::AppendEvent(tx, event, signup.id(), traceparent);
}

}  // namespace jstedu::training::rows
