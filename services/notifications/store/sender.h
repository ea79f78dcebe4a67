#pragma once

// Sends what the schedule says is due, exactly once per notification:
// the send is recorded before and after, outbox-style.
//
//   1. Claim (one transaction): due rows (`scheduled`, due, past their
//      retry time, not expired, of a reason this version knows, not about
//      a withdrawn JST) and rows whose sender's lease ended (`sending`: a
//      sender died between sending and recording) become `sending` with a
//      lease; FOR UPDATE SKIP LOCKED, so two senders never claim one row.
//      Oldest retry time first.
//   2. Renew, right before each delivery: the lease is extended while it is
//      still this sender's (else the row is skipped: another sender has
//      it) and the attempt counted; a row cancelled or expired meanwhile
//      is dropped.
//   3. Deliver (no transaction): a kind the person opted out of is
//      `skipped` (nothing read, nothing sent; required kinds cannot be
//      opted out of); else the address is read for this one message
//      (AddressBook: the owner audits the read), the text rendered from
//      the facts, the message composed with the Message-ID derived from
//      the notification's id, and handed to the relay. A row sent again
//      after a crash carries the same Message-ID.
//   4. Record (one transaction, only while the row is still this claim's):
//      accepted: `sent` with the time and the Message-ID; a temporary
//      failure of this message: `scheduled` again after 1 min, 5 min,
//      30 min, 2 h, 6 h (or `cancelled`, if that was asked meanwhile);
//      after the sixth attempt, or a permanent refusal of the address, or
//      no address at all: `failed`, with the reason (never the address).
//      A fault of the relay or of our settings (no connection, TLS, a
//      refused login or sender, the relay's policy) is no message's: the
//      row is handed back (the attempt not counted) to wait a minute, until
//      it expires at worst; after three in a row the rest of the round goes
//      back untried and the round ends with the error (logged, retried a
//      minute later).
//   Rows whose time has passed (`expires_at`) are marked `expired` and not
//   sent (domain/schedule.h says when each expires); a row whose sender
//   stopped while sending it six times fails.
//
// Thread-safety: RunOnce may be called from several threads and processes
// at once (the claim is the arbiter).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "common/time/clock.h"
#include "services/notifications/domain/schedule.h"
#include "services/notifications/domain/texts.h"
#include "services/notifications/smtp_client.h"
#include "services/notifications/store/preferences_store.h"

namespace jstedu::notifications {

// Where a person's notifications go.
struct Recipient {
  std::string address;
  Language language = Language::kPolish;
};

// Addresses by person reference, read when a message is sent and never
// stored. Implementations ask the registries that own them, which record
// the read with `notification_id` as its purpose.
class AddressBook {
 public:
  virtual ~AddressBook() = default;
  // NotFound when the person has no address on record; Unavailable (or
  // another error) when the registry could not be asked: tried again later.
  virtual absl::StatusOr<Recipient> Lookup(
      const std::string& person_ref, const std::string& notification_id) = 0;
};

struct SenderOptions {
  int batch = 50;
  // How long a claim holds before another sender may take the row.
  absl::Duration lease = absl::Minutes(5);
  std::string console_url;
  // True once the process is shutting down: the round delivers nothing
  // more and hands the rest of its claim back untried (another replica,
  // or this one restarted, takes it a minute later).
  std::function<bool()> stopping = [] { return false; };
};

// A row claimed for sending.
struct Claimed {
  std::string id;
  std::string person_ref;
  Reason reason = Reason::kModuleProgramme;
  std::string subject_ref;
  std::string application_id;
  std::string occurrence;
  int attempts = 0;
  absl::Time lease_until;
};

// What one delivery came to.
struct Attempt {
  // kRelayFault: not this message's fault (the relay, our settings, a
  // registry that could not be asked): handed back untried. kSkipped: the
  // person opted out of its kind; nothing is read or sent.
  enum class Result { kSent, kRetry, kFailed, kRelayFault, kSkipped };
  Result result = Result::kRetry;
  std::string detail;
};

class Sender {
 public:
  Sender(pg::Pool& pool, AddressBook& addresses, const SmtpClient& smtp,
         Clock clock, SenderOptions options = {});

  // One round: expire, claim, deliver and record each; how many were
  // handled (sent, retried later or failed).
  absl::StatusOr<int64_t> RunOnce();

  // The round's steps.
  absl::StatusOr<int64_t> Expire();
  absl::StatusOr<std::vector<Claimed>> Claim();
  // Extends `claimed`'s lease; false when the row is no longer this
  // sender's or was cancelled meanwhile (then it is not delivered).
  absl::StatusOr<bool> Renew(Claimed& claimed);
  Attempt Deliver(const Claimed& claimed);
  // False when the claim was lost meanwhile (the lease ended and another
  // sender took the row): nothing is written.
  absl::StatusOr<bool> Record(const Claimed& claimed, const Attempt& attempt);

 private:
  absl::StatusOr<Content> ContentOf(const Claimed& claimed);
  // Hands back a claimed row the round never reached (no attempt made).
  absl::Status ReleaseUntried(const Claimed& claimed);

  pg::Pool& pool_;
  PreferencesStore preferences_{pool_};
  AddressBook& addresses_;
  const SmtpClient& smtp_;
  Clock clock_;
  SenderOptions options_;
};

}  // namespace jstedu::notifications
