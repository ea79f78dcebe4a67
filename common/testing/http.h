#pragma once

// A minimal HTTP/1.1 client for end-to-end tests: one request per
// connection (Connection: close), whole response read into memory.
//
// When JSTEDU_CONTRACT_CAPTURE_DIR is set, every exchange with the port
// named by CaptureExchangesWith (the gateway's) is also appended, as one
// JSON line (method, target, request body, status, content type, response
// body), to <dir>/<program name>.jsonl, which the process empties at its
// first exchange; tests/openapi/contract.mjs checks them against the
// OpenAPI document (CTest openapi_contract).

#include <map>
#include <string>

namespace jstedu::testing {

struct HttpResponse {
  int status = 0;  // 0 when the request could not be made
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

HttpResponse HttpRequest(
    int port, const std::string& method, const std::string& target,
    const std::string& body = "",
    const std::map<std::string, std::string>& headers = {});

// The port whose exchanges are captured (the last one named; 0: none).
void CaptureExchangesWith(int port);

inline HttpResponse HttpGet(int port, const std::string& target) {
  return HttpRequest(port, "GET", target);
}

}  // namespace jstedu::testing
