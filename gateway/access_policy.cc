#include "gateway/access_policy.h"

#include <string>
#include <unordered_map>
#include <utility>

#include "common/grpc/access.h"
#include "gateway/config.h"
#include "google/api/annotations.pb.h"
#include "google/protobuf/descriptor.h"

namespace jstedu::gateway {
namespace {

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
  static const auto* rules = [] {
    auto* table = new std::vector<AccessRule>();
    const auto* pool = google::protobuf::DescriptorPool::generated_pool();
    for (const std::string& name : BackendServices()) {
      const google::protobuf::ServiceDescriptor* service =
          pool->FindServiceByName(name);
      if (service == nullptr) continue;
      for (int i = 0; i < service->method_count(); ++i) {
        const google::protobuf::MethodDescriptor& method = *service->method(i);
        // Only routed methods are the gateway's; the others (e.g.
        // ExportParticipants, called by reporting) are refused here to all.
        if (!method.options().HasExtension(google::api::http)) continue;
        const api::v1::Access* access = grpcutil::DeclaredAccess(method);
        if (access == nullptr) continue;
        AccessRule rule{method.full_name(), {}, access->without_token()};
        for (int role : access->roles()) {
          rule.roles.push_back(static_cast<auth::v1::Role>(role));
        }
        table->push_back(std::move(rule));
      }
    }
    return table;
  }();
  return *rules;
}

bool Allowed(std::string_view method, auth::v1::Role role) {
  if (role <= auth::v1::ROLE_UNSPECIFIED || role >= 32) return false;
  const auto& index = Index();
  auto it = index.find(method);
  return it != index.end() && (it->second & (1u << role)) != 0;
}

bool WithoutToken(std::string_view method) {
  for (const AccessRule& rule : AccessTable()) {
    if (rule.method == method) return rule.without_token;
  }
  return false;
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
