// Reporting's projections against a real PostgreSQL: events applied in any
// order, and the same fact arriving under a new event id (which the inbox
// cannot catch), leave the same facts and figures; the maintained counts
// (store/counts_store.h) are after every event what a recount of the facts
// gives, also for a database whose facts predate them, and figures summed
// from them are the figures counted from the facts.

#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "common/events/migrations.h"
#include "common/pg/migrations.h"
#include "common/pg/transaction.h"
#include "common/testing/fixtures.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/reporting/domain/counts.h"
#include "services/reporting/domain/reconciliation.h"
#include "services/reporting/migrations.h"
#include "services/reporting/projection.h"
#include "services/reporting/query.h"
#include "services/reporting/store/counts_store.h"
#include "services/reporting/store/figures_store.h"

namespace jstedu::reporting {
namespace {

namespace ev = events::v1;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kApp[] = "00000000-0000-4000-8000-0000000000a1";
constexpr char kPerson[] = "00000000-0000-4000-8000-0000000000b1";
constexpr char kCase[] = "00000000-0000-4000-8000-0000000000c1";
constexpr char kSession[] = "00000000-0000-4000-8000-0000000000d1";
constexpr char kOtherApp[] = "00000000-0000-4000-8000-0000000000a2";
constexpr char kOtherPerson[] = "00000000-0000-4000-8000-0000000000b2";

class ProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pg::ApplyMigrations(schema_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(
        pg::ApplyMigrations(schema_.pool(), "reporting", Migrations()).ok());
  }

  using Handler = ApplyEvent;

  template <typename Event>
  static events::EventEnvelope Envelope(const Event& event,
                                        const std::string& occurred_at) {
    events::EventEnvelope envelope;
    envelope.set_event_id(testing::RandomSuffix(12));
    envelope.set_event_type(Event::descriptor()->full_name());
    envelope.mutable_payload()->PackFrom(event);
    TimeUtil::FromString(occurred_at, envelope.mutable_occurred_at());
    return envelope;
  }

  // One event in a transaction of its own, as the consumer's handler
  // (ProjectionHandler) applies it: the event, then its recounts.
  absl::Status Deliver(const events::EventEnvelope& envelope, Handler handler) {
    const std::unique_ptr<events::BatchHandler> projection =
        ProjectionHandler(handler);
    return pg::RunInTransaction(
        schema_.pool(), [&](pqxx::transaction_base& tx) {
          return events::ApplyAlone(*projection, tx, envelope);
        });
  }

  template <typename Event>
  absl::Status Apply(const Event& event, const std::string& occurred_at,
                     Handler handler) {
    return Deliver(Envelope(event, occurred_at), handler);
  }

  // The maintained records and cells are what a recount of the projected
  // facts gives (Reconcile's check, and the cells compared whole).
  void ExpectCountsAreARecount() {
    FiguresStore store(schema_.pool());
    auto projected = store.ReadProjected("PILOT-2017");
    ASSERT_TRUE(projected.ok()) << projected.status();
    const MeasureRecords recount = ComputeMeasures(projected->facts);
    for (const v1::RecordDifference& d :
         ReconcileCounts(recount, projected->maintained_records,
                         projected->maintained_cells)) {
      ADD_FAILURE() << d.ShortDebugString();
    }
    EXPECT_EQ(projected->maintained_cells, CountCells(recount));
  }

  // The count of one cell of the maintained counts (of voivodeship 14, or
  // of none for meetings).
  int64_t Cell(const std::string& measure, const std::string& month,
               const std::string& voivodeship = "14") {
    const std::string n = schema_.Query(
        "SELECT records FROM measure_month WHERE edition = 'PILOT-2017' AND "
        "voivodeship = '" +
        voivodeship + "' AND measure = '" + measure + "' AND month = '" +
        month + "'");
    return n.empty() ? 0 : std::stoll(n);
  }

  MeasureRecords Figures() {
    auto facts = pg::RunInTransactionFor<Facts>(
        schema_.pool(),
        [&](pqxx::transaction_base& tx) -> absl::StatusOr<Facts> {
          return LoadFacts(tx, "PILOT-2017", "");
        });
    EXPECT_TRUE(facts.ok()) << facts.status();
    return ComputeMeasures(*facts);
  }

  static std::vector<std::string> Ids(const std::vector<Record>& records) {
    std::vector<std::string> ids;
    for (const Record& r : records) ids.push_back(r.id);
    return ids;
  }

  ev::ParticipantUpdated Person(bool complete, const char* start) {
    ev::ParticipantUpdated event;
    ev::ParticipantFacts* p = event.mutable_participant();
    p->set_participant_id(kPerson);
    p->set_edition("PILOT-2017");
    p->set_application_id(kApp);
    p->set_teryt("1465011");
    p->set_voivodeship("14");
    p->set_jst_kind(recruitment::v1::URBAN_COMMUNE);
    p->set_sex(recruitment::v1::FEMALE);
    p->set_target_group(recruitment::v1::DECISION_MAKER);
    p->set_status(recruitment::v1::PARTICIPANT_ACTIVE);
    p->set_declaration_recorded(true);
    p->set_participation_start(start);
    p->set_monitoring_data_complete(complete);
    if (!complete) p->add_missing_monitoring_fields("education_level");
    return event;
  }

  static ev::JstQualified Qualified(const char* application, const char* teryt,
                                    const char* at) {
    ev::JstQualified qualified;
    qualified.set_edition("PILOT-2017");
    qualified.set_application_id(application);
    qualified.set_teryt(teryt);
    qualified.set_voivodeship("14");
    qualified.set_jst_kind(recruitment::v1::URBAN_COMMUNE);
    TimeUtil::FromString(at, qualified.mutable_qualified_at());
    return qualified;
  }

  // PILOT-2017 as updated on 1 February 2017, with this minimum of
  // representatives.
  static ev::EditionChanged Edition(int min_representatives) {
    ev::EditionChanged edition;
    edition.set_code("PILOT-2017");
    edition.set_kind(recruitment::v1::PILOT);
    edition.set_name("Pilot");
    edition.set_min_representatives(min_representatives);
    edition.set_starts_on("2017-04-01");
    edition.set_ends_on("2018-06-30");
    TimeUtil::FromString("2017-02-01T10:00:00Z", edition.mutable_update_time());
    return edition;
  }

  static ev::JstWithdrawn Withdrawn() {
    ev::JstWithdrawn withdrawn;
    withdrawn.set_edition("PILOT-2017");
    withdrawn.set_application_id(kApp);
    withdrawn.set_teryt("1465011");
    withdrawn.set_voivodeship("14");
    withdrawn.set_previous_status(recruitment::v1::QUALIFIED);
    return withdrawn;
  }

  ev::CaseRef Ref(int64_t version) {
    ev::CaseRef ref;
    ref.set_case_id(kCase);
    ref.set_edition("PILOT-2017");
    ref.set_application_id(kApp);
    ref.set_teryt("1465011");
    ref.set_voivodeship("14");
    ref.set_jst_kind(recruitment::v1::URBAN_COMMUNE);
    ref.set_version(version);
    return ref;
  }

  testing::TestSchema schema_;
};

TEST_F(ProjectionTest, OutOfOrderAndRepeatedFactsGiveTheSameFigures) {
  // Recruitment: the participant's newer update arrives first, the JST's
  // qualification after an (unrelated) later fact of the same JST.
  ASSERT_TRUE(Apply(Person(true, "2017-03-02"), "2017-03-05T10:00:00Z",
                    ApplyRecruitmentEvent)
                  .ok());
  ASSERT_TRUE(Apply(Person(false, "2017-03-01"), "2017-03-04T10:00:00Z",
                    ApplyRecruitmentEvent)
                  .ok());
  const ev::JstQualified qualified =
      Qualified(kApp, "1465011", "2017-03-31T22:30:00Z");
  ASSERT_TRUE(
      Apply(qualified, "2017-03-31T22:30:00Z", ApplyRecruitmentEvent).ok());
  // The same fact again under a new event id: no second record.
  ASSERT_TRUE(
      Apply(qualified, "2017-03-31T22:30:00Z", ApplyRecruitmentEvent).ok());

  // Training: completion twice, attendance with the newest mark winning.
  ev::ParticipantCompletedTraining completed;
  completed.set_participant_id(kPerson);
  completed.set_edition("PILOT-2017");
  TimeUtil::FromString("2017-11-24T12:00:00Z",
                       completed.mutable_completed_at());
  ASSERT_TRUE(
      Apply(completed, "2017-11-24T12:00:00Z", ApplyTrainingEvent).ok());
  ASSERT_TRUE(
      Apply(completed, "2017-11-24T12:00:01Z", ApplyTrainingEvent).ok());
  ev::AttendanceRecorded mark;
  mark.set_session_id(kSession);
  mark.set_participant_id(kPerson);
  mark.set_edition("PILOT-2017");
  mark.set_attended_minutes(90);
  ASSERT_TRUE(Apply(mark, "2017-04-05T12:00:00Z", ApplyTrainingEvent).ok());
  mark.set_attended_minutes(45);
  ASSERT_TRUE(Apply(mark, "2017-04-05T11:00:00Z", ApplyTrainingEvent).ok());

  // Advisory: rollout (v3) before the opening (v1) and diagnosis (v2).
  ev::CaseStageChanged rollout;
  *rollout.mutable_case_() = Ref(3);
  rollout.set_to_stage(advisory::v1::ROLLOUT);
  ASSERT_TRUE(Apply(rollout, "2017-06-01T10:00:00Z", ApplyAdvisoryEvent).ok());
  ev::CaseOpened opened;
  *opened.mutable_case_() = Ref(1);
  TimeUtil::FromString("2017-04-01T08:00:00Z", opened.mutable_opened_at());
  ASSERT_TRUE(Apply(opened, "2017-04-01T08:00:00Z", ApplyAdvisoryEvent).ok());
  ev::CaseStageChanged diagnosis;
  *diagnosis.mutable_case_() = Ref(2);
  diagnosis.set_to_stage(advisory::v1::NEEDS_DIAGNOSIS);
  ASSERT_TRUE(
      Apply(diagnosis, "2017-05-01T10:00:00Z", ApplyAdvisoryEvent).ok());
  ev::PlanAdopted plan;
  *plan.mutable_case_() = Ref(4);
  plan.set_adopted_on("2017-12-01");
  ASSERT_TRUE(Apply(plan, "2017-12-01T10:00:00Z", ApplyAdvisoryEvent).ok());

  const MeasureRecords m = Figures();
  EXPECT_THAT(Ids(m.at("JST_SUPPORTED")), ElementsAre(kApp));
  // Qualified 22:30 UTC on 31 March is 1 April in Warsaw (CEST).
  EXPECT_EQ(m.at("JST_SUPPORTED")[0].date, absl::CivilDay(2017, 4, 1));
  EXPECT_THAT(Ids(m.at("OFFICIALS_SUPPORTED")), ElementsAre(kPerson));
  EXPECT_EQ(m.at("OFFICIALS_SUPPORTED")[0].date, absl::CivilDay(2017, 3, 2));
  // The newer update (complete data) won over the older one.
  EXPECT_THAT(Ids(m.at("OFFICIALS_TRAINED")), ElementsAre(kPerson));
  EXPECT_THAT(Ids(m.at("STAGE_ROLLOUT")), ElementsAre(kCase));
  EXPECT_TRUE(m.at("STAGE_NEEDS_DIAGNOSIS").empty());
  EXPECT_THAT(Ids(m.at("PLANS_ADOPTED")), ElementsAre(kApp));
  auto minutes = pg::RunInTransactionFor<std::map<std::string, int64_t>>(
      schema_.pool(),
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::map<std::string, int64_t>> {
        return LoadAttendedMinutes(tx, "PILOT-2017");
      });
  ASSERT_TRUE(minutes.ok());
  EXPECT_EQ(minutes->at(kPerson), 90);

  // A withdrawal (arriving in any order) ends the support. The plan stands
  // while the case is not closed by the withdrawal (advisory keeps a
  // COMPLETED case as it is), and stops counting once it is.
  const ev::JstWithdrawn withdrawn = Withdrawn();
  ASSERT_TRUE(
      Apply(withdrawn, "2017-12-05T10:00:00Z", ApplyRecruitmentEvent).ok());
  ASSERT_TRUE(
      Apply(qualified, "2017-03-31T22:30:00Z", ApplyRecruitmentEvent).ok());
  const MeasureRecords after = Figures();
  EXPECT_TRUE(after.at("JST_SUPPORTED").empty());
  EXPECT_THAT(Ids(after.at("PLANS_ADOPTED")), ElementsAre(kApp));
  // Started participants stay participants.
  EXPECT_THAT(Ids(after.at("OFFICIALS_SUPPORTED")), ElementsAre(kPerson));
  ev::CaseWithdrawn closed;
  *closed.mutable_case_() = Ref(5);
  closed.set_from_stage(advisory::v1::ROLLOUT);
  ASSERT_TRUE(Apply(closed, "2017-12-05T10:00:01Z", ApplyAdvisoryEvent).ok());
  const MeasureRecords closed_figures = Figures();
  EXPECT_TRUE(closed_figures.at("PLANS_ADOPTED").empty());
  EXPECT_THAT(Ids(closed_figures.at("STAGE_WITHDRAWN")), ElementsAre(kCase));
}

TEST_F(ProjectionTest, AParticipantCountedNowhereIsLeftOutUntilCountedAgain) {
  ASSERT_TRUE(Apply(Person(true, "2017-03-01"), "2017-03-04T10:00:00Z",
                    ApplyRecruitmentEvent)
                  .ok());
  auto participants = [&] {
    auto facts = pg::RunInTransactionFor<Facts>(
        schema_.pool(),
        [&](pqxx::transaction_base& tx) -> absl::StatusOr<Facts> {
          return LoadFacts(tx, "PILOT-2017", "");
        });
    EXPECT_TRUE(facts.ok()) << facts.status();
    return facts.ok() ? facts->participants.size() : 0u;
  };
  ASSERT_EQ(participants(), 1u);
  // Recruitment held the record back for its office (an identity conflict).
  ev::ParticipantUpdated held = Person(true, "2017-03-01");
  held.mutable_participant()->set_status(
      recruitment::v1::PARTICIPANT_NOT_COUNTED);
  ASSERT_TRUE(Apply(held, "2017-03-05T10:00:00Z", ApplyRecruitmentEvent).ok());
  EXPECT_EQ(participants(), 0u);
  // The office decided: it counts again.
  ASSERT_TRUE(Apply(Person(true, "2017-03-01"), "2017-03-06T10:00:00Z",
                    ApplyRecruitmentEvent)
                  .ok());
  EXPECT_EQ(participants(), 1u);
}

TEST_F(ProjectionTest, TheCountsAreARecountAfterEveryEventInAnyOrder) {
  auto apply = [&](const auto& event, const std::string& at, Handler handler) {
    ASSERT_TRUE(Apply(event, at, handler).ok());
    ExpectCountsAreARecount();
  };
  // A completion before its participant's facts, the participant's newer
  // update before the older, both before their JST's qualification.
  ev::ParticipantCompletedTraining completed;
  completed.set_participant_id(kOtherPerson);
  completed.set_edition("PILOT-2017");
  TimeUtil::FromString("2017-11-24T12:00:00Z",
                       completed.mutable_completed_at());
  apply(completed, "2017-11-24T12:00:00Z", ApplyTrainingEvent);
  apply(Person(true, "2017-03-02"), "2017-03-05T10:00:00Z",
        ApplyRecruitmentEvent);
  apply(Person(false, "2017-03-01"), "2017-03-04T10:00:00Z",
        ApplyRecruitmentEvent);
  ev::ParticipantEnrolled other;
  *other.mutable_participant() = Person(true, "2017-04-03").participant();
  other.mutable_participant()->set_participant_id(kOtherPerson);
  apply(other, "2017-04-03T10:00:00Z", ApplyRecruitmentEvent);
  EXPECT_EQ(Cell("OFFICIALS_SUPPORTED", "2017-03-01"), 0);  // not started
  const ev::JstQualified qualified =
      Qualified(kApp, "1465011", "2017-03-31T22:30:00Z");
  apply(qualified, "2017-03-31T22:30:00Z", ApplyRecruitmentEvent);
  EXPECT_EQ(Cell("JST_SUPPORTED", "2017-04-01"), 1);
  EXPECT_EQ(Cell("OFFICIALS_SUPPORTED", "2017-03-01"), 1);
  EXPECT_EQ(Cell("OFFICIALS_SUPPORTED", "2017-04-01"), 1);
  EXPECT_EQ(Cell("OFFICIALS_TRAINED", "2017-11-01"), 1);
  EXPECT_EQ(Cell("JST_BELOW_MINIMUM", "2017-04-01"), 1);  // 2 of 3

  // The same fact under a new event id, and one event delivered twice (as
  // without the inbox): counted once.
  apply(qualified, "2017-03-31T22:30:00Z", ApplyRecruitmentEvent);
  const events::EventEnvelope twice =
      Envelope(Person(true, "2017-03-02"), "2017-03-06T10:00:00Z");
  ASSERT_TRUE(Deliver(twice, ApplyRecruitmentEvent).ok());
  ASSERT_TRUE(Deliver(twice, ApplyRecruitmentEvent).ok());
  ExpectCountsAreARecount();
  EXPECT_EQ(Cell("JST_SUPPORTED", "2017-04-01"), 1);
  EXPECT_EQ(Cell("OFFICIALS_SUPPORTED", "2017-03-01"), 1);

  // The edition's minimum falls to 2: no JST below it any more.
  const ev::EditionChanged edition = Edition(2);
  apply(edition, "2017-02-01T10:00:00Z", ApplyRecruitmentEvent);
  EXPECT_EQ(Cell("JST_BELOW_MINIMUM", "2017-04-01"), 0);
  EXPECT_EQ(Cell("JST_TRAINED_BELOW_MINIMUM", "2017-04-01"), 1);

  // The second official moves to another JST, qualified later: both JSTs'
  // records follow, their completion with them.
  ev::ParticipantUpdated moved;
  *moved.mutable_participant() = other.participant();
  moved.mutable_participant()->set_application_id(kOtherApp);
  moved.mutable_participant()->set_teryt("1465021");
  apply(moved, "2017-04-10T10:00:00Z", ApplyRecruitmentEvent);
  EXPECT_EQ(Cell("OFFICIALS_TRAINED", "2017-11-01"), 0);
  EXPECT_EQ(Cell("JST_BELOW_MINIMUM", "2017-04-01"), 1);
  apply(Qualified(kOtherApp, "1465021", "2017-05-02T10:00:00Z"),
        "2017-05-02T10:00:00Z", ApplyRecruitmentEvent);
  EXPECT_EQ(Cell("JST_SUPPORTED", "2017-05-01"), 1);
  EXPECT_EQ(Cell("OFFICIALS_TRAINED", "2017-11-01"), 1);

  // The first official is held back by recruitment's office, then counted.
  ev::ParticipantUpdated held = Person(true, "2017-03-02");
  held.mutable_participant()->set_status(
      recruitment::v1::PARTICIPANT_NOT_COUNTED);
  apply(held, "2017-03-07T10:00:00Z", ApplyRecruitmentEvent);
  EXPECT_EQ(Cell("OFFICIALS_SUPPORTED", "2017-03-01"), 0);
  apply(Person(true, "2017-03-02"), "2017-03-08T10:00:00Z",
        ApplyRecruitmentEvent);
  EXPECT_EQ(Cell("OFFICIALS_SUPPORTED", "2017-03-01"), 1);

  // Advisory out of order: rollout (v3) before the opening (v1), a plan,
  // then the case closed by the JST's withdrawal (which arrives last).
  ev::CaseStageChanged rollout;
  *rollout.mutable_case_() = Ref(3);
  rollout.set_to_stage(advisory::v1::ROLLOUT);
  apply(rollout, "2017-06-01T10:00:00Z", ApplyAdvisoryEvent);
  EXPECT_EQ(Cell("STAGE_ROLLOUT", "2017-04-01"), 0);  // not yet opened
  ev::CaseOpened opened;
  *opened.mutable_case_() = Ref(1);
  TimeUtil::FromString("2017-04-01T08:00:00Z", opened.mutable_opened_at());
  apply(opened, "2017-04-01T08:00:00Z", ApplyAdvisoryEvent);
  EXPECT_EQ(Cell("STAGE_ROLLOUT", "2017-04-01"), 1);
  EXPECT_EQ(Cell("STAGE_AREA_CHOICE", "2017-04-01"), 0);
  ev::PlanAdopted plan;
  *plan.mutable_case_() = Ref(4);
  plan.set_adopted_on("2017-12-01");
  apply(plan, "2017-12-01T10:00:00Z", ApplyAdvisoryEvent);
  EXPECT_EQ(Cell("PLANS_ADOPTED", "2017-12-01"), 1);
  // Repeated (new event ids): the opening and the plan change nothing.
  apply(opened, "2017-04-01T08:00:00Z", ApplyAdvisoryEvent);
  apply(plan, "2017-12-01T10:00:00Z", ApplyAdvisoryEvent);
  EXPECT_EQ(Cell("PLANS_ADOPTED", "2017-12-01"), 1);
  EXPECT_EQ(Cell("STAGE_ROLLOUT", "2017-04-01"), 1);
  ev::CaseWithdrawn closed;
  *closed.mutable_case_() = Ref(5);
  closed.set_from_stage(advisory::v1::ROLLOUT);
  apply(closed, "2017-12-05T10:00:01Z", ApplyAdvisoryEvent);
  EXPECT_EQ(Cell("PLANS_ADOPTED", "2017-12-01"), 0);
  EXPECT_EQ(Cell("STAGE_WITHDRAWN", "2017-04-01"), 1);
  const ev::JstWithdrawn withdrawn = Withdrawn();
  apply(withdrawn, "2017-12-05T10:00:00Z", ApplyRecruitmentEvent);
  EXPECT_EQ(Cell("JST_SUPPORTED", "2017-04-01"), 0);
  // Started participants stay participants.
  EXPECT_EQ(Cell("OFFICIALS_SUPPORTED", "2017-03-01"), 1);
}

// Issue 24's facts (memberships, meetings, e-learning, good practices and
// schools) arrive before the facts they hang on, twice, and out of order:
// the counts follow each as a recount would.
TEST_F(ProjectionTest, TheProgrammePartsAreCountedInAnyOrder) {
  auto apply = [&](const auto& event, const std::string& at, Handler handler) {
    ASSERT_TRUE(Apply(event, at, handler).ok());
    ExpectCountsAreARecount();
  };
  auto community = [](ev::CommunityFacts* c, const char* id,
                      training::v1::CommunityKind kind) {
    c->set_community_id(id);
    c->set_edition("PILOT-2017");
    c->set_kind(kind);
  };
  constexpr char kNetwork[] = "00000000-0000-4000-8000-0000000000e1";
  constexpr char kCooperation[] = "00000000-0000-4000-8000-0000000000e2";
  constexpr char kGroup[] = "00000000-0000-4000-8000-0000000000e3";

  // A thematic network's period before the official's facts: nothing to
  // count yet. Then the period ends (the later event wins), and a period
  // in the cooperation network begins later: one official in networks,
  // dated the first joining.
  ev::CommunityMembershipChanged joined;
  community(joined.mutable_community(), kNetwork,
            training::v1::THEMATIC_NETWORK);
  joined.set_membership_id("00000000-0000-4000-8000-0000000000f1");
  joined.set_participant_id(kPerson);
  joined.set_application_id(kApp);
  joined.set_joined_on("2017-04-20");
  apply(joined, "2017-04-20T10:00:00Z", ApplyTrainingEvent);
  EXPECT_EQ(Cell("OFFICIALS_IN_NETWORKS", "2017-04-01"), 0);
  apply(Qualified(kApp, "1465011", "2017-03-31T22:30:00Z"),
        "2017-03-31T22:30:00Z", ApplyRecruitmentEvent);
  apply(Person(true, "2017-04-03"), "2017-04-03T10:00:00Z",
        ApplyRecruitmentEvent);
  EXPECT_EQ(Cell("OFFICIALS_IN_NETWORKS", "2017-04-01"), 1);
  ev::CommunityMembershipChanged left = joined;
  left.set_left_on("2017-06-30");
  apply(left, "2017-06-30T10:00:00Z", ApplyTrainingEvent);
  apply(joined, "2017-04-20T10:00:00Z", ApplyTrainingEvent);  // older: no-op
  ev::CommunityMembershipChanged cooperation = joined;
  community(cooperation.mutable_community(), kCooperation,
            training::v1::COOPERATION_NETWORK);
  cooperation.set_membership_id("00000000-0000-4000-8000-0000000000f2");
  cooperation.set_joined_on("2017-07-01");
  apply(cooperation, "2017-07-01T10:00:00Z", ApplyTrainingEvent);
  EXPECT_EQ(Cell("OFFICIALS_IN_NETWORKS", "2017-04-01"), 1);
  EXPECT_EQ(Cell("OFFICIALS_IN_NETWORKS", "2017-07-01"), 0);
  ev::CommunityMembershipChanged group = joined;
  community(group.mutable_community(), kGroup, training::v1::EXCHANGE_GROUP);
  group.set_membership_id("00000000-0000-4000-8000-0000000000f3");
  group.set_joined_on("2017-09-12");
  apply(group, "2017-09-12T10:00:00Z", ApplyTrainingEvent);
  EXPECT_EQ(Cell("EXCHANGE_GROUP_REPRESENTATIVES", "2017-09-01"), 1);

  // A meeting corrected (revision 2, moved to May) arrives before its
  // record (revision 1): the highest revision is the meeting. Meetings are
  // of no voivodeship.
  ev::CommunityMeetingHeld corrected;
  community(corrected.mutable_community(), kNetwork,
            training::v1::THEMATIC_NETWORK);
  corrected.set_meeting_id("00000000-0000-4000-8000-0000000000f4");
  corrected.set_held_on("2017-05-10");
  corrected.set_revision(2);
  corrected.add_attendee_ids(kPerson);
  apply(corrected, "2017-05-11T10:00:00Z", ApplyTrainingEvent);
  ev::CommunityMeetingHeld recorded = corrected;
  recorded.set_held_on("2017-04-28");
  recorded.set_revision(1);
  apply(recorded, "2017-04-28T10:00:00Z", ApplyTrainingEvent);
  EXPECT_EQ(Cell("NETWORK_MEETINGS", "2017-05-01", ""), 1);
  EXPECT_EQ(Cell("NETWORK_MEETINGS", "2017-04-01", ""), 0);
  ev::CommunityMeetingHeld exchange = recorded;
  community(exchange.mutable_community(), kGroup, training::v1::EXCHANGE_GROUP);
  exchange.set_meeting_id("00000000-0000-4000-8000-0000000000f5");
  apply(exchange, "2017-04-28T10:00:00Z", ApplyTrainingEvent);
  EXPECT_EQ(Cell("EXCHANGE_GROUP_MEETINGS", "2017-04-01", ""), 1);

  // E-learning: a later import brings an earlier day (the later event
  // wins); the same course twice is one completion.
  ev::ELearningCompleted course;
  course.set_participant_id(kPerson);
  course.set_application_id(kApp);
  course.set_edition("PILOT-2017");
  course.set_course_code("EL-01");
  course.set_completed_on("2017-06-15");
  apply(course, "2017-06-16T10:00:00Z", ApplyTrainingEvent);
  course.set_completed_on("2017-05-30");
  apply(course, "2017-06-20T10:00:00Z", ApplyTrainingEvent);
  apply(course, "2017-06-20T10:00:00Z", ApplyTrainingEvent);
  EXPECT_EQ(Cell("ELEARNING_COMPLETIONS", "2017-05-01"), 1);
  EXPECT_EQ(Cell("ELEARNING_COMPLETIONS", "2017-06-01"), 0);

  // Good practices: published (v3) before the case is known, its
  // submission (v2) late; a second practice of the case withdrawn.
  ev::GoodPracticeStatusChanged practice;
  practice.set_practice_id("00000000-0000-4000-8000-0000000000f6");
  practice.set_edition("PILOT-2017");
  practice.set_case_id(kCase);
  practice.set_teryt("1465011");
  practice.set_voivodeship("14");
  practice.set_jst_kind(recruitment::v1::URBAN_COMMUNE);
  practice.set_status(advisory::v1::PRACTICE_PUBLISHED);
  practice.set_published_on("2017-10-02");
  practice.set_version(3);
  apply(practice, "2017-10-02T10:00:00Z", ApplyAdvisoryEvent);
  EXPECT_EQ(Cell("GOOD_PRACTICES_PUBLISHED", "2017-10-01"), 0);
  ev::CaseOpened opened;
  *opened.mutable_case_() = Ref(1);
  TimeUtil::FromString("2017-04-01T08:00:00Z", opened.mutable_opened_at());
  apply(opened, "2017-04-01T08:00:00Z", ApplyAdvisoryEvent);
  EXPECT_EQ(Cell("GOOD_PRACTICES_PUBLISHED", "2017-10-01"), 1);
  ev::GoodPracticeStatusChanged submitted = practice;
  submitted.set_status(advisory::v1::PRACTICE_SUBMITTED);
  submitted.set_published_on("");
  submitted.set_version(2);
  apply(submitted, "2017-09-20T10:00:00Z", ApplyAdvisoryEvent);
  ev::GoodPracticeStatusChanged second = practice;
  second.set_practice_id("00000000-0000-4000-8000-0000000000f7");
  second.set_published_on("2017-10-03");
  apply(second, "2017-10-03T10:00:00Z", ApplyAdvisoryEvent);
  EXPECT_EQ(Cell("GOOD_PRACTICES_PUBLISHED", "2017-10-01"), 2);
  second.set_status(advisory::v1::PRACTICE_WITHDRAWN);
  second.set_published_on("");
  second.set_version(4);
  apply(second, "2017-11-03T10:00:00Z", ApplyAdvisoryEvent);
  EXPECT_EQ(Cell("GOOD_PRACTICES_PUBLISHED", "2017-10-01"), 1);

  // Schools: the approved schedule's set (v3), then an action dropped
  // (v4) arrives first; a school named twice counts once.
  ev::CaseSchoolsChanged dropped;
  *dropped.mutable_case_() = Ref(4);
  dropped.set_schedule_approved_on("2017-08-01");
  auto* kept = dropped.add_actions();
  kept->set_action_id("a1");
  kept->add_rspo("12345");
  kept->add_rspo("23456");
  auto* gone = dropped.add_actions();
  gone->set_action_id("a2");
  gone->add_rspo("34567");
  gone->set_dropped(true);
  auto* again = dropped.add_actions();
  again->set_action_id("a3");
  again->add_rspo("12345");
  apply(dropped, "2017-09-01T10:00:00Z", ApplyAdvisoryEvent);
  ev::CaseSchoolsChanged approved = dropped;
  *approved.mutable_case_() = Ref(3);
  approved.mutable_actions(1)->set_dropped(false);
  apply(approved, "2017-08-01T10:00:00Z", ApplyAdvisoryEvent);
  EXPECT_EQ(Cell("SCHOOLS_REACHED", "2017-08-01"), 2);
  // The case closed by the JST's withdrawal during the workflow: its
  // schools are reached no more, its practices stay published.
  ev::CaseWithdrawn closed;
  *closed.mutable_case_() = Ref(5);
  closed.set_from_stage(advisory::v1::ROLLOUT);
  apply(closed, "2017-12-05T10:00:01Z", ApplyAdvisoryEvent);
  EXPECT_EQ(Cell("SCHOOLS_REACHED", "2017-08-01"), 0);
  EXPECT_EQ(Cell("GOOD_PRACTICES_PUBLISHED", "2017-10-01"), 1);

  // The official's record becomes incomplete: in none of the parts'
  // figures; the meetings stay.
  apply(Person(false, "2017-04-03"), "2017-12-06T10:00:00Z",
        ApplyRecruitmentEvent);
  EXPECT_EQ(Cell("OFFICIALS_IN_NETWORKS", "2017-04-01"), 0);
  EXPECT_EQ(Cell("EXCHANGE_GROUP_REPRESENTATIVES", "2017-09-01"), 0);
  EXPECT_EQ(Cell("ELEARNING_COMPLETIONS", "2017-05-01"), 0);
  EXPECT_EQ(Cell("NETWORK_MEETINGS", "2017-05-01", ""), 1);

  // The official moves to another JST: their memberships and completion
  // move with them (both JSTs recounted), and back.
  ev::ParticipantUpdated moved = Person(true, "2017-04-03");
  moved.mutable_participant()->set_application_id(kOtherApp);
  moved.mutable_participant()->set_teryt("1465021");
  apply(Qualified(kOtherApp, "1465021", "2017-03-31T22:30:00Z"),
        "2017-03-31T22:30:00Z", ApplyRecruitmentEvent);
  apply(moved, "2017-12-07T10:00:00Z", ApplyRecruitmentEvent);
  EXPECT_EQ(Cell("OFFICIALS_IN_NETWORKS", "2017-04-01"), 1);
  EXPECT_EQ(Cell("ELEARNING_COMPLETIONS", "2017-05-01"), 1);
  EXPECT_EQ(schema_.Query("SELECT application_id FROM measure_record WHERE "
                          "measure = 'ELEARNING_COMPLETIONS'"),
            kOtherApp);
  apply(Person(true, "2017-04-03"), "2017-12-08T10:00:00Z",
        ApplyRecruitmentEvent);
  EXPECT_EQ(schema_.Query("SELECT application_id FROM measure_record WHERE "
                          "measure = 'ELEARNING_COMPLETIONS'"),
            kApp);

  // The figures of one voivodeship: the JSTs' parts, no meetings.
  auto regional = pg::RunInTransactionFor<Facts>(
      schema_.pool(), [&](pqxx::transaction_base& tx) -> absl::StatusOr<Facts> {
        return LoadFacts(tx, "PILOT-2017", "14");
      });
  ASSERT_TRUE(regional.ok()) << regional.status();
  EXPECT_EQ(regional->practices.size(), 2u);
  EXPECT_EQ(regional->memberships.size(), 3u);
  EXPECT_TRUE(regional->meetings.empty());
  auto elsewhere = pg::RunInTransactionFor<Facts>(
      schema_.pool(), [&](pqxx::transaction_base& tx) -> absl::StatusOr<Facts> {
        return LoadFacts(tx, "PILOT-2017", "02");
      });
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.status();
  EXPECT_TRUE(elsewhere->practices.empty());
  EXPECT_TRUE(elsewhere->memberships.empty());

  // The whole edition recounted (as at start-up) finds nothing to change.
  const std::string before = schema_.Query(
      "SELECT count(*) FROM measure_record WHERE edition = 'PILOT-2017'");
  ASSERT_TRUE(RebuildCounts(schema_.pool()).ok());
  ExpectCountsAreARecount();
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM measure_record WHERE "
                          "edition = 'PILOT-2017'"),
            before);
}

// A database as the service left it before the maintained counts.
class UpgradeTest : public ProjectionTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pg::ApplyMigrations(schema_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
  }
};

TEST_F(UpgradeTest, FactsFromBeforeTheCountsAreCountedAtStart) {
  // Migrations 0001 and 0002, and facts projected by an older service.
  const std::vector<pg::Migration> before(Migrations().begin(),
                                          Migrations().begin() + 2);
  ASSERT_EQ(before.back().version, 2);
  ASSERT_TRUE(pg::ApplyMigrations(schema_.pool(), "reporting", before).ok());
  schema_.Query(
      "INSERT INTO edition_fact VALUES ('PILOT-2017', 1, 'Pilot', 30, 3, "
      "'2017-04-01', '2018-06-30', now())");
  schema_.Query(
      "INSERT INTO jst_fact (application_id, edition, teryt, voivodeship, "
      "jst_kind, qualified_at) VALUES ('" +
      std::string(kApp) +
      "', 'PILOT-2017', '1465011', '14', 1, '2017-04-03 10:00+02'), ('" +
      kOtherApp +
      "', 'PILOT-2017', '0261011', '02', 1, '2017-05-03 10:00+02')");
  schema_.Query(
      "INSERT INTO participant_fact (participant_id, edition, application_id, "
      "teryt, voivodeship, jst_kind, sex, age_at_start, target_group, status, "
      "declaration_recorded, participation_start, end_reason, "
      "monitoring_data_complete, missing_monitoring_fields, source_time) "
      "VALUES ('" +
      std::string(kPerson) + "', 'PILOT-2017', '" + kApp +
      "', '1465011', '14', 1, 1, 40, 1, 1, true, '2017-04-05', 0, true, '{}', "
      "now()), ('" +
      kOtherPerson + "', 'PILOT-2017', '" + kOtherApp +
      "', '0261011', '02', 1, 2, 50, 1, 1, true, '2017-05-06', 0, false, "
      "'{position}', now())");
  schema_.Query("INSERT INTO completion_fact VALUES ('" + std::string(kPerson) +
                "', 'PILOT-2017', '2017-10-02 12:00+02', 900, 900, 100)");
  schema_.Query(
      "INSERT INTO case_fact (case_id, edition, application_id, teryt, "
      "voivodeship, jst_kind, stage, stage_version, opened_at, "
      "plan_adopted_on) VALUES ('" +
      std::string(kCase) + "', 'PILOT-2017', '" + kApp +
      "', '1465011', '14', 1, 4, 9, '2017-04-10 09:00+02', '2017-09-01')");

  // The new service: its migrations, then its start-up task.
  ASSERT_TRUE(
      pg::ApplyMigrations(schema_.pool(), "reporting", Migrations()).ok());
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM measure_record"), "0");
  ASSERT_TRUE(RebuildCounts(schema_.pool()).ok());
  ExpectCountsAreARecount();
  EXPECT_EQ(Cell("JST_SUPPORTED", "2017-04-01"), 1);
  EXPECT_EQ(Cell("OFFICIALS_TRAINED", "2017-10-01"), 1);
  EXPECT_EQ(Cell("PLANS_ADOPTED", "2017-09-01"), 1);
  EXPECT_EQ(Cell("STAGE_COMPLETED", "2017-04-01"), 1);
  const std::string records =
      schema_.Query("SELECT count(*) FROM measure_record");
  // JST 14: supported, below both minimums, its counted and trained
  // official, its case completed with a plan; JST 02: supported, below both
  // minimums, its official with an incomplete record.
  EXPECT_EQ(records, "11");
  // Again (every start, or a second replica): nothing changes.
  ASSERT_TRUE(RebuildCounts(schema_.pool()).ok());
  ExpectCountsAreARecount();
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM measure_record"), records);
  EXPECT_EQ(Cell("JST_SUPPORTED", "2017-04-01"), 1);

  // A count that drifted from the facts is a difference Reconcile lists.
  schema_.Query(
      "UPDATE measure_month SET records = 2 WHERE measure = 'JST_SUPPORTED' "
      "AND voivodeship = '14'");
  FiguresStore store(schema_.pool());
  auto projected = store.ReadProjected("PILOT-2017");
  ASSERT_TRUE(projected.ok());
  const auto drift = ReconcileCounts(ComputeMeasures(projected->facts),
                                     projected->maintained_records,
                                     projected->maintained_cells);
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_EQ(drift[0].kind(), "COUNT_DIFFERS");
  EXPECT_EQ(drift[0].record_id(), "14/2017-04");
  EXPECT_EQ(drift[0].projected(), "2");
  EXPECT_EQ(drift[0].source(), "1");
}

TEST_F(ProjectionTest, FiguresFromTheCountsAreTheFiguresFromTheFacts) {
  ASSERT_TRUE(Apply(Person(true, "2017-03-02"), "2017-03-05T10:00:00Z",
                    ApplyRecruitmentEvent)
                  .ok());
  ev::ParticipantEnrolled other;
  *other.mutable_participant() = Person(true, "2017-04-20").participant();
  other.mutable_participant()->set_participant_id(kOtherPerson);
  ASSERT_TRUE(Apply(other, "2017-04-20T10:00:00Z", ApplyRecruitmentEvent).ok());
  const ev::JstQualified qualified =
      Qualified(kApp, "1465011", "2017-03-31T22:30:00Z");
  ASSERT_TRUE(
      Apply(qualified, "2017-03-31T22:30:00Z", ApplyRecruitmentEvent).ok());
  ev::CaseOpened opened;
  *opened.mutable_case_() = Ref(1);
  TimeUtil::FromString("2017-04-12T08:00:00Z", opened.mutable_opened_at());
  ASSERT_TRUE(Apply(opened, "2017-04-12T08:00:00Z", ApplyAdvisoryEvent).ok());
  ev::PlanAdopted plan;
  *plan.mutable_case_() = Ref(2);
  plan.set_adopted_on("2017-06-15");
  ASSERT_TRUE(Apply(plan, "2017-06-15T10:00:00Z", ApplyAdvisoryEvent).ok());

  FiguresStore store(schema_.pool());
  grpcutil::Caller admin;
  admin.role = auth::v1::ADMIN;
  // Each indicator as ListIndicators builds it, with the display range.
  auto figures = [&](bool from_counts, const std::string& voivodeship,
                     const std::string& period,
                     const std::vector<Dimension>& dimensions) {
    std::vector<errors::FieldProblem> problems;
    QueryInput input = ReadQueryInput(problems, "PILOT-2017", voivodeship, "",
                                      0, 0, 0, period);
    auto counted =
        from_counts ? ScopedFigures(store, admin, input, problems, dimensions)
                    : ScopedCount(store, admin, input, problems);
    EXPECT_TRUE(counted.ok()) << counted.status();
    EXPECT_EQ(counted->from_counts, from_counts);
    const Period range =
        DisplayRange(*counted, input, absl::CivilDay(2017, 12, 31));
    Filter filter = input.filter;
    if (!input.period_given) filter.period = range;
    filter = MatchingFilter(*counted, input, filter);
    std::vector<std::string> out{FormatPeriod(range)};
    for (const Definition& definition : counted->definitions) {
      auto indicator =
          BuildIndicator(definition, counted->measures, filter, dimensions);
      EXPECT_TRUE(indicator.ok());
      out.push_back(indicator->ShortDebugString());
    }
    return out;
  };
  const std::vector<
      std::tuple<std::string, std::string, std::vector<Dimension>>>
      queries = {
          {"", "", {}},
          {"14", "", {}},
          {"02", "", {}},
          {"", "", {Dimension::kVoivodeship, Dimension::kMonth}},
          {"", "", {Dimension::kQuarter}},
          {"", "2017-04-01/P1M", {}},
          {"", "2017-04-01/2017-06-30", {Dimension::kMonth}},
          {"14", "2017-01-01/P1Y", {Dimension::kYear}},
      };
  for (const auto& [voivodeship, period, dimensions] : queries) {
    SCOPED_TRACE(voivodeship + " " + period);
    EXPECT_EQ(figures(true, voivodeship, period, dimensions),
              figures(false, voivodeship, period, dimensions));
  }
  // What the counts cannot answer exactly is counted from the facts.
  std::vector<errors::FieldProblem> problems;
  QueryInput days = ReadQueryInput(problems, "PILOT-2017", "", "", 0, 0, 0,
                                   "2017-04-05/2017-04-30");
  EXPECT_FALSE(CountsAnswer(days, {}));
  QueryInput women = ReadQueryInput(problems, "PILOT-2017", "", "", 0,
                                    recruitment::v1::FEMALE, 0, "");
  EXPECT_FALSE(CountsAnswer(women, {}));
  QueryInput all = ReadQueryInput(problems, "PILOT-2017", "", "", 0, 0, 0, "");
  EXPECT_FALSE(CountsAnswer(all, {Dimension::kJstKind}));
  EXPECT_TRUE(CountsAnswer(all, {Dimension::kVoivodeship}));
}

TEST_F(ProjectionTest, TwoTransactionsTouchingOneJstRecountOneAfterTheOther) {
  // A qualified JST with three active officials: at the minimum.
  ASSERT_TRUE(Apply(Qualified(kApp, "1465011", "2017-03-31T22:30:00Z"),
                    "2017-03-31T22:30:00Z", ApplyRecruitmentEvent)
                  .ok());
  auto official = [&](int n, recruitment::v1::ParticipantStatus status) {
    ev::ParticipantUpdated event = Person(true, "2017-04-03");
    event.mutable_participant()->set_participant_id(
        "00000000-0000-4000-8000-0000000001b" + std::to_string(n));
    event.mutable_participant()->set_status(status);
    return event;
  };
  for (int n = 1; n <= 3; ++n) {
    ASSERT_TRUE(Apply(official(n, recruitment::v1::PARTICIPANT_ACTIVE),
                      "2017-04-03T10:00:00Z", ApplyRecruitmentEvent)
                    .ok());
  }
  EXPECT_EQ(Cell("JST_BELOW_MINIMUM", "2017-04-01"), 0);
  // Two officials withdraw at once, in two transactions: the second waits
  // for the JST until the first commits, then recounts with both.
  auto lease = schema_.pool().Acquire();
  ASSERT_TRUE(lease.ok());
  pqxx::work first(**lease);
  PendingRecounts first_recounts;
  ASSERT_TRUE(ApplyRecruitmentEvent(
                  first,
                  Envelope(official(1, recruitment::v1::PARTICIPANT_WITHDRAWN),
                           "2017-05-01T10:00:00Z"),
                  first_recounts)
                  .ok());
  first_recounts.Finish(first, CountsStore());
  absl::Status second_applied;
  std::thread second([&] {
    second_applied = Apply(official(2, recruitment::v1::PARTICIPANT_WITHDRAWN),
                           "2017-05-01T10:00:01Z", ApplyRecruitmentEvent);
  });
  for (int i = 0; i < 100; ++i) {  // until the second waits on a lock
    if (schema_.Query("SELECT count(*) FROM pg_stat_activity WHERE "
                      "wait_event_type = 'Lock' AND datname = "
                      "current_database()") != "0") {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  first.commit();
  second.join();
  EXPECT_TRUE(second_applied.ok()) << second_applied;
  ExpectCountsAreARecount();
  EXPECT_EQ(Cell("JST_BELOW_MINIMUM", "2017-04-01"), 1);
}

TEST_F(ProjectionTest, AnUnreadablePayloadIsAFailedDelivery) {
  events::EventEnvelope envelope;
  envelope.set_event_id("x");
  envelope.set_event_type("jstedu.events.v1.JstQualified");
  ev::CaseOpened wrong;
  envelope.mutable_payload()->PackFrom(wrong);
  absl::Status status = Deliver(envelope, ApplyRecruitmentEvent);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM jst_fact"), "0");
}

TEST_F(ProjectionTest, ABatchRecountsEachApplicationItTouchedOnceAtItsEnd) {
  // One consumer transaction: the JST qualified, two officials enrolled,
  // one of them then moved to another JST, and an event reporting ignores.
  ev::ParticipantEnrolled first;
  *first.mutable_participant() = Person(true, "2017-03-02").participant();
  ev::ParticipantEnrolled second = first;
  second.mutable_participant()->set_participant_id(kOtherPerson);
  ev::ParticipantUpdated moved;
  *moved.mutable_participant() = second.participant();
  moved.mutable_participant()->set_application_id(kOtherApp);
  moved.mutable_participant()->set_teryt("1465021");
  const std::vector<events::EventEnvelope> batch = {
      Envelope(Qualified(kApp, "1465011", "2017-03-31T22:30:00Z"),
               "2017-03-31T22:30:00Z"),
      Envelope(first, "2017-04-01T10:00:00Z"),
      Envelope(second, "2017-04-01T10:00:01Z"),
      Envelope(moved, "2017-04-02T10:00:00Z"),
      Envelope(ev::AttendanceRecorded(), "2017-04-02T10:00:01Z")};

  PendingRecounts recounts;
  recounts.Add("PILOT-2017", "left over from a failed transaction");
  recounts.Clear();
  ASSERT_TRUE(
      pg::RunInTransaction(
          schema_.pool(),
          [&](pqxx::transaction_base& tx) -> absl::Status {
            for (const events::EventEnvelope& envelope : batch) {
              absl::Status applied =
                  ApplyRecruitmentEvent(tx, envelope, recounts);
              if (!applied.ok()) return applied;
            }
            // Each application once, the one left as well; nothing
            // counted yet.
            EXPECT_THAT(recounts.pending().at("PILOT-2017"),
                        ElementsAre(kApp, kOtherApp));
            EXPECT_EQ(recounts.pending().size(), 1u);
            EXPECT_EQ(
                tx.exec1("SELECT count(*) FROM measure_month")[0].as<int>(), 0);
            recounts.Finish(tx, CountsStore());
            EXPECT_THAT(recounts.pending(), IsEmpty());
            return absl::OkStatus();
          })
          .ok());
  ExpectCountsAreARecount();
  EXPECT_EQ(Cell("JST_SUPPORTED", "2017-04-01"), 1);
  EXPECT_EQ(Cell("OFFICIALS_SUPPORTED", "2017-03-01"), 1);  // the one left
}

TEST_F(ProjectionTest, AnEditionChangeInABatchRecountsTheEditionOnceAtItsEnd) {
  ASSERT_TRUE(Apply(Qualified(kApp, "1465011", "2017-03-31T22:30:00Z"),
                    "2017-03-31T22:30:00Z", ApplyRecruitmentEvent)
                  .ok());
  const ev::EditionChanged edition = Edition(1);
  ev::ParticipantEnrolled enrolled;
  *enrolled.mutable_participant() = Person(true, "2017-03-02").participant();

  PendingRecounts recounts;
  ASSERT_TRUE(pg::RunInTransaction(
                  schema_.pool(),
                  [&](pqxx::transaction_base& tx) -> absl::Status {
                    for (const events::EventEnvelope& envelope :
                         {Envelope(enrolled, "2017-04-01T10:00:00Z"),
                          Envelope(edition, "2017-04-01T10:00:01Z")}) {
                      absl::Status applied =
                          ApplyRecruitmentEvent(tx, envelope, recounts);
                      if (!applied.ok()) return applied;
                    }
                    // The whole edition, once; its application's own recount is
                    // part of it.
                    EXPECT_THAT(recounts.whole_editions(),
                                ElementsAre("PILOT-2017"));
                    recounts.Finish(tx, CountsStore());
                    EXPECT_THAT(recounts.whole_editions(), IsEmpty());
                    EXPECT_THAT(recounts.pending(), IsEmpty());
                    return absl::OkStatus();
                  })
                  .ok());
  ExpectCountsAreARecount();
  EXPECT_EQ(Cell("OFFICIALS_SUPPORTED", "2017-03-01"), 1);
  EXPECT_EQ(Cell("JST_BELOW_MINIMUM", "2017-04-01"), 0);  // 1 of 1
}

}  // namespace
}  // namespace jstedu::reporting
