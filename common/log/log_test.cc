#include "common/log/log.h"

#include <gtest/gtest.h>

#include <string>

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
  // RFC 3339 in UTC with milliseconds.
  EXPECT_EQ(line["ts"].get<std::string>().size(), 24u) << line["ts"];
  EXPECT_EQ(line["ts"].get<std::string>().back(), 'Z');
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
