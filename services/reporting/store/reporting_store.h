#pragma once

// Reporting's tables (migrations/0001): reading the projected facts of an
// edition, indicator definitions and targets, and export snapshots.

#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jstedu/reporting/v1/reporting.pb.h"
#include "services/reporting/domain/measures.h"

namespace jstedu::reporting {

// The projected facts of `edition` (of one voivodeship when `voivodeship`
// is set: every measure's records of a JST stay within its voivodeship).
// NotFound when no event of the edition was ever seen.
Facts LoadFacts(pqxx::transaction_base& tx, const std::string& edition,
                const std::string& voivodeship);

// Whether any fact of the edition was projected (or its EditionChanged).
bool EditionSeen(pqxx::transaction_base& tx, const std::string& edition);

// Attended minutes per participant: the sum of their newest marks.
std::map<std::string, int64_t> LoadAttendedMinutes(pqxx::transaction_base& tx,
                                                   const std::string& edition);

// The projected edition (known = false when its EditionChanged has not
// arrived).
EditionFacts LoadEditionFacts(pqxx::transaction_base& tx,
                              const std::string& edition);

// Sets the edition's own target of `code` ("" removes it).
void SetEditionTarget(pqxx::transaction_base& tx, const std::string& edition,
                      const std::string& code, const std::string& target);

struct Definition {
  v1::IndicatorDefinition proto;
  std::string target;  // "" when none for the edition
  bool edition_specific = false;  // set for the edition, not its kind
};

// Every indicator, by position, with the edition's targets (an edition
// target overrides the target of its kind).
std::vector<Definition> LoadDefinitions(pqxx::transaction_base& tx,
                                        const EditionFacts& edition);

// ------------------------------------------------------------ snapshots

struct Snapshot {
  v1::Export meta;
  // Stored bytes; nullopt for an identified participant file.
  std::optional<std::string> content;
};

// Field → value of each record (key → fields).
using SnapshotRecords =
    std::map<std::string, std::map<std::string, std::string>>;

// Assigns the next number of the edition and stores the snapshot and its
// records; fills meta.id, number and create_time.
void InsertSnapshot(pqxx::transaction_base& tx, Snapshot& snapshot,
                    const SnapshotRecords& records);
std::optional<Snapshot> FindSnapshot(pqxx::transaction_base& tx,
                                     const std::string& id);
SnapshotRecords LoadSnapshotRecords(pqxx::transaction_base& tx,
                                    const std::string& id);
// Newest first, `limit` from `offset`.
std::vector<v1::Export> ListSnapshots(pqxx::transaction_base& tx,
                                      const std::string& edition, int offset,
                                      int limit);
// The newest submitted snapshot of the same edition, kind and variant
// numbered below `snapshot`'s.
std::optional<v1::Export> PreviousSubmitted(pqxx::transaction_base& tx,
                                            const v1::Export& snapshot);
// Audits a download of a participant file (personal data).
void RecordDownload(pqxx::transaction_base& tx, const std::string& id,
                    const std::string& subject, const std::string& role);
// Sets submit_time once; returns the snapshot as it is now.
void MarkSubmitted(pqxx::transaction_base& tx, const std::string& id);

}  // namespace jstedu::reporting
