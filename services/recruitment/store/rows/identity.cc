#include "services/recruitment/store/rows/identity.h"

#include "common/pg/arrays.h"
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
       tx.exec_params(queries::kPeselHolders, edition, pesel, self)) {
    AddHolder(row, app_id, &holders, holder);
  }
  return holders;
}

}  // namespace

void LockPesel(pqxx::transaction_base& tx, const std::string& edition,
               const std::string& pesel) {
  tx.exec_params(queries::kLockPesel, edition, pesel);
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
  tx.exec_params(queries::kLockPesels, edition, list);
  std::map<std::string, PeselHolders> holders;
  for (const pqxx::row& row :
       tx.exec_params(queries::kPeselHoldersOfMany, edition, list)) {
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
  tx.exec_params(queries::kOpenConflict, edition, holder, claimant,
                 actor.subject);
}

void CloseConflictOfClaimant(pqxx::transaction_base& tx,
                             const std::string& claimant, const Actor& actor) {
  tx.exec_params(queries::kCloseConflictOfClaimant, claimant, actor.subject);
}

void CloseConflictsOfLeavers(pqxx::transaction_base& tx,
                             const std::string& app_id, const std::string& id,
                             const Actor& actor) {
  tx.exec_params(queries::kCloseConflictsOfLeavers, app_id, id, actor.subject);
}

void RepointConflicts(pqxx::transaction_base& tx, const std::string& edition,
                      const std::string& pesel) {
  if (pesel.empty()) return;
  const pqxx::result holders =
      tx.exec_params(queries::kCurrentHolder, edition, pesel);
  if (holders.empty()) return;
  tx.exec_params(queries::kRepointConflicts, edition, pesel,
                 holders[0]["id"].as<std::string>());
}

int OpenConflictCount(pqxx::transaction_base& tx, const std::string& edition) {
  return tx.exec_params1(queries::kOpenConflictCount, edition)["open"]
      .as<int>();
}

void SetIdentity(pqxx::transaction_base& tx, const std::string& id,
                 Identity identity) {
  tx.exec_params(queries::kSetIdentity, id, IdentityName(identity));
}

}  // namespace jstedu::recruitment
