// Expert tables through the gRPC service against a real PostgreSQL: slots
// within the module and never two places at once for the expert, bookings
// within capacity, once per official and slot, never two places at once
// for the official, cancellation before the slot, the scopes of each role,
// and capacity and double booking under concurrent calls.
#include "services/training/store/training_pgtest.h"

namespace jstedu::training::pgtest {
namespace {

using auth::v1::ADMIN;
using auth::v1::COORDINATOR;
using auth::v1::EXPERT;
using auth::v1::JST;
using auth::v1::Role;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class TableTest : public TrainingServiceTest {
 protected:
  void SetUp() override {
    TrainingServiceTest::SetUp();
    Settings();
    module_ = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
    now_ = At("2017-04-01T12:00");
  }

  v1::ExpertTable Table(const std::string& expert,
                        v1::TableTopic topic = v1::LEGAL_QUESTIONS) {
    v1::CreateExpertTableRequest request;
    request.set_module(module_.id());
    request.mutable_table()->set_topic(topic);
    request.mutable_table()->set_title("Zagadnienia prawne");
    request.mutable_table()->set_expert(expert);
    request.mutable_table()->set_room("Sala C");
    v1::ExpertTable made;
    last_ = As(ADMIN, "office", &v1::TrainingService::Stub::CreateExpertTable,
               request, &made);
    return made;
  }

  v1::TableSlot Slot(const std::string& table, const std::string& starts,
                     int minutes = 30, int capacity = 1, Role role = ADMIN,
                     const std::string& subject = "office") {
    v1::CreateTableSlotRequest request;
    request.set_table(table);
    request.mutable_slot()->set_starts_local(starts);
    request.mutable_slot()->set_duration_minutes(minutes);
    request.mutable_slot()->set_capacity(capacity);
    v1::TableSlot made;
    last_ = As(role, subject, &v1::TrainingService::Stub::CreateTableSlot,
               request, &made);
    return made;
  }

  grpc::Status Book(const std::string& slot, const std::string& participant,
                    v1::TableBooking* booking = nullptr, Role role = ADMIN,
                    const std::string& subject = "office") {
    v1::BookTableSlotRequest request;
    request.set_slot(slot);
    request.set_participant(participant);
    v1::TableBooking made;
    return As(role, subject, &v1::TrainingService::Stub::BookTableSlot, request,
              booking == nullptr ? &made : booking);
  }

  grpc::Status Cancel(const std::string& booking, Role role = ADMIN,
                      const std::string& subject = "office",
                      const std::string& jst = "2476011") {
    v1::CancelTableBookingRequest request;
    request.set_booking(booking);
    v1::TableBooking cancelled;
    return As(role, subject, &v1::TrainingService::Stub::CancelTableBooking,
              request, &cancelled, jst);
  }

  // The participants of the table's bookings in force as `role` sees them.
  std::vector<std::string> Booked(const std::string& table, Role role,
                                  const std::string& subject,
                                  grpc::Status* status = nullptr) {
    v1::ListTableBookingsRequest request;
    request.set_table(table);
    v1::ListTableBookingsResponse response;
    const grpc::Status s =
        As(role, subject, &v1::TrainingService::Stub::ListTableBookings,
           request, &response);
    if (status != nullptr) *status = s;
    std::vector<std::string> ids;
    for (const auto& b : response.bookings()) ids.push_back(b.participant());
    return ids;
  }

  v1::Module module_;
  grpc::Status last_;
};

TEST_F(TableTest, SlotsLieInTheModuleAndTheirExpertIsNowhereElseThen) {
  const v1::ExpertTable law = Table("ekspert-prawo");
  ASSERT_TRUE(last_.ok()) << last_.error_message();
  EXPECT_EQ(law.module(), module_.id());
  const v1::ExpertTable money =
      Table("ekspert-prawo", v1::EDUCATION_FINANCE);  // the same expert
  ASSERT_TRUE(last_.ok());

  // Every bad field at once.
  v1::CreateExpertTableRequest bad;
  bad.set_module(module_.id());
  bad.mutable_table()->set_expert("spacja w środku");
  v1::ExpertTable none;
  const grpc::Status refused =
      As(ADMIN, "office", &v1::TrainingService::Stub::CreateExpertTable, bad,
         &none);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      BadFields(refused),
      UnorderedElementsAre("table.topic", "table.title", "table.expert"));

  const v1::TableSlot first = Slot(law.id(), "2017-04-05T15:00", 30, 2);
  ASSERT_TRUE(last_.ok()) << last_.error_message();
  EXPECT_EQ(first.starts_local(), "2017-04-05T15:00:00+02:00");
  EXPECT_EQ(first.ends_local(), "2017-04-05T15:30:00+02:00");
  EXPECT_EQ(first.free_places(), 2);
  // Outside the module; the expert's other table at the same time.
  Slot(law.id(), "2017-04-05T10:45");
  EXPECT_THAT(RulesOf(last_), MatchesRegex("SLOT_OUTSIDE_MODULE table-slots/"
                                           "[-0-9a-f]{36}; "));
  Slot(money.id(), "2017-04-05T15:15");
  EXPECT_THAT(RulesOf(last_), HasSubstr(",table-slots/" + first.id() + "; "));
  EXPECT_THAT(RulesOf(last_), HasSubstr("EXPERT_BUSY"));
  // Back to back is no clash.
  Slot(money.id(), "2017-04-05T15:30");
  EXPECT_TRUE(last_.ok()) << last_.error_message();
  // A session the expert trains, either way round.
  ASSERT_TRUE(
      Session(module_.id(), "2017-04-06T11:00", 1, "A", "ekspert-prawo").ok());
  Slot(law.id(), "2017-04-06T12:00");
  EXPECT_THAT(RulesOf(last_), HasSubstr("EXPERT_BUSY table-slots/"));
  EXPECT_THAT(RulesOf(last_), HasSubstr(",sessions/"));
  const auto clash =
      Session(module_.id(), "2017-04-05T14:00", 2, "B", "ekspert-prawo");
  EXPECT_EQ(clash.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Violations(clash.status()),
              HasSubstr(",table-slots/" + first.id() + "; "));

  // The table's expert opens slots; another expert may not.
  Slot(law.id(), "2017-04-07T12:00", 20, 1, EXPERT, "ekspert-inny");
  EXPECT_EQ(last_.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  Slot(law.id(), "2017-04-07T12:00", 20, 1, EXPERT, "ekspert-prawo");
  EXPECT_TRUE(last_.ok()) << last_.error_message();
  EXPECT_EQ(Count("SELECT count(*) FROM table_slot"), 3);

  // The module keeps its days while it has slots (they and their bookings
  // are at fixed times).
  const auto moved = stores_.plan.MoveModule(
      module_.id(), absl::CivilDay(2017, 4, 12), AmbiguousTime::kRefuse, "");
  EXPECT_EQ(moved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Violations(moved.status()),
              HasSubstr("MODULE_HAS_TABLE_SLOTS table-slots/" + first.id()));

  // Every role that books sees the tables with their slots.
  v1::ListExpertTablesRequest list;
  list.set_module(module_.id());
  v1::ListExpertTablesResponse tables;
  ASSERT_TRUE(As(JST, "gmina", &v1::TrainingService::Stub::ListExpertTables,
                 list, &tables)
                  .ok());
  ASSERT_EQ(tables.tables_size(), 2);
  EXPECT_EQ(tables.tables(0).id(), law.id());
  ASSERT_EQ(tables.tables(0).slots_size(), 2);
  EXPECT_EQ(tables.tables(0).slots(0).id(), first.id());
  EXPECT_EQ(tables.tables(1).slots_size(), 1);
}

TEST_F(TableTest, BookingsKeepToCapacityOncePerOfficialAndNeverTwoPlaces) {
  const auto team = Enrol("2476011", 1, 3);
  const auto other_group = Enrol("2410052", 2, 1);
  const v1::ExpertTable law = Table("ekspert-prawo");
  const v1::ExpertTable money = Table("ekspert-finanse", v1::EDUCATION_FINANCE);
  const v1::TableSlot slot = Slot(law.id(), "2017-04-05T15:00", 30, 2);
  const v1::TableSlot same_time = Slot(money.id(), "2017-04-05T15:15", 30, 5);

  v1::TableBooking booking;
  ASSERT_TRUE(Book(slot.id(), team[0], &booking).ok());
  EXPECT_EQ(booking.teryt(), "2476011");
  EXPECT_EQ(booking.starts_local(), "2017-04-05T15:00:00+02:00");
  v1::TableBooking second;
  ASSERT_TRUE(Book(slot.id(), team[1], &second, JST, "gmina").ok());
  EXPECT_EQ(RulesOf(Book(slot.id(), team[2])),
            "SLOT_FULL table-slots/" + slot.id() + "; ");
  EXPECT_EQ(RulesOf(Book(slot.id(), team[0])),
            "ALREADY_BOOKED table-slots/" + slot.id() + "; ");
  EXPECT_EQ(RulesOf(Book(same_time.id(), team[0])),
            "PARTICIPANT_BUSY participants/" + team[0] + ",table-bookings/" +
                booking.id() + "; ");
  // Group 2's session at the slot's time keeps its official away; group
  // 1's officials are free then.
  const auto session =
      Session(module_.id(), "2017-04-05T15:00", 2, "B", "trener-2");
  ASSERT_TRUE(session.ok()) << session.status();
  EXPECT_EQ(RulesOf(Book(same_time.id(), other_group[0])),
            "PARTICIPANT_BUSY participants/" + other_group[0] + ",sessions/" +
                session->id() + "; ");
  EXPECT_TRUE(Book(same_time.id(), team[2]).ok());

  // A JST books its own only; a coordinator its voivodeship's.
  EXPECT_EQ(
      Book(same_time.id(), other_group[0], nullptr, JST, "gmina").error_code(),
      grpc::StatusCode::NOT_FOUND);
  const auto foreign = Enrol("0201011", 1, 1);
  EXPECT_EQ(Book(same_time.id(), foreign[0], nullptr, COORDINATOR, "koord")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Lists: the office and the table's expert all, a JST its own, another
  // expert nothing.
  EXPECT_THAT(Booked(law.id(), ADMIN, "office"),
              UnorderedElementsAre(team[0], team[1]));
  EXPECT_THAT(Booked(law.id(), EXPERT, "ekspert-prawo"),
              UnorderedElementsAre(team[0], team[1]));
  grpc::Status denied;
  Booked(law.id(), EXPERT, "ekspert-finanse", &denied);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(Booked(money.id(), COORDINATOR, "koord"), ElementsAre(team[2]));

  // A cancellation frees the place, once, before the slot only.
  EXPECT_EQ(Cancel(second.id(), JST, "gmina-obca", "0201011").error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Cancel(second.id(), JST, "gmina").ok());
  EXPECT_EQ(RulesOf(Cancel(second.id())),
            "BOOKING_CANCELLED table-bookings/" + second.id() + "; ");
  EXPECT_TRUE(Book(slot.id(), team[1]).ok());
  now_ = At("2017-04-05T15:00");
  EXPECT_EQ(RulesOf(Cancel(booking.id())),
            "SLOT_STARTED table-bookings/" + booking.id() + "; ");
  now_ = At("2017-04-05T15:20");
  EXPECT_THAT(RulesOf(Book(same_time.id(), team[1])),
              HasSubstr("SLOT_STARTED table-slots/" + same_time.id()));
  EXPECT_EQ(Count("SELECT count(*) FROM table_booking WHERE cancelled_at IS "
                  "NULL"),
            3);
}

TEST_F(TableTest, ConcurrentBookingsNeverExceedCapacityNorDoubleBook) {
  const auto team = Enrol("2476011", 1, 12);
  const v1::ExpertTable law = Table("ekspert-prawo");
  const v1::TableSlot slot = Slot(law.id(), "2017-04-05T15:00", 30, 3);
  std::atomic<int> booked{0};
  std::vector<std::thread> threads;
  for (const std::string& participant : team) {
    threads.emplace_back([&, participant] {
      if (stores_.tables.Book(slot.id(), participant, nullptr, now_, admin_)
              .ok()) {
        ++booked;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(booked.load(), 3);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM table_booking WHERE "
                               "slot_id = '",
                               slot.id(), "'")),
            3);

  // One official, six tables at one time: one booking.
  std::vector<std::string> slots;
  for (int i = 0; i < 6; ++i) {
    const v1::ExpertTable t = Table(absl::StrCat("ekspert-", i));
    slots.push_back(Slot(t.id(), "2017-04-06T15:00", 30, 5).id());
  }
  booked = 0;
  threads.clear();
  for (const std::string& s : slots) {
    threads.emplace_back([&, s] {
      if (stores_.tables.Book(s, team[11], nullptr, now_, admin_).ok()) {
        ++booked;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(booked.load(), 1);
}

TEST_F(TableTest, OneExpertsSlotsAndSessionsAtOnceLeaveOneOfThem) {
  // Six tables of one expert, a slot of each at one time, opened at once,
  // and a session the expert would train then: one of the seven stands.
  std::vector<std::string> tables;
  for (int i = 0; i < 6; ++i) tables.push_back(Table("ekspert-prawo").id());
  std::atomic<int> made{0};
  std::vector<std::thread> threads;
  for (const std::string& table : tables) {
    threads.emplace_back([&, table] {
      const SlotInput slot{At("2017-04-06T15:00"), At("2017-04-06T15:30"), 1};
      if (stores_.tables.CreateSlot(table, slot, "", now_, admin_).ok()) {
        ++made;
      }
    });
  }
  threads.emplace_back([&] {
    if (Session(module_.id(), "2017-04-06T14:30", 1, "A", "ekspert-prawo")
            .ok()) {
      ++made;
    }
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(made.load(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM table_slot") +
                Count("SELECT count(*) FROM session"),
            1);
}

TEST_F(TableTest, AnOfficialOfAWithdrawnJstIsNotBooked) {
  const auto team = Enrol("2476011", 1, 1);
  const v1::TableSlot slot =
      Slot(Table("ekspert-prawo").id(), "2017-04-05T15:00");
  db_.Query(
      "UPDATE roster_jst SET withdrawn_at = now() WHERE teryt = '2476011' "
      "RETURNING 1");
  EXPECT_EQ(RulesOf(Book(slot.id(), team[0])),
            "NOT_ROSTERED participants/" + team[0] + "; ");
  EXPECT_EQ(Count("SELECT count(*) FROM table_booking"), 0);
}

}  // namespace
}  // namespace jstedu::training::pgtest
