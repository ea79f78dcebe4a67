#pragma once

// What every reporting store reads about an edition inside its own
// transaction (SQL in store/edition_queries.h): whether any fact of it was
// projected, its projected dates and minimum, and its indicators with the
// targets in force.

#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "jstedu/reporting/v1/reporting.pb.h"
#include "services/reporting/domain/measures.h"

namespace jstedu::reporting {

// An indicator with the target in force for an edition.
struct Definition {
  v1::IndicatorDefinition proto;
  std::string target;             // "" when none for the edition
  bool edition_specific = false;  // set for the edition, not its kind
};

// The definition of indicator `code`, or nullptr.
const Definition* FindDefinition(const std::vector<Definition>& definitions,
                                 const std::string& code);

// Whether any fact of the edition was projected (or its EditionChanged).
bool EditionSeen(pqxx::transaction_base& tx, const std::string& edition);

// The projected edition (known = false when its EditionChanged has not
// arrived).
EditionFacts LoadEditionFacts(pqxx::transaction_base& tx,
                              const std::string& edition);

// Every indicator, by position, with the edition's targets (an edition
// target overrides the target of its kind).
std::vector<Definition> LoadDefinitions(pqxx::transaction_base& tx,
                                        const EditionFacts& edition);

}  // namespace jstedu::reporting
