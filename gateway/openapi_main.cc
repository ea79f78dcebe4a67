// jstedu-openapi: prints the gateway's OpenAPI document (what GET
// /v1/openapi.json serves) to stdout. Takes no arguments and reads no
// settings: the gateway's configuration requires a JWT key, which the
// document does not need. Exit status: 0, or 1 when the routes are invalid.

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "gateway/openapi.h"
#include "gateway/config.h"
#include "gateway/route_table.h"

int main() {
  auto routes =
      jstedu::gateway::RouteTable::FromGeneratedPool(jstedu::gateway::BackendServices());
  if (!routes.ok()) {
    std::cerr << "jstedu-openapi: " << routes.status() << "\n";
    return EXIT_FAILURE;
  }
  std::cout << jstedu::gateway::OpenApiDocument(*routes,
                                                jstedu::gateway::OpenApiInfo{});
  std::cout.flush();
  return std::cout ? EXIT_SUCCESS : EXIT_FAILURE;
}
