#include "services/reporting/store/export_store.h"

#include <pqxx/pqxx>

#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "nlohmann/json.hpp"
#include "services/reporting/domain/exports.h"
#include "services/reporting/store/export_queries.h"

namespace jstedu::reporting {
namespace {

std::optional<Snapshot> FindIn(pqxx::transaction_base& tx,
                               const std::string& id) {
  const pqxx::result rows = pg::Exec(tx, queries::kFindSnapshot, id);
  if (rows.empty()) return std::nullopt;
  Snapshot snapshot;
  snapshot.meta = pg::ReadOne<v1::Export>(rows[0]);
  if (!rows[0]["content"].is_null()) {
    snapshot.content = pqxx::binarystring(rows[0]["content"]).str();
  }
  return snapshot;
}

SnapshotRecords RecordsIn(pqxx::transaction_base& tx, const std::string& id) {
  SnapshotRecords records;
  for (const pqxx::row& row : pg::Exec(tx, queries::kSnapshotRecords, id)) {
    auto& fields = records[row["record_key"].as<std::string>()];
    const nlohmann::json object =
        nlohmann::json::parse(row["fields"].as<std::string>());
    for (auto it = object.begin(); it != object.end(); ++it) {
      fields[it.key()] = it->get<std::string>();
    }
  }
  return records;
}

}  // namespace

absl::StatusOr<v1::Export> ExportStore::Create(const Snapshot& snapshot,
                                               const SnapshotRecords& records) {
  return pg::RunInTransactionFor<v1::Export>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Export> {
        v1::Export meta = snapshot.meta;
        const pqxx::row numbered =
            pg::Exec1(tx, queries::kNextExportNumber, meta.edition());
        meta.set_number(numbered["number"].as<int64_t>());
        meta.set_id(numbered["id"].as<std::string>());
        meta.set_filename(ExportFilename(meta));
        const pqxx::row created =
            pg::Exec1(tx, queries::kInsertSnapshot, meta.id(), meta.edition(),
                      meta.number(), v1::ExportKind_Name(meta.kind()),
                      meta.pseudonymised(), meta.purpose(), meta.created_by(),
                      meta.sha256(), meta.size_bytes(), meta.content_type(),
                      meta.filename(), meta.record_count());
        pg::ReadColumns(created, &meta);
        if (snapshot.content) {
          pg::Exec0(tx, queries::kStoreSnapshotContent, meta.id(),
                    pqxx::binarystring(*snapshot.content));
        }
        for (const auto& [key, fields] : records) {
          nlohmann::json object = nlohmann::json::object();
          for (const auto& [field, value] : fields) object[field] = value;
          pg::Exec0(tx, queries::kInsertExportRecord, meta.id(), key,
                    object.dump());
        }
        return meta;
      });
}

absl::StatusOr<Snapshot> ExportStore::Find(const std::string& id) {
  return pg::RunInTransactionFor<Snapshot>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<Snapshot> {
        std::optional<Snapshot> found = FindIn(tx, id);
        if (!found) return errors::NoSuch("export", id);
        return *std::move(found);
      });
}

absl::StatusOr<std::vector<v1::Export>> ExportStore::List(
    const std::string& edition, int64_t offset, int limit) {
  return pg::RunInTransactionFor<std::vector<v1::Export>>(
      pool_, [&](pqxx::transaction_base& tx) {
        return pg::ReadAll<v1::Export>(
            pg::Exec(tx, queries::kSnapshots, edition, offset, limit,
                     /*only_previous_submitted=*/false, "", false, 0));
      });
}

absl::StatusOr<SnapshotRecords> ExportStore::Records(const std::string& id) {
  return pg::RunInTransactionFor<SnapshotRecords>(
      pool_, [&](pqxx::transaction_base& tx) { return RecordsIn(tx, id); });
}

absl::StatusOr<DiffSides> ExportStore::ReadDiffSides(
    const v1::Export& snapshot, const std::optional<v1::Export>& against) {
  return pg::RunInTransactionFor<DiffSides>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<DiffSides> {
        DiffSides sides;
        sides.against = against;
        if (!sides.against) {
          const pqxx::result rows =
              pg::Exec(tx, queries::kSnapshots, snapshot.edition(),
                       /*offset=*/0, /*limit=*/1,
                       /*only_previous_submitted=*/true,
                       v1::ExportKind_Name(snapshot.kind()),
                       snapshot.pseudonymised(), snapshot.number());
          if (!rows.empty()) sides.against = pg::ReadOne<v1::Export>(rows[0]);
        }
        if (sides.against) sides.before = RecordsIn(tx, sides.against->id());
        sides.after = RecordsIn(tx, snapshot.id());
        return sides;
      });
}

absl::Status ExportStore::RecordDownload(const std::string& id,
                                         const std::string& subject,
                                         const std::string& role) {
  return pg::RunInTransaction(pool_, [&](pqxx::transaction_base& tx) {
    pg::Exec0(tx, queries::kRecordDownload, id, subject, role);
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Export> ExportStore::Submit(const std::string& id) {
  return pg::RunInTransactionFor<v1::Export>(
      pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Export> {
        pg::Exec0(tx, queries::kMarkSubmitted, id);
        std::optional<Snapshot> found = FindIn(tx, id);
        if (!found) return errors::NoSuch("export", id);
        return found->meta;
      });
}

}  // namespace jstedu::reporting
