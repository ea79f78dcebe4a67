#include "common/log/log.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace jstedu::log {
namespace {

// The line `write` prints, parsed.
template <typename Write>
nlohmann::json Line(Write write) {
  testing::internal::CaptureStdout();
  write();
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find('\n'), out.size() - 1) << "one line: " << out;
  return nlohmann::json::parse(out);
}

TEST(Log, WritesOneJsonObjectPerLineWithTheCommonFieldsFirst) {
  Init("recruitment");
  testing::internal::CaptureStdout();
  Info("rpc", {{"method", "/x.Y/Z"}, {"latency_ms", 1.5}, {"code", "OK"}});
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(out.rfind("{\"ts\":\"", 0), 0u) << out;
  const auto line = nlohmann::json::parse(out);
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["component"], "recruitment");
  EXPECT_EQ(line["event"], "rpc");
  EXPECT_EQ(line["method"], "/x.Y/Z");
  EXPECT_EQ(line["latency_ms"], 1.5);
  EXPECT_EQ(line["code"], "OK");
  EXPECT_EQ(line.size(), 7u);
  // RFC 3339 in UTC with milliseconds, now.
  const std::string ts = line["ts"];
  EXPECT_TRUE(std::regex_match(
      ts, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << ts;
  absl::Time when;
  std::string error;
  ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full, ts, &when, &error)) << error;
  EXPECT_LT(absl::AbsDuration(absl::Now() - when), absl::Seconds(5));
}

TEST(Log, AFieldNamedLikeACommonOneReplacesIt) {
  Init("gateway");
  const auto line = Line([] { Warn("x", {{"component", "relay"}, {"a", 1}}); });
  EXPECT_EQ(line["component"], "relay");
  EXPECT_EQ(line["level"], "warn");
  EXPECT_EQ(line.size(), 5u);
}

TEST(Log, EscapesAndReplacesInvalidUtf8) {
  Init("gateway");
  const auto line = Line([] {
    Error("bad \"event\"", {{"text", std::string("a\xff"
                                                 "b\n")},
                            {"we\"ird", true}});
  });
  EXPECT_EQ(line["event"], "bad \"event\"");
  EXPECT_EQ(Line([] {
              Info("x", {{"jst", "Świętochłowice\t<gmina>"}});
            })["jst"],
            "Świętochłowice\t<gmina>");
  EXPECT_EQ(line["text"],
            "a\xef\xbf\xbd"
            "b\n");
  EXPECT_EQ(line["we\"ird"], true);
}

TEST(Log, LeavesOutLinesBelowTheLevel) {
  Init("gateway", Level::kWarn);
  testing::internal::CaptureStdout();
  Info("quiet");
  Debug("quieter");
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  const auto line = Line([] { Error("loud"); });
  EXPECT_EQ(line["event"], "loud");
  EXPECT_EQ(line.size(), 4u);
  Init("gateway");
}

}  // namespace
}  // namespace jstedu::log
