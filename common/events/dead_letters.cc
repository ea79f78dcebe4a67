#include "common/events/dead_letters.h"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/time/civil_time.h"

namespace jstedu::events {
namespace {

constexpr char kColumns[] = R"sql(
id, consumer, stream, entry_id, delivery_key, event_type, attempts,
last_error, (extract(epoch FROM dead_at) * 1000000)::bigint AS dead_at,
state, (extract(epoch FROM state_at) * 1000000)::bigint AS state_at)sql";

const std::string& ListSql() {
  static const std::string sql = absl::StrCat(
      "SELECT ", kColumns, " FROM dead_letters WHERE $1 OR state = 'open' ",
      "ORDER BY id");
  return sql;
}

const std::string& OneSql() {
  static const std::string sql =
      absl::StrCat("SELECT ", kColumns, " FROM dead_letters WHERE id = $1");
  return sql;
}

constexpr char kActions[] = R"sql(
SELECT action, actor, reason, (extract(epoch FROM at) * 1000000)::bigint AS at
  FROM dead_letter_actions WHERE dead_letter_id = $1 ORDER BY id)sql";

// The row locked, for an action that needs it open.
constexpr char kLockOne[] =
    "SELECT state, delivery_key FROM dead_letters WHERE id = $1 FOR UPDATE";
constexpr char kOpenReadable[] = R"sql(
SELECT id FROM dead_letters
 WHERE state = 'open' AND delivery_key NOT LIKE 'entry:%'
 ORDER BY id FOR UPDATE)sql";
constexpr char kSetState[] =
    "UPDATE dead_letters SET state = $2, state_at = now() WHERE id = $1";
constexpr char kRecordAction[] = R"sql(
INSERT INTO dead_letter_actions (dead_letter_id, action, actor, reason)
VALUES ($1, $2, $3, $4))sql";

absl::Time Micros(const pqxx::field& field) {
  return absl::FromUnixMicros(field.as<int64_t>());
}

DeadLetter Read(const pqxx::row& row) {
  DeadLetter letter;
  letter.id = row["id"].as<int64_t>();
  letter.consumer = row["consumer"].as<std::string>();
  letter.stream = row["stream"].as<std::string>();
  letter.entry_id = row["entry_id"].as<std::string>();
  letter.delivery_key = row["delivery_key"].as<std::string>();
  letter.event_type = row["event_type"].as<std::string>();
  letter.attempts = row["attempts"].as<int>();
  letter.last_error = row["last_error"].as<std::string>();
  letter.dead_at = Micros(row["dead_at"]);
  letter.state = row["state"].as<std::string>();
  letter.state_at = Micros(row["state_at"]);
  return letter;
}

bool Unreadable(const std::string& delivery_key) {
  return absl::StartsWith(delivery_key, "entry:");
}

// Locks dead letter `id` and checks that it is open (and, for a replay,
// that it holds an event).
absl::Status LockOpen(pqxx::transaction_base& tx, int64_t id, bool replay) {
  pqxx::result rows = pg::Exec(tx, kLockOne, id);
  if (rows.empty()) {
    return absl::NotFoundError(absl::StrCat("no dead letter ", id));
  }
  const std::string state = rows[0]["state"].as<std::string>();
  if (state != "open") {
    return absl::FailedPreconditionError(
        absl::StrCat("dead letter ", id, " is ", state, ", not open"));
  }
  if (replay && Unreadable(rows[0]["delivery_key"].as<std::string>())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "dead letter ", id,
        " is an unreadable stream entry: it holds no event to replay; "
        "discard it and have the producer publish the change again"));
  }
  return absl::OkStatus();
}

absl::Status RequireNonEmpty(const std::string& value, const char* what) {
  if (!value.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(what, " is required"));
}

std::string Local(absl::Time instant) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S %Z", instant, ProgrammeZone());
}

void PrintLetter(const DeadLetter& l, std::ostream& out) {
  out << l.id << "\t" << l.state << "\t" << l.consumer << "\t" << l.stream
      << "\t" << l.event_type << "\t" << l.delivery_key << "\t" << l.attempts
      << "\t" << Local(l.dead_at) << "\t" << l.last_error << "\n";
}

constexpr char kUsage[] =
    "usage: dead-letters list [--all]\n"
    "       dead-letters show ID\n"
    "       dead-letters replay ID|--all --actor NAME\n"
    "       dead-letters discard ID --actor NAME --reason TEXT\n";

// The value after `flag` in args[from..], or "" when absent; false when a
// flag other than those allowed appears or a flag has no value.
bool ReadFlags(const std::vector<std::string>& args, size_t from,
               const std::vector<std::string>& allowed,
               std::map<std::string, std::string>* flags) {
  for (size_t i = from; i < args.size(); i += 2) {
    if (std::find(allowed.begin(), allowed.end(), args[i]) == allowed.end() ||
        i + 1 >= args.size()) {
      return false;
    }
    (*flags)[args[i]] = args[i + 1];
  }
  return true;
}

int Failed(const absl::Status& status, std::ostream& err) {
  err << status.message() << "\n";
  const bool theirs = absl::IsInvalidArgument(status) ||
                      absl::IsNotFound(status) ||
                      absl::IsFailedPrecondition(status);
  return theirs ? 2 : 1;
}

}  // namespace

absl::StatusOr<std::vector<DeadLetter>> ListDeadLetters(pg::Pool& pool,
                                                        bool with_closed) {
  return pg::RunInTransactionFor<std::vector<DeadLetter>>(
      pool,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<DeadLetter>> {
        std::vector<DeadLetter> letters;
        for (const pqxx::row& row : pg::Exec(tx, ListSql(), with_closed)) {
          letters.push_back(Read(row));
        }
        return letters;
      },
      {pg::Isolation::kSingleStatementRead});
}

absl::StatusOr<std::pair<DeadLetter, std::vector<DeadLetterAction>>>
ShowDeadLetter(pg::Pool& pool, int64_t id) {
  using Shown = std::pair<DeadLetter, std::vector<DeadLetterAction>>;
  return pg::RunInTransactionFor<Shown>(
      pool,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<Shown> {
        pqxx::result rows = pg::Exec(tx, OneSql(), id);
        if (rows.empty()) {
          return absl::NotFoundError(absl::StrCat("no dead letter ", id));
        }
        Shown shown;
        shown.first = Read(rows[0]);
        for (const pqxx::row& row : pg::Exec(tx, kActions, id)) {
          shown.second.push_back(
              {row["action"].as<std::string>(), row["actor"].as<std::string>(),
               row["reason"].as<std::string>(), Micros(row["at"])});
        }
        return shown;
      },
      {pg::Isolation::kSnapshotRead});
}

absl::StatusOr<std::vector<int64_t>> RequestReplay(pg::Pool& pool,
                                                   std::optional<int64_t> id,
                                                   const std::string& actor) {
  if (auto status = RequireNonEmpty(actor, "--actor (who asks)");
      !status.ok()) {
    return status;
  }
  return pg::RunInTransactionFor<std::vector<int64_t>>(
      pool,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<std::vector<int64_t>> {
        std::vector<int64_t> ids;
        if (id) {
          if (auto status = LockOpen(tx, *id, /*replay=*/true); !status.ok()) {
            return status;
          }
          ids.push_back(*id);
        } else {
          for (const pqxx::row& row : pg::Exec(tx, kOpenReadable)) {
            ids.push_back(row[0].as<int64_t>());
          }
        }
        for (int64_t one : ids) {
          pg::Exec(tx, kSetState, one, "replay_requested");
          RecordDeadLetterAction(tx, one, "replay_requested", actor, "");
        }
        if (!ids.empty()) pg::MarkWritten(tx);
        return ids;
      });
}

absl::Status DiscardDeadLetter(pg::Pool& pool, int64_t id,
                               const std::string& actor,
                               const std::string& reason) {
  if (auto status = RequireNonEmpty(actor, "--actor (who discards)");
      !status.ok()) {
    return status;
  }
  if (auto status = RequireNonEmpty(reason,
                                    "--reason (why its effect may "
                                    "be left out)");
      !status.ok()) {
    return status;
  }
  return pg::RunInTransaction(pool, [&](pqxx::transaction_base& tx) {
    if (auto status = LockOpen(tx, id, /*replay=*/false); !status.ok()) {
      return status;
    }
    pg::Exec(tx, kSetState, id, "discarded");
    RecordDeadLetterAction(tx, id, "discarded", actor, reason);
    pg::MarkWritten(tx);
    return absl::OkStatus();
  });
}

void RecordDeadLetterAction(pqxx::transaction_base& tx, int64_t id,
                            const std::string& action, const std::string& actor,
                            const std::string& reason) {
  pg::Exec(tx, kRecordAction, id, action, actor, reason);
}

int RunDeadLettersCommand(pg::Pool& pool, const std::vector<std::string>& args,
                          std::ostream& out, std::ostream& err) {
  const std::string verb = args.empty() ? "" : args[0];
  std::map<std::string, std::string> flags;
  int64_t id = 0;
  const bool has_id = args.size() >= 2 && absl::SimpleAtoi(args[1], &id);
  if (verb == "list" &&
      (args.size() == 1 || (args.size() == 2 && args[1] == "--all"))) {
    auto letters = ListDeadLetters(pool, args.size() == 2);
    if (!letters.ok()) return Failed(letters.status(), err);
    out << "id\tstate\tconsumer\tstream\tevent type\tevent id\tattempts\t"
           "dead at\tlast error\n";
    for (const DeadLetter& letter : *letters) PrintLetter(letter, out);
    return 0;
  }
  if (verb == "show" && has_id && args.size() == 2) {
    auto shown = ShowDeadLetter(pool, id);
    if (!shown.ok()) return Failed(shown.status(), err);
    const DeadLetter& l = shown->first;
    out << "id: " << l.id << "\nstate: " << l.state << " since "
        << Local(l.state_at) << "\nconsumer: " << l.consumer
        << "\nstream: " << l.stream << " (entry " << l.entry_id
        << ")\nevent type: " << l.event_type << "\nevent id: " << l.delivery_key
        << "\nattempts: " << l.attempts << "\ndead at: " << Local(l.dead_at)
        << "\nlast error: " << l.last_error << "\nactions:\n";
    for (const DeadLetterAction& a : shown->second) {
      out << "  " << Local(a.at) << "\t" << a.action << "\t" << a.actor
          << (a.reason.empty() ? "" : "\t") << a.reason << "\n";
    }
    return 0;
  }
  const bool all = args.size() >= 2 && args[1] == "--all";
  if (verb == "replay" && (has_id || all) &&
      ReadFlags(args, 2, {"--actor"}, &flags)) {
    auto ids = RequestReplay(pool, all ? std::nullopt : std::optional(id),
                             flags["--actor"]);
    if (!ids.ok()) return Failed(ids.status(), err);
    out << "replay requested for " << ids->size()
        << " dead letter(s); the service's consumer applies each within "
           "seconds (dead-letters show ID tells the outcome)\n";
    return 0;
  }
  if (verb == "discard" && has_id &&
      ReadFlags(args, 2, {"--actor", "--reason"}, &flags)) {
    absl::Status discarded =
        DiscardDeadLetter(pool, id, flags["--actor"], flags["--reason"]);
    if (!discarded.ok()) return Failed(discarded, err);
    out << "dead letter " << id << " discarded\n";
    return 0;
  }
  err << kUsage;
  return 2;
}

}  // namespace jstedu::events
