#pragma once

// The platform migrations (outbox, inbox, consumer_failures, dead_letters,
// relay_state, and request_key of common/pg/request_key.h), applied as
// component "platform" to every service schema.

#include <vector>

#include "common/pg/migrations.h"

namespace jstedu::events {

const std::vector<pg::Migration>& PlatformMigrations();

}  // namespace jstedu::events
