#include "services/advisory/callers.h"

#include "absl/strings/str_cat.h"
#include "services/advisory/api_input.h"

namespace jstedu::advisory {
namespace {

using auth::v1::ADMIN;
using auth::v1::COORDINATOR;
using auth::v1::EXPERT;
using auth::v1::JST;
using grpcutil::Caller;
using grpcutil::CallerOf;

absl::Status CheckCaseId(const std::string& id) {
  Problems problems;
  CheckUuid(problems, "case", id);
  return Invalid(problems);
}

}  // namespace

Actor ActorOf(const Caller& caller) {
  return {caller.subject, caller.role_name, caller.traceparent};
}

absl::StatusOr<CaseScope> ScopeOf(const Caller& caller) {
  CaseScope scope;
  switch (caller.role) {
    case ADMIN:
      return scope;
    case COORDINATOR:
      if (caller.voivodeship.empty()) break;
      scope.voivodeship = caller.voivodeship;
      return scope;
    case JST:
      if (caller.jst.empty()) break;
      scope.teryt = caller.jst;
      return scope;
    case EXPERT:
      if (caller.subject.empty()) break;
      scope.expert_subject = caller.subject;
      return scope;
    default:
      break;
  }
  return absl::PermissionDeniedError(
      absl::StrCat(caller.role_name, " without a scope may not read cases"));
}

absl::Status Invalid(const std::vector<errors::FieldProblem>& problems) {
  return problems.empty() ? absl::OkStatus() : errors::InvalidFields(problems);
}

absl::StatusOr<ScopedCaller> ScopedCallerOf(
    const grpc::ServerContextBase& context) {
  auto caller = CallerOf(context);
  if (!caller.ok()) return caller.status();
  auto scope = ScopeOf(*caller);
  if (!scope.ok()) return scope.status();
  return ScopedCaller{*std::move(caller), *std::move(scope)};
}

absl::StatusOr<ScopedCaller> CaseCaller(const grpc::ServerContextBase& context,
                                        const std::string& case_id) {
  auto who = ScopedCallerOf(context);
  if (!who.ok()) return who.status();
  absl::Status id = CheckCaseId(case_id);
  if (!id.ok()) return id;
  return who;
}

PracticeReader PracticeReaderOf(const Caller& caller) {
  PracticeReader reader;
  switch (caller.role) {
    case ADMIN:
      reader.drafts = true;
      break;
    case COORDINATOR:
      reader.drafts = !caller.voivodeship.empty();
      reader.scope.voivodeship = caller.voivodeship;
      break;
    case EXPERT:
      reader.drafts = !caller.subject.empty();
      reader.scope.expert_subject = caller.subject;
      break;
    default:
      break;
  }
  return reader;
}

}  // namespace jstedu::advisory
