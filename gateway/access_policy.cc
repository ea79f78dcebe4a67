#include "gateway/access_policy.h"

#include <string>
#include <unordered_map>

namespace jstedu::gateway {
namespace {

using auth::v1::ADMIN;
using auth::v1::COORDINATOR;
using auth::v1::EXPERT;
using auth::v1::JST;
using auth::v1::MINISTRY;
using auth::v1::TRAINER;

// Method → bit mask of allowed roles (bit = Role value).
const std::unordered_map<std::string_view, uint32_t>& Index() {
  static const auto* index = [] {
    auto* masks = new std::unordered_map<std::string_view, uint32_t>();
    for (const AccessRule& rule : AccessTable()) {
      uint32_t& mask = (*masks)[rule.method];
      for (auth::v1::Role role : rule.roles) {
        if (role != auth::v1::ROLE_UNSPECIFIED) mask |= 1u << role;
      }
    }
    return masks;
  }();
  return *index;
}

}  // namespace

const std::vector<AccessRule>& AccessTable() {
  static const auto* rules = new std::vector<AccessRule>{
      // The JST registry is reference data every role needs. The recruitment
      // service scopes it for COORDINATOR (its voivodeship) and JST (its own
      // record) from the principal.
      {"jstedu.recruitment.v1.RecruitmentService.ListJsts",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.recruitment.v1.RecruitmentService.GetJst",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},

      // Editions: the programme office (ADMIN) sets them up; every role
      // reads them (the recruitment window, capacity, counts).
      {"jstedu.recruitment.v1.RecruitmentService.CreateEdition", {ADMIN}},
      {"jstedu.recruitment.v1.RecruitmentService.UpdateEdition", {ADMIN}},
      {"jstedu.recruitment.v1.RecruitmentService.ListEditions",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},
      {"jstedu.recruitment.v1.RecruitmentService.GetEdition",
       {ADMIN, COORDINATOR, EXPERT, TRAINER, JST, MINISTRY}},

      // Applications: a JST applies (or its voivodeship's coordinator, or the
      // office, on its behalf) and may withdraw; the office alone decides
      // (qualify, reject). The ministry reads them for oversight. The
      // service scopes COORDINATOR to its voivodeship, JST to its own JST.
      {"jstedu.recruitment.v1.RecruitmentService.SubmitApplication",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.ListApplications",
       {ADMIN, COORDINATOR, JST, MINISTRY}},
      {"jstedu.recruitment.v1.RecruitmentService.GetApplication",
       {ADMIN, COORDINATOR, JST, MINISTRY}},
      {"jstedu.recruitment.v1.RecruitmentService.QualifyApplication", {ADMIN}},
      {"jstedu.recruitment.v1.RecruitmentService.RejectApplication", {ADMIN}},
      {"jstedu.recruitment.v1.RecruitmentService.WithdrawApplication",
       {ADMIN, COORDINATOR, JST}},

      // Participants carry personal data (PESEL, contact details): only
      // those who manage a JST's team — the office, the voivodeship's
      // coordinator, the JST itself — and every answer is audited. No
      // EXPERT, TRAINER or MINISTRY: they see representatives only as
      // summaries in an Application. ExportParticipants has no route (the
      // reporting service calls it over gRPC), so no rule.
      {"jstedu.recruitment.v1.RecruitmentService.CreateParticipant",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.GetParticipant",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.UpdateParticipant",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.WithdrawParticipant",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.RecordDeclaration",
       {ADMIN, COORDINATOR, JST}},
      {"jstedu.recruitment.v1.RecruitmentService.ImportParticipants",
       {ADMIN, COORDINATOR, JST}},
  };
  return *rules;
}

bool Allowed(std::string_view method, auth::v1::Role role) {
  if (role <= auth::v1::ROLE_UNSPECIFIED || role >= 32) return false;
  const auto& index = Index();
  auto it = index.find(method);
  return it != index.end() && (it->second & (1u << role)) != 0;
}

std::vector<const Route*> RoutesWithoutRule(const RouteTable& routes) {
  std::vector<const Route*> missing;
  const auto& index = Index();
  for (const Route& route : routes.routes()) {
    if (index.count(route.method->full_name()) == 0) missing.push_back(&route);
  }
  return missing;
}

}  // namespace jstedu::gateway
