#include "services/notifications/store/sender.h"

#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "services/notifications/domain/message.h"
#include "services/notifications/store/content.h"
#include "services/notifications/store/instants.h"
#include "services/notifications/store/sender_queries.h"

namespace jstedu::notifications {
namespace {

using pqxx::transaction_base;

// How long the rows of a round the relay could not take wait.
constexpr absl::Duration kRelayFaultWait = absl::Minutes(1);
// Relay faults in a row that end a round.
constexpr int kRelayFaultsToStop = 3;

}  // namespace

Sender::Sender(pg::Pool& pool, AddressBook& addresses, const SmtpClient& smtp,
               Clock clock, SenderOptions options)
    : pool_(pool),
      addresses_(addresses),
      smtp_(smtp),
      clock_(std::move(clock)),
      options_(std::move(options)) {}

absl::StatusOr<int64_t> Sender::RunOnce() {
  if (auto expired = Expire(); !expired.ok()) return expired.status();
  auto claimed = Claim();
  if (!claimed.ok()) return claimed.status();
  int64_t handled = 0;
  int relay_faults_in_a_row = 0;
  std::string relay_fault;
  absl::Status failed;
  for (size_t i = 0; i < claimed->size(); ++i) {
    Claimed& c = (*claimed)[i];
    if (options_.stopping()) {
      for (size_t j = i; j < claimed->size(); ++j) {
        failed.Update(ReleaseUntried((*claimed)[j]));
      }
      break;
    }
    auto mine = Renew(c);
    if (!mine.ok()) {
      failed.Update(mine.status());
      continue;
    }
    if (!*mine) continue;
    const Attempt attempt = Deliver(c);
    auto recorded = Record(c, attempt);
    // (A row whose record failed stays `sending`: taken again when its
    // lease ends.)
    failed.Update(recorded.status());
    if (attempt.result != Attempt::Result::kRelayFault) {
      relay_faults_in_a_row = 0;
      relay_fault.clear();
      if (recorded.ok() && *recorded) ++handled;
      continue;
    }
    // One fault may be this row's (a registry that could not answer for
    // this person): the row waits, the round goes on. Three in a row: the
    // relay is down; the rest of the round goes back untried and the round
    // ends with the error.
    relay_fault = attempt.detail;
    if (++relay_faults_in_a_row < kRelayFaultsToStop) continue;
    for (size_t j = i + 1; j < claimed->size(); ++j) {
      failed.Update(ReleaseUntried((*claimed)[j]));
    }
    return absl::UnavailableError(attempt.detail);
  }
  if (!failed.ok()) return failed;
  // A round that ended on a relay fault says so (logged).
  if (!relay_fault.empty()) return absl::UnavailableError(relay_fault);
  return handled;
}

absl::Status Sender::ReleaseUntried(const Claimed& claimed) {
  return pg::RunInTransaction(pool_, [&](transaction_base& tx) {
    pg::Exec(tx, queries::kReleaseUntried, claimed.id,
             TimestampParam(claimed.lease_until),
             TimestampParam(clock_() + kRelayFaultWait));
    return absl::OkStatus();
  });
}

absl::StatusOr<bool> Sender::Renew(Claimed& claimed) {
  return pg::RunInTransactionFor<bool>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<bool> {
        const absl::Time now = clock_();
        const std::string lease = TimestampParam(claimed.lease_until);
        if (!pg::Exec(tx, queries::kDropCancelled, claimed.id, lease).empty() ||
            !pg::Exec(tx, queries::kDropExpired, claimed.id, lease,
                      TimestampParam(now))
                 .empty()) {
          return false;
        }
        const absl::Time renewed =
            absl::FromUnixMicros(absl::ToUnixMicros(now + options_.lease));
        auto row = pg::Exec(tx, queries::kRenew, claimed.id, lease,
                            TimestampParam(renewed));
        if (row.empty()) return false;
        claimed.lease_until = renewed;
        claimed.attempts = row[0]["attempts"].as<int>();
        return true;
      });
}

absl::StatusOr<int64_t> Sender::Expire() {
  return pg::RunInTransactionFor<int64_t>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<int64_t> {
        const std::string now = TimestampParam(clock_());
        return pg::Exec(tx, queries::kExpire, now).affected_rows() +
               pg::Exec(tx, queries::kCancelStuck, now).affected_rows() +
               pg::Exec(tx, queries::kGiveUpStuck, now).affected_rows();
      });
}

absl::StatusOr<std::vector<Claimed>> Sender::Claim() {
  return pg::RunInTransactionFor<std::vector<Claimed>>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<std::vector<Claimed>> {
        const absl::Time now = clock_();
        // Microseconds, as the column keeps them: the lease is the claim's
        // identity when it is recorded.
        const absl::Time lease =
            absl::FromUnixMicros(absl::ToUnixMicros(now + options_.lease));
        std::vector<Claimed> out;
        for (const auto& r : pg::Exec(tx, queries::kClaim, TimestampParam(now),
                                      TimestampParam(lease), options_.batch,
                                      pg::TextArrayLiteral(KnownReasons()))) {
          out.push_back({r["id"].as<std::string>(),
                         r["person_ref"].as<std::string>(),
                         *ReasonNamed(r["reason"].as<std::string>()),
                         r["subject_ref"].as<std::string>(),
                         r["application_id"].as<std::string>(),
                         r["occurrence"].as<std::string>(),
                         r["attempts"].as<int>(), lease});
        }
        return out;
      });
}

absl::StatusOr<Content> Sender::ContentOf(const Claimed& claimed) {
  auto content = pg::RunInTransactionFor<Content>(
      pool_,
      [&](transaction_base& tx) {
        return ReadContent(
            tx,
            {claimed.reason, claimed.person_ref, claimed.subject_ref,
             claimed.application_id, claimed.occurrence},
            clock_());
      },
      {pg::Isolation::kSnapshotRead});
  if (content.ok()) content->console_url = options_.console_url;
  return content;
}

Attempt Sender::Deliver(const Claimed& claimed) {
  auto chosen = preferences_.Get(claimed.person_ref);
  if (!chosen.ok()) {
    return {Attempt::Result::kRelayFault,
            std::string(chosen.status().message())};
  }
  if (OptedOut(*chosen, claimed.reason)) {
    return {Attempt::Result::kSkipped, "the person opted out of this kind"};
  }
  // The text first: an address is read (and its read audited by its
  // owner) only for a message that can be written now.
  auto content = ContentOf(claimed);
  if (!content.ok()) {
    return {Attempt::Result::kRetry, std::string(content.status().message())};
  }
  auto recipient = addresses_.Lookup(claimed.person_ref, claimed.id);
  if (!recipient.ok()) {
    if (absl::IsNotFound(recipient.status())) {
      return {Attempt::Result::kFailed, "no e-mail address on record"};
    }
    // The registry could not be asked: no message's fault.
    return {
        Attempt::Result::kRelayFault,
        absl::StrCat("the address could not be read (",
                     absl::StatusCodeToString(recipient.status().code()), ")")};
  }
  // The person's own choice of language, else the registry's.
  const Language language =
      chosen->chosen ? chosen->language : recipient->language;
  const Text text = Render(*content, language);
  Mail mail;
  mail.from_address = smtp_.settings().from_address;
  mail.from_name = smtp_.settings().from_name;
  mail.to_address = recipient->address;
  mail.subject = text.subject;
  mail.body = text.body;
  mail.notification_id = claimed.id;
  mail.date = clock_();
  mail.language = language == Language::kEnglish ? "en" : "pl";
  auto message = Compose(mail);
  if (!message.ok()) {
    // The message cannot be written (an address on record that is not
    // one): the reason names the field, never its value.
    return {Attempt::Result::kFailed,
            absl::StrCat("the message could not be composed: ",
                         message.status().message())};
  }
  const SmtpResult sent = smtp_.Send(recipient->address, *message);
  switch (sent.outcome) {
    case SmtpOutcome::kAccepted:
      return {Attempt::Result::kSent, sent.detail};
    case SmtpOutcome::kPermanent:
      return {Attempt::Result::kFailed, sent.detail};
    case SmtpOutcome::kRelayFault:
      return {Attempt::Result::kRelayFault, sent.detail};
    case SmtpOutcome::kTemporary:
      break;
  }
  return {Attempt::Result::kRetry, sent.detail};
}

absl::StatusOr<bool> Sender::Record(const Claimed& claimed,
                                    const Attempt& attempt) {
  return pg::RunInTransactionFor<bool>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<bool> {
        const absl::Time now = clock_();
        const std::string lease = TimestampParam(claimed.lease_until);
        pqxx::result done;
        std::optional<absl::Duration> wait =
            attempt.result == Attempt::Result::kRetry
                ? RetryDelay(claimed.attempts)
                : std::nullopt;
        if (attempt.result == Attempt::Result::kSent) {
          done = pg::Exec(tx, queries::kRecordSent, claimed.id, lease,
                          TimestampParam(now), MessageIdFor(claimed.id));
        } else if (attempt.result == Attempt::Result::kSkipped) {
          done = pg::Exec(tx, queries::kRecordSkipped, claimed.id, lease,
                          attempt.detail);
        } else if (attempt.result == Attempt::Result::kRelayFault) {
          done =
              pg::Exec(tx, queries::kRelease, claimed.id, lease,
                       TimestampParam(now + kRelayFaultWait), attempt.detail);
        } else if (wait) {
          done = pg::Exec(tx, queries::kRecordRetry, claimed.id, lease,
                          TimestampParam(now + *wait), attempt.detail);
        } else {
          done = pg::Exec(tx, queries::kRecordFailed, claimed.id, lease,
                          attempt.result == Attempt::Result::kRetry
                              ? absl::StrCat("gave up after ", claimed.attempts,
                                             " attempts: ", attempt.detail)
                              : attempt.detail);
        }
        return !done.empty();
      });
}

}  // namespace jstedu::notifications
