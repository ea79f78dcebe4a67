#include "services/recruitment/store/rows/identity.h"

#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "services/recruitment/store/rows/identity_queries.h"

namespace jstedu::recruitment {
namespace {

// Adds one record holding the PESEL (rows in kPeselHolders' order).
void AddHolder(const pqxx::row& row, const std::string& app_id,
               PeselHolders* holders, std::string* holder) {
  Identity identity = Identity::kConfirmed;
  ParseIdentity(row["identity"].as<std::string>(), &identity);
  if (row["application_id"].as<std::string>() == app_id) {
    holders->own_application |= identity != Identity::kPeselRejected;
  } else if (HoldsPesel(identity) && !holders->other_application) {
    holders->other_application = true;
    *holder = row["id"].as<std::string>();
  }
}

PeselHolders HoldersOf(pqxx::transaction_base& tx, const std::string& edition,
                       const std::string& pesel, const std::string& app_id,
                       const std::string& self, std::string* holder) {
  PeselHolders holders;
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kPeselHolders, edition, pesel, self)) {
    AddHolder(row, app_id, &holders, holder);
  }
  return holders;
}

}  // namespace

void LockPesel(pqxx::transaction_base& tx, const std::string& edition,
               const std::string& pesel) {
  pg::Exec(tx, queries::kLockPesel, edition, pesel);
}

Registration RegisterPesel(pqxx::transaction_base& tx,
                           const std::string& edition, const std::string& pesel,
                           const std::string& app_id, const std::string& self,
                           std::string* holder) {
  if (pesel.empty()) return Registration::kConfirmed;
  LockPesel(tx, edition, pesel);
  return Register(HoldersOf(tx, edition, pesel, app_id, self, holder));
}

std::map<std::string, PeselRegistration> RegisterPesels(
    pqxx::transaction_base& tx, const std::string& edition,
    const std::set<std::string>& pesels, const std::string& app_id) {
  std::map<std::string, PeselRegistration> out;
  if (pesels.empty()) return out;
  const std::string list = pg::TextArrayLiteral(pesels);
  pg::Exec(tx, queries::kLockPesels, edition, list);
  std::map<std::string, PeselHolders> holders;
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kPeselHoldersOfMany, edition, list)) {
    const std::string pesel = row["pesel"].as<std::string>();
    AddHolder(row, app_id, &holders[pesel], &out[pesel].holder);
  }
  for (const std::string& pesel : pesels) {
    out[pesel].registration = Register(holders[pesel]);
  }
  return out;
}

void OpenConflict(pqxx::transaction_base& tx, const std::string& edition,
                  const std::string& holder, const std::string& claimant,
                  const Actor& actor) {
  pg::Exec(tx, queries::kOpenConflict, edition, holder, claimant,
           actor.subject);
}

void CloseConflictOfClaimant(pqxx::transaction_base& tx,
                             const std::string& claimant, const Actor& actor) {
  pg::Exec(tx, queries::kCloseConflictOfClaimant, claimant, actor.subject);
}

void CloseConflictsOfLeavers(pqxx::transaction_base& tx,
                             const std::string& app_id, const std::string& id,
                             const Actor& actor) {
  pg::Exec(tx, queries::kCloseConflictsOfLeavers, app_id, id, actor.subject);
}

void RepointConflicts(pqxx::transaction_base& tx, const std::string& edition,
                      const std::string& pesel) {
  if (pesel.empty()) return;
  const pqxx::result holders =
      pg::Exec(tx, queries::kCurrentHolder, edition, pesel);
  if (holders.empty()) return;
  pg::Exec(tx, queries::kRepointConflicts, edition, pesel,
           holders[0]["id"].as<std::string>());
}

int OpenConflictCount(pqxx::transaction_base& tx, const std::string& edition) {
  return pg::Exec1(tx, queries::kOpenConflictCount, edition)["open"].as<int>();
}

void SetIdentity(pqxx::transaction_base& tx, const std::string& id,
                 Identity identity) {
  pg::Exec(tx, queries::kSetIdentity, id, IdentityName(identity));
}

}  // namespace jstedu::recruitment
