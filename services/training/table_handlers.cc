// The expert tables' RPCs of TrainingServiceImpl (training_service.h):
// consultation slots with an expert during a module
// (docs/programme-parts.md, part 2). Shapes are checked here, every
// problem listed; the rules and scopes in TableStore's transactions.
#include "absl/strings/str_cat.h"
#include "common/grpc/caller.h"
#include "common/grpc/context.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/status/ids.h"
#include "common/status/paging.h"
#include "services/training/api_input.h"
#include "services/training/callers.h"
#include "services/training/training_service.h"

namespace jstedu::training {
namespace {

using auth::v1::EXPERT;
using auth::v1::JST;
using errors::FieldProblem;
using grpcutil::Answer;
using grpcutil::CallerOf;
using grpcutil::RegionFilter;
using grpcutil::Serve;

void CheckTable(std::vector<FieldProblem>& problems,
                const v1::ExpertTable& table) {
  if (table.topic() != v1::LEGAL_QUESTIONS &&
      table.topic() != v1::EDUCATION_FINANCE &&
      table.topic() != v1::OTHER_TOPIC) {
    problems.push_back({"table.topic",
                        "is required: LEGAL_QUESTIONS, EDUCATION_FINANCE or "
                        "OTHER_TOPIC"});
  }
  errors::CheckText(problems, "table.title", table.title(), 1, 200);
  if (!IsKey(table.expert(), 128, "._@-")) {
    problems.push_back(
        {"table.expert", "must be 1..128 of A-Z a-z 0-9 . _ @ -"});
  }
  errors::CheckText(problems, "table.room", table.room(), 0, 200);
}

absl::StatusOr<SlotInput> SlotFrom(const v1::TableSlot& slot) {
  std::vector<FieldProblem> problems;
  auto start = LocalField(problems, "slot.startsLocal", slot.starts_local(),
                          slot.ambiguous_time());
  CheckRange(problems, "slot.durationMinutes", slot.duration_minutes(), 10,
             240);
  const int capacity = slot.capacity() == 0 ? 1 : slot.capacity();
  CheckRange(problems, "slot.capacity", capacity, 1, 20);
  if (!problems.empty()) return errors::InvalidFields(problems);
  return SlotInput{*start, *start + absl::Minutes(slot.duration_minutes()),
                   capacity};
}

}  // namespace

grpc::ServerUnaryReactor* TrainingServiceImpl::CreateExpertTable(
    grpc::CallbackServerContext* context,
    const v1::CreateExpertTableRequest* request, v1::ExpertTable* response) {
  return Serve("CreateExpertTable", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    CheckUuid(problems, "module", request->module());
    CheckTable(problems, request->table());
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(
        stores_.tables.CreateTable(request->module(), request->table(),
                                   clock_(), ActorOf(*caller)),
        response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListExpertTables(
    grpc::CallbackServerContext* context,
    const v1::ListExpertTablesRequest* request,
    v1::ListExpertTablesResponse* response) {
  return Serve("ListExpertTables", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    CheckUuid(problems, "module", request->module());
    paging::Page page =
        paging::ReadOffsetPage(problems, "expertTables", {request->module()},
                               request->page_size(), request->page_token());
    if (!problems.empty()) return errors::InvalidFields(problems);
    return paging::AnswerWholeList(
        page, stores_.tables.ListTables(request->module()),
        *response->mutable_tables(), *response->mutable_next_page_token());
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::CreateTableSlot(
    grpc::CallbackServerContext* context,
    const v1::CreateTableSlotRequest* request, v1::TableSlot* response) {
  return Serve("CreateTableSlot", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->table())) {
      return errors::InvalidField("table", "must be a UUID");
    }
    auto slot = SlotFrom(request->slot());
    if (!slot.ok()) return slot.status();
    return Answer(stores_.tables.CreateSlot(request->table(), *slot,
                                            ExpertSubjectOf(*caller), clock_(),
                                            ActorOf(*caller)),
                  response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::BookTableSlot(
    grpc::CallbackServerContext* context,
    const v1::BookTableSlotRequest* request, v1::TableBooking* response) {
  return Serve("BookTableSlot", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    CheckUuid(problems, "slot", request->slot());
    CheckUuid(problems, "participant", request->participant());
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(
        stores_.tables.Book(request->slot(), request->participant(),
                            ScopeOf(*caller), clock_(), ActorOf(*caller)),
        response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::CancelTableBooking(
    grpc::CallbackServerContext* context,
    const v1::CancelTableBookingRequest* request, v1::TableBooking* response) {
  return Serve("CancelTableBooking", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!ids::IsUuid(request->booking())) {
      return errors::InvalidField("booking", "must be a UUID");
    }
    return Answer(stores_.tables.Cancel(request->booking(), ScopeOf(*caller),
                                        clock_(), ActorOf(*caller)),
                  response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListTableBookings(
    grpc::CallbackServerContext* context,
    const v1::ListTableBookingsRequest* request,
    v1::ListTableBookingsResponse* response) {
  return Serve("ListTableBookings", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    CheckUuid(problems, "table", request->table());
    paging::Page page = paging::ReadOffsetPage(
        problems, "tableBookings",
        {request->table(), request->include_cancelled() ? "all" : "in-force"},
        request->page_size(), request->page_token());
    if (!problems.empty()) return errors::InvalidFields(problems);
    return paging::AnswerWholeList(
        page,
        stores_.tables.ListBookings(
            request->table(), request->include_cancelled(),
            ExpertSubjectOf(*caller), RegionFilter(*caller),
            JstFilterOf(*caller)),
        *response->mutable_bookings(), *response->mutable_next_page_token());
  });
}

}  // namespace jstedu::training
