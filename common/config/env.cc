#include "common/config/env.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/log/log.h"

namespace jstedu::config {

namespace {

// "host:port" with a non-empty host and a port in 0..65535.
bool IsHostPort(absl::string_view text) {
  const size_t colon = text.rfind(':');
  int port = -1;
  return colon != absl::string_view::npos && colon != 0 &&
         absl::SimpleAtoi(text.substr(colon + 1), &port) && port >= 0 &&
         port <= 65535;
}

// One address of a gRPC `ipv4:` or `ipv6:` list: numeric, "a.b.c.d:port" or
// "[v6]:port", as gRPC reads them (no name, no space).
bool IsNumericHostPort(absl::string_view text, bool ipv4) {
  if (!IsHostPort(text)) return false;
  std::string host(text.substr(0, text.rfind(':')));
  if (!ipv4) {
    if (host.size() < 2 || host.front() != '[' || host.back() != ']')
      return false;
    host = host.substr(1, host.size() - 2);
  }
  unsigned char address[sizeof(in6_addr)];
  return inet_pton(ipv4 ? AF_INET : AF_INET6, host.c_str(), address) == 1;
}

}  // namespace

Env::Env()
    : Env([](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
      }) {}

Env::Env(Lookup lookup) : lookup_(std::move(lookup)) {}

Env Env::FromMap(std::map<std::string, std::string> values) {
  return Env([values = std::move(values)](
                 const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  });
}

std::optional<std::string> Env::Get(const std::string& name) {
  names_.insert(name);
  auto value = lookup_(name);
  if (value.has_value() && value->empty()) return std::nullopt;
  return value;
}

void Env::Fail(const std::string& name, const std::string& problem) {
  errors_.push_back(absl::StrCat(name, ": ", problem));
}

bool Env::Required(const std::string& name) {
  if (Get(name)) return true;
  Fail(name, "is required but not set");
  return false;
}

std::string Env::String(const std::string& name) {
  return Required(name) ? *Get(name) : "";
}

std::string Env::String(const std::string& name, const std::string& fallback) {
  return Get(name).value_or(fallback);
}

int64_t Env::Int(const std::string& name, int64_t fallback, int64_t min,
                 int64_t max) {
  auto value = Get(name);
  if (!value) return fallback;
  int64_t parsed = 0;
  if (!absl::SimpleAtoi(*value, &parsed)) {
    Fail(name, absl::StrCat("\"", *value, "\" is not an integer"));
    return fallback;
  }
  if (parsed < min || parsed > max) {
    Fail(name, absl::StrCat(parsed, " is outside ", min, "..", max));
    return fallback;
  }
  return parsed;
}

std::chrono::milliseconds Env::Duration(const std::string& name,
                                        std::chrono::milliseconds fallback) {
  auto value = Get(name);
  if (!value) return fallback;
  struct Unit {
    const char* suffix;
    int64_t ms;
  };
  // "ms" must be tried before "s" and "m".
  for (const Unit& unit : {Unit{"ms", 1}, Unit{"s", 1000}, Unit{"m", 60000}}) {
    if (!absl::EndsWith(*value, unit.suffix)) continue;
    int64_t amount = 0;
    std::string number = value->substr(
        0, value->size() - std::char_traits<char>::length(unit.suffix));
    // The product must fit in milliseconds' int64 (no overflow).
    if (absl::SimpleAtoi(number, &amount) && amount >= 0 &&
        amount <= std::numeric_limits<int64_t>::max() / unit.ms) {
      return std::chrono::milliseconds(amount * unit.ms);
    }
    break;
  }
  Fail(name, absl::StrCat("\"", *value,
                          "\" is not a duration such as 250ms, 5s or 2m"));
  return fallback;
}

std::string Env::HostPort(const std::string& name,
                          const std::string& fallback) {
  auto value = Get(name);
  if (!value) return fallback;
  if (!IsHostPort(*value)) {
    Fail(name, absl::StrCat("\"", *value, "\" is not host:port"));
    return fallback;
  }
  return *value;
}

std::string Env::HostPort(const std::string& name) {
  return Required(name) ? HostPort(name, "") : "";
}

std::string Env::GrpcTarget(const std::string& name,
                            const std::string& fallback) {
  auto value = Get(name);
  if (!value) return fallback;
  absl::string_view addresses = *value;
  const bool ipv4 = absl::ConsumePrefix(&addresses, "ipv4:");
  const bool list = ipv4 || absl::ConsumePrefix(&addresses, "ipv6:");
  bool valid = !addresses.empty();
  if (list) {
    for (absl::string_view address : absl::StrSplit(addresses, ',')) {
      valid = valid && IsNumericHostPort(address, ipv4);
    }
  } else {
    valid = valid && addresses.find(',') == absl::string_view::npos &&
            IsHostPort(addresses);
  }
  if (!valid) {
    Fail(name, absl::StrCat("\"", *value,
                            "\" is neither host:port nor a list of replicas "
                            "ipv4:a.b.c.d:port,a.b.c.d:port (or "
                            "ipv6:[v6]:port,...)"));
    return fallback;
  }
  return *value;
}

std::string Env::GrpcTarget(const std::string& name) {
  return Required(name) ? GrpcTarget(name, "") : "";
}

std::string Env::OneOf(const std::string& name, const std::string& fallback,
                       const std::set<std::string>& allowed) {
  auto value = Get(name);
  if (!value) return fallback;
  if (allowed.count(*value) == 0) {
    Fail(name, absl::StrCat("\"", *value, "\" is not one of ",
                            absl::StrJoin(allowed, ", ")));
    return fallback;
  }
  return *value;
}

absl::Status Env::Check() const {
  if (errors_.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("bad configuration: ", absl::StrJoin(errors_, "; ")));
}

void ExitIfInvalid(const absl::Status& status) {
  if (status.ok()) return;
  log::Error("config_invalid", {{"error", std::string(status.message())}});
  std::exit(2);
}

bool AskedForEnvNames(int argc, char** argv) {
  return argc == 2 && std::string(argv[1]) == "--env-vars";
}

int PrintEnvNames(const std::function<void(Env&)>& read, std::ostream& out) {
  Env env = Env::FromMap({});
  read(env);
  for (const std::string& name : env.Names()) out << name << "\n";
  return 0;
}

std::optional<std::string> ReadFileText(const std::string& path) {
  try {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string text((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
    if (in.bad()) return std::nullopt;
    return text;
  } catch (const std::exception&) {  // libstdc++ throws reading a directory
    return std::nullopt;
  }
}

std::optional<std::string> ReadSecretFile(const std::string& path) {
  std::optional<std::string> secret = ReadFileText(path);
  if (secret && !secret->empty() && secret->back() == '\n') {
    secret->pop_back();
  }
  if (!secret || secret->empty()) return std::nullopt;
  return secret;
}

}  // namespace jstedu::config
