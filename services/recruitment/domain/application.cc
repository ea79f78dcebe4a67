#include "services/recruitment/domain/application.h"

#include "absl/strings/str_cat.h"

namespace jstedu::recruitment {
namespace {

bool Decidable(ApplicationStatus status) {
  return status == ApplicationStatus::kSubmitted ||
         status == ApplicationStatus::kWaitlisted;
}

absl::Status StatusRule(const std::string& id, std::string description) {
  return errors::RulesNotMet(
      {{"STATUS", ApplicationSubject(id), std::move(description)}});
}

}  // namespace

const char* ApplicationStatusName(ApplicationStatus status) {
  switch (status) {
    case ApplicationStatus::kSubmitted:
      return "SUBMITTED";
    case ApplicationStatus::kWaitlisted:
      return "WAITLISTED";
    case ApplicationStatus::kQualified:
      return "QUALIFIED";
    case ApplicationStatus::kRejected:
      return "REJECTED";
    case ApplicationStatus::kWithdrawn:
      return "WITHDRAWN";
  }
  return "";
}

std::optional<ApplicationStatus> ApplicationStatusFromName(
    std::string_view name) {
  for (ApplicationStatus status : kAllApplicationStatuses) {
    if (name == ApplicationStatusName(status)) return status;
  }
  return std::nullopt;
}

std::string ApplicationSubject(const std::string& id) {
  return absl::StrCat("applications/", id);
}

absl::Status MayQualify(const std::string& id, ApplicationStatus status) {
  if (Decidable(status)) return absl::OkStatus();
  return StatusRule(
      id, absl::StrCat("the application is ", ApplicationStatusName(status),
                       "; only a SUBMITTED or WAITLISTED application can be "
                       "qualified"));
}

absl::Status MayReject(const std::string& id, ApplicationStatus status) {
  if (Decidable(status)) return absl::OkStatus();
  return StatusRule(
      id, absl::StrCat("the application is ", ApplicationStatusName(status),
                       "; only a SUBMITTED or WAITLISTED application can be "
                       "rejected",
                       status == ApplicationStatus::kQualified
                           ? " (a qualified JST withdraws)"
                           : ""));
}

absl::Status MayWithdraw(const std::string& id, ApplicationStatus status) {
  if (status != ApplicationStatus::kWithdrawn) return absl::OkStatus();
  return StatusRule(id, "the application is already WITHDRAWN");
}

absl::Status TeamMayChange(const std::string& id, ApplicationStatus status) {
  if (status != ApplicationStatus::kRejected &&
      status != ApplicationStatus::kWithdrawn) {
    return absl::OkStatus();
  }
  return errors::RulesNotMet(
      {{"APPLICATION_OPEN", ApplicationSubject(id),
        absl::StrCat("the application is ", ApplicationStatusName(status),
                     "; its representatives cannot change")}});
}

absl::Status MayMoveToCountyGroup(bool move_to_county_group,
                                  bool city_with_county_rights) {
  if (!move_to_county_group || city_with_county_rights) {
    return absl::OkStatus();
  }
  return errors::InvalidField(
      "moveToCountyGroup",
      "only a city with county rights may be moved to the county group");
}

std::vector<errors::Rule> UnmetQualificationRules(const std::string& id,
                                                  const TeamCounts& team,
                                                  int min_representatives) {
  const std::string subject = ApplicationSubject(id);
  std::vector<errors::Rule> rules;
  if (team.active < min_representatives) {
    rules.push_back(
        {"MIN_REPRESENTATIVES", subject,
         absl::StrCat("the JST has ", team.active,
                      " active representatives; the edition requires at least ",
                      min_representatives)});
  }
  if (team.undeclared > 0) {
    rules.push_back({"DECLARATIONS_RECORDED", subject,
                     absl::StrCat(team.undeclared, " active representative",
                                  team.undeclared == 1 ? " has" : "s have",
                                  " no participant declaration recorded")});
  }
  return rules;
}

int WorkshopGroupOnQualification(bool move_to_county_group, int requested_group,
                                 int registry_group) {
  if (move_to_county_group) return kCountyGroup;
  return requested_group > 0 ? requested_group : registry_group;
}

}  // namespace jstedu::recruitment
