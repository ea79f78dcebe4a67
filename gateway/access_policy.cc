#include "gateway/access_policy.h"

#include <string>
#include <unordered_map>

namespace jstedu::gateway {
namespace {

using auth::v1::ADMIN;
using auth::v1::COORDINATOR;
using auth::v1::EXPERT;
using auth::v1::JST;
using auth::v1::MINISTRY;
using auth::v1::TRAINER;

// Method → bit mask of allowed roles (bit = Role value).
const std::unordered_map<std::string_view, uint32_t>& Index() {
  static const auto* index = [] {
    auto* masks = new std::unordered_map<std::string_view, uint32_t>();
    for (const AccessRule& rule : AccessTable()) {
      uint32_t& mask = (*masks)[rule.method];
      for (auth::v1::Role role : rule.roles) {
        if (role != auth::v1::ROLE_UNSPECIFIED) mask |= 1u << role;
      }
    }
    return masks;
  }();
  return *index;
}

}  // namespace

const std::vector<AccessRule>& AccessTable() {
  static const auto* rules = new std::vector<AccessRule>{
      // The JST registry is reference data every role needs. The recruitment
      // service scopes it for COORDINATOR (its voivodeship) and JST (its own
      // record) from the principal.
      {"jstedu.recruitment.v1.RecruitmentService.ListJsts",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.recruitment.v1.RecruitmentService.GetJst",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      // The communes' urbanisation degrees: the office loads the
      // statistics office's classification.
      {"jstedu.recruitment.v1.RecruitmentService.LoadDegurba", {ADMIN}},

      // Editions: the programme office (ADMIN) sets them up; every role
      // reads them (the recruitment window, capacity, counts).
      {"jstedu.recruitment.v1.RecruitmentService.CreateEdition", {ADMIN}},
      {"jstedu.recruitment.v1.RecruitmentService.UpdateEdition", {ADMIN}},
      {"jstedu.recruitment.v1.RecruitmentService.ListEditions",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.recruitment.v1.RecruitmentService.GetEdition",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},

      // Applications: a JST applies (or its voivodeship's coordinator, or the
      // office, on its behalf) and may withdraw; the office alone decides
      // (qualify, reject). The ministry reads them for oversight. The
      // service scopes COORDINATOR to its voivodeship, JST to its own JST.
      {"jstedu.recruitment.v1.RecruitmentService.SubmitApplication",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.ListApplications",
       {ADMIN, COORDINATOR, JST, MINISTRY}},
      {"jstedu.recruitment.v1.RecruitmentService.GetApplication",
       {ADMIN, COORDINATOR, JST, MINISTRY}},
      {"jstedu.recruitment.v1.RecruitmentService.ListApplicationHistory",
       {ADMIN, COORDINATOR, JST, MINISTRY}},
      {"jstedu.recruitment.v1.RecruitmentService.QualifyApplication", {ADMIN}},
      {"jstedu.recruitment.v1.RecruitmentService.RejectApplication", {ADMIN}},
      {"jstedu.recruitment.v1.RecruitmentService.WithdrawApplication",
       {ADMIN, COORDINATOR, JST}},
      // The JST's institution block (NIP, address, DEGURBA): whoever may
      // apply for it records it.
      {"jstedu.recruitment.v1.RecruitmentService.UpdateInstitution",
       {ADMIN, COORDINATOR, JST}},

      // Participants carry personal data (PESEL, contact details): only
      // those who manage a JST's team — the office, the voivodeship's
      // coordinator, the JST itself — and every answer is audited. No
      // EXPERT, TRAINER or MINISTRY: they see representatives only as
      // summaries in an Application. ExportParticipants has no route (the
      // reporting service calls it over gRPC), so no rule.
      {"jstedu.recruitment.v1.RecruitmentService.CreateParticipant",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.GetParticipant",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.UpdateParticipant",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.WithdrawParticipant",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.RecordDeclaration",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.ImportParticipants",
       {ADMIN, COORDINATOR, JST}},
      // A PESEL two JSTs' records hold is the office's to decide: both
      // records side by side, possibly of two voivodeships, so no
      // COORDINATOR (it would see a person outside its scope) and no JST.
      {"jstedu.recruitment.v1.RecruitmentService.ListIdentityConflicts",
       {ADMIN}},
      {"jstedu.recruitment.v1.RecruitmentService.ResolveIdentityConflict",
       {ADMIN}},
      // A workshop group's people by name and JST (no PESEL, contacts or
      // disadvantage answers), for the attendance sheet: the trainers and
      // the office; every person shown is audited. Recruitment cannot
      // tell which groups a trainer teaches (the plan is training's), so
      // a trainer may read every group of an edition.
      {"jstedu.recruitment.v1.RecruitmentService.ListGroupParticipants",
       {ADMIN, TRAINER}},

      // Training (services/training/training_service.h has the scopes):
      // the plan holds no personal data and every role reads it; the
      // office (ADMIN) sets it up. Marks: the office and the session's own
      // trainer write them; coordinators read their voivodeship's. Tasks:
      // the JST submits, its guardian (EXPERT) or the office reviews.
      // Logistics decisions and lists are the office's.
      {"jstedu.training.v1.TrainingService.GetTrainingSettings",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.training.v1.TrainingService.PutTrainingSettings", {ADMIN}},
      {"jstedu.training.v1.TrainingService.CreateModule", {ADMIN}},
      {"jstedu.training.v1.TrainingService.ListModules",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.training.v1.TrainingService.GetModule",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.training.v1.TrainingService.MoveModule", {ADMIN}},
      {"jstedu.training.v1.TrainingService.CreateSession", {ADMIN}},
      {"jstedu.training.v1.TrainingService.ListSessions",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.training.v1.TrainingService.ValidateModule",
       {ADMIN, COORDINATOR, TRAINER}},
      {"jstedu.training.v1.TrainingService.RecordAttendance", {ADMIN, TRAINER}},
      {"jstedu.training.v1.TrainingService.RecordSessionAttendance",
       {ADMIN, TRAINER}},
      {"jstedu.training.v1.TrainingService.ListAttendance",
       {ADMIN, COORDINATOR, TRAINER}},
      {"jstedu.training.v1.TrainingService.GetParticipantTraining",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.training.v1.TrainingService.CreateTask", {ADMIN}},
      {"jstedu.training.v1.TrainingService.ListModuleTasks",
       {ADMIN, COORDINATOR, EXPERT, JST}},
      {"jstedu.training.v1.TrainingService.ListTasks",
       {ADMIN, COORDINATOR, EXPERT, JST}},
      {"jstedu.training.v1.TrainingService.SubmitTask", {ADMIN, JST}},
      {"jstedu.training.v1.TrainingService.AcceptTask", {ADMIN, EXPERT}},
      {"jstedu.training.v1.TrainingService.ReturnTask", {ADMIN, EXPERT}},
      {"jstedu.training.v1.TrainingService.CreateSignup",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.training.v1.TrainingService.ListSignups",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.training.v1.TrainingService.ApproveSignup", {ADMIN}},
      {"jstedu.training.v1.TrainingService.RefuseSignup", {ADMIN}},
      {"jstedu.training.v1.TrainingService.GetRoomingList", {ADMIN}},
      {"jstedu.training.v1.TrainingService.GetShuttleList", {ADMIN}},
      {"jstedu.training.v1.TrainingService.SubmitEvaluation", {ADMIN, JST}},
      {"jstedu.training.v1.TrainingService.GetEvaluationSummary",
       {ADMIN, COORDINATOR, TRAINER, MINISTRY}},
      {"jstedu.training.v1.TrainingService.GetParticipantCalendar",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.training.v1.TrainingService.GetGroupCalendar",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.training.v1.TrainingService.GetTrainerCalendar",
       {ADMIN, TRAINER}},
      // Calendar feeds (secret subscription addresses): everyone who may
      // read a calendar makes, lists, renews and revokes their own; the
      // office anyone's (the service scopes), and only the office revokes
      // every feed of a person at once. The address itself is read without
      // a token: its secret is the credential, checked by training, which
      // reads the calendar as the feed's owner.
      {"jstedu.training.v1.TrainingService.CreateCalendarFeed",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.training.v1.TrainingService.ListCalendarFeeds",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.training.v1.TrainingService.RevokeCalendarFeed",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.training.v1.TrainingService.RenewCalendarFeed",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.training.v1.TrainingService.RevokeCalendarFeeds", {ADMIN}},
      {"jstedu.training.v1.TrainingService.ReadCalendarFeed",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY},
       /*without_token=*/true},

      // Advisory (services/advisory/README.md "Scope"): the workflow
      // versions are the office's rules, read by those who run cases.
      {"jstedu.advisory.v1.AdvisoryService.ListWorkflowDefinitions",
       {ADMIN, COORDINATOR, EXPERT}},
      {"jstedu.advisory.v1.AdvisoryService.PublishWorkflowDefinition", {ADMIN}},

      // The support-area catalogue is reference data every role reads; the
      // office sets it up.
      {"jstedu.advisory.v1.AdvisoryService.ListSupportAreas",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.advisory.v1.AdvisoryService.CreateSupportArea", {ADMIN}},

      // The expert registry (display names: personal data, audited). The
      // service scopes COORDINATOR to the experts serving its voivodeship,
      // EXPERT to its own record; the office alone registers and
      // deactivates (the handover).
      {"jstedu.advisory.v1.AdvisoryService.ListExperts",
       {ADMIN, COORDINATOR, EXPERT}},
      {"jstedu.advisory.v1.AdvisoryService.CreateExpert", {ADMIN}},
      {"jstedu.advisory.v1.AdvisoryService.DeactivateExpert", {ADMIN}},

      // Cases and their timeline: the service scopes COORDINATOR to its
      // voivodeship, EXPERT to the cases where it is one of the pair (its
      // `sub` is the expert's subject), JST to its own TERYT (read only); a
      // case out of scope is NOT_FOUND like an unknown one, and lists are
      // filtered. No TRAINER or MINISTRY.
      {"jstedu.advisory.v1.AdvisoryService.ListCases",
       {ADMIN, COORDINATOR, EXPERT, JST}},
      {"jstedu.advisory.v1.AdvisoryService.GetCase",
       {ADMIN, COORDINATOR, EXPERT, JST}},
      {"jstedu.advisory.v1.AdvisoryService.GetCaseHistory",
       {ADMIN, COORDINATOR, EXPERT, JST}},
      {"jstedu.advisory.v1.AdvisoryService.ListActivities",
       {ADMIN, COORDINATOR, EXPERT, JST}},

      // Staffing: the voivodeship's coordinator may ask for a proposal; the
      // office decides the pair and the guardian.
      {"jstedu.advisory.v1.AdvisoryService.ProposeExperts",
       {ADMIN, COORDINATOR}},
      {"jstedu.advisory.v1.AdvisoryService.AssignExperts", {ADMIN}},

      // The workflow commands and the timeline, scoped as the reads above;
      // a JST does not run its own case.
      {"jstedu.advisory.v1.AdvisoryService.ChooseArea",
       {ADMIN, COORDINATOR, EXPERT}},
      {"jstedu.advisory.v1.AdvisoryService.CompleteDiagnosis",
       {ADMIN, COORDINATOR, EXPERT}},
      {"jstedu.advisory.v1.AdvisoryService.AdoptPlan",
       {ADMIN, COORDINATOR, EXPERT}},
      {"jstedu.advisory.v1.AdvisoryService.CompleteRollout",
       {ADMIN, COORDINATOR, EXPERT}},
      {"jstedu.advisory.v1.AdvisoryService.CompleteAction",
       {ADMIN, COORDINATOR, EXPERT}},
      {"jstedu.advisory.v1.AdvisoryService.DropAction",
       {ADMIN, COORDINATOR, EXPERT}},
      {"jstedu.advisory.v1.AdvisoryService.CreateActivity",
       {ADMIN, COORDINATOR, EXPERT}},

      // The schedule is the guardian's to approve: EXPERT only, and the
      // service refuses an expert of the pair who is not the guardian
      // (PERMISSION_DENIED).
      {"jstedu.advisory.v1.AdvisoryService.ApproveSchedule", {EXPERT}},

      // Reporting (services/reporting/README.md "Scope"): figures and the
      // records behind them are ids and codes only. The service narrows a
      // COORDINATOR to its voivodeship and a JST user to its own JST
      // (asking for another is PERMISSION_DENIED). Exports carry personal
      // data (read from recruitment, audited there): ADMIN and MINISTRY.
      // Reconcile reads advisory's case list as the caller: ADMIN.
      {"jstedu.reporting.v1.ReportingService.ListIndicators",
       {ADMIN, MINISTRY, COORDINATOR, JST}},
      {"jstedu.reporting.v1.ReportingService.GetEvidence",
       {ADMIN, MINISTRY, COORDINATOR, JST}},
      {"jstedu.reporting.v1.ReportingService.GetProgress",
       {ADMIN, MINISTRY, COORDINATOR}},
      // The programme office sets an edition's own targets.
      {"jstedu.reporting.v1.ReportingService.SetIndicatorTarget", {ADMIN}},
      {"jstedu.reporting.v1.ReportingService.GetDataQuality",
       {ADMIN, MINISTRY, COORDINATOR, JST}},
      {"jstedu.reporting.v1.ReportingService.CreateExport", {ADMIN, MINISTRY}},
      {"jstedu.reporting.v1.ReportingService.ListExports", {ADMIN, MINISTRY}},
      {"jstedu.reporting.v1.ReportingService.GetExport", {ADMIN, MINISTRY}},
      {"jstedu.reporting.v1.ReportingService.GetExportContent",
       {ADMIN, MINISTRY}},
      {"jstedu.reporting.v1.ReportingService.GetExportDiff", {ADMIN, MINISTRY}},
      {"jstedu.reporting.v1.ReportingService.SubmitExport", {ADMIN, MINISTRY}},
      {"jstedu.reporting.v1.ReportingService.Reconcile", {ADMIN}},
  };
  return *rules;
}

bool Allowed(std::string_view method, auth::v1::Role role) {
  if (role <= auth::v1::ROLE_UNSPECIFIED || role >= 32) return false;
  const auto& index = Index();
  auto it = index.find(method);
  return it != index.end() && (it->second & (1u << role)) != 0;
}

bool WithoutToken(std::string_view method) {
  for (const AccessRule& rule : AccessTable()) {
    if (rule.method == method) return rule.without_token;
  }
  return false;
}

std::vector<const Route*> RoutesWithoutRule(const RouteTable& routes) {
  std::vector<const Route*> missing;
  const auto& index = Index();
  for (const Route& route : routes.routes()) {
    if (index.count(route.method->full_name()) == 0) missing.push_back(&route);
  }
  return missing;
}

}  // namespace jstedu::gateway
