#pragma once

// Where the sender reads addresses (store/sender.h, AddressBook): from the
// registries that own them, one message at a time, never stored.
//
//   participant:<id>    recruitment's GetNotificationContact (participant)
//   jst-contact:<id>    recruitment's GetNotificationContact (application)
//   expert:<id>         advisory's expert registry (not yet: issue 23,
//                       slice 5)
//   trainer:<subject>   the account registry (not yet: slice 5)
//
// Each call is made on the system's own behalf: a SERVICE principal
// (subject kServiceSubject) signed with the deployment's principal key
// (common/grpc/principal_signature.h), with a deadline. The owner records
// the read with the notification's id as its purpose.
//
// Answers: the address; NotFound when the owner has none for the person
// (unknown, withdrawn, never given: the sender fails the row); any other
// error (the owner unreachable, a registry not built yet) is the sender's
// "not this message's fault": it is tried again until the row expires.
//
// Thread-safe (gRPC stubs are).

#include <chrono>
#include <memory>
#include <string>

#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"
#include "services/notifications/store/sender.h"

namespace jstedu::notifications {

// The subject of the notifications service's own principal, as the owners'
// audit rows name it.
inline constexpr char kServiceSubject[] = "jstedu-notifications";

class RegistryAddressBook final : public AddressBook {
 public:
  RegistryAddressBook(std::shared_ptr<grpc::ChannelInterface> recruitment,
                      std::chrono::milliseconds timeout);

  absl::StatusOr<Recipient> Lookup(const std::string& person_ref,
                                   const std::string& notification_id) override;

 private:
  std::unique_ptr<recruitment::v1::RecruitmentService::Stub> recruitment_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace jstedu::notifications
