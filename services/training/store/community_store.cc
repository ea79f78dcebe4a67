#include "services/training/store/community_store.h"

#include <functional>
#include <map>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/pg/arrays.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/time/civil_time.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/training/domain/community_rules.h"
#include "services/training/store/community_queries.h"

namespace jstedu::training {
namespace {

namespace ev = ::jstedu::events::v1;
using pqxx::transaction_base;
using rows::TimeParam;

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

// A date column written "YYYY-MM-DD" (to_char), NULL as nullopt.
std::optional<absl::CivilDay> DayOf(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return errors::ParseDate(field.as<std::string>());
}

CommunityKind KindNamed(const std::string& stored) {
  if (stored == "COOPERATION_NETWORK")
    return CommunityKind::kCooperationNetwork;
  if (stored == "EXCHANGE_GROUP") return CommunityKind::kExchangeGroup;
  return CommunityKind::kThematicNetwork;
}

std::optional<ExchangeGroup> GroupNamed(const std::string& stored) {
  if (stored == "CITIES") return ExchangeGroup::kCities;
  if (stored == "RURAL_COMMUNES") return ExchangeGroup::kRuralCommunes;
  if (stored == "COUNTIES") return ExchangeGroup::kCounties;
  return std::nullopt;
}

// Community `id`'s row, locked, as the rules know it: NotFound for an
// unknown one; PermissionDenied when `moderator` is set and does not
// moderate it.
absl::StatusOr<CommunityFacts> LockCommunity(transaction_base& tx,
                                             const std::string& id,
                                             const std::string& moderator) {
  auto rows = pg::Exec(tx, queries::kLockCommunity, id);
  if (rows.empty()) return errors::NoSuch("community", id);
  if (!moderator.empty() &&
      pg::Exec(tx, queries::kIsModerator, id, moderator).empty()) {
    return absl::PermissionDeniedError(
        "only the community's moderators and the office may change its "
        "members and meetings");
  }
  const pqxx::row& r = rows[0];
  return CommunityFacts{r["community_id"].as<std::string>(),
                        r["edition"].as<std::string>(),
                        KindNamed(r["kind"].as<std::string>()),
                        GroupNamed(r["jst_group"].as<std::string>())};
}

absl::Status CommunityExists(transaction_base& tx, const std::string& id) {
  if (pg::Exec(tx, queries::kCommunityExists, id).empty()) {
    return errors::NoSuch("community", id);
  }
  return absl::OkStatus();
}

// The cooperation network's purpose on `today` and the day it took it
// (the first day of the edition's training, or the day after its last
// module); nothing for another kind.
void SetPurpose(transaction_base& tx, absl::CivilDay today,
                v1::Community& community) {
  if (community.kind() != v1::COOPERATION_NETWORK) return;
  const pqxx::row days =
      pg::Exec1(tx, queries::kTrainingDays, community.edition());
  const std::optional<absl::CivilDay> first = DayOf(days["first_day"]);
  const std::optional<absl::CivilDay> last = DayOf(days["last_day"]);
  if (PurposeOn(today, last) == CooperationPurpose::kMonitoring) {
    community.set_purpose(v1::MONITORS_ROLLOUT);
    community.set_purpose_since(DayText(*last + 1));
    return;
  }
  community.set_purpose(v1::SUPPORTS_TRAINING);
  if (first) community.set_purpose_since(DayText(*first));
}

absl::StatusOr<v1::Community> ReadCommunity(transaction_base& tx,
                                            const std::string& id,
                                            absl::CivilDay today) {
  auto rows = pg::Exec(tx, queries::kSelectCommunity, id, DayText(today));
  if (rows.empty()) return errors::NoSuch("community", id);
  auto community = pg::ReadOne<v1::Community>(rows[0]);
  SetPurpose(tx, today, community);
  return community;
}

void WriteModerators(transaction_base& tx, const std::string& id,
                     const std::vector<std::string>& moderators) {
  pg::Exec0(tx, queries::kDeleteModerators, id);
  pg::Exec0(tx, queries::kInsertModerators, id,
            pg::TextArrayLiteral(moderators));
}

OfficialFacts ReadOfficial(transaction_base& tx,
                           const std::string& participant_id) {
  OfficialFacts official;
  official.participant_id = participant_id;
  auto rows = pg::Exec(tx, queries::kSelectOfficial, participant_id);
  if (rows.empty()) return official;
  const pqxx::row& r = rows[0];
  official.rostered = true;
  official.edition = r["edition"].as<std::string>();
  official.active = r["active"].as<bool>();
  official.jst_qualified = r["jst_qualified"].as<bool>();
  official.jst_withdrawn = r["jst_withdrawn"].as<bool>();
  official.jst_kind = r["jst_kind"].as<std::string>();
  return official;
}

MembershipPeriod PeriodOf(const pqxx::row& r) {
  return {*DayOf(r["joined_on"]), DayOf(r["left_on"])};
}

// A person's periods in a community, the earliest first, with their ids.
struct Periods {
  std::vector<std::string> ids;
  std::vector<MembershipPeriod> periods;
};

Periods ReadPeriods(transaction_base& tx, const std::string& community_id,
                    const std::string& participant_id) {
  Periods out;
  for (const pqxx::row& r :
       pg::Exec(tx, queries::kSelectPeriods, community_id, participant_id)) {
    out.ids.push_back(r["id"].as<std::string>());
    out.periods.push_back(PeriodOf(r));
  }
  return out;
}

// Appends CommunityMembershipChanged for membership `id` and answers it.
v1::Membership PublishMembership(transaction_base& tx, const std::string& id,
                                 const std::string& traceparent) {
  const pqxx::row r = pg::Exec1(tx, queries::kSelectMembershipEvent, id);
  auto event = pg::ReadOne<ev::CommunityMembershipChanged>(r);
  *event.mutable_community() = pg::ReadOne<ev::CommunityFacts>(r);
  events::AppendEvent(tx, event, event.community().community_id(), traceparent);
  return pg::ReadOne<v1::Membership>(
      pg::Exec1(tx, queries::kSelectMembership, id));
}

// The attendees' periods in the community, in the attendees' order, then
// AttendanceRules.
absl::Status CheckAttendance(transaction_base& tx,
                             const std::string& community_id,
                             const MeetingInput& meeting) {
  std::map<std::string, std::vector<MembershipPeriod>> by_person;
  if (!meeting.attendees.empty()) {
    for (const pqxx::row& r :
         pg::Exec(tx, queries::kSelectPeriodsOf, community_id,
                  pg::TextArrayLiteral(meeting.attendees))) {
      by_person[r["participant_id"].as<std::string>()].push_back(PeriodOf(r));
    }
  }
  std::vector<std::vector<MembershipPeriod>> periods;
  periods.reserve(meeting.attendees.size());
  for (const std::string& attendee : meeting.attendees) {
    auto it = by_person.find(attendee);
    periods.push_back(it == by_person.end() ? std::vector<MembershipPeriod>{}
                                            : it->second);
  }
  return AttendanceRules(meeting.held_on, meeting.attendees, periods);
}

// Replaces meeting `id`'s attendees, appends its CommunityMeetingHeld and
// answers it with every attendee.
v1::CommunityMeeting PublishMeeting(transaction_base& tx, const std::string& id,
                                    const std::vector<std::string>& attendees,
                                    const std::string& traceparent) {
  pg::Exec0(tx, queries::kDeleteAttendance, id);
  if (!attendees.empty()) {
    pg::Exec0(tx, queries::kInsertAttendance, id,
              pg::TextArrayLiteral(attendees));
  }
  const pqxx::row r = pg::Exec1(tx, queries::kSelectMeetingEvent, id);
  auto event = pg::ReadOne<ev::CommunityMeetingHeld>(r);
  *event.mutable_community() = pg::ReadOne<ev::CommunityFacts>(r);
  events::AppendEvent(tx, event, event.community().community_id(), traceparent);
  return pg::ReadOne<v1::CommunityMeeting>(
      pg::Exec1(tx, queries::kSelectMeeting, id, "", ""));
}

// Writes a join or a leave (`change`, given the community and the
// person's periods there, answers the period's id) in one transaction:
// the community locked for `moderator`, the participant in `scope`, then
// the period's event appended and the period answered.
using MembershipChange = std::function<absl::StatusOr<std::string>(
    transaction_base&, const CommunityFacts&, const Periods&)>;

absl::StatusOr<v1::Membership> ChangeMembership(
    pg::Pool& pool, const std::string& community_id,
    const std::string& participant_id, const PlaceScope& scope,
    const std::string& moderator, const Actor& actor,
    const MembershipChange& change) {
  return pg::RunInTransactionFor<v1::Membership>(
      pool, [&](transaction_base& tx) -> absl::StatusOr<v1::Membership> {
        auto community = LockCommunity(tx, community_id, moderator);
        if (!community.ok()) return community.status();
        auto place = rows::ReadPlaceInScope(tx, participant_id, scope);
        if (!place.ok()) return place.status();
        auto id = change(tx, *community,
                         ReadPeriods(tx, community_id, participant_id));
        if (!id.ok()) return id.status();
        return PublishMembership(tx, *id, actor.traceparent);
      });
}

}  // namespace

absl::StatusOr<v1::Community> CommunityStore::Create(
    const std::string& edition, const v1::Community& community, absl::Time now,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::Community>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Community> {
        const std::string theme = community.kind() == v1::THEMATIC_NETWORK
                                      ? v1::ThematicArea_Name(community.theme())
                                      : "";
        const std::string group = community.kind() == v1::EXCHANGE_GROUP
                                      ? v1::JstGroup_Name(community.jst_group())
                                      : "";
        auto rows = pg::Exec(tx, queries::kInsertCommunity, edition,
                             v1::CommunityKind_Name(community.kind()), theme,
                             group, community.name(), community.description(),
                             TimeParam(now), actor.subject);
        if (rows.empty()) {
          return absl::AlreadyExistsError(
              community.kind() == v1::THEMATIC_NETWORK
                  ? "the edition has a network of this area already"
              : community.kind() == v1::EXCHANGE_GROUP
                  ? "the edition has a group of this kind of JST already"
                  : "the edition has its cooperation network already");
        }
        const std::string id = rows[0]["id"].as<std::string>();
        WriteModerators(
            tx, id,
            {community.moderators().begin(), community.moderators().end()});
        return ReadCommunity(tx, id, ProgrammeDay(now));
      });
}

absl::StatusOr<v1::Community> CommunityStore::Get(const std::string& id,
                                                  absl::CivilDay today) {
  return pg::RunInTransactionFor<v1::Community>(
      pool_,
      [&](transaction_base& tx) { return ReadCommunity(tx, id, today); });
}

absl::StatusOr<std::vector<v1::Community>> CommunityStore::List(
    const std::string& edition, const std::string& kind, absl::CivilDay today) {
  return pg::RunInTransactionFor<std::vector<v1::Community>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Community>> {
        auto communities = pg::ReadAll<v1::Community>(pg::Exec(
            tx, queries::kSelectCommunities, edition, DayText(today), kind));
        for (v1::Community& community : communities) {
          SetPurpose(tx, today, community);
        }
        return communities;
      });
}

absl::StatusOr<v1::Community> CommunityStore::SetModerators(
    const std::string& id, const std::vector<std::string>& moderators,
    absl::CivilDay today) {
  return pg::RunInTransactionFor<v1::Community>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Community> {
        auto community = LockCommunity(tx, id, "");
        if (!community.ok()) return community.status();
        WriteModerators(tx, id, moderators);
        return ReadCommunity(tx, id, today);
      });
}

absl::StatusOr<v1::Membership> CommunityStore::Join(
    const std::string& community_id, const std::string& participant_id,
    absl::CivilDay joined_on, const PlaceScope& scope,
    const std::string& moderator, absl::Time now, const Actor& actor) {
  return ChangeMembership(
      pool_, community_id, participant_id, scope, moderator, actor,
      [&](transaction_base& tx, const CommunityFacts& community,
          const Periods& periods) -> absl::StatusOr<std::string> {
        if (auto s = JoinRules(community, ReadOfficial(tx, participant_id),
                               joined_on, periods.periods);
            !s.ok()) {
          return s;
        }
        return pg::Exec1(tx, queries::kInsertMembership, community_id,
                         participant_id, DayText(joined_on), actor.subject,
                         TimeParam(now))["id"]
            .as<std::string>();
      });
}

absl::StatusOr<v1::Membership> CommunityStore::Leave(
    const std::string& community_id, const std::string& participant_id,
    absl::CivilDay left_on, const PlaceScope& scope,
    const std::string& moderator, absl::Time now, const Actor& actor) {
  return ChangeMembership(
      pool_, community_id, participant_id, scope, moderator, actor,
      [&](transaction_base& tx, const CommunityFacts&,
          const Periods& periods) -> absl::StatusOr<std::string> {
        std::vector<AttendedMeeting> attended;
        for (const pqxx::row& r : pg::Exec(tx, queries::kAttendedMeetings,
                                           community_id, participant_id)) {
          attended.push_back({r["id"].as<std::string>(), *DayOf(r["held_on"])});
        }
        if (auto s = LeaveRules(community_id, participant_id, periods.periods,
                                left_on, attended);
            !s.ok()) {
          return s;
        }
        // LeaveRules found the open period: the last one.
        const std::string& open = periods.ids.back();
        pg::Exec0(tx, queries::kEndMembership, open, DayText(left_on),
                  actor.subject, TimeParam(now));
        return open;
      });
}

absl::StatusOr<std::vector<v1::Membership>> CommunityStore::ListMembers(
    const std::string& community_id, bool include_past, absl::CivilDay today,
    const std::string& voivodeship, const std::string& teryt) {
  return pg::RunInTransactionFor<std::vector<v1::Membership>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Membership>> {
        if (auto s = CommunityExists(tx, community_id); !s.ok()) return s;
        return pg::ReadAll<v1::Membership>(
            pg::Exec(tx, queries::kSelectMemberships, community_id,
                     include_past, DayText(today), voivodeship, teryt));
      });
}

absl::StatusOr<v1::CommunityMeeting> CommunityStore::RecordMeeting(
    const std::string& community_id, const MeetingInput& meeting,
    const std::string& moderator, absl::Time now, const Actor& actor) {
  return pg::RunInTransactionFor<v1::CommunityMeeting>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::CommunityMeeting> {
        auto community = LockCommunity(tx, community_id, moderator);
        if (!community.ok()) return community.status();
        if (auto s = CheckAttendance(tx, community_id, meeting); !s.ok()) {
          return s;
        }
        const pqxx::row id =
            pg::Exec1(tx, queries::kInsertMeeting, community_id,
                      DayText(meeting.held_on), meeting.title, meeting.form,
                      meeting.notes, actor.subject, TimeParam(now));
        return PublishMeeting(tx, id["id"].as<std::string>(), meeting.attendees,
                              actor.traceparent);
      });
}

absl::StatusOr<v1::CommunityMeeting> CommunityStore::UpdateMeeting(
    const std::string& meeting_id, const MeetingInput& meeting,
    const std::string& moderator, absl::Time now, const Actor& actor) {
  return pg::RunInTransactionFor<v1::CommunityMeeting>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::CommunityMeeting> {
        auto owner = pg::Exec(tx, queries::kMeetingCommunity, meeting_id);
        if (owner.empty()) return errors::NoSuch("meeting", meeting_id);
        const std::string community_id =
            owner[0]["community_id"].as<std::string>();
        auto community = LockCommunity(tx, community_id, moderator);
        if (!community.ok()) return community.status();
        if (auto s = CheckAttendance(tx, community_id, meeting); !s.ok()) {
          return s;
        }
        pg::Exec0(tx, queries::kUpdateMeeting, meeting_id,
                  DayText(meeting.held_on), meeting.title, meeting.form,
                  meeting.notes, actor.subject, TimeParam(now));
        return PublishMeeting(tx, meeting_id, meeting.attendees,
                              actor.traceparent);
      });
}

absl::StatusOr<std::vector<v1::CommunityMeeting>> CommunityStore::ListMeetings(
    const std::string& community_id, const std::string& voivodeship,
    const std::string& teryt) {
  return pg::RunInTransactionFor<std::vector<v1::CommunityMeeting>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::CommunityMeeting>> {
        if (auto s = CommunityExists(tx, community_id); !s.ok()) return s;
        return pg::ReadAll<v1::CommunityMeeting>(pg::Exec(
            tx, queries::kSelectMeetings, community_id, voivodeship, teryt));
      });
}

}  // namespace jstedu::training
