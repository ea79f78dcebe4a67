#pragma once

// What a notification's text is written from (domain/texts.h, Content):
// the facts of its subject (a module, a task, a case, a voivodeship's
// weekly digest) and of its JST, read
// in the caller's transaction. One reading for the sender (one message's
// text) and the API (the titles of a page, read with a query per kind of
// fact, not per row).
//
// Thread-safety: stateless; call with the calling thread's transaction.

#include <map>
#include <pqxx/transaction_base>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/notifications/domain/schedule.h"
#include "services/notifications/domain/texts.h"

namespace jstedu::notifications {

// The stored notification's parts its text depends on.
struct ContentKey {
  Reason reason = Reason::kModuleProgramme;
  std::string person_ref;
  std::string subject_ref;     // "module:<id>", "task:<id>", "case:<id>",
                               // "voivodeship:<code>"
  std::string application_id;  // "" for none
  // What it was planned for: a case stage's "<STAGE>@<due day>", so the
  // text names the stage and day it was about, whatever the case's now.
  std::string occurrence;
};

// The facts of the subjects and JSTs of some keys, by id.
class ContentFacts {
 public:
  // Whether a weekly digest's sections are counted (a message) or only
  // what its title needs (a list's titles).
  enum class Counts { kWhole, kTitlesOnly };

  // Reads them: one query per kind of fact the keys name; weekly digests'
  // sections (one query for all) as they stand at `now`.
  static ContentFacts Read(pqxx::transaction_base& tx,
                           const std::vector<ContentKey>& keys, absl::Time now,
                           Counts counts);

  // The content of one of the keys read (console_url left empty);
  // NotFound when its subject's facts are not known (yet).
  absl::StatusOr<Content> Of(const ContentKey& key) const;

 private:
  struct Jst {
    std::string edition, teryt;
  };
  struct Module {
    std::string edition, title, venue;
    int number = 0;
    absl::Time start, end;
    std::optional<absl::Time> signup_deadline;
  };
  struct Task {
    std::string title;
    absl::Time due;
  };
  struct Case {
    std::string stage, due_on;  // due_on "YYYY-MM-DD" or ""
  };
  std::map<std::string, Jst> jsts_;  // by application id
  std::map<std::string, Module> modules_;
  std::map<std::string, Task> tasks_;
  std::map<std::string, Case> cases_;
  std::map<std::string, Digest> digests_;  // by voivodeship

  void ReadDigests(pqxx::transaction_base& tx,
                   const std::set<std::string>& voivodeships, absl::Time now,
                   Counts counts);
};

// One key's content: ContentFacts::Read({key}, now).Of(key).
absl::StatusOr<Content> ReadContent(pqxx::transaction_base& tx,
                                    const ContentKey& key, absl::Time now);

}  // namespace jstedu::notifications
