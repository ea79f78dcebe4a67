#include "services/advisory/advisory_service.h"

#include "absl/strings/str_cat.h"
#include "common/grpc/caller.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/status/ids.h"
#include "common/status/paging.h"
#include "common/time/civil_time.h"
#include "services/advisory/api_input.h"
#include "services/advisory/callers.h"

namespace jstedu::advisory {
namespace {

using auth::v1::ADMIN;
using auth::v1::COORDINATOR;
using auth::v1::EXPERT;
using auth::v1::JST;
using grpcutil::Answer;
using grpcutil::Caller;
using grpcutil::CallerOf;
using grpcutil::Serve;

// Which roles may call each method is declared once, on the RPC in
// advisory.proto (jstedu.api.v1.access), and checked by CallerOf before a
// handler reads anything; the handlers check only the caller's scope.

}  // namespace

// ------------------------------------------------------ workflow versions

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ListWorkflowDefinitions(
    grpc::CallbackServerContext* context,
    const v1::ListWorkflowDefinitionsRequest* request,
    v1::ListWorkflowDefinitionsResponse* response) {
  return Serve(
      "ListWorkflowDefinitions", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context);
        if (!caller.ok()) return caller.status();
        auto page =
            paging::ReadOffsetPage("workflowDefinitions", {},
                                   request->page_size(), request->page_token());
        if (!page.ok()) return page.status();
        auto definitions = workflows_.List();
        if (!definitions.ok()) return definitions.status();
        for (auto& d : *definitions)
          *response->add_definitions() = std::move(d);
        response->set_next_page_token(
            paging::KeepPage(*page, *response->mutable_definitions()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::PublishWorkflowDefinition(
    grpc::CallbackServerContext* context,
    const v1::PublishWorkflowDefinitionRequest* request,
    v1::WorkflowDefinition* response) {
  return Serve(
      "PublishWorkflowDefinition", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context);
        if (!caller.ok()) return caller.status();
        absl::Status valid =
            Invalid(CheckWorkflowDefinition(request->definition()));
        if (!valid.ok()) return valid;
        return Answer(
            workflows_.Publish(request->definition(), ActorOf(*caller)),
            response);
      });
}

// ----------------------------------------------------------- support areas

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ListSupportAreas(
    grpc::CallbackServerContext* context,
    const v1::ListSupportAreasRequest* request,
    v1::ListSupportAreasResponse* response) {
  return Serve("ListSupportAreas", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    absl::Status edition = errors::CheckEdition(request->edition(), "edition");
    if (!edition.ok()) return edition;
    auto page =
        paging::ReadOffsetPage("supportAreas", {request->edition()},
                               request->page_size(), request->page_token());
    if (!page.ok()) return page.status();
    auto areas = areas_.List(request->edition());
    if (!areas.ok()) return areas.status();
    for (auto& a : *areas) *response->add_support_areas() = std::move(a);
    response->set_next_page_token(
        paging::KeepPage(*page, *response->mutable_support_areas()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::CreateSupportArea(
    grpc::CallbackServerContext* context,
    const v1::CreateSupportAreaRequest* request, v1::SupportArea* response) {
  return Serve("CreateSupportArea", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    absl::Status edition = errors::CheckEdition(request->edition(), "edition");
    if (!edition.ok()) return edition;
    absl::Status valid = Invalid(CheckSupportArea(request->support_area()));
    if (!valid.ok()) return valid;
    return Answer(areas_.Create(request->edition(), request->support_area(),
                                ActorOf(*caller)),
                  response);
  });
}

// ----------------------------------------------------------------- experts

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ListExperts(
    grpc::CallbackServerContext* context, const v1::ListExpertsRequest* request,
    v1::ListExpertsResponse* response) {
  return Serve("ListExperts", context, request, [=]() -> absl::Status {
    auto who = ScopedCallerOf(*context);
    if (!who.ok()) return who.status();
    Problems problems;
    if (!request->voivodeship().empty() &&
        !errors::IsVoivodeshipCode(request->voivodeship())) {
      problems.push_back(
          {"voivodeship", "must be a voivodeship code (02, 04, … 32)"});
    }
    if (!v1::Speciality_IsValid(request->speciality())) {
      problems.push_back({"speciality", "is not a speciality"});
    }
    const paging::Page page = paging::ReadOffsetPage(
        problems, "experts",
        {request->voivodeship(), v1::Speciality_Name(request->speciality()),
         request->active_only() ? "active" : "all"},
        request->page_size(), request->page_token());
    absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    ExpertQuery query;
    if (request->speciality() != v1::SPECIALITY_UNSPECIFIED) {
      query.speciality = v1::Speciality_Name(request->speciality());
    }
    query.active_only = request->active_only();
    // A coordinator: those serving its region.
    auto region = grpcutil::VoivodeshipFilter(
        who->caller, request->voivodeship(), "voivodeship");
    if (!region.ok()) return region.status();
    query.voivodeship = *region;
    if (who->caller.role == EXPERT) query.subject = who->caller.subject;
    // Only the page is read, and audited as read.
    query.window = {page.offset, page.size};
    bool more = false;
    auto experts = experts_.List(query, ActorOf(who->caller), &more);
    if (!experts.ok()) return experts.status();
    for (auto& e : *experts) *response->add_experts() = std::move(e);
    response->set_next_page_token(page.NextOffsetToken(more));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::CreateExpert(
    grpc::CallbackServerContext* context,
    const v1::CreateExpertRequest* request, v1::Expert* response) {
  return Serve("CreateExpert", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    absl::Status valid = Invalid(CheckExpert(request->expert()));
    if (!valid.ok()) return valid;
    return Answer(experts_.Create(request->expert()), response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::GetExpertAccount(
    grpc::CallbackServerContext* context,
    const v1::GetExpertAccountRequest* request, v1::ExpertAccount* response) {
  return Serve("GetExpertAccount", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    Problems problems;
    CheckUuid(problems, "expert", request->expert());
    absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    auto subject = experts_.SubjectOf(request->expert());
    if (!subject.ok()) return subject.status();
    response->set_expert(request->expert());
    response->set_subject(*std::move(subject));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ListCaseFacts(
    grpc::CallbackServerContext* context,
    const v1::ListCaseFactsRequest* request,
    v1::ListCaseFactsResponse* response) {
  return Serve("ListCaseFacts", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    absl::Status edition = errors::CheckEdition(request->edition(), "edition");
    if (!edition.ok()) return edition;
    Problems problems;
    const paging::Page page =
        paging::ReadPage(problems, "caseFacts", {request->edition()},
                         request->page_size(), request->page_token(), 1);
    if (!page.after.empty()) CheckUuid(problems, "pageToken", page.after[0]);
    absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    bool more = false;
    auto cases = cases_.ListFacts(request->edition(),
                                  page.after.empty() ? "" : page.after[0],
                                  page.size, &more);
    if (!cases.ok()) return cases.status();
    for (auto& c : *cases) *response->add_cases() = std::move(c);
    if (more && response->cases_size() > 0) {
      response->set_next_page_token(
          page.NextToken({response->cases().rbegin()->case_id()}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::DeactivateExpert(
    grpc::CallbackServerContext* context,
    const v1::DeactivateExpertRequest* request,
    v1::DeactivateExpertResponse* response) {
  return Serve("DeactivateExpert", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    Problems problems;
    CheckUuid(problems, "expert", request->expert());
    errors::CheckText(problems, "handoverNote", request->handover_note(), 1,
                      4000);
    if (request->handovers_size() > 1000) {
      problems.push_back({"handovers", "must have at most 1000 entries"});
    }
    for (int i = 0; i < request->handovers_size() && i < 1000; ++i) {
      CheckUuid(problems, absl::StrCat("handovers[", i, "].case"),
                request->handovers(i).case_());
      CheckUuid(problems, absl::StrCat("handovers[", i, "].expert"),
                request->handovers(i).expert());
      if (request->exact_plan()) {
        CheckUuid(problems, absl::StrCat("handovers[", i, "].guardian"),
                  request->handovers(i).guardian());
      }
    }
    absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    std::vector<v1::Handover> handovers(request->handovers().begin(),
                                        request->handovers().end());
    return Answer(
        experts_.Deactivate(request->expert(), request->handover_note(),
                            handovers, request->validate_only(),
                            request->exact_plan(), ActorOf(*caller), clock_()),
        response);
  });
}

// ------------------------------------------------------------- case reads

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ListCases(
    grpc::CallbackServerContext* context, const v1::ListCasesRequest* request,
    v1::ListCasesResponse* response) {
  return Serve("ListCases", context, request, [=]() -> absl::Status {
    auto who = ScopedCallerOf(*context);
    if (!who.ok()) return who.status();
    Problems problems;
    if (!request->edition().empty() &&
        !ids::IsEditionCode(request->edition())) {
      problems.push_back(
          {"edition", "must be an edition code: 2..32 of A-Z, 0-9 and '-'"});
    }
    if (!request->voivodeship().empty() &&
        !errors::IsVoivodeshipCode(request->voivodeship())) {
      problems.push_back(
          {"voivodeship", "must be a voivodeship code (02, 04, … 32)"});
    }
    if (!v1::Stage_IsValid(request->stage()))
      problems.push_back({"stage", "is not a stage"});
    if (!request->expert().empty())
      CheckUuid(problems, "expert", request->expert());
    const std::string& teryt = request->teryt();
    if (!teryt.empty()) CheckTeryt(problems, "teryt", teryt);
    const paging::Page page =
        paging::ReadPage(problems, "cases",
                         {request->edition(), request->voivodeship(),
                          v1::Stage_Name(request->stage()), request->expert(),
                          request->overdue() ? "overdue" : "all", teryt},
                         request->page_size(), request->page_token(), 2);
    absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    auto region = grpcutil::VoivodeshipFilter(
        who->caller, request->voivodeship(), "voivodeship");
    if (!region.ok()) return region.status();
    // A coordinator names JSTs of its voivodeship only, as with
    // `voivodeship`; for the others the scope below narrows it.
    if (!teryt.empty()) {
      auto own =
          grpcutil::VoivodeshipFilter(who->caller, teryt.substr(0, 2), "teryt");
      if (!own.ok()) return own.status();
    }
    CaseQuery query;
    query.edition = request->edition();
    query.scope = who->scope;
    query.voivodeship = *region;
    query.teryt = teryt;
    if (request->stage() != v1::STAGE_UNSPECIFIED) {
      query.stage = v1::Stage_Name(request->stage());
    }
    query.expert_id = request->expert();
    query.overdue_only = request->overdue();
    query.today = ProgrammeDay(clock_());
    query.limit = page.size;
    if (!page.after.empty()) {
      if (!ids::IsUuid(page.after[1])) {
        return errors::InvalidField("pageToken", "is not a token of this list");
      }
      query.after = {page.after[0], page.after[1]};
    }
    bool more = false;
    auto cases = cases_.List(query, &more);
    if (!cases.ok()) return cases.status();
    for (auto& c : *cases) *response->add_cases() = std::move(c);
    if (more)
      response->set_next_page_token(
          page.NextToken({response->cases().rbegin()->teryt(),
                          response->cases().rbegin()->id()}));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::GetCase(
    grpc::CallbackServerContext* context, const v1::GetCaseRequest* request,
    v1::Case* response) {
  return Serve("GetCase", context, request, [=]() -> absl::Status {
    auto who = CaseCaller(*context, request->case_());
    if (!who.ok()) return who.status();
    return Answer(cases_.Get(request->case_(), who->scope,
                             ProgrammeDay(clock_()), ActorOf(who->caller)),
                  response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::GetCaseHistory(
    grpc::CallbackServerContext* context,
    const v1::GetCaseHistoryRequest* request,
    v1::GetCaseHistoryResponse* response) {
  return Serve("GetCaseHistory", context, request, [=]() -> absl::Status {
    auto who = CaseCaller(*context, request->case_());
    if (!who.ok()) return who.status();
    auto entries = cases_.History(request->case_(), who->scope);
    if (!entries.ok()) return entries.status();
    for (auto& e : *entries) *response->add_entries() = std::move(e);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ProposeExperts(
    grpc::CallbackServerContext* context,
    const v1::ProposeExpertsRequest* request, v1::ExpertProposal* response) {
  return Serve("ProposeExperts", context, request, [=]() -> absl::Status {
    auto who = CaseCaller(*context, request->case_());
    if (!who.ok()) return who.status();
    return Answer(cases_.ProposeExperts(request->case_(), who->scope),
                  response);
  });
}

// --------------------------------------------------------------- commands

namespace {

// The common part of every command: scope, case id, version.
absl::StatusOr<CommandInput> CommandOf(const grpc::ServerContextBase& context,
                                       const std::string& case_id,
                                       int64_t expected_version, absl::Time now,
                                       Problems& problems) {
  auto who = ScopedCallerOf(context);
  if (!who.ok()) return who.status();
  CheckUuid(problems, "case", case_id);
  if (expected_version < 1)
    problems.push_back({"expectedVersion", "must be given (>= 1)"});
  CommandInput in;
  in.case_id = case_id;
  in.expected_version = expected_version;
  in.actor = ActorOf(who->caller);
  in.scope = who->scope;
  in.now = now;
  in.today = ProgrammeDay(now);
  return in;
}

void Append(Problems& problems, const Problems& more) {
  problems.insert(problems.end(), more.begin(), more.end());
}

// One command on a case: the caller's scope, the case id and
// version, the command's own input (`check` lists its problems and may
// complete the CommandInput), then `work` with the store.
template <typename Check, typename Work>
absl::Status CaseCommand(const grpc::ServerContextBase& context,
                         const std::string& case_id, int64_t expected_version,
                         absl::Time now, Check check, Work work,
                         v1::Case* response) {
  Problems problems;
  auto in = CommandOf(context, case_id, expected_version, now, problems);
  if (!in.ok()) return in.status();
  check(*in, problems);
  absl::Status valid = Invalid(problems);
  if (!valid.ok()) return valid;
  return Answer(work(*in), response);
}

// The optional free-text reason most commands carry.
auto Reason(const std::string& reason) {
  return [&reason](CommandInput& in, Problems& problems) {
    errors::CheckText(problems, "reason", reason, 0, 2000);
    in.reason = reason;
  };
}

}  // namespace

grpc::ServerUnaryReactor* AdvisoryServiceImpl::AssignExperts(
    grpc::CallbackServerContext* context,
    const v1::AssignExpertsRequest* request, v1::Case* response) {
  return Serve("AssignExperts", context, request, [=]() -> absl::Status {
    return CaseCommand(
        *context, request->case_(), request->expected_version(), clock_(),
        [&](CommandInput& in, Problems& problems) {
          CheckUuid(problems, "educationExpert", request->education_expert());
          CheckUuid(problems, "personnelExpert", request->personnel_expert());
          if (request->guardian() != v1::EDUCATION_DEVELOPMENT &&
              request->guardian() != v1::PERSONNEL_DEVELOPMENT) {
            problems.push_back(
                {"guardian",
                 "must be EDUCATION_DEVELOPMENT or PERSONNEL_DEVELOPMENT"});
          }
          Reason(request->reason())(in, problems);
        },
        [&](const CommandInput& in) {
          return commands_.AssignExperts(in, request->education_expert(),
                                         request->personnel_expert(),
                                         request->guardian());
        },
        response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ChooseArea(
    grpc::CallbackServerContext* context, const v1::ChooseAreaRequest* request,
    v1::Case* response) {
  return Serve("ChooseArea", context, request, [=]() -> absl::Status {
    return CaseCommand(
        *context, request->case_(), request->expected_version(), clock_(),
        [&](CommandInput& in, Problems& problems) {
          CheckUuid(problems, "supportArea", request->support_area());
          Append(problems, CheckAgreement(request->agreement(), in.today));
        },
        [&](const CommandInput& in) {
          return commands_.ChooseArea(in, request->support_area(),
                                      request->agreement());
        },
        response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::CompleteDiagnosis(
    grpc::CallbackServerContext* context,
    const v1::CompleteDiagnosisRequest* request, v1::Case* response) {
  return Serve("CompleteDiagnosis", context, request, [=]() -> absl::Status {
    return CaseCommand(
        *context, request->case_(), request->expected_version(), clock_(),
        [&](CommandInput&, Problems& problems) {
          errors::CheckText(problems, "diagnosisSummary",
                            request->diagnosis_summary(), 1, 8000);
          Append(problems, CheckActions(request->actions()));
        },
        [&](const CommandInput& in) {
          std::vector<v1::Action> list(request->actions().begin(),
                                       request->actions().end());
          return commands_.CompleteDiagnosis(in, request->diagnosis_summary(),
                                             list);
        },
        response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ApproveSchedule(
    grpc::CallbackServerContext* context,
    const v1::ApproveScheduleRequest* request, v1::Case* response) {
  return Serve("ApproveSchedule", context, request, [=]() -> absl::Status {
    return CaseCommand(
        *context, request->case_(), request->expected_version(), clock_(),
        Reason(request->reason()),
        [&](const CommandInput& in) {
          return commands_.ApproveSchedule(in, in.actor.subject);
        },
        response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::CompleteRollout(
    grpc::CallbackServerContext* context,
    const v1::CompleteRolloutRequest* request, v1::Case* response) {
  return Serve("CompleteRollout", context, request, [=]() -> absl::Status {
    return CaseCommand(
        *context, request->case_(), request->expected_version(), clock_(),
        Reason(request->reason()),
        [&](const CommandInput& in) { return commands_.CompleteRollout(in); },
        response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::AdoptPlan(
    grpc::CallbackServerContext* context, const v1::AdoptPlanRequest* request,
    v1::Case* response) {
  return Serve("AdoptPlan", context, request, [=]() -> absl::Status {
    return CaseCommand(
        *context, request->case_(), request->expected_version(), clock_(),
        [&](CommandInput& in, Problems& problems) {
          Append(problems, CheckPlan(request->plan(), in.today));
        },
        [&](const CommandInput& in) {
          return commands_.AdoptPlan(in, request->plan());
        },
        response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::CompleteAction(
    grpc::CallbackServerContext* context,
    const v1::CompleteActionRequest* request, v1::Case* response) {
  return Serve("CompleteAction", context, request, [=]() -> absl::Status {
    absl::CivilDay done_on;
    return CaseCommand(
        *context, request->case_(), request->expected_version(), clock_(),
        [&](CommandInput& in, Problems& problems) {
          CheckUuid(problems, "action", request->action());
          done_on = in.today;
          if (request->done_on().empty()) return;
          auto day = errors::CheckDate(problems, "doneOn", request->done_on());
          if (day && *day > in.today)
            problems.push_back({"doneOn", "cannot be after today"});
          if (day) done_on = *day;
        },
        [&](const CommandInput& in) {
          return commands_.CompleteAction(in, request->action(), done_on);
        },
        response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::DropAction(
    grpc::CallbackServerContext* context, const v1::DropActionRequest* request,
    v1::Case* response) {
  return Serve("DropAction", context, request, [=]() -> absl::Status {
    return CaseCommand(
        *context, request->case_(), request->expected_version(), clock_(),
        [&](CommandInput&, Problems& problems) {
          CheckUuid(problems, "action", request->action());
          errors::CheckText(problems, "reason", request->reason(), 1, 2000);
        },
        [&](const CommandInput& in) {
          return commands_.DropAction(in, request->action(), request->reason());
        },
        response);
  });
}

// -------------------------------------------------------------- activities

grpc::ServerUnaryReactor* AdvisoryServiceImpl::CreateActivity(
    grpc::CallbackServerContext* context,
    const v1::CreateActivityRequest* request, v1::Activity* response) {
  return Serve("CreateActivity", context, request, [=]() -> absl::Status {
    auto who = ScopedCallerOf(*context);
    if (!who.ok()) return who.status();
    const absl::Time now = clock_();
    Problems problems;
    CheckUuid(problems, "case", request->case_());
    Append(problems, CheckActivity(request->activity(), ProgrammeDay(now)));
    absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    return Answer(
        activities_.Create(request->case_(), who->scope, request->activity(),
                           ActorOf(who->caller), now),
        response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ListActivities(
    grpc::CallbackServerContext* context,
    const v1::ListActivitiesRequest* request,
    v1::ListActivitiesResponse* response) {
  return Serve("ListActivities", context, request, [=]() -> absl::Status {
    auto who = CaseCaller(*context, request->case_());
    if (!who.ok()) return who.status();
    auto page =
        paging::ReadOffsetPage("activities", {request->case_()},
                               request->page_size(), request->page_token());
    if (!page.ok()) return page.status();
    // Only the page is read, and audited as read.
    bool more = false;
    auto activities =
        activities_.List(request->case_(), who->scope, ActorOf(who->caller),
                         {page->offset, page->size}, &more);
    if (!activities.ok()) return activities.status();
    for (auto& a : *activities) *response->add_activities() = std::move(a);
    response->set_next_page_token(page->NextOffsetToken(more));
    return absl::OkStatus();
  });
}

}  // namespace jstedu::advisory
