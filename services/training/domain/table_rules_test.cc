#include "services/training/domain/table_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/training/domain/rules_testing.h"

namespace jstedu::training {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

absl::Time T(int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilMinute(2017, 4, 5, hour, minute),
                         absl::UTCTimeZone());
}

SlotFacts Slot(int hour, int minute = 0, int minutes = 30) {
  SlotFacts s;
  s.slot_id = "s-1";
  s.start = T(hour, minute);
  s.end = s.start + absl::Minutes(minutes);
  s.module_start = T(9);
  s.module_end = T(17);
  s.expert = "ekspert";
  return s;
}

BookingFacts Booking() {
  BookingFacts b;
  b.slot_id = "s-1";
  b.slot_start = T(15);
  b.slot_end = T(15, 30);
  b.capacity = 2;
  b.booked = 1;
  b.module_edition = "PILOT";
  b.participant_id = "p-1";
  b.rostered = true;
  b.edition = "PILOT";
  return b;
}

TEST(TableRulesTest, IntervalsOverlapOnlyWhenTheyShareAnInstant) {
  EXPECT_TRUE(Overlaps(T(10), T(11), T(10, 59), T(12)));
  EXPECT_FALSE(Overlaps(T(10), T(11), T(11), T(12)));  // back to back
  EXPECT_FALSE(Overlaps(T(11), T(12), T(10), T(11)));
  EXPECT_TRUE(Overlaps(T(10), T(12), T(10, 30), T(11)));  // within
}

TEST(TableRulesTest, ASlotLiesWithinItsModuleAndItsExpertIsNowhereElse) {
  EXPECT_TRUE(SlotRules(Slot(10)).ok());
  EXPECT_THAT(Violations(SlotRules(Slot(8, 45))),
              ElementsAre("SLOT_OUTSIDE_MODULE table-slots/s-1"));
  EXPECT_THAT(Violations(SlotRules(Slot(16, 45))),
              ElementsAre("SLOT_OUTSIDE_MODULE table-slots/s-1"));
  EXPECT_TRUE(SlotRules(Slot(16, 30)).ok());  // ends as the module ends

  SlotFacts busy = Slot(10);
  busy.expert_busy = {{"sessions/a", T(9), T(10)},              // before
                      {"table-slots/b", T(10, 15), T(10, 45)},  // clash
                      {"sessions/c", T(10, 29), T(12)},         // clash
                      {"table-slots/d", T(10, 30), T(11)}};     // after
  const absl::Status refused = SlotRules(busy);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Violations(refused),
              ElementsAre("EXPERT_BUSY table-slots/s-1,table-slots/b",
                          "EXPERT_BUSY table-slots/s-1,sessions/c"));
}

TEST(TableRulesTest, ABookingTakesAFreePlaceOfASlotToComeOnce) {
  const absl::Time before = T(14);
  EXPECT_TRUE(BookingRules(Booking(), before).ok());

  BookingFacts full = Booking();
  full.booked = 2;
  EXPECT_THAT(Violations(BookingRules(full, before)),
              ElementsAre("SLOT_FULL table-slots/s-1"));
  BookingFacts again = Booking();
  again.already_booked = true;
  again.booked = 2;  // a second booking is not "full"
  EXPECT_THAT(Violations(BookingRules(again, before)),
              ElementsAre("ALREADY_BOOKED table-slots/s-1"));
  EXPECT_THAT(Violations(BookingRules(Booking(), T(15))),
              ElementsAre("SLOT_STARTED table-slots/s-1"));
}

TEST(TableRulesTest, OnlyAnOfficialOfTheEditionWhoIsFreeThenBooks) {
  BookingFacts stranger = Booking();
  stranger.rostered = false;
  EXPECT_THAT(Violations(BookingRules(stranger, T(14))),
              ElementsAre("NOT_ROSTERED participants/p-1"));
  BookingFacts elsewhere = Booking();
  elsewhere.edition = "ROLLOUT";
  EXPECT_THAT(Violations(BookingRules(elsewhere, T(14))),
              ElementsAre("NOT_ROSTERED participants/p-1"));

  BookingFacts busy = Booking();
  busy.participant_busy = {{"sessions/g", T(15, 15), T(16, 45)},
                           {"table-bookings/x", T(14, 30), T(15)},  // before
                           {"table-bookings/y", T(15), T(15, 30)}};
  EXPECT_THAT(
      Violations(BookingRules(busy, T(14))),
      ElementsAre("PARTICIPANT_BUSY participants/p-1,sessions/g",
                  "PARTICIPANT_BUSY participants/p-1,table-bookings/y"));
}

TEST(TableRulesTest, ABookingIsCancelledOnceBeforeItsSlot) {
  EXPECT_TRUE(CancelRules("b-1", false, T(15), T(14)).ok());
  EXPECT_THAT(Violations(CancelRules("b-1", true, T(15), T(14))),
              ElementsAre("BOOKING_CANCELLED table-bookings/b-1"));
  EXPECT_THAT(Violations(CancelRules("b-1", false, T(15), T(15))),
              ElementsAre("SLOT_STARTED table-bookings/b-1"));
  // A minute before the slot is still in time.
  EXPECT_THAT(Violations(CancelRules("b-1", false, T(15), T(14, 59))),
              IsEmpty());
}

}  // namespace
}  // namespace jstedu::training
