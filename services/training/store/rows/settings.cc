#include "services/training/store/rows/settings.h"

#include <pqxx/pqxx>

#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/status/errors.h"
#include "services/training/store/rows/queries.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training::rows {

absl::StatusOr<v1::TrainingSettings> ReadSettings(pqxx::transaction_base& tx,
                                                  const std::string& edition,
                                                  bool lock) {
  if (lock) pg::Exec(tx, queries::kLockSettings, edition);
  auto rows = pg::Exec(tx, queries::kSelectSettings, edition);
  if (rows.empty()) {
    return errors::NotFoundResource(
        "training settings", edition,
        "the edition has no training settings (PUT "
        "/v1/editions/{edition}/training-settings first)");
  }
  return pg::ReadOne<v1::TrainingSettings>(rows[0]);
}

}  // namespace jstedu::training::rows
