#include "services/training/store/rows/session.h"

#include "common/pg/columns.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training::rows {

v1::Session SessionFromRow(const pqxx::row& r) {
  v1::Session s = pg::ReadOne<v1::Session>(r);
  SetLocalSpan(&s);
  s.set_duration_minutes(static_cast<int32_t>(
      absl::ToInt64Minutes(TimeOf(s.end_time()) - TimeOf(s.start_time()))));
  return s;
}

}  // namespace jstedu::training::rows
