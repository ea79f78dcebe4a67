// LogisticsStore against a real PostgreSQL: sign-up capacity and deadline,
// the rooming and shuttle lists.

#include "services/training/store/training_pgtest.h"

namespace jstedu::training::pgtest {
namespace {

TEST_F(TrainingStoreTest, TwoHundredConcurrentSignupsFillFiftyShuttleSeats) {
  Settings();
  const v1::Module m =
      Module(1, "2017-04-05T11:00", "2017-04-07T14:30", "", /*shuttle=*/50);
  std::vector<ParticipantPlace> people;
  for (int j = 0; j < 40; ++j) {
    for (const std::string& id :
         Enrol(absl::StrCat("24", 10 + j, "011"), 2, 5)) {
      people.push_back(*stores_.attendance.LocateParticipant(id));
    }
  }
  ASSERT_EQ(people.size(), 200u);
  const absl::Time before = At("2017-03-20T10:00");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (const ParticipantPlace& p : people) {
    threads.emplace_back([&, p] {
      if (stores_.logistics
              .CreateSignup(m.id(), p.participant_id, PlaceScope{}, true, true,
                            false, before, admin_)
              .ok())
        ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
  auto list = stores_.logistics.ShuttleList(m.id());
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->confirmed(), 50);
  EXPECT_EQ(list->waitlisted(), 150);
  EXPECT_EQ(
      Count("SELECT count(*) FROM signup WHERE shuttle_seat = 'CONFIRMED'"),
      50);
  // A second sign-up of the same participant is refused.
  EXPECT_EQ(stores_.logistics
                .CreateSignup(m.id(), people[0].participant_id, PlaceScope{},
                              true, true, false, before, admin_)
                .status()
                .code(),
            absl::StatusCode::kAlreadyExists);

  // Rooming: 200 women of 40 JSTs (5 each) in 100 doubles... 40 JSTs with an
  // odd team: 80 same-JST pairs and 20 mixed.
  auto rooming = stores_.logistics.RoomingList(m.id());
  ASSERT_TRUE(rooming.ok()) << rooming.status();
  EXPECT_EQ(rooming->double_rooms(), 100);
  EXPECT_EQ(rooming->single_rooms(), 0);
  int same_jst = 0;
  for (const auto& room : rooming->rooms()) same_jst += room.same_jst();
  EXPECT_EQ(same_jst, 80);
  EXPECT_EQ(rooming->meals_size(), 10);
}

TEST_F(TrainingStoreTest,
       ASignupOneSecondBeforeTheDeadlineIsAcceptedOneAfterIsQueued) {
  Settings();
  const v1::Module m = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  const auto ids = Enrol("2476011", 2, 3);
  const absl::Time deadline = At(deadline_);  // 24 March 2017 15:00 CET
  auto in_time = stores_.logistics.CreateSignup(
      m.id(), ids[0], PlaceScope{}, false, true, false,
      deadline - absl::Seconds(1), admin_);
  ASSERT_TRUE(in_time.ok()) << in_time.status();
  EXPECT_EQ(in_time->status(), v1::SIGNUP_CONFIRMED);
  EXPECT_EQ(in_time->shuttle_seat(), v1::SEAT_CONFIRMED);
  auto late = stores_.logistics.CreateSignup(
      m.id(), ids[1], PlaceScope{}, false, true, false,
      deadline + absl::Seconds(1), admin_);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->status(), v1::SIGNUP_PENDING_APPROVAL);
  EXPECT_EQ(late->shuttle_seat(), v1::SEAT_WAITLISTED);
  // The office approves: a seat is free, so it is held.
  auto approved = stores_.logistics.DecideSignup(late->id(), true, "", admin_);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->status(), v1::SIGNUP_APPROVED);
  EXPECT_EQ(approved->shuttle_seat(), v1::SEAT_CONFIRMED);
  EXPECT_EQ(stores_.logistics.DecideSignup(late->id(), true, "", admin_)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(stores_.logistics.DecideSignup(in_time->id(), false, "x", admin_)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  // Cancelling the approval frees the seat; a new request may follow.
  auto cancelled =
      stores_.logistics.DecideSignup(late->id(), false, "rezygnacja", admin_);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->shuttle_seat(), v1::SEAT_NOT_REQUESTED);
  EXPECT_TRUE(stores_.logistics
                  .CreateSignup(m.id(), ids[1], PlaceScope{}, false, false,
                                false, deadline + absl::Seconds(2), admin_)
                  .ok());
}

}  // namespace
}  // namespace jstedu::training::pgtest
