// Domain errors with google.rpc details and their gRPC form.
#include "common/grpc/status.h"

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>
#include <grpcpp/test/server_context_test_spouse.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "common/grpc/idempotency.h"
#include "common/pg/request_key.h"
#include "common/pg/status.h"
#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace jstedu::grpcutil {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";
constexpr char kResourceInfoUrl[] =
    "type.googleapis.com/google.rpc.ResourceInfo";

google::rpc::BadRequest BadRequestPayload(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  auto payload = status.GetPayload(kBadRequestUrl);
  EXPECT_TRUE(payload.has_value()) << "no BadRequest in " << status;
  if (payload) {
    EXPECT_TRUE(bad_request.ParseFromString(std::string(*payload)));
  }
  return bad_request;
}

google::rpc::Status RpcStatus(const grpc::Status& status) {
  google::rpc::Status rpc_status;
  EXPECT_TRUE(rpc_status.ParseFromString(status.error_details()));
  return rpc_status;
}

TEST(Errors, InvalidFieldIsInvalidArgumentNamingTheField) {
  absl::Status status = errors::InvalidField("page_size", "must be positive");
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_EQ(status.message(), "page_size: must be positive");
}

TEST(Errors, InvalidFieldCarriesABadRequest) {
  absl::Status status = errors::InvalidField("page_size", "must be positive");
  google::rpc::BadRequest bad_request = BadRequestPayload(status);
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "page_size");
  EXPECT_EQ(bad_request.field_violations(0).description(), "must be positive");
}

TEST(Errors, NotFoundResourceCarriesAResourceInfo) {
  absl::Status status =
      errors::NotFoundResource("jst", "2476011", "no JST 2476011");
  EXPECT_TRUE(absl::IsNotFound(status)) << status;
  EXPECT_EQ(status.message(), "no JST 2476011");
  auto payload = status.GetPayload(kResourceInfoUrl);
  ASSERT_TRUE(payload.has_value());
  google::rpc::ResourceInfo info;
  ASSERT_TRUE(info.ParseFromString(std::string(*payload)));
  EXPECT_EQ(info.resource_type(), "jst");
  EXPECT_EQ(info.resource_name(), "2476011");
}

TEST(Errors, AddDetailKeysThePayloadByTypeUrl) {
  absl::Status status = absl::FailedPreconditionError("closed");
  google::rpc::ErrorInfo info;
  info.set_reason("RECRUITMENT_CLOSED");
  errors::AddDetail(status, info);
  auto payload = status.GetPayload("type.googleapis.com/google.rpc.ErrorInfo");
  ASSERT_TRUE(payload.has_value());
  google::rpc::ErrorInfo parsed;
  ASSERT_TRUE(parsed.ParseFromString(std::string(*payload)));
  EXPECT_EQ(parsed.reason(), "RECRUITMENT_CLOSED");
}

TEST(ToGrpcStatus, OkMapsToOk) {
  grpc::Status status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OK);
}

TEST(ToGrpcStatus, KeepsCodeAndMessage) {
  grpc::Status status = ToGrpcStatus(absl::NotFoundError("no JST 0201011"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no JST 0201011");
}

TEST(ToGrpcStatus, EveryCodeKeepsItsNumber) {
  for (int code = 1; code <= 16; ++code) {
    grpc::Status status =
        ToGrpcStatus(absl::Status(static_cast<absl::StatusCode>(code), "x"));
    EXPECT_EQ(static_cast<int>(status.error_code()), code);
  }
}

TEST(ToGrpcStatus, WithoutPayloadsHasNoDetails) {
  grpc::Status status = ToGrpcStatus(absl::UnavailableError("down"));
  EXPECT_EQ(status.error_details(), "");
}

TEST(ToGrpcStatus, DetailsAreAGoogleRpcStatusWithTheSameCodeAndMessage) {
  grpc::Status status =
      ToGrpcStatus(errors::InvalidField("voivodeship", "must be even"));
  google::rpc::Status rpc_status = RpcStatus(status);
  EXPECT_EQ(rpc_status.code(),
            static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(rpc_status.message(), "voivodeship: must be even");
}

TEST(ToGrpcStatus, DetailsHoldTheBadRequestAsAny) {
  grpc::Status status =
      ToGrpcStatus(errors::InvalidField("voivodeship", "must be even"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status rpc_status = RpcStatus(status);
  ASSERT_EQ(rpc_status.details_size(), 1);
  EXPECT_EQ(rpc_status.details(0).type_url(), kBadRequestUrl);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(rpc_status.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "voivodeship");
  EXPECT_EQ(bad_request.field_violations(0).description(), "must be even");
}

TEST(FromGrpcStatus, OkMapsToOk) {
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

TEST(FromGrpcStatus, KeepsCodeAndMessageOfADownstreamCall) {
  absl::Status status = FromGrpcStatus(
      grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "closed"));
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_EQ(status.message(), "closed");
}

TEST(FromGrpcStatus, RoundTripKeepsCodeMessageAndPayloads) {
  absl::Status original = errors::InvalidField("kind", "unknown");
  google::rpc::ResourceInfo info;
  info.set_resource_name("0201011");
  errors::AddDetail(original, info);

  absl::Status back = FromGrpcStatus(ToGrpcStatus(original));

  EXPECT_EQ(back.code(), original.code());
  EXPECT_EQ(back.message(), original.message());
  EXPECT_EQ(back.GetPayload(kBadRequestUrl),
            original.GetPayload(kBadRequestUrl));
  EXPECT_EQ(back.GetPayload(kResourceInfoUrl),
            original.GetPayload(kResourceInfoUrl));
  EXPECT_EQ(back, original);
}

TEST(FromGrpcStatus, UnparsableDetailsAreIgnored) {
  absl::Status status = FromGrpcStatus(grpc::Status(
      grpc::StatusCode::INTERNAL, "boom", std::string("\xff\xff\xff", 3)));
  EXPECT_TRUE(absl::IsInternal(status)) << status;
  EXPECT_EQ(status.message(), "boom");
}

// Any message serves as a request here.
const google::rpc::ErrorInfo kRequest;

// A call's server context, without metadata unless added.
class ServeTest : public ::testing::Test {
 protected:
  void AddMetadata(const std::string& key, const std::string& value) {
    spouse_.AddClientMetadata(key, value);
  }
  grpc::ServerContext context_;
  grpc::testing::ServerContextTestSpouse spouse_{&context_};
};

TEST_F(ServeTest, ReturnsTheConvertedBodyStatus) {
  grpc::Status status = RunHandler("GetJst", context_, kRequest, [] {
    return errors::InvalidField("teryt", "is not 7 digits");
  });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "teryt: is not 7 digits");
  EXPECT_FALSE(status.error_details().empty());
}

TEST_F(ServeTest, OkBodyIsOk) {
  EXPECT_TRUE(RunHandler("GetJst", context_, kRequest, [] {
                return absl::OkStatus();
              }).ok());
}

TEST_F(ServeTest, RequestTextWithControlCharactersIsRefusedBeforeTheBody) {
  google::rpc::ErrorInfo request;
  request.set_reason(std::string("a\0b", 3));
  (*request.mutable_metadata())["key"] = "line\nbreak";
  bool ran = false;
  grpc::Status status = RunHandler("GetJst", context_, request, [&] {
    ran = true;
    return absl::OkStatus();
  });
  EXPECT_FALSE(ran);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "reason: must not contain control characters or line breaks "
            "(found U+0000) (and 1 more problem)");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(RpcStatus(status).details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "reason");
  EXPECT_EQ(bad_request.field_violations(1).field(), "metadata[0].value");
}

TEST_F(ServeTest, ThrownExceptionIsInternalWithoutItsText) {
  grpc::Status status =
      RunHandler("GetJst", context_, kRequest, []() -> absl::Status {
        throw std::runtime_error("duplicate key value: pesel=90010112345");
      });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "internal error");
  EXPECT_THAT(status.error_details(), Not(HasSubstr("90010112345")));
}

TEST_F(ServeTest, TheBodyRunsAsTheKeyedCallOfItsIdempotencyKey) {
  const std::string key(64, 'a'), fingerprint(64, 'f');
  AddMetadata(kIdempotencyKeyKey, key);
  AddMetadata(kRequestFingerprintKey, fingerprint);
  std::optional<pg::KeyedCall> seen;
  grpc::Status status = RunHandler("CreateTask", context_, kRequest, [&] {
    if (const pg::KeyedCall* call = pg::CurrentKeyedCall()) seen = *call;
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->rpc, "CreateTask");
  EXPECT_EQ(seen->key, key);
  EXPECT_EQ(seen->fingerprint, fingerprint);
  EXPECT_EQ(pg::CurrentKeyedCall(), nullptr);  // only for the body
}

TEST_F(ServeTest, WithoutAKeyTheBodyRunsAsNoKeyedCall) {
  bool keyed = true;
  RunHandler("CreateTask", context_, kRequest, [&] {
    keyed = pg::CurrentKeyedCall() != nullptr;
    return absl::OkStatus();
  });
  EXPECT_FALSE(keyed);
}

TEST_F(ServeTest, MalformedIdempotencyMetadataIsRefusedBeforeTheBody) {
  AddMetadata(kIdempotencyKeyKey, std::string(64, 'a'));  // no fingerprint
  bool ran = false;
  grpc::Status status = RunHandler("CreateTask", context_, kRequest, [&] {
    ran = true;
    return absl::OkStatus();
  });
  EXPECT_FALSE(ran);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  AddMetadata(kRequestFingerprintKey, std::string(64, 'F'));  // not lower
  status = RunHandler("CreateTask", context_, kRequest, [&] {
    ran = true;
    return absl::OkStatus();
  });
  EXPECT_FALSE(ran);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST(ToGrpcStatus, InternalErrorsHideTheirMessage) {
  grpc::Status status = grpcutil::ToGrpcStatus(
      absl::InternalError("ERROR:  relation \"jst\" does not exist"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "internal error");
  EXPECT_EQ(
      grpcutil::ToGrpcStatus(absl::UnknownError("no answer")).error_message(),
      "internal error");
  EXPECT_EQ(grpcutil::ToGrpcStatus(absl::NotFoundError("no JST 2476011"))
                .error_message(),
            "no JST 2476011");
}

TEST(ToGrpcStatus, CommitOutcomeUnknownIsUnavailableWithItsReason) {
  grpc::Status status = ToGrpcStatus(pg::CommitOutcomeUnknownError());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(),
              HasSubstr("retry with the same Idempotency-Key"));
  google::rpc::Status sent = RpcStatus(status);
  ASSERT_EQ(sent.details_size(), 1);  // the SQLSTATE payload stays here
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(sent.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), pg::kCommitOutcomeUnknown);
}

TEST(ToGrpcStatus, PrivatePayloadsStayInTheProcess) {
  absl::Status status = errors::InvalidField("teryt", "is not 7 digits");
  status.SetPayload("jstedu.pg/sqlstate", absl::Cord("22P02"));
  google::rpc::Status sent = RpcStatus(ToGrpcStatus(status));
  ASSERT_EQ(sent.details_size(), 1);
  EXPECT_EQ(sent.details(0).type_url(), kBadRequestUrl);
}

}  // namespace
}  // namespace jstedu::grpcutil
