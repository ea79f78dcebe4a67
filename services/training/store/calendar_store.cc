#include "services/training/store/calendar_store.h"

#include <map>
#include <pqxx/pqxx>

#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "services/training/store/calendar_queries.h"
#include "services/training/store/rows/module.h"
#include "services/training/store/rows/session.h"

namespace jstedu::training {
namespace {

using pqxx::transaction_base;

// The sessions `found`, each with its module (read once).
std::vector<CalendarEntry> Entries(transaction_base& tx,
                                   const pqxx::result& found) {
  std::vector<CalendarEntry> entries;
  std::map<std::string, v1::Module> modules;
  for (const auto& r : found) {
    CalendarEntry entry;
    entry.session = rows::SessionFromRow(r);
    auto it = modules.find(entry.session.module());
    if (it == modules.end()) {
      auto module = rows::ReadModule(tx, entry.session.module());
      if (!module.ok()) continue;
      it = modules.emplace(entry.session.module(), *module).first;
    }
    entry.module = it->second;
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

absl::StatusOr<ParticipantCalendarEntries> CalendarStore::ParticipantCalendar(
    const std::string& participant_id, const PlaceScope& scope) {
  return pg::RunInTransactionFor<ParticipantCalendarEntries>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<ParticipantCalendarEntries> {
        auto place = rows::ReadPlaceInScope(tx, participant_id, scope);
        if (!place.ok()) return place.status();
        auto found = pg::Exec(tx, queries::kGroupCalendar, place->edition,
                              place->workshop_group);
        return ParticipantCalendarEntries{*place, Entries(tx, found)};
      });
}

absl::StatusOr<std::vector<CalendarEntry>> CalendarStore::GroupCalendar(
    const std::string& edition, int group) {
  return pg::RunInTransactionFor<std::vector<CalendarEntry>>(
      pool_, [&](transaction_base& tx) {
        return Entries(tx,
                       pg::Exec(tx, queries::kGroupCalendar, edition, group));
      });
}

absl::StatusOr<std::vector<CalendarEntry>> CalendarStore::TrainerCalendar(
    const std::string& trainer) {
  return pg::RunInTransactionFor<std::vector<CalendarEntry>>(
      pool_, [&](transaction_base& tx) {
        return Entries(tx, pg::Exec(tx, queries::kTrainerCalendar, trainer));
      });
}

}  // namespace jstedu::training
