#include "services/training/domain/task_status.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/errors.h"

namespace jstedu::training {

absl::StatusOr<std::string> TaskStatusAfter(const std::string& task_id,
                                            std::string_view from,
                                            TaskAction action) {
  std::set<std::string> allowed;
  std::string to;
  switch (action) {
    case TaskAction::kSubmit:
      allowed = {kTaskOpen, kTaskReturned};
      to = kTaskSubmitted;
      break;
    case TaskAction::kAccept:
      allowed = {kTaskSubmitted};
      to = kTaskAccepted;
      break;
    case TaskAction::kReturn:
      allowed = {kTaskSubmitted};
      to = kTaskReturned;
      break;
  }
  if (allowed.count(std::string(from)) == 0) {
    return errors::RulesNotMet(
        {{"TASK_STATUS", absl::StrCat("tasks/", task_id),
          absl::StrCat(
              "a task in status ", std::string(from), " cannot become ", to,
              " (allowed from: ", absl::StrJoin(allowed, ", "), ")")}});
  }
  return to;
}

bool AwaitsJst(std::string_view status) {
  return status == kTaskOpen || status == kTaskReturned;
}

}  // namespace jstedu::training
