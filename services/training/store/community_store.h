#pragma once

// The programme's communities (migration 0008, docs/programme-parts.md
// part 1): thematic networks, the edition's cooperation network and the
// exchange groups, their moderators, their members' periods and their
// meetings with attendance. The rules are domain/community_rules.h, decided
// here in the transaction that writes, under the community row's lock
// (FOR UPDATE), so two joins of one person never both pass. Every change
// of a membership or a meeting appends its event
// (CommunityMembershipChanged, CommunityMeetingHeld) to the outbox in the
// same transaction.
//
// `moderator`: a subject who must moderate the community for the change
// (an expert), PermissionDenied otherwise; "" when the caller's role may
// act on any community. `scope`: the participants the caller may act for
// (NotFound like an unknown one otherwise); empty for all.
//
// Thread-safe (each call takes its own pooled connection).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/training/v1/training.pb.h"
#include "services/training/store/rows/participant.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training {

using rows::Actor;
using rows::PlaceScope;

// A meeting's fields as recorded (checked for shape by the service).
struct MeetingInput {
  absl::CivilDay held_on;
  std::string title;
  std::string form;  // "IN_PERSON", "ONLINE"
  std::string notes;
  std::vector<std::string> attendees;
};

class CommunityStore {
 public:
  explicit CommunityStore(pg::Pool& pool) : pool_(pool) {}

  // `community`'s kind, theme, jst_group, name, description and moderators
  // (checked for shape by the service). AlreadyExists for a second
  // network of the area, cooperation network, or group of the kind of JST
  // in `edition`.
  absl::StatusOr<v1::Community> Create(const std::string& edition,
                                       const v1::Community& community,
                                       absl::Time now, const Actor& actor);
  // As on `today` (members, the cooperation network's purpose). NotFound.
  absl::StatusOr<v1::Community> Get(const std::string& id,
                                    absl::CivilDay today);
  // `kind`: the stored name ("THEMATIC_NETWORK"), "" for any.
  absl::StatusOr<std::vector<v1::Community>> List(const std::string& edition,
                                                  const std::string& kind,
                                                  absl::CivilDay today);
  absl::StatusOr<v1::Community> SetModerators(
      const std::string& id, const std::vector<std::string>& moderators,
      absl::CivilDay today);

  // FailedPrecondition NOT_AN_OFFICIAL, OTHER_KIND_OF_JST, ALREADY_MEMBER.
  absl::StatusOr<v1::Membership> Join(const std::string& community_id,
                                      const std::string& participant_id,
                                      absl::CivilDay joined_on,
                                      const PlaceScope& scope,
                                      const std::string& moderator,
                                      absl::Time now, const Actor& actor);
  // FailedPrecondition NOT_A_MEMBER, LEAVES_BEFORE_JOINING.
  absl::StatusOr<v1::Membership> Leave(const std::string& community_id,
                                       const std::string& participant_id,
                                       absl::CivilDay left_on,
                                       const PlaceScope& scope,
                                       const std::string& moderator,
                                       absl::Time now, const Actor& actor);
  // Every period when `include_past`, else those covering `today`; of
  // `voivodeship` and `teryt` ("" any). NotFound for an unknown community.
  absl::StatusOr<std::vector<v1::Membership>> ListMembers(
      const std::string& community_id, bool include_past, absl::CivilDay today,
      const std::string& voivodeship, const std::string& teryt);

  // FailedPrecondition NOT_A_MEMBER, NAMED_TWICE (each attendee a member
  // on the day). The answer lists every attendee.
  absl::StatusOr<v1::CommunityMeeting> RecordMeeting(
      const std::string& community_id, const MeetingInput& meeting,
      const std::string& moderator, absl::Time now, const Actor& actor);
  // The whole meeting replaced, its revision +1; NotFound for an unknown
  // meeting.
  absl::StatusOr<v1::CommunityMeeting> UpdateMeeting(
      const std::string& meeting_id, const MeetingInput& meeting,
      const std::string& moderator, absl::Time now, const Actor& actor);
  // The latest first, attendees of `voivodeship` and `teryt` ("" any)
  // listed, all counted. NotFound for an unknown community.
  absl::StatusOr<std::vector<v1::CommunityMeeting>> ListMeetings(
      const std::string& community_id, const std::string& voivodeship,
      const std::string& teryt);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
