#include "gateway/access_policy.h"

#include <string>
#include <unordered_map>

namespace jstedu::gateway {
namespace {

using auth::v1::ADMIN;
using auth::v1::COORDINATOR;
using auth::v1::EXPERT;
using auth::v1::JST;
using auth::v1::MINISTRY;
using auth::v1::TRAINER;

// Method → bit mask of allowed roles (bit = Role value).
const std::unordered_map<std::string_view, uint32_t>& Index() {
  static const auto* index = [] {
    auto* masks = new std::unordered_map<std::string_view, uint32_t>();
    for (const AccessRule& rule : AccessTable()) {
      uint32_t& mask = (*masks)[rule.method];
      for (auth::v1::Role role : rule.roles) {
        if (role != auth::v1::ROLE_UNSPECIFIED) mask |= 1u << role;
      }
    }
    return masks;
  }();
  return *index;
}

}  // namespace

const std::vector<AccessRule>& AccessTable() {
  static const auto* rules = new std::vector<AccessRule>{
      // The JST registry is reference data every role needs. The recruitment
      // service scopes it for COORDINATOR (its voivodeship) and JST (its own
      // record) from the principal.
      {"jstedu.recruitment.v1.RecruitmentService.ListJsts",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.recruitment.v1.RecruitmentService.GetJst",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
  };
  return *rules;
}

bool Allowed(std::string_view method, auth::v1::Role role) {
  if (role <= auth::v1::ROLE_UNSPECIFIED || role >= 32) return false;
  const auto& index = Index();
  auto it = index.find(method);
  return it != index.end() && (it->second & (1u << role)) != 0;
}

std::vector<const Route*> RoutesWithoutRule(const RouteTable& routes) {
  std::vector<const Route*> missing;
  const auto& index = Index();
  for (const Route& route : routes.routes()) {
    if (index.count(route.method->full_name()) == 0) missing.push_back(&route);
  }
  return missing;
}

}  // namespace jstedu::gateway
