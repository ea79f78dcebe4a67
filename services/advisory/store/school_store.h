#pragma once

// The school register (migrations/0003): loads of the RSPO register's
// export and the list the console picks schools from. Each method is one
// transaction. The schools an action names are written by
// CaseCommandStore with the schedule.
//
// Thread-safety: a store may be called from any thread.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "services/advisory/domain/school_csv.h"
#include "services/advisory/store/rows/inputs.h"

namespace jstedu::advisory {

// The filters of the school list.
struct SchoolQuery {
  std::string running_teryt;  // "" = any
  std::string words;          // the user's query
  bool include_closed = false;
  PageWindow window;
};

// The filters of the schools reached.
struct SchoolsReachedQuery {
  std::string edition;
  CaseScope scope;
  std::string voivodeship;  // "" = any
  PageWindow window;
};

class SchoolStore {
 public:
  explicit SchoolStore(pg::Pool& pool) : pool_(pool) {}

  // Loads `file`'s rows (read whole and checked: domain/school_csv.h),
  // the register of `voivodeship`, recorded with the file's SHA-256, one
  // load at a time. Closes the open schools of the voivodeship it does not
  // list.
  absl::StatusOr<v1::ImportSchoolsResponse> Load(const SchoolFile& file,
                                                 const std::string& voivodeship,
                                                 const std::string& sha256,
                                                 const Actor& actor,
                                                 absl::Time now);
  // The register's schools matching `query`; `*more` tells whether another
  // page follows.
  absl::StatusOr<std::vector<v1::School>> List(const SchoolQuery& query,
                                               bool* more = nullptr);
  // The schools the approved schedules of the edition's cases in scope
  // work with (actions not dropped); `*more` as for List.
  absl::StatusOr<std::vector<v1::SchoolReached>> ListReached(
      const SchoolsReachedQuery& query, bool* more = nullptr);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::advisory
