#include "common/grpc/caller.h"

#include "absl/strings/cord.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace jstedu::grpcutil {
namespace {

Caller Coordinator(const std::string& voivodeship) {
  Caller caller;
  caller.role = auth::v1::COORDINATOR;
  caller.role_name = "COORDINATOR";
  caller.voivodeship = voivodeship;
  return caller;
}

TEST(VoivodeshipFilterTest, ACoordinatorReadsItsOwnVoivodeship) {
  EXPECT_EQ(*VoivodeshipFilter(Coordinator("14"), "", "voivodeship"), "14");
  EXPECT_EQ(*VoivodeshipFilter(Coordinator("14"), "14", "voivodeship"), "14");
}

TEST(VoivodeshipFilterTest, AForeignVoivodeshipIsRefusedNamingTheField) {
  auto filter = VoivodeshipFilter(Coordinator("14"), "02", "filter.region");
  ASSERT_FALSE(filter.ok());
  EXPECT_TRUE(absl::IsPermissionDenied(filter.status()));
  EXPECT_EQ(filter.status().message(),
            "a coordinator of voivodeship 14 may read only voivodeship 14");
  google::rpc::BadRequest detail;
  auto payload =
      filter.status().GetPayload("type.googleapis.com/google.rpc.BadRequest");
  ASSERT_TRUE(payload.has_value());
  ASSERT_TRUE(detail.ParseFromString(std::string(*payload)));
  ASSERT_EQ(detail.field_violations_size(), 1);
  EXPECT_EQ(detail.field_violations(0).field(), "filter.region");
}

TEST(VoivodeshipFilterTest, OtherRolesKeepTheirFilter) {
  for (auth::v1::Role role :
       {auth::v1::ADMIN, auth::v1::MINISTRY, auth::v1::JST, auth::v1::EXPERT}) {
    Caller caller;
    caller.role = role;
    EXPECT_EQ(*VoivodeshipFilter(caller, "02", "voivodeship"), "02");
    EXPECT_EQ(*VoivodeshipFilter(caller, "", "voivodeship"), "");
  }
}

}  // namespace
}  // namespace jstedu::grpcutil
