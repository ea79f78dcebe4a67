#pragma once

// Who calls an advisory RPC, as the handlers need it: the actor that
// history and audit rows record, the cases the caller may see
// (common/grpc/caller.h reads the principal; the RPC's roles were checked
// by CallerOf), and the readers of good practices.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/grpc/caller.h"
#include "common/status/errors.h"
#include "services/advisory/store/practice_store.h"
#include "services/advisory/store/rows/inputs.h"

namespace jstedu::advisory {

Actor ActorOf(const grpcutil::Caller& caller);

// The cases the caller may see. A principal without its scope claim sees
// nothing rather than everything (PERMISSION_DENIED).
absl::StatusOr<CaseScope> ScopeOf(const grpcutil::Caller& caller);

// INVALID_ARGUMENT listing every problem, or OK when there is none.
absl::Status Invalid(const std::vector<errors::FieldProblem>& problems);

// The caller and the cases it may see.
struct ScopedCaller {
  grpcutil::Caller caller;
  CaseScope scope;
};

absl::StatusOr<ScopedCaller> ScopedCallerOf(
    const grpc::ServerContextBase& context);

// The same, for a request naming one case (its id must be a UUID).
absl::StatusOr<ScopedCaller> CaseCaller(const grpc::ServerContextBase& context,
                                        const std::string& case_id);

// Who reads good practices: everyone the published ones; the office, a
// coordinator (its voivodeship's) and an expert (its cases') also the
// practices in any status. A coordinator or expert without its scope claim
// reads the published ones only.
PracticeReader PracticeReaderOf(const grpcutil::Caller& caller);

}  // namespace jstedu::advisory
