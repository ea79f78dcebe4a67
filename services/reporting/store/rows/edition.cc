#include "services/reporting/store/rows/edition.h"

#include <pqxx/pqxx>

#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "services/reporting/store/edition_queries.h"
#include "services/reporting/store/rows/columns.h"

namespace jstedu::reporting {
namespace {

Definition ReadDefinition(const pqxx::row& row) {
  Definition definition;
  pg::ReadColumns(row, &definition.proto);
  if (!row["target"].is_null()) {
    definition.target = row["target"].as<std::string>();
  }
  definition.edition_specific = row["edition_specific"].as<bool>();
  return definition;
}

}  // namespace

const Definition* FindDefinition(const std::vector<Definition>& definitions,
                                 const std::string& code) {
  for (const Definition& definition : definitions) {
    if (definition.proto.code() == code) return &definition;
  }
  return nullptr;
}

bool EditionSeen(pqxx::transaction_base& tx, const std::string& edition) {
  return pg::Exec1(tx, queries::kEditionSeen, edition)["seen"].as<bool>();
}

EditionFacts LoadEditionFacts(pqxx::transaction_base& tx,
                              const std::string& edition) {
  EditionFacts facts;
  facts.code = edition;
  const pqxx::result rows = pg::Exec(tx, queries::kEdition, edition);
  if (rows.empty()) return facts;
  const pqxx::row& row = rows[0];
  facts.known = true;
  facts.kind = row["kind"].as<int>();
  facts.min_representatives = row["min_representatives"].as<int>();
  facts.starts_on = Day(row["starts_on"]);
  facts.ends_on = Day(row["ends_on"]);
  return facts;
}

std::vector<Definition> LoadDefinitions(pqxx::transaction_base& tx,
                                        const EditionFacts& edition) {
  std::vector<Definition> definitions;
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kDefinitions, edition.code, edition.kind)) {
    definitions.push_back(ReadDefinition(row));
  }
  return definitions;
}

}  // namespace jstedu::reporting
