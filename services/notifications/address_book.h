#pragma once

// Where the sender reads addresses (store/sender.h, AddressBook): from the
// registries that own them, one message at a time, never stored.
//
//   participant:<id>    recruitment's GetNotificationContact (participant)
//   jst-contact:<id>    recruitment's GetNotificationContact (application)
//   trainer:<subject>,  recruitment's GetNotificationContact (account):
//   coordinator:<subject>  the account directory's entry of the subject
//   expert:<id>         advisory's GetExpertAccount (the expert registry
//                       names the expert's sign-in subject), then the
//                       account directory's entry of that subject
//
// Each call is made on the system's own behalf: a SERVICE principal
// (subject kServiceSubject) signed with the deployment's principal key
// (common/grpc/principal_signature.h), with a deadline. The owner records
// the read with the notification's id as its purpose.
//
// Answers: the address; NotFound when the owner has none for the person
// (unknown, withdrawn, never given, or an id it refuses as malformed: the
// sender fails the row); any other
// error (an owner unreachable) is the sender's "not this message's fault":
// it is tried again until the row expires.
//
// Thread-safe (gRPC stubs are).

#include <chrono>
#include <memory>
#include <string>

#include "jstedu/advisory/v1/advisory.grpc.pb.h"
#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"
#include "services/notifications/store/sender.h"

namespace jstedu::notifications {

// The subject of the notifications service's own principal, as the owners'
// audit rows name it.
inline constexpr char kServiceSubject[] = "jstedu-notifications";

// A client context for one call on the system's own behalf: a SERVICE
// principal named kServiceSubject, signed, with a deadline `timeout` away.
std::unique_ptr<grpc::ClientContext> ServiceCallContext(
    std::chrono::milliseconds timeout);

class RegistryAddressBook final : public AddressBook {
 public:
  RegistryAddressBook(std::shared_ptr<grpc::ChannelInterface> recruitment,
                      std::shared_ptr<grpc::ChannelInterface> advisory,
                      std::chrono::milliseconds timeout);

  absl::StatusOr<Recipient> Lookup(const std::string& person_ref,
                                   const std::string& notification_id) override;

 private:
  // The expert's sign-in subject, from advisory's registry.
  absl::StatusOr<std::string> ExpertSubject(const std::string& expert_id);

  std::unique_ptr<recruitment::v1::RecruitmentService::Stub> recruitment_;
  std::unique_ptr<advisory::v1::AdvisoryService::Stub> advisory_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace jstedu::notifications
