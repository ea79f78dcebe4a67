#pragma once

// What a notification's text is written from (domain/texts.h, Content):
// the facts of its subject (a module, a task, a case) and of its JST, read
// in the caller's transaction. One reading for the sender (the message)
// and the API (each notification's title).
//
// Thread-safety: stateless; call with the calling thread's transaction.

#include <pqxx/transaction_base>
#include <string>

#include "absl/status/statusor.h"
#include "services/notifications/domain/schedule.h"
#include "services/notifications/domain/texts.h"

namespace jstedu::notifications {

// The stored notification's parts its text depends on.
struct ContentKey {
  Reason reason = Reason::kModuleProgramme;
  std::string person_ref;
  std::string subject_ref;     // "module:<id>", "task:<id>", "case:<id>:…"
  std::string application_id;  // "" for none
  // What it was planned for: a case stage's "<STAGE>@<due day>", so the
  // text names the stage and day it was about, whatever the case's now.
  std::string occurrence;
};

// The content (console_url left empty); NotFound when the subject's facts
// are not known (yet).
absl::StatusOr<Content> ReadContent(pqxx::transaction_base& tx,
                                    const ContentKey& key);

}  // namespace jstedu::notifications
