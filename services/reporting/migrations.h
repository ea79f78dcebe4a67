#pragma once

// The reporting service's migrations (services/reporting/migrations/*.sql,
// embedded at build time).

#include <vector>

#include "common/pg/migrations.h"

namespace jstedu::reporting {

const std::vector<pg::Migration>& Migrations();

}  // namespace jstedu::reporting
