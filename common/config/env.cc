#include "common/config/env.h"

#include <cstdlib>
#include <limits>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log/log.h"

namespace jstedu::config {

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

std::string Env::String(const std::string& name) {
  auto value = Get(name);
  if (!value) {
    Fail(name, "is required but not set");
    return "";
  }
  return *value;
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
  auto colon = value->rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(value->substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    Fail(name, absl::StrCat("\"", *value, "\" is not host:port"));
    return fallback;
  }
  return *value;
}

std::string Env::HostPort(const std::string& name) {
  if (!Get(name)) {
    names_.insert(name);
    Fail(name, "is required but not set");
    return "";
  }
  return HostPort(name, "");
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

}  // namespace jstedu::config
