// The school-register handlers of AdvisoryServiceImpl
// (docs/programme-parts.md, part 5): the office's load of the RSPO
// register's export, and the list actions pick schools from. The schools
// an action names travel with the schedule (CompleteDiagnosis).

#include "common/crypto/digest.h"
#include "common/csv/csv_file.h"
#include "common/grpc/caller.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/status/paging.h"
#include "services/advisory/advisory_service.h"
#include "services/advisory/api_input.h"
#include "services/advisory/callers.h"
#include "services/advisory/domain/school_csv.h"

namespace jstedu::advisory {

using grpcutil::Answer;
using grpcutil::CallerOf;
using grpcutil::Serve;

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ImportSchools(
    grpc::CallbackServerContext* context,
    const v1::ImportSchoolsRequest* request,
    v1::ImportSchoolsResponse* response) {
  return Serve("ImportSchools", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    if (!errors::IsVoivodeshipCode(request->voivodeship())) {
      return errors::InvalidField(
          "voivodeship",
          "must be the voivodeship code (02, 04, … 32) the file covers");
    }
    const SchoolFile file =
        ReadSchoolCsv(request->csv(), request->voivodeship());
    if (!file.problems.empty()) {
      return errors::InvalidFields(csv::ImportProblems(file.problems));
    }
    return Answer(schools_.Load(file, request->voivodeship(),
                                crypto::Sha256Hex(request->csv()),
                                ActorOf(*caller), clock_()),
                  response);
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ListSchools(
    grpc::CallbackServerContext* context, const v1::ListSchoolsRequest* request,
    v1::ListSchoolsResponse* response) {
  return Serve("ListSchools", context, request, [=]() -> absl::Status {
    auto caller = CallerOf(*context);
    if (!caller.ok()) return caller.status();
    Problems problems;
    if (!request->teryt().empty()) {
      CheckTeryt(problems, "teryt", request->teryt());
    }
    errors::CheckText(problems, "query", request->query(), 0, 200);
    const paging::Page page =
        paging::ReadOffsetPage(problems, "schools",
                               {request->teryt(), request->query(),
                                request->include_closed() ? "closed" : "open"},
                               request->page_size(), request->page_token());
    const absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    SchoolQuery query;
    query.running_teryt = request->teryt();
    // A JST reads its own schools: another JST's is an empty list.
    if (caller->role == auth::v1::JST) {
      if (caller->jst.empty()) {
        return absl::PermissionDeniedError(
            "JST without a scope may not read schools");
      }
      if (!query.running_teryt.empty() && query.running_teryt != caller->jst) {
        response->set_next_page_token("");
        return absl::OkStatus();
      }
      query.running_teryt = caller->jst;
    }
    query.words = request->query();
    query.include_closed = request->include_closed();
    query.window = {page.offset, page.size};
    bool more = false;
    auto schools = schools_.List(query, &more);
    if (!schools.ok()) return schools.status();
    for (auto& s : *schools) *response->add_schools() = std::move(s);
    response->set_next_page_token(page.NextOffsetToken(more));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AdvisoryServiceImpl::ListSchoolsReached(
    grpc::CallbackServerContext* context,
    const v1::ListSchoolsReachedRequest* request,
    v1::ListSchoolsReachedResponse* response) {
  return Serve("ListSchoolsReached", context, request, [=]() -> absl::Status {
    auto scoped = ScopedCallerOf(*context);
    if (!scoped.ok()) return scoped.status();
    Problems problems;
    errors::CheckEdition(problems, "edition", request->edition());
    if (!request->voivodeship().empty() &&
        !errors::IsVoivodeshipCode(request->voivodeship())) {
      problems.push_back(
          {"voivodeship", "must be a voivodeship code (02, 04, … 32)"});
    }
    const paging::Page page =
        paging::ReadOffsetPage(problems, "schoolsReached",
                               {request->edition(), request->voivodeship()},
                               request->page_size(), request->page_token());
    const absl::Status valid = Invalid(problems);
    if (!valid.ok()) return valid;
    SchoolsReachedQuery query;
    query.edition = request->edition();
    query.scope = scoped->scope;
    query.voivodeship = request->voivodeship();
    query.window = {page.offset, page.size};
    bool more = false;
    auto schools = schools_.ListReached(query, &more);
    if (!schools.ok()) return schools.status();
    for (auto& s : *schools) *response->add_schools() = std::move(s);
    response->set_next_page_token(page.NextOffsetToken(more));
    return absl::OkStatus();
  });
}

}  // namespace jstedu::advisory
