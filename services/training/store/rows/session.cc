#include "services/training/store/rows/session.h"

#include "common/pg/columns.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training::rows {

v1::Session SessionFromRow(const pqxx::row& r) {
  v1::Session s = pg::ReadOne<v1::Session>(r);
  const absl::Time start = TimeColumn(r, "start_us");
  const absl::Time end = TimeColumn(r, "end_us");
  SetTime(start, s.mutable_start_time());
  SetTime(end, s.mutable_end_time());
  s.set_starts_local(Local(start));
  s.set_ends_local(Local(end));
  s.set_duration_minutes(
      static_cast<int32_t>(absl::ToInt64Minutes(end - start)));
  return s;
}

}  // namespace jstedu::training::rows
