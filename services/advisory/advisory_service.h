#pragma once

// The gRPC face of the advisory service (proto/jstedu/advisory/v1): reads
// the caller (whose role the RPC's jstedu.api.v1.access option admits,
// checked by grpcutil::CallerOf, common/grpc/access.h) and its scope,
// validates input (api_input.h) and calls the store, which applies the
// scope inside its transaction. See README.md for the workflow, the guards
// and the scope rules.

#include "common/pg/pool.h"
#include "common/time/clock.h"
#include "jstedu/advisory/v1/advisory.grpc.pb.h"
#include "services/advisory/store/activity_store.h"
#include "services/advisory/store/case_command_store.h"
#include "services/advisory/store/case_read_store.h"
#include "services/advisory/store/expert_store.h"
#include "services/advisory/store/practice_store.h"
#include "services/advisory/store/school_store.h"
#include "services/advisory/store/support_area_store.h"
#include "services/advisory/store/workflow_definition_store.h"

namespace jstedu::advisory {

class AdvisoryServiceImpl final : public v1::AdvisoryService::CallbackService {
 public:
  // One store per aggregate, each on `pool`; `clock` tells "now" (due
  // dates, today in Europe/Warsaw): SystemClock() in production.
  AdvisoryServiceImpl(pg::Pool& pool, Clock clock)
      : workflows_(pool),
        areas_(pool),
        experts_(pool),
        cases_(pool),
        commands_(pool),
        activities_(pool),
        practices_(pool),
        schools_(pool),
        clock_(std::move(clock)) {}

  grpc::ServerUnaryReactor* ListWorkflowDefinitions(
      grpc::CallbackServerContext* context,
      const v1::ListWorkflowDefinitionsRequest* request,
      v1::ListWorkflowDefinitionsResponse* response) override;
  grpc::ServerUnaryReactor* PublishWorkflowDefinition(
      grpc::CallbackServerContext* context,
      const v1::PublishWorkflowDefinitionRequest* request,
      v1::WorkflowDefinition* response) override;
  grpc::ServerUnaryReactor* ListSupportAreas(
      grpc::CallbackServerContext* context,
      const v1::ListSupportAreasRequest* request,
      v1::ListSupportAreasResponse* response) override;
  grpc::ServerUnaryReactor* CreateSupportArea(
      grpc::CallbackServerContext* context,
      const v1::CreateSupportAreaRequest* request,
      v1::SupportArea* response) override;
  grpc::ServerUnaryReactor* ListExperts(
      grpc::CallbackServerContext* context,
      const v1::ListExpertsRequest* request,
      v1::ListExpertsResponse* response) override;
  grpc::ServerUnaryReactor* CreateExpert(grpc::CallbackServerContext* context,
                                         const v1::CreateExpertRequest* request,
                                         v1::Expert* response) override;
  grpc::ServerUnaryReactor* GetExpertAccount(
      grpc::CallbackServerContext* context,
      const v1::GetExpertAccountRequest* request,
      v1::ExpertAccount* response) override;
  grpc::ServerUnaryReactor* ListCaseFacts(
      grpc::CallbackServerContext* context,
      const v1::ListCaseFactsRequest* request,
      v1::ListCaseFactsResponse* response) override;
  grpc::ServerUnaryReactor* DeactivateExpert(
      grpc::CallbackServerContext* context,
      const v1::DeactivateExpertRequest* request,
      v1::DeactivateExpertResponse* response) override;
  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* context,
                                      const v1::ListCasesRequest* request,
                                      v1::ListCasesResponse* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request,
                                    v1::Case* response) override;
  grpc::ServerUnaryReactor* GetCaseHistory(
      grpc::CallbackServerContext* context,
      const v1::GetCaseHistoryRequest* request,
      v1::GetCaseHistoryResponse* response) override;
  grpc::ServerUnaryReactor* ProposeExperts(
      grpc::CallbackServerContext* context,
      const v1::ProposeExpertsRequest* request,
      v1::ExpertProposal* response) override;
  grpc::ServerUnaryReactor* AssignExperts(
      grpc::CallbackServerContext* context,
      const v1::AssignExpertsRequest* request, v1::Case* response) override;
  grpc::ServerUnaryReactor* ChooseArea(grpc::CallbackServerContext* context,
                                       const v1::ChooseAreaRequest* request,
                                       v1::Case* response) override;
  grpc::ServerUnaryReactor* CompleteDiagnosis(
      grpc::CallbackServerContext* context,
      const v1::CompleteDiagnosisRequest* request, v1::Case* response) override;
  grpc::ServerUnaryReactor* ApproveSchedule(
      grpc::CallbackServerContext* context,
      const v1::ApproveScheduleRequest* request, v1::Case* response) override;
  grpc::ServerUnaryReactor* CompleteRollout(
      grpc::CallbackServerContext* context,
      const v1::CompleteRolloutRequest* request, v1::Case* response) override;
  grpc::ServerUnaryReactor* AdoptPlan(grpc::CallbackServerContext* context,
                                      const v1::AdoptPlanRequest* request,
                                      v1::Case* response) override;
  grpc::ServerUnaryReactor* CompleteAction(
      grpc::CallbackServerContext* context,
      const v1::CompleteActionRequest* request, v1::Case* response) override;
  grpc::ServerUnaryReactor* DropAction(grpc::CallbackServerContext* context,
                                       const v1::DropActionRequest* request,
                                       v1::Case* response) override;
  grpc::ServerUnaryReactor* CreateActivity(
      grpc::CallbackServerContext* context,
      const v1::CreateActivityRequest* request,
      v1::Activity* response) override;
  grpc::ServerUnaryReactor* ListActivities(
      grpc::CallbackServerContext* context,
      const v1::ListActivitiesRequest* request,
      v1::ListActivitiesResponse* response) override;

  // Good practices (practice_handlers.cc).
  grpc::ServerUnaryReactor* CreateGoodPractice(
      grpc::CallbackServerContext* context,
      const v1::CreateGoodPracticeRequest* request,
      v1::GoodPractice* response) override;
  grpc::ServerUnaryReactor* UpdateGoodPractice(
      grpc::CallbackServerContext* context,
      const v1::UpdateGoodPracticeRequest* request,
      v1::GoodPractice* response) override;
  grpc::ServerUnaryReactor* SubmitGoodPractice(
      grpc::CallbackServerContext* context,
      const v1::ChangeGoodPracticeStatusRequest* request,
      v1::GoodPractice* response) override;
  grpc::ServerUnaryReactor* PublishGoodPractice(
      grpc::CallbackServerContext* context,
      const v1::ChangeGoodPracticeStatusRequest* request,
      v1::GoodPractice* response) override;
  grpc::ServerUnaryReactor* ReturnGoodPractice(
      grpc::CallbackServerContext* context,
      const v1::ChangeGoodPracticeStatusRequest* request,
      v1::GoodPractice* response) override;
  grpc::ServerUnaryReactor* WithdrawGoodPractice(
      grpc::CallbackServerContext* context,
      const v1::ChangeGoodPracticeStatusRequest* request,
      v1::GoodPractice* response) override;
  grpc::ServerUnaryReactor* GetGoodPractice(
      grpc::CallbackServerContext* context,
      const v1::GetGoodPracticeRequest* request,
      v1::GoodPractice* response) override;
  grpc::ServerUnaryReactor* ListGoodPractices(
      grpc::CallbackServerContext* context,
      const v1::ListGoodPracticesRequest* request,
      v1::ListGoodPracticesResponse* response) override;
  grpc::ServerUnaryReactor* ExportGoodPractices(
      grpc::CallbackServerContext* context,
      const v1::ExportGoodPracticesRequest* request,
      api::v1::HttpBody* response) override;

  // The school register (school_handlers.cc).
  grpc::ServerUnaryReactor* ImportSchools(
      grpc::CallbackServerContext* context,
      const v1::ImportSchoolsRequest* request,
      v1::ImportSchoolsResponse* response) override;
  grpc::ServerUnaryReactor* ListSchools(
      grpc::CallbackServerContext* context,
      const v1::ListSchoolsRequest* request,
      v1::ListSchoolsResponse* response) override;
  grpc::ServerUnaryReactor* ListSchoolsReached(
      grpc::CallbackServerContext* context,
      const v1::ListSchoolsReachedRequest* request,
      v1::ListSchoolsReachedResponse* response) override;

 private:
  WorkflowDefinitionStore workflows_;
  SupportAreaStore areas_;
  ExpertStore experts_;
  CaseReadStore cases_;
  CaseCommandStore commands_;
  ActivityStore activities_;
  PracticeStore practices_;
  SchoolStore schools_;
  Clock clock_;
};

}  // namespace jstedu::advisory
