// Reporting's projections against a real PostgreSQL: events applied in any
// order, and the same fact arriving under a new event id (which the inbox
// cannot catch), leave the same facts and figures.

#include <pqxx/pqxx>

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
#include "services/reporting/migrations.h"
#include "services/reporting/projection.h"
#include "services/reporting/store/figures_store.h"

namespace jstedu::reporting {
namespace {

namespace ev = events::v1;
using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;

constexpr char kApp[] = "00000000-0000-4000-8000-0000000000a1";
constexpr char kPerson[] = "00000000-0000-4000-8000-0000000000b1";
constexpr char kCase[] = "00000000-0000-4000-8000-0000000000c1";
constexpr char kSession[] = "00000000-0000-4000-8000-0000000000d1";

class ProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pg::ApplyMigrations(schema_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(
        pg::ApplyMigrations(schema_.pool(), "reporting", Migrations()).ok());
  }

  template <typename Event>
  absl::Status Apply(const Event& event, const std::string& occurred_at,
                     absl::Status (*handler)(pqxx::transaction_base&,
                                             const events::EventEnvelope&)) {
    events::EventEnvelope envelope;
    envelope.set_event_id(testing::RandomSuffix(12));
    envelope.set_event_type(Event::descriptor()->full_name());
    envelope.mutable_payload()->PackFrom(event);
    TimeUtil::FromString(occurred_at, envelope.mutable_occurred_at());
    return pg::RunInTransaction(
        schema_.pool(),
        [&](pqxx::transaction_base& tx) { return handler(tx, envelope); });
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
  ev::JstQualified qualified;
  qualified.set_edition("PILOT-2017");
  qualified.set_application_id(kApp);
  qualified.set_teryt("1465011");
  qualified.set_voivodeship("14");
  qualified.set_jst_kind(recruitment::v1::URBAN_COMMUNE);
  TimeUtil::FromString("2017-03-31T22:30:00Z",
                       qualified.mutable_qualified_at());
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
  ev::JstWithdrawn withdrawn;
  withdrawn.set_edition("PILOT-2017");
  withdrawn.set_application_id(kApp);
  withdrawn.set_teryt("1465011");
  withdrawn.set_voivodeship("14");
  withdrawn.set_previous_status(recruitment::v1::QUALIFIED);
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

TEST_F(ProjectionTest, AnUnreadablePayloadIsAFailedDelivery) {
  events::EventEnvelope envelope;
  envelope.set_event_id("x");
  envelope.set_event_type("jstedu.events.v1.JstQualified");
  ev::CaseOpened wrong;
  envelope.mutable_payload()->PackFrom(wrong);
  absl::Status status =
      pg::RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
        return ApplyRecruitmentEvent(tx, envelope);
      });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM jst_fact"), "0");
}

}  // namespace
}  // namespace jstedu::reporting
