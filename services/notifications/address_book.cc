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

// An owner's refusal as the sender reads it: an id the owner refuses as
// malformed names no one it will ever know, so it is NotFound (the row
// fails) rather than a fault tried again until the row expires.
absl::Status OwnersAnswer(const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    return absl::NotFoundError(
        "the registry refuses this person's id as malformed");
  }
  return grpcutil::FromGrpcStatus(status);
}

}  // namespace

std::unique_ptr<grpc::ClientContext> ServiceCallContext(
    std::chrono::milliseconds timeout) {
  auto context = grpcutil::OutgoingContext(nullptr, timeout);
  grpcutil::WithPrincipal(*context, ServicePrincipal());
  return context;
}

RegistryAddressBook::RegistryAddressBook(
    std::shared_ptr<grpc::ChannelInterface> recruitment,
    std::shared_ptr<grpc::ChannelInterface> advisory,
    std::chrono::milliseconds timeout)
    : recruitment_(rv1::RecruitmentService::NewStub(std::move(recruitment))),
      advisory_(advisory::v1::AdvisoryService::NewStub(std::move(advisory))),
      timeout_(timeout) {}

absl::StatusOr<std::string> RegistryAddressBook::ExpertSubject(
    const std::string& expert_id) {
  advisory::v1::GetExpertAccountRequest request;
  request.set_expert(expert_id);
  advisory::v1::ExpertAccount account;
  auto context = ServiceCallContext(timeout_);
  const grpc::Status status =
      advisory_->GetExpertAccount(context.get(), request, &account);
  if (!status.ok()) return OwnersAnswer(status);
  return account.subject();
}

absl::StatusOr<Recipient> RegistryAddressBook::Lookup(
    const std::string& person_ref, const std::string& notification_id) {
  const std::optional<PersonId> person = ParsePersonRef(person_ref);
  if (!person.has_value()) {
    // Never echoed: a reference may hold a sign-in subject, and some
    // identity providers make e-mail addresses subjects.
    return absl::NotFoundError("no registry knows this person reference");
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
    case PersonId::Kind::kTrainer:
    case PersonId::Kind::kCoordinator:
      request.set_account(person->id);
      break;
    case PersonId::Kind::kExpert: {
      auto subject = ExpertSubject(person->id);
      if (!subject.ok()) return subject.status();
      request.set_account(*std::move(subject));
      break;
    }
  }
  auto context = ServiceCallContext(timeout_);
  rv1::NotificationContact contact;
  const grpc::Status status =
      recruitment_->GetNotificationContact(context.get(), request, &contact);
  if (!status.ok()) return OwnersAnswer(status);
  Recipient recipient;
  recipient.address = contact.email();
  return recipient;
}

}  // namespace jstedu::notifications
