#pragma once

// Reporting's reads from the source services, always on behalf of the
// caller (their principal and trace travel on; grpcutil::OutgoingContext):
//
//  * ReadSourceFacts: the facts of an edition as the services hold them now,
//    for reconciliation, through their list methods: recruitment
//    GetEdition, ListApplications and ListParticipantFacts; training
//    ListParticipantTraining, ListCommunities (with each community's
//    ListCommunityMembers, past periods too, and ListCommunityMeetings) and
//    ListELearningCompletions; advisory ListCases, ListGoodPractices
//    (published) and ListSchoolsReached. No personal data.
//  * ReadPersonalData: the participants' personal data for an identified
//    export, from recruitment's ExportParticipants (audited there with the
//    caller and the purpose). Held in memory only while the file is
//    written.
//  * OpenIdentityConflicts: how many identity conflicts of the edition
//    await the programme office (recruitment CountIdentityConflicts; no
//    personal data): no ministry export while any does.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "jstedu/advisory/v1/advisory.grpc.pb.h"
#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"
#include "jstedu/training/v1/training.grpc.pb.h"
#include "services/reporting/domain/measures.h"

namespace jstedu::reporting {

struct SourceAddresses {
  std::string recruitment;  // JSTEDU_RECRUITMENT_ADDR
  std::string training;     // JSTEDU_TRAINING_ADDR
  std::string advisory;     // JSTEDU_ADVISORY_ADDR
  // Each call's deadline (at most the incoming call's own). Calls wait for
  // a source that is restarting within it (grpcutil::ServiceChannel,
  // OutgoingContext).
  std::chrono::milliseconds call_timeout{10000};
};

class Sources {
 public:
  explicit Sources(const SourceAddresses& addresses);

  struct EditionRecords {
    Facts facts;
    std::map<std::string, int64_t> attended_minutes;  // participant → min
    int64_t records_read = 0;
  };
  absl::StatusOr<EditionRecords> ReadSourceFacts(
      const grpc::ServerContextBase& incoming, const std::string& edition);

  // What recruitment's ExportParticipants answers for an edition.
  struct PersonalData {
    // Participant id → their record (with PESEL, names, the
    // disadvantaged-situation answers).
    std::map<std::string, recruitment::v1::Participant> people;
    // Application id → the employer JST's institution block (public data).
    std::map<std::string, recruitment::v1::Institution> institutions;
  };
  absl::StatusOr<PersonalData> ReadPersonalData(
      const grpc::ServerContextBase& incoming, const std::string& edition,
      const std::string& purpose);

  absl::StatusOr<int> OpenIdentityConflicts(
      const grpc::ServerContextBase& incoming, const std::string& edition);

 private:
  // Training's communities (memberships, meetings) and e-learning.
  absl::Status ReadCommunities(const grpc::ServerContextBase& incoming,
                               const std::string& edition, EditionRecords& out);
  // Advisory's published practices and schools reached (after the cases,
  // whose applications they take).
  absl::Status ReadPartsOfCases(const grpc::ServerContextBase& incoming,
                                const std::string& edition,
                                EditionRecords& out);

  std::unique_ptr<recruitment::v1::RecruitmentService::Stub> recruitment_;
  std::unique_ptr<training::v1::TrainingService::Stub> training_;
  std::unique_ptr<advisory::v1::AdvisoryService::Stub> advisory_;
  std::chrono::milliseconds timeout_;
};

}  // namespace jstedu::reporting
