#pragma once

// The gRPC face of the training service: proto ⇄ store, absl::Status ⇄
// grpc::Status. Rules of time, hours, conflicts, rooming and calendars live
// in domain/, storage and transactional rules in store/.
//
// Every RPC requires the verified principal (UNAUTHENTICATED otherwise).
// The roles that may call each RPC are its (jstedu.api.v1.access) option in
// training.proto, checked once per call before the handler runs
// (common/grpc/access.h; the gateway reads the same option); the handlers
// add the scopes, each checked in the transaction that reads or writes:
//   ADMIN        everything
//   COORDINATOR  participants, tasks, sign-ups, marks and evaluations of
//                JSTs in their voivodeship
//   JST          its own participants, tasks and sign-ups
//   TRAINER      marks of their own sessions, their own calendar
//   EXPERT       tasks of the JSTs whose guardian they are
//   MINISTRY     the plan, the evaluation summaries and the edition's
//                training records, read-only
// Calendar feeds (secret subscription addresses): every role creates,
// lists, renews and revokes its own, the office (ADMIN) anyone's; only the
// office revokes every feed of a person at once (RevokeCalendarFeeds).
// Communities (thematic networks, the cooperation network, exchange
// groups): the office, coordinators, experts and JSTs read them; the office
// creates them and names their moderators; members are enrolled by the
// office, a coordinator (its voivodeship's officials), a JST (its own) and
// a moderating expert (any official of the edition: another expert's
// change is PERMISSION_DENIED); meetings are recorded by the office and
// the moderators. Member lists and meetings' attendees are narrowed to
// the caller's voivodeship or JST.
// Expert tables: the office, coordinators, experts and JSTs read a module's
// tables and slots; the office creates tables; the office and the table's
// expert open slots (another expert's table is PERMISSION_DENIED, as are
// its bookings); the office, a coordinator (its voivodeship's officials)
// and a JST (its own) book and cancel; bookings lists are narrowed to the
// caller's voivodeship or JST.
// E-learning: the office sets up courses and imports completions; the
// office, coordinators, experts, trainers and JSTs read the courses;
// completions are read by the office, a coordinator (its voivodeship's), an
// expert (the JSTs whose guardian it is) and a JST (its own).
// ReadCalendarFeed
// is the one RPC without a principal: the address's token is the
// credential, and the calendar is read as the feed's owner (the same
// checks as the owner's own GetParticipantCalendar, GetGroupCalendar or
// GetTrainerCalendar, made at every read); a calendar the owner may no
// longer see reads as an empty calendar.
// ListParticipantTraining (ADMIN, MINISTRY) has no gateway route: other
// services call it over gRPC.
// A participant, task or sign-up outside the caller's scope is NOT_FOUND,
// exactly like an unknown id. The plan (modules, sessions, group calendars)
// holds no personal data and every role reads it.
//
// Input is validated completely before anything is written; every bad field
// is listed (google.rpc.BadRequest). Local times are Europe/Warsaw
// (domain/civil_time.h). Rules not met answer FAILED_PRECONDITION with a
// google.rpc.PreconditionFailure naming each one.
//
// Thread-safe: handlers share nothing but the stores.

#include "common/time/clock.h"
#include "jstedu/training/v1/training.grpc.pb.h"
#include "services/training/store/stores.h"

namespace jstedu::training {

class TrainingServiceImpl final : public v1::TrainingService::CallbackService {
 public:
  // `clock` gives "now" (tests pin it; production passes SystemClock()).
  TrainingServiceImpl(TrainingStores& stores, jstedu::Clock clock)
      : stores_(stores), clock_(std::move(clock)) {}

  grpc::ServerUnaryReactor* GetTrainingSettings(
      grpc::CallbackServerContext* context,
      const v1::GetTrainingSettingsRequest* request,
      v1::TrainingSettings* response) override;
  grpc::ServerUnaryReactor* PutTrainingSettings(
      grpc::CallbackServerContext* context,
      const v1::PutTrainingSettingsRequest* request,
      v1::TrainingSettings* response) override;
  grpc::ServerUnaryReactor* CreateModule(grpc::CallbackServerContext* context,
                                         const v1::CreateModuleRequest* request,
                                         v1::Module* response) override;
  grpc::ServerUnaryReactor* ListModules(
      grpc::CallbackServerContext* context,
      const v1::ListModulesRequest* request,
      v1::ListModulesResponse* response) override;
  grpc::ServerUnaryReactor* GetModule(grpc::CallbackServerContext* context,
                                      const v1::GetModuleRequest* request,
                                      v1::Module* response) override;
  grpc::ServerUnaryReactor* MoveModule(grpc::CallbackServerContext* context,
                                       const v1::MoveModuleRequest* request,
                                       v1::Module* response) override;
  grpc::ServerUnaryReactor* CreateSession(
      grpc::CallbackServerContext* context,
      const v1::CreateSessionRequest* request, v1::Session* response) override;
  grpc::ServerUnaryReactor* ListSessions(
      grpc::CallbackServerContext* context,
      const v1::ListSessionsRequest* request,
      v1::ListSessionsResponse* response) override;
  grpc::ServerUnaryReactor* ValidateModule(
      grpc::CallbackServerContext* context,
      const v1::ValidateModuleRequest* request,
      v1::ValidateModuleResponse* response) override;
  grpc::ServerUnaryReactor* RecordAttendance(
      grpc::CallbackServerContext* context,
      const v1::RecordAttendanceRequest* request,
      v1::Attendance* response) override;
  grpc::ServerUnaryReactor* RecordSessionAttendance(
      grpc::CallbackServerContext* context,
      const v1::RecordSessionAttendanceRequest* request,
      v1::RecordSessionAttendanceResponse* response) override;
  grpc::ServerUnaryReactor* ListAttendance(
      grpc::CallbackServerContext* context,
      const v1::ListAttendanceRequest* request,
      v1::ListAttendanceResponse* response) override;
  grpc::ServerUnaryReactor* GetParticipantTraining(
      grpc::CallbackServerContext* context,
      const v1::GetParticipantTrainingRequest* request,
      v1::ParticipantTraining* response) override;
  grpc::ServerUnaryReactor* ListParticipantTraining(
      grpc::CallbackServerContext* context,
      const v1::ListParticipantTrainingRequest* request,
      v1::ListParticipantTrainingResponse* response) override;
  grpc::ServerUnaryReactor* CreateTask(
      grpc::CallbackServerContext* context,
      const v1::CreateTaskRequest* request,
      v1::CreateTaskResponse* response) override;
  grpc::ServerUnaryReactor* ListModuleTasks(
      grpc::CallbackServerContext* context,
      const v1::ListModuleTasksRequest* request,
      v1::ListTasksResponse* response) override;
  grpc::ServerUnaryReactor* ListTasks(grpc::CallbackServerContext* context,
                                      const v1::ListTasksRequest* request,
                                      v1::ListTasksResponse* response) override;
  grpc::ServerUnaryReactor* SubmitTask(grpc::CallbackServerContext* context,
                                       const v1::SubmitTaskRequest* request,
                                       v1::Task* response) override;
  grpc::ServerUnaryReactor* AcceptTask(grpc::CallbackServerContext* context,
                                       const v1::ReviewTaskRequest* request,
                                       v1::Task* response) override;
  grpc::ServerUnaryReactor* ReturnTask(grpc::CallbackServerContext* context,
                                       const v1::ReviewTaskRequest* request,
                                       v1::Task* response) override;
  grpc::ServerUnaryReactor* CreateSignup(grpc::CallbackServerContext* context,
                                         const v1::CreateSignupRequest* request,
                                         v1::Signup* response) override;
  grpc::ServerUnaryReactor* ListModuleFacts(
      grpc::CallbackServerContext* context,
      const v1::ListModuleFactsRequest* request,
      v1::ListModuleFactsResponse* response) override;
  grpc::ServerUnaryReactor* ListTaskFacts(
      grpc::CallbackServerContext* context,
      const v1::ListTaskFactsRequest* request,
      v1::ListTaskFactsResponse* response) override;
  grpc::ServerUnaryReactor* ListSignups(
      grpc::CallbackServerContext* context,
      const v1::ListSignupsRequest* request,
      v1::ListSignupsResponse* response) override;
  grpc::ServerUnaryReactor* ApproveSignup(
      grpc::CallbackServerContext* context,
      const v1::DecideSignupRequest* request, v1::Signup* response) override;
  grpc::ServerUnaryReactor* RefuseSignup(grpc::CallbackServerContext* context,
                                         const v1::DecideSignupRequest* request,
                                         v1::Signup* response) override;
  grpc::ServerUnaryReactor* GetRoomingList(grpc::CallbackServerContext* context,
                                           const v1::GetListRequest* request,
                                           v1::RoomingList* response) override;
  grpc::ServerUnaryReactor* GetShuttleList(grpc::CallbackServerContext* context,
                                           const v1::GetListRequest* request,
                                           v1::ShuttleList* response) override;
  grpc::ServerUnaryReactor* SubmitEvaluation(
      grpc::CallbackServerContext* context,
      const v1::SubmitEvaluationRequest* request,
      v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* GetEvaluationSummary(
      grpc::CallbackServerContext* context,
      const v1::GetEvaluationSummaryRequest* request,
      v1::EvaluationSummary* response) override;
  grpc::ServerUnaryReactor* GetParticipantCalendar(
      grpc::CallbackServerContext* context,
      const v1::ParticipantCalendarRequest* request,
      api::v1::HttpBody* response) override;
  grpc::ServerUnaryReactor* GetGroupCalendar(
      grpc::CallbackServerContext* context,
      const v1::GroupCalendarRequest* request,
      api::v1::HttpBody* response) override;
  grpc::ServerUnaryReactor* GetTrainerCalendar(
      grpc::CallbackServerContext* context,
      const v1::TrainerCalendarRequest* request,
      api::v1::HttpBody* response) override;
  grpc::ServerUnaryReactor* CreateCalendarFeed(
      grpc::CallbackServerContext* context,
      const v1::CreateCalendarFeedRequest* request,
      v1::CalendarFeed* response) override;
  grpc::ServerUnaryReactor* ListCalendarFeeds(
      grpc::CallbackServerContext* context,
      const v1::ListCalendarFeedsRequest* request,
      v1::ListCalendarFeedsResponse* response) override;
  grpc::ServerUnaryReactor* RevokeCalendarFeed(
      grpc::CallbackServerContext* context,
      const v1::RevokeCalendarFeedRequest* request,
      v1::CalendarFeed* response) override;
  grpc::ServerUnaryReactor* RenewCalendarFeed(
      grpc::CallbackServerContext* context,
      const v1::RenewCalendarFeedRequest* request,
      v1::CalendarFeed* response) override;
  grpc::ServerUnaryReactor* RevokeCalendarFeeds(
      grpc::CallbackServerContext* context,
      const v1::RevokeCalendarFeedsRequest* request,
      v1::RevokeCalendarFeedsResponse* response) override;
  grpc::ServerUnaryReactor* ReadCalendarFeed(
      grpc::CallbackServerContext* context,
      const v1::ReadCalendarFeedRequest* request,
      api::v1::HttpBody* response) override;

  // The communities (community_handlers.cc).
  grpc::ServerUnaryReactor* CreateCommunity(
      grpc::CallbackServerContext* context,
      const v1::CreateCommunityRequest* request,
      v1::Community* response) override;
  grpc::ServerUnaryReactor* ListCommunities(
      grpc::CallbackServerContext* context,
      const v1::ListCommunitiesRequest* request,
      v1::ListCommunitiesResponse* response) override;
  grpc::ServerUnaryReactor* GetCommunity(grpc::CallbackServerContext* context,
                                         const v1::GetCommunityRequest* request,
                                         v1::Community* response) override;
  grpc::ServerUnaryReactor* SetCommunityModerators(
      grpc::CallbackServerContext* context,
      const v1::SetCommunityModeratorsRequest* request,
      v1::Community* response) override;
  grpc::ServerUnaryReactor* JoinCommunity(
      grpc::CallbackServerContext* context,
      const v1::JoinCommunityRequest* request,
      v1::Membership* response) override;
  grpc::ServerUnaryReactor* LeaveCommunity(
      grpc::CallbackServerContext* context,
      const v1::LeaveCommunityRequest* request,
      v1::Membership* response) override;
  grpc::ServerUnaryReactor* ListCommunityMembers(
      grpc::CallbackServerContext* context,
      const v1::ListCommunityMembersRequest* request,
      v1::ListCommunityMembersResponse* response) override;
  grpc::ServerUnaryReactor* RecordCommunityMeeting(
      grpc::CallbackServerContext* context,
      const v1::RecordCommunityMeetingRequest* request,
      v1::CommunityMeeting* response) override;
  grpc::ServerUnaryReactor* UpdateCommunityMeeting(
      grpc::CallbackServerContext* context,
      const v1::UpdateCommunityMeetingRequest* request,
      v1::CommunityMeeting* response) override;
  grpc::ServerUnaryReactor* ListCommunityMeetings(
      grpc::CallbackServerContext* context,
      const v1::ListCommunityMeetingsRequest* request,
      v1::ListCommunityMeetingsResponse* response) override;

  // Expert tables (table_handlers.cc).
  grpc::ServerUnaryReactor* CreateExpertTable(
      grpc::CallbackServerContext* context,
      const v1::CreateExpertTableRequest* request,
      v1::ExpertTable* response) override;
  grpc::ServerUnaryReactor* ListExpertTables(
      grpc::CallbackServerContext* context,
      const v1::ListExpertTablesRequest* request,
      v1::ListExpertTablesResponse* response) override;
  grpc::ServerUnaryReactor* CreateTableSlot(
      grpc::CallbackServerContext* context,
      const v1::CreateTableSlotRequest* request,
      v1::TableSlot* response) override;
  grpc::ServerUnaryReactor* BookTableSlot(
      grpc::CallbackServerContext* context,
      const v1::BookTableSlotRequest* request,
      v1::TableBooking* response) override;
  grpc::ServerUnaryReactor* CancelTableBooking(
      grpc::CallbackServerContext* context,
      const v1::CancelTableBookingRequest* request,
      v1::TableBooking* response) override;
  grpc::ServerUnaryReactor* ListTableBookings(
      grpc::CallbackServerContext* context,
      const v1::ListTableBookingsRequest* request,
      v1::ListTableBookingsResponse* response) override;

  // E-learning (elearning_handlers.cc).
  grpc::ServerUnaryReactor* PutELearningCourse(
      grpc::CallbackServerContext* context,
      const v1::PutELearningCourseRequest* request,
      v1::ELearningCourse* response) override;
  grpc::ServerUnaryReactor* ListELearningCourses(
      grpc::CallbackServerContext* context,
      const v1::ListELearningCoursesRequest* request,
      v1::ListELearningCoursesResponse* response) override;
  grpc::ServerUnaryReactor* ImportELearningCompletions(
      grpc::CallbackServerContext* context,
      const v1::ImportELearningCompletionsRequest* request,
      v1::ImportELearningCompletionsResponse* response) override;
  grpc::ServerUnaryReactor* ListELearningCompletions(
      grpc::CallbackServerContext* context,
      const v1::ListELearningCompletionsRequest* request,
      v1::ListELearningCompletionsResponse* response) override;

 private:
  absl::Status ReviewTask(grpc::ServerContextBase* context,
                          const v1::ReviewTaskRequest* request, bool accept,
                          v1::Task* response);
  absl::Status DecideSignup(grpc::ServerContextBase* context,
                            const v1::DecideSignupRequest* request,
                            bool approve, v1::Signup* response);

  TrainingStores& stores_;
  jstedu::Clock clock_;
};

}  // namespace jstedu::training
