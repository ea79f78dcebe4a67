#include "services/recruitment/domain/identity.h"

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

}  // namespace jstedu::recruitment
