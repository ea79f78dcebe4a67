#pragma once

// Which registry JSTs a caller may see, from the verified principal.
//
//   ADMIN, EXPERT, TRAINER, MINISTRY  every JST (the registry is reference
//                                     data all of them work with)
//   COORDINATOR                       the JSTs of their voivodeship
//   JST                               their own JST only
// A JST outside the scope is answered exactly as a non-existent one
// (NOT_FOUND), and a list never contains one.

#include <string>

#include "absl/status/statusor.h"
#include "services/recruitment/domain/jst_query.h"

namespace jstedu::recruitment {

struct JstScope {
  std::string voivodeship;  // "" = any
  std::string teryt;        // "" = any
};

// From the principal's role name ("ADMIN", …) and its voivodeship / JST
// claims. PermissionDenied for an unknown role or a COORDINATOR or JST
// principal without its scope claim.
absl::StatusOr<JstScope> ScopeFor(const std::string& role,
                                  const std::string& voivodeship,
                                  const std::string& jst);

// Narrows a list request to the scope. False when the request asks for
// something outside it (a JST's: the answer is then an empty list; a
// coordinator's foreign voivodeship is refused before this, by
// grpcutil::VoivodeshipFilter).
bool RestrictToScope(const JstScope& scope, JstQueryInput* input);

// True when `teryt` is inside the scope.
bool InScope(const JstScope& scope, const std::string& teryt);

}  // namespace jstedu::recruitment
