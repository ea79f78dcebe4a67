#include "services/notifications/notifications_service.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/caller.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/status/ids.h"
#include "common/status/paging.h"
#include "services/notifications/domain/schedule.h"
#include "services/notifications/store/instants.h"

namespace jstedu::notifications {
namespace {

using auth::v1::ADMIN;
using auth::v1::COORDINATOR;
using auth::v1::EXPERT;
using auth::v1::JST;
using auth::v1::TRAINER;
using google::protobuf::util::TimeUtil;
using grpcutil::Caller;
using grpcutil::CallerOf;
using grpcutil::Serve;
using Problems = std::vector<errors::FieldProblem>;

// Whose notifications the caller sees. A principal without its scope
// claim sees nothing rather than everything.
absl::StatusOr<ReadScope> ScopeOf(const Caller& caller) {
  using Kind = ReadScope::Kind;
  switch (caller.role) {
    case ADMIN:
      return ReadScope{Kind::kAll, "", caller.subject};
    case COORDINATOR:
      if (caller.voivodeship.empty()) break;
      return ReadScope{Kind::kVoivodeship, caller.voivodeship, caller.subject};
    case JST:
      if (caller.jst.empty()) break;
      return ReadScope{Kind::kJst, caller.jst, caller.subject};
    case EXPERT:
      if (caller.subject.empty()) break;
      return ReadScope{Kind::kExpert, caller.subject, caller.subject};
    case TRAINER:
      if (caller.subject.empty()) break;
      return ReadScope{Kind::kTrainer, caller.subject, caller.subject};
    default:
      break;
  }
  return absl::PermissionDeniedError(absl::StrCat(
      caller.role_name, " without a scope may not read notifications"));
}

void CheckPerson(Problems& problems, const std::string& person) {
  if (person.empty()) return;
  const std::string problem = PersonRefProblem(person);
  if (!problem.empty()) problems.push_back({"person", problem});
}

absl::Status Invalid(const Problems& problems) {
  return problems.empty() ? absl::OkStatus() : errors::InvalidFields(problems);
}

// Whether `person_ref` can receive notifications for `reason` (a
// reference this version does not know: every kind).
bool PersonReceives(const std::string& person_ref, Reason reason) {
  const std::optional<PersonId> whom = ParsePersonRef(person_ref);
  return !whom || Receives(whom->kind, reason);
}

void Fill(const std::string& person, const Preferences& chosen,
          v1::Preferences* out) {
  out->set_person(person);
  out->set_chosen(chosen.chosen);
  if (chosen.chosen) {
    out->set_language(chosen.language == Language::kEnglish ? "en" : "pl");
    *out->mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(
        absl::ToUnixMicros(chosen.updated_at));
  }
  for (const std::string& name : KnownReasons()) {
    const Reason reason = *ReasonNamed(name);
    if (!PersonReceives(person, reason)) continue;
    v1::Kind kind = v1::KIND_UNSPECIFIED;
    if (!v1::Kind_Parse(absl::AsciiStrToUpper(name), &kind)) continue;
    v1::KindChoice* choice = out->add_kinds();
    choice->set_kind(kind);
    choice->set_required(IsRequired(reason));
    choice->set_opted_out(OptedOut(chosen, reason));
    if (choice->opted_out()) out->add_opted_out(kind);
  }
}

}  // namespace

absl::StatusOr<std::string> NotificationsServiceImpl::PersonOf(
    const grpc::ServerContextBase& context, const std::string& requested,
    bool to_change, std::string* actor) {
  auto caller = CallerOf(context);
  if (!caller.ok()) return caller.status();
  auto scope = ScopeOf(*caller);
  if (!scope.ok()) return scope.status();
  *actor = caller->subject;
  if (requested.empty()) {
    if (caller->role == EXPERT || caller->role == TRAINER ||
        caller->role == COORDINATOR) {
      return reads_.OwnPerson(*scope);
    }
    return errors::InvalidFields(
        {{"person", absl::StrCat("is required for ", caller->role_name,
                                 ": name whose choices")}});
  }
  Problems problems;
  CheckPerson(problems, requested);
  if (absl::Status valid = Invalid(problems); !valid.ok()) return valid;
  const std::string person = CanonicalPersonRef(requested);
  if (absl::Status mine = reads_.CheckPerson(*scope, person); !mine.ok()) {
    return mine;
  }
  if (to_change && caller->role == COORDINATOR &&
      person != CoordinatorRef(caller->subject)) {
    return errors::DeniedField(
        "person", "a coordinator changes only its own choices: leave it empty");
  }
  return person;
}

grpc::ServerUnaryReactor* NotificationsServiceImpl::ListNotifications(
    grpc::CallbackServerContext* context,
    const v1::ListNotificationsRequest* request,
    v1::ListNotificationsResponse* response) {
  return Serve("ListNotifications", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    auto scope = ScopeOf(*caller);
    if (!scope.ok()) return scope.status();
    Problems problems;
    CheckPerson(problems, request->person());
    if (!v1::State_IsValid(request->state())) {
      problems.push_back({"state", "is not a state"});
    }
    const std::string& language = request->language();
    if (!language.empty() && language != "pl" && language != "en") {
      problems.push_back({"language", "must be \"pl\" or \"en\""});
    }
    const std::string state =
        request->state() == v1::STATE_UNSPECIFIED
            ? ""
            : absl::AsciiStrToLower(v1::State_Name(request->state()));
    const paging::Page page = paging::ReadPage(
        problems, "notifications", {request->person(), state, language},
        request->page_size(), request->page_token(), 2);
    absl::Time after_due;
    if (!page.after.empty() &&
        (!ParseTimestampParam(page.after[0], &after_due) ||
         !ids::IsUuid(page.after[1]))) {
      problems.push_back({"pageToken", "is not a token of this list"});
    }
    if (absl::Status valid = Invalid(problems); !valid.ok()) return valid;
    const std::string person =
        request->person().empty() ? "" : CanonicalPersonRef(request->person());
    if (!person.empty()) {
      absl::Status mine = reads_.CheckPerson(*scope, person);
      if (!mine.ok()) return mine;
    }
    ListFilter filter;
    filter.person = person;
    filter.state = state;
    filter.language = language == "en" ? Language::kEnglish : Language::kPolish;
    filter.page_size = page.size;
    if (!page.after.empty()) filter.after = {after_due, page.after[1]};
    bool more = false;
    auto rows = reads_.List(*scope, filter, &more);
    if (!rows.ok()) return rows.status();
    for (auto& n : *rows) *response->add_notifications() = std::move(n);
    if (more && response->notifications_size() > 0) {
      const v1::Notification& last =
          response->notifications(response->notifications_size() - 1);
      response->set_next_page_token(page.NextToken(
          {TimestampParam(absl::FromUnixMicros(
               TimeUtil::TimestampToMicroseconds(last.due_time()))),
           last.id()}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* NotificationsServiceImpl::GetPreferences(
    grpc::CallbackServerContext* context,
    const v1::GetPreferencesRequest* request, v1::Preferences* response) {
  return Serve("GetPreferences", context, request, [=]() -> absl::Status {
    std::string actor;
    auto person =
        PersonOf(*context, request->person(), /*to_change=*/false, &actor);
    if (!person.ok()) return person.status();
    auto chosen = preferences_.Get(*person);
    if (!chosen.ok()) return chosen.status();
    Fill(*person, *chosen, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* NotificationsServiceImpl::SetPreferences(
    grpc::CallbackServerContext* context,
    const v1::SetPreferencesRequest* request, v1::Preferences* response) {
  return Serve("SetPreferences", context, request, [=]() -> absl::Status {
    std::string actor;
    auto person =
        PersonOf(*context, request->person(), /*to_change=*/true, &actor);
    if (!person.ok()) return person.status();
    Problems problems;
    std::vector<std::string> opted_out;
    for (int kind : request->opted_out()) {
      if (kind == v1::KIND_UNSPECIFIED || !v1::Kind_IsValid(kind)) {
        problems.push_back({"optedOut", "names no kind of notification"});
        continue;
      }
      const std::string name =
          absl::AsciiStrToLower(v1::Kind_Name(static_cast<v1::Kind>(kind)));
      const std::optional<Reason> reason = ReasonNamed(name);
      if (reason && !PersonReceives(*person, *reason)) {
        problems.push_back(
            {"optedOut",
             absl::StrCat(v1::Kind_Name(static_cast<v1::Kind>(kind)),
                          " is never sent to this person")});
        continue;
      }
      opted_out.push_back(name);
    }
    if (request->language().empty()) {
      problems.push_back({"language", "is required: \"pl\" or \"en\""});
    }
    if (absl::Status valid = Invalid(problems); !valid.ok()) return valid;
    auto chosen =
        preferences_.Set(*person, request->language(), opted_out, actor);
    if (!chosen.ok()) return chosen.status();
    Fill(*person, *chosen, response);
    return absl::OkStatus();
  });
}

}  // namespace jstedu::notifications
