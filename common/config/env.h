#pragma once

// Typed configuration from environment variables.
//
// An Env reads variables through a lookup function (the process environment
// by default, a map in tests) and collects every problem instead of stopping
// at the first, so one start-up attempt reports all missing or bad variables.
// Call Check() after reading: it returns InvalidArgument naming each bad
// variable. Every name read is recorded (Names()) so tests can compare the
// variables the binaries read with those the deployment sets.
//
// Not thread-safe; use it during start-up only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace jstedu::config {

class Env {
 public:
  using Lookup = std::function<std::optional<std::string>(const std::string&)>;

  // Reads the process environment.
  Env();
  explicit Env(Lookup lookup);
  // Reads from a fixed map (tests).
  static Env FromMap(std::map<std::string, std::string> values);

  // A required non-empty string.
  std::string String(const std::string& name);
  // An optional string with a default.
  std::string String(const std::string& name, const std::string& fallback);
  // An integer within [min, max].
  int64_t Int(const std::string& name, int64_t fallback, int64_t min,
              int64_t max);
  // A duration written as an integer with a unit suffix: "250ms", "5s", "2m".
  std::chrono::milliseconds Duration(const std::string& name,
                                     std::chrono::milliseconds fallback);
  // "host:port" with a port in 0..65535 (0 asks the OS for a free port).
  std::string HostPort(const std::string& name, const std::string& fallback);
  // Required "host:port".
  std::string HostPort(const std::string& name);
  // Where a gRPC channel connects: "host:port" (resolved by DNS, every
  // address it lists balanced over, as a headless Service's name), or a
  // fixed list of replicas "ipv4:127.0.0.1:50051,127.0.0.1:50151" (or
  // "ipv6:[::1]:50051,..."), as `tools/dev up --replicas 2` runs them.
  std::string GrpcTarget(const std::string& name, const std::string& fallback);
  // Required GrpcTarget.
  std::string GrpcTarget(const std::string& name);
  // One of `allowed`.
  std::string OneOf(const std::string& name, const std::string& fallback,
                    const std::set<std::string>& allowed);

  // OK, or InvalidArgument whose message names every missing or bad variable.
  absl::Status Check() const;
  // Every variable name read so far.
  const std::set<std::string>& Names() const { return names_; }

 private:
  std::optional<std::string> Get(const std::string& name);
  // True when `name` is set (not empty); otherwise records it as missing.
  bool Required(const std::string& name);
  void Fail(const std::string& name, const std::string& problem);

  Lookup lookup_;
  std::vector<std::string> errors_;
  std::set<std::string> names_;
};

// Prints `status` as one JSON log line and exits with code 2 when it is not
// OK. Mains call it right after reading their configuration.
void ExitIfInvalid(const absl::Status& status);

// The whole of the file at `path`; nullopt when it cannot be read (also a
// directory, which libstdc++ refuses by throwing).
std::optional<std::string> ReadFileText(const std::string& path);

// A secret kept in a file named by a variable (a password mounted from a
// Secret): its text with one trailing newline dropped (as `echo` leaves
// one); nullopt when the file cannot be read or holds nothing.
std::optional<std::string> ReadSecretFile(const std::string& path);

// `<binary> --env-vars`: every binary answers it with the names of all the
// variables it reads, one per line, sorted, and exits 0 — without reading
// the environment, files or the network. The deployment tests compare them
// with what the Kubernetes manifests set (tests/k8s).
bool AskedForEnvNames(int argc, char** argv);
// Runs `read` (the binary's own configuration reader) on an empty
// environment and prints the names it asked for; returns the exit code.
int PrintEnvNames(const std::function<void(Env&)>& read, std::ostream& out);

}  // namespace jstedu::config
