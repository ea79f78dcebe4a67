#include "gateway/config.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

using ::testing::HasSubstr;

TEST(LoadConfigTest, DefaultsAndTheVariablesRead) {
  config::Env env = config::Env::FromMap({});
  auto loaded = LoadConfig(env);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->http.listen, "127.0.0.1:8080");
  EXPECT_EQ(loaded->http.threads, 2);
  EXPECT_EQ(loaded->admin_listen, "127.0.0.1:9100");
  EXPECT_EQ(loaded->upstream_deadline, std::chrono::seconds(5));
  EXPECT_EQ(loaded->shutdown_grace, std::chrono::seconds(10));
  EXPECT_EQ(loaded->log_level, log::Level::kInfo);
  ASSERT_EQ(loaded->upstreams.size(), 4u);
  EXPECT_EQ(loaded->upstreams[0].service,
            "jstedu.recruitment.v1.RecruitmentService");
  EXPECT_EQ(loaded->upstreams[0].address, "127.0.0.1:50051");
  EXPECT_EQ(loaded->upstreams[3].address, "127.0.0.1:50054");
  EXPECT_EQ(env.Names(), (std::set<std::string>{
                             "JSTEDU_HTTP_LISTEN", "JSTEDU_ADMIN_LISTEN",
                             "JSTEDU_RECRUITMENT_ADDR", "JSTEDU_TRAINING_ADDR",
                             "JSTEDU_ADVISORY_ADDR", "JSTEDU_REPORTING_ADDR",
                             "JSTEDU_UPSTREAM_DEADLINE", "JSTEDU_HTTP_THREADS",
                             "JSTEDU_SHUTDOWN_GRACE", "JSTEDU_LOG_LEVEL"}));
}

TEST(LoadConfigTest, ReadsValues) {
  config::Env env = config::Env::FromMap({
      {"JSTEDU_HTTP_LISTEN", "0.0.0.0:80"},
      {"JSTEDU_TRAINING_ADDR", "training:50052"},
      {"JSTEDU_UPSTREAM_DEADLINE", "250ms"},
      {"JSTEDU_HTTP_THREADS", "4"},
      {"JSTEDU_LOG_LEVEL", "debug"},
  });
  auto loaded = LoadConfig(env);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->http.listen, "0.0.0.0:80");
  EXPECT_EQ(loaded->upstreams[1].address, "training:50052");
  EXPECT_EQ(loaded->upstream_deadline, std::chrono::milliseconds(250));
  EXPECT_EQ(loaded->http.threads, 4);
  EXPECT_EQ(loaded->log_level, log::Level::kDebug);
}

TEST(LoadConfigTest, NamesEveryBadVariable) {
  config::Env env = config::Env::FromMap({
      {"JSTEDU_HTTP_LISTEN", "nonsense"},
      {"JSTEDU_HTTP_THREADS", "0"},
      {"JSTEDU_UPSTREAM_DEADLINE", "0s"},
      {"JSTEDU_LOG_LEVEL", "loud"},
  });
  auto loaded = LoadConfig(env);
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(loaded.status().message());
  EXPECT_THAT(message, HasSubstr("JSTEDU_HTTP_LISTEN"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_HTTP_THREADS"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_UPSTREAM_DEADLINE"));
  EXPECT_THAT(message, HasSubstr("JSTEDU_LOG_LEVEL"));
}

}  // namespace
}  // namespace jstedu::gateway
