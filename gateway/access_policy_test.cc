#include "gateway/access_policy.h"

#include <set>
#include <string>

#include "gateway/config.h"
#include "gateway/route_table.h"
#include "gateway/test_protos.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

using auth::v1::Role;

const std::vector<std::string>& kServices = BackendServices();

std::vector<Role> AllRoles() {
  std::vector<Role> roles;
  for (int value = auth::v1::Role_MIN; value <= auth::v1::Role_MAX; ++value) {
    if (auth::v1::Role_IsValid(value))
      roles.push_back(static_cast<Role>(value));
  }
  return roles;
}

// The test later issues extend: a new annotated RPC fails here until its
// roles are written down.
TEST(AccessPolicyTest, EveryRouteOfTheFourServicesHasARule) {
  auto routes = RouteTable::FromGeneratedPool(kServices);
  ASSERT_TRUE(routes.ok()) << routes.status();
  ASSERT_FALSE(routes->routes().empty());
  for (const Route* route : RoutesWithoutRule(*routes)) {
    ADD_FAILURE() << route->http_method << " " << route->path.text << " ("
                  << route->method->full_name()
                  << ") has no rule in AccessTable()";
  }
}

TEST(AccessPolicyTest, EveryRuleNamesAMethodOnceWithRealRoles) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  std::set<std::string> seen;
  for (const AccessRule& rule : AccessTable()) {
    const std::string method(rule.method);
    EXPECT_NE(pool->FindMethodByName(method), nullptr)
        << method << " is not a linked gRPC method";
    EXPECT_TRUE(seen.insert(method).second) << method << " has two rules";
    EXPECT_FALSE(rule.roles.empty()) << method;
    for (Role role : rule.roles) {
      EXPECT_NE(role, auth::v1::ROLE_UNSPECIFIED) << method;
      EXPECT_TRUE(Allowed(rule.method, role)) << method;
    }
  }
}

TEST(AccessPolicyTest, JstRegistryIsOpenToEveryRole) {
  for (Role role : AllRoles()) {
    if (role == auth::v1::ROLE_UNSPECIFIED) continue;
    EXPECT_TRUE(
        Allowed("jstedu.recruitment.v1.RecruitmentService.GetJst", role))
        << auth::v1::Role_Name(role);
    EXPECT_TRUE(
        Allowed("jstedu.recruitment.v1.RecruitmentService.ListJsts", role))
        << auth::v1::Role_Name(role);
  }
}

TEST(AccessPolicyTest, UnknownMethodIsDeniedToEveryRoleEvenAdmin) {
  for (Role role : AllRoles()) {
    EXPECT_FALSE(
        Allowed("jstedu.recruitment.v1.RecruitmentService.DropAll", role));
    EXPECT_FALSE(Allowed("", role));
  }
  EXPECT_FALSE(Allowed("jstedu.recruitment.v1.RecruitmentService.GetJst",
                       auth::v1::ROLE_UNSPECIFIED));
  EXPECT_FALSE(Allowed("jstedu.recruitment.v1.RecruitmentService.GetJst",
                       static_cast<Role>(99)));
}

TEST(AccessPolicyTest, RoutesWithoutRuleListsUnknownMethods) {
  testing::ItemRoutes items;
  testing::BuildItemRoutes(&items);
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_EQ(RoutesWithoutRule(*items.table).size(),
            items.table->routes().size());
}

}  // namespace
}  // namespace jstedu::gateway
