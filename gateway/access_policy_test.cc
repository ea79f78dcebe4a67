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

// SERVICE is for calls between services on the system's own behalf: the
// gateway never issues it, so a route allowing it would be a mistake.
TEST(AccessPolicyTest, NoRouteAllowsTheInternalServiceRole) {
  auto routes = RouteTable::FromGeneratedPool(kServices);
  ASSERT_TRUE(routes.ok()) << routes.status();
  for (const Route& route : routes->routes()) {
    EXPECT_FALSE(Allowed(route.method->full_name(), auth::v1::SERVICE))
        << route.http_method << " " << route.path.text;
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

TEST(AccessPolicyTest, JstRegistryIsOpenToEveryRoleOfAPerson) {
  for (Role role : AllRoles()) {
    if (role == auth::v1::ROLE_UNSPECIFIED || role == auth::v1::SERVICE) {
      continue;
    }
    EXPECT_TRUE(
        Allowed("jstedu.recruitment.v1.RecruitmentService.GetJst", role))
        << auth::v1::Role_Name(role);
    EXPECT_TRUE(
        Allowed("jstedu.recruitment.v1.RecruitmentService.ListJsts", role))
        << auth::v1::Role_Name(role);
  }
}

// The recruitment role table as decided (README "Who may call what"): each
// method's roles exactly, every other role refused.
TEST(AccessPolicyTest, RecruitmentRolesAsDecided) {
  using auth::v1::ADMIN;
  using auth::v1::COORDINATOR;
  using auth::v1::EXPERT;
  using auth::v1::JST;
  using auth::v1::MINISTRY;
  using auth::v1::TRAINER;
  const std::set<Role> everyone = {ADMIN,   COORDINATOR, EXPERT,
                                   TRAINER, JST,         MINISTRY};
  const std::set<Role> admin = {ADMIN};
  const std::set<Role> jst_managers = {ADMIN, COORDINATOR, JST};
  const std::set<Role> application_readers = {ADMIN, COORDINATOR, JST,
                                              MINISTRY};
  const std::pair<const char*, std::set<Role>> expected[] = {
      {"ListJsts", everyone},
      {"GetJst", everyone},
      {"CreateEdition", admin},
      {"UpdateEdition", admin},
      {"ListEditions", everyone},
      {"GetEdition", everyone},
      {"SubmitApplication", jst_managers},
      {"ListApplications", application_readers},
      {"GetApplication", application_readers},
      {"ListApplicationHistory", application_readers},
      {"QualifyApplication", admin},
      {"RejectApplication", admin},
      {"WithdrawApplication", jst_managers},
      {"CreateParticipant", jst_managers},
      {"GetParticipant", jst_managers},
      {"UpdateParticipant", jst_managers},
      {"WithdrawParticipant", jst_managers},
      {"RecordDeclaration", jst_managers},
      {"ImportParticipants", jst_managers},
      {"ListIdentityConflicts", admin},
      {"ResolveIdentityConflict", admin},
      {"ListGroupParticipants", {ADMIN, TRAINER}},
      {"GetAccountContact", {ADMIN, COORDINATOR, EXPERT, TRAINER}},
      {"SetAccountContact", {ADMIN, COORDINATOR, EXPERT, TRAINER}},
  };
  for (const auto& [name, roles] : expected) {
    const std::string method =
        std::string("jstedu.recruitment.v1.RecruitmentService.") + name;
    for (Role role : AllRoles()) {
      EXPECT_EQ(Allowed(method, role), roles.count(role) > 0)
          << method << " for " << auth::v1::Role_Name(role);
    }
  }
  // Personal data never reaches these roles through the gateway.
  for (Role role : {EXPERT, TRAINER, MINISTRY}) {
    EXPECT_FALSE(Allowed(
        "jstedu.recruitment.v1.RecruitmentService.GetParticipant", role));
    EXPECT_FALSE(Allowed(
        "jstedu.recruitment.v1.RecruitmentService.ImportParticipants", role));
  }
  // Not routed, so not in the table: refused to all, ADMIN included.
  EXPECT_FALSE(Allowed(
      "jstedu.recruitment.v1.RecruitmentService.ExportParticipants", ADMIN));
}

// Every method of the five services that has an http route has a rule; the
// methods without a route (ExportParticipants) have none.
TEST(AccessPolicyTest, RulesExactlyForRoutedMethods) {
  auto routes = RouteTable::FromGeneratedPool(kServices);
  ASSERT_TRUE(routes.ok()) << routes.status();
  std::set<std::string> routed;
  for (const Route& route : routes->routes()) {
    routed.insert(route.method->full_name());
  }
  std::set<std::string> ruled;
  for (const AccessRule& rule : AccessTable()) {
    ruled.insert(std::string(rule.method));
  }
  EXPECT_EQ(ruled, routed);
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
