#include "services/recruitment/domain/identity.h"

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace jstedu::recruitment {
namespace {

struct Named {
  Identity identity;
  const char* name;
};

constexpr Named kNames[] = {
    {Identity::kConfirmed, "CONFIRMED"},
    {Identity::kAwaitingOffice, "AWAITING_OFFICE"},
    {Identity::kSharedPesel, "SHARED_PESEL"},
    {Identity::kSuperseded, "SUPERSEDED"},
    {Identity::kPeselRejected, "PESEL_REJECTED"},
};

}  // namespace

const char* IdentityName(Identity identity) {
  for (const Named& named : kNames) {
    if (named.identity == identity) return named.name;
  }
  return "";
}

bool ParseIdentity(const std::string& name, Identity* identity) {
  for (const Named& named : kNames) {
    if (name == named.name) {
      *identity = named.identity;
      return true;
    }
  }
  return false;
}

bool Counted(Identity identity) { return identity != Identity::kPeselRejected; }

bool HoldsPesel(Identity identity) {
  return identity == Identity::kConfirmed || identity == Identity::kSharedPesel;
}

Registration Register(const PeselHolders& holders) {
  if (holders.own_application) return Registration::kOwnDuplicate;
  if (holders.other_application) return Registration::kAwaitingOffice;
  return Registration::kConfirmed;
}

const char* DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kSamePersonMoved:
      return "SAME_PERSON_MOVED";
    case Decision::kMistyped:
      return "MISTYPED";
    case Decision::kDistinctPeople:
      return "DISTINCT_PEOPLE";
  }
  return "";
}

DecisionEffect Decide(Decision decision, const ConflictFacts& facts) {
  DecisionEffect effect;
  switch (decision) {
    case Decision::kMistyped:
      effect.claimant = Identity::kPeselRejected;
      return effect;
    case Decision::kSamePersonMoved:
      // The holder gives the number up; the claimant takes it unless yet
      // another record is confirmed with it.
      effect.supersede_holder = facts.holder_holds;
      effect.claimant = facts.confirmed_elsewhere ? Identity::kSharedPesel
                                                  : Identity::kConfirmed;
      return effect;
    case Decision::kDistinctPeople:
      effect.claimant = facts.holder_confirmed || facts.confirmed_elsewhere
                            ? Identity::kSharedPesel
                            : Identity::kConfirmed;
      return effect;
  }
  return effect;
}

absl::Status ConflictOpen(const std::string& id, const std::string& decided) {
  if (decided.empty()) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"CONFLICT_OPEN", absl::StrCat("identityConflicts/", id),
        absl::StrCat("the conflict was already decided (", decided, ")")}});
}

absl::Status ClaimantTakesPart(const std::string& claimant_id,
                               bool claimant_active,
                               ApplicationStatus application) {
  std::string why;
  if (!claimant_active) {
    why = "the waiting participant has left";
  } else if (application == ApplicationStatus::kWithdrawn ||
             application == ApplicationStatus::kRejected) {
    why = absl::StrCat("the waiting participant's application is ",
                       ApplicationStatusName(application));
  }
  if (why.empty()) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"CLAIMANT_TAKES_PART", absl::StrCat("participants/", claimant_id),
        absl::StrCat(why,
                     "; SAME_PERSON_MOVED would end the other JST's "
                     "participation for nobody")}});
}

absl::Status ConflictsDecided(const std::string& edition, int open) {
  if (open == 0) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"IDENTITY_CONFLICTS_OPEN", absl::StrCat("editions/", edition),
        absl::StrCat("the programme office must first decide ", open,
                     open == 1 ? " identity conflict" : " identity conflicts",
                     " of edition ", edition,
                     " (one PESEL registered by two JSTs); no ministry "
                     "export until then")}});
}

}  // namespace jstedu::recruitment
