#include "services/training/store/rows/session.h"

#include "services/training/store/rows/values.h"

namespace jstedu::training::rows {

v1::Session SessionFromRow(const pqxx::row& r) {
  v1::Session s;
  s.set_id(r["id"].as<std::string>());
  s.set_module(r["module_id"].as<std::string>());
  const absl::Time start = TimeColumn(r, "start_us");
  const absl::Time end = TimeColumn(r, "end_us");
  SetTime(start, s.mutable_start_time());
  SetTime(end, s.mutable_end_time());
  s.set_starts_local(Local(start));
  s.set_ends_local(Local(end));
  s.set_duration_minutes(
      static_cast<int32_t>(absl::ToInt64Minutes(end - start)));
  s.set_thematic_area(
      static_cast<v1::ThematicArea>(r["thematic_area"].as<int>()));
  s.set_workshop_group(r["workshop_group"].as<int>());
  s.set_room(r["room_id"].as<std::string>());
  s.set_trainer(r["trainer"].as<std::string>());
  s.set_title(r["title"].as<std::string>());
  return s;
}

}  // namespace jstedu::training::rows
