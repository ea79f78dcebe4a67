#pragma once

// The life of an implementation task, as pure rules: the store reads the
// task's status under its row lock and asks these which status an action
// leads to.
//
//   OPEN ──submit──► SUBMITTED ──accept──► ACCEPTED
//   RETURNED ◄──return── SUBMITTED; RETURNED ──submit──► SUBMITTED

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace jstedu::training {

enum class TaskAction { kSubmit, kAccept, kReturn };

// The statuses as the database keeps them (the API's are "TASK_" + these).
inline constexpr char kTaskOpen[] = "OPEN";
inline constexpr char kTaskSubmitted[] = "SUBMITTED";
inline constexpr char kTaskAccepted[] = "ACCEPTED";
inline constexpr char kTaskReturned[] = "RETURNED";

// The status task `task_id` in status `from` takes by `action`;
// FailedPrecondition TASK_STATUS (subject tasks/<id>) naming the statuses
// the action is allowed from when `from` is not one of them.
absl::StatusOr<std::string> TaskStatusAfter(const std::string& task_id,
                                            std::string_view from,
                                            TaskAction action);

// Whether a task in `status` still waits for the JST (OPEN or RETURNED):
// such a task past its due time is overdue.
bool AwaitsJst(std::string_view status);

}  // namespace jstedu::training
