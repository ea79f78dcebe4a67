#include "services/training/domain/table_rules.h"

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/time/civil_time.h"

namespace jstedu::training {
namespace {

std::string SlotName(const std::string& id) {
  return absl::StrCat("table-slots/", id);
}

// "at 2017-04-05T15:00:00+02:00" for a rule's description.
std::string When(absl::Time t) {
  auto local = FormatLocal(t);
  return local.ok() ? *local : absl::FormatTime(t);
}

}  // namespace

bool Overlaps(absl::Time a_start, absl::Time a_end, absl::Time b_start,
              absl::Time b_end) {
  return a_start < b_end && b_start < a_end;
}

absl::Status SlotRules(const SlotFacts& facts) {
  std::vector<errors::Rule> rules;
  if (facts.start < facts.module_start || facts.end > facts.module_end) {
    rules.push_back({"SLOT_OUTSIDE_MODULE", SlotName(facts.slot_id),
                     absl::StrCat("a slot lies within its module, from ",
                                  When(facts.module_start), " to ",
                                  When(facts.module_end))});
  }
  for (const Busy& other : facts.expert_busy) {
    if (!Overlaps(facts.start, facts.end, other.start, other.end)) continue;
    rules.push_back(
        {"EXPERT_BUSY", absl::StrCat(SlotName(facts.slot_id), ",", other.name),
         absl::StrCat("expert ", facts.expert, " is busy with ", other.name,
                      " from ", When(other.start), " to ", When(other.end))});
  }
  return rules.empty() ? absl::OkStatus() : errors::RulesNotMet(rules);
}

absl::Status BookingRules(const BookingFacts& facts, absl::Time now) {
  std::vector<errors::Rule> rules;
  const std::string who = absl::StrCat("participants/", facts.participant_id);
  if (!facts.rostered || facts.edition != facts.module_edition) {
    rules.push_back({"NOT_ROSTERED", who,
                     "only an official on a workshop group's roster of the "
                     "module's edition books a table"});
  }
  if (facts.slot_start <= now) {
    rules.push_back({"SLOT_STARTED", SlotName(facts.slot_id),
                     absl::StrCat("the slot began ", When(facts.slot_start))});
  }
  if (facts.already_booked) {
    rules.push_back({"ALREADY_BOOKED", SlotName(facts.slot_id),
                     "the official has this slot booked already"});
  } else if (facts.booked >= facts.capacity) {
    rules.push_back({"SLOT_FULL", SlotName(facts.slot_id),
                     absl::StrCat("all ", facts.capacity,
                                  " places of the slot are booked")});
  }
  for (const Busy& other : facts.participant_busy) {
    if (!Overlaps(facts.slot_start, facts.slot_end, other.start, other.end)) {
      continue;
    }
    rules.push_back(
        {"PARTICIPANT_BUSY", absl::StrCat(who, ",", other.name),
         absl::StrCat("the official is busy with ", other.name, " from ",
                      When(other.start), " to ", When(other.end))});
  }
  return rules.empty() ? absl::OkStatus() : errors::RulesNotMet(rules);
}

absl::Status CancelRules(const std::string& booking_id, bool cancelled,
                         absl::Time slot_start, absl::Time now) {
  const std::string name = absl::StrCat("table-bookings/", booking_id);
  if (cancelled) {
    return errors::RulesNotMet(
        {{"BOOKING_CANCELLED", name, "the booking is cancelled already"}});
  }
  if (slot_start <= now) {
    return errors::RulesNotMet(
        {{"SLOT_STARTED", name,
          absl::StrCat("the slot began ", When(slot_start),
                       "; a booking is cancelled before it")}});
  }
  return absl::OkStatus();
}

}  // namespace jstedu::training
