#include "services/notifications/store/preferences_store.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/notifications/store/instants.h"
#include "services/notifications/store/preferences_queries.h"

namespace jstedu::notifications {
namespace {

using pqxx::transaction_base;

Preferences FromRow(const pqxx::row& r) {
  Preferences p;
  p.language = r["language"].as<std::string>() == "en" ? Language::kEnglish
                                                       : Language::kPolish;
  p.opted_out = pg::ReadTextArray(r["opted_out"]);
  p.chosen = true;
  p.updated_at = MicrosColumn(r["updated_us"]);
  return p;
}

}  // namespace

bool OptedOut(const Preferences& preferences, Reason reason) {
  if (IsRequired(reason)) return false;
  const std::string name(ReasonName(reason));
  return std::find(preferences.opted_out.begin(), preferences.opted_out.end(),
                   name) != preferences.opted_out.end();
}

absl::StatusOr<Preferences> PreferencesStore::Get(
    const std::string& person_ref) {
  return pg::RunInTransactionFor<Preferences>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<Preferences> {
        auto found = pg::Exec(tx, queries::kSelectPreferences, person_ref);
        return found.empty() ? Preferences{} : FromRow(found[0]);
      },
      {pg::Isolation::kSnapshotRead});
}

absl::StatusOr<Preferences> PreferencesStore::Set(
    const std::string& person_ref, const std::string& language,
    const std::vector<std::string>& opted_out, const std::string& actor) {
  std::vector<errors::FieldProblem> problems;
  if (language != "pl" && language != "en") {
    problems.push_back({"language", "must be \"pl\" or \"en\""});
  }
  std::vector<std::string> unknown, required, kinds;
  for (const std::string& name : opted_out) {
    auto reason = ReasonNamed(name);
    if (!reason) {
      unknown.push_back(name);
    } else if (IsRequired(*reason)) {
      required.push_back(absl::AsciiStrToUpper(name));
    } else {
      kinds.push_back(name);
    }
  }
  if (!unknown.empty()) {
    problems.push_back(
        {"optedOut",
         absl::StrCat("unknown kind(s): ", absl::StrJoin(unknown, ", "))});
  }
  if (!required.empty()) {
    problems.push_back(
        {"optedOut",
         absl::StrCat(absl::StrJoin(required, ", "),
                      ": required by the programme's rules, cannot be "
                      "switched off")});
  }
  if (!problems.empty()) return errors::InvalidFields(problems);
  std::sort(kinds.begin(), kinds.end());
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  return pg::RunInTransactionFor<Preferences>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<Preferences> {
        pg::Exec(tx, queries::kUpsertPreferences, person_ref, language,
                 pg::TextArrayLiteral(kinds), actor);
        return FromRow(pg::Exec1(tx, queries::kSelectPreferences, person_ref));
      });
}

}  // namespace jstedu::notifications
