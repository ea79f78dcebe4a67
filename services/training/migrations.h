#pragma once

// The training service's migrations (services/training/migrations/*.sql,
// embedded at build time).

#include <vector>

#include "common/pg/migrations.h"

namespace jstedu::training {

const std::vector<pg::Migration>& Migrations();

}  // namespace jstedu::training
