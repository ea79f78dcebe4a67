#pragma once

// Who may call what: deny by default.
//
// AccessTable() is the gateway's authorization: for each routed gRPC method
// of the five services (full name,
// "jstedu.recruitment.v1.RecruitmentService.GetJst") the roles that may call
// any of its routes, read from the method's jstedu.api.v1.access option
// (proto/jstedu/api/v1/access.proto) — the same declaration every service
// checks for direct gRPC callers (common/grpc/access.h). A route whose method
// has no rule is refused to every role, ADMIN included (403 PERMISSION_DENIED),
// and is listed at start-up (RoutesWithoutRule). The table decides by role
// only; finer scopes (a coordinator's voivodeship, a JST's own records, an
// expert's cases) are enforced by the services from the principal the gateway
// sends. One rule (without_token) opens a route to callers without a token.
//
// Adding a route: declare its RPC's roles with the access option beside its
// google.api.http option, then regenerate gateway/README.md's table
// (tests/openapi/access_table.sh --update build/bin/jstedu-openapi
// gateway/README.md; the gateway_access_table test fails until you do).
// access_policy_test checks that every route of the five services has a
// rule and that the rules are exactly the routed methods.
//
// Thread-safety: immutable; every function may be called from any thread.

#include <string_view>
#include <vector>

#include "gateway/route_table.h"
#include "jstedu/auth/v1/principal.pb.h"

namespace jstedu::gateway {

struct AccessRule {
  // Full gRPC method name: "<package>.<Service>.<Method>".
  std::string_view method;
  // The roles that may call it; never ROLE_UNSPECIFIED.
  std::vector<auth::v1::Role> roles;
  // True for the one kind of route called without a token: a calendar
  // feed's secret address (calendar apps send no Authorization header).
  // The gateway neither asks for nor reads a token there, and rate-limits
  // it per address; the service checks the secret. Such a rule lists every
  // role (anyone holding the address may call it).
  bool without_token = false;
};

// Every rule, in the services' and their methods' order; one per method.
const std::vector<AccessRule>& AccessTable();

// True when AccessTable() lets `role` call `method` (a full method name).
// False for a method without a rule, whatever the role.
bool Allowed(std::string_view method, auth::v1::Role role);

// True when `method`'s rule says its routes are called without a token.
bool WithoutToken(std::string_view method);

// The routes of `routes` whose method has no rule in AccessTable().
std::vector<const Route*> RoutesWithoutRule(const RouteTable& routes);

}  // namespace jstedu::gateway
