#pragma once

// A session as the stores read it: every query answering sessions names
// its columns id, module_id, start_us, end_us, thematic_area,
// workshop_group, room_id, trainer and title (see plan_queries.h).

#include <pqxx/row>

#include "jstedu/training/v1/training.pb.h"

namespace jstedu::training::rows {

v1::Session SessionFromRow(const pqxx::row& r);

}  // namespace jstedu::training::rows
