#pragma once

// The files loaded into recruitment (PostgreSQL, the recruitment schema;
// SQL in import_queries.h and rows/): a JST's participant CSV and the
// statistics office's DEGURBA classes of the communes. Each load is one
// transaction: the records, their events and the load's own row commit
// together or not at all.
//
// Errors: NotFound for an unknown application; FailedPrecondition
// APPLICATION_OPEN; InvalidArgument naming each bad line and column;
// otherwise as common/pg/status.h. No message contains personal data.
//
// Thread-safe (each call takes its own pooled connection).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/domain/degurba_csv.h"
#include "services/recruitment/domain/participant_csv.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {

class ImportStore {
 public:
  explicit ImportStore(pg::Pool& pool) : pool_(pool) {}

  // Matches each row with the application's record of its PESEL (other
  // identifier): inserts the new, updates the changed (a recorded
  // declaration, the situation answers and the start the file does not
  // give are kept), checks every row before writing any.
  absl::StatusOr<v1::ImportParticipantsResponse> ImportParticipants(
      const std::string& application_id, const std::vector<ImportRow>& rows,
      const std::string& sha256, const Actor& actor);
  // Sets the registry's DEGURBA class of each row's commune (registry
  // communes: the caller checks), records the load, and publishes
  // ParticipantUpdated for the participants whose facts change
  // (applications without a class of their own), in one transaction.
  absl::StatusOr<v1::LoadDegurbaResponse> LoadDegurba(
      const std::vector<DegurbaRow>& rows, const std::string& sha256,
      const Actor& actor);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::recruitment
