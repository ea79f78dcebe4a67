#pragma once

// Dead letters an operator can fix (issue 22; docs/operations.md, "Dead
// letters").
//
// A consumer dead-letters an event after its last failed delivery
// (consumer.h). The row stays `open` until an operator either
// - asks for a replay (RequestReplay): the row becomes `replay_requested`,
//   and the running consumer of its stream (Consumer::PollOnce) applies the
//   stored envelope through its inbox in one transaction, so the event takes
//   effect at most once even if it also comes again from the stream, and
//   marks the row `replayed`; when the handler fails again the row is
//   `open` again with the new error and one more attempt; or
// - discards it (DiscardDeadLetter) with a reason: `discarded`, the event's
//   effect knowingly left out.
// Every request and outcome is a row of dead_letter_actions (who, what, why,
// when). An unreadable entry (delivery key "entry:…") holds no event to
// replay: it can only be discarded. A replayed or discarded event that is
// dead-lettered again reopens its row.
//
// Each service binary offers these as `<binary> dead-letters …`
// (RunDeadLettersCommand), on its own schema.

#include <cstdint>
#include <optional>
#include <ostream>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"

namespace jstedu::events {

struct DeadLetter {
  int64_t id = 0;
  std::string consumer;
  std::string stream;
  std::string entry_id;
  std::string
      delivery_key;  // the event id; "entry:<stream>:<id>" if unreadable
  std::string event_type;
  int attempts = 0;
  std::string last_error;
  absl::Time dead_at;
  std::string state;  // open, replay_requested, replayed, discarded
  absl::Time state_at;
};

struct DeadLetterAction {
  // replay_requested, replayed, replay_failed, discarded, reopened
  std::string action;
  std::string actor;
  std::string reason;
  absl::Time at;
};

// The open dead letters (all of them with `with_closed`), oldest first.
absl::StatusOr<std::vector<DeadLetter>> ListDeadLetters(pg::Pool& pool,
                                                        bool with_closed);

// One dead letter and its actions, oldest first; NotFound "no dead letter N".
absl::StatusOr<std::pair<DeadLetter, std::vector<DeadLetterAction>>>
ShowDeadLetter(pg::Pool& pool, int64_t id);

// Asks the consumers to replay dead letter `id`, or every open one of the
// schema when `id` is nullopt; answers the ids asked for. `actor` (who asks,
// recorded) must not be empty. NotFound for an unknown id;
// FailedPrecondition for one that is not open or holds an unreadable entry.
absl::StatusOr<std::vector<int64_t>> RequestReplay(pg::Pool& pool,
                                                   std::optional<int64_t> id,
                                                   const std::string& actor);

// Closes an open dead letter without its effect. `actor` and `reason` must
// not be empty; NotFound / FailedPrecondition as for RequestReplay.
absl::Status DiscardDeadLetter(pg::Pool& pool, int64_t id,
                               const std::string& actor,
                               const std::string& reason);

// Records an action on dead letter `id` inside `tx` (the consumer's replays
// use it too).
void RecordDeadLetterAction(pqxx::transaction_base& tx, int64_t id,
                            const std::string& action, const std::string& actor,
                            const std::string& reason);

// `dead-letters list [--all]`, `dead-letters show ID`,
// `dead-letters replay ID|--all --actor NAME`,
// `dead-letters discard ID --actor NAME --reason TEXT` (args after the
// binary's name). Prints to `out`; returns the exit status: 0, 1 when the
// database refused or is unreachable, 2 for bad arguments or a dead letter
// that cannot take the action (the reason on `err`).
int RunDeadLettersCommand(pg::Pool& pool, const std::vector<std::string>& args,
                          std::ostream& out, std::ostream& err);

}  // namespace jstedu::events
