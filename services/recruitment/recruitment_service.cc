#include "services/recruitment/recruitment_service.h"

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/caller.h"
#include "common/grpc/context.h"
#include "common/grpc/principal.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/status/paging.h"
#include "common/time/civil_time.h"
#include "services/recruitment/api_input.h"
#include "services/recruitment/domain/jst_scope.h"
#include "services/recruitment/domain/participant.h"
#include "services/recruitment/registry_loader.h"

namespace jstedu::recruitment {
namespace {

using grpcutil::Answer;
using grpcutil::Serve;

v1::JstKind ToProto(JstKind kind) {
  switch (kind) {
    case JstKind::kUrbanCommune:
      return v1::URBAN_COMMUNE;
    case JstKind::kRuralCommune:
      return v1::RURAL_COMMUNE;
    case JstKind::kUrbanRuralCommune:
      return v1::URBAN_RURAL_COMMUNE;
    case JstKind::kCounty:
      return v1::COUNTY;
  }
  return v1::JST_KIND_UNSPECIFIED;
}

void ToProto(const Jst& jst, v1::Jst* out) {
  out->set_teryt(jst.teryt);
  out->set_name(jst.name);
  out->set_kind(ToProto(jst.kind));
  out->set_city_with_county_rights(jst.city_with_county_rights);
  out->set_voivodeship(jst.voivodeship);
  out->set_county(jst.county);
  out->set_workshop_group(jst.workshop_group);
  out->set_register_date(jst.register_date);
  out->set_degurba(jst.degurba);
}

// The registry scope of the call's verified principal.
absl::StatusOr<JstScope> CallerScope(const grpc::ServerContextBase& context) {
  auto principal = grpcutil::RequirePrincipal(context);
  if (!principal.ok()) return principal.status();
  return ScopeFor(auth::v1::Role_Name(principal->role()),
                  principal->voivodeship(), principal->jst());
}

// Representatives in one SubmitApplication (larger teams: the CSV import).
constexpr int kMaxTeam = 200;

// The caller as the stores record it, and its registry scope.
struct Caller {
  JstScope scope;
  Actor actor;
  grpcutil::Caller verified;
};

absl::StatusOr<Caller> CallerOf(const grpc::ServerContextBase& context,
                                absl::CivilDay today) {
  auto verified = grpcutil::CallerOf(context);
  if (!verified.ok()) return verified.status();
  auto scope =
      ScopeFor(verified->role_name, verified->voivodeship, verified->jst);
  if (!scope.ok()) return scope.status();
  Caller caller;
  caller.scope = *scope;
  caller.actor = {verified->subject, verified->role_name, verified->traceparent,
                  today};
  caller.verified = *std::move(verified);
  return caller;
}

bool OwnsIn(const JstScope& scope, const Ownership& owner) {
  return InScope(scope, owner.teryt);
}

absl::Status BadId(const std::string& field) {
  return errors::InvalidField(field, "must be a UUID");
}

// An application or participant the caller may act on (foreign ones are
// NOT_FOUND, exactly like unknown ids).
enum class Owned { kApplication, kParticipant };

absl::StatusOr<Ownership> OwnedInScope(Stores& stores, const Caller& caller,
                                       Owned what, const std::string& id) {
  const bool application = what == Owned::kApplication;
  const char* const kind = application ? "application" : "participant";
  if (!IsUuid(id)) return BadId(kind);
  auto owner = application ? stores.applications.Locate(id)
                           : stores.participants.Locate(id);
  if (!owner.ok()) return owner.status();
  if (!OwnsIn(caller.scope, *owner)) {
    return errors::NotFoundInScope(kind, id);
  }
  return owner;
}

// A clear answer for TERYT codes that are well-formed but not JSTs.
absl::Status NotAJst(const std::string& teryt) {
  if (ShapeOfTeryt(teryt) == TerytShape::kMalformed) {
    return errors::InvalidField(
        "teryt",
        "must be a TERYT code of 4 digits (county) or 7 digits (commune)");
  }
  if (ShapeOfTeryt(teryt) == TerytShape::kCommune) {
    switch (teryt.back()) {
      case '4':
        return errors::InvalidField(
            "teryt",
            "RODZ 4 is the town part of an urban-rural commune, not a JST; "
            "the commune (RODZ 3) applies");
      case '5':
        return errors::InvalidField(
            "teryt",
            "RODZ 5 is the rural area of an urban-rural commune, not a JST; "
            "the commune (RODZ 3) applies");
      case '8':
      case '9':
        return errors::InvalidField(
            "teryt",
            "RODZ 8/9 are districts and delegations of cities, not JSTs; "
            "the city applies");
      default:
        break;
    }
  }
  if (ShapeOfTeryt(teryt) == TerytShape::kVoivodeship) {
    return errors::InvalidField("teryt",
                                "a voivodeship is not a JST of the programme");
  }
  return JstNotFound(teryt);
}

absl::Status ReasonField(const std::string& field, const std::string& text) {
  const std::string problem = ReasonProblem(text);
  return problem.empty() ? absl::OkStatus()
                         : errors::InvalidField(field, problem);
}

// A page of a list of an edition's rows by id (ExportParticipants,
// ListParticipantFacts: optionally of one voivodeship;
// ListApplicationDecisions), its token's key a row's UUID.
absl::StatusOr<paging::Page> ReadEditionPage(const std::string& kind,
                                             const std::string& edition,
                                             const std::string& voivodeship,
                                             int page_size,
                                             const std::string& page_token) {
  if (!voivodeship.empty() && !IsVoivodeshipCode(voivodeship)) {
    return errors::InvalidField(
        "voivodeship", "must be a two-digit voivodeship code (02..32, even)");
  }
  auto page =
      paging::ReadPage(kind, {edition, voivodeship}, page_size, page_token, 1);
  if (!page.ok()) return page.status();
  if (!page->after.empty() && !IsUuid(page->after[0])) {
    return errors::InvalidField("pageToken", "is not a token of this list");
  }
  return page;
}

absl::Status ValidMask(const google::protobuf::FieldMask& mask,
                       bool (*allowed)(const std::string&)) {
  if (mask.paths().empty()) {
    return errors::InvalidField("updateMask", "must name at least one field");
  }
  std::set<std::string> seen;
  for (const std::string& path : mask.paths()) {
    if (!allowed(path)) {
      return errors::InvalidField(
          "updateMask", absl::StrCat("field ", errors::JsonFieldPath(path),
                                     " cannot be updated"));
    }
    if (!seen.insert(path).second) {
      return errors::InvalidField(
          "updateMask",
          absl::StrCat("names ", errors::JsonFieldPath(path), " twice"));
    }
  }
  return absl::OkStatus();
}

// Adds a problem for each well-formed code of `file` that is not a
// commune of the registry (the registry never drops a JST, so a code known
// now is known when the load commits).
absl::Status CheckRegistryCommunes(RegistryStore& registry, DegurbaFile* file) {
  std::vector<std::string> codes;
  for (const DegurbaRow& row : file->codes) codes.push_back(row.teryt);
  auto known = registry.Known(codes);
  if (!known.ok()) return known.status();
  for (const DegurbaRow& row : file->codes) {
    if (known->count(row.teryt) > 0) continue;
    file->problems.push_back(
        {row.line, file->teryt_column, "teryt",
         "is not a commune of the JST registry (RODZ 1, 2 or 3 of the loaded "
         "TERC register)"});
  }
  SortProblems(&file->problems);
  if (!file->problems.empty()) file->rows.clear();
  return absl::OkStatus();
}

}  // namespace

absl::CivilDay RecruitmentServiceImpl::Today() const {
  return ProgrammeDay(clock_());
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ListJsts(
    grpc::CallbackServerContext* context, const v1::ListJstsRequest* request,
    v1::ListJstsResponse* response) {
  return Serve("ListJsts", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto region = grpcutil::VoivodeshipFilter(
        caller->verified, request->voivodeship(), "voivodeship");
    if (!region.ok()) return region.status();
    JstQueryInput input;
    input.voivodeship = *region;
    if (request->kind() != v1::JST_KIND_UNSPECIFIED) {
      input.kind = v1::JstKind_IsValid(request->kind())
                       ? v1::JstKind_Name(request->kind())
                       : absl::StrCat(request->kind());
    }
    input.name_prefix = request->name_prefix();
    input.page_size = request->page_size();
    input.page_token = request->page_token();
    if (!RestrictToScope(caller->scope, &input))
      return absl::OkStatus();  // a JST: no foreign rows
    auto query = ValidateJstQuery(input);
    if (!query.ok()) return query.status();
    auto page = stores_.registry.List(*query);
    if (!page.ok()) return page.status();
    for (const Jst& jst : page->jsts) ToProto(jst, response->add_jsts());
    if (page->more) {
      response->set_next_page_token(
          NextPageToken(*query, page->jsts.back().teryt));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::GetJst(
    grpc::CallbackServerContext* context, const v1::GetJstRequest* request,
    v1::Jst* response) {
  return Serve("GetJst", context, request, [=]() -> absl::Status {
    auto scope = CallerScope(*context);
    if (!scope.ok()) return scope.status();
    const std::string& teryt = request->teryt();
    if (ShapeOfTeryt(teryt) == TerytShape::kMalformed) {
      return errors::InvalidField(
          "teryt",
          "must be a TERYT code of 4 digits (county) or 7 digits (commune)");
    }
    // Outside the caller's scope answers exactly as a non-existent code.
    if (!InScope(*scope, teryt)) return JstNotFound(teryt);
    auto jst = stores_.registry.Get(teryt);
    if (!jst.ok()) return jst.status();
    ToProto(*jst, response);
    return absl::OkStatus();
  });
}

// ================================================================ editions

grpc::ServerUnaryReactor* RecruitmentServiceImpl::CreateEdition(
    grpc::CallbackServerContext* context,
    const v1::CreateEditionRequest* request, v1::Edition* response) {
  return Serve("CreateEdition", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto problems = EditionProblems(request->edition(), "edition");
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(
        stores_.editions.CreateEdition(request->edition(), caller->actor),
        response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::UpdateEdition(
    grpc::CallbackServerContext* context,
    const v1::UpdateEditionRequest* request, v1::Edition* response) {
  return Serve("UpdateEdition", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    absl::Status mask =
        ValidMask(request->update_mask(), &IsUpdatableEditionField);
    if (!mask.ok()) return mask;
    if (request->expected_version() < 0) {
      return errors::InvalidFields(
          {{"expectedVersion",
            "must be the edition's version (>= 1), or 0 not to check it"}});
    }
    const std::vector<std::string> paths(request->update_mask().paths().begin(),
                                         request->update_mask().paths().end());
    auto edition = stores_.editions.UpdateEdition(
        request->edition(), paths, request->expected_version(),
        [](const v1::Edition& result) {
          auto problems = EditionProblems(result, "edition");
          return problems.empty() ? absl::OkStatus()
                                  : errors::InvalidFields(problems);
        },
        caller->actor);
    if (!edition.ok()) return edition.status();
    *response = *std::move(edition);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::GetEdition(
    grpc::CallbackServerContext* context, const v1::GetEditionRequest* request,
    v1::Edition* response) {
  return Serve("GetEdition", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    return Answer(stores_.editions.GetEdition(request->code()), response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ListEditions(
    grpc::CallbackServerContext* context,
    const v1::ListEditionsRequest* request,
    v1::ListEditionsResponse* response) {
  return Serve("ListEditions", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    return ListEditionsPage(*request, response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ListEditionFacts(
    grpc::CallbackServerContext* context,
    const v1::ListEditionsRequest* request,
    v1::ListEditionsResponse* response) {
  return Serve("ListEditionFacts", context, request, [=]() -> absl::Status {
    // The system's own principal: no JST scope to take.
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    return ListEditionsPage(*request, response);
  });
}

absl::Status RecruitmentServiceImpl::ListEditionsPage(
    const v1::ListEditionsRequest& request,
    v1::ListEditionsResponse* response) {
  auto page = paging::ReadPage("editions", {}, request.page_size(),
                               request.page_token(), 1);
  if (!page.ok()) return page.status();
  auto editions = stores_.editions.ListEditions(
      page->after.empty() ? "" : page->after[0], page->size + 1);
  if (!editions.ok()) return editions.status();
  for (v1::Edition& edition : *editions) {
    if (response->editions_size() == page->size) {
      response->set_next_page_token(
          page->NextToken({response->editions().rbegin()->code()}));
      break;
    }
    *response->add_editions() = std::move(edition);
  }
  return absl::OkStatus();
}

// ============================================================ applications

grpc::ServerUnaryReactor* RecruitmentServiceImpl::SubmitApplication(
    grpc::CallbackServerContext* context,
    const v1::SubmitApplicationRequest* request, v1::Application* response) {
  return Serve("SubmitApplication", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    const std::string& teryt = request->teryt();
    if (ShapeOfTeryt(teryt) == TerytShape::kMalformed) return NotAJst(teryt);
    if (!InScope(caller->scope, teryt)) return JstNotFound(teryt);
    if (request->representatives_size() > kMaxTeam) {
      return errors::InvalidField(
          "representatives",
          absl::StrCat("at most ", kMaxTeam,
                       " per request; add more later, or import a CSV file"));
    }
    std::vector<errors::FieldProblem> problems;
    std::vector<ParticipantData> team(request->representatives_size());
    for (int i = 0; i < request->representatives_size(); ++i) {
      AddViolations(
          absl::StrCat("representatives[", i, "]"),
          ValidateParticipant(InputFromProto(request->representatives(i)),
                              caller->actor.today, &team[i]),
          &problems);
    }
    std::set<std::string> seen;
    for (int i = 0; i < static_cast<int>(team.size()) && problems.empty();
         ++i) {
      const bool pesel = !team[i].pesel.empty();
      if (!seen.insert(pesel ? "p" + team[i].pesel
                             : "o" + team[i].other_identifier)
               .second) {
        problems.push_back(
            {absl::StrCat("representatives[", i,
                          pesel ? "].pesel" : "].otherIdentifier"),
             "the same identifier is given for an earlier representative"});
      }
    }
    InstitutionData institution;
    ValidateInstitutionBlock(request->institution(), &institution, &problems);
    if (!problems.empty()) return errors::InvalidFields(problems);
    auto jst = stores_.registry.Get(teryt);
    if (!jst.ok()) {
      return absl::IsNotFound(jst.status()) ? NotAJst(teryt) : jst.status();
    }
    return Answer(
        stores_.applications.SubmitApplication(request->edition(), teryt, team,
                                               caller->actor, institution),
        response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ListApplications(
    grpc::CallbackServerContext* context,
    const v1::ListApplicationsRequest* request,
    v1::ListApplicationsResponse* response) {
  return Serve("ListApplications", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    ApplicationQuery query;
    query.edition = request->edition();
    query.voivodeship = request->voivodeship();
    if (!query.voivodeship.empty() && !IsVoivodeshipCode(query.voivodeship)) {
      return errors::InvalidField(
          "voivodeship", "must be a two-digit voivodeship code (02..32, even)");
    }
    auto region = grpcutil::VoivodeshipFilter(caller->verified,
                                              query.voivodeship, "voivodeship");
    if (!region.ok()) return region.status();
    query.voivodeship = *region;
    const std::string& teryt = request->teryt();
    if (!teryt.empty()) {
      const TerytShape shape = ShapeOfTeryt(teryt);
      if (shape != TerytShape::kCounty && shape != TerytShape::kCommune) {
        return errors::InvalidField(
            "teryt",
            "must be a TERYT code of 4 digits (county) or 7 digits (commune)");
      }
      // A coordinator names JSTs of its voivodeship only, as with
      // `voivodeship`; a JST naming another finds nothing (below).
      auto own = grpcutil::VoivodeshipFilter(caller->verified,
                                             teryt.substr(0, 2), "teryt");
      if (!own.ok()) return own.status();
    }
    if (request->status() != v1::APPLICATION_STATUS_UNSPECIFIED) {
      if (!v1::ApplicationStatus_IsValid(request->status())) {
        return errors::InvalidField("status", "is not an application status");
      }
      query.status = v1::ApplicationStatus_Name(request->status());
    }
    if (request->kind() != v1::JST_KIND_UNSPECIFIED) {
      if (!v1::JstKind_IsValid(request->kind())) {
        return errors::InvalidField("kind", "is not a JST kind");
      }
      query.kind = v1::JstKind_Name(request->kind());
    }
    auto page = paging::ReadPage(
        "applications",
        {query.edition, query.voivodeship, query.status, teryt, query.kind},
        request->page_size(), request->page_token(), 1);
    if (!page.ok()) return page.status();
    query.limit = page->size;
    if (!page->after.empty() &&
        !absl::SimpleAtoi(page->after[0], &query.after_submission_number)) {
      return errors::InvalidField("pageToken", "is not a token of this list");
    }
    // A JST sees itself only (under another voivodeship or TERYT: nothing).
    query.teryt = caller->scope.teryt.empty() ? teryt : caller->scope.teryt;
    auto edition = stores_.editions.GetEdition(query.edition);
    if (!edition.ok()) return edition.status();
    if (!teryt.empty() && query.teryt != teryt) return absl::OkStatus();
    bool more = false;
    auto apps = stores_.applications.ListApplications(query, &more);
    if (!apps.ok()) return apps.status();
    for (v1::Application& app : *apps)
      *response->add_applications() = std::move(app);
    if (more && response->applications_size() > 0) {
      response->set_next_page_token(page->NextToken({absl::StrCat(
          response->applications().rbegin()->submission_number())}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::GetApplication(
    grpc::CallbackServerContext* context,
    const v1::GetApplicationRequest* request, v1::Application* response) {
  return Serve("GetApplication", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto owner = OwnedInScope(stores_, *caller, Owned::kApplication,
                              request->application());
    if (!owner.ok()) return owner.status();
    return Answer(stores_.applications.GetApplication(request->application()),
                  response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ListApplicationHistory(
    grpc::CallbackServerContext* context,
    const v1::ListApplicationHistoryRequest* request,
    v1::ListApplicationHistoryResponse* response) {
  return Serve(
      "ListApplicationHistory", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context, Today());
        if (!caller.ok()) return caller.status();
        auto owner = OwnedInScope(stores_, *caller, Owned::kApplication,
                                  request->application());
        if (!owner.ok()) return owner.status();
        auto page =
            paging::ReadPage("application-history", {request->application()},
                             request->page_size(), request->page_token(), 1);
        if (!page.ok()) return page.status();
        int64_t after = 0;
        if (!page->after.empty() && !absl::SimpleAtoi(page->after[0], &after)) {
          return errors::InvalidField("pageToken",
                                      "is not a token of this list");
        }
        bool more = false;
        auto entries = stores_.applications.ListApplicationHistory(
            request->application(), after, page->size, &more);
        if (!entries.ok()) return entries.status();
        // An office member's login is the office's own business: the
        // others in GetApplication's scope read the role alone.
        const bool office = caller->verified.role == auth::v1::ADMIN;
        for (v1::ApplicationHistoryEntry& entry : *entries) {
          if (!office) entry.clear_actor_subject();
          *response->add_entries() = std::move(entry);
        }
        if (more && response->entries_size() > 0) {
          response->set_next_page_token(page->NextToken(
              {absl::StrCat(response->entries().rbegin()->sequence())}));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::QualifyApplication(
    grpc::CallbackServerContext* context,
    const v1::QualifyApplicationRequest* request, v1::Application* response) {
  return Serve("QualifyApplication", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    if (!IsUuid(request->application())) return BadId("application");
    if (request->move_to_county_group()) {
      absl::Status reason =
          ReasonField("workshopGroupReason", request->workshop_group_reason());
      if (!reason.ok()) return reason;
    } else if (!request->workshop_group_reason().empty()) {
      return errors::InvalidField("workshopGroupReason",
                                  "is only given with moveToCountyGroup");
    }
    return Answer(stores_.applications.QualifyApplication(
                      request->application(), request->move_to_county_group(),
                      request->workshop_group_reason(), caller->actor),
                  response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::RejectApplication(
    grpc::CallbackServerContext* context,
    const v1::RejectApplicationRequest* request, v1::Application* response) {
  return Serve("RejectApplication", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    if (!IsUuid(request->application())) return BadId("application");
    absl::Status reason = ReasonField("reason", request->reason());
    if (!reason.ok()) return reason;
    return Answer(stores_.applications.RejectApplication(
                      request->application(), request->reason(), caller->actor),
                  response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::WithdrawApplication(
    grpc::CallbackServerContext* context,
    const v1::WithdrawApplicationRequest* request, v1::Application* response) {
  return Serve("WithdrawApplication", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto owner = OwnedInScope(stores_, *caller, Owned::kApplication,
                              request->application());
    if (!owner.ok()) return owner.status();
    absl::Status reason = ReasonField("reason", request->reason());
    if (!reason.ok()) return reason;
    return Answer(stores_.applications.WithdrawApplication(
                      request->application(), request->reason(), caller->actor),
                  response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::UpdateInstitution(
    grpc::CallbackServerContext* context,
    const v1::UpdateInstitutionRequest* request, v1::Application* response) {
  return Serve("UpdateInstitution", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto owner = OwnedInScope(stores_, *caller, Owned::kApplication,
                              request->application());
    if (!owner.ok()) return owner.status();
    InstitutionData institution;
    std::vector<errors::FieldProblem> problems;
    ValidateInstitutionBlock(request->institution(), &institution, &problems);
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(stores_.applications.UpdateInstitution(
                      owner->application_id, institution, caller->actor),
                  response);
  });
}

// ============================================================ participants

grpc::ServerUnaryReactor* RecruitmentServiceImpl::CreateParticipant(
    grpc::CallbackServerContext* context,
    const v1::CreateParticipantRequest* request, v1::Participant* response) {
  return Serve("CreateParticipant", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto owner = OwnedInScope(stores_, *caller, Owned::kApplication,
                              request->application());
    if (!owner.ok()) return owner.status();
    ParticipantData data;
    std::vector<errors::FieldProblem> problems;
    AddViolations("participant",
                  ValidateParticipant(InputFromProto(request->participant()),
                                      caller->actor.today, &data),
                  &problems);
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(stores_.participants.CreateParticipant(owner->application_id,
                                                         data, caller->actor),
                  response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::GetParticipant(
    grpc::CallbackServerContext* context,
    const v1::GetParticipantRequest* request, v1::Participant* response) {
  return Serve("GetParticipant", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto owner = OwnedInScope(stores_, *caller, Owned::kParticipant,
                              request->participant());
    if (!owner.ok()) return owner.status();
    std::string purpose = request->purpose();
    if (purpose.empty()) {
      purpose = "view participant record";
    } else {
      absl::Status valid = ReasonField("purpose", purpose);
      if (!valid.ok()) return valid;
    }
    return Answer(stores_.participants.GetParticipant(request->participant(),
                                                      purpose, caller->actor),
                  response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::UpdateParticipant(
    grpc::CallbackServerContext* context,
    const v1::UpdateParticipantRequest* request, v1::Participant* response) {
  return Serve("UpdateParticipant", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    const std::string& id = request->participant().id();
    auto owner = OwnedInScope(stores_, *caller, Owned::kParticipant, id);
    if (!owner.ok()) return owner.status();
    absl::Status mask =
        ValidMask(request->update_mask(), &IsUpdatableParticipantField);
    if (!mask.ok()) return mask;
    auto before = stores_.participants.ParticipantRecord(id);
    if (!before.ok()) return before.status();
    ParticipantInput input = ToInput(*before);
    const std::vector<std::string> paths(request->update_mask().paths().begin(),
                                         request->update_mask().paths().end());
    ApplyMask(request->participant(), paths, &input);
    ParticipantData after;
    std::vector<errors::FieldProblem> problems;
    AddViolations("participant",
                  ValidateParticipant(input, caller->actor.today, &after),
                  &problems);
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(stores_.participants.UpdateParticipant(id, *before, after,
                                                         caller->actor),
                  response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::WithdrawParticipant(
    grpc::CallbackServerContext* context,
    const v1::WithdrawParticipantRequest* request, v1::Participant* response) {
  return Serve("WithdrawParticipant", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto owner = OwnedInScope(stores_, *caller, Owned::kParticipant,
                              request->participant());
    if (!owner.ok()) return owner.status();
    absl::Status reason = ReasonField("reason", request->reason());
    if (!reason.ok()) return reason;
    std::optional<absl::CivilDay> end;
    if (!request->participation_end().empty()) {
      absl::CivilDay day;
      if (!ParseIsoDate(request->participation_end(), &day)) {
        return errors::InvalidField("participationEnd",
                                    "must be a date YYYY-MM-DD");
      }
      end = day;  // the store checks it against today and the start
    }
    return Answer(
        stores_.participants.WithdrawParticipant(
            request->participant(), request->reason(), end, caller->actor),
        response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::RecordDeclaration(
    grpc::CallbackServerContext* context,
    const v1::RecordDeclarationRequest* request, v1::Participant* response) {
  return Serve("RecordDeclaration", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto owner = OwnedInScope(stores_, *caller, Owned::kParticipant,
                              request->participant());
    if (!owner.ok()) return owner.status();
    std::vector<errors::FieldProblem> problems;
    DeclarationData declaration;
    if (!ParseIsoDate(request->signed_on(), &declaration.signed_on)) {
      problems.push_back({"signedOn", "must be a date YYYY-MM-DD"});
    } else if (declaration.signed_on > caller->actor.today) {
      problems.push_back({"signedOn", "must not be in the future"});
    }
    if (!request->information_clause_handed_over()) {
      problems.push_back(
          {"informationClauseHandedOver",
           "the information clause on personal data must be handed over "
           "before the declaration is recorded"});
    }
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(stores_.participants.RecordDeclaration(
                      request->participant(), declaration, caller->actor),
                  response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ImportParticipants(
    grpc::CallbackServerContext* context,
    const v1::ImportParticipantsRequest* request,
    v1::ImportParticipantsResponse* response) {
  return Serve("ImportParticipants", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto owner = OwnedInScope(stores_, *caller, Owned::kApplication,
                              request->application());
    if (!owner.ok()) return owner.status();
    const ImportFile file =
        ReadParticipantCsv(request->csv(), caller->actor.today);
    if (!file.problems.empty())
      return errors::InvalidFields(ImportProblems(file.problems));
    return Answer(stores_.imports.ImportParticipants(
                      owner->application_id, file.rows,
                      Sha256Hex(request->csv()), caller->actor),
                  response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::LoadDegurba(
    grpc::CallbackServerContext* context, const v1::LoadDegurbaRequest* request,
    v1::LoadDegurbaResponse* response) {
  return Serve("LoadDegurba", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    DegurbaFile file = ReadDegurbaCsv(request->csv());
    absl::Status known = CheckRegistryCommunes(stores_.registry, &file);
    if (!known.ok()) return known;
    if (!file.problems.empty()) {
      return errors::InvalidFields(ImportProblems(file.problems));
    }
    return Answer(stores_.imports.LoadDegurba(
                      file.rows, Sha256Hex(request->csv()), caller->actor),
                  response);
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ExportParticipants(
    grpc::CallbackServerContext* context,
    const v1::ExportParticipantsRequest* request,
    v1::ExportParticipantsResponse* response) {
  return Serve("ExportParticipants", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    absl::Status purpose = ReasonField("purpose", request->purpose());
    if (!purpose.ok()) return purpose;
    auto page = ReadEditionPage("participants", request->edition(),
                                request->voivodeship(), request->page_size(),
                                request->page_token());
    if (!page.ok()) return page.status();
    bool more = false;
    std::map<std::string, v1::Institution> institutions;
    auto participants = stores_.exports.ExportParticipants(
        request->edition(), request->voivodeship(),
        page->after.empty() ? "" : page->after[0], page->size,
        request->purpose(), caller->actor, &more, &institutions);
    if (!participants.ok()) return participants.status();
    response->mutable_institutions()->insert(institutions.begin(),
                                             institutions.end());
    for (v1::Participant& p : *participants)
      *response->add_participants() = std::move(p);
    if (more && response->participants_size() > 0) {
      response->set_next_page_token(
          page->NextToken({response->participants().rbegin()->id()}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ListParticipantFacts(
    grpc::CallbackServerContext* context,
    const v1::ListParticipantFactsRequest* request,
    v1::ListParticipantFactsResponse* response) {
  return Serve("ListParticipantFacts", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    absl::Status edition = errors::CheckEdition(request->edition(), "edition");
    if (!edition.ok()) return edition;
    // A token of one list is not the other's.
    auto page = ReadEditionPage(request->every_application()
                                    ? "participantFactsOfEveryApplication"
                                    : "participantFacts",
                                request->edition(), request->voivodeship(),
                                request->page_size(), request->page_token());
    if (!page.ok()) return page.status();
    bool more = false;
    auto facts = stores_.exports.ListParticipantFacts(
        request->edition(), request->voivodeship(),
        page->after.empty() ? "" : page->after[0], page->size, &more,
        request->every_application());
    if (!facts.ok()) return facts.status();
    for (v1::ParticipantFacts& f : *facts)
      *response->add_participants() = std::move(f);
    if (more && response->participants_size() > 0) {
      response->set_next_page_token(page->NextToken(
          {response->participants().rbegin()->participant_id()}));
    }
    return absl::OkStatus();
  });
}

// ====================================================== identity conflicts

grpc::ServerUnaryReactor* RecruitmentServiceImpl::CountIdentityConflicts(
    grpc::CallbackServerContext* context,
    const v1::CountIdentityConflictsRequest* request,
    v1::IdentityConflictCount* response) {
  return Serve("CountIdentityConflicts", context, request,
               [=]() -> absl::Status {
                 auto caller = grpcutil::CallerOf(*context);
                 if (!caller.ok()) return caller.status();
                 absl::Status edition =
                     errors::CheckEdition(request->edition(), "edition");
                 if (!edition.ok()) return edition;
                 auto open = stores_.identity_conflicts.CountIdentityConflicts(
                     request->edition());
                 if (!open.ok()) return open.status();
                 response->set_open(*open);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ListIdentityConflicts(
    grpc::CallbackServerContext* context,
    const v1::ListIdentityConflictsRequest* request,
    v1::ListIdentityConflictsResponse* response) {
  return Serve(
      "ListIdentityConflicts", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context, Today());
        if (!caller.ok()) return caller.status();
        absl::Status edition =
            errors::CheckEdition(request->edition(), "edition");
        if (!edition.ok()) return edition;
        std::string purpose = request->purpose();
        if (purpose.empty()) {
          purpose = "identity conflict review";
        } else {
          absl::Status valid = ReasonField("purpose", purpose);
          if (!valid.ok()) return valid;
        }
        auto paged =
            paging::ReadPage("identityConflicts", {request->edition()},
                             request->page_size(), request->page_token(), 1);
        if (!paged.ok()) return paged.status();
        int64_t after_seq = 0;
        if (!paged->after.empty() &&
            !absl::SimpleAtoi(paged->after[0], &after_seq)) {
          return errors::InvalidField("pageToken",
                                      "is not a token of this list");
        }
        auto page = stores_.identity_conflicts.ListIdentityConflicts(
            request->edition(), after_seq, paged->size, purpose, caller->actor);
        if (!page.ok()) return page.status();
        for (v1::IdentityConflict& conflict : page->conflicts) {
          *response->add_conflicts() = std::move(conflict);
        }
        if (page->more) {
          response->set_next_page_token(
              paged->NextToken({absl::StrCat(page->last_seq)}));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ResolveIdentityConflict(
    grpc::CallbackServerContext* context,
    const v1::ResolveIdentityConflictRequest* request,
    v1::IdentityConflict* response) {
  return Serve(
      "ResolveIdentityConflict", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context, Today());
        if (!caller.ok()) return caller.status();
        if (!IsUuid(request->conflict())) return BadId("conflict");
        std::optional<Decision> decision;
        switch (request->decision()) {
          case v1::SAME_PERSON_MOVED:
            decision = Decision::kSamePersonMoved;
            break;
          case v1::MISTYPED:
            decision = Decision::kMistyped;
            break;
          case v1::DISTINCT_PEOPLE:
            decision = Decision::kDistinctPeople;
            break;
          default:
            return errors::InvalidField(
                "decision",
                "must be SAME_PERSON_MOVED, MISTYPED or DISTINCT_PEOPLE");
        }
        absl::Status reason = ReasonField("reason", request->reason());
        if (!reason.ok()) return reason;
        return Answer(stores_.identity_conflicts.ResolveIdentityConflict(
                          request->conflict(), *decision, request->reason(),
                          caller->actor),
                      response);
      });
}

// ============================================== a workshop group's people

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ListGroupParticipants(
    grpc::CallbackServerContext* context,
    const v1::ListGroupParticipantsRequest* request,
    v1::ListGroupParticipantsResponse* response) {
  return Serve(
      "ListGroupParticipants", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context, Today());
        if (!caller.ok()) return caller.status();
        absl::Status edition =
            errors::CheckEdition(request->edition(), "edition");
        if (!edition.ok()) return edition;
        const int group = request->workshop_group();
        if (group < 0 || group > 4) {
          return errors::InvalidField("workshopGroup",
                                      "must be 1..4, or 0 for every group");
        }
        auto page = paging::ReadPage(
            "groupParticipants", {request->edition(), absl::StrCat(group)},
            request->page_size(), request->page_token(), 1);
        if (!page.ok()) return page.status();
        if (!page->after.empty() && !IsUuid(page->after[0])) {
          return errors::InvalidField("pageToken",
                                      "is not a token of this list");
        }
        bool more = false;
        auto people = stores_.exports.ListGroupParticipants(
            request->edition(), group,
            page->after.empty() ? "" : page->after[0], page->size,
            caller->actor, &more);
        if (!people.ok()) return people.status();
        for (v1::GroupParticipant& p : *people)
          *response->add_participants() = std::move(p);
        if (more && response->participants_size() > 0) {
          response->set_next_page_token(page->NextToken(
              {response->participants().rbegin()->participant()}));
        }
        return absl::OkStatus();
      });
}

// ====================================================== the account directory

namespace {

constexpr char kSubjectRule[] =
    "must be an account's sign-in subject: 1 to 128 visible ASCII characters";

// Whose entry a call names: the caller's own when `requested` is empty;
// another's only for the office.
absl::StatusOr<std::string> EntryOwner(const grpcutil::Caller& caller,
                                       const std::string& requested) {
  if (requested.empty() || requested == caller.subject) return caller.subject;
  if (caller.role != auth::v1::ADMIN) {
    return errors::DeniedField(
        "subject",
        "only the programme office reads or sets another "
        "account's address; leave it empty for your own");
  }
  if (!errors::IsSubject(requested)) {
    return errors::InvalidField("subject", kSubjectRule);
  }
  return requested;
}

// The role and voivodeship the entry of `owner` takes: one's own from
// one's sign-in (naming others is refused); another's as the office names
// them, or kept as they were when it names none (nullopt).
absl::StatusOr<std::optional<AccountRole>> EntryRole(
    const grpcutil::Caller& caller, const std::string& owner,
    const v1::SetAccountContactRequest& request) {
  const auth::v1::Role named = request.role();
  const std::string& voivodeship = request.voivodeship();
  if (request.clear_role()) {
    if (owner == caller.subject) {
      return errors::InvalidField(
          "clearRole", "only the office clears another account's role");
    }
    if (named != auth::v1::ROLE_UNSPECIFIED || !voivodeship.empty()) {
      return errors::InvalidField(
          "clearRole", "clears the role: name no role or voivodeship with it");
    }
    return std::optional<AccountRole>(AccountRole{});
  }
  if (owner == caller.subject) {
    const AccountRole own{caller.role, caller.role == auth::v1::COORDINATOR
                                           ? caller.voivodeship
                                           : ""};
    if (named != auth::v1::ROLE_UNSPECIFIED && named != own.role) {
      return errors::InvalidField(
          "role", absl::StrCat("is your sign-in's (", caller.role_name,
                               "): leave it empty for your own entry"));
    }
    if (!voivodeship.empty() && voivodeship != own.voivodeship) {
      return errors::InvalidField(
          "voivodeship",
          "is your sign-in's: leave it empty for your own entry");
    }
    return std::optional<AccountRole>(own);
  }
  if (named == auth::v1::ROLE_UNSPECIFIED) {
    if (!voivodeship.empty()) {
      return errors::InvalidField(
          "role", "is required with a voivodeship: name the COORDINATOR role");
    }
    return std::optional<AccountRole>();
  }
  if (named != auth::v1::ADMIN && named != auth::v1::COORDINATOR &&
      named != auth::v1::EXPERT && named != auth::v1::TRAINER) {
    return errors::InvalidField(
        "role",
        "must be ADMIN, COORDINATOR, EXPERT or TRAINER (JST staff and the "
        "ministry have no entry)");
  }
  if (named == auth::v1::COORDINATOR && !IsVoivodeshipCode(voivodeship)) {
    return errors::InvalidField(
        "voivodeship",
        voivodeship.empty()
            ? "is required for a coordinator: the TERYT code of its "
              "voivodeship (\"14\")"
            : "must be a voivodeship's TERYT code: an even number 02 to 32");
  }
  if (named != auth::v1::COORDINATOR && !voivodeship.empty()) {
    return errors::InvalidField("voivodeship",
                                "is a coordinator's only: leave it empty");
  }
  return std::optional<AccountRole>(AccountRole{named, voivodeship});
}

}  // namespace

grpc::ServerUnaryReactor* RecruitmentServiceImpl::GetAccountContact(
    grpc::CallbackServerContext* context,
    const v1::GetAccountContactRequest* request, v1::AccountContact* response) {
  return Serve("GetAccountContact", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto owner = EntryOwner(caller->verified, request->subject());
    if (!owner.ok()) return owner.status();
    auto entry = stores_.contacts.GetAccountEntry(*owner, caller->actor);
    if (!entry.ok()) return entry.status();
    *response = *std::move(entry);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::SetAccountContact(
    grpc::CallbackServerContext* context,
    const v1::SetAccountContactRequest* request, v1::AccountContact* response) {
  return Serve("SetAccountContact", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context, Today());
    if (!caller.ok()) return caller.status();
    auto owner = EntryOwner(caller->verified, request->subject());
    if (!owner.ok()) return owner.status();
    if (TrimField(request->email()).empty()) {
      return errors::InvalidField("email", "is required");
    }
    std::string email;
    const std::string problem =
        EmailProblem(TrimField(request->email()), &email);
    if (!problem.empty()) return errors::InvalidField("email", problem);
    auto role = EntryRole(caller->verified, *owner, *request);
    if (!role.ok()) return role.status();
    auto entry =
        stores_.contacts.SetAccountEntry(*owner, email, *role, caller->actor);
    if (!entry.ok()) return entry.status();
    *response = *std::move(entry);
    return absl::OkStatus();
  });
}

// ================================================ an address for a message

grpc::ServerUnaryReactor* RecruitmentServiceImpl::GetNotificationContact(
    grpc::CallbackServerContext* context,
    const v1::GetNotificationContactRequest* request,
    v1::NotificationContact* response) {
  return Serve(
      "GetNotificationContact", context, request, [=]() -> absl::Status {
        auto verified = grpcutil::CallerOf(*context);
        if (!verified.ok()) return verified.status();
        const Actor actor = {verified->subject, verified->role_name,
                             verified->traceparent, Today()};
        if (!IsUuid(request->notification())) return BadId("notification");
        absl::StatusOr<std::string> email;
        switch (request->person_case()) {
          case v1::GetNotificationContactRequest::kParticipant:
            if (!IsUuid(request->participant())) return BadId("participant");
            email = stores_.contacts.ParticipantContact(
                request->participant(), request->notification(), actor);
            break;
          case v1::GetNotificationContactRequest::kApplication:
            if (!IsUuid(request->application())) return BadId("application");
            email = stores_.contacts.ApplicationContact(
                request->application(), request->notification(), actor);
            break;
          case v1::GetNotificationContactRequest::kAccount:
            if (!errors::IsSubject(request->account())) {
              return errors::InvalidField("account", kSubjectRule);
            }
            email = stores_.contacts.AccountContact(
                request->account(), request->notification(), actor);
            break;
          default:
            return errors::InvalidField(
                "person", "name a participant, an application or an account");
        }
        if (!email.ok()) return email.status();
        response->set_email(*std::move(email));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ListApplicationDecisions(
    grpc::CallbackServerContext* context,
    const v1::ListApplicationDecisionsRequest* request,
    v1::ListApplicationDecisionsResponse* response) {
  return Serve(
      "ListApplicationDecisions", context, request, [=]() -> absl::Status {
        auto caller = grpcutil::CallerOf(*context);
        if (!caller.ok()) return caller.status();
        absl::Status edition =
            errors::CheckEdition(request->edition(), "edition");
        if (!edition.ok()) return edition;
        auto page =
            ReadEditionPage("applicationDecisions", request->edition(), "",
                            request->page_size(), request->page_token());
        if (!page.ok()) return page.status();
        bool more = false;
        auto decisions = stores_.exports.ListApplicationDecisions(
            request->edition(), page->after.empty() ? "" : page->after[0],
            page->size, &more);
        if (!decisions.ok()) return decisions.status();
        for (v1::ApplicationDecision& d : *decisions)
          *response->add_decisions() = std::move(d);
        if (more && response->decisions_size() > 0) {
          response->set_next_page_token(page->NextToken(
              {response->decisions().rbegin()->application_id()}));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* RecruitmentServiceImpl::ListAccountRoles(
    grpc::CallbackServerContext* context,
    const v1::ListAccountRolesRequest* request,
    v1::ListAccountRolesResponse* response) {
  return Serve("ListAccountRoles", context, request, [=]() -> absl::Status {
    auto caller = grpcutil::CallerOf(*context);
    if (!caller.ok()) return caller.status();
    auto page = paging::ReadPage("accountRoles", {}, request->page_size(),
                                 request->page_token(), 1);
    if (!page.ok()) return page.status();
    bool more = false;
    auto roles = stores_.exports.ListAccountRoles(
        page->after.empty() ? "" : page->after[0], page->size, &more);
    if (!roles.ok()) return roles.status();
    for (v1::AccountRole& r : *roles) *response->add_roles() = std::move(r);
    if (more && response->roles_size() > 0) {
      response->set_next_page_token(
          page->NextToken({response->roles().rbegin()->subject()}));
    }
    return absl::OkStatus();
  });
}

}  // namespace jstedu::recruitment
