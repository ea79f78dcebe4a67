#include "common/log/log.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iterator>
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
  // Written field by field rather than copied into a new object first: the
  // four common fields, then the caller's in their (sorted) order. A field
  // of the caller's named like a common one replaces it, in its place.
  const bool has_fields = fields.is_object() && !fields.empty();
  const auto given = [&](const char* key) {
    return has_fields ? fields.find(key) : fields.end();
  };
  const auto dump = [](const nlohmann::json& value) {
    // Invalid UTF-8 in a field is replaced rather than throwing.
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  std::string text = "{";
  const auto append = [&](const std::string& key, const nlohmann::json& value) {
    if (text.size() > 1) text.push_back(',');
    text.append(dump(key)).append(":").append(dump(value));
  };
  static constexpr const char* kCommon[] = {"ts", "level", "component",
                                            "event"};
  for (const char* key : kCommon) {
    auto it = given(key);
    if (it != fields.end()) {
      append(key, *it);
    } else if (key == kCommon[0]) {
      append(key, absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                   absl::UTCTimeZone()));
    } else if (key == kCommon[1]) {
      append(key, LevelName(level));
    } else if (key == kCommon[2]) {
      append(key, Component());
    } else {
      append(key, event);
    }
  }
  if (has_fields) {
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      if (std::find(std::begin(kCommon), std::end(kCommon), it.key()) !=
          std::end(kCommon)) {
        continue;
      }
      append(it.key(), it.value());
    }
  }
  text.append("}\n");
  std::lock_guard<std::mutex> lock(OutputMutex());
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace jstedu::log
