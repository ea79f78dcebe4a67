#pragma once

// Answers kept under an Idempotency-Key (migration 0004): CreateParticipant,
// WithdrawParticipant, RecordDeclaration and ResolveIdentityConflict, called
// within a keyed call (common/pg/request_key.h, set by grpcutil::Serve),
// record the key first and keep their answer under it in kept_answer, in
// the transaction of the write. When an earlier call applied the key, they
// answer its kept answer again with an audit row per participant it
// discloses (purpose kReplayPurpose) and change nothing; another request
// under the key is InvalidArgument (Idempotency-Key). A kept answer goes
// with its key (pg::DeleteExpiredRequestKeys).
//
// Thread-safety: RunKept takes its own pooled connection per call.

#include <functional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "common/pg/pool.h"
#include "common/pg/prepared.h"
#include "common/pg/request_key.h"
#include "common/pg/transaction.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/store/rows/common.h"
#include "services/recruitment/store/rows/kept_answer_queries.h"
#include "services/recruitment/store/rows/participant.h"

namespace jstedu::recruitment {

// The purpose recorded in the audit rows of an answer given again.
inline constexpr char kReplayPurpose[] =
    "replay of an answer kept for an Idempotency-Key";

// The participants an answer discloses (one audit row each when it is
// given again).
inline std::vector<std::string> DisclosedIds(const v1::Participant& answer) {
  return {answer.id()};
}
inline std::vector<std::string> DisclosedIds(
    const v1::IdentityConflict& answer) {
  return {answer.holder().id(), answer.claimant().id()};
}

// The answer kept under `key`, given again with an audit row per
// participant it discloses; `applied` (the request was applied, its
// answer is not kept: never for these RPCs) when there is none.
template <typename Answer>
absl::StatusOr<Answer> KeptAnswer(pqxx::transaction_base& tx,
                                  const std::string& key,
                                  const std::string& rpc, const Actor& actor,
                                  const absl::Status& applied) {
  const pqxx::result found = pg::Exec(tx, queries::kKeptAnswer, key);
  Answer answer;
  if (found.empty() || !answer.ParseFromString(absl::HexStringToBytes(
                           found[0]["answer"].as<std::string>()))) {
    return applied;
  }
  const std::vector<std::string> disclosed = absl::StrSplit(
      found[0]["participant_ids"].as<std::string>(), ',', absl::SkipEmpty());
  Audit(tx, disclosed, kReplayPurpose, rpc, actor);
  return answer;
}

// Runs `write` in one transaction. Within a keyed call the key is recorded
// first (a concurrent call under the key waits here for the first) and the
// answer kept under it; when an earlier call applied the key, its kept
// answer is given again and nothing is written but its audit rows.
template <typename Answer>
absl::StatusOr<Answer> RunKept(
    pg::Pool& pool, const std::string& rpc, const Actor& actor,
    const std::function<absl::StatusOr<Answer>(pqxx::transaction_base&)>&
        write) {
  return pg::RunInTransactionFor<Answer>(
      pool, [&](pqxx::transaction_base& tx) -> absl::StatusOr<Answer> {
        const pg::KeyedCall* keyed = pg::CurrentKeyedCall();
        if (keyed == nullptr) return write(tx);
        const absl::Status recorded = pg::RecordRequestKey(tx);
        if (absl::IsAlreadyExists(recorded)) {
          return KeptAnswer<Answer>(tx, keyed->key, rpc, actor, recorded);
        }
        if (!recorded.ok()) return recorded;
        absl::StatusOr<Answer> answer = write(tx);
        if (!answer.ok()) return answer;
        pg::Exec(tx, queries::kKeepAnswer, keyed->key,
                 absl::BytesToHexString(answer->SerializeAsString()),
                 pg::TextArrayLiteral(DisclosedIds(*answer)));
        return answer;
      });
}

}  // namespace jstedu::recruitment
