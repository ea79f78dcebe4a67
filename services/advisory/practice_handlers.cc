// The good-practice handlers of AdvisoryServiceImpl (docs/programme-parts.md,
// part 4): proposing and editing drafts, the status changes, reading,
// searching and exporting the catalogue. Roles are checked by CallerOf
// (advisory.proto); the case scope of changes and the readers' visibility
// are applied by PracticeStore inside its transaction.

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/csv/csv_writer.h"
#include "common/grpc/caller.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/status/paging.h"
#include "services/advisory/advisory_service.h"
#include "services/advisory/api_input.h"
#include "services/advisory/callers.h"

namespace jstedu::advisory {
namespace {

using grpcutil::Answer;
using grpcutil::CallerOf;
using grpcutil::Serve;
namespace rv1 = recruitment::v1;

void CheckPracticeId(Problems& problems, const std::string& id) {
  CheckUuid(problems, "goodPractice", id);
}

void CheckExpectedVersion(Problems& problems, int64_t expected_version) {
  if (expected_version < 1) {
    problems.push_back(
        {"expectedVersion", "must be given (>= 1): the version you read"});
  }
}

// A status change: the caller's case scope, the practice id, its version
// and, for a return or withdrawal, the reason.
absl::Status ChangeStatus(const grpc::ServerContextBase& context,
                          PracticeStore& practices,
                          const v1::ChangeGoodPracticeStatusRequest& request,
                          PracticeCommand command, absl::Time now,
                          v1::GoodPractice* response) {
  auto who = ScopedCallerOf(context);
  if (!who.ok()) return who.status();
  Problems problems;
  CheckPracticeId(problems, request.good_practice());
  CheckExpectedVersion(problems, request.expected_version());
  const bool needs_reason = command == PracticeCommand::kReturn ||
                            command == PracticeCommand::kWithdraw;
  if (needs_reason) {
    const Problems reason = CheckReason(request.reason());
    problems.insert(problems.end(), reason.begin(), reason.end());
  }
  const absl::Status valid = Invalid(problems);
  if (!valid.ok()) return valid;
  PracticeChange change;
  change.command = command;
  change.expected_version = request.expected_version();
  if (needs_reason) change.reason = request.reason();
  return Answer(practices.Change(request.good_practice(), who->scope, change,
                                 ActorOf(who->caller), now),
                response);
}

// The kind of JST as the catalogue's readers say it.
std::string JstKindText(rv1::JstKind kind) {
  switch (kind) {
    case rv1::URBAN_COMMUNE:
      return "gmina miejska";
    case rv1::RURAL_COMMUNE:
      return "gmina wiejska";
    case rv1::URBAN_RURAL_COMMUNE:
      return "gmina miejsko-wiejska";
    case rv1::COUNTY:
      return "powiat";
    default:
      return "";
  }
}

// The published catalogue as CSV (common/csv/csv_writer.h).
std::string CatalogueCsv(const std::vector<v1::GoodPractice>& practices) {
  std::string file =
      csv::CsvRow({"id", "województwo", "TERYT", "rodzaj JST",
                   "obszar wsparcia", "tytuł", "opis", "słowa kluczowe",
                   "plan: dokument", "plan: przyjęty", "opublikowano"});
  for (const v1::GoodPractice& p : practices) {
    file.append(csv::CsvRow(
        {p.id(), p.voivodeship(), p.teryt(), JstKindText(p.jst_kind()),
         p.support_area_code(), p.title(), p.description(),
         absl::StrJoin(p.keywords(), "; "), p.plan().document_reference(),
         p.plan().adopted_on(), p.published_on()}));
  }
  return file;
}

}  // namespace

grpc::ServerUnaryReactor* AdvisoryServiceImpl::CreateGoodPractice(
    grpc::CallbackServerContext* context,
    const v1::CreateGoodPracticeRequest* request, v1::GoodPractice* response) {
  return Serve("CreateGoodPractice", context, request, [=]() -> absl::Status {
    auto who = ScopedCallerOf(*context);
    if (!who.ok()) return who.status();
    Problems problems;
    CheckUuid(problems, "case", request->case_());
    const Problems practice = CheckPractice(request->practice());
    problems.insert(problems.end(), practice.begin(), practice.end());
    const absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    return Answer(
        practices_.Create(request->case_(), who->scope, request->practice(),
                          ActorOf(who->caller), clock_()),
        response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::UpdateGoodPractice(
    grpc::CallbackServerContext* context,
    const v1::UpdateGoodPracticeRequest* request, v1::GoodPractice* response) {
  return Serve("UpdateGoodPractice", context, request, [=]() -> absl::Status {
    auto who = ScopedCallerOf(*context);
    if (!who.ok()) return who.status();
    Problems problems;
    CheckPracticeId(problems, request->good_practice());
    CheckExpectedVersion(problems, request->expected_version());
    const Problems practice = CheckPractice(request->practice());
    problems.insert(problems.end(), practice.begin(), practice.end());
    const absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    return Answer(
        practices_.Update(request->good_practice(), who->scope,
                          request->expected_version(), request->practice(),
                          ActorOf(who->caller), clock_()),
        response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::SubmitGoodPractice(
    grpc::CallbackServerContext* context,
    const v1::ChangeGoodPracticeStatusRequest* request,
    v1::GoodPractice* response) {
  return Serve("SubmitGoodPractice", context, request, [=]() -> absl::Status {
    return ChangeStatus(*context, practices_, *request,
                        PracticeCommand::kSubmit, clock_(), response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::PublishGoodPractice(
    grpc::CallbackServerContext* context,
    const v1::ChangeGoodPracticeStatusRequest* request,
    v1::GoodPractice* response) {
  return Serve("PublishGoodPractice", context, request, [=]() -> absl::Status {
    return ChangeStatus(*context, practices_, *request,
                        PracticeCommand::kPublish, clock_(), response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ReturnGoodPractice(
    grpc::CallbackServerContext* context,
    const v1::ChangeGoodPracticeStatusRequest* request,
    v1::GoodPractice* response) {
  return Serve("ReturnGoodPractice", context, request, [=]() -> absl::Status {
    return ChangeStatus(*context, practices_, *request,
                        PracticeCommand::kReturn, clock_(), response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::WithdrawGoodPractice(
    grpc::CallbackServerContext* context,
    const v1::ChangeGoodPracticeStatusRequest* request,
    v1::GoodPractice* response) {
  return Serve("WithdrawGoodPractice", context, request, [=]() -> absl::Status {
    return ChangeStatus(*context, practices_, *request,
                        PracticeCommand::kWithdraw, clock_(), response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::GetGoodPractice(
    grpc::CallbackServerContext* context,
    const v1::GetGoodPracticeRequest* request, v1::GoodPractice* response) {
  return Serve("GetGoodPractice", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    Problems problems;
    CheckPracticeId(problems, request->good_practice());
    const absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    return Answer(
        practices_.Get(request->good_practice(), PracticeReaderOf(*caller)),
        response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ListGoodPractices(
    grpc::CallbackServerContext* context,
    const v1::ListGoodPracticesRequest* request,
    v1::ListGoodPracticesResponse* response) {
  return Serve("ListGoodPractices", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    Problems problems;
    errors::CheckEdition(problems, "edition", request->edition());
    errors::CheckText(problems, "query", request->query(), 0, 200);
    if (!request->voivodeship().empty() &&
        !errors::IsVoivodeshipCode(request->voivodeship())) {
      problems.push_back(
          {"voivodeship", "must be a voivodeship code (02, 04, … 32)"});
    }
    if (!rv1::JstKind_IsValid(request->jst_kind())) {
      problems.push_back({"jstKind", "is not a kind of JST"});
    }
    if (!request->support_area().empty()) {
      CheckUuid(problems, "supportArea", request->support_area());
    }
    if (!v1::PracticeStatus_IsValid(request->status())) {
      problems.push_back({"status", "is not a status of a good practice"});
    }
    if (!request->teryt().empty()) {
      CheckTeryt(problems, "teryt", request->teryt());
    }
    PracticeQuery query;
    query.edition = request->edition();
    query.search = request->query();
    query.voivodeship = request->voivodeship();
    if (request->jst_kind() != rv1::JST_KIND_UNSPECIFIED) {
      query.jst_kind = rv1::JstKind_Name(request->jst_kind());
    }
    query.support_area = absl::AsciiStrToLower(request->support_area());
    if (request->status() != v1::PRACTICE_STATUS_UNSPECIFIED) {
      // "PRACTICE_DRAFT" is stored as "DRAFT".
      query.status = v1::PracticeStatus_Name(request->status())
                         .substr(sizeof "PRACTICE_" - 1);
    }
    query.teryt = request->teryt();
    const paging::Page page = paging::ReadOffsetPage(
        problems, "goodPractices",
        {query.edition, query.search, query.voivodeship, query.jst_kind,
         query.support_area, query.status, query.teryt},
        request->page_size(), request->page_token());
    const absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    query.window = {page.offset, page.size};
    bool more = false;
    auto practices = practices_.List(query, PracticeReaderOf(*caller), &more);
    if (!practices.ok()) return practices.status();
    for (auto& p : *practices) *response->add_practices() = std::move(p);
    response->set_next_page_token(page.NextOffsetToken(more));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ExportGoodPractices(
    grpc::CallbackServerContext* context,
    const v1::ExportGoodPracticesRequest* request,
    api::v1::HttpBody* response) {
  return Serve("ExportGoodPractices", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    const absl::Status edition =
        errors::CheckEdition(request->edition(), "edition");
    if (!edition.ok()) return edition;
    auto practices = practices_.Published(request->edition());
    if (!practices.ok()) return practices.status();
    response->set_content_type("text/csv; charset=utf-8");
    response->set_data(CatalogueCsv(*practices));
    return absl::OkStatus();
  });
}

}  // namespace jstedu::advisory
