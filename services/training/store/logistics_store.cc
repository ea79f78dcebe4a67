#include "services/training/store/logistics_store.h"

#include <map>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/training/domain/logistics.h"
#include "services/training/domain/signup_rules.h"
#include "services/training/store/logistics_queries.h"
#include "services/training/store/rows/module.h"
#include "services/training/store/rows/plan_events.h"

namespace jstedu::training {
namespace {

using pqxx::transaction_base;
using rows::ReadModule;
using rows::TimeOf;
using rows::TimeParam;

std::string_view MealName(Meal meal) {
  switch (meal) {
    case Meal::kBreakfast:
      return "BREAKFAST";
    case Meal::kCoffeeBreak:
      return "COFFEE_BREAK";
    case Meal::kLunch:
      return "LUNCH";
    case Meal::kDinner:
      return "DINNER";
  }
  return "";
}

v1::SeatStatus Seat(const std::string& name) {
  v1::SeatStatus seat = v1::SEAT_STATUS_UNSPECIFIED;
  v1::SeatStatus_Parse(absl::StrCat("SEAT_", name), &seat);
  return seat;
}

v1::Signup ReadSignup(transaction_base& tx, const std::string& id) {
  return pg::ReadOne<v1::Signup>(pg::Exec1(tx, queries::kSelectSignup, id));
}

// Seats confirmed in a module now (the caller holds the module row's lock).
struct SeatsTaken {
  int shuttle = 0;
  int parking = 0;
};

SeatsTaken CountSeats(transaction_base& tx, const std::string& module_id) {
  const pqxx::row r = pg::Exec1(tx, queries::kSeatsTaken, module_id);
  return {r["shuttle_seats"].as<int>(), r["parking_places"].as<int>()};
}

// The module as the sign-up rules see it.
SignupModuleFacts FactsOf(const v1::Module& module) {
  SignupModuleFacts facts{module.id(),
                          module.edition(),
                          module.shuttle_seats(),
                          module.parking_places(),
                          TimeOf(module.end_time()),
                          std::nullopt};
  if (module.has_signup_deadline()) {
    facts.signup_deadline = TimeOf(module.signup_deadline());
  }
  return facts;
}

// The sign-up's status as the database keeps it ("PENDING_APPROVAL").
std::string StatusName(const v1::Signup& signup) {
  return std::string(
      absl::StripPrefix(v1::SignupStatus_Name(signup.status()), "SIGNUP_"));
}

}  // namespace

absl::StatusOr<v1::Signup> LogisticsStore::CreateSignup(
    const std::string& module_id, const std::string& participant_id,
    const PlaceScope& scope, bool accommodation, bool shuttle, bool parking,
    absl::Time now, const Actor& actor) {
  return pg::RunInTransactionFor<v1::Signup>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Signup> {
        auto place = rows::ReadPlaceInScope(tx, participant_id, scope);
        if (!place.ok()) return place.status();
        const ParticipantPlace& participant = *place;
        auto module = ReadModule(tx, module_id, /*lock=*/true);
        if (!module.ok()) return module.status();
        const SignupModuleFacts facts = FactsOf(*module);
        if (auto allowed =
                SignupRules(facts,
                            {participant.participant_id, participant.rostered,
                             participant.edition, shuttle, parking},
                            now);
            !allowed.ok()) {
          return allowed;
        }
        if (!pg::Exec(tx, queries::kSignupInForce, module_id,
                      participant.participant_id)
                 .empty()) {
          return absl::AlreadyExistsError(
              "the participant already has a sign-up for this module");
        }
        const bool late = IsLateSignup(facts, now);
        // Seats are counted only when one may be confirmed.
        const SeatsTaken taken = (shuttle || parking) && !late
                                     ? CountSeats(tx, module_id)
                                     : SeatsTaken{};
        const std::string shuttle_seat =
            SeatFor(shuttle, late, taken.shuttle, module->shuttle_seats());
        const std::string parking_place =
            SeatFor(parking, late, taken.parking, module->parking_places());
        auto id = pg::Exec1(
            tx, queries::kInsertSignup, module_id, participant.participant_id,
            accommodation, shuttle, parking,
            late ? kSignupPendingApproval : kSignupConfirmed, shuttle_seat,
            parking_place, TimeParam(now), actor.subject);
        v1::Signup made = ReadSignup(tx, id["id"].as<std::string>());
        rows::PublishSignupMade(tx, made, module->edition(), actor.traceparent);
        return made;
      });
}

absl::StatusOr<std::vector<v1::Signup>> LogisticsStore::ListSignups(
    const std::string& module_id, const std::string& status,
    const std::string& voivodeship, const std::string& teryt) {
  return pg::RunInTransactionFor<std::vector<v1::Signup>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Signup>> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        return pg::ReadAll<v1::Signup>(pg::Exec(tx, queries::kSelectSignups,
                                                module_id, status, voivodeship,
                                                teryt));
      });
}

absl::StatusOr<v1::Signup> LogisticsStore::DecideSignup(
    const std::string& id, bool approve, const std::string& reason,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::Signup>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Signup> {
        auto found = pg::Exec(tx, queries::kSelectSignupModule, id);
        if (found.empty()) return errors::NotFoundInScope("signup", id);
        const std::string module_id = found[0]["module_id"].as<std::string>();
        auto module = ReadModule(tx, module_id, /*lock=*/true);
        if (!module.ok()) return module.status();
        const v1::Signup signup = ReadSignup(tx, id);
        if (auto decidable = SignupDecidable(id, StatusName(signup), approve);
            !decidable.ok()) {
          return decidable;
        }
        // A refusal frees its seats; an approval takes them as a request in
        // time would.
        const SeatsTaken taken =
            approve ? CountSeats(tx, module_id) : SeatsTaken{};
        const std::string shuttle_seat =
            SeatFor(approve && signup.shuttle(), false, taken.shuttle,
                    module->shuttle_seats());
        const std::string parking_place =
            SeatFor(approve && signup.parking(), false, taken.parking,
                    module->parking_places());
        pg::Exec(tx, queries::kDecideSignup, id,
                 approve ? kSignupApproved : kSignupRefused, shuttle_seat,
                 parking_place, actor.subject, reason);
        return ReadSignup(tx, id);
      });
}

absl::StatusOr<v1::RoomingList> LogisticsStore::RoomingList(
    const std::string& module_id) {
  return pg::RunInTransactionFor<v1::RoomingList>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::RoomingList> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        std::vector<Guest> guests;
        int attending = 0, parking = 0;
        for (const auto& r : pg::Exec(tx, queries::kSelectGuests, module_id)) {
          ++attending;
          if (r["parking_confirmed"].as<bool>()) ++parking;
          if (!r["accommodation"].as<bool>()) continue;
          Guest guest;
          guest.participant_id = r["participant_id"].as<std::string>();
          guest.sex = r["sex"].as<std::string>() == "FEMALE" ? Sex::kFemale
                                                             : Sex::kMale;
          guest.teryt = r["teryt"].as<std::string>();
          guest.workshop_group = r["workshop_group"].as<int>();
          guests.push_back(std::move(guest));
        }
        v1::RoomingList out;
        out.set_module(module_id);
        out.set_attending(attending);
        out.set_accommodated(static_cast<int32_t>(guests.size()));
        out.set_parking_confirmed(parking);
        std::map<std::string, std::string> sex_of;
        for (const Guest& g : guests) {
          sex_of[g.participant_id] = g.sex == Sex::kFemale ? "FEMALE" : "MALE";
        }
        for (const RoomAssignment& room : AssignRooms(guests)) {
          v1::RoomingEntry* entry = out.add_rooms();
          entry->set_room_number(room.number);
          entry->set_first_participant(room.first);
          entry->set_second_participant(room.second.value_or(""));
          entry->set_sex(sex_of[room.first]);
          entry->set_same_jst(room.same_jst);
          if (room.second) {
            out.set_double_rooms(out.double_rooms() + 1);
          } else {
            out.set_single_rooms(out.single_rooms() + 1);
          }
        }
        for (const MealCount& meal :
             CountMeals(attending, static_cast<int>(guests.size()))) {
          v1::MealCount* m = out.add_meals();
          m->set_day(meal.day);
          m->set_meal(std::string(MealName(meal.meal)));
          m->set_count(meal.count);
        }
        return out;
      });
}

absl::StatusOr<v1::ShuttleList> LogisticsStore::ShuttleList(
    const std::string& module_id) {
  return pg::RunInTransactionFor<v1::ShuttleList>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::ShuttleList> {
        auto module = ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        v1::ShuttleList out;
        out.set_module(module_id);
        out.set_seats(module->shuttle_seats());
        for (const auto& r :
             pg::Exec(tx, queries::kSelectPassengers, module_id)) {
          v1::ShuttleEntry* e = out.add_passengers();
          e->set_participant(r["participant_id"].as<std::string>());
          e->set_teryt(r["teryt"].as<std::string>());
          e->set_seat(Seat(r["shuttle_seat"].as<std::string>()));
          if (e->seat() == v1::SEAT_CONFIRMED) {
            out.set_confirmed(out.confirmed() + 1);
          } else {
            out.set_waitlisted(out.waitlisted() + 1);
          }
        }
        return out;
      });
}

}  // namespace jstedu::training
