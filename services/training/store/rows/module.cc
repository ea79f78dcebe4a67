#include "services/training/store/rows/module.h"

#include <pqxx/pqxx>

#include "common/status/errors.h"
#include "services/training/store/rows/queries.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training::rows {

v1::Module ModuleFromRow(const pqxx::row& r) {
  v1::Module m;
  m.set_id(r["id"].as<std::string>());
  m.set_edition(r["edition"].as<std::string>());
  m.set_number(r["number"].as<int>());
  m.set_title(r["title"].as<std::string>());
  m.set_venue(r["venue"].as<std::string>());
  const absl::Time start = TimeColumn(r, "start_us");
  const absl::Time end = TimeColumn(r, "end_us");
  SetTime(start, m.mutable_start_time());
  SetTime(end, m.mutable_end_time());
  m.set_starts_local(Local(start));
  m.set_ends_local(Local(end));
  m.set_third_week_of(r["third_week_of"].as<std::string>());
  m.set_didactic_hours(r["didactic_hours"].as<int>());
  if (r["has_signup_deadline"].as<bool>()) {
    const absl::Time deadline = TimeColumn(r, "signup_deadline_us");
    SetTime(deadline, m.mutable_signup_deadline());
    m.set_signup_deadline_local(Local(deadline));
  }
  m.set_shuttle_seats(r["shuttle_seats"].as<int>());
  m.set_parking_places(r["parking_places"].as<int>());
  SetTime(TimeColumn(r, "create_us"), m.mutable_create_time());
  SetTime(TimeColumn(r, "update_us"), m.mutable_update_time());
  return m;
}

void LoadRooms(pqxx::transaction_base& tx, v1::Module& module) {
  for (const auto& r :
       tx.exec_params(queries::kSelectModuleRooms, module.id())) {
    v1::Room* room = module.add_rooms();
    room->set_id(r["room_id"].as<std::string>());
    room->set_name(r["name"].as<std::string>());
    room->set_capacity(r["capacity"].as<int>());
  }
}

absl::StatusOr<v1::Module> ReadModule(pqxx::transaction_base& tx,
                                      const std::string& id, bool lock) {
  if (lock) tx.exec_params(queries::kLockModule, id);
  auto rows = tx.exec_params(queries::kSelectModule, id);
  if (rows.empty()) return errors::NotFoundInScope("module", id);
  v1::Module module = ModuleFromRow(rows[0]);
  LoadRooms(tx, module);
  return module;
}

}  // namespace jstedu::training::rows
