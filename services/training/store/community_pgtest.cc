// The communities (thematic networks, the cooperation network, exchange
// groups) through the gRPC service against a real PostgreSQL: who may
// create, join, leave and record meetings, the rules refused by name, the
// scopes of the lists, the events each change publishes, and two joins of
// one person at once.
#include "absl/strings/ascii.h"
#include "services/training/store/training_pgtest.h"

namespace jstedu::training::pgtest {
namespace {

namespace ev = ::jstedu::events::v1;
using auth::v1::ADMIN;
using auth::v1::COORDINATOR;
using auth::v1::EXPERT;
using auth::v1::JST;
using auth::v1::Role;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class CommunityTest : public TrainingServiceTest {
 protected:
  v1::Community Community(v1::CommunityKind kind, int theme = 0, int group = 0,
                          std::vector<std::string> moderators = {"ekspert-1"}) {
    v1::CreateCommunityRequest request;
    request.set_edition("PILOT");
    v1::Community& c = *request.mutable_community();
    c.set_kind(kind);
    c.set_theme(static_cast<v1::ThematicArea>(theme));
    c.set_jst_group(static_cast<v1::JstGroup>(group));
    c.set_name(absl::StrCat("Wspólnota ", kind, "/", theme, "/", group));
    for (auto& m : moderators) c.add_moderators(m);
    v1::Community made;
    last_ = As(ADMIN, "office", &v1::TrainingService::Stub::CreateCommunity,
               request, &made);
    return made;
  }

  grpc::Status Join(const std::string& community,
                    const std::string& participant, const std::string& day,
                    Role role = ADMIN, const std::string& subject = "office",
                    const std::string& jst = "2476011") {
    v1::JoinCommunityRequest request;
    request.set_community(community);
    request.set_participant(participant);
    request.set_joined_on(day);
    v1::Membership membership;
    return As(role, subject, &v1::TrainingService::Stub::JoinCommunity, request,
              &membership, jst);
  }

  grpc::Status Leave(const std::string& community,
                     const std::string& participant, const std::string& day,
                     Role role = ADMIN, const std::string& subject = "office") {
    v1::LeaveCommunityRequest request;
    request.set_community(community);
    request.set_participant(participant);
    request.set_left_on(day);
    v1::Membership membership;
    return As(role, subject, &v1::TrainingService::Stub::LeaveCommunity,
              request, &membership);
  }

  // The participant ids of the community's member list as `role` sees it.
  std::vector<std::string> Members(const std::string& community, Role role,
                                   const std::string& subject,
                                   bool include_past = false) {
    v1::ListCommunityMembersRequest request;
    request.set_community(community);
    request.set_include_past(include_past);
    v1::ListCommunityMembersResponse response;
    const grpc::Status status =
        As(role, subject, &v1::TrainingService::Stub::ListCommunityMembers,
           request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> ids;
    for (const auto& m : response.members()) {
      ids.push_back(
          absl::StrCat(m.participant(), " ", m.joined_on(), "..", m.left_on()));
    }
    return ids;
  }

  static v1::CommunityMeeting Meeting(const std::string& day,
                                      std::vector<std::string> attendees) {
    v1::CommunityMeeting m;
    m.set_held_on(day);
    m.set_title("Spotkanie sieci");
    m.set_form(v1::ONLINE);
    for (auto& a : attendees) m.add_attendees(a);
    return m;
  }

  grpc::Status Record(const std::string& community,
                      const v1::CommunityMeeting& meeting,
                      v1::CommunityMeeting* made, Role role = ADMIN,
                      const std::string& subject = "office") {
    v1::RecordCommunityMeetingRequest request;
    request.set_community(community);
    *request.mutable_meeting() = meeting;
    return As(role, subject, &v1::TrainingService::Stub::RecordCommunityMeeting,
              request, made);
  }

  grpc::Status last_;
};

TEST_F(CommunityTest, ANetworkPerAreaOneCooperationNetworkAndAGroupPerKind) {
  const v1::Community diagnosis =
      Community(v1::THEMATIC_NETWORK, v1::DIAGNOSIS_AND_INDICATORS);
  ASSERT_TRUE(last_.ok()) << last_.error_message();
  EXPECT_EQ(diagnosis.edition(), "PILOT");
  EXPECT_THAT(diagnosis.moderators(), ElementsAre("ekspert-1"));
  const v1::Community finance = Community(
      v1::THEMATIC_NETWORK, v1::FINANCING_EDUCATION, 0, {"ekspert-2", "a"});
  ASSERT_TRUE(last_.ok());
  EXPECT_THAT(finance.moderators(), ElementsAre("a", "ekspert-2"));
  Community(v1::THEMATIC_NETWORK, v1::DIAGNOSIS_AND_INDICATORS);
  EXPECT_EQ(last_.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  const v1::Community cooperation =
      Community(v1::COOPERATION_NETWORK, 0, 0, {"zespol-projektu"});
  ASSERT_TRUE(last_.ok());
  Community(v1::COOPERATION_NETWORK, 0, 0, {"zespol-projektu"});
  EXPECT_EQ(last_.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  const v1::Community counties =
      Community(v1::EXCHANGE_GROUP, 0, v1::COUNTIES, {"stowarzyszenie"});
  ASSERT_TRUE(last_.ok());
  const v1::Community cities =
      Community(v1::EXCHANGE_GROUP, 0, v1::CITIES, {"stowarzyszenie"});
  ASSERT_TRUE(last_.ok());

  // Every bad field named at once; nothing written.
  Community(v1::COMMUNITY_KIND_UNSPECIFIED, v1::KEY_COMPETENCES, v1::CITIES,
            {"x", "x", "spacja w środku"});
  EXPECT_EQ(last_.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(last_),
              UnorderedElementsAre(
                  "community.kind", "community.theme", "community.jstGroup",
                  "community.moderators[1]", "community.moderators[2]"));
  Community(v1::THEMATIC_NETWORK, 0, 0, {});
  EXPECT_THAT(BadFields(last_),
              UnorderedElementsAre("community.theme", "community.moderators"));
  EXPECT_EQ(Count("SELECT count(*) FROM community"), 5);

  // Thematic networks by area, the cooperation network, groups by kind.
  v1::ListCommunitiesRequest list;
  list.set_edition("PILOT");
  v1::ListCommunitiesResponse listed;
  ASSERT_TRUE(As(JST, "gmina", &v1::TrainingService::Stub::ListCommunities,
                 list, &listed)
                  .ok());
  std::vector<std::string> order;
  for (const auto& c : listed.communities()) order.push_back(c.id());
  EXPECT_THAT(order, ElementsAre(diagnosis.id(), finance.id(), cooperation.id(),
                                 cities.id(), counties.id()));
  list.set_kind(static_cast<v1::CommunityKind>(99));
  const grpc::Status unknown_kind = As(
      JST, "gmina", &v1::TrainingService::Stub::ListCommunities, list, &listed);
  EXPECT_THAT(BadFields(unknown_kind), ElementsAre("kind"));
  list.set_kind(v1::EXCHANGE_GROUP);
  ASSERT_TRUE(As(COORDINATOR, "koordynator",
                 &v1::TrainingService::Stub::ListCommunities, list, &listed)
                  .ok());
  EXPECT_EQ(listed.communities_size(), 2);

  // The office replaces the moderators; only the office.
  v1::SetCommunityModeratorsRequest set;
  set.set_community(diagnosis.id());
  set.add_moderators("ekspert-3");
  v1::Community changed;
  ASSERT_TRUE(As(ADMIN, "office",
                 &v1::TrainingService::Stub::SetCommunityModerators, set,
                 &changed)
                  .ok());
  EXPECT_THAT(changed.moderators(), ElementsAre("ekspert-3"));
  EXPECT_EQ(
      As(EXPERT, "ekspert-3",
         &v1::TrainingService::Stub::SetCommunityModerators, set, &changed)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::GetCommunityRequest get;
  get.set_community("00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(As(EXPERT, "ekspert-3", &v1::TrainingService::Stub::GetCommunity,
               get, &changed)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(CommunityTest, JoiningAndLeavingFollowTheRulesAndPublishEachChange) {
  const auto urban = Enrol("2476011", 1, 2, true, "FEMALE", "URBAN_COMMUNE");
  const auto rural = Enrol("2410052", 1, 1, true, "MALE", "RURAL_COMMUNE");
  const v1::Community network =
      Community(v1::THEMATIC_NETWORK, v1::SCHOOL_SUPPORT);
  const v1::Community cities =
      Community(v1::EXCHANGE_GROUP, 0, v1::CITIES, {"stowarzyszenie"});

  ASSERT_TRUE(Join(network.id(), urban[0], "2017-03-10").ok());
  // Joining again while a member, or on a day of an earlier period.
  grpc::Status again = Join(network.id(), urban[0], "2017-04-01");
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleTypesOf(again), "ALREADY_MEMBER ");
  EXPECT_EQ(RuleTypesOf(Leave(network.id(), urban[0], "2017-03-09")),
            "LEAVES_BEFORE_JOINING ");
  ASSERT_TRUE(Leave(network.id(), urban[0], "2017-03-20").ok());
  EXPECT_EQ(RuleTypesOf(Leave(network.id(), urban[0], "2017-03-21")),
            "NOT_A_MEMBER ");
  EXPECT_EQ(RuleTypesOf(Join(network.id(), urban[0], "2017-03-20")),
            "ALREADY_MEMBER ");
  ASSERT_TRUE(Join(network.id(), urban[0], "2017-03-21").ok());

  // An exchange group takes its kind of JST only.
  EXPECT_EQ(RuleTypesOf(Join(cities.id(), rural[0], "2017-03-10")),
            "OTHER_KIND_OF_JST ");
  EXPECT_TRUE(Join(cities.id(), urban[1], "2017-03-10").ok());
  // An official of a withdrawn JST, or no longer active, takes no part.
  db_.Query(absl::StrCat(
      "UPDATE roster_jst SET withdrawn_at = now() WHERE application_id = "
      "(SELECT application_id FROM roster_participant WHERE participant_id "
      "= '",
      rural[0], "') RETURNING 1"));
  EXPECT_EQ(RuleTypesOf(Join(network.id(), rural[0], "2017-03-10")),
            "NOT_AN_OFFICIAL ");
  // Days: not in the future (today is 7 April 2017 in the test), real.
  grpc::Status future = Join(network.id(), urban[1], "2017-04-08");
  EXPECT_EQ(future.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(future), ElementsAre("joinedOn"));
  EXPECT_THAT(BadFields(Join(network.id(), "nie-uuid", "2017-02-30")),
              UnorderedElementsAre("participant", "joinedOn"));
  // An empty day is today.
  ASSERT_TRUE(Join(network.id(), urban[1], "").ok());

  EXPECT_THAT(Members(network.id(), ADMIN, "office"),
              UnorderedElementsAre(urban[0] + " 2017-03-21..",
                                   urban[1] + " 2017-04-07.."));
  EXPECT_THAT(Members(network.id(), ADMIN, "office", /*include_past=*/true),
              UnorderedElementsAre(urban[0] + " 2017-03-10..2017-03-20",
                                   urban[0] + " 2017-03-21..",
                                   urban[1] + " 2017-04-07.."));

  // One event per change, the period named by its id, the JST's place.
  const auto events = Published<ev::CommunityMembershipChanged>();
  ASSERT_EQ(events.size(), 5u);
  const ev::CommunityMembershipChanged& joined = events[0].event;
  const ev::CommunityMembershipChanged& left = events[1].event;
  EXPECT_EQ(events[0].aggregate_id, network.id());
  EXPECT_EQ(joined.community().kind(), v1::THEMATIC_NETWORK);
  EXPECT_EQ(joined.community().theme(), v1::SCHOOL_SUPPORT);
  EXPECT_EQ(joined.community().edition(), "PILOT");
  EXPECT_EQ(joined.participant_id(), urban[0]);
  EXPECT_EQ(joined.teryt(), "2476011");
  EXPECT_EQ(joined.voivodeship(), "24");
  EXPECT_FALSE(joined.application_id().empty());
  EXPECT_EQ(joined.joined_on(), "2017-03-10");
  EXPECT_EQ(joined.left_on(), "");
  v1::ListCommunityMembersRequest list;
  list.set_community(network.id());
  v1::ListCommunityMembersResponse members;
  ASSERT_TRUE(As(ADMIN, "office",
                 &v1::TrainingService::Stub::ListCommunityMembers, list,
                 &members)
                  .ok());
  ASSERT_EQ(members.members_size(), 2);
  EXPECT_FALSE(members.members(0).has_left_on());
  EXPECT_EQ(left.membership_id(), joined.membership_id());
  EXPECT_EQ(left.left_on(), "2017-03-20");
  EXPECT_NE(events[2].event.membership_id(), joined.membership_id());
  EXPECT_EQ(events[3].event.community().jst_group(), v1::CITIES);
}

TEST_F(CommunityTest, EachCallerEnrolsAndSeesOnlyItsScope) {
  const auto own = Enrol("2476011", 1, 1);
  const auto neighbour = Enrol("2410052", 1, 1);
  const auto foreign = Enrol("0201011", 1, 1);
  const v1::Community network =
      Community(v1::THEMATIC_NETWORK, v1::KEY_COMPETENCES, 0, {"ekspert-1"});

  // A JST its own officials; another JST's is not found.
  EXPECT_TRUE(Join(network.id(), own[0], "2017-03-01", JST, "gmina").ok());
  EXPECT_EQ(
      Join(network.id(), foreign[0], "2017-03-01", JST, "gmina").error_code(),
      grpc::StatusCode::NOT_FOUND);
  // A coordinator its voivodeship's.
  EXPECT_TRUE(
      Join(network.id(), neighbour[0], "2017-03-01", COORDINATOR, "koord")
          .ok());
  EXPECT_EQ(Join(network.id(), foreign[0], "2017-03-01", COORDINATOR, "koord")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  // An expert who does not moderate the network changes nothing; its
  // moderator enrols anyone of the edition.
  EXPECT_EQ(Join(network.id(), foreign[0], "2017-03-01", EXPERT, "ekspert-2")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(
      Join(network.id(), foreign[0], "2017-03-01", EXPERT, "ekspert-1").ok());
  EXPECT_EQ(Leave(network.id(), foreign[0], "2017-03-02", EXPERT, "ekspert-2")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  EXPECT_EQ(Members(network.id(), ADMIN, "office").size(), 3u);
  EXPECT_EQ(Members(network.id(), EXPERT, "ekspert-2").size(), 3u);
  EXPECT_THAT(Members(network.id(), COORDINATOR, "koord"),
              UnorderedElementsAre(own[0] + " 2017-03-01..",
                                   neighbour[0] + " 2017-03-01.."));
  EXPECT_THAT(Members(network.id(), JST, "gmina"),
              ElementsAre(own[0] + " 2017-03-01.."));
  v1::GetCommunityRequest get;
  get.set_community(network.id());
  v1::Community read;
  ASSERT_TRUE(
      As(JST, "gmina", &v1::TrainingService::Stub::GetCommunity, get, &read)
          .ok());
  EXPECT_EQ(read.member_count(), 3);
}

TEST_F(CommunityTest, MeetingsHaveMembersOfTheirDayAndCorrectionsReplaceThem) {
  const auto own = Enrol("2476011", 1, 2);
  const auto foreign = Enrol("0201011", 1, 1);
  const v1::Community network = Community(
      v1::THEMATIC_NETWORK, v1::STRATEGIC_MANAGEMENT, 0, {"ekspert-1"});
  ASSERT_TRUE(Join(network.id(), own[0], "2017-03-01").ok());
  ASSERT_TRUE(Join(network.id(), own[1], "2017-03-15").ok());
  ASSERT_TRUE(Join(network.id(), foreign[0], "2017-03-01").ok());

  v1::CommunityMeeting made;
  // own[1] joined after the day; own[0] named twice.
  grpc::Status refused = Record(
      network.id(), Meeting("2017-03-10", {own[0], own[1], own[0]}), &made);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleTypesOf(refused), "NOT_A_MEMBER NAMED_TWICE ");
  EXPECT_EQ(Record(network.id(), Meeting("2017-03-10", {own[0]}), &made, EXPERT,
                   "ekspert-2")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::CommunityMeeting bad = Meeting("", {"x"});
  bad.set_form(v1::MEETING_FORM_UNSPECIFIED);
  bad.set_title("");
  EXPECT_THAT(BadFields(Record(network.id(), bad, &made)),
              UnorderedElementsAre("meeting.heldOn", "meeting.title",
                                   "meeting.form", "meeting.attendees[0]"));
  EXPECT_EQ(Count("SELECT count(*) FROM community_meeting"), 0);
  EXPECT_EQ(Events("CommunityMeetingHeld"), 0);

  ASSERT_TRUE(Record(network.id(), Meeting("2017-03-10", {own[0], foreign[0]}),
                     &made, EXPERT, "ekspert-1")
                  .ok());
  EXPECT_EQ(made.revision(), 1);
  EXPECT_EQ(made.attendee_count(), 2);
  EXPECT_EQ(made.recorded_by(), "ekspert-1");

  // A correction: another day, own[1] now a member, foreign[0] absent.
  v1::UpdateCommunityMeetingRequest update;
  update.set_meeting(made.id());
  *update.mutable_update() = Meeting("2017-03-16", {own[0], own[1]});
  v1::CommunityMeeting corrected;
  ASSERT_TRUE(As(ADMIN, "office",
                 &v1::TrainingService::Stub::UpdateCommunityMeeting, update,
                 &corrected)
                  .ok());
  EXPECT_EQ(corrected.revision(), 2);
  EXPECT_EQ(corrected.held_on(), "2017-03-16");
  EXPECT_THAT(corrected.attendees(), UnorderedElementsAre(own[0], own[1]));

  const auto events = Published<ev::CommunityMeetingHeld>();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event.revision(), 1);
  EXPECT_THAT(events[0].event.attendee_ids(),
              UnorderedElementsAre(own[0], foreign[0]));
  EXPECT_EQ(events[1].event.meeting_id(), made.id());
  EXPECT_EQ(events[1].event.revision(), 2);
  EXPECT_EQ(events[1].event.held_on(), "2017-03-16");
  EXPECT_THAT(events[1].event.attendee_ids(),
              UnorderedElementsAre(own[0], own[1]));
  EXPECT_EQ(events[1].event.community().kind(), v1::THEMATIC_NETWORK);
  EXPECT_EQ(events[1].event.form(), v1::ONLINE);

  // Nobody leaves before a meeting they attended (the attendance would
  // name a non-member); on the meeting's day, they may.
  EXPECT_EQ(RulesOf(Leave(network.id(), own[1], "2017-03-15")),
            "ATTENDED_AFTER_LEAVING community-meetings/" + made.id() + "; ");
  EXPECT_TRUE(Leave(network.id(), own[1], "2017-03-16").ok());

  // Attendees narrowed to the caller's scope, all counted.
  ASSERT_TRUE(
      Record(network.id(), Meeting("2017-03-20", {foreign[0]}), &made).ok());
  v1::ListCommunityMeetingsRequest list;
  list.set_community(network.id());
  v1::ListCommunityMeetingsResponse meetings;
  ASSERT_TRUE(As(COORDINATOR, "koord",
                 &v1::TrainingService::Stub::ListCommunityMeetings, list,
                 &meetings)
                  .ok());
  ASSERT_EQ(meetings.meetings_size(), 2);
  EXPECT_EQ(meetings.meetings(0).held_on(), "2017-03-20");
  EXPECT_EQ(meetings.meetings(0).attendees_size(), 0);
  EXPECT_EQ(meetings.meetings(0).attendee_count(), 1);
  EXPECT_EQ(meetings.meetings(1).attendees_size(), 2);
  ASSERT_TRUE(As(JST, "gmina-obca",
                 &v1::TrainingService::Stub::ListCommunityMeetings, list,
                 &meetings, "0201011")
                  .ok());
  EXPECT_THAT(meetings.meetings(0).attendees(), ElementsAre(foreign[0]));
  EXPECT_EQ(meetings.meetings(1).attendees_size(), 0);
  EXPECT_EQ(meetings.meetings(1).attendee_count(), 2);
  // Ids in capitals are the same people.
  v1::CommunityMeeting shouted;
  ASSERT_TRUE(Record(network.id(),
                     Meeting("2017-03-10", {absl::AsciiStrToUpper(own[0])}),
                     &shouted)
                  .ok());
  EXPECT_THAT(shouted.attendees(), ElementsAre(own[0]));
}

TEST_F(CommunityTest, TheCooperationNetworkMonitorsTheRolloutOnceTrainingEnds) {
  const v1::Community cooperation =
      Community(v1::COOPERATION_NETWORK, 0, 0, {"zespol-projektu"});
  ASSERT_TRUE(last_.ok());
  // No module yet: it serves the training, from no known day.
  EXPECT_EQ(cooperation.purpose(), v1::SUPPORTS_TRAINING);
  EXPECT_FALSE(cooperation.has_purpose_since());

  Settings();
  Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  Module(2, "2017-05-17T11:00", "2017-05-19T14:30");
  v1::GetCommunityRequest get;
  get.set_community(cooperation.id());
  v1::Community read;
  now_ = At("2017-05-19T23:59");
  ASSERT_TRUE(
      As(ADMIN, "office", &v1::TrainingService::Stub::GetCommunity, get, &read)
          .ok());
  EXPECT_EQ(read.purpose(), v1::SUPPORTS_TRAINING);
  EXPECT_EQ(read.purpose_since(), "2017-04-05");
  now_ = At("2017-05-20T00:00");
  ASSERT_TRUE(
      As(ADMIN, "office", &v1::TrainingService::Stub::GetCommunity, get, &read)
          .ok());
  EXPECT_EQ(read.purpose(), v1::MONITORS_ROLLOUT);
  EXPECT_EQ(read.purpose_since(), "2017-05-20");
  // Other kinds have no purpose.
  const v1::Community network =
      Community(v1::THEMATIC_NETWORK, v1::KEY_COMPETENCES);
  EXPECT_EQ(network.purpose(), v1::COOPERATION_PURPOSE_UNSPECIFIED);
}

TEST_F(CommunityTest, TwoJoinsOfOnePersonAtOnceLeaveOnePeriod) {
  const auto team = Enrol("2476011", 1, 1);
  const v1::Community network =
      Community(v1::THEMATIC_NETWORK, v1::DIAGNOSIS_AND_INDICATORS);
  std::atomic<int> joined{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto made = stores_.communities.Join(network.id(), team[0],
                                           absl::CivilDay(2017, 3, 1 + i),
                                           nullptr, "", now_, admin_);
      if (made.ok()) ++joined;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(joined.load(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM community_membership"), 1);
  EXPECT_EQ(Events("CommunityMembershipChanged"), 1);
}

}  // namespace
}  // namespace jstedu::training::pgtest
