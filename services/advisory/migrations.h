#pragma once

// The advisory service's migrations (services/advisory/migrations/*.sql,
// embedded at build time).

#include <vector>

#include "common/pg/migrations.h"

namespace jstedu::advisory {

const std::vector<pg::Migration>& Migrations();

}  // namespace jstedu::advisory
