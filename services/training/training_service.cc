#include "services/training/training_service.h"

#include <google/protobuf/util/time_util.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/grpc/access.h"
#include "common/grpc/caller.h"
#include "common/grpc/context.h"
#include "common/grpc/principal.h"
#include "common/grpc/status.h"
#include "common/log/log.h"
#include "common/status/errors.h"
#include "common/status/ids.h"
#include "common/status/paging.h"
#include "services/training/api_input.h"
#include "services/training/callers.h"
#include "services/training/domain/icalendar.h"
#include "services/training/domain/plan_rules.h"
#include "services/training/domain/third_week.h"

namespace jstedu::training {
namespace {

using grpcutil::Answer;
using grpcutil::Serve;

using auth::v1::ADMIN;
using auth::v1::COORDINATOR;
using auth::v1::EXPERT;
using auth::v1::JST;
using auth::v1::Role;
using auth::v1::TRAINER;
using errors::FieldProblem;
using google::protobuf::util::TimeUtil;

// ---------------------------------------------------------------- callers

using grpcutil::Caller;
using grpcutil::CallerOf;
using grpcutil::CoversJst;
using grpcutil::RegionFilter;

absl::Status BadId(const std::string& field) {
  return errors::InvalidField(field, "must be a UUID");
}

// --------------------------------------------------------------- modules

// The edition's period, which modules must lie within
// (EDITION_DATES_UNKNOWN until recruitment's EditionChanged has reached
// training).
absl::StatusOr<EditionPeriod> KnownEditionPeriod(TrainingStores& stores,
                                                 const std::string& edition) {
  auto period = stores.plan.EditionPeriodOf(edition);
  if (!period.ok()) return period.status();
  return EditionDatesKnown(edition, *period);
}

// Why `module` moved to start on `first_day` (its length in local days
// kept) would not lie within the edition, if it would not.
std::optional<std::string> MovedOutsideEdition(const v1::Module& module,
                                               absl::CivilDay first_day,
                                               const EditionPeriod& edition) {
  auto zone = ProgrammeTimeZone();
  if (!zone.ok()) return std::nullopt;
  auto day = [&](const google::protobuf::Timestamp& t) {
    return absl::ToCivilDay(
        absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(t)), *zone);
  };
  const absl::CivilDay last_day =
      first_day + (day(module.end_time()) - day(module.start_time()));
  return ModuleOutsideEdition(first_day, last_day, edition);
}

// ------------------------------------------------------------ attendance

// The rows a sheet may hold (one session's participants, all groups
// together in the rollout: about 2,000).
constexpr int kMaxSheetRows = 5000;

// The shape of a mark, its fields under `prefix` ("" for RecordAttendance,
// "marks[3]." for a sheet's row, whose problems also name the participant).
void CheckMark(std::vector<FieldProblem>& problems, const std::string& prefix,
               const Mark& mark) {
  const bool valid_id = ids::IsUuid(mark.participant_id);
  const std::string who =
      prefix.empty() || !valid_id
          ? ""
          : absl::StrCat(" (participant ", mark.participant_id, ")");
  if (!valid_id) problems.push_back({prefix + "participant", "must be a UUID"});
  if (mark.status < v1::PRESENT || mark.status > v1::EXCUSED) {
    problems.push_back(
        {prefix + "status", "must be PRESENT, LATE, ABSENT or EXCUSED" + who});
  }
  const size_t before = problems.size();
  CheckText(problems, prefix + "note", mark.note, 0, 500);
  for (size_t i = before; i < problems.size(); ++i) {
    problems[i].description += who;
  }
}

// A sheet's rows as marks, every bad row listed: its shape, and each
// participant listed twice (both rows named).
std::vector<Mark> SheetMarks(std::vector<FieldProblem>& problems,
                             const v1::RecordSessionAttendanceRequest& sheet) {
  if (sheet.marks().empty() || sheet.marks_size() > kMaxSheetRows) {
    problems.push_back(
        {"marks", absl::StrCat("must hold 1..", kMaxSheetRows, " rows")});
  }
  std::vector<Mark> marks;
  std::map<std::string, int> first_row;
  for (int i = 0; i < sheet.marks_size(); ++i) {
    const v1::AttendanceMark& row = sheet.marks(i);
    const std::string prefix = absl::StrCat("marks[", i, "].");
    marks.push_back({row.participant(), row.status(), row.note()});
    CheckMark(problems, prefix, marks.back());
    if (!ids::IsUuid(row.participant())) continue;
    auto [it, first] = first_row.emplace(row.participant(), i);
    if (!first) {
      problems.push_back({prefix + "participant",
                          absl::StrCat("participant ", row.participant(),
                                       " is listed twice (marks[", it->second,
                                       "] and marks[", i, "])")});
    }
  }
  return marks;
}

// The field a refused row names: the status when only the status is
// wrong (PRESENT or LATE without a declaration), else the participant.
std::string RefusedField(const MarkRefusal& refusal) {
  return absl::StrCat(
      "marks[", refusal.row, "].",
      refusal.type == "DECLARATION_MISSING" ? "status" : "participant");
}

// Whose sessions' marks the caller may record or read: a trainer only
// their own (another trainer's session is NOT_FOUND like a missing one,
// decided by the store in the transaction that reads or writes the marks);
// "" for any.
std::string MarksScope(const Caller& caller) {
  return caller.role == TRAINER ? caller.subject : "";
}

// ------------------------------------------------------------ page tokens

// A task's key in its list's page tokens: due time (µs), id.
std::vector<std::string> TaskKey(const v1::Task& task) {
  return {absl::StrCat(TimeUtil::TimestampToMicroseconds(task.due_time())),
          task.id()};
}

// Reads a task list's page into `query` (its size and the task it starts
// after), adding a problem for a bad size or token.
paging::Page ReadTaskPage(std::vector<FieldProblem>& problems, std::string list,
                          std::vector<std::string> filters, int32_t page_size,
                          const std::string& page_token, TaskQuery& query) {
  paging::Page page = paging::ReadPage(
      problems, std::move(list), std::move(filters), page_size, page_token, 2);
  query.limit = page.size;
  int64_t micros = 0;
  if (page.after.empty()) return page;
  if (!absl::SimpleAtoi(page.after[0], &micros) ||
      !ids::IsUuid(page.after[1])) {
    problems.push_back({"pageToken", "is not a token of this list"});
    return page;
  }
  query.after = std::make_pair(absl::FromUnixMicros(micros), page.after[1]);
  return page;
}

// Answers the page of tasks `query` finds.
absl::Status AnswerTasks(TrainingStores& stores, const TaskQuery& query,
                         const paging::Page& page,
                         v1::ListTasksResponse& response) {
  bool more = false;
  auto tasks = stores.tasks.ListTasks(query, &more);
  if (!tasks.ok()) return tasks.status();
  for (auto& t : *tasks) *response.add_tasks() = std::move(t);
  // The last row answered (the store's rows were moved into the answer).
  if (more && response.tasks_size() > 0) {
    response.set_next_page_token(
        page.NextToken(TaskKey(*response.tasks().rbegin())));
  }
  return absl::OkStatus();
}

// A ListParticipantTraining page (its token's key is a participant id), or
// every bad field.
absl::StatusOr<paging::Page> ParticipantPage(
    const v1::ListParticipantTrainingRequest& request) {
  std::vector<FieldProblem> problems;
  if (!IsEditionCode(request.edition())) {
    problems.push_back({"edition", "must be an edition code"});
  }
  paging::Page page =
      paging::ReadPage(problems, "participantTraining", {request.edition()},
                       request.page_size(), request.page_token(), 1);
  if (!page.after.empty() && !ids::IsUuid(page.after[0])) {
    problems.push_back({"pageToken", "is not a token of this list"});
  }
  if (!problems.empty()) return errors::InvalidFields(problems);
  return page;
}

// --------------------------------------------------------------- calendars

const char* AreaTitle(v1::ThematicArea area) {
  switch (area) {
    case v1::DIAGNOSIS_AND_INDICATORS:
      return "Diagnoza i wskaźniki oświatowe";
    case v1::STRATEGIC_MANAGEMENT:
      return "Zarządzanie strategiczne i lokalna polityka oświatowa";
    case v1::SCHOOL_SUPPORT:
      return "Wspomaganie szkół";
    case v1::KEY_COMPETENCES:
      return "Kompetencje kluczowe uczniów";
    case v1::FINANCING_EDUCATION:
      return "Finansowanie oświaty";
    default:
      return "";
  }
}

absl::Status WriteCalendar(const std::string& name,
                           const std::vector<CalendarEntry>& entries,
                           absl::Time now, api::v1::HttpBody* response) {
  Calendar calendar;
  calendar.name = name;
  for (const CalendarEntry& e : entries) {
    CalendarEvent event;
    event.uid = absl::StrCat(e.session.id(), "@jstedu");
    event.start = absl::FromUnixMicros(
        TimeUtil::TimestampToMicroseconds(e.session.start_time()));
    event.end = absl::FromUnixMicros(
        TimeUtil::TimestampToMicroseconds(e.session.end_time()));
    event.summary =
        absl::StrCat("Moduł ", e.module.number(), ": ",
                     e.session.title().empty()
                         ? std::string(AreaTitle(e.session.thematic_area()))
                         : e.session.title());
    std::string room_name = e.session.room();
    for (const v1::Room& room : e.module.rooms()) {
      if (room.id() == e.session.room()) room_name = room.name();
    }
    event.location = absl::StrCat(e.module.venue(), ", ", room_name);
    event.description = absl::StrCat(
        e.module.title(), "\nObszar: ", AreaTitle(e.session.thematic_area()),
        "\nGrupa: ",
        e.session.workshop_group() == 0
            ? std::string("wszystkie")
            : absl::StrCat(e.session.workshop_group()),
        "\nTrener: ", e.session.trainer());
    event.last_modified = absl::FromUnixMicros(
        TimeUtil::TimestampToMicroseconds(e.module.update_time()));
    calendar.events.push_back(std::move(event));
  }
  auto text = WriteICalendar(calendar, now);
  if (!text.ok()) return text.status();
  response->set_content_type("text/calendar; charset=utf-8");
  response->set_data(*std::move(text));
  return absl::OkStatus();
}

// The participant's calendar as `caller` may read it.
absl::Status ParticipantCalendarFor(TrainingStores& stores,
                                    const Caller& caller,
                                    const std::string& participant,
                                    absl::Time now,
                                    api::v1::HttpBody* response) {
  if (!ids::IsUuid(participant)) return BadId("participant");
  auto calendar =
      stores.calendars.ParticipantCalendar(participant, ScopeOf(caller));
  if (!calendar.ok()) return calendar.status();
  return WriteCalendar(
      absl::StrCat("jstedu ", calendar->place.edition, " — grupa ",
                   calendar->place.workshop_group),
      calendar->entries, now, response);
}

// A workshop group's calendar (the plan: every role).
absl::Status GroupCalendarFor(TrainingStores& stores,
                              const std::string& edition, int group,
                              absl::Time now, api::v1::HttpBody* response) {
  std::vector<FieldProblem> problems;
  if (!IsEditionCode(edition)) {
    problems.push_back({"edition", "must be an edition code"});
  }
  CheckRange(problems, "group", group, 1, 4);
  if (!problems.empty()) return errors::InvalidFields(problems);
  auto entries = stores.calendars.GroupCalendar(edition, group);
  if (!entries.ok()) return entries.status();
  return WriteCalendar(absl::StrCat("jstedu ", edition, " — grupa ", group),
                       *entries, now, response);
}

// A trainer's calendar: the office's, or the trainer's own.
absl::Status TrainerCalendarFor(TrainingStores& stores, const Caller& caller,
                                const std::string& trainer, absl::Time now,
                                api::v1::HttpBody* response) {
  if (!IsKey(trainer, 128, "._@-")) {
    return errors::InvalidField("trainer",
                                "must be 1..128 of A-Z a-z 0-9 . _ @ -");
  }
  // A trainer reads their own calendar only.
  if (caller.role == TRAINER && trainer != caller.subject) {
    return errors::NotFoundInScope("trainer", trainer);
  }
  auto entries = stores.calendars.TrainerCalendar(trainer);
  if (!entries.ok()) return entries.status();
  return WriteCalendar(absl::StrCat("jstedu — trener ", trainer), *entries, now,
                       response);
}

// ---------------------------------------------------------- calendar feeds

// 32 bytes from OpenSSL's CSPRNG, web-safe base64 without padding: 43
// characters.
constexpr size_t kFeedTokenBytes = 32;
constexpr size_t kFeedTokenLength = 43;

std::string NewFeedToken() {
  unsigned char bytes[kFeedTokenBytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool IsFeedToken(const std::string& token) {
  return token.size() == kFeedTokenLength &&
         std::all_of(token.begin(), token.end(), [](char c) {
           return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                  c == '-' || c == '_';
         });
}

// The SHA-256 of a token, lowercase hex: what the database keeps.
std::string FeedTokenHash(const std::string& token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

// The feed's owner as the caller its reads run as.
Caller OwnerAsCaller(const v1::CalendarFeedOwner& owner) {
  Caller caller;
  caller.subject = owner.subject();
  caller.role_name = owner.role();
  Role role = auth::v1::ROLE_UNSPECIFIED;
  auth::v1::Role_Parse(owner.role(), &role);
  caller.role = role;
  caller.voivodeship = owner.voivodeship();
  caller.jst = owner.jst();
  return caller;
}

// The caller as a feed's owner: its principal as it is now.
v1::CalendarFeedOwner OwnerOf(const Caller& caller) {
  v1::CalendarFeedOwner owner;
  owner.set_subject(caller.subject);
  owner.set_role(caller.role_name);
  owner.set_voivodeship(caller.voivodeship);
  owner.set_jst(caller.jst);
  return owner;
}

// A JST's TERYT code as principals carry it: seven digits.
bool IsTeryt(const std::string& code) {
  return code.size() == 7 && std::all_of(code.begin(), code.end(), [](char c) {
           return absl::ascii_isdigit(c);
         });
}

// The owner the office names for someone else's feed, every bad field
// listed.
absl::StatusOr<v1::CalendarFeedOwner> NamedOwner(
    const v1::CalendarFeedOwner& owner) {
  std::vector<FieldProblem> problems;
  if (!IsKey(owner.subject(), 128, "._@-:|")) {
    problems.push_back(
        {"owner.subject", "must be 1..128 of A-Z a-z 0-9 . _ @ - : |"});
  }
  Role role = auth::v1::ROLE_UNSPECIFIED;
  if (!auth::v1::Role_Parse(owner.role(), &role) ||
      role == auth::v1::ROLE_UNSPECIFIED) {
    problems.push_back(
        {"owner.role",
         "must be ADMIN, COORDINATOR, EXPERT, TRAINER, JST or MINISTRY"});
  }
  const bool coordinator = role == COORDINATOR;
  const bool jst = role == JST;
  if (coordinator != errors::IsVoivodeshipCode(owner.voivodeship())) {
    problems.push_back({"owner.voivodeship",
                        coordinator ? "must be a two-digit voivodeship code"
                                    : "is for a COORDINATOR only"});
  }
  if (jst != IsTeryt(owner.jst())) {
    problems.push_back({"owner.jst", jst ? "must be a seven-digit TERYT code"
                                         : "is for a JST only"});
  }
  if (!problems.empty()) return errors::InvalidFields(problems);
  return owner;
}

// The feed a CreateCalendarFeed asks for: its owner (the caller, or the
// person the office names) and its calendar; every bad field listed.
absl::StatusOr<v1::CalendarFeed> NewFeed(
    const Caller& caller, const v1::CreateCalendarFeedRequest& request) {
  v1::CalendarFeed feed;
  feed.set_created_by(caller.subject);
  if (request.has_owner() && request.owner().subject() != caller.subject) {
    if (caller.role != ADMIN) {
      return errors::DeniedField(
          "owner", absl::StrCat(caller.role_name,
                                " may create calendar feeds only for itself"));
    }
    auto owner = NamedOwner(request.owner());
    if (!owner.ok()) return owner.status();
    *feed.mutable_owner() = *std::move(owner);
  } else {
    *feed.mutable_owner() = OwnerOf(caller);
  }
  feed.set_kind(request.kind());
  switch (request.kind()) {
    case v1::PARTICIPANT_CALENDAR:
      feed.set_participant(request.participant());
      break;
    case v1::GROUP_CALENDAR:
      feed.set_edition(request.edition());
      feed.set_group(request.group());
      break;
    case v1::TRAINER_CALENDAR:
      feed.set_trainer(request.trainer());
      break;
    default:
      return errors::InvalidField(
          "kind",
          "must be PARTICIPANT_CALENDAR, GROUP_CALENDAR or TRAINER_CALENDAR");
  }
  return feed;
}

// Whose feeds a ListCalendarFeeds lists: the office names the owner;
// everyone else lists their own.
absl::StatusOr<std::string> FeedOwnerToList(const Caller& caller,
                                            const std::string& requested) {
  if (caller.role == ADMIN) {
    if (requested.empty()) {
      return errors::InvalidField("owner", "is required: whose feeds to list");
    }
    return requested;
  }
  if (!requested.empty() && requested != caller.subject) {
    return errors::DeniedField(
        "owner", absl::StrCat(caller.role_name,
                              " may list only its own calendar feeds"));
  }
  return caller.subject;
}

// Whose feeds a RevokeCalendarFeeds revokes: exactly one of owner,
// participant and trainer, well formed.
absl::StatusOr<FeedsOf> FeedsToRevoke(
    const v1::RevokeCalendarFeedsRequest& request) {
  const int named = !request.owner().empty() + !request.participant().empty() +
                    !request.trainer().empty();
  if (named != 1) {
    return errors::InvalidField(
        "owner", "name exactly one of owner, participant and trainer");
  }
  if (!request.owner().empty() && !IsKey(request.owner(), 128, "._@-:|")) {
    return errors::InvalidField("owner",
                                "must be 1..128 of A-Z a-z 0-9 . _ @ - : |");
  }
  if (!request.participant().empty() && !ids::IsUuid(request.participant())) {
    return BadId("participant");
  }
  if (!request.trainer().empty() && !IsKey(request.trainer(), 128, "._@-")) {
    return errors::InvalidField("trainer",
                                "must be 1..128 of A-Z a-z 0-9 . _ @ -");
  }
  return FeedsOf{request.owner(), request.participant(), request.trainer()};
}

// A feed is read as its owner, who must hold a role the calendar's own RPC
// declares (a direct call of that RPC was checked before its handler ran):
// PermissionDenied "<ROLE> may not <what>" otherwise.
absl::Status OwnerMayRead(const Caller& owner, const char* method,
                          const char* what) {
  const google::protobuf::ServiceDescriptor* service =
      v1::Module::descriptor()->file()->FindServiceByName("TrainingService");
  const google::protobuf::MethodDescriptor* rpc =
      service == nullptr ? nullptr : service->FindMethodByName(method);
  if (rpc != nullptr && grpcutil::Declares(*rpc, owner.role)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat(owner.role_name, " may not ", what));
}

// The feed's calendar as `caller` (its owner) may read it.
absl::Status CalendarOfFeed(TrainingStores& stores, const Caller& caller,
                            const v1::CalendarFeed& feed, absl::Time now,
                            api::v1::HttpBody* response) {
  switch (feed.kind()) {
    case v1::PARTICIPANT_CALENDAR:
      if (auto s = OwnerMayRead(caller, "GetParticipantCalendar",
                                "read participants' calendars");
          !s.ok()) {
        return s;
      }
      return ParticipantCalendarFor(stores, caller, feed.participant(), now,
                                    response);
    case v1::GROUP_CALENDAR:
      if (auto s = OwnerMayRead(caller, "GetGroupCalendar", "read the plan");
          !s.ok()) {
        return s;
      }
      return GroupCalendarFor(stores, feed.edition(), feed.group(), now,
                              response);
    case v1::TRAINER_CALENDAR:
      if (auto s = OwnerMayRead(caller, "GetTrainerCalendar",
                                "read trainers' calendars");
          !s.ok()) {
        return s;
      }
      return TrainerCalendarFor(stores, caller, feed.trainer(), now, response);
    default:
      return absl::InternalError("a calendar feed of no kind");
  }
}

}  // namespace

// ============================================================== settings

grpc::ServerUnaryReactor* TrainingServiceImpl::GetTrainingSettings(
    grpc::CallbackServerContext* context,
    const v1::GetTrainingSettingsRequest* request,
    v1::TrainingSettings* response) {
  return Serve("GetTrainingSettings", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (auto s = CheckEdition(request->edition(), "edition"); !s.ok()) return s;
    return Answer(stores_.settings.GetSettings(request->edition()), response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::PutTrainingSettings(
    grpc::CallbackServerContext* context,
    const v1::PutTrainingSettingsRequest* request,
    v1::TrainingSettings* response) {
  return Serve("PutTrainingSettings", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    v1::TrainingSettings s = request->settings();
    std::vector<FieldProblem> problems;
    if (!IsEditionCode(s.edition())) {
      problems.push_back({"settings.edition", "must be an edition code"});
    }
    if (s.didactic_hour_minutes() == 0) s.set_didactic_hour_minutes(45);
    if (s.session_minutes() == 0) s.set_session_minutes(90);
    if (s.completion_percent() == 0) s.set_completion_percent(80);
    if (s.task_due_days_before() == 0) s.set_task_due_days_before(7);
    if (s.module_count() == 0) s.set_module_count(5);
    CheckRange(problems, "settings.didacticHourMinutes",
               s.didactic_hour_minutes(), 30, 120);
    CheckRange(problems, "settings.sessionMinutes", s.session_minutes(), 15,
               480);
    CheckRange(problems, "settings.completionPercent", s.completion_percent(),
               1, 100);
    CheckRange(problems, "settings.taskDueDaysBefore", s.task_due_days_before(),
               0, 90);
    CheckRange(problems, "settings.moduleCount", s.module_count(), 1, 20);
    if (s.third_week_reading() != v1::DAYS_15_TO_21 &&
        s.third_week_reading() != v1::THIRD_MONDAY_WEEK) {
      problems.push_back({"settings.thirdWeekReading",
                          "is required: DAYS_15_TO_21 or THIRD_MONDAY_WEEK"});
    }
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(stores_.settings.PutSettings(s, caller->traceparent),
                  response);
  });
}

// =============================================================== modules

grpc::ServerUnaryReactor* TrainingServiceImpl::CreateModule(
    grpc::CallbackServerContext* context,
    const v1::CreateModuleRequest* request, v1::Module* response) {
  return Serve("CreateModule", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (auto s = CheckEdition(request->edition(), "edition"); !s.ok()) return s;
    auto settings = stores_.settings.GetSettings(request->edition());
    if (!settings.ok()) {
      if (absl::IsNotFound(settings.status())) {
        return errors::RulesNotMet(
            {{"TRAINING_SETTINGS",
              absl::StrCat("editions/", request->edition()),
              "set the edition's training settings first (PUT "
              "/v1/editions/{edition}/training-settings)"}});
      }
      return settings.status();
    }
    auto period = KnownEditionPeriod(stores_, request->edition());
    if (!period.ok()) return period.status();
    auto input = ModuleFromRequest(request->module(), *settings, *period);
    if (!input.ok()) return input.status();
    return Answer(stores_.plan.CreateModule(request->edition(), *input,
                                            caller->traceparent),
                  response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListModules(
    grpc::CallbackServerContext* context, const v1::ListModulesRequest* request,
    v1::ListModulesResponse* response) {
  return Serve("ListModules", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (auto s = CheckEdition(request->edition(), "edition"); !s.ok()) return s;
    auto page =
        paging::ReadOffsetPage("modules", {request->edition()},
                               request->page_size(), request->page_token());
    if (!page.ok()) return page.status();
    auto modules = stores_.plan.ListModules(request->edition());
    if (!modules.ok()) return modules.status();
    for (auto& m : *modules) *response->add_modules() = std::move(m);
    response->set_next_page_token(
        paging::KeepPage(*page, *response->mutable_modules()));
    return absl::OkStatus();
  });
}

namespace {

// A page of an edition's facts (ListModuleFacts, ListTaskFacts), its
// token's key a row's id.
absl::StatusOr<paging::Page> ReadFactsPage(const std::string& list,
                                           const std::string& edition,
                                           int page_size,
                                           const std::string& page_token) {
  if (auto s = CheckEdition(edition, "edition"); !s.ok()) return s;
  auto page = paging::ReadPage(list, {edition}, page_size, page_token, 1);
  if (!page.ok()) return page.status();
  if (!page->after.empty() && !ids::IsUuid(page->after[0])) {
    return errors::InvalidField("pageToken", "is not a token of this list");
  }
  return page;
}

}  // namespace

grpc::ServerUnaryReactor* TrainingServiceImpl::ListModuleFacts(
    grpc::CallbackServerContext* context,
    const v1::ListModuleFactsRequest* request,
    v1::ListModuleFactsResponse* response) {
  return Serve("ListModuleFacts", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    auto page = ReadFactsPage("moduleFacts", request->edition(),
                              request->page_size(), request->page_token());
    if (!page.ok()) return page.status();
    bool more = false;
    auto modules = stores_.plan.ListModuleFacts(
        request->edition(), page->after.empty() ? "" : page->after[0],
        page->size, &more);
    if (!modules.ok()) return modules.status();
    for (auto& m : *modules) *response->add_modules() = std::move(m);
    if (more && response->modules_size() > 0) {
      response->set_next_page_token(page->NextToken(
          {response->modules().rbegin()->module().module_id()}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListTaskFacts(
    grpc::CallbackServerContext* context,
    const v1::ListTaskFactsRequest* request,
    v1::ListTaskFactsResponse* response) {
  return Serve("ListTaskFacts", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    auto page = ReadFactsPage("taskFacts", request->edition(),
                              request->page_size(), request->page_token());
    if (!page.ok()) return page.status();
    bool more = false;
    auto tasks = stores_.tasks.ListTaskFacts(
        request->edition(), page->after.empty() ? "" : page->after[0],
        page->size, &more);
    if (!tasks.ok()) return tasks.status();
    for (auto& t : *tasks) *response->add_tasks() = std::move(t);
    if (more && response->tasks_size() > 0) {
      response->set_next_page_token(
          page->NextToken({response->tasks().rbegin()->task_id()}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::GetModule(
    grpc::CallbackServerContext* context, const v1::GetModuleRequest* request,
    v1::Module* response) {
  return Serve("GetModule", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->module())) return BadId("module");
    return Answer(stores_.plan.GetModule(request->module()), response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::MoveModule(
    grpc::CallbackServerContext* context, const v1::MoveModuleRequest* request,
    v1::Module* response) {
  return Serve("MoveModule", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->module())) return BadId("module");
    absl::CivilDay day;
    if (!absl::ParseCivilTime(request->starts_on(), &day)) {
      return errors::InvalidField("startsOn", "must be a date YYYY-MM-DD");
    }
    auto module = stores_.plan.GetModule(request->module());
    if (!module.ok()) return module.status();
    auto period = KnownEditionPeriod(stores_, module->edition());
    if (!period.ok()) return period.status();
    if (auto outside = MovedOutsideEdition(*module, day, *period)) {
      return errors::InvalidField("startsOn", *outside);
    }
    return Answer(stores_.plan.MoveModule(request->module(), day,
                                          Ambiguity(request->ambiguous_time()),
                                          caller->traceparent),
                  response);
  });
}

// ============================================================== sessions

grpc::ServerUnaryReactor* TrainingServiceImpl::CreateSession(
    grpc::CallbackServerContext* context,
    const v1::CreateSessionRequest* request, v1::Session* response) {
  return Serve("CreateSession", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->module())) return BadId("module");
    auto module = stores_.plan.GetModule(request->module());
    if (!module.ok()) return module.status();
    auto settings = stores_.settings.GetSettings(module->edition());
    if (!settings.ok()) return settings.status();
    auto input = SessionFromRequest(request->session(), *settings);
    if (!input.ok()) return input.status();
    return Answer(stores_.plan.CreateSession(request->module(), *input,
                                             caller->traceparent),
                  response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListSessions(
    grpc::CallbackServerContext* context,
    const v1::ListSessionsRequest* request,
    v1::ListSessionsResponse* response) {
  return Serve("ListSessions", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->module())) return BadId("module");
    auto page =
        paging::ReadOffsetPage("sessions", {request->module()},
                               request->page_size(), request->page_token());
    if (!page.ok()) return page.status();
    auto sessions = stores_.plan.ListSessions(request->module());
    if (!sessions.ok()) return sessions.status();
    for (auto& s : *sessions) *response->add_sessions() = std::move(s);
    response->set_next_page_token(
        paging::KeepPage(*page, *response->mutable_sessions()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ValidateModule(
    grpc::CallbackServerContext* context,
    const v1::ValidateModuleRequest* request,
    v1::ValidateModuleResponse* response) {
  return Serve("ValidateModule", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->module())) return BadId("module");
    return Answer(stores_.plan.ValidateModule(request->module()), response);
  });
}

// ============================================================ attendance

grpc::ServerUnaryReactor* TrainingServiceImpl::RecordAttendance(
    grpc::CallbackServerContext* context,
    const v1::RecordAttendanceRequest* request, v1::Attendance* response) {
  return Serve("RecordAttendance", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    if (!ids::IsUuid(request->session())) {
      problems.push_back({"session", "must be a UUID"});
    }
    const Mark mark{request->participant(), request->status(), request->note()};
    CheckMark(problems, "", mark);
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(
        stores_.attendance.RecordAttendance(
            request->session(), mark.participant_id, mark.status, mark.note,
            MarksScope(*caller), clock_(), ActorOf(*caller)),
        response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::RecordSessionAttendance(
    grpc::CallbackServerContext* context,
    const v1::RecordSessionAttendanceRequest* request,
    v1::RecordSessionAttendanceResponse* response) {
  return Serve(
      "RecordSessionAttendance", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context);
        if (!caller.ok()) return caller.status();
        std::vector<FieldProblem> problems;
        if (!ids::IsUuid(request->session())) {
          problems.push_back({"session", "must be a UUID"});
        }
        auto marks = SheetMarks(problems, *request);
        if (!problems.empty()) return errors::InvalidFields(problems);
        auto outcome = stores_.attendance.RecordSessionAttendance(
            request->session(), marks, MarksScope(*caller), clock_(),
            ActorOf(*caller));
        if (!outcome.ok()) return outcome.status();
        for (const MarkRefusal& refusal : outcome->refused) {
          problems.push_back({RefusedField(refusal), refusal.description});
        }
        if (!problems.empty()) return errors::InvalidFields(problems);
        for (auto& a : outcome->recorded) {
          *response->add_attendance() = std::move(a);
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListAttendance(
    grpc::CallbackServerContext* context,
    const v1::ListAttendanceRequest* request,
    v1::ListAttendanceResponse* response) {
  return Serve("ListAttendance", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->session())) return BadId("session");
    auto page =
        paging::ReadOffsetPage("attendance", {request->session()},
                               request->page_size(), request->page_token());
    if (!page.ok()) return page.status();
    auto marks = stores_.attendance.ListAttendance(
        request->session(), RegionFilter(*caller), MarksScope(*caller));
    if (!marks.ok()) return marks.status();
    for (auto& m : *marks) *response->add_attendance() = std::move(m);
    response->set_next_page_token(
        paging::KeepPage(*page, *response->mutable_attendance()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::GetParticipantTraining(
    grpc::CallbackServerContext* context,
    const v1::GetParticipantTrainingRequest* request,
    v1::ParticipantTraining* response) {
  return Serve("GetParticipantTraining", context, request,
               [=]() -> absl::Status {
                 auto caller = CallerOf(*context);
                 if (!caller.ok()) return caller.status();
                 if (!ids::IsUuid(request->participant()))
                   return BadId("participant");
                 return Answer(stores_.attendance.ParticipantTraining(
                                   request->participant(), ScopeOf(*caller)),
                               response);
               });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListParticipantTraining(
    grpc::CallbackServerContext* context,
    const v1::ListParticipantTrainingRequest* request,
    v1::ListParticipantTrainingResponse* response) {
  return Serve(
      "ListParticipantTraining", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context);
        if (!caller.ok()) return caller.status();
        auto page = ParticipantPage(*request);
        if (!page.ok()) return page.status();
        const std::string after = page->after.empty() ? "" : page->after[0];
        bool more = false;
        auto records = stores_.attendance.ListParticipantTraining(
            request->edition(), after, page->size, &more);
        if (!records.ok()) return records.status();
        for (auto& r : *records) *response->add_participants() = std::move(r);
        if (more && response->participants_size() > 0) {
          response->set_next_page_token(page->NextToken(
              {response->participants().rbegin()->participant()}));
        }
        return absl::OkStatus();
      });
}

// ================================================================= tasks

grpc::ServerUnaryReactor* TrainingServiceImpl::CreateTask(
    grpc::CallbackServerContext* context, const v1::CreateTaskRequest* request,
    v1::CreateTaskResponse* response) {
  return Serve("CreateTask", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    if (!ids::IsUuid(request->module())) {
      problems.push_back({"module", "must be a UUID"});
    }
    CheckText(problems, "title", request->title(), 1, 200);
    CheckText(problems, "description", request->description(), 0, 4000);
    CheckRange(problems, "dueDaysBefore", request->due_days_before(), 0, 90);
    std::optional<absl::Time> due_fixed;
    if (!request->due_local().empty()) {
      due_fixed = LocalField(problems, "dueLocal", request->due_local(),
                             request->ambiguous_time());
      if (request->due_days_before() != 0) {
        problems.push_back(
            {"dueDaysBefore", "give either dueDaysBefore or dueLocal"});
      }
    }
    if (!problems.empty()) return errors::InvalidFields(problems);
    std::optional<int> days;
    if (request->due_days_before() != 0) days = request->due_days_before();
    return Answer(
        stores_.tasks.CreateTask(request->module(), request->title(),
                                 request->description(), days, due_fixed,
                                 clock_(), ActorOf(*caller)),
        response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListModuleTasks(
    grpc::CallbackServerContext* context,
    const v1::ListModuleTasksRequest* request,
    v1::ListTasksResponse* response) {
  return Serve("ListModuleTasks", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->module())) return BadId("module");
    std::vector<FieldProblem> problems;
    TaskQuery query;
    const paging::Page page =
        ReadTaskPage(problems, "moduleTasks", {request->module()},
                     request->page_size(), request->page_token(), query);
    if (!problems.empty()) return errors::InvalidFields(problems);
    auto module = stores_.plan.GetModule(request->module());
    if (!module.ok()) return module.status();
    query.module_id = request->module();
    query.voivodeship = RegionFilter(*caller);
    if (caller->role == JST) query.teryt = caller->jst;
    if (caller->role == EXPERT) query.reviewer = caller->subject;
    query.now = clock_();
    return AnswerTasks(stores_, query, page, *response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListTasks(
    grpc::CallbackServerContext* context, const v1::ListTasksRequest* request,
    v1::ListTasksResponse* response) {
  return Serve("ListTasks", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    if (!request->voivodeship().empty() &&
        (request->voivodeship().size() != 2 ||
         !absl::ascii_isdigit(request->voivodeship()[0]) ||
         !absl::ascii_isdigit(request->voivodeship()[1]))) {
      problems.push_back({"voivodeship", "must be a two-digit code"});
    }
    if (!request->edition().empty() && !IsEditionCode(request->edition())) {
      problems.push_back({"edition", "must be an edition code"});
    }
    TaskQuery query;
    const paging::Page page =
        ReadTaskPage(problems, "tasks",
                     {request->voivodeship(), request->edition(),
                      request->overdue() ? "overdue" : "all"},
                     request->page_size(), request->page_token(), query);
    if (!problems.empty()) return errors::InvalidFields(problems);
    query.edition = request->edition();
    auto region = grpcutil::VoivodeshipFilter(*caller, request->voivodeship(),
                                              "voivodeship");
    if (!region.ok()) return region.status();
    query.voivodeship = *region;
    if (caller->role == JST) query.teryt = caller->jst;
    if (caller->role == EXPERT) query.reviewer = caller->subject;
    query.overdue_only = request->overdue();
    query.now = clock_();
    return AnswerTasks(stores_, query, page, *response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::SubmitTask(
    grpc::CallbackServerContext* context, const v1::SubmitTaskRequest* request,
    v1::Task* response) {
  return Serve("SubmitTask", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    if (!ids::IsUuid(request->task()))
      problems.push_back({"task", "must be a UUID"});
    CheckText(problems, "report", request->report(), 1, 8000);
    if (!problems.empty()) return errors::InvalidFields(problems);
    // The JST's own tasks (a coordinator's region); checked by the store
    // on the task's locked row.
    TaskScope scope;
    scope.covers = [&](const JstPlace& place) {
      return CoversJst(*caller, place.teryt, place.voivodeship);
    };
    return Answer(stores_.tasks.ChangeTask(request->task(), TaskAction::kSubmit,
                                           request->report(), scope, clock_(),
                                           ActorOf(*caller)),
                  response);
  });
}

absl::Status TrainingServiceImpl::ReviewTask(
    grpc::ServerContextBase* context, const v1::ReviewTaskRequest* request,
    bool accept, v1::Task* response) {
  auto caller = CallerOf(*context);
  if (!caller.ok()) return caller.status();
  std::vector<FieldProblem> problems;
  if (!ids::IsUuid(request->task()))
    problems.push_back({"task", "must be a UUID"});
  CheckText(problems, "comment", request->comment(), accept ? 0 : 1, 4000);
  if (!problems.empty()) return errors::InvalidFields(problems);
  // An expert reviews only the tasks of the JSTs whose guardian it is;
  // checked by the store on the task's locked row.
  TaskScope scope;
  if (caller->role == EXPERT) scope.reviewer = caller->subject;
  return Answer(
      stores_.tasks.ChangeTask(
          request->task(), accept ? TaskAction::kAccept : TaskAction::kReturn,
          request->comment(), scope, clock_(), ActorOf(*caller)),
      response);
}

grpc::ServerUnaryReactor* TrainingServiceImpl::AcceptTask(
    grpc::CallbackServerContext* context, const v1::ReviewTaskRequest* request,
    v1::Task* response) {
  return Serve("AcceptTask", context, request, [=] {
    return ReviewTask(context, request, /*accept=*/true, response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ReturnTask(
    grpc::CallbackServerContext* context, const v1::ReviewTaskRequest* request,
    v1::Task* response) {
  return Serve("ReturnTask", context, request, [=] {
    return ReviewTask(context, request, /*accept=*/false, response);
  });
}

// ============================================================= logistics

grpc::ServerUnaryReactor* TrainingServiceImpl::CreateSignup(
    grpc::CallbackServerContext* context,
    const v1::CreateSignupRequest* request, v1::Signup* response) {
  return Serve("CreateSignup", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->module())) return BadId("module");
    if (!ids::IsUuid(request->participant())) return BadId("participant");
    return Answer(
        stores_.logistics.CreateSignup(
            request->module(), request->participant(), ScopeOf(*caller),
            request->accommodation(), request->shuttle(), request->parking(),
            clock_(), ActorOf(*caller)),
        response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListSignups(
    grpc::CallbackServerContext* context, const v1::ListSignupsRequest* request,
    v1::ListSignupsResponse* response) {
  return Serve("ListSignups", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->module())) return BadId("module");
    auto page = paging::ReadOffsetPage(
        "signups",
        {request->module(), v1::SignupStatus_Name(request->status())},
        request->page_size(), request->page_token());
    if (!page.ok()) return page.status();
    std::string status;
    if (request->status() != v1::SIGNUP_STATUS_UNSPECIFIED) {
      status = std::string(absl::StripPrefix(
          v1::SignupStatus_Name(request->status()), "SIGNUP_"));
    }
    auto signups = stores_.logistics.ListSignups(
        request->module(), status, RegionFilter(*caller),
        caller->role == JST ? caller->jst : "");
    if (!signups.ok()) return signups.status();
    for (auto& s : *signups) *response->add_signups() = std::move(s);
    response->set_next_page_token(
        paging::KeepPage(*page, *response->mutable_signups()));
    return absl::OkStatus();
  });
}

absl::Status TrainingServiceImpl::DecideSignup(
    grpc::ServerContextBase* context, const v1::DecideSignupRequest* request,
    bool approve, v1::Signup* response) {
  auto caller = CallerOf(*context);
  if (!caller.ok()) return caller.status();
  std::vector<FieldProblem> problems;
  if (!ids::IsUuid(request->signup())) {
    problems.push_back({"signup", "must be a UUID"});
  }
  CheckText(problems, "reason", request->reason(), approve ? 0 : 1, 500);
  if (!problems.empty()) return errors::InvalidFields(problems);
  return Answer(
      stores_.logistics.DecideSignup(request->signup(), approve,
                                     request->reason(), ActorOf(*caller)),
      response);
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ApproveSignup(
    grpc::CallbackServerContext* context,
    const v1::DecideSignupRequest* request, v1::Signup* response) {
  return Serve("ApproveSignup", context, request, [=] {
    return DecideSignup(context, request, /*approve=*/true, response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::RefuseSignup(
    grpc::CallbackServerContext* context,
    const v1::DecideSignupRequest* request, v1::Signup* response) {
  return Serve("RefuseSignup", context, request, [=] {
    return DecideSignup(context, request, /*approve=*/false, response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::GetRoomingList(
    grpc::CallbackServerContext* context, const v1::GetListRequest* request,
    v1::RoomingList* response) {
  return Serve("GetRoomingList", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->module())) return BadId("module");
    return Answer(stores_.logistics.RoomingList(request->module()), response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::GetShuttleList(
    grpc::CallbackServerContext* context, const v1::GetListRequest* request,
    v1::ShuttleList* response) {
  return Serve("GetShuttleList", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->module())) return BadId("module");
    return Answer(stores_.logistics.ShuttleList(request->module()), response);
  });
}

// =========================================================== evaluations

grpc::ServerUnaryReactor* TrainingServiceImpl::SubmitEvaluation(
    grpc::CallbackServerContext* context,
    const v1::SubmitEvaluationRequest* request, v1::Evaluation* response) {
  return Serve("SubmitEvaluation", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    const v1::Evaluation& e = request->evaluation();
    std::vector<FieldProblem> problems;
    if (!ids::IsUuid(request->module())) {
      problems.push_back({"module", "must be a UUID"});
    }
    if (!ids::IsUuid(e.participant())) {
      problems.push_back({"evaluation.participant", "must be a UUID"});
    }
    if (e.ratings().empty()) {
      problems.push_back({"evaluation.ratings", "rate at least one area"});
    }
    std::set<int> areas;
    for (int i = 0; i < e.ratings_size(); ++i) {
      const std::string path = absl::StrCat("evaluation.ratings[", i, "]");
      const int area = e.ratings(i).area();
      if (area < 1 || area > 5) {
        problems.push_back({path + ".area", "must be one of the 5 areas"});
      } else if (!areas.insert(area).second) {
        problems.push_back({path + ".area", "is rated twice"});
      }
      CheckRange(problems, path + ".score", e.ratings(i).score(), 1, 5);
    }
    CheckText(problems, "evaluation.comment", e.comment(), 0, 4000);
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(
        stores_.evaluations.SubmitEvaluation(request->module(), e.participant(),
                                             ScopeOf(*caller), e, clock_()),
        response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::GetEvaluationSummary(
    grpc::CallbackServerContext* context,
    const v1::GetEvaluationSummaryRequest* request,
    v1::EvaluationSummary* response) {
  return Serve("GetEvaluationSummary", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->module())) return BadId("module");
    return Answer(stores_.evaluations.EvaluationSummary(request->module(),
                                                        RegionFilter(*caller)),
                  response);
  });
}

// ============================================================= calendars

grpc::ServerUnaryReactor* TrainingServiceImpl::GetParticipantCalendar(
    grpc::CallbackServerContext* context,
    const v1::ParticipantCalendarRequest* request,
    api::v1::HttpBody* response) {
  return Serve(
      "GetParticipantCalendar", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context);
        if (!caller.ok()) return caller.status();
        return ParticipantCalendarFor(stores_, *caller, request->participant(),
                                      clock_(), response);
      });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::GetGroupCalendar(
    grpc::CallbackServerContext* context,
    const v1::GroupCalendarRequest* request, api::v1::HttpBody* response) {
  return Serve("GetGroupCalendar", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    return GroupCalendarFor(stores_, request->edition(), request->group(),
                            clock_(), response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::GetTrainerCalendar(
    grpc::CallbackServerContext* context,
    const v1::TrainerCalendarRequest* request, api::v1::HttpBody* response) {
  return Serve("GetTrainerCalendar", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    return TrainerCalendarFor(stores_, *caller, request->trainer(), clock_(),
                              response);
  });
}

// ======================================================== calendar feeds

grpc::ServerUnaryReactor* TrainingServiceImpl::CreateCalendarFeed(
    grpc::CallbackServerContext* context,
    const v1::CreateCalendarFeedRequest* request, v1::CalendarFeed* response) {
  return Serve("CreateCalendarFeed", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    auto feed = NewFeed(*caller, *request);
    if (!feed.ok()) return feed.status();
    // The owner must be able to read the calendar now (the same checks
    // as every later read).
    api::v1::HttpBody calendar;
    const absl::Status readable = CalendarOfFeed(
        stores_, OwnerAsCaller(feed->owner()), *feed, clock_(), &calendar);
    if (!readable.ok()) return readable;
    const std::string token = NewFeedToken();
    auto created = stores_.feeds.Create(*feed, FeedTokenHash(token), clock_());
    if (!created.ok()) return created.status();
    created->set_subscription_path(
        absl::StrCat("/v1/calendar-feeds/", token, ".ics"));
    log::Info("calendar_feed_created", {{"feed", created->id()},
                                        {"owner", feed->owner().subject()},
                                        {"by", caller->subject}});
    *response = *std::move(created);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListCalendarFeeds(
    grpc::CallbackServerContext* context,
    const v1::ListCalendarFeedsRequest* request,
    v1::ListCalendarFeedsResponse* response) {
  return Serve("ListCalendarFeeds", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    auto owner = FeedOwnerToList(*caller, request->owner());
    if (!owner.ok()) return owner.status();
    auto page = paging::ReadOffsetPage(
        "calendarFeeds", {*owner}, request->page_size(), request->page_token());
    if (!page.ok()) return page.status();
    auto feeds = stores_.feeds.ListNotRevoked(*owner);
    if (!feeds.ok()) return feeds.status();
    for (v1::CalendarFeed& feed : *feeds) {
      *response->add_feeds() = std::move(feed);
    }
    response->set_next_page_token(
        paging::KeepPage(*page, *response->mutable_feeds()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::RenewCalendarFeed(
    grpc::CallbackServerContext* context,
    const v1::RenewCalendarFeedRequest* request, v1::CalendarFeed* response) {
  return Serve("RenewCalendarFeed", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->id())) return BadId("id");
    // The office renews anyone's; everyone else only their own, made under
    // the role and scope they have now (a feed keeps its owner's principal
    // of the day it was made, which must not outlive a change of scope).
    std::optional<v1::CalendarFeedOwner> owner;
    if (caller->role != ADMIN) owner = OwnerOf(*caller);
    auto renewed = stores_.feeds.Renew(request->id(), owner, clock_());
    if (!renewed.ok()) return renewed.status();
    log::Info("calendar_feed_renewed", {{"feed", renewed->id()},
                                        {"owner", renewed->owner().subject()},
                                        {"by", caller->subject}});
    *response = *std::move(renewed);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::RevokeCalendarFeeds(
    grpc::CallbackServerContext* context,
    const v1::RevokeCalendarFeedsRequest* request,
    v1::RevokeCalendarFeedsResponse* response) {
  return Serve("RevokeCalendarFeeds", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    auto of = FeedsToRevoke(*request);
    if (!of.ok()) return of.status();
    auto revoked = stores_.feeds.RevokeAll(*of, caller->subject, clock_());
    if (!revoked.ok()) return revoked.status();
    log::Info("calendar_feeds_revoked", {{"owner", of->owner},
                                         {"participant", of->participant},
                                         {"trainer", of->trainer},
                                         {"feeds", *revoked},
                                         {"by", caller->subject}});
    response->set_revoked_count(*revoked);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::RevokeCalendarFeed(
    grpc::CallbackServerContext* context,
    const v1::RevokeCalendarFeedRequest* request, v1::CalendarFeed* response) {
  return Serve("RevokeCalendarFeed", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->id())) return BadId("id");
    // The office revokes anyone's; everyone else only their own.
    const std::string owner = caller->role == ADMIN ? "" : caller->subject;
    auto revoked =
        stores_.feeds.Revoke(request->id(), owner, caller->subject, clock_());
    if (!revoked.ok()) return revoked.status();
    log::Info("calendar_feed_revoked", {{"feed", revoked->id()},
                                        {"owner", revoked->owner().subject()},
                                        {"by", caller->subject}});
    *response = *std::move(revoked);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ReadCalendarFeed(
    grpc::CallbackServerContext* context,
    const v1::ReadCalendarFeedRequest* request, api::v1::HttpBody* response) {
  return Serve("ReadCalendarFeed", context, request, [=]() -> absl::Status {
    // A malformed token is answered like an unknown one.
    const std::string hash =
        IsFeedToken(request->token()) ? FeedTokenHash(request->token()) : "";
    const std::string traceparent = grpcutil::IncomingTraceparent(*context);
    auto feed = stores_.feeds.RecordRead(
        hash, clock_(),
        traceparent.size() >= 35 ? traceparent.substr(3, 32) : "");
    if (!feed.ok()) return feed.status();
    log::Info("calendar_feed_read",
              {{"feed", feed->id()},
               {"owner", feed->owner().subject()},
               {"kind", v1::CalendarFeedKind_Name(feed->kind())}});
    const absl::Status read = CalendarOfFeed(
        stores_, OwnerAsCaller(feed->owner()), *feed, clock_(), response);
    // What the owner may no longer see reads as an empty calendar, so
    // calendar apps drop its events.
    if (absl::IsNotFound(read) || absl::IsPermissionDenied(read)) {
      return WriteCalendar("jstedu", {}, clock_(), response);
    }
    return read;
  });
}

}  // namespace jstedu::training
