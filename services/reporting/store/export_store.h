#pragma once

// ExportStore: the ministry's export snapshots (tables export_sequence,
// export_snapshot, export_record, export_download of migrations/0001):
// numbered per edition, with their records (field → value, for diffs),
// their submission and the audit of every participant-file download.
//
// Thread-safe (each call takes its own pooled connection).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/reporting/v1/reporting.pb.h"

namespace jstedu::reporting {

struct Snapshot {
  v1::Export meta;
  // Stored bytes; nullopt for an identified participant file.
  std::optional<std::string> content;
};

// Field → value of each record (key → fields).
using SnapshotRecords =
    std::map<std::string, std::map<std::string, std::string>>;

// The two sides of a diff: the snapshot compared against (none: no earlier
// submitted one) and both snapshots' records.
struct DiffSides {
  std::optional<v1::Export> against;
  SnapshotRecords before;
  SnapshotRecords after;
};

class ExportStore {
 public:
  explicit ExportStore(pg::Pool& pool) : pool_(pool) {}

  // Gives the snapshot the next number of its edition, a new id and its
  // file name, and stores it with its records (its bytes only when
  // `snapshot.content` is set). Answers the stored metadata.
  absl::StatusOr<v1::Export> Create(const Snapshot& snapshot,
                                    const SnapshotRecords& records);

  // NotFound "no export <id>" when there is none.
  absl::StatusOr<Snapshot> Find(const std::string& id);

  // Newest first, `limit` from `offset`.
  absl::StatusOr<std::vector<v1::Export>> List(const std::string& edition,
                                               int64_t offset, int limit);

  absl::StatusOr<SnapshotRecords> Records(const std::string& id);

  // `snapshot`'s records and those of `against`, or, without it, of the
  // newest submitted snapshot of the same edition, kind and variant
  // numbered below it; in one transaction.
  absl::StatusOr<DiffSides> ReadDiffSides(
      const v1::Export& snapshot, const std::optional<v1::Export>& against);

  // Audits a download of a participant file (personal data).
  absl::Status RecordDownload(const std::string& id, const std::string& subject,
                              const std::string& role);

  // Sets the submission time once (a repeated submission changes nothing)
  // and answers the snapshot as it is now; NotFound "no export <id>".
  absl::StatusOr<v1::Export> Submit(const std::string& id);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::reporting
