// W3C trace context and the outgoing call context.
#include "common/grpc/context.h"

#include <grpcpp/client_context.h>

#include <chrono>
#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace jstedu::grpcutil {
namespace {

constexpr char kValid[] =
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// kValid with `part` written over it from `position`.
std::string Patched(size_t position, const std::string& part) {
  std::string value = kValid;
  value.replace(position, part.size(), part);
  return value;
}

std::string TraceId(const std::string& traceparent) {
  return traceparent.substr(3, 32);
}
std::string SpanId(const std::string& traceparent) {
  return traceparent.substr(36, 16);
}
std::string Flags(const std::string& traceparent) {
  return traceparent.substr(53, 2);
}

TEST(IsValidTraceparent, AcceptsTheW3cExample) {
  EXPECT_TRUE(IsValidTraceparent(kValid));
}

TEST(IsValidTraceparent, AcceptsUnsampledFlags) {
  EXPECT_TRUE(IsValidTraceparent(Patched(53, "00")));
}

TEST(IsValidTraceparent, RejectsEmpty) { EXPECT_FALSE(IsValidTraceparent("")); }

TEST(IsValidTraceparent, RejectsTooShort) {
  std::string value = kValid;
  value.pop_back();
  EXPECT_FALSE(IsValidTraceparent(value));
}

TEST(IsValidTraceparent, RejectsTooLong) {
  EXPECT_FALSE(IsValidTraceparent(std::string(kValid) + "0"));
}

TEST(IsValidTraceparent, RejectsUppercaseTraceId) {
  EXPECT_FALSE(IsValidTraceparent(Patched(3, "4BF92F3577B34DA6")));
}

TEST(IsValidTraceparent, RejectsUppercaseSpanId) {
  EXPECT_FALSE(IsValidTraceparent(Patched(36, "00F067AA0BA902B7")));
}

TEST(IsValidTraceparent, RejectsUppercaseFlags) {
  // W3C trace-flags are 2HEXDIGLC, like the ids.
  EXPECT_FALSE(IsValidTraceparent(Patched(53, "0A")));
}

TEST(IsValidTraceparent, RejectsNonHexTraceId) {
  EXPECT_FALSE(IsValidTraceparent(Patched(3, "g")));
}

TEST(IsValidTraceparent, RejectsNonHexFlags) {
  EXPECT_FALSE(IsValidTraceparent(Patched(53, "0g")));
}

TEST(IsValidTraceparent, RejectsAllZeroTraceId) {
  EXPECT_FALSE(IsValidTraceparent(Patched(3, std::string(32, '0'))));
}

TEST(IsValidTraceparent, RejectsAllZeroSpanId) {
  EXPECT_FALSE(IsValidTraceparent(Patched(36, std::string(16, '0'))));
}

TEST(IsValidTraceparent, RejectsOtherVersion) {
  EXPECT_FALSE(IsValidTraceparent(Patched(0, "01")));
}

TEST(IsValidTraceparent, RejectsWrongSeparatorAfterVersion) {
  EXPECT_FALSE(IsValidTraceparent(Patched(2, "_")));
}

TEST(IsValidTraceparent, RejectsWrongSeparatorAfterTraceId) {
  EXPECT_FALSE(IsValidTraceparent(Patched(35, "_")));
}

TEST(IsValidTraceparent, RejectsWrongSeparatorAfterSpanId) {
  EXPECT_FALSE(IsValidTraceparent(Patched(52, "_")));
}

TEST(ChildTraceparent, IsValid) {
  EXPECT_TRUE(IsValidTraceparent(ChildTraceparent(kValid)));
}

TEST(ChildTraceparent, KeepsTraceIdAndFlags) {
  std::string unsampled = Patched(53, "00");
  std::string child = ChildTraceparent(unsampled);
  EXPECT_EQ(TraceId(child), TraceId(unsampled));
  EXPECT_EQ(Flags(child), "00");
}

TEST(ChildTraceparent, ChangesSpanId) {
  std::string child = ChildTraceparent(kValid);
  EXPECT_NE(SpanId(child), SpanId(kValid));
}

TEST(ChildTraceparent, SiblingsGetDifferentSpanIds) {
  EXPECT_NE(SpanId(ChildTraceparent(kValid)), SpanId(ChildTraceparent(kValid)));
}

TEST(ChildTraceparent, WithoutParentStartsAValidSampledTrace) {
  std::string child = ChildTraceparent("");
  EXPECT_TRUE(IsValidTraceparent(child)) << child;
  EXPECT_EQ(Flags(child), "01");
}

TEST(ChildTraceparent, WithInvalidParentStartsANewTrace) {
  std::string invalid = Patched(36, std::string(16, '0'));
  std::string child = ChildTraceparent(invalid);
  EXPECT_TRUE(IsValidTraceparent(child)) << child;
  EXPECT_NE(TraceId(child), TraceId(invalid));
}

TEST(ChildTraceparent, NewTracesGetDifferentTraceIds) {
  EXPECT_NE(TraceId(ChildTraceparent("")), TraceId(ChildTraceparent("")));
}

TEST(OutgoingContext, WithoutIncomingCallSetsTheTimeoutAsDeadline) {
  // A bound check on the computed deadline, not a timing assertion.
  auto before = std::chrono::system_clock::now();
  std::unique_ptr<grpc::ClientContext> context =
      OutgoingContext(nullptr, std::chrono::seconds(2));
  auto after = std::chrono::system_clock::now();
  ASSERT_NE(context, nullptr);
  EXPECT_GT(context->deadline(), before);
  EXPECT_GE(context->deadline(), before + std::chrono::seconds(2));
  EXPECT_LE(context->deadline(), after + std::chrono::seconds(2));
}

}  // namespace
}  // namespace jstedu::grpcutil
