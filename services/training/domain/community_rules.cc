#include "services/training/domain/community_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace jstedu::training {
namespace {

std::string ParticipantSubject(const std::string& id) {
  return absl::StrCat("participants/", id);
}

}  // namespace

std::optional<ExchangeGroup> ExchangeGroupOf(std::string_view jst_kind) {
  if (jst_kind == "URBAN_COMMUNE") return ExchangeGroup::kCities;
  if (jst_kind == "RURAL_COMMUNE" || jst_kind == "URBAN_RURAL_COMMUNE") {
    return ExchangeGroup::kRuralCommunes;
  }
  if (jst_kind == "COUNTY") return ExchangeGroup::kCounties;
  return std::nullopt;
}

bool MemberOn(const MembershipPeriod& period, absl::CivilDay day) {
  return period.joined <= day && (!period.left || day <= *period.left);
}

absl::Status JoinRules(const CommunityFacts& community,
                       const OfficialFacts& official, absl::CivilDay joined,
                       const std::vector<MembershipPeriod>& periods) {
  std::vector<errors::Rule> rules;
  if (!official.rostered || official.edition != community.edition ||
      !official.active || !official.jst_qualified || official.jst_withdrawn) {
    rules.push_back({"NOT_AN_OFFICIAL",
                     ParticipantSubject(official.participant_id),
                     "only an active official of a JST qualified for the "
                     "community's edition, and not withdrawn, takes part"});
  }
  if (community.kind == CommunityKind::kExchangeGroup && official.rostered &&
      ExchangeGroupOf(official.jst_kind) != community.group) {
    rules.push_back({"OTHER_KIND_OF_JST",
                     ParticipantSubject(official.participant_id),
                     "an exchange group takes officials of JSTs of its kind "
                     "only"});
  }
  for (const MembershipPeriod& period : periods) {
    if (!period.left || *period.left >= joined) {
      rules.push_back({"ALREADY_MEMBER",
                       absl::StrCat("communities/", community.community_id),
                       "the official is a member on that day already (one "
                       "joins again after the last period ended)"});
      break;
    }
  }
  return rules.empty() ? absl::OkStatus() : errors::RulesNotMet(rules);
}

absl::Status LeaveRules(const std::string& community_id,
                        const std::string& participant_id,
                        const std::vector<MembershipPeriod>& periods,
                        absl::CivilDay left,
                        const std::vector<AttendedMeeting>& attended) {
  for (const MembershipPeriod& period : periods) {
    if (period.left) continue;
    if (left < period.joined) {
      return errors::RulesNotMet(
          {{"LEAVES_BEFORE_JOINING", ParticipantSubject(participant_id),
            absl::StrCat("the official joined on ",
                         absl::FormatCivilTime(period.joined),
                         " and cannot leave before")}});
    }
    std::vector<errors::Rule> rules;
    for (const AttendedMeeting& meeting : attended) {
      if (meeting.held_on <= left || meeting.held_on < period.joined) continue;
      rules.push_back(
          {"ATTENDED_AFTER_LEAVING",
           absl::StrCat("community-meetings/", meeting.meeting_id),
           absl::StrCat("the official attended the meeting of ",
                        absl::FormatCivilTime(meeting.held_on),
                        ", after that day; correct the meeting first")});
    }
    return rules.empty() ? absl::OkStatus() : errors::RulesNotMet(rules);
  }
  return errors::RulesNotMet(
      {{"NOT_A_MEMBER", absl::StrCat("communities/", community_id),
        "the official is not a member now"}});
}

absl::Status AttendanceRules(
    absl::CivilDay day, const std::vector<std::string>& attendees,
    const std::vector<std::vector<MembershipPeriod>>& periods_of_attendees) {
  std::vector<errors::Rule> rules;
  std::set<std::string> seen;
  for (size_t i = 0; i < attendees.size(); ++i) {
    const std::string& id = attendees[i];
    if (!seen.insert(id).second) {
      rules.push_back({"NAMED_TWICE", ParticipantSubject(id),
                       "each attendee is named once"});
      continue;
    }
    bool member = false;
    if (i < periods_of_attendees.size()) {
      for (const MembershipPeriod& p : periods_of_attendees[i]) {
        member = member || MemberOn(p, day);
      }
    }
    if (!member) {
      rules.push_back(
          {"NOT_A_MEMBER", ParticipantSubject(id),
           absl::StrCat("not a member on ", absl::FormatCivilTime(day))});
    }
  }
  return rules.empty() ? absl::OkStatus() : errors::RulesNotMet(rules);
}

CooperationPurpose PurposeOn(absl::CivilDay day,
                             std::optional<absl::CivilDay> training_ends) {
  return training_ends && day > *training_ends ? CooperationPurpose::kMonitoring
                                               : CooperationPurpose::kTraining;
}

}  // namespace jstedu::training
