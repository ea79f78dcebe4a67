#pragma once

// The platform migrations (outbox, inbox, consumer_failures, dead_letters),
// applied as component "platform" to every service schema.

#include <vector>

#include "common/pg/migrations.h"

namespace jstedu::events {

const std::vector<pg::Migration>& PlatformMigrations();

}  // namespace jstedu::events
