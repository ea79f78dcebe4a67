// jstedu-openapi: prints what the gateway derives from its route table.
//
//   jstedu-openapi                   the OpenAPI document (what GET
//                                    /v1/openapi.json serves)
//   jstedu-openapi --access-table    the "Who may call what" table of
//                                    gateway/README.md, as Markdown
//
// Reads no settings: the gateway's configuration requires a JWT key, which
// neither output needs. Exit status: 0; 1 when the routes are invalid or
// stdout fails; 2 on a bad argument.
//
// The access table has one row per rule of AccessTable(), in its order: the
// RPC (`Service.Method`), each of its routes as `METHOD /template` (with the
// media type of a raw body, e.g. (`text/csv`)) joined by "<br>" in route
// table order, then a ✓ for each role it allows, one column per Role value
// in enum order. Routes whose RPC has no rule follow, one row per RPC, with
// no ✓ (they are refused to every role). tests/openapi/access_table.sh
// checks README.md against it and rewrites it with --update.

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_join.h"
#include "gateway/access_policy.h"
#include "gateway/config.h"
#include "gateway/openapi.h"
#include "gateway/route_table.h"
#include "jstedu/auth/v1/principal.pb.h"

namespace jstedu::gateway {
namespace {

constexpr std::string_view kUsage = "usage: jstedu-openapi [--access-table]\n";

// One Markdown table row; an empty cell is written "| |", as by hand.
std::string Row(const std::vector<std::string>& cells) {
  std::string row = "|";
  for (const std::string& cell : cells) {
    row += cell.empty() ? " |" : " " + cell + " |";
  }
  return row + "\n";
}

// "jstedu.recruitment.v1.RecruitmentService.GetJst" →
// "RecruitmentService.GetJst".
std::string_view ShortName(std::string_view method) {
  size_t dot = method.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return method;
  dot = method.rfind('.', dot - 1);
  return dot == std::string_view::npos ? method : method.substr(dot + 1);
}

std::string RouteCell(std::string_view method, const RouteTable& routes) {
  std::vector<std::string> labels;
  for (const Route& route : routes.routes()) {
    if (route.method->full_name() != method) continue;
    std::string label = "`" + route.http_method + " " + route.path.text + "`";
    if (!route.raw_body_media_type.empty()) {
      label += " (`" + route.raw_body_media_type + "`)";
    }
    labels.push_back(std::move(label));
  }
  return absl::StrJoin(labels, "<br>");
}

std::string AccessTableMarkdown(const RouteTable& routes) {
  std::vector<auth::v1::Role> roles;
  std::vector<std::string> header = {"RPC", "routes"};
  const google::protobuf::EnumDescriptor* role_enum =
      auth::v1::Role_descriptor();
  for (int i = 0; i < role_enum->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = role_enum->value(i);
    // SERVICE is never issued by the gateway: no route allows it.
    if (value->number() == auth::v1::ROLE_UNSPECIFIED ||
        value->number() == auth::v1::SERVICE) {
      continue;
    }
    roles.push_back(static_cast<auth::v1::Role>(value->number()));
    header.push_back(std::string(value->name()));
  }

  std::vector<std::string> methods;
  for (const AccessRule& rule : AccessTable()) {
    methods.push_back(std::string(rule.method));
  }
  for (const Route* route : RoutesWithoutRule(routes)) {
    std::string method(route->method->full_name());
    if (std::find(methods.begin(), methods.end(), method) == methods.end()) {
      methods.push_back(std::move(method));
    }
  }

  std::string table =
      Row(header) + Row(std::vector<std::string>(header.size(), "---"));
  for (const std::string& method : methods) {
    std::vector<std::string> cells = {
        "`" + std::string(ShortName(method)) + "`", RouteCell(method, routes)};
    for (auth::v1::Role role : roles) {
      cells.push_back(Allowed(method, role) ? "✓" : "");
    }
    table += Row(cells);
  }
  return table;
}

}  // namespace
}  // namespace jstedu::gateway

int main(int argc, char** argv) {
  const bool access_table =
      argc == 2 && std::string_view(argv[1]) == "--access-table";
  if (argc > 2 || (argc == 2 && !access_table)) {
    std::cerr << jstedu::gateway::kUsage;
    return 2;
  }
  auto routes = jstedu::gateway::RouteTable::FromGeneratedPool(
      jstedu::gateway::BackendServices());
  if (!routes.ok()) {
    std::cerr << "jstedu-openapi: " << routes.status() << "\n";
    return EXIT_FAILURE;
  }
  if (access_table) {
    std::cout << jstedu::gateway::AccessTableMarkdown(*routes);
  } else {
    std::cout << jstedu::gateway::OpenApiDocument(
        *routes, jstedu::gateway::OpenApiInfo{});
  }
  std::cout.flush();
  return std::cout ? EXIT_SUCCESS : EXIT_FAILURE;
}
