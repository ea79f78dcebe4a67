// E-learning through the gRPC service against a real PostgreSQL: courses,
// the completion import all or nothing (unknown courses and participants
// named by line and column), the earliest day kept, an import repeated
// changing nothing, the events, the training record and the scopes of the
// completions list.
#include "services/training/store/training_pgtest.h"

namespace jstedu::training::pgtest {
namespace {

namespace ev = ::jstedu::events::v1;
using auth::v1::ADMIN;
using auth::v1::COORDINATOR;
using auth::v1::EXPERT;
using auth::v1::JST;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class ELearningTest : public TrainingServiceTest {
 protected:
  void Course(const std::string& code, int hours = 4) {
    v1::PutELearningCourseRequest request;
    request.set_edition("PILOT");
    request.set_code(code);
    request.mutable_course()->set_title("Kurs " + code);
    request.mutable_course()->set_hours(hours);
    v1::ELearningCourse course;
    const grpc::Status status =
        As(ADMIN, "office", &v1::TrainingService::Stub::PutELearningCourse,
           request, &course);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status Import(const std::string& csv,
                      v1::ImportELearningCompletionsResponse* counts) {
    v1::ImportELearningCompletionsRequest request;
    request.set_edition("PILOT");
    request.set_csv(csv);
    return As(ADMIN, "office",
              &v1::TrainingService::Stub::ImportELearningCompletions, request,
              counts);
  }

  // "participant course day" of the completions `role` sees.
  std::vector<std::string> Completions(auth::v1::Role role,
                                       const std::string& subject) {
    v1::ListELearningCompletionsRequest request;
    request.set_edition("PILOT");
    v1::ListELearningCompletionsResponse response;
    const grpc::Status status =
        As(role, subject, &v1::TrainingService::Stub::ListELearningCompletions,
           request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> out;
    for (const auto& c : response.completions()) {
      out.push_back(absl::StrCat(c.participant(), " ", c.course(), " ",
                                 c.completed_on()));
    }
    return out;
  }
};

TEST_F(ELearningTest, AnImportIsAllOrNothingAndKeepsTheEarliestDay) {
  const auto own = Enrol("2476011", 1, 2);
  const auto foreign = Enrol("0201011", 1, 1);
  Course("DIAG-1", 6);
  Course("FIN-2");
  const std::string stranger = "6f1c2a4e-0b7d-4c1e-9a35-2d8f0e6b7c91";

  // An unknown participant and an unknown course: nothing written.
  v1::ImportELearningCompletionsResponse counts;
  grpc::Status refused = Import(
      absl::StrCat("participant_id;course_code;completed_on;score\n", own[0],
                   ";DIAG-1;2017-03-02;90\n", stranger, ";DIAG-1;2017-03-02;\n",
                   own[1], ";NOPE;2017-03-02;\n"),
      &counts);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(refused), ElementsAre("line 3, column participant_id",
                                              "line 4, column course_code"));
  // A bad file is named line by line too.
  refused = Import("participant_id;course_code;completed_on\nx;DIAG-1;2017\n",
                   &counts);
  EXPECT_THAT(BadFields(refused), ElementsAre("line 2, column participant_id",
                                              "line 2, column completed_on"));
  // A day before the edition began (once training knows its period).
  db_.Query(
      "INSERT INTO edition_period (edition, starts_on, ends_on, update_time) "
      "VALUES ('PILOT', '2017-01-01', '2018-12-31', now()) RETURNING 1");
  refused = Import(absl::StrCat("completed_on;participant_id;course_code\n",
                                "2016-12-31;", own[0], ";DIAG-1\n"),
                   &counts);
  EXPECT_THAT(BadFields(refused), ElementsAre("line 2, column completed_on"));
  EXPECT_EQ(Count("SELECT count(*) FROM elearning_completion"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM elearning_import"), 0);
  EXPECT_EQ(Events("ELearningCompleted"), 0);

  const std::string file =
      absl::StrCat("participant_id;course_code;completed_on;score\n", own[0],
                   ";DIAG-1;2017-03-02;90\n", own[1], ";DIAG-1;2017-03-05;\n",
                   foreign[0], ";FIN-2;2017-03-06;70\n");
  ASSERT_TRUE(Import(file, &counts).ok());
  EXPECT_EQ(counts.rows(), 3);
  EXPECT_EQ(counts.added(), 3);
  EXPECT_EQ(counts.unchanged(), 0);
  // The same file again changes nothing and announces nothing.
  ASSERT_TRUE(Import(file, &counts).ok());
  EXPECT_EQ(counts.added(), 0);
  EXPECT_EQ(counts.earlier(), 0);
  EXPECT_EQ(counts.unchanged(), 3);
  EXPECT_EQ(Events("ELearningCompleted"), 3);
  // A later day changes nothing; an earlier one is kept and announced.
  ASSERT_TRUE(Import(absl::StrCat("course_code,participant_id,completed_on\n",
                                  "DIAG-1,", own[0], ",2017-03-09\n", "DIAG-1,",
                                  own[1], ",2017-03-01\n"),
                     &counts)
                  .ok());
  EXPECT_EQ(counts.earlier(), 1);
  EXPECT_EQ(counts.unchanged(), 1);

  const auto events = Published<ev::ELearningCompleted>();
  ASSERT_EQ(events.size(), 4u);
  const ev::ELearningCompleted& last = events.back().event;
  EXPECT_EQ(last.participant_id(), own[1]);
  EXPECT_EQ(last.completed_on(), "2017-03-01");
  EXPECT_EQ(last.course_code(), "DIAG-1");
  EXPECT_EQ(last.course_hours(), 6);
  EXPECT_EQ(last.teryt(), "2476011");
  EXPECT_EQ(last.voivodeship(), "24");
  EXPECT_EQ(last.edition(), "PILOT");
  EXPECT_FALSE(last.application_id().empty());
  EXPECT_EQ(events.back().aggregate_id, own[1]);

  // The training record shows them.
  v1::GetParticipantTrainingRequest get;
  get.set_participant(own[0]);
  v1::ParticipantTraining record;
  ASSERT_TRUE(As(JST, "gmina",
                 &v1::TrainingService::Stub::GetParticipantTraining, get,
                 &record)
                  .ok());
  ASSERT_EQ(record.elearning_size(), 1);
  EXPECT_EQ(record.elearning(0).course_title(), "Kurs DIAG-1");
  EXPECT_EQ(record.elearning(0).completed_on(), "2017-03-02");
  EXPECT_EQ(record.elearning(0).score(), 90);

  // Scopes: a coordinator its voivodeship's, a JST its own, an expert the
  // JSTs whose guardian it is (none yet), the office all.
  EXPECT_EQ(Completions(ADMIN, "office").size(), 3u);
  EXPECT_THAT(Completions(COORDINATOR, "koord"),
              UnorderedElementsAre(own[0] + " DIAG-1 2017-03-02",
                                   own[1] + " DIAG-1 2017-03-01"));
  EXPECT_THAT(Completions(JST, "gmina"),
              UnorderedElementsAre(own[0] + " DIAG-1 2017-03-02",
                                   own[1] + " DIAG-1 2017-03-01"));
  EXPECT_THAT(Completions(EXPERT, "ekspert"), ::testing::IsEmpty());
  db_.Query(
      "INSERT INTO case_guardian (case_id, edition, teryt, guardian_subject, "
      "case_version, closed) VALUES (gen_random_uuid(), 'PILOT', '0201011', "
      "'ekspert', 1, false) RETURNING 1");
  EXPECT_THAT(Completions(EXPERT, "ekspert"),
              ElementsAre(foreign[0] + " FIN-2 2017-03-06"));

  // Courses count their completions.
  v1::ListELearningCoursesRequest list;
  list.set_edition("PILOT");
  v1::ListELearningCoursesResponse courses;
  ASSERT_TRUE(As(auth::v1::TRAINER, "trener",
                 &v1::TrainingService::Stub::ListELearningCourses, list,
                 &courses)
                  .ok());
  ASSERT_EQ(courses.courses_size(), 2);
  EXPECT_EQ(courses.courses(0).code(), "DIAG-1");
  EXPECT_EQ(courses.courses(0).completions(), 2);

  // An earlier day without a score keeps the known score; each import
  // keeps its counts.
  ASSERT_TRUE(Import(absl::StrCat("participant_id;course_code;completed_on\n",
                                  own[0], ";DIAG-1;2017-03-01\n"),
                     &counts)
                  .ok());
  EXPECT_EQ(counts.earlier(), 1);
  ASSERT_TRUE(As(JST, "gmina",
                 &v1::TrainingService::Stub::GetParticipantTraining, get,
                 &record)
                  .ok());
  EXPECT_EQ(record.elearning(0).completed_on(), "2017-03-01");
  EXPECT_EQ(record.elearning(0).score(), 90);
  EXPECT_EQ(db_.Query("SELECT string_agg(added || '/' || earlier, ' ' ORDER "
                      "BY added DESC, earlier) FROM elearning_import"),
            "3/0 0/0 0/1 0/1");
  // The ministry's bulk source carries no course or score.
  v1::ListParticipantTrainingRequest bulk;
  bulk.set_edition("PILOT");
  v1::ListParticipantTrainingResponse listed;
  ASSERT_TRUE(List(bulk, &listed, auth::v1::MINISTRY).ok());
  ASSERT_GT(listed.participants_size(), 0);
  for (const auto& one : listed.participants()) {
    EXPECT_EQ(one.elearning_size(), 0);
  }
}

}  // namespace
}  // namespace jstedu::training::pgtest
