#include "services/training/store/rows/module.h"

#include <pqxx/pqxx>

#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/status/errors.h"
#include "services/training/store/rows/queries.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training::rows {

v1::Module ModuleFromRow(const pqxx::row& r) {
  v1::Module m = pg::ReadOne<v1::Module>(r);
  SetLocalSpan(&m);
  if (m.has_signup_deadline()) {
    m.set_signup_deadline_local(Local(TimeOf(m.signup_deadline())));
  }
  return m;
}

void LoadRooms(pqxx::transaction_base& tx, v1::Module& module) {
  for (const auto& r : pg::Exec(tx, queries::kSelectModuleRooms, module.id())) {
    pg::ReadColumns(r, module.add_rooms());
  }
}

absl::StatusOr<v1::Module> ReadModule(pqxx::transaction_base& tx,
                                      const std::string& id, bool lock) {
  if (lock) pg::Exec(tx, queries::kLockModule, id);
  auto rows = pg::Exec(tx, queries::kSelectModule, id);
  if (rows.empty()) return errors::NotFoundInScope("module", id);
  v1::Module module = ModuleFromRow(rows[0]);
  LoadRooms(tx, module);
  return module;
}

}  // namespace jstedu::training::rows
