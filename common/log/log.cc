#include "common/log/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace jstedu::log {
namespace {

std::mutex& OutputMutex() {
  static auto* const mutex = new std::mutex;
  return *mutex;
}

std::string& Component() {
  static auto* const component = new std::string("jstedu");
  return *component;
}

std::atomic<int> min_level{static_cast<int>(Level::kInfo)};

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void Init(std::string component, Level level) {
  Component() = std::move(component);
  min_level = static_cast<int>(level);
}

Level ParseLevel(std::string_view text) {
  if (text == "debug") return Level::kDebug;
  if (text == "warn") return Level::kWarn;
  if (text == "error") return Level::kError;
  return Level::kInfo;
}

void Write(Level level, std::string_view event, const nlohmann::json& fields) {
  if (static_cast<int>(level) < min_level.load()) return;
  nlohmann::json line = {
      {"ts", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                              absl::UTCTimeZone())},
      {"level", LevelName(level)},
      {"component", Component()},
      {"event", event},
  };
  if (fields.is_object()) {
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      line[it.key()] = it.value();
    }
  }
  // Invalid UTF-8 in a field is replaced rather than throwing.
  std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(OutputMutex());
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace jstedu::log
