#include "services/notifications/address_book.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/grpc/context.h"
#include "common/grpc/principal.h"
#include "common/grpc/status.h"
#include "services/notifications/domain/schedule.h"

namespace jstedu::notifications {
namespace {

namespace rv1 = recruitment::v1;

auth::v1::Principal ServicePrincipal() {
  auth::v1::Principal principal;
  principal.set_subject(kServiceSubject);
  principal.set_role(auth::v1::SERVICE);
  return principal;
}

}  // namespace

RegistryAddressBook::RegistryAddressBook(
    std::shared_ptr<grpc::ChannelInterface> recruitment,
    std::chrono::milliseconds timeout)
    : recruitment_(rv1::RecruitmentService::NewStub(std::move(recruitment))),
      timeout_(timeout) {}

absl::StatusOr<Recipient> RegistryAddressBook::Lookup(
    const std::string& person_ref, const std::string& notification_id) {
  const std::optional<PersonId> person = ParsePersonRef(person_ref);
  if (!person.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("no registry knows the person reference ", person_ref));
  }
  rv1::GetNotificationContactRequest request;
  request.set_notification(notification_id);
  switch (person->kind) {
    case PersonId::Kind::kParticipant:
      request.set_participant(person->id);
      break;
    case PersonId::Kind::kContact:
      request.set_application(person->id);
      break;
    case PersonId::Kind::kExpert:
    case PersonId::Kind::kTrainer:
      return absl::UnimplementedError(
          "experts' and trainers' addresses have no registry yet (issue 23, "
          "slice 5)");
  }
  auto context = grpcutil::OutgoingContext(nullptr, timeout_);
  grpcutil::WithPrincipal(*context, ServicePrincipal());
  rv1::NotificationContact contact;
  const grpc::Status status =
      recruitment_->GetNotificationContact(context.get(), request, &contact);
  if (!status.ok()) return grpcutil::FromGrpcStatus(status);
  Recipient recipient;
  recipient.address = contact.email();
  return recipient;
}

}  // namespace jstedu::notifications
