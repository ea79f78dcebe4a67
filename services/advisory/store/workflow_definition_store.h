#pragma once

// The workflow definitions (migrations/0001 workflow_definition): each
// version's business days per stage. A case follows the version newest
// when it opened. Each method is one transaction.
//
// Thread-safety: a store may be called from any thread (each call takes
// its own connection from the pool).

#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "services/advisory/store/rows/inputs.h"

namespace jstedu::advisory {

class WorkflowDefinitionStore {
 public:
  explicit WorkflowDefinitionStore(pg::Pool& pool) : pool_(pool) {}

  // Every version, newest first.
  absl::StatusOr<std::vector<v1::WorkflowDefinition>> List();
  // Publishes the next version (versions are consecutive).
  absl::StatusOr<v1::WorkflowDefinition> Publish(
      const v1::WorkflowDefinition& definition, const Actor& actor);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::advisory
