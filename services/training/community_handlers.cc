// The communities' RPCs of TrainingServiceImpl (training_service.h):
// thematic networks, the cooperation network and exchange groups
// (docs/programme-parts.md, part 1). Shapes are checked here, every
// problem listed; the rules and scopes in CommunityStore's transactions.
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/caller.h"
#include "common/grpc/context.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/status/ids.h"
#include "common/status/paging.h"
#include "common/time/civil_time.h"
#include "services/training/api_input.h"
#include "services/training/callers.h"
#include "services/training/training_service.h"

namespace jstedu::training {
namespace {

using auth::v1::EXPERT;
using auth::v1::JST;
using errors::FieldProblem;
using grpcutil::Answer;
using grpcutil::Caller;
using grpcutil::CallerOf;
using grpcutil::RegionFilter;
using grpcutil::Serve;

constexpr int kMaxModerators = 20;
constexpr int kMaxAttendees = 2500;

// 1..20 sign-in subjects, none twice.
void CheckModerators(
    std::vector<FieldProblem>& problems, const std::string& field,
    const google::protobuf::RepeatedPtrField<std::string>& moderators) {
  if (moderators.empty() || moderators.size() > kMaxModerators) {
    problems.push_back(
        {field, absl::StrCat("must name 1..", kMaxModerators, " moderators")});
  }
  std::set<std::string> seen;
  for (int i = 0; i < moderators.size(); ++i) {
    const std::string item = absl::StrCat(field, "[", i, "]");
    if (!errors::IsSubject(moderators[i])) {
      problems.push_back({item, "must be a sign-in subject"});
    } else if (!seen.insert(moderators[i]).second) {
      problems.push_back({item, "names a moderator twice"});
    }
  }
}

void CheckCommunity(std::vector<FieldProblem>& problems,
                    const v1::Community& c) {
  if (c.kind() != v1::THEMATIC_NETWORK && c.kind() != v1::COOPERATION_NETWORK &&
      c.kind() != v1::EXCHANGE_GROUP) {
    problems.push_back({"community.kind",
                        "is required: THEMATIC_NETWORK, COOPERATION_NETWORK "
                        "or EXCHANGE_GROUP"});
  }
  const bool theme = c.theme() >= v1::DIAGNOSIS_AND_INDICATORS &&
                     c.theme() <= v1::FINANCING_EDUCATION;
  if (c.kind() == v1::THEMATIC_NETWORK && !theme) {
    problems.push_back({"community.theme",
                        "is required for a thematic network: one of the "
                        "five thematic areas"});
  } else if (c.kind() != v1::THEMATIC_NETWORK &&
             c.theme() != v1::THEMATIC_AREA_UNSPECIFIED) {
    problems.push_back({"community.theme", "is for thematic networks only"});
  }
  const bool group =
      c.jst_group() >= v1::CITIES && c.jst_group() <= v1::COUNTIES;
  if (c.kind() == v1::EXCHANGE_GROUP && !group) {
    problems.push_back({"community.jstGroup",
                        "is required for an exchange group: CITIES, "
                        "RURAL_COMMUNES or COUNTIES"});
  } else if (c.kind() != v1::EXCHANGE_GROUP &&
             c.jst_group() != v1::JST_GROUP_UNSPECIFIED) {
    problems.push_back({"community.jstGroup", "is for exchange groups only"});
  }
  errors::CheckText(problems, "community.name", c.name(), 1, 200);
  errors::CheckText(problems, "community.description", c.description(), 0,
                    2000);
  CheckModerators(problems, "community.moderators", c.moderators());
}

// A day field: `today` when empty, else a date not after `today`.
std::optional<absl::CivilDay> DayUpToToday(std::vector<FieldProblem>& problems,
                                           const std::string& field,
                                           const std::string& text,
                                           absl::CivilDay today) {
  if (text.empty()) return today;
  auto day = errors::CheckDate(problems, field, text);
  if (day && *day > today) {
    problems.push_back({field, "must not be in the future"});
    return std::nullopt;
  }
  return day;
}

// A join's or a leave's ids and day (`day_field`: today when empty, never
// after today), every bad field listed.
absl::StatusOr<absl::CivilDay> MembershipDay(const std::string& community,
                                             const std::string& participant,
                                             const std::string& day_field,
                                             const std::string& day,
                                             absl::Time now) {
  std::vector<FieldProblem> problems;
  CheckUuid(problems, "community", community);
  CheckUuid(problems, "participant", participant);
  auto checked = DayUpToToday(problems, day_field, day, ProgrammeDay(now));
  if (!problems.empty()) return errors::InvalidFields(problems);
  return *checked;
}

// A meeting's fields under `prefix` ("meeting.", "update.").
std::optional<MeetingInput> MeetingFrom(std::vector<FieldProblem>& problems,
                                        const std::string& prefix,
                                        const v1::CommunityMeeting& meeting,
                                        absl::CivilDay today) {
  const std::string held = prefix + "heldOn";
  std::optional<absl::CivilDay> day;
  if (meeting.held_on().empty()) {
    problems.push_back({held, "is required"});
  } else {
    day = DayUpToToday(problems, held, meeting.held_on(), today);
  }
  errors::CheckText(problems, prefix + "title", meeting.title(), 1, 200);
  errors::CheckText(problems, prefix + "notes", meeting.notes(), 0, 2000);
  if (meeting.form() != v1::IN_PERSON && meeting.form() != v1::ONLINE) {
    problems.push_back({prefix + "form", "is required: IN_PERSON or ONLINE"});
  }
  if (meeting.attendees_size() > kMaxAttendees) {
    problems.push_back(
        {prefix + "attendees",
         absl::StrCat("must hold at most ", kMaxAttendees, " participants")});
  }
  for (int i = 0; i < meeting.attendees_size(); ++i) {
    CheckUuid(problems, absl::StrCat(prefix, "attendees[", i, "]"),
              meeting.attendees(i));
  }
  if (!day) return std::nullopt;
  // Ids as PostgreSQL writes them, so one person is one string.
  std::vector<std::string> attendees;
  for (const std::string& id : meeting.attendees()) {
    attendees.push_back(absl::AsciiStrToLower(id));
  }
  return MeetingInput{*day, meeting.title(),
                      v1::MeetingForm_Name(meeting.form()), meeting.notes(),
                      std::move(attendees)};
}

// An expert moderating the community enrols any official of the edition;
// the others their scope's.
rows::PlaceScope MemberScopeOf(const Caller& caller) {
  if (caller.role == EXPERT) return nullptr;
  return ScopeOf(caller);
}

std::string KindFilter(v1::CommunityKind kind) {
  return kind == v1::COMMUNITY_KIND_UNSPECIFIED ? ""
                                                : v1::CommunityKind_Name(kind);
}

}  // namespace

grpc::ServerUnaryReactor* TrainingServiceImpl::CreateCommunity(
    grpc::CallbackServerContext* context,
    const v1::CreateCommunityRequest* request, v1::Community* response) {
  return Serve("CreateCommunity", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    errors::CheckEdition(problems, "edition", request->edition());
    CheckCommunity(problems, request->community());
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(
        stores_.communities.Create(request->edition(), request->community(),
                                   clock_(), ActorOf(*caller)),
        response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListCommunities(
    grpc::CallbackServerContext* context,
    const v1::ListCommunitiesRequest* request,
    v1::ListCommunitiesResponse* response) {
  return Serve("ListCommunities", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    errors::CheckEdition(problems, "edition", request->edition());
    if (!v1::CommunityKind_IsValid(request->kind())) {
      problems.push_back({"kind",
                          "must be THEMATIC_NETWORK, COOPERATION_NETWORK or "
                          "EXCHANGE_GROUP"});
    }
    paging::Page page = paging::ReadOffsetPage(
        problems, "communities",
        {request->edition(), v1::CommunityKind_Name(request->kind())},
        request->page_size(), request->page_token());
    if (!problems.empty()) return errors::InvalidFields(problems);
    return paging::AnswerWholeList(
        page,
        stores_.communities.List(request->edition(),
                                 KindFilter(request->kind()),
                                 ProgrammeDay(clock_())),
        *response->mutable_communities(), *response->mutable_next_page_token());
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::GetCommunity(
    grpc::CallbackServerContext* context,
    const v1::GetCommunityRequest* request, v1::Community* response) {
  return Serve("GetCommunity", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->community())) {
      return errors::InvalidField("community", "must be a UUID");
    }
    return Answer(
        stores_.communities.Get(request->community(), ProgrammeDay(clock_())),
        response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::SetCommunityModerators(
    grpc::CallbackServerContext* context,
    const v1::SetCommunityModeratorsRequest* request, v1::Community* response) {
  return Serve(
      "SetCommunityModerators", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context);
        if (!caller.ok()) return caller.status();
        std::vector<FieldProblem> problems;
        CheckUuid(problems, "community", request->community());
        CheckModerators(problems, "moderators", request->moderators());
        if (!problems.empty()) return errors::InvalidFields(problems);
        return Answer(
            stores_.communities.SetModerators(
                request->community(),
                {request->moderators().begin(), request->moderators().end()},
                ProgrammeDay(clock_())),
            response);
      });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::JoinCommunity(
    grpc::CallbackServerContext* context,
    const v1::JoinCommunityRequest* request, v1::Membership* response) {
  return Serve("JoinCommunity", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    const absl::Time now = clock_();
    auto day = MembershipDay(request->community(), request->participant(),
                             "joinedOn", request->joined_on(), now);
    if (!day.ok()) return day.status();
    return Answer(stores_.communities.Join(
                      request->community(), request->participant(), *day,
                      MemberScopeOf(*caller), ExpertSubjectOf(*caller), now,
                      ActorOf(*caller)),
                  response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::LeaveCommunity(
    grpc::CallbackServerContext* context,
    const v1::LeaveCommunityRequest* request, v1::Membership* response) {
  return Serve("LeaveCommunity", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    const absl::Time now = clock_();
    auto day = MembershipDay(request->community(), request->participant(),
                             "leftOn", request->left_on(), now);
    if (!day.ok()) return day.status();
    return Answer(stores_.communities.Leave(
                      request->community(), request->participant(), *day,
                      MemberScopeOf(*caller), ExpertSubjectOf(*caller), now,
                      ActorOf(*caller)),
                  response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListCommunityMembers(
    grpc::CallbackServerContext* context,
    const v1::ListCommunityMembersRequest* request,
    v1::ListCommunityMembersResponse* response) {
  return Serve("ListCommunityMembers", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    CheckUuid(problems, "community", request->community());
    paging::Page page = paging::ReadOffsetPage(
        problems, "communityMembers",
        {request->community(), request->include_past() ? "past" : "today"},
        request->page_size(), request->page_token());
    if (!problems.empty()) return errors::InvalidFields(problems);
    return paging::AnswerWholeList(
        page,
        stores_.communities.ListMembers(
            request->community(), request->include_past(),
            ProgrammeDay(clock_()), RegionFilter(*caller),
            JstFilterOf(*caller)),
        *response->mutable_members(), *response->mutable_next_page_token());
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::RecordCommunityMeeting(
    grpc::CallbackServerContext* context,
    const v1::RecordCommunityMeetingRequest* request,
    v1::CommunityMeeting* response) {
  return Serve(
      "RecordCommunityMeeting", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context);
        if (!caller.ok()) return caller.status();
        const absl::Time now = clock_();
        std::vector<FieldProblem> problems;
        CheckUuid(problems, "community", request->community());
        auto meeting = MeetingFrom(problems, "meeting.", request->meeting(),
                                   ProgrammeDay(now));
        if (!problems.empty()) return errors::InvalidFields(problems);
        return Answer(stores_.communities.RecordMeeting(
                          request->community(), *meeting,
                          ExpertSubjectOf(*caller), now, ActorOf(*caller)),
                      response);
      });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::UpdateCommunityMeeting(
    grpc::CallbackServerContext* context,
    const v1::UpdateCommunityMeetingRequest* request,
    v1::CommunityMeeting* response) {
  return Serve(
      "UpdateCommunityMeeting", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context);
        if (!caller.ok()) return caller.status();
        const absl::Time now = clock_();
        std::vector<FieldProblem> problems;
        CheckUuid(problems, "meeting", request->meeting());
        auto meeting = MeetingFrom(problems, "update.", request->update(),
                                   ProgrammeDay(now));
        if (!problems.empty()) return errors::InvalidFields(problems);
        return Answer(stores_.communities.UpdateMeeting(
                          request->meeting(), *meeting,
                          ExpertSubjectOf(*caller), now, ActorOf(*caller)),
                      response);
      });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListCommunityMeetings(
    grpc::CallbackServerContext* context,
    const v1::ListCommunityMeetingsRequest* request,
    v1::ListCommunityMeetingsResponse* response) {
  return Serve("ListCommunityMeetings", context, request,
               [=]() -> absl::Status {
                 auto caller = CallerOf(*context);
                 if (!caller.ok()) return caller.status();
                 std::vector<FieldProblem> problems;
                 CheckUuid(problems, "community", request->community());
                 paging::Page page = paging::ReadOffsetPage(
                     problems, "communityMeetings", {request->community()},
                     request->page_size(), request->page_token());
                 if (!problems.empty()) return errors::InvalidFields(problems);
                 return paging::AnswerWholeList(
                     page,
                     stores_.communities.ListMeetings(request->community(),
                                                      RegionFilter(*caller),
                                                      JstFilterOf(*caller)),
                     *response->mutable_meetings(),
                     *response->mutable_next_page_token());
               });
}

}  // namespace jstedu::training
