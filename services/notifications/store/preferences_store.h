#pragma once

// Each person's choices (migration 0002): the language of their messages
// and the optional kinds of notification they opted out of. The sender
// reads them when a notification falls due (store/sender.h), so a choice
// applies to what is already scheduled.
//
// Thread-safe (each call takes its own pooled connection).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "services/notifications/domain/schedule.h"
#include "services/notifications/domain/texts.h"

namespace jstedu::notifications {

struct Preferences {
  Language language = Language::kPolish;
  // Optional reasons the person does not want, by stored name, sorted.
  std::vector<std::string> opted_out;
  // Whether the person chose at all (else: Polish, everything).
  bool chosen = false;
  absl::Time updated_at;  // when they chose (chosen only)
};

class PreferencesStore {
 public:
  explicit PreferencesStore(pg::Pool& pool) : pool_(pool) {}

  // The person's choices (the defaults when they made none).
  absl::StatusOr<Preferences> Get(const std::string& person_ref);

  // Replaces the person's choices. InvalidArgument naming `optedOut` for a
  // kind that does not exist or that the programme's rules require (those
  // cannot be switched off; kinds are named as the API names them,
  // "MODULE_PROGRAMME"), and `language` for one that is not "pl" or "en";
  // nothing is written then.
  absl::StatusOr<Preferences> Set(const std::string& person_ref,
                                  const std::string& language,
                                  const std::vector<std::string>& opted_out,
                                  const std::string& actor);

 private:
  pg::Pool& pool_;
};

// Whether `preferences` keep the person from getting `reason` (never a
// required one).
bool OptedOut(const Preferences& preferences, Reason reason);

}  // namespace jstedu::notifications
