#pragma once

// Good practices (migrations/0002): the catalogue of local-government
// education management practices, each from a JST's case. Each method is
// one transaction; a change locks the practice's row (a new one its case's),
// checks the expected version and the status (domain/practice_rules.h),
// then writes the practice, a history row and, for a new practice or a new
// status, GoodPracticeStatusChanged to the outbox.
//
// Thread-safety: a store may be called from any thread.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "services/advisory/domain/practice_rules.h"
#include "services/advisory/store/rows/inputs.h"

namespace jstedu::advisory {

// Who reads practices: every reader sees the published ones; a reader of
// drafts (the office, a coordinator, an expert) also sees every status of
// the practices of the cases in `scope` (teryt unused).
struct PracticeReader {
  bool drafts = false;
  CaseScope scope;
};

// The filters of a practice list ("" / unspecified = any).
struct PracticeQuery {
  std::string edition;
  std::string search;  // the user's words (SearchQueryOf)
  std::string voivodeship;
  std::string jst_kind;      // as stored, e.g. "URBAN_COMMUNE"
  std::string support_area;  // id
  std::string status;        // as stored, e.g. "PUBLISHED"
  std::string teryt;
  PageWindow window;
};

// One status change: the command, the version the caller read, its
// reason (return and withdraw).
struct PracticeChange {
  PracticeCommand command = PracticeCommand::kSubmit;
  int64_t expected_version = 0;
  std::string reason;
};

class PracticeStore {
 public:
  explicit PracticeStore(pg::Pool& pool) : pool_(pool) {}

  // A draft of case `case_id` (in `scope`) with `practice`'s title,
  // description, keywords and support area (none: the case's). NOT_FOUND
  // for a case out of scope; FAILED_PRECONDITION CASE_WITHDRAWN;
  // INVALID_ARGUMENT practice.supportArea (not in the edition's catalogue,
  // or none and the case has not chosen one); ALREADY_EXISTS
  // practice.title (the case has a practice of that title).
  absl::StatusOr<v1::GoodPractice> Create(const std::string& case_id,
                                          const CaseScope& scope,
                                          const v1::GoodPractice& practice,
                                          const Actor& actor, absl::Time now);
  // The draft's new text, as Create checks it; ABORTED for a stale
  // version, FAILED_PRECONDITION WRONG_STATUS when not a draft.
  absl::StatusOr<v1::GoodPractice> Update(const std::string& id,
                                          const CaseScope& scope,
                                          int64_t expected_version,
                                          const v1::GoodPractice& practice,
                                          const Actor& actor, absl::Time now);
  // Submit, publish, return or withdraw (the Warsaw day of `now` is the
  // publication's).
  absl::StatusOr<v1::GoodPractice> Change(const std::string& id,
                                          const CaseScope& scope,
                                          const PracticeChange& change,
                                          const Actor& actor, absl::Time now);
  // One practice the reader may see (NOT_FOUND otherwise), with its
  // history when it reads its drafts.
  absl::StatusOr<v1::GoodPractice> Get(const std::string& id,
                                       const PracticeReader& reader);
  // The practices matching `query` the reader may see, without history;
  // `*more` tells whether another page follows.
  absl::StatusOr<std::vector<v1::GoodPractice>> List(
      const PracticeQuery& query, const PracticeReader& reader,
      bool* more = nullptr);
  // The edition's published practices, by voivodeship, TERYT and title.
  absl::StatusOr<std::vector<v1::GoodPractice>> Published(
      const std::string& edition);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::advisory
