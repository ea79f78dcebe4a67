// Consumers' handlers chosen by payload type (dispatch.h).
#include "common/events/dispatch.h"

#include <string>

#include "gtest/gtest.h"
#include "jstedu/events/v1/recruitment_events.pb.h"

namespace jstedu::events {
namespace {

namespace ev = ::jstedu::events::v1;

template <typename Event>
EventEnvelope Carrying(const Event& event) {
  EventEnvelope envelope;
  envelope.set_event_type(Event::descriptor()->full_name());
  envelope.mutable_payload()->PackFrom(event);
  return envelope;
}

TEST(Dispatch, TheHandlerOfTheEnvelopesTypeGetsItsPayload) {
  ev::JstWithdrawn withdrawn;
  withdrawn.set_application_id("a-1");
  std::string qualified_seen, withdrawn_seen;
  const absl::Status status = Dispatch(
      Carrying(withdrawn), On<ev::JstQualified>([&](const ev::JstQualified& e) {
        qualified_seen = e.application_id();
      }),
      On<ev::JstWithdrawn>([&](const ev::JstWithdrawn& e) {
        withdrawn_seen = e.application_id();
      }));
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(qualified_seen, "");
  EXPECT_EQ(withdrawn_seen, "a-1");
}

TEST(Dispatch, AnotherConsumersEventIsLeftAlone) {
  bool called = false;
  const absl::Status status = Dispatch(
      Carrying(ev::EditionChanged()),
      On<ev::JstQualified>([&](const ev::JstQualified&) { called = true; }));
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_FALSE(called);
}

TEST(Dispatch, APayloadNotOfItsDeclaredTypeIsRefused) {
  EventEnvelope envelope = Carrying(ev::EditionChanged());
  envelope.set_event_type(ev::JstQualified::descriptor()->full_name());
  bool called = false;
  const absl::Status status = Dispatch(
      envelope,
      On<ev::JstQualified>([&](const ev::JstQualified&) { called = true; }));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(called);
}

TEST(Dispatch, AHandlersStatusIsTheOutcome) {
  const absl::Status status =
      Dispatch(Carrying(ev::JstQualified()),
               On<ev::JstQualified>([](const ev::JstQualified&) {
                 return absl::InvalidArgumentError("without a TERYT code");
               }));
  EXPECT_EQ(status, absl::InvalidArgumentError("without a TERYT code"));
}

}  // namespace
}  // namespace jstedu::events
