#pragma once

// The gRPC face of the recruitment service: proto ⇄ domain, absl::Status ⇄
// grpc::Status. Rules live in domain/, storage in store/.
//
// Every RPC requires the verified principal in the call's metadata
// (UNAUTHENTICATED otherwise) and answers within its scope
// (domain/jst_scope.h): a JST, application or participant outside it is
// NOT_FOUND like a non-existent one, and lists hold no row outside it. The
// roles that may call each RPC are declared once, by its
// (jstedu.api.v1.access) option in recruitment.proto, and refused before a
// handler runs (common/grpc/access.h); the handlers add the region scope
// and what a role sees (only ADMIN reads a history entry's subject).
//
// Input is validated here, completely, before anything is written: every
// bad field is listed (google.rpc.BadRequest, lowerCamelCase field paths
// such as "representatives[2].pesel"). Rules not met answer
// FAILED_PRECONDITION with a google.rpc.PreconditionFailure naming them.
// "Today" is the date in Europe/Warsaw of the injected Clock's now.
//
// The RPCs answering a Participant or an IdentityConflict to a POST route
// (CreateParticipant, WithdrawParticipant, RecordDeclaration,
// ResolveIdentityConflict) read the gateway's idempotency metadata
// (common/grpc/idempotency.h) and let the store keep their answer under it.
//
// Thread-safe: handlers share nothing but the stores.

#include <utility>

#include "absl/time/civil_time.h"
#include "common/pg/pool.h"
#include "common/time/clock.h"
#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"
#include "services/recruitment/store/application_store.h"
#include "services/recruitment/store/contact_store.h"
#include "services/recruitment/store/edition_store.h"
#include "services/recruitment/store/export_store.h"
#include "services/recruitment/store/identity_conflict_store.h"
#include "services/recruitment/store/import_store.h"
#include "services/recruitment/store/participant_store.h"
#include "services/recruitment/store/registry_store.h"

namespace jstedu::recruitment {

// The stores the handlers read and write, one per aggregate, on one pool;
// `clock` gives the time their events carry.
struct Stores {
  Stores(pg::Pool& pool, const Clock& clock)
      : registry(pool),
        editions(pool, clock),
        applications(pool, clock),
        participants(pool),
        imports(pool),
        exports(pool),
        identity_conflicts(pool),
        contacts(pool) {}

  RegistryStore registry;
  EditionStore editions;
  ApplicationStore applications;
  ParticipantStore participants;
  ImportStore imports;
  ExportStore exports;
  IdentityConflictStore identity_conflicts;
  ContactStore contacts;
};

class RecruitmentServiceImpl final
    : public jstedu::recruitment::v1::RecruitmentService::CallbackService {
 public:
  // `clock` gives "now": the callers' today (Europe/Warsaw) is its day.
  RecruitmentServiceImpl(Stores& stores, Clock clock)
      : stores_(stores), clock_(std::move(clock)) {}

  grpc::ServerUnaryReactor* ListJsts(grpc::CallbackServerContext* context,
                                     const v1::ListJstsRequest* request,
                                     v1::ListJstsResponse* response) override;
  grpc::ServerUnaryReactor* GetJst(grpc::CallbackServerContext* context,
                                   const v1::GetJstRequest* request,
                                   v1::Jst* response) override;

#define JSTEDU_RPC(Name, Request, Response)                            \
  grpc::ServerUnaryReactor* Name(grpc::CallbackServerContext* context, \
                                 const v1::Request* request,           \
                                 v1::Response* response) override;
  JSTEDU_RPC(CreateEdition, CreateEditionRequest, Edition)
  JSTEDU_RPC(ListEditions, ListEditionsRequest, ListEditionsResponse)
  JSTEDU_RPC(GetEdition, GetEditionRequest, Edition)
  JSTEDU_RPC(UpdateEdition, UpdateEditionRequest, Edition)
  JSTEDU_RPC(SubmitApplication, SubmitApplicationRequest, Application)
  JSTEDU_RPC(ListApplications, ListApplicationsRequest,
             ListApplicationsResponse)
  JSTEDU_RPC(GetApplication, GetApplicationRequest, Application)
  JSTEDU_RPC(ListApplicationHistory, ListApplicationHistoryRequest,
             ListApplicationHistoryResponse)
  JSTEDU_RPC(QualifyApplication, QualifyApplicationRequest, Application)
  JSTEDU_RPC(RejectApplication, RejectApplicationRequest, Application)
  JSTEDU_RPC(WithdrawApplication, WithdrawApplicationRequest, Application)
  JSTEDU_RPC(UpdateInstitution, UpdateInstitutionRequest, Application)
  JSTEDU_RPC(LoadDegurba, LoadDegurbaRequest, LoadDegurbaResponse)
  JSTEDU_RPC(CreateParticipant, CreateParticipantRequest, Participant)
  JSTEDU_RPC(GetParticipant, GetParticipantRequest, Participant)
  JSTEDU_RPC(UpdateParticipant, UpdateParticipantRequest, Participant)
  JSTEDU_RPC(WithdrawParticipant, WithdrawParticipantRequest, Participant)
  JSTEDU_RPC(RecordDeclaration, RecordDeclarationRequest, Participant)
  JSTEDU_RPC(ImportParticipants, ImportParticipantsRequest,
             ImportParticipantsResponse)
  JSTEDU_RPC(ExportParticipants, ExportParticipantsRequest,
             ExportParticipantsResponse)
  JSTEDU_RPC(ListParticipantFacts, ListParticipantFactsRequest,
             ListParticipantFactsResponse)
  JSTEDU_RPC(CountIdentityConflicts, CountIdentityConflictsRequest,
             IdentityConflictCount)
  JSTEDU_RPC(ListIdentityConflicts, ListIdentityConflictsRequest,
             ListIdentityConflictsResponse)
  JSTEDU_RPC(ResolveIdentityConflict, ResolveIdentityConflictRequest,
             IdentityConflict)
  JSTEDU_RPC(ListGroupParticipants, ListGroupParticipantsRequest,
             ListGroupParticipantsResponse)
  JSTEDU_RPC(GetAccountContact, GetAccountContactRequest, AccountContact)
  JSTEDU_RPC(SetAccountContact, SetAccountContactRequest, AccountContact)
  JSTEDU_RPC(GetNotificationContact, GetNotificationContactRequest,
             NotificationContact)
  JSTEDU_RPC(ListEditionFacts, ListEditionsRequest, ListEditionsResponse)
  JSTEDU_RPC(ListApplicationDecisions, ListApplicationDecisionsRequest,
             ListApplicationDecisionsResponse)
  JSTEDU_RPC(ListAccountRoles, ListAccountRolesRequest,
             ListAccountRolesResponse)
#undef JSTEDU_RPC

 private:
  // The programme's day (Europe/Warsaw) now.
  absl::CivilDay Today() const;
  // A page of the editions (ListEditions, ListEditionFacts).
  absl::Status ListEditionsPage(const v1::ListEditionsRequest& request,
                                v1::ListEditionsResponse* response);

  Stores& stores_;
  const Clock clock_;
};

}  // namespace jstedu::recruitment
