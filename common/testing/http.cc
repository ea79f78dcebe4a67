#include "common/testing/http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>  // program_invocation_short_name
#include <cstdlib>
#include <fstream>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"

namespace jstedu::testing {
namespace {

std::atomic<int> captured_port{0};

// Appends one exchange to this process's capture file (see http.h).
void CaptureForContractCheck(int port, const std::string& method,
                             const std::string& target,
                             const std::string& request_body,
                             const HttpResponse& response) {
  static const char* const dir = std::getenv("JSTEDU_CONTRACT_CAPTURE_DIR");
  if (dir == nullptr || *dir == '\0' || port != captured_port.load() ||
      response.status == 0) {
    return;
  }
  static std::mutex mutex;
  static std::ofstream* file = nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  if (file == nullptr) {
    file = new std::ofstream(
        absl::StrCat(dir, "/", program_invocation_short_name, ".jsonl"),
        std::ios::trunc);
  }
  auto content_type = response.headers.find("content-type");
  nlohmann::json line = {
      {"method", method},
      {"target", target},
      {"requestBody", request_body},
      {"status", response.status},
      {"contentType",
       content_type == response.headers.end() ? "" : content_type->second},
      {"body", response.body}};
  *file << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
        << '\n'
        << std::flush;
}

}  // namespace

void CaptureExchangesWith(int port) { captured_port.store(port); }

HttpResponse HttpRequest(int port, const std::string& method,
                         const std::string& target, const std::string& body,
                         const std::map<std::string, std::string>& headers) {
  HttpResponse response;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return response;
  }
  std::string request =
      absl::StrCat(method, " ", target,
                   " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
  for (const auto& [name, value] : headers)
    absl::StrAppend(&request, name, ": ", value, "\r\n");
  if (!body.empty() || method == "POST") {
    absl::StrAppend(&request, "Content-Length: ", body.size(), "\r\n");
  }
  absl::StrAppend(&request, "\r\n", body);
  send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string raw;
  char buffer[8192];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof(buffer), 0)) > 0)
    raw.append(buffer, static_cast<size_t>(n));
  close(fd);
  size_t header_end = raw.find("\r\n\r\n");
  if (header_end == std::string::npos) return response;
  std::vector<std::string> lines =
      absl::StrSplit(raw.substr(0, header_end), "\r\n");
  std::vector<std::string> status_line = absl::StrSplit(lines[0], ' ');
  if (status_line.size() < 2 ||
      !absl::SimpleAtoi(status_line[1], &response.status)) {
    return response;
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    size_t colon = lines[i].find(':');
    if (colon == std::string::npos) continue;
    response.headers[absl::AsciiStrToLower(lines[i].substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
  }
  response.body = raw.substr(header_end + 4);
  CaptureForContractCheck(port, method, target, body, response);
  return response;
}

}  // namespace jstedu::testing
