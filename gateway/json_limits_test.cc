#include "gateway/json_limits.h"

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

using ::testing::HasSubstr;

std::string Nested(int depth) {
  return std::string(static_cast<size_t>(depth), '[') +
         std::string(static_cast<size_t>(depth), ']');
}

std::string ArrayOf(int elements, const std::string& element = "0") {
  std::string text = "[";
  for (int i = 0; i < elements; ++i) {
    if (i > 0) text += ",";
    text += element;
  }
  return text + "]";
}

void ExpectRefused(const std::string& json, const std::string& why,
                   const JsonLimits& limits = {}) {
  absl::Status status = CheckJsonLimits(json, limits);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument)
      << json.substr(0, 60);
  EXPECT_THAT(std::string(status.message()), HasSubstr(why));
}

TEST(JsonLimitsTest, OrdinaryBodiesPass) {
  for (const char* json :
       {"{}", "[]", "0", "\"x\"", "null",
        R"({"teryt":"2476011","sub":{"id":"1","tags":["a","b"]},"n":1.5e3})",
        R"({"name":"Świętochłowice"})"}) {
    EXPECT_TRUE(CheckJsonLimits(json, {}).ok()) << json;
  }
}

TEST(JsonLimitsTest, DepthUpTo32) {
  EXPECT_TRUE(CheckJsonLimits(Nested(32), {}).ok());
  ExpectRefused(Nested(33), "nesting deeper than 32");
  ExpectRefused(Nested(100000), "nesting deeper than 32");
  std::string objects;
  for (int i = 0; i < 33; ++i) objects += "{\"a\":";
  objects += "1" + std::string(33, '}');
  ExpectRefused(objects, "nesting deeper than 32");
}

TEST(JsonLimitsTest, ArraysUpTo10000Elements) {
  EXPECT_TRUE(CheckJsonLimits(ArrayOf(10000), {}).ok());
  ExpectRefused(ArrayOf(10001), "more than 10000 elements");
  ExpectRefused("{\"a\":" + ArrayOf(10001, "{}") + "}",
                "more than 10000 elements");
  // The count is per array, not per document.
  EXPECT_TRUE(
      CheckJsonLimits("[" + ArrayOf(9999) + "," + ArrayOf(9999) + "]", {})
          .ok());
}

TEST(JsonLimitsTest, StringBytesInTotal) {
  JsonLimits limits;
  limits.max_string_bytes = 10;
  EXPECT_TRUE(CheckJsonLimits(R"({"abc":"defghij"})", limits).ok());
  ExpectRefused(R"({"abc":"defghijk"})", "longer than 10 bytes", limits);
  ExpectRefused(R"(["123456","123456"])", "longer than 10 bytes", limits);
}

TEST(JsonLimitsTest, InvalidJsonIsRefused) {
  for (const std::string json :
       {"", "{", "{\"a\":}", "[1,]", "{'a':1}", "nul", "{} {}", "\"\xff\"",
        "\"\xc3\"", "\"\xed\xa0\x80\"", "[1 2]"}) {
    ExpectRefused(json, "not valid JSON");
  }
}

TEST(JsonLimitsTest, LargeBodyRoutesAreTheCsvImports) {
  EXPECT_THAT(
      LargeBodyRoutes(),
      ::testing::UnorderedElementsAre(
          "jstedu.recruitment.v1.RecruitmentService.ImportParticipants",
          "jstedu.recruitment.v1.RecruitmentService.LoadDegurba",
          "jstedu.training.v1.TrainingService.ImportELearningCompletions",
          "jstedu.advisory.v1.AdvisoryService.ImportSchools"));
  for (const std::string& method : LargeBodyRoutes()) {
    EXPECT_NE(
        google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
            method),
        nullptr)
        << method << " is not a linked gRPC method";
  }
  EXPECT_EQ(kBodyLimit, 1u << 20);
  EXPECT_EQ(kLargeBodyLimit, 20u << 20);
}

}  // namespace
}  // namespace jstedu::gateway
