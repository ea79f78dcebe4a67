#include "gateway/cors.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace jstedu::gateway {
namespace {

struct Scheme {
  std::string_view prefix;
  std::string_view default_port;
};
constexpr Scheme kSchemes[] = {{"https://", "443"}, {"http://", "80"}};

bool AllOf(std::string_view text, bool (*allowed)(char)) {
  return std::all_of(text.begin(), text.end(), allowed);
}

bool IsDigit(char c) {
  return absl::ascii_isdigit(static_cast<unsigned char>(c));
}

bool IsHostCharacter(char c) {
  return absl::ascii_islower(static_cast<unsigned char>(c)) || IsDigit(c) ||
         c == '.' || c == '-';
}

bool IsIpv6Character(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
}

// Why `port` (the text after "host:") is not the port of an origin of
// `scheme`, "" when it is.
std::string PortProblem(std::string_view port, const Scheme& scheme) {
  int number = 0;
  if (port.empty() || port.size() > 5 || port.front() == '0' ||
      !AllOf(port, IsDigit) ||
      !absl::SimpleAtoi(absl::string_view(port.data(), port.size()), &number) ||
      number > 65535) {
    return "the port must be a number 1..65535";
  }
  if (port == scheme.default_port) {
    return absl::StrCat("leave out the default port ",
                        absl::string_view(port.data(), port.size()),
                        " (browsers do)");
  }
  return "";
}

// The scheme `origin` starts with, nullptr for another.
const Scheme* SchemeOf(std::string_view origin) {
  for (const Scheme& scheme : kSchemes) {
    if (origin.substr(0, scheme.prefix.size()) == scheme.prefix) return &scheme;
  }
  return nullptr;
}

// Why `host` (a DNS name, an IPv4 address or a bracketed IPv6 address) is
// not the host of an origin, "" when it is.
std::string HostProblem(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    if (host.size() < 3 || host.back() != ']' ||
        !AllOf(host.substr(1, host.size() - 2), IsIpv6Character)) {
      return "an IPv6 host is written [hex digits and ':'], in lowercase";
    }
    return "";
  }
  if (host.empty() || !AllOf(host, IsHostCharacter) || host.front() == '.' ||
      host.front() == '-') {
    return "the host may hold only lowercase letters, digits, '.' and '-' "
           "(no path, not even a final '/')";
  }
  return "";
}

// Why `origin` is not an origin as cors.h describes, "" when it is.
std::string OriginProblem(std::string_view origin) {
  if (origin == "*" || origin == "null") {
    return "list each origin (no wildcard, no null)";
  }
  const Scheme* scheme = SchemeOf(origin);
  if (scheme == nullptr) {
    return "write scheme://host[:port] with the scheme http or https, in "
           "lowercase";
  }
  const std::string_view authority = origin.substr(scheme->prefix.size());
  // A port follows the last ':' that is not inside an IPv6 address.
  const size_t colon = authority.rfind(':');
  const size_t bracket = authority.rfind(']');
  if (colon == std::string_view::npos ||
      (bracket != std::string_view::npos && colon < bracket)) {
    return HostProblem(authority);
  }
  std::string problem = HostProblem(authority.substr(0, colon));
  if (problem.empty())
    problem = PortProblem(authority.substr(colon + 1), *scheme);
  return problem;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseAllowedOrigins(
    std::string_view list) {
  std::vector<std::string> origins;
  for (absl::string_view entry :
       absl::StrSplit(absl::string_view(list.data(), list.size()), ',')) {
    const absl::string_view origin = absl::StripAsciiWhitespace(entry);
    if (origin.empty()) continue;
    const std::string problem =
        OriginProblem(std::string_view(origin.data(), origin.size()));
    if (!problem.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", origin, "\" is not an origin: ", problem));
    }
    origins.emplace_back(origin);
  }
  return origins;
}

CorsPolicy::CorsPolicy(const std::vector<std::string>& origins)
    : origins_(origins.begin(), origins.end()) {}

bool CorsPolicy::Allows(std::string_view origin) const {
  return origins_.find(origin) != origins_.end();
}

void CorsPolicy::AddResponseHeaders(std::string_view origin,
                                    HeaderList& headers) const {
  if (origins_.empty()) return;
  headers.emplace_back("vary", "Origin");
  if (!Allows(origin)) return;
  headers.emplace_back("access-control-allow-origin", std::string(origin));
  headers.emplace_back("access-control-expose-headers", kExposedHeaders);
}

void CorsPolicy::AddPreflightHeaders(std::string_view method,
                                     HeaderList& headers) {
  headers.emplace_back("access-control-allow-methods", std::string(method));
  headers.emplace_back("access-control-allow-headers", kAllowedRequestHeaders);
  headers.emplace_back("access-control-max-age",
                       std::to_string(kPreflightMaxAgeSeconds));
}

}  // namespace jstedu::gateway
