#pragma once

// A PESEL's holders in an edition (domain/identity.h decides what they
// mean) and the identity conflicts their writers open, close and repoint.
// Each function runs in the caller's transaction (SQL: identity_queries.h).
//
// A PESEL stored for a record (a new one, or a changed number) takes the
// PESEL's lock in the edition (pg_advisory_xact_lock) first, then the
// holders are read and the rule applied, so two JSTs registering one number
// at once cannot both confirm it.
//
// Thread-safety: as the transaction passed in (one thread at a time).

#include <map>
#include <pqxx/pqxx>
#include <set>
#include <string>

#include "services/recruitment/domain/identity.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {

// Serialises every storing of `pesel` in `edition` (new records and
// changed numbers) until commit, so the holders read next stay as read.
void LockPesel(pqxx::transaction_base& tx, const std::string& edition,
               const std::string& pesel);

// The identity a record of `app_id` gets for `pesel` (domain/identity.h,
// Register), under the PESEL's lock; `self` is the record ("" for a new
// one) and `*holder` receives the record of another application that holds
// the number (the confirmed one first, else the oldest).
Registration RegisterPesel(pqxx::transaction_base& tx,
                           const std::string& edition, const std::string& pesel,
                           const std::string& app_id, const std::string& self,
                           std::string* holder);

// What RegisterPesel decides for a new record, and the holder it names.
struct PeselRegistration {
  Registration registration = Registration::kConfirmed;
  std::string holder;
};

// RegisterPesel for new records of `app_id`, one per PESEL of `pesels`, in
// two statements: the PESELs' locks, taken in the set's order (so two
// callers cannot deadlock), then all their holders. Each PESEL's answer is
// RegisterPesel's for a new record ("" self) under its lock; the records
// stored next keep them true as long as no two of them share a PESEL.
std::map<std::string, PeselRegistration> RegisterPesels(
    pqxx::transaction_base& tx, const std::string& edition,
    const std::set<std::string>& pesels, const std::string& app_id);

// Holds `claimant` back beside `holder` for the office.
void OpenConflict(pqxx::transaction_base& tx, const std::string& edition,
                  const std::string& holder, const std::string& claimant,
                  const Actor& actor);

// A held-back record's number changed before the office decided: its
// conflict is over (the new number is checked afresh).
void CloseConflictOfClaimant(pqxx::transaction_base& tx,
                             const std::string& claimant, const Actor& actor);

// The waiting records of application `app_id` (or only participant `id`)
// left before the office decided: their conflicts are over.
void CloseConflictsOfLeavers(pqxx::transaction_base& tx,
                             const std::string& app_id, const std::string& id,
                             const Actor& actor);

// After a record stopped holding `pesel` (the office superseded it, or its
// number changed): the edition's open conflicts over `pesel` that name a
// record no longer holding it now name the record that does, so the
// office always compares a waiting record with the current holder. Left
// as they are when no record holds it.
void RepointConflicts(pqxx::transaction_base& tx, const std::string& edition,
                      const std::string& pesel);

// How many conflicts of `edition` await the office.
int OpenConflictCount(pqxx::transaction_base& tx, const std::string& edition);

void SetIdentity(pqxx::transaction_base& tx, const std::string& id,
                 Identity identity);

}  // namespace jstedu::recruitment
