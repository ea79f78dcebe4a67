// EvaluationStore against a real PostgreSQL: averages by area and group.

#include "services/training/store/training_pgtest.h"

namespace jstedu::training::pgtest {
namespace {

TEST_F(TrainingStoreTest, EvaluationsAverageByAreaAndGroup) {
  Settings();
  const v1::Module m = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  const auto a = Enrol("2476011", 2, 2);
  const auto b = Enrol("0201011", 1, 1);
  auto rate = [&](const std::string& id, int diagnosis, int finance) {
    v1::Evaluation e;
    auto* r1 = e.add_ratings();
    r1->set_area(v1::DIAGNOSIS_AND_INDICATORS);
    r1->set_score(diagnosis);
    auto* r2 = e.add_ratings();
    r2->set_area(v1::FINANCING_EDUCATION);
    r2->set_score(finance);
    e.set_comment("Dobre zajęcia");
    return stores_.evaluations.SubmitEvaluation(m.id(), id, PlaceScope{}, e,
                                                At("2017-04-07T14:00"));
  };
  // Before the module starts: refused.
  EXPECT_EQ(stores_.evaluations
                .SubmitEvaluation(m.id(), a[0], PlaceScope{}, v1::Evaluation(),
                                  At("2017-04-01T10:00"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(rate(a[0], 5, 3).ok());
  ASSERT_TRUE(rate(a[0], 4, 3).ok());  // replaces
  ASSERT_TRUE(rate(a[1], 5, 4).ok());
  ASSERT_TRUE(rate(b[0], 3, 2).ok());
  auto summary = stores_.evaluations.EvaluationSummary(m.id(), "");
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->evaluations(), 3);
  ASSERT_GE(summary->averages_size(), 2);
  EXPECT_EQ(summary->averages(0).workshop_group(), 0);
  EXPECT_EQ(summary->averages(0).area(), v1::DIAGNOSIS_AND_INDICATORS);
  EXPECT_EQ(summary->averages(0).average(), "4.00");  // (4 + 5 + 3) / 3
  EXPECT_EQ(summary->averages(1).average(), "3.00");  // (3 + 4 + 2) / 3
  // Per group: group 2 diagnosis (4 + 5) / 2.
  bool found = false;
  for (const auto& avg : summary->averages()) {
    if (avg.workshop_group() == 2 &&
        avg.area() == v1::DIAGNOSIS_AND_INDICATORS) {
      EXPECT_EQ(avg.average(), "4.50");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  // A coordinator of voivodeship 02 sees only its participant's evaluation.
  EXPECT_EQ(stores_.evaluations.EvaluationSummary(m.id(), "02")->evaluations(),
            1);
}

// Minutes per participant that the AttendanceRecorded events imply: the
// newest event per (session, participant), newest by the envelope's
// occurred_at (the outbox row's creation time).

}  // namespace
}  // namespace jstedu::training::pgtest
