#include "common/log/log.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <mutex>

#include "absl/strings/str_format.h"
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

// Invalid UTF-8 in a field is replaced rather than throwing.
std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// `text` as a JSON string: copied as it is when it is printable ASCII
// without a quote or backslash (every name and most values), else escaped
// by nlohmann (control characters, non-ASCII, invalid UTF-8 replaced).
void AppendJsonString(std::string_view text, std::string* out) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out->append(Dump(std::string(text)));
    return;
  }
  out->push_back('"');
  out->append(text);
  out->push_back('"');
}

void AppendJsonValue(const nlohmann::json& value, std::string* out) {
  if (value.is_string()) {
    AppendJsonString(value.get_ref<const std::string&>(), out);
  } else {
    out->append(Dump(value));
  }
}

// The time now as "2026-12-06T01:40:00.123Z" in quotes. The part up to the
// second is formatted once a second per thread.
void AppendNow(std::string* out) {
  const int64_t ms = absl::ToUnixMillis(absl::Now());
  const int64_t second = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  thread_local int64_t formatted_second = INT64_MIN;
  thread_local std::string formatted;
  if (second != formatted_second) {
    formatted =
        absl::FormatTime("%Y-%m-%dT%H:%M:%S", absl::FromUnixSeconds(second),
                         absl::UTCTimeZone());
    formatted_second = second;
  }
  absl::StrAppendFormat(out, "\"%s.%03dZ\"", formatted,
                        static_cast<int>(ms - second * 1000));
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
  std::string text = "{";
  const auto key = [&](std::string_view name) {
    if (text.size() > 1) text.push_back(',');
    AppendJsonString(name, &text);
    text.push_back(':');
  };
  static constexpr std::string_view kCommon[] = {"ts", "level", "component",
                                                 "event"};
  for (std::string_view name : kCommon) {
    key(name);
    auto it = has_fields ? fields.find(name) : fields.end();
    if (it != fields.end()) {
      AppendJsonValue(*it, &text);
    } else if (name == "ts") {
      AppendNow(&text);
    } else if (name == "level") {
      AppendJsonString(LevelName(level), &text);
    } else if (name == "component") {
      AppendJsonString(Component(), &text);
    } else {
      AppendJsonString(event, &text);
    }
  }
  if (has_fields) {
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      if (std::find(std::begin(kCommon), std::end(kCommon), it.key()) !=
          std::end(kCommon)) {
        continue;
      }
      key(it.key());
      AppendJsonValue(it.value(), &text);
    }
  }
  text.append("}\n");
  std::lock_guard<std::mutex> lock(OutputMutex());
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace jstedu::log
