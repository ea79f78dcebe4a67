#include "services/reporting/sources.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/grpc/channel.h"
#include "common/grpc/context.h"
#include "common/grpc/status.h"
#include "common/status/fields.h"
#include "common/status/paging.h"
#include "common/time/civil_time.h"
#include "google/protobuf/util/time_util.h"

namespace jstedu::reporting {
namespace {

namespace rv1 = recruitment::v1;
namespace tv1 = training::v1;
namespace av1 = advisory::v1;
using google::protobuf::util::TimeUtil;

// The programme's civil day of a source's instant.
absl::CivilDay DayOf(const google::protobuf::Timestamp& time) {
  return ProgrammeDay(
      absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(time)));
}

// A source's answer passed on as it is (with its details), except where the
// source could not answer at all: UNAVAILABLE naming it.
absl::Status Unavailable(const char* service, const grpc::Status& status) {
  absl::Status inner = grpcutil::FromGrpcStatus(status);
  switch (inner.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kInternal:
      return absl::UnavailableError(
          absl::StrCat(service, " did not answer: ", inner.message()));
    default:
      return inner;
  }
}

// Calls `rpc` page by page until the last; `each` gets every response.
template <typename Request, typename Response, typename Call, typename Each>
absl::Status ForEachPage(const grpc::ServerContextBase& incoming,
                         std::chrono::milliseconds timeout, const char* service,
                         Request request, Call call, Each each) {
  while (true) {
    auto context = grpcutil::OutgoingContext(&incoming, timeout);
    Response response;
    grpc::Status status = call(context.get(), request, &response);
    if (!status.ok()) return Unavailable(service, status);
    each(response);
    if (response.next_page_token().empty()) return absl::OkStatus();
    request.set_page_token(response.next_page_token());
  }
}

JstFact FromApplication(const rv1::Application& app) {
  JstFact jst;
  jst.application_id = app.id();
  jst.teryt = app.teryt();
  jst.voivodeship = app.voivodeship();
  jst.jst_kind = app.jst_kind();
  jst.qualified = app.status() == rv1::QUALIFIED;
  jst.withdrawn = app.status() == rv1::WITHDRAWN;
  if (jst.qualified) jst.qualified_on = DayOf(app.status_time());
  return jst;
}

ParticipantFact FromFacts(const rv1::ParticipantFacts& p) {
  ParticipantFact fact;
  fact.participant_id = p.participant_id();
  fact.application_id = p.application_id();
  fact.teryt = p.teryt();
  fact.voivodeship = p.voivodeship();
  fact.jst_kind = p.jst_kind();
  fact.sex = p.sex();
  fact.target_group = p.target_group();
  fact.status = p.status();
  fact.declaration_recorded = p.declaration_recorded();
  fact.participation_start =
      errors::ParseDate(p.participation_start()).value_or(absl::CivilDay());
  fact.monitoring_complete = p.monitoring_data_complete();
  fact.missing_fields.assign(p.missing_monitoring_fields().begin(),
                             p.missing_monitoring_fields().end());
  return fact;
}

CaseFact FromCase(const av1::Case& c, const std::map<std::string, int>& kinds) {
  CaseFact fact;
  fact.case_id = c.id();
  fact.application_id = c.application_id();
  fact.teryt = c.teryt();
  fact.voivodeship = c.voivodeship();
  auto kind = kinds.find(c.application_id());
  fact.jst_kind = kind == kinds.end() ? 0 : kind->second;
  fact.stage = c.stage();
  if (c.has_opened_time()) fact.opened_on = DayOf(c.opened_time());
  if (c.has_plan())
    fact.plan_adopted_on = errors::ParseDate(c.plan().adopted_on());
  return fact;
}

// A channel to a source on which the reads reporting makes are retried on
// another replica when the one holding a call dies (common/grpc/channel.h).
// ExportParticipants is left out: it records an audited read of personal
// data per participant, which a retry after a lost answer would record
// twice.
std::shared_ptr<grpc::Channel> SourceChannel(
    const std::string& address, const std::string& service,
    std::initializer_list<const char*> reads) {
  std::vector<grpcutil::ReadMethod> methods;
  for (const char* method : reads) methods.push_back({service, method});
  return grpcutil::ServiceChannel(address, grpc::ChannelArguments(), methods);
}

}  // namespace

Sources::Sources(const SourceAddresses& addresses)
    : recruitment_(rv1::RecruitmentService::NewStub(SourceChannel(
          addresses.recruitment, rv1::RecruitmentService::service_full_name(),
          {"GetEdition", "ListApplications", "ListParticipantFacts",
           "CountIdentityConflicts"}))),
      training_(tv1::TrainingService::NewStub(SourceChannel(
          addresses.training, tv1::TrainingService::service_full_name(),
          {"ListParticipantTraining", "ListCommunities", "ListCommunityMembers",
           "ListCommunityMeetings", "ListELearningCompletions"}))),
      advisory_(av1::AdvisoryService::NewStub(SourceChannel(
          addresses.advisory, av1::AdvisoryService::service_full_name(),
          {"ListCases", "ListGoodPractices", "ListSchoolsReached"}))),
      timeout_(addresses.call_timeout) {}

absl::StatusOr<Sources::EditionRecords> Sources::ReadSourceFacts(
    const grpc::ServerContextBase& incoming, const std::string& edition) {
  EditionRecords out;
  Facts& facts = out.facts;
  facts.edition.code = edition;
  {
    auto context = grpcutil::OutgoingContext(&incoming, timeout_);
    rv1::GetEditionRequest request;
    request.set_code(edition);
    rv1::Edition found;
    grpc::Status status =
        recruitment_->GetEdition(context.get(), request, &found);
    if (!status.ok()) return Unavailable("recruitment", status);
    facts.edition.known = true;
    facts.edition.kind = found.kind();
    facts.edition.min_representatives = found.min_representatives();
    facts.edition.starts_on =
        errors::ParseDate(found.starts_on()).value_or(absl::CivilDay());
    facts.edition.ends_on =
        errors::ParseDate(found.ends_on()).value_or(absl::CivilDay());
  }
  std::map<std::string, int> kinds;
  rv1::ListApplicationsRequest applications;
  applications.set_edition(edition);
  applications.set_page_size(paging::kMaxPageSize);
  absl::Status status =
      ForEachPage<rv1::ListApplicationsRequest, rv1::ListApplicationsResponse>(
          incoming, timeout_, "recruitment", applications,
          [&](auto* context, const auto& request, auto* response) {
            return recruitment_->ListApplications(context, request, response);
          },
          [&](const rv1::ListApplicationsResponse& page) {
            for (const rv1::Application& app : page.applications()) {
              kinds[app.id()] = app.jst_kind();
              ++out.records_read;
              if (app.status() == rv1::QUALIFIED ||
                  app.status() == rv1::WITHDRAWN) {
                facts.jsts.push_back(FromApplication(app));
              }
            }
          });
  if (!status.ok()) return status;
  std::set<std::string> with_participants;
  rv1::ListParticipantFactsRequest participants;
  participants.set_edition(edition);
  participants.set_page_size(paging::kMaxPageSize);
  status = ForEachPage<rv1::ListParticipantFactsRequest,
                       rv1::ListParticipantFactsResponse>(
      incoming, timeout_, "recruitment", participants,
      [&](auto* context, const auto& request, auto* response) {
        return recruitment_->ListParticipantFacts(context, request, response);
      },
      [&](const rv1::ListParticipantFactsResponse& page) {
        for (const rv1::ParticipantFacts& p : page.participants()) {
          ++out.records_read;
          with_participants.insert(p.application_id());
          facts.participants.push_back(FromFacts(p));
        }
      });
  if (!status.ok()) return status;
  // A withdrawn application was qualified before iff recruitment lists its
  // participants (ListParticipantFacts covers applications that are or
  // were qualified).
  for (JstFact& jst : facts.jsts) {
    if (jst.withdrawn)
      jst.qualified = with_participants.count(jst.application_id) > 0;
  }
  tv1::ListParticipantTrainingRequest training;
  training.set_edition(edition);
  training.set_page_size(paging::kMaxPageSize);
  status = ForEachPage<tv1::ListParticipantTrainingRequest,
                       tv1::ListParticipantTrainingResponse>(
      incoming, timeout_, "training", training,
      [&](auto* context, const auto& request, auto* response) {
        return training_->ListParticipantTraining(context, request, response);
      },
      [&](const tv1::ListParticipantTrainingResponse& page) {
        for (const tv1::ParticipantTraining& p : page.participants()) {
          ++out.records_read;
          if (p.completed())
            facts.completions[p.participant()] = DayOf(p.completion_time());
          if (p.attended_minutes() > 0)
            out.attended_minutes[p.participant()] = p.attended_minutes();
        }
      });
  if (!status.ok()) return status;
  av1::ListCasesRequest cases;
  cases.set_edition(edition);
  cases.set_page_size(paging::kMaxPageSize);
  status = ForEachPage<av1::ListCasesRequest, av1::ListCasesResponse>(
      incoming, timeout_, "advisory", cases,
      [&](auto* context, const auto& request, auto* response) {
        return advisory_->ListCases(context, request, response);
      },
      [&](const av1::ListCasesResponse& page) {
        for (const av1::Case& c : page.cases()) {
          ++out.records_read;
          facts.cases.push_back(FromCase(c, kinds));
        }
      });
  if (!status.ok()) return status;
  status = ReadCommunities(incoming, edition, out);
  if (!status.ok()) return status;
  status = ReadPartsOfCases(incoming, edition, out);
  if (!status.ok()) return status;
  return out;
}

absl::Status Sources::ReadCommunities(const grpc::ServerContextBase& incoming,
                                      const std::string& edition,
                                      EditionRecords& out) {
  Facts& facts = out.facts;
  std::vector<tv1::Community> communities;
  tv1::ListCommunitiesRequest list;
  list.set_edition(edition);
  list.set_page_size(paging::kMaxPageSize);
  absl::Status status =
      ForEachPage<tv1::ListCommunitiesRequest, tv1::ListCommunitiesResponse>(
          incoming, timeout_, "training", list,
          [&](auto* context, const auto& request, auto* response) {
            return training_->ListCommunities(context, request, response);
          },
          [&](const tv1::ListCommunitiesResponse& page) {
            communities.insert(communities.end(), page.communities().begin(),
                               page.communities().end());
          });
  if (!status.ok()) return status;
  for (const tv1::Community& community : communities) {
    const CommunityGroup group = GroupOfKind(community.kind());
    tv1::ListCommunityMembersRequest members;
    members.set_community(community.id());
    members.set_include_past(true);
    members.set_page_size(paging::kMaxPageSize);
    status = ForEachPage<tv1::ListCommunityMembersRequest,
                         tv1::ListCommunityMembersResponse>(
        incoming, timeout_, "training", members,
        [&](auto* context, const auto& request, auto* response) {
          return training_->ListCommunityMembers(context, request, response);
        },
        [&](const tv1::ListCommunityMembersResponse& page) {
          for (const tv1::Membership& m : page.members()) {
            ++out.records_read;
            facts.memberships.push_back(MembershipFact{
                absl::StrCat(community.id(), "/", m.participant(), "/",
                             m.joined_on()),
                group, m.participant(),
                errors::ParseDate(m.joined_on()).value_or(absl::CivilDay())});
          }
        });
    if (!status.ok()) return status;
    tv1::ListCommunityMeetingsRequest meetings;
    meetings.set_community(community.id());
    meetings.set_page_size(paging::kMaxPageSize);
    status = ForEachPage<tv1::ListCommunityMeetingsRequest,
                         tv1::ListCommunityMeetingsResponse>(
        incoming, timeout_, "training", meetings,
        [&](auto* context, const auto& request, auto* response) {
          return training_->ListCommunityMeetings(context, request, response);
        },
        [&](const tv1::ListCommunityMeetingsResponse& page) {
          for (const tv1::CommunityMeeting& m : page.meetings()) {
            ++out.records_read;
            facts.meetings.push_back(MeetingFact{
                m.id(), group,
                errors::ParseDate(m.held_on()).value_or(absl::CivilDay())});
          }
        });
    if (!status.ok()) return status;
  }
  tv1::ListELearningCompletionsRequest completions;
  completions.set_edition(edition);
  completions.set_page_size(paging::kMaxPageSize);
  return ForEachPage<tv1::ListELearningCompletionsRequest,
                     tv1::ListELearningCompletionsResponse>(
      incoming, timeout_, "training", completions,
      [&](auto* context, const auto& request, auto* response) {
        return training_->ListELearningCompletions(context, request, response);
      },
      [&](const tv1::ListELearningCompletionsResponse& page) {
        for (const tv1::ELearningCompletion& c : page.completions()) {
          ++out.records_read;
          facts.elearning.push_back(ELearningFact{
              c.participant(), c.course(),
              errors::ParseDate(c.completed_on()).value_or(absl::CivilDay())});
        }
      });
}

absl::Status Sources::ReadPartsOfCases(const grpc::ServerContextBase& incoming,
                                       const std::string& edition,
                                       EditionRecords& out) {
  Facts& facts = out.facts;
  std::map<std::string, std::string> application_of;  // case → application
  for (const CaseFact& c : facts.cases) {
    application_of[c.case_id] = c.application_id;
  }
  av1::ListGoodPracticesRequest practices;
  practices.set_edition(edition);
  practices.set_status(av1::PRACTICE_PUBLISHED);
  practices.set_page_size(paging::kMaxPageSize);
  absl::Status status = ForEachPage<av1::ListGoodPracticesRequest,
                                    av1::ListGoodPracticesResponse>(
      incoming, timeout_, "advisory", practices,
      [&](auto* context, const auto& request, auto* response) {
        return advisory_->ListGoodPractices(context, request, response);
      },
      [&](const av1::ListGoodPracticesResponse& page) {
        for (const av1::GoodPractice& p : page.practices()) {
          ++out.records_read;
          PracticeFact fact;
          fact.practice_id = p.id();
          fact.case_id = p.case_();
          fact.application_id = application_of[p.case_()];
          fact.teryt = p.teryt();
          fact.voivodeship = p.voivodeship();
          fact.jst_kind = p.jst_kind();
          fact.published = true;
          fact.published_on =
              errors::ParseDate(p.published_on()).value_or(absl::CivilDay());
          facts.practices.push_back(std::move(fact));
        }
      });
  if (!status.ok()) return status;
  std::map<std::string, CaseSchoolsFact> schools;  // by case
  av1::ListSchoolsReachedRequest reached;
  reached.set_edition(edition);
  reached.set_page_size(paging::kMaxPageSize);
  status = ForEachPage<av1::ListSchoolsReachedRequest,
                       av1::ListSchoolsReachedResponse>(
      incoming, timeout_, "advisory", reached,
      [&](auto* context, const auto& request, auto* response) {
        return advisory_->ListSchoolsReached(context, request, response);
      },
      [&](const av1::ListSchoolsReachedResponse& page) {
        for (const av1::SchoolReached& school : page.schools()) {
          ++out.records_read;
          CaseSchoolsFact& fact = schools[school.case_()];
          fact.case_id = school.case_();
          fact.approved_on = errors::ParseDate(school.schedule_approved_on())
                                 .value_or(absl::CivilDay());
          fact.rspo.push_back(school.rspo());
        }
      });
  if (!status.ok()) return status;
  for (auto& [id, fact] : schools)
    facts.case_schools.push_back(std::move(fact));
  return absl::OkStatus();
}

absl::StatusOr<Sources::PersonalData> Sources::ReadPersonalData(
    const grpc::ServerContextBase& incoming, const std::string& edition,
    const std::string& purpose) {
  PersonalData data;
  rv1::ExportParticipantsRequest request;
  request.set_edition(edition);
  request.set_purpose(purpose);
  request.set_page_size(paging::kMaxPageSize);
  absl::Status status = ForEachPage<rv1::ExportParticipantsRequest,
                                    rv1::ExportParticipantsResponse>(
      incoming, timeout_, "recruitment", request,
      [&](auto* context, const auto& r, auto* response) {
        return recruitment_->ExportParticipants(context, r, response);
      },
      [&](const rv1::ExportParticipantsResponse& page) {
        for (const rv1::Participant& p : page.participants())
          data.people[p.id()] = p;
        data.institutions.insert(page.institutions().begin(),
                                 page.institutions().end());
      });
  if (!status.ok()) return status;
  return data;
}

absl::StatusOr<int> Sources::OpenIdentityConflicts(
    const grpc::ServerContextBase& incoming, const std::string& edition) {
  auto context = grpcutil::OutgoingContext(&incoming, timeout_);
  rv1::CountIdentityConflictsRequest request;
  request.set_edition(edition);
  rv1::IdentityConflictCount count;
  grpc::Status status =
      recruitment_->CountIdentityConflicts(context.get(), request, &count);
  if (!status.ok()) return Unavailable("recruitment", status);
  return count.open();
}

}  // namespace jstedu::reporting
