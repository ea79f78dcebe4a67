#pragma once

// What the API reads (proto/jstedu/notifications/v1): the notifications in
// a caller's scope, and whether a person is in it. A person outside the
// scope is NotFound like an unknown one, so a caller learns nothing about
// people it may not see.
//
// Thread-safe (each call takes its own pooled connection).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/notifications/v1/notifications.pb.h"
#include "services/notifications/domain/texts.h"

namespace jstedu::notifications {

// Whose notifications a caller sees (the service derives it from the
// principal): everyone's; those about the JSTs of a voivodeship, and its
// weekly digests (a coordinator); those about one JST (a TERYT code: its
// participants and contact only); an expert's or a trainer's own (by
// sign-in subject).
struct ReadScope {
  enum class Kind { kAll, kVoivodeship, kJst, kExpert, kTrainer };
  Kind kind = Kind::kAll;
  std::string value;    // the voivodeship, the TERYT code or the subject
  std::string subject;  // the caller's sign-in subject (its own person)
};

struct ListFilter {
  std::string person;  // a person reference, "" for everyone in scope
  std::string state;   // a stored state ("sent"), "" for every state
  Language language = Language::kPolish;  // of the titles
  int page_size = 100;
  // The last row of the previous page: its due instant and id (keyset).
  std::optional<std::pair<absl::Time, std::string>> after;
};

class NotificationReadStore {
 public:
  explicit NotificationReadStore(pg::Pool& pool) : pool_(pool) {}

  // A page of the notifications in `scope` that match `filter`, newest due
  // first; `more` tells whether rows follow.
  absl::StatusOr<std::vector<v1::Notification>> List(const ReadScope& scope,
                                                     const ListFilter& filter,
                                                     bool* more);

  // OK when `person_ref` (well-formed: the caller checked it) is in
  // `scope` now, or has notifications the scope's list shows (a
  // participant who moved JST, an expert who left a case); NotFound
  // otherwise, with one message for "unknown" and "not yours".
  absl::Status CheckPerson(const ReadScope& scope,
                           const std::string& person_ref);

  // The caller's own person reference: a trainer's or a coordinator's by
  // subject, an expert's from the case events (NotFound until the expert
  // is assigned to a case); NotFound for other scopes.
  absl::StatusOr<std::string> OwnPerson(const ReadScope& scope);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::notifications
