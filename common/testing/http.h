#pragma once

// A minimal HTTP/1.1 client for end-to-end tests: one request per
// connection (Connection: close), whole response read into memory.

#include <map>
#include <string>

namespace jstedu::testing {

struct HttpResponse {
  int status = 0;  // 0 when the request could not be made
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

HttpResponse HttpRequest(int port, const std::string& method,
                         const std::string& target, const std::string& body = "",
                         const std::map<std::string, std::string>& headers = {});

inline HttpResponse HttpGet(int port, const std::string& target) {
  return HttpRequest(port, "GET", target);
}

}  // namespace jstedu::testing
