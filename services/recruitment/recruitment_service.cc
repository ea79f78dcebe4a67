#include "services/recruitment/recruitment_service.h"

#include "absl/strings/str_cat.h"
#include "common/grpc/principal.h"
#include "common/grpc/status.h"
#include "services/recruitment/domain/jst_scope.h"
#include "common/status/errors.h"

namespace jstedu::recruitment {
namespace {

v1::JstKind ToProto(JstKind kind) {
  switch (kind) {
    case JstKind::kUrbanCommune:
      return v1::URBAN_COMMUNE;
    case JstKind::kRuralCommune:
      return v1::RURAL_COMMUNE;
    case JstKind::kUrbanRuralCommune:
      return v1::URBAN_RURAL_COMMUNE;
    case JstKind::kCounty:
      return v1::COUNTY;
  }
  return v1::JST_KIND_UNSPECIFIED;
}

void ToProto(const Jst& jst, v1::Jst* out) {
  out->set_teryt(jst.teryt);
  out->set_name(jst.name);
  out->set_kind(ToProto(jst.kind));
  out->set_city_with_county_rights(jst.city_with_county_rights);
  out->set_voivodeship(jst.voivodeship);
  out->set_county(jst.county);
  out->set_workshop_group(jst.workshop_group);
  out->set_register_date(jst.register_date);
}

// The registry scope of the call's verified principal.
absl::StatusOr<JstScope> CallerScope(const grpc::ServerContext& context) {
  auto principal = grpcutil::RequirePrincipal(context);
  if (!principal.ok()) return principal.status();
  return ScopeFor(auth::v1::Role_Name(principal->role()), principal->voivodeship(),
                  principal->jst());
}

}  // namespace

grpc::Status RecruitmentServiceImpl::ListJsts(grpc::ServerContext* context,
                                              const v1::ListJstsRequest* request,
                                              v1::ListJstsResponse* response) {
  return grpcutil::Serve("ListJsts", [&]() -> absl::Status {
    auto scope = CallerScope(*context);
    if (!scope.ok()) return scope.status();
    JstQueryInput input;
    input.voivodeship = request->voivodeship();
    if (request->kind() != v1::JST_KIND_UNSPECIFIED) {
      input.kind = v1::JstKind_IsValid(request->kind())
                       ? v1::JstKind_Name(request->kind())
                       : absl::StrCat(request->kind());
    }
    input.name_prefix = request->name_prefix();
    input.page_size = request->page_size();
    input.page_token = request->page_token();
    if (!RestrictToScope(*scope, &input)) return absl::OkStatus();  // no foreign rows
    auto query = ValidateJstQuery(input);
    if (!query.ok()) return query.status();
    auto page = registry_.List(*query);
    if (!page.ok()) return page.status();
    for (const Jst& jst : page->jsts) ToProto(jst, response->add_jsts());
    if (page->more) {
      response->set_next_page_token(NextPageToken(*query, page->jsts.back().teryt));
    }
    return absl::OkStatus();
  });
}

grpc::Status RecruitmentServiceImpl::GetJst(grpc::ServerContext* context,
                                            const v1::GetJstRequest* request,
                                            v1::Jst* response) {
  return grpcutil::Serve("GetJst", [&]() -> absl::Status {
    auto scope = CallerScope(*context);
    if (!scope.ok()) return scope.status();
    const std::string& teryt = request->teryt();
    if (ShapeOfTeryt(teryt) == TerytShape::kMalformed) {
      return errors::InvalidField(
          "teryt", "must be a TERYT code of 4 digits (county) or 7 digits (commune)");
    }
    // Outside the caller's scope answers exactly as a non-existent code.
    if (!InScope(*scope, teryt)) return JstNotFound(teryt);
    auto jst = registry_.Get(teryt);
    if (!jst.ok()) return jst.status();
    ToProto(*jst, response);
    return absl::OkStatus();
  });
}

}  // namespace jstedu::recruitment
