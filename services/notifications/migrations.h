#pragma once

// The notifications service's migrations
// (services/notifications/migrations/*.sql, embedded at build time).

#include <vector>

#include "common/pg/migrations.h"

namespace jstedu::notifications {

const std::vector<pg::Migration>& Migrations();

}  // namespace jstedu::notifications
