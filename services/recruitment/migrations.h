#pragma once

// The recruitment service's migrations (services/recruitment/migrations/*.sql,
// embedded at build time).

#include <vector>

#include "common/pg/migrations.h"

namespace jstedu::recruitment {

const std::vector<pg::Migration>& Migrations();

}  // namespace jstedu::recruitment
