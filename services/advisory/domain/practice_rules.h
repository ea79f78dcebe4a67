#pragma once

// The rules of good practices (docs/programme-parts.md, part 4): which
// command is legal in which status and where it leads, and the text search's
// folding of words (no database; the store applies them under the
// practice's row lock).
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "services/advisory/domain/workflow.h"

namespace jstedu::advisory {

// As stored (good_practice.status); the API's names add "PRACTICE_".
enum class PracticeStatus { kDraft, kSubmitted, kPublished, kWithdrawn };

enum class PracticeCommand { kUpdate, kSubmit, kPublish, kReturn, kWithdraw };

const char* StatusName(PracticeStatus status);  // "DRAFT", …
std::optional<PracticeStatus> PracticeStatusOf(std::string_view name);
const char* CommandName(PracticeCommand command);  // "update", …

// Where `command` takes a practice in `from`, or nullopt when it is not
// legal there:
//   update (the draft's text)  DRAFT → DRAFT
//   submit                     DRAFT → SUBMITTED
//   publish                    SUBMITTED → PUBLISHED
//   return (with a reason)     SUBMITTED → DRAFT
//   withdraw (with a reason)   PUBLISHED → WITHDRAWN (closed)
std::optional<PracticeStatus> NextStatus(PracticeStatus from,
                                         PracticeCommand command);

// OK, or FAILED_PRECONDITION WRONG_STATUS (subject "goodPractices/<id>")
// naming the status and what the command needs.
absl::Status CheckPracticeCommand(const std::string& practice_id,
                                  PracticeStatus from, PracticeCommand command);

// A practice is proposed for a case unless its JST withdrew
// (FAILED_PRECONDITION CASE_WITHDRAWN); the practices it has stay.
absl::Status CheckCaseTakesPractices(const std::string& case_id, Stage stage);

// The words of `text` as the search indexes them: lower case, the
// diacritics of Latin letters removed ("Łódź" → "lodz", "Straße" →
// "strasse"; combining marks of decomposed text dropped), every other
// character (punctuation, other scripts) a
// separator; words separated by one space, none at the ends.
std::string FoldForSearch(std::string_view text);

// The PostgreSQL tsquery ('simple' configuration) of a user's search: each
// folded word a prefix, a word of five letters or more less its last letter
// (Polish endings: "szkoły" → "szkol:*" finds "szkoła" and "szkolnych"),
// all words required, repeats once. "" when `query` has no word. The words
// hold only [a-z0-9], so the text is always a valid tsquery.
std::string SearchQueryOf(std::string_view query);

}  // namespace jstedu::advisory
