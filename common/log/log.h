#pragma once

// JSON-lines logging: one JSON object per line on stdout, e.g.
//   {"ts":"2026-11-23T19:40:01.123Z","level":"info","component":"recruitment",
//    "event":"server_started","port":50051}
//
// `event` is a stable snake_case name; details go in fields. Never put
// personal data (PESEL, names, contacts) in a log line. Thread-safe: lines
// from different threads never interleave.

#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace jstedu::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Sets the "component" field of every line (the binary's name) and the
// minimum level written. Call once at start-up.
void Init(std::string component, Level min_level = Level::kInfo);
// Parses "debug", "info", "warn" or "error"; anything else is kInfo.
Level ParseLevel(std::string_view text);

// `fields` must be a JSON object (or null for none).
void Write(Level level, std::string_view event,
           const nlohmann::json& fields = nullptr);

inline void Debug(std::string_view event,
                  const nlohmann::json& fields = nullptr) {
  Write(Level::kDebug, event, fields);
}
inline void Info(std::string_view event,
                 const nlohmann::json& fields = nullptr) {
  Write(Level::kInfo, event, fields);
}
inline void Warn(std::string_view event,
                 const nlohmann::json& fields = nullptr) {
  Write(Level::kWarn, event, fields);
}
inline void Error(std::string_view event,
                  const nlohmann::json& fields = nullptr) {
  Write(Level::kError, event, fields);
}

}  // namespace jstedu::log
