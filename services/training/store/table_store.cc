#include "services/training/store/table_store.h"

#include <map>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/training/domain/table_rules.h"
#include "services/training/store/plan_queries.h"
#include "services/training/store/rows/module.h"
#include "services/training/store/table_queries.h"

namespace jstedu::training {
namespace {

using pqxx::transaction_base;
using rows::TimeOf;
using rows::TimeParam;

absl::Time MicrosOf(const pqxx::field& field) {
  return absl::FromUnixMicros(field.as<int64_t>());
}

std::vector<Busy> BusyOf(const pqxx::result& rows) {
  std::vector<Busy> busy;
  for (const pqxx::row& r : rows) {
    busy.push_back({r["name"].as<std::string>(), MicrosOf(r["start_us"]),
                    MicrosOf(r["end_us"])});
  }
  return busy;
}

v1::TableSlot SlotFromRow(const pqxx::row& r) {
  v1::TableSlot slot = pg::ReadOne<v1::TableSlot>(r);
  rows::SetLocalSpan(&slot);
  slot.set_duration_minutes(static_cast<int32_t>(absl::ToInt64Minutes(
      TimeOf(slot.end_time()) - TimeOf(slot.start_time()))));
  slot.set_free_places(std::max(0, slot.capacity() - slot.booked()));
  return slot;
}

v1::TableBooking BookingFromRow(const pqxx::row& r) {
  v1::TableBooking booking = pg::ReadOne<v1::TableBooking>(r);
  rows::SetLocalSpan(&booking);
  return booking;
}

v1::TableBooking ReadBooking(transaction_base& tx, const std::string& id) {
  return BookingFromRow(pg::Exec1(tx, queries::kSelectBooking, id));
}

// Table `id`: NotFound for an unknown one; PermissionDenied when `expert`
// is set and is not the table's.
absl::StatusOr<v1::ExpertTable> ReadTable(transaction_base& tx,
                                          const std::string& id,
                                          const std::string& expert) {
  auto rows = pg::Exec(tx, queries::kSelectTable, id);
  if (rows.empty()) return errors::NoSuch("expert table", id);
  auto table = pg::ReadOne<v1::ExpertTable>(rows[0]);
  if (!expert.empty() && table.expert() != expert) {
    return absl::PermissionDeniedError(
        "only the table's expert and the office open its slots and read its "
        "bookings");
  }
  return table;
}

}  // namespace

absl::StatusOr<v1::ExpertTable> TableStore::CreateTable(
    const std::string& module_id, const v1::ExpertTable& table, absl::Time now,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::ExpertTable>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::ExpertTable> {
        auto module = rows::ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        const pqxx::row id = pg::Exec1(
            tx, queries::kInsertTable, module_id,
            v1::TableTopic_Name(table.topic()), table.title(), table.expert(),
            table.room(), TimeParam(now), actor.subject);
        return pg::ReadOne<v1::ExpertTable>(
            pg::Exec1(tx, queries::kSelectTable, id["id"].as<std::string>()));
      });
}

absl::StatusOr<std::vector<v1::ExpertTable>> TableStore::ListTables(
    const std::string& module_id) {
  return pg::RunInTransactionFor<std::vector<v1::ExpertTable>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::ExpertTable>> {
        auto module = rows::ReadModule(tx, module_id);
        if (!module.ok()) return module.status();
        auto tables = pg::ReadAll<v1::ExpertTable>(
            pg::Exec(tx, queries::kSelectTables, module_id));
        std::map<std::string, v1::ExpertTable*> by_id;
        for (v1::ExpertTable& table : tables) by_id[table.id()] = &table;
        for (const pqxx::row& r :
             pg::Exec(tx, queries::kSelectModuleSlots, module_id)) {
          v1::TableSlot slot = SlotFromRow(r);
          auto owner = by_id.find(slot.table());
          if (owner != by_id.end()) {
            *owner->second->add_slots() = std::move(slot);
          }
        }
        return tables;
      });
}

absl::StatusOr<v1::TableSlot> TableStore::CreateSlot(
    const std::string& table_id, const SlotInput& slot,
    const std::string& expert, absl::Time now, const Actor& actor) {
  return pg::RunInTransactionFor<v1::TableSlot>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::TableSlot> {
        auto table = ReadTable(tx, table_id, expert);
        if (!table.ok()) return table.status();
        // The module row first (a move waits, then sees the slot), then
        // the person (stores.h).
        auto module = rows::ReadModule(tx, table->module(), /*lock=*/true);
        if (!module.ok()) return module.status();
        pg::Exec(tx, queries::kLockTrainer,
                 absl::StrCat("training.trainer:", table->expert()));
        const std::string id =
            pg::Exec1(tx, queries::kNewId)["id"].as<std::string>();
        SlotFacts facts{
            id,
            slot.start,
            slot.end,
            TimeOf(module->start_time()),
            TimeOf(module->end_time()),
            table->expert(),
            BusyOf(pg::Exec(tx, queries::kExpertBusy, table->expert(),
                            TimeParam(slot.start), TimeParam(slot.end)))};
        if (auto s = SlotRules(facts); !s.ok()) return s;
        pg::Exec0(tx, queries::kInsertSlot, id, table_id, TimeParam(slot.start),
                  TimeParam(slot.end), slot.capacity, TimeParam(now),
                  actor.subject);
        return SlotFromRow(pg::Exec1(tx, queries::kSelectSlot, id));
      });
}

absl::StatusOr<v1::TableBooking> TableStore::Book(
    const std::string& slot_id, const std::string& participant_id,
    const PlaceScope& scope, absl::Time now, const Actor& actor) {
  return pg::RunInTransactionFor<v1::TableBooking>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::TableBooking> {
        auto place = rows::ReadPlace(tx, participant_id, /*lock=*/true);
        if (!place.ok()) return place.status();
        if (scope && !scope(*place)) {
          return errors::NotFoundInScope("participant", participant_id);
        }
        auto slots = pg::Exec(tx, queries::kLockSlot, slot_id);
        if (slots.empty()) return errors::NoSuch("table slot", slot_id);
        const pqxx::row& s = slots[0];
        BookingFacts facts;
        facts.slot_id = slot_id;
        facts.slot_start = MicrosOf(s["start_us"]);
        facts.slot_end = MicrosOf(s["end_us"]);
        facts.capacity = s["capacity"].as<int>();
        facts.booked =
            pg::Exec1(tx, queries::kSlotBooked, slot_id)["booked"].as<int>();
        facts.module_edition = s["edition"].as<std::string>();
        facts.participant_id = participant_id;
        facts.rostered = place->rostered;
        facts.edition = place->edition;
        facts.already_booked =
            !pg::Exec(tx, queries::kBookedBy, slot_id, participant_id).empty();
        facts.participant_busy = BusyOf(
            pg::Exec(tx, queries::kParticipantBusy, participant_id,
                     place->workshop_group, TimeParam(facts.slot_start),
                     TimeParam(facts.slot_end), place->edition, slot_id));
        if (auto rules = BookingRules(facts, now); !rules.ok()) return rules;
        const pqxx::row id =
            pg::Exec1(tx, queries::kInsertBooking, slot_id, participant_id,
                      TimeParam(now), actor.subject);
        return ReadBooking(tx, id["id"].as<std::string>());
      });
}

absl::StatusOr<v1::TableBooking> TableStore::Cancel(
    const std::string& booking_id, const PlaceScope& scope, absl::Time now,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::TableBooking>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::TableBooking> {
        auto rows = pg::Exec(tx, queries::kLockBooking, booking_id);
        if (rows.empty()) {
          return errors::NotFoundInScope("table booking", booking_id);
        }
        auto place = rows::ReadPlaceInScope(
            tx, rows[0]["participant_id"].as<std::string>(), scope);
        if (!place.ok()) {
          return errors::NotFoundInScope("table booking", booking_id);
        }
        if (auto s = CancelRules(booking_id, rows[0]["cancelled"].as<bool>(),
                                 MicrosOf(rows[0]["start_us"]), now);
            !s.ok()) {
          return s;
        }
        pg::Exec0(tx, queries::kCancelBooking, booking_id, TimeParam(now),
                  actor.subject);
        return ReadBooking(tx, booking_id);
      });
}

absl::StatusOr<std::vector<v1::TableBooking>> TableStore::ListBookings(
    const std::string& table_id, bool include_cancelled,
    const std::string& expert, const std::string& voivodeship,
    const std::string& teryt) {
  return pg::RunInTransactionFor<std::vector<v1::TableBooking>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::TableBooking>> {
        auto table = ReadTable(tx, table_id, expert);
        if (!table.ok()) return table.status();
        std::vector<v1::TableBooking> bookings;
        for (const pqxx::row& r :
             pg::Exec(tx, queries::kSelectTableBookings, table_id,
                      include_cancelled, voivodeship, teryt)) {
          bookings.push_back(BookingFromRow(r));
        }
        return bookings;
      });
}

}  // namespace jstedu::training
