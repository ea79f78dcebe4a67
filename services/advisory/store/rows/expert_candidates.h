#pragma once

// Which expert may take a place in a case: the checks of an assignment and
// of a handover, and the least-loaded eligible expert of a proposal or a
// handover. Each runs in the caller's transaction.

#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "common/status/errors.h"
#include "jstedu/advisory/v1/advisory.pb.h"

namespace jstedu::advisory::rows {

// Whether `expert_id` may take the `speciality` place of case `case_id` in
// `voivodeship`; locks the expert's row first so that loads are counted
// one assignment at a time. Empty when it may; otherwise the unmet rules
// (EXPERT_UNKNOWN, EXPERT_WRONG_SPECIALITY, EXPERT_INACTIVE,
// EXPERT_NOT_SERVING_REGION, EXPERT_AT_CAPACITY).
std::vector<errors::Rule> CheckExpert(pqxx::transaction_base& tx,
                                      const std::string& expert_id,
                                      v1::Speciality speciality,
                                      const std::string& voivodeship,
                                      const std::string& case_id);

// The least-loaded eligible expert ("" when nobody is), not `excluded`.
std::string LeastLoaded(pqxx::transaction_base& tx, v1::Speciality speciality,
                        const std::string& voivodeship,
                        const std::string& excluded,
                        const std::string& case_id);

}  // namespace jstedu::advisory::rows
