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
#include "services/advisory/store/support_area_store.h"
#include "services/advisory/store/workflow_definition_store.h"

namespace jstedu::advisory {

class AdvisoryServiceImpl final : public v1::AdvisoryService::Service {
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
        clock_(std::move(clock)) {}

  grpc::Status ListWorkflowDefinitions(
      grpc::ServerContext* context,
      const v1::ListWorkflowDefinitionsRequest* request,
      v1::ListWorkflowDefinitionsResponse* response) override;
  grpc::Status PublishWorkflowDefinition(
      grpc::ServerContext* context,
      const v1::PublishWorkflowDefinitionRequest* request,
      v1::WorkflowDefinition* response) override;
  grpc::Status ListSupportAreas(
      grpc::ServerContext* context, const v1::ListSupportAreasRequest* request,
      v1::ListSupportAreasResponse* response) override;
  grpc::Status CreateSupportArea(grpc::ServerContext* context,
                                 const v1::CreateSupportAreaRequest* request,
                                 v1::SupportArea* response) override;
  grpc::Status ListExperts(grpc::ServerContext* context,
                           const v1::ListExpertsRequest* request,
                           v1::ListExpertsResponse* response) override;
  grpc::Status CreateExpert(grpc::ServerContext* context,
                            const v1::CreateExpertRequest* request,
                            v1::Expert* response) override;
  grpc::Status DeactivateExpert(
      grpc::ServerContext* context, const v1::DeactivateExpertRequest* request,
      v1::DeactivateExpertResponse* response) override;
  grpc::Status ListCases(grpc::ServerContext* context,
                         const v1::ListCasesRequest* request,
                         v1::ListCasesResponse* response) override;
  grpc::Status GetCase(grpc::ServerContext* context,
                       const v1::GetCaseRequest* request,
                       v1::Case* response) override;
  grpc::Status GetCaseHistory(grpc::ServerContext* context,
                              const v1::GetCaseHistoryRequest* request,
                              v1::GetCaseHistoryResponse* response) override;
  grpc::Status ProposeExperts(grpc::ServerContext* context,
                              const v1::ProposeExpertsRequest* request,
                              v1::ExpertProposal* response) override;
  grpc::Status AssignExperts(grpc::ServerContext* context,
                             const v1::AssignExpertsRequest* request,
                             v1::Case* response) override;
  grpc::Status ChooseArea(grpc::ServerContext* context,
                          const v1::ChooseAreaRequest* request,
                          v1::Case* response) override;
  grpc::Status CompleteDiagnosis(grpc::ServerContext* context,
                                 const v1::CompleteDiagnosisRequest* request,
                                 v1::Case* response) override;
  grpc::Status ApproveSchedule(grpc::ServerContext* context,
                               const v1::ApproveScheduleRequest* request,
                               v1::Case* response) override;
  grpc::Status CompleteRollout(grpc::ServerContext* context,
                               const v1::CompleteRolloutRequest* request,
                               v1::Case* response) override;
  grpc::Status AdoptPlan(grpc::ServerContext* context,
                         const v1::AdoptPlanRequest* request,
                         v1::Case* response) override;
  grpc::Status CompleteAction(grpc::ServerContext* context,
                              const v1::CompleteActionRequest* request,
                              v1::Case* response) override;
  grpc::Status DropAction(grpc::ServerContext* context,
                          const v1::DropActionRequest* request,
                          v1::Case* response) override;
  grpc::Status CreateActivity(grpc::ServerContext* context,
                              const v1::CreateActivityRequest* request,
                              v1::Activity* response) override;
  grpc::Status ListActivities(grpc::ServerContext* context,
                              const v1::ListActivitiesRequest* request,
                              v1::ListActivitiesResponse* response) override;

 private:
  WorkflowDefinitionStore workflows_;
  SupportAreaStore areas_;
  ExpertStore experts_;
  CaseReadStore cases_;
  CaseCommandStore commands_;
  ActivityStore activities_;
  Clock clock_;
};

}  // namespace jstedu::advisory
