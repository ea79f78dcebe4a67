#pragma once

// The rules of the programme's communities (docs/programme-parts.md, part
// 1), as pure functions: the store reads the facts under its locks and
// calls these in the same transaction.
//
// A community is a thematic network (one of five themes), the edition's
// cooperation network, or one of the partner association's
// experience-exchange groups (cities, rural communes, counties). Its
// members are the edition's officials, each for a period from the day
// they join to the day they leave (open while they take part); its
// meetings have the members present that day.
//
//   - Only an active official of a JST qualified and not withdrawn, of
//     the community's edition, joins; an exchange group takes officials
//     of JSTs of its kind only (urban-rural communes go with the rural
//     ones: the seeds name three groups).
//   - A person's periods in one community never overlap: joining again
//     starts after the last one ended.
//   - A member leaves on or after the day they joined.
//   - A meeting's attendees are members on its day, each named once.
//   - The cooperation network serves the training until the edition's
//     last module has ended, then monitors the plans' rollout.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"

namespace jstedu::training {

enum class CommunityKind {
  kThematicNetwork,
  kCooperationNetwork,
  kExchangeGroup
};

// The partner association's groups, by kind of JST.
enum class ExchangeGroup { kCities, kRuralCommunes, kCounties };

// The group of a JST of `jst_kind` (recruitment's JstKind name, as the
// roster keeps it: URBAN_COMMUNE, RURAL_COMMUNE, URBAN_RURAL_COMMUNE,
// COUNTY); nullopt for a kind not known.
std::optional<ExchangeGroup> ExchangeGroupOf(std::string_view jst_kind);

// What the rules know of a community.
struct CommunityFacts {
  std::string community_id;
  std::string edition;
  CommunityKind kind = CommunityKind::kThematicNetwork;
  // For an exchange group.
  std::optional<ExchangeGroup> group;
};

// What the rules know of the official who joins (from training's roster).
struct OfficialFacts {
  std::string participant_id;
  bool rostered = false;  // known to training's roster at all
  std::string edition;
  bool active = false;
  bool jst_qualified = false;
  bool jst_withdrawn = false;
  std::string jst_kind;
};

// One period of a person in one community.
struct MembershipPeriod {
  absl::CivilDay joined;
  std::optional<absl::CivilDay> left;  // open while taking part
};

// FailedPrecondition naming each rule joining on `joined` breaks:
// NOT_AN_OFFICIAL (subject participants/<id>: unknown, of another edition,
// not active, or of a JST not qualified or withdrawn), OTHER_KIND_OF_JST
// (an exchange group of another kind), ALREADY_MEMBER (a period of the
// person in the community is open or ends on or after `joined`; subject
// communities/<id>); OK when none. `periods` are the person's in the
// community.
absl::Status JoinRules(const CommunityFacts& community,
                       const OfficialFacts& official, absl::CivilDay joined,
                       const std::vector<MembershipPeriod>& periods);

// A meeting a person attended: its id and day.
struct AttendedMeeting {
  std::string meeting_id;
  absl::CivilDay held_on;
};

// FailedPrecondition NOT_A_MEMBER (no open period), LEAVES_BEFORE_JOINING
// (`left` before the open period's first day) or ATTENDED_AFTER_LEAVING
// (subject community-meetings/<id>, for each of `attended`, the person's
// meetings in the community, held after `left` within the open period: the
// attendance would name a non-member); OK otherwise.
absl::Status LeaveRules(const std::string& community_id,
                        const std::string& participant_id,
                        const std::vector<MembershipPeriod>& periods,
                        absl::CivilDay left,
                        const std::vector<AttendedMeeting>& attended = {});

// Whether a period covers `day` (joined on or before it, not left before).
bool MemberOn(const MembershipPeriod& period, absl::CivilDay day);

// FailedPrecondition naming each attendee of a meeting on `day` who is not
// a member that day (NOT_A_MEMBER, subject participants/<id>) or is named
// twice (NAMED_TWICE); OK when none. `periods_of_attendees[i]` are
// attendee i's periods in the community.
absl::Status AttendanceRules(
    absl::CivilDay day, const std::vector<std::string>& attendees,
    const std::vector<std::vector<MembershipPeriod>>& periods_of_attendees);

enum class CooperationPurpose { kTraining, kMonitoring };

// What the cooperation network serves on `day`: the training until the day
// the edition's last module ends (inclusive; `training_ends` nullopt while
// the edition has no module), the plans' rollout after.
CooperationPurpose PurposeOn(absl::CivilDay day,
                             std::optional<absl::CivilDay> training_ends);

}  // namespace jstedu::training
