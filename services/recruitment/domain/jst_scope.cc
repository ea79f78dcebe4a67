#include "services/recruitment/domain/jst_scope.h"

#include "services/recruitment/domain/jst.h"

namespace jstedu::recruitment {

absl::StatusOr<JstScope> ScopeFor(const std::string& role,
                                  const std::string& voivodeship,
                                  const std::string& jst) {
  if (role == "ADMIN" || role == "EXPERT" || role == "TRAINER" ||
      role == "MINISTRY") {
    return JstScope{};
  }
  if (role == "COORDINATOR") {
    if (!IsVoivodeshipCode(voivodeship)) {
      return absl::PermissionDeniedError(
          "a coordinator must have a voivodeship");
    }
    return JstScope{voivodeship, ""};
  }
  if (role == "JST") {
    TerytShape shape = ShapeOfTeryt(jst);
    if (shape != TerytShape::kCounty && shape != TerytShape::kCommune) {
      return absl::PermissionDeniedError(
          "a JST caller must have its TERYT code");
    }
    return JstScope{jst.substr(0, 2), jst};
  }
  return absl::PermissionDeniedError("unknown role");
}

bool RestrictToScope(const JstScope& scope, JstQueryInput* input) {
  if (!scope.voivodeship.empty()) {
    if (!input->voivodeship.empty() &&
        input->voivodeship != scope.voivodeship) {
      return false;
    }
    input->voivodeship = scope.voivodeship;
  }
  if (!scope.teryt.empty()) input->teryt = scope.teryt;
  return true;
}

bool InScope(const JstScope& scope, const std::string& teryt) {
  if (!scope.teryt.empty()) return teryt == scope.teryt;
  return scope.voivodeship.empty() || teryt.rfind(scope.voivodeship, 0) == 0;
}

}  // namespace jstedu::recruitment
