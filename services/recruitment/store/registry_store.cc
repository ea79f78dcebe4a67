#include "services/recruitment/store/registry_store.h"

#include <pqxx/pqxx>

#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/recruitment/store/registry_queries.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {
namespace {

Jst JstFromRow(const pqxx::row& row) {
  Jst jst;
  jst.teryt = row["teryt"].as<std::string>();
  jst.name = row["name"].as<std::string>();
  ParseJstKind(row["kind"].as<std::string>(), &jst.kind);
  jst.city_with_county_rights = row["city_with_county_rights"].as<bool>();
  jst.voivodeship = row["voivodeship"].as<std::string>();
  jst.county = row["county"].as<std::string>();
  jst.workshop_group = row["workshop_group"].as<int>();
  jst.register_date = row["register_date"].as<std::string>();
  jst.degurba = row["degurba"].as<int>();
  return jst;
}

void CopyIntoLoadTable(pqxx::transaction_base& tx, const TercRegister& terc) {
  tx.exec0(queries::kCreateLoadTable);
  pqxx::stream_to stream(tx, "jst_load");
  for (const Jst& jst : terc.jsts) {
    stream << std::make_tuple(
        jst.teryt, jst.name, std::string(JstKindName(jst.kind)),
        jst.city_with_county_rights, jst.voivodeship, jst.county,
        jst.workshop_group, jst.register_date);
  }
  stream.complete();
}

}  // namespace

absl::StatusOr<LoadSummary> RegistryStore::Load(
    const TercRegister& terc, const std::string& source_sha256) {
  if (terc.jsts.empty()) {
    return absl::InvalidArgumentError("the register holds no JST");
  }
  LoadSummary summary;
  absl::Status status =
      pg::RunInTransaction(pool_, [&](pqxx::transaction_base& tx) {
        summary = LoadSummary{};
        summary.rows_in_file = static_cast<int>(terc.jsts.size());
        CopyIntoLoadTable(tx, terc);
        for (const pqxx::row& row : tx.exec(queries::kMergeLoad)) {
          ++(row["inserted"].as<bool>() ? summary.inserted : summary.updated);
        }
        summary.unchanged =
            summary.rows_in_file - summary.inserted - summary.updated;
        summary.missing_from_file =
            tx.exec1(queries::kCountMissing)["missing"].as<int>();
        pg::Exec(tx, queries::kRecordLoad, terc.jsts.front().register_date,
                 source_sha256, summary.rows_in_file, summary.inserted,
                 summary.updated, summary.unchanged, summary.missing_from_file);
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return summary;
}

absl::StatusOr<JstPage> RegistryStore::List(const JstQuery& query) {
  JstPage page;
  absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::transaction_base& tx) {
        page = JstPage{};
        pqxx::result rows =
            pg::Exec(tx, queries::kListJsts, query.voivodeship,
                     std::string(query.kind ? JstKindName(*query.kind) : ""),
                     query.name_prefix, query.after_teryt, query.page_size + 1,
                     query.teryt);
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(page.jsts.size()) == query.page_size) {
            page.more = true;
            break;
          }
          page.jsts.push_back(JstFromRow(row));
        }
        return absl::OkStatus();
      },
      kOneRead);
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<Jst> RegistryStore::Get(const std::string& teryt) {
  std::optional<Jst> jst;
  absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::transaction_base& tx) {
        pqxx::result rows = pg::Exec(tx, queries::kGetJst, teryt);
        if (!rows.empty()) jst = JstFromRow(rows[0]);
        return absl::OkStatus();
      },
      kOneRead);
  if (!status.ok()) return status;
  if (!jst) {
    return JstNotFound(teryt);
  }
  return *jst;
}

absl::StatusOr<std::set<std::string>> RegistryStore::Known(
    const std::vector<std::string>& codes) {
  std::set<std::string> known;
  absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::transaction_base& tx) {
        // Codes are digits only (checked by the callers' parsers).
        for (const pqxx::row& row :
             pg::Exec(tx, queries::kKnownJsts, pg::TextArrayLiteral(codes))) {
          known.insert(row["teryt"].as<std::string>());
        }
        return absl::OkStatus();
      },
      kOneRead);
  if (!status.ok()) return status;
  return known;
}

}  // namespace jstedu::recruitment
