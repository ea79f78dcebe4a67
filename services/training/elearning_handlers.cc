// The e-learning RPCs of TrainingServiceImpl (training_service.h): an
// edition's courses and the platform's completions
// (docs/programme-parts.md, part 3). Shapes and the file are checked here,
// every problem listed; courses and participants in ELearningStore's
// transaction.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"
#include "common/grpc/caller.h"
#include "common/grpc/context.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/status/ids.h"
#include "common/status/paging.h"
#include "common/time/civil_time.h"
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

}  // namespace

grpc::ServerUnaryReactor* TrainingServiceImpl::PutELearningCourse(
    grpc::CallbackServerContext* context,
    const v1::PutELearningCourseRequest* request,
    v1::ELearningCourse* response) {
  return Serve("PutELearningCourse", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    errors::CheckEdition(problems, "edition", request->edition());
    if (!IsKey(request->code(), 32, "._-")) {
      problems.push_back({"code", "must be 1..32 of A-Z a-z 0-9 . _ -"});
    }
    CheckText(problems, "course.title", request->course().title(), 1, 200);
    CheckRange(problems, "course.hours", request->course().hours(), 1, 200);
    if (!problems.empty()) return errors::InvalidFields(problems);
    return Answer(stores_.elearning.PutCourse(
                      request->edition(), request->code(), request->course(),
                      clock_(), ActorOf(*caller)),
                  response);
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListELearningCourses(
    grpc::CallbackServerContext* context,
    const v1::ListELearningCoursesRequest* request,
    v1::ListELearningCoursesResponse* response) {
  return Serve("ListELearningCourses", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    std::vector<FieldProblem> problems;
    errors::CheckEdition(problems, "edition", request->edition());
    paging::Page page = paging::ReadOffsetPage(
        problems, "elearningCourses", {request->edition()},
        request->page_size(), request->page_token());
    if (!problems.empty()) return errors::InvalidFields(problems);
    return paging::AnswerWholeList(
        page, stores_.elearning.ListCourses(request->edition()),
        *response->mutable_courses(), *response->mutable_next_page_token());
  });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ImportELearningCompletions(
    grpc::CallbackServerContext* context,
    const v1::ImportELearningCompletionsRequest* request,
    v1::ImportELearningCompletionsResponse* response) {
  return Serve(
      "ImportELearningCompletions", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context);
        if (!caller.ok()) return caller.status();
        if (auto s = CheckEdition(request->edition(), "edition"); !s.ok()) {
          return s;
        }
        const absl::Time now = clock_();
        const CompletionFile file =
            ReadCompletionCsv(request->csv(), ProgrammeDay(now));
        if (!file.problems.empty()) {
          return errors::InvalidFields(csv::ImportProblems(file.problems));
        }
        return Answer(
            stores_.elearning.Import(request->edition(), file,
                                     crypto::Sha256Hex(request->csv()), now,
                                     ActorOf(*caller)),
            response);
      });
}

grpc::ServerUnaryReactor* TrainingServiceImpl::ListELearningCompletions(
    grpc::CallbackServerContext* context,
    const v1::ListELearningCompletionsRequest* request,
    v1::ListELearningCompletionsResponse* response) {
  return Serve(
      "ListELearningCompletions", context, request, [=]() -> absl::Status {
        auto caller = CallerOf(*context);
        if (!caller.ok()) return caller.status();
        std::vector<FieldProblem> problems;
        errors::CheckEdition(problems, "edition", request->edition());
        if (!request->participant().empty()) {
          CheckUuid(problems, "participant", request->participant());
        }
        paging::Page page =
            paging::ReadOffsetPage(problems, "elearningCompletions",
                                   {request->edition(), request->participant()},
                                   request->page_size(), request->page_token());
        if (!problems.empty()) return errors::InvalidFields(problems);
        return paging::AnswerWholeList(
            page,
            stores_.elearning.ListCompletions(
                request->edition(),
                absl::AsciiStrToLower(request->participant()),
                RegionFilter(*caller), JstFilterOf(*caller),
                ExpertSubjectOf(*caller)),
            *response->mutable_completions(),
            *response->mutable_next_page_token());
      });
}

}  // namespace jstedu::training
