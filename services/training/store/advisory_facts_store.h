#pragma once

// Who reviews a JST's tasks (migration 0003, view task_reviewer): each
// advisory case's guardian, as advisory's events write it. Every function
// runs inside the consumer's inbox transaction `tx`
// (advisory_projection.h says when each is called).

#include <cstdint>
#include <pqxx/transaction_base>
#include <string>

namespace jstedu::training::advisory_facts {

// An advisory case as its events name it, with its version after the
// change.
struct CaseRef {
  std::string case_id;
  std::string edition;
  std::string teryt;
  int64_t version = 0;
};

// The case's guardian, unless a newer change was applied (a closed case
// stays closed).
void AssignGuardian(pqxx::transaction_base& tx, const CaseRef& ref,
                    const std::string& guardian_subject);
// The case is closed, whatever its version: its guardian reviews no more.
void CloseCase(pqxx::transaction_base& tx, const CaseRef& ref);

}  // namespace jstedu::training::advisory_facts
